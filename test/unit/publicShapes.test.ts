import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyzeTemplate } from '../../src/core/analysis';
import { ClusterSettings } from '../../src/core/clusterSettings';

// Compiled to out/test/unit; the fixtures stay in the source tree.
const FIXTURES = path.resolve(__dirname, '../../../test/fixtures/public-shapes');

const CLUSTER: ClusterSettings = {
  principal: { kind: 'account', accountId: '111111111111' },
  region: 'us-east-1',
  partition: 'aws',
};

/** The images each template pulls as written; everything else is built by ReleaseHub. */
const PULLED: Record<string, string[]> = {
  'charts-and-infrastructure.yaml': [
    'clickhouse/clickhouse-server:24.3',
    'otel/opentelemetry-collector-contrib:0.102.0',
  ],
  'fullstack-web.yaml': ['postgres:15.6-alpine', 'redis:7.2'],
  'search-and-mocks.yaml': [
    'docker.elastic.co/elasticsearch/elasticsearch:8.13.4',
    'docker.elastic.co/kibana/kibana:8.13.4',
    'localstack/localstack:3.4',
    'ghcr.io/example-org/image-resizer:2.1.0',
    'mcr.microsoft.com/mssql/server:2022-latest',
    'quay.io/keycloak/keycloak:24.0',
  ],
  'workers-and-cron.yaml': [
    'fluent/fluent-bit:3.0',
    '111111111111.dkr.ecr.us-east-1.amazonaws.com/docker-hub/library/rabbitmq:3.13-management',
    'busybox:1.36',
    'axllent/mailpit:v1.18',
    '111111111111.dkr.ecr.us-east-1.amazonaws.com/ledger/report-renderer:${RELEASE_COMMIT_SHORT}',
    'public.ecr.aws/docker/library/alpine:3.20',
  ],
};

describe('templates in the shapes of public ReleaseHub examples', () => {
  const files = fs.readdirSync(FIXTURES).filter((name) => name.endsWith('.yaml'));

  it('are all covered here', () => {
    assert.deepEqual(files.sort(), Object.keys(PULLED).sort());
  });

  for (const file of Object.keys(PULLED)) {
    describe(file, () => {
      const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');

      it('parses without syntax errors', () => {
        assert.deepEqual(analyzeTemplate(text, CLUSTER).template.syntaxErrors, []);
      });

      it('lists exactly the images pulled as written', () => {
        const { template } = analyzeTemplate(text, CLUSTER);
        assert.deepEqual(
          template.images.map((site) => site.reference),
          PULLED[file],
        );
      });

      it('gives zero findings with a cluster configured', () => {
        assert.deepEqual(analyzeTemplate(text, CLUSTER).findings, []);
      });
    });
  }
});
