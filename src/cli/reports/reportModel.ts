import { ClusterSettings } from '../../core/clusterSettings';
import { Finding } from '../../core/finding';
import { principalArn } from '../../core/policyBuilder';
import { describeOwner } from '../../core/rules';
import { TemplateAnalysis } from '../../core/analysis';

/** One finding as every report format shows it: positions are 1-based, end exclusive. */
export interface ReportedFinding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly finding: Finding;
  readonly owner: string | null;
}

export interface CheckedFile {
  readonly file: string;
  readonly analysis: TemplateAnalysis;
}

export function reportedFindings(files: readonly CheckedFile[]): ReportedFinding[] {
  return files.flatMap(({ file, analysis }) =>
    analysis.findings.map((finding) => {
      const start = analysis.template.positionAt(finding.range.start);
      const end = analysis.template.positionAt(finding.range.end);
      return {
        file,
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        finding,
        owner: finding.site ? describeOwner(finding.site) : null,
      };
    }),
  );
}

/** The cluster as reports print it; the principal is the ARN a policy would name. */
export function describeCluster(cluster: ClusterSettings) {
  return {
    accountId: cluster.principal.accountId,
    region: cluster.region,
    partition: cluster.partition,
    principal: principalArn(cluster.principal, cluster.partition),
  };
}
