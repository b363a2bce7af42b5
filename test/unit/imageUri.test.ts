import * as assert from 'node:assert/strict';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { EcrImage, parseImageReference, repositoryArn } from '../../src/core/imageUri';

/** A full garbage collection, through the flag mocha's process was not started with. */
function garbageCollector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

const DIGEST = `sha256:${'0123456789abcdef'.repeat(4)}`;

function ecr(reference: string): EcrImage {
  const parsed = parseImageReference(reference);
  assert.equal(
    parsed.kind,
    'ecr',
    `expected ${reference} to be ECR, got ${JSON.stringify(parsed)}`,
  );
  return parsed.image;
}

function problemOf(reference: string): string {
  const parsed = parseImageReference(reference);
  assert.equal(
    parsed.kind,
    'invalid-ecr',
    `expected ${reference} to be invalid, got ${parsed.kind}`,
  );
  return parsed.problem;
}

describe('parseImageReference', () => {
  describe('private ECR references', () => {
    it('splits a commercial reference into account, region, partition, repository and tag', () => {
      assert.deepEqual(ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:1.4.2'), {
        registryId: '123456789012',
        region: 'us-east-1',
        partition: 'aws',
        repository: 'team/api',
        tag: '1.4.2',
        digest: null,
        host: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
        fips: false,
        dualStack: false,
      });
    });

    it('has neither tag nor digest when the reference names only the repository', () => {
      const image = ecr('123456789012.dkr.ecr.eu-west-1.amazonaws.com/api');
      assert.equal(image.repository, 'api');
      assert.equal(image.tag, null);
      assert.equal(image.digest, null);
    });

    it('reads a digest reference', () => {
      const image = ecr(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api@${DIGEST}`);
      assert.equal(image.tag, null);
      assert.equal(image.digest, DIGEST);
    });

    it('reads a reference with both a tag and a digest', () => {
      const image = ecr(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api:v2@${DIGEST}`);
      assert.equal(image.repository, 'api');
      assert.equal(image.tag, 'v2');
      assert.equal(image.digest, DIGEST);
    });

    it('keeps every namespace level of a repository', () => {
      const image = ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/org/team/api:1');
      assert.equal(image.repository, 'org/team/api');
    });

    it('accepts a pull-through cache repository name', () => {
      const image = ecr(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/nginx:1.27',
      );
      assert.equal(image.repository, 'docker-hub/library/nginx');
    });

    for (const repository of ['my.repo', 'my_repo', 'my__repo', 'my-repo', 'my---repo', 'a1/b2']) {
      it(`accepts the repository separator in '${repository}'`, () => {
        const image = ecr(`123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}`);
        assert.equal(image.repository, repository);
      });
    }

    it('accepts a tag of exactly 128 characters', () => {
      const tag = `v${'a'.repeat(127)}`;
      assert.equal(ecr(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${tag}`).tag, tag);
    });

    it('accepts a tag that starts with an underscore and holds dots and dashes', () => {
      const image = ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:_build-1.2.3_rc');
      assert.equal(image.tag, '_build-1.2.3_rc');
    });

    it('accepts a repository name of exactly 256 characters', () => {
      const repository = 'a'.repeat(256);
      assert.equal(
        ecr(`123456789012.dkr.ecr.us-east-1.amazonaws.com/${repository}`).repository,
        repository,
      );
    });

    it('recognises a FIPS endpoint', () => {
      const image = ecr('123456789012.dkr.ecr-fips.us-east-2.amazonaws.com/api:1');
      assert.equal(image.fips, true);
      assert.equal(image.dualStack, false);
      assert.equal(image.region, 'us-east-2');
    });

    it('recognises a dual-stack endpoint', () => {
      const image = ecr('123456789012.dkr-ecr.ap-southeast-2.on.aws/api:1');
      assert.equal(image.dualStack, true);
      assert.equal(image.fips, false);
      assert.equal(image.region, 'ap-southeast-2');
      assert.equal(image.partition, 'aws');
    });

    it('recognises a dual-stack FIPS endpoint', () => {
      const image = ecr('123456789012.dkr-ecr-fips.us-west-2.on.aws/api:1');
      assert.equal(image.dualStack, true);
      assert.equal(image.fips, true);
    });

    const partitions: [string, string, string][] = [
      ['China', '123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/api', 'aws-cn'],
      [
        'China dual-stack',
        '123456789012.dkr-ecr.cn-northwest-1.on.amazonwebservices.com.cn/api',
        'aws-cn',
      ],
      ['GovCloud', '123456789012.dkr.ecr.us-gov-west-1.amazonaws.com/api', 'aws-us-gov'],
      ['GovCloud FIPS', '123456789012.dkr.ecr-fips.us-gov-east-1.amazonaws.com/api', 'aws-us-gov'],
      ['GovCloud dual-stack', '123456789012.dkr-ecr.us-gov-west-1.on.aws/api', 'aws-us-gov'],
      ['ISO', '123456789012.dkr.ecr.us-iso-east-1.c2s.ic.gov/api', 'aws-iso'],
      ['ISO-B', '123456789012.dkr.ecr.us-isob-east-1.sc2s.sgov.gov/api', 'aws-iso-b'],
      ['ISO-E', '123456789012.dkr.ecr.eu-isoe-west-1.cloud.adc-e.uk/api', 'aws-iso-e'],
      ['ISO-F', '123456789012.dkr.ecr.us-isof-south-1.csp.hci.ic.gov/api', 'aws-iso-f'],
      [
        'European Sovereign Cloud',
        '123456789012.dkr.ecr.eusc-de-east-1.amazonaws.eu/api',
        'aws-eusc',
      ],
    ];
    for (const [name, reference, partition] of partitions) {
      it(`derives partition ${partition} for a ${name} registry`, () => {
        assert.equal(ecr(reference).partition, partition);
      });
    }

    it('ignores whitespace around the reference', () => {
      assert.equal(ecr('  123456789012.dkr.ecr.us-east-1.amazonaws.com/api:1 \n').tag, '1');
    });

    it('treats the registry host case-insensitively and reports it in lowercase', () => {
      const image = ecr('123456789012.DKR.ECR.US-EAST-1.AMAZONAWS.COM/api');
      assert.equal(image.host, '123456789012.dkr.ecr.us-east-1.amazonaws.com');
      assert.equal(image.region, 'us-east-1');
    });

    it('accepts an explicit port on the registry host', () => {
      const image = ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com:443/api:1');
      assert.equal(image.host, '123456789012.dkr.ecr.us-east-1.amazonaws.com');
      assert.equal(image.repository, 'api');
    });

    it('keeps an interpolated tag as written', () => {
      const image = ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${env_id}');
      assert.equal(image.tag, '${env_id}');
    });

    it('does not read the colon of a `${VAR:-default}` as a tag separator', () => {
      const image = ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${TAG:-latest}');
      assert.equal(image.repository, 'api');
      assert.equal(image.tag, '${TAG:-latest}');
    });

    it('accepts a repository name that is entirely interpolated', () => {
      const image = ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/${APP}:${TAG}');
      assert.equal(image.repository, '${APP}');
      assert.equal(image.tag, '${TAG}');
    });

    it('accepts an interpolated namespace segment', () => {
      assert.equal(
        ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/${team}/api').repository,
        '${team}/api',
      );
    });
  });

  describe('references that need no repository policy', () => {
    const others = [
      'postgres:14',
      'redis',
      'library/nginx:1.27',
      'bitnami/redis@sha256:' + '0'.repeat(64),
      'docker.io/library/nginx:1.27',
      'registry-1.docker.io/library/alpine',
      'public.ecr.aws/docker/library/python:3.12-slim',
      'public.ecr.aws/aws-observability/aws-otel-collector:latest',
      'quay.io/prometheus/node-exporter:v1.8.0',
      'mcr.microsoft.com/dotnet/aspnet:8.0',
      'ghcr.io/example-org/tool:1',
      'gcr.io/distroless/static',
      'localhost:5000/app',
      'example-org/storefront/web',
      'registry.ecr.example.com/team/app:1',
      'ecr.internal:5000/app',
      'nginx:${NGINX_VERSION}',
      'example-org/${SERVICE}:latest',
      'docker.io/${ORG}/app',
      'prefix-${ENV}',
      'registry-${env_id}.example.com/api:1',
      '${MIRROR}.example.com/team/api',
      '',
    ];
    for (const reference of others) {
      it(`skips '${reference}'`, () => {
        assert.deepEqual(parseImageReference(reference), { kind: 'other' });
      });
    }
  });

  describe('references whose registry is hidden by interpolation', () => {
    const hidden: [string, string][] = [
      ['${REGISTRY}/analytics/exporter:1.2', '${REGISTRY}'],
      ['${IMAGE}', '${IMAGE}'],
      ['${IMAGE}:latest', '${IMAGE}'],
      ['${IMAGE:-nginx/app:1}', '${IMAGE:-nginx/app:1}'],
      ['${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/api:1', '${ACCOUNT}'],
      ['123456789012.dkr.ecr.${REGION}.amazonaws.com/api:1', '${REGION}'],
      ['registry.${DOMAIN}/api', '${DOMAIN}'],
    ];
    for (const [reference, placeholder] of hidden) {
      it(`reports '${reference}' as unresolved by ${placeholder}`, () => {
        assert.deepEqual(parseImageReference(reference), { kind: 'unresolved', placeholder });
      });
    }
  });

  describe('hosts that claim to be ECR but break its grammar', () => {
    it('says how many digits an 11-digit account has', () => {
      assert.equal(
        problemOf('44444444444.dkr.ecr.us-east-1.amazonaws.com/recs/model-server:1.0'),
        "registry account '44444444444' has 11 digits; an AWS account ID has 12",
      );
    });

    it('says how many digits a 13-digit account has', () => {
      assert.equal(
        problemOf('1234567890123.dkr.ecr.us-east-1.amazonaws.com/api'),
        "registry account '1234567890123' has 13 digits; an AWS account ID has 12",
      );
    });

    it('rejects an account that is not a number', () => {
      assert.equal(
        problemOf('my-account.dkr.ecr.us-east-1.amazonaws.com/api'),
        "registry account 'my-account' is not a 12-digit AWS account ID",
      );
    });

    it('names a region that is not an AWS region', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east.amazonaws.com/api'),
        "'us-east' is not an AWS region name (expected something like us-east-1)",
      );
    });

    it('rejects a region written without dashes', () => {
      assert.match(problemOf('123456789012.dkr.ecr.useast1.amazonaws.com/api'), /'useast1' is not/);
    });

    it('says which suffix a China region needs', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.cn-north-1.amazonaws.com/api'),
        'region cn-north-1 is in partition aws-cn, whose registry hosts end in ' +
          'amazonaws.com.cn, not amazonaws.com',
      );
    });

    it('rejects a commercial region under the China suffix', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com.cn/api'),
        'region us-east-1 is in partition aws, whose registry hosts end in amazonaws.com, ' +
          'not amazonaws.com.cn',
      );
    });

    it('names the suffix a misspelt domain should have', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.co/api'),
        'registry host must end in amazonaws.com for region us-east-1, not amazonaws.co',
      );
    });

    it('rejects a dual-stack host in a partition without dual-stack endpoints', () => {
      assert.equal(
        problemOf('123456789012.dkr-ecr.us-iso-east-1.c2s.ic.gov/api'),
        'region us-iso-east-1 (partition aws-iso) has no dual-stack registry endpoint',
      );
    });

    it('rejects the ECR API endpoint used as a registry', () => {
      assert.equal(
        problemOf('123456789012.ecr.us-east-1.amazonaws.com/api'),
        "registry host '123456789012.ecr.us-east-1.amazonaws.com' does not have the form " +
          '<account>.dkr.ecr.<region>.amazonaws.com',
      );
    });

    it('rejects an ECR host with no repository at all', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com'),
        'the repository name is missing after the registry host',
      );
    });

    it('rejects an ECR host followed by a tag but no repository', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com:latest'),
        'the repository name is missing after the registry host',
      );
    });

    it('rejects an ECR host followed by a bare slash', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/'),
        'the repository name is missing after the registry host',
      );
    });

    it('rejects an uppercase repository name', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/Team/API:1'),
        "repository name 'Team/API' must be lowercase",
      );
    });

    it('rejects a one-character repository name', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/a'),
        "repository name 'a' must be 2 to 256 characters long (it has 1)",
      );
    });

    it('rejects a repository name longer than 256 characters', () => {
      assert.match(
        problemOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/${'a'.repeat(257)}`),
        /must be 2 to 256 characters long \(it has 257\)$/,
      );
    });

    it('rejects an empty path component', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/team//api'),
        "repository name 'team//api' has an empty path component",
      );
    });

    for (const component of ['-api', 'api-', 'api..v2', 'api___x', 'a+b']) {
      it(`rejects the repository component '${component}'`, () => {
        assert.match(
          problemOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/team/${component}`),
          new RegExp(`has an invalid component '${component.replace(/[.+]/g, '\\$&')}'`),
        );
      });
    }

    it('rejects an empty tag', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/api:'),
        "the tag after ':' is empty",
      );
    });

    it('rejects a tag of 129 characters', () => {
      assert.equal(
        problemOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${'t'.repeat(129)}`),
        'tag is 129 characters long; at most 128 are allowed',
      );
    });

    for (const tag of ['.hidden', '-rc1', 'v1+build', 'v1/2']) {
      it(`rejects the tag '${tag}'`, () => {
        assert.match(
          problemOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api:${tag}`),
          /tag '.*' may contain only letters, digits|invalid component/,
        );
      });
    }

    it('counts the hex characters of a short digest', () => {
      assert.equal(
        problemOf('123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:abc123'),
        "digest has 6 hex characters after 'sha256:'; it needs 64",
      );
    });

    it('rejects an uppercase digest', () => {
      const digest = `sha256:${'ABCDEF0123456789'.repeat(4)}`;
      assert.equal(
        problemOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api@${digest}`),
        `digest '${digest}' must be 64 lowercase hex characters after 'sha256:'`,
      );
    });

    it('rejects a digest of another algorithm', () => {
      assert.equal(
        problemOf(`123456789012.dkr.ecr.us-east-1.amazonaws.com/api@md5:${'a'.repeat(32)}`),
        `digest 'md5:${'a'.repeat(32)}' must start with 'sha256:'`,
      );
    });
  });
});

describe('parseImageReference results shared between calls', () => {
  it('gives the same answer for a reference read again, padding included', () => {
    const reference = '123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:1';
    const first = parseImageReference(reference);
    assert.equal(parseImageReference(reference), first);
    assert.deepEqual(parseImageReference(`  ${reference} `), first);
  });

  it('cannot be changed by one caller under another', () => {
    const parsed = parseImageReference('123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2');
    assert.equal(parsed.kind, 'ecr');
    assert.throws(() => {
      (parsed.image as { region: string }).region = 'us-east-1';
    }, TypeError);
    assert.equal(parseImageReference(parsed.image.host + '/web:2').kind, 'ecr');
    assert.equal(ecr('123456789012.dkr.ecr.eu-west-1.amazonaws.com/web:2').region, 'eu-west-1');
  });

  it('keeps no part of the text a reference was cut from', () => {
    const collectGarbage = garbageCollector();
    collectGarbage();
    const before = process.memoryUsage().heapUsed;
    for (let index = 0; index < 50; index++) {
      // Like a value the YAML parser cut from a 1 MB template: a slice that holds the template.
      const written = `123456789012.dkr.ecr.us-east-1.amazonaws.com/leak/app:${index}`;
      const template = written + 'x'.repeat(1_000_000);
      const image = template.slice(0, written.length);
      parseImageReference(image);
    }
    collectGarbage();
    const grewMiB = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
    // Fifty remembered templates would be 50 MiB.
    assert.ok(grewMiB < 10, `the heap grew by ${grewMiB.toFixed(1)} MiB`);
  });

  it('still reads every reference right after thousands of distinct ones', () => {
    for (let index = 0; index < 10_000; index++) {
      const account = String(100_000_000_000 + index);
      assert.equal(ecr(`${account}.dkr.ecr.us-east-1.amazonaws.com/r${index}`).registryId, account);
    }
    assert.equal(ecr('123456789012.dkr.ecr.us-east-1.amazonaws.com/team/api:1').tag, '1');
  });
});

describe('repositoryArn', () => {
  it("names the repository in the image's partition and region", () => {
    const image = ecr('123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/team/api:1');
    assert.equal(
      repositoryArn(image),
      'arn:aws-cn:ecr:cn-north-1:123456789012:repository/team/api',
    );
  });
});
