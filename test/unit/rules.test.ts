import * as assert from 'node:assert/strict';
import { ClusterSettings } from '../../src/core/clusterSettings';
import { buildRepositoryPolicy } from '../../src/core/policyBuilder';
import { checkImageSite, describeOwner } from '../../src/core/rules';
import { ImageSite } from '../../src/core/templateModel';

const CLUSTER: ClusterSettings = {
  principal: { kind: 'account', accountId: '111111111111' },
  region: 'us-east-1',
  partition: 'aws',
};

const ROLE_ARN = 'arn:aws:iam::111111111111:role/releasehub/cluster-puller';
const ROLE_CLUSTER: ClusterSettings = {
  principal: { kind: 'arn', accountId: '111111111111', arn: ROLE_ARN },
  region: 'us-east-1',
  partition: 'aws',
};

function site(reference: string, overrides: Partial<ImageSite> = {}): ImageSite {
  return {
    reference,
    range: { start: 40, end: 40 + reference.length },
    ownerKind: 'service',
    ownerName: 'payments',
    topLevelName: 'payments',
    path: 'services[0].image',
    hasRepo: false,
    ...overrides,
  };
}

function codes(reference: string, cluster: ClusterSettings | null = CLUSTER): string[] {
  return checkImageSite(site(reference), cluster).map((finding) => finding.code);
}

describe('checkImageSite', () => {
  describe('images the cluster can pull as they are', () => {
    it('finds nothing for an image in the cluster account and region', () => {
      assert.deepEqual(codes('111111111111.dkr.ecr.us-east-1.amazonaws.com/storefront/cart:2'), []);
    });

    it('finds nothing for a Docker Hub image', () => {
      assert.deepEqual(codes('postgres:14.11'), []);
    });

    it('finds nothing for an ECR Public image', () => {
      assert.deepEqual(codes('public.ecr.aws/docker/library/redis:7'), []);
    });

    it('finds nothing for a logical name', () => {
      assert.deepEqual(codes('example-org/storefront/web'), []);
    });

    it('finds nothing for a same-account image when the cluster is given by a role ARN', () => {
      const findings = checkImageSite(
        site('111111111111.dkr.ecr.us-east-1.amazonaws.com/storefront/cart:2'),
        ROLE_CLUSTER,
      );
      assert.deepEqual(findings, []);
    });
  });

  describe('cross-account', () => {
    const reference = '222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7';

    it('warns about an image in another account of the same region', () => {
      const findings = checkImageSite(site(reference), CLUSTER);
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity]),
        [['cross-account', 'warning']],
      );
    });

    it('names both accounts and the repository in the message', () => {
      const [finding] = checkImageSite(site(reference), CLUSTER);
      assert.equal(
        finding.message,
        "Repository 'payments/api' is in AWS account 222222222222, not the cluster's account " +
          '111111111111: ReleaseHub can pull it only if the repository policy grants ' +
          '111111111111 pull access.',
      );
    });

    it('carries the policy that grants the cluster account pull access', () => {
      const [finding] = checkImageSite(site(reference), CLUSTER);
      assert.deepEqual(finding.policy, buildRepositoryPolicy(CLUSTER.principal, 'aws'));
    });

    it('shares one unchangeable policy between the findings of a cluster and partition', () => {
      const [first] = checkImageSite(site(reference), CLUSTER);
      const [second] = checkImageSite(
        site('333333333333.dkr.ecr.us-east-1.amazonaws.com/tools/x'),
        CLUSTER,
      );
      assert.equal(first.policy, second.policy);
      assert.throws(() => {
        (first.policy?.Statement as unknown[]).push({});
      }, TypeError);
      const chinese = checkImageSite(
        site('222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/payments/api'),
        CLUSTER,
      ).find((finding) => finding.code === 'cross-account');
      assert.deepEqual(chinese?.policy?.Statement[0].Principal, {
        AWS: 'arn:aws-cn:iam::111111111111:root',
      });
    });

    it('carries the parsed image and the site range', () => {
      const [finding] = checkImageSite(site(reference), CLUSTER);
      assert.equal(finding.image?.registryId, '222222222222');
      assert.equal(finding.image?.repository, 'payments/api');
      assert.deepEqual(finding.range, { start: 40, end: 40 + reference.length });
      assert.equal(finding.site?.ownerName, 'payments');
    });

    it('grants exactly the configured role ARN', () => {
      const [finding] = checkImageSite(site(reference), ROLE_CLUSTER);
      assert.deepEqual(finding.policy?.Statement[0].Principal, { AWS: ROLE_ARN });
    });

    it('compares the account of a configured ARN with the image account', () => {
      const other = 'arn:aws:iam::222222222222:user/releasehub';
      const cluster: ClusterSettings = {
        ...CLUSTER,
        principal: { kind: 'arn', accountId: '222222222222', arn: other },
      };
      assert.deepEqual(checkImageSite(site(reference), cluster), []);
    });
  });

  describe('region-mismatch', () => {
    it('warns when an image of the cluster account is in another region', () => {
      const findings = checkImageSite(
        site('111111111111.dkr.ecr.us-west-2.amazonaws.com/analytics/warehouse-api:1'),
        CLUSTER,
      );
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity, finding.policy]),
        [['region-mismatch', 'warning', null]],
      );
      assert.match(findings[0].message, /in region us-west-2, but the cluster runs in us-east-1/);
    });

    it('is an error, after the cross-account warning, when the image is also in another account', () => {
      const findings = checkImageSite(
        site('333333333333.dkr.ecr.eu-west-1.amazonaws.com/search/indexer:1'),
        CLUSTER,
      );
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity]),
        [
          ['cross-account', 'warning'],
          ['region-mismatch', 'error'],
        ],
      );
      assert.match(findings[1].message, /Replicate the image to us-east-1/);
      assert.equal(findings[1].policy, null);
    });

    it('says replication cannot help across partitions', () => {
      const findings = checkImageSite(
        site('222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/payments/api:1'),
        CLUSTER,
      );
      const mismatch = findings.find((finding) => finding.code === 'region-mismatch');
      assert.match(mismatch?.message ?? '', /another partition \(aws-cn, not aws\)/);
      assert.match(mismatch?.message ?? '', /replication never crosses partitions/);
    });

    it("names principals of the image's partition in a China policy", () => {
      const [crossAccount] = checkImageSite(
        site('222222222222.dkr.ecr.cn-north-1.amazonaws.com.cn/payments/api:1'),
        CLUSTER,
      );
      assert.deepEqual(crossAccount.policy?.Statement[0].Principal, {
        AWS: 'arn:aws-cn:iam::111111111111:root',
      });
    });
  });

  describe('invalid-ecr-image', () => {
    it('is an error naming the owner and exactly what is wrong', () => {
      const findings = checkImageSite(
        site('44444444444.dkr.ecr.us-east-1.amazonaws.com/recs/model-server:1.0', {
          ownerName: 'recommendations',
          topLevelName: 'recommendations',
        }),
        CLUSTER,
      );
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity, finding.image, finding.policy]),
        [['invalid-ecr-image', 'error', null, null]],
      );
      assert.equal(
        findings[0].message,
        "Invalid ECR image for service 'recommendations': registry account '44444444444' has " +
          '11 digits; an AWS account ID has 12.',
      );
    });

    it('is reported without a cluster too', () => {
      assert.deepEqual(codes('123456789012.dkr.ecr.us-east-1.amazonaws.com/Api', null), [
        'invalid-ecr-image',
      ]);
    });
  });

  describe('unresolved-image', () => {
    it('is information naming the placeholder that hides the registry', () => {
      const findings = checkImageSite(
        site('${EXPORTER_REGISTRY}/analytics/exporter:1.2', { ownerName: 'exporter' }),
        CLUSTER,
      );
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity]),
        [['unresolved-image', 'information']],
      );
      assert.equal(
        findings[0].message,
        "The registry of service 'exporter' is set by ${EXPORTER_REGISTRY} at deploy time, " +
          'so cross-account and region access cannot be checked here.',
      );
    });

    it('is not reported when only the tag is interpolated', () => {
      assert.deepEqual(codes('111111111111.dkr.ecr.us-east-1.amazonaws.com/api:${env_id}'), []);
    });

    it('is reported without a cluster too', () => {
      assert.deepEqual(codes('${REGISTRY}/api', null), ['unresolved-image']);
    });
  });

  it('reports nothing for a valid ECR image when no cluster is configured', () => {
    assert.deepEqual(
      codes('222222222222.dkr.ecr.eu-west-1.amazonaws.com/payments/api:1', null),
      [],
    );
  });
});

describe('describeOwner', () => {
  it('names a service', () => {
    assert.equal(describeOwner(site('x')), "service 'payments'");
  });

  it('names a cron job in words', () => {
    assert.equal(
      describeOwner(site('x', { ownerKind: 'cron_job', ownerName: 'nightly' })),
      "cron job 'nightly'",
    );
  });

  it('names a nested container together with its service', () => {
    const sidecar = site('x', { ownerKind: 'container', ownerName: 'proxy', topLevelName: 'api' });
    assert.equal(describeOwner(sidecar), "container 'proxy' of 'api'");
  });

  it('describes an unnamed nested container by its service', () => {
    const sidecar = site('x', { ownerKind: 'container', ownerName: null, topLevelName: 'api' });
    assert.equal(describeOwner(sidecar), "nested container of 'api'");
  });

  it('describes an unnamed job', () => {
    assert.equal(
      describeOwner(site('x', { ownerKind: 'job', ownerName: null, topLevelName: null })),
      'unnamed job',
    );
  });
});
