import { ClusterSettings } from '../../core/clusterSettings';
import { RepositoryAccess } from '../../core/repositoryAccess';
import { ReportedFinding, describeCluster } from './reportModel';

/** The stable JSON contract (version 1) that CI scripts read. */
export function jsonReport(cluster: ClusterSettings, findings: readonly ReportedFinding[]): string {
  const report = {
    version: 1,
    cluster: describeCluster(cluster),
    findings: findings.map((item) => {
      const { finding } = item;
      const image = finding.image;
      return {
        file: item.file,
        line: item.line,
        column: item.column,
        endLine: item.endLine,
        endColumn: item.endColumn,
        severity: finding.severity,
        code: finding.code,
        message: finding.message,
        service: finding.site?.topLevelName ?? null,
        image: image && {
          registryId: image.registryId,
          region: image.region,
          partition: image.partition,
          repository: image.repository,
          tag: image.tag,
          digest: image.digest,
        },
        policy: finding.policy,
        ...(finding.access ? { access: describeAccess(finding.access) } : {}),
      };
    }),
  };
  return JSON.stringify(report, null, 2);
}

/** Present only after `check --live`, on `cross-account` findings. */
function describeAccess(access: RepositoryAccess) {
  return access.state === 'failed'
    ? { access: 'failed', reason: access.error, statements: [], checkedAt: access.checkedAt }
    : {
        access: access.verdict.access,
        reason: access.verdict.reason,
        statements: access.verdict.deciding,
        checkedAt: access.checkedAt,
        lint: access.lint.map(({ severity, message }) => ({ severity, message })),
      };
}
