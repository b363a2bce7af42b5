import { ClusterSettings } from '../../core/clusterSettings';
import { FindingCode, FindingSeverity } from '../../core/finding';
import { ReportedFinding, describeCluster } from './reportModel';

const RULES: Record<FindingCode, string> = {
  'cross-account': 'ECR image in another AWS account needs a repository policy',
  'region-mismatch': "ECR image is outside the cluster's region",
  'invalid-ecr-image': 'ECR image reference is malformed',
  'invalid-yaml': 'Template is not valid YAML',
  'unresolved-image': 'Image registry is set by interpolation',
  'cluster-not-configured': 'ReleaseHub cluster is not configured',
};

const LEVELS: Record<FindingSeverity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
};

/** SARIF 2.1.0, for code-scanning dashboards. Paths are relative URIs. */
export function sarifReport(
  cluster: ClusterSettings,
  findings: readonly ReportedFinding[],
  toolVersion: string,
): string {
  const ruleIds = Object.keys(RULES) as FindingCode[];
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'ReleaseHub ECR Access',
            version: toolVersion,
            rules: ruleIds.map((id) => ({
              id,
              shortDescription: { text: RULES[id] },
              defaultConfiguration: { level: id === 'unresolved-image' ? 'note' : 'warning' },
            })),
          },
        },
        properties: { cluster: describeCluster(cluster) },
        results: findings.map((item) => ({
          ruleId: item.finding.code,
          ruleIndex: ruleIds.indexOf(item.finding.code),
          level: LEVELS[item.finding.severity],
          message: { text: item.finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: toUri(item.file) },
                region: {
                  startLine: item.line,
                  startColumn: item.column,
                  endLine: item.endLine,
                  endColumn: item.endColumn,
                },
              },
            },
          ],
          properties: {
            ...(item.finding.image ? { image: item.finding.image } : {}),
            ...(item.finding.policy ? { policy: item.finding.policy } : {}),
            ...(item.finding.access ? { access: item.finding.access } : {}),
          },
        })),
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

function toUri(file: string): string {
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}
