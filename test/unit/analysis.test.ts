import * as assert from 'node:assert/strict';
import { analyzeTemplate } from '../../src/core/analysis';
import { ClusterSettings } from '../../src/core/clusterSettings';
import { isBlocking } from '../../src/core/finding';

const CLUSTER: ClusterSettings = {
  principal: { kind: 'account', accountId: '111111111111' },
  region: 'us-east-1',
  partition: 'aws',
};

function yaml(...lines: string[]): string {
  return lines.map((line) => `${line}\n`).join('');
}

const MIXED = yaml(
  'services:',
  '  - name: db',
  '    image: postgres:14',
  '  - name: payments',
  '    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7',
  '  - name: search',
  '    image: 333333333333.dkr.ecr.eu-west-1.amazonaws.com/search/indexer:3',
);

describe('analyzeTemplate', () => {
  describe('without a cluster', () => {
    it('reports one cluster-not-configured finding, on the first ECR image', () => {
      const { template, findings } = analyzeTemplate(MIXED, null);
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.severity]),
        [['cluster-not-configured', 'information']],
      );
      assert.deepEqual(template.positionAt(findings[0].range.start), { line: 5, column: 12 });
      assert.equal(findings[0].site?.ownerName, 'payments');
    });

    it('reports nothing when the template has no ECR image', () => {
      const text = yaml('services:', '  - name: db', '    image: postgres:14');
      assert.deepEqual(analyzeTemplate(text, null).findings, []);
    });

    it('does not count a malformed ECR image as the first ECR image', () => {
      const text = yaml(
        'services:',
        '  - name: bad',
        '    image: 12345.dkr.ecr.us-east-1.amazonaws.com/api',
        '  - name: good',
        '    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/api',
      );
      const { findings } = analyzeTemplate(text, null);
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.site?.ownerName]),
        [
          ['invalid-ecr-image', 'bad'],
          ['cluster-not-configured', 'good'],
        ],
      );
    });
  });

  describe('with a cluster', () => {
    it('reports each image in template order and no cluster-not-configured', () => {
      const { findings } = analyzeTemplate(MIXED, CLUSTER);
      assert.deepEqual(
        findings.map((finding) => [finding.code, finding.site?.ownerName]),
        [
          ['cross-account', 'payments'],
          ['cross-account', 'search'],
          ['region-mismatch', 'search'],
        ],
      );
    });

    it('reports nothing for images built by ReleaseHub', () => {
      const text = yaml(
        'services:',
        '  - name: web',
        '    image: 999999999999.dkr.ecr.eu-west-1.amazonaws.com/web',
        '    has_repo: true',
      );
      assert.deepEqual(analyzeTemplate(text, CLUSTER).findings, []);
    });
  });

  describe('invalid YAML', () => {
    const broken = yaml(
      'services:',
      '  - name: payments',
      '    image: 222222222222.dkr.ecr.us-east-1.amazonaws.com/payments/api:v7',
      '  - name: pay',
      '\timage: x',
    );

    it("reports an invalid-yaml error at the parser's position", () => {
      const { template, findings } = analyzeTemplate(broken, CLUSTER);
      const yamlError = findings.find((finding) => finding.code === 'invalid-yaml');
      assert.equal(yamlError?.severity, 'error');
      assert.match(yamlError?.message ?? '', /^YAML syntax error: /);
      assert.equal(yamlError?.site, null);
      assert.deepEqual(template.positionAt(yamlError?.range.start ?? -1), { line: 5, column: 1 });
    });

    it('still analyses what did parse', () => {
      const { findings } = analyzeTemplate(broken, CLUSTER);
      assert.ok(findings.some((finding) => finding.code === 'cross-account'));
    });
  });
});

describe('isBlocking', () => {
  const { findings } = analyzeTemplate(
    yaml(
      'services:',
      '  - name: a',
      '    image: 111111111111.dkr.ecr.us-west-2.amazonaws.com/app:1',
      '  - name: b',
      '    image: 1.dkr.ecr.us-east-1.amazonaws.com/api',
      '  - name: c',
      '    image: ${REGISTRY}/cache',
    ),
    CLUSTER,
  );

  it('fails a check on warnings and errors but not on information', () => {
    assert.deepEqual(
      findings.map((finding) => [finding.severity, isBlocking(finding)]),
      [
        ['warning', true],
        ['error', true],
        ['information', false],
      ],
    );
  });
});
