import { formatPolicy } from '../../core/policyDocument';
import { printable } from './printable';
import { ReportedFinding } from './reportModel';

/** Compiler-style lines: `file:line:col severity code message`. */
export function textReport(findings: readonly ReportedFinding[]): string {
  return findings
    .map((item) => {
      const { finding } = item;
      return printable(
        `${item.file}:${item.line}:${item.column} ${finding.severity} ${finding.code} ${finding.message}`,
      );
    })
    .join('\n');
}

/** The policy for each cross-account repository, once per repository and principal. */
export function policiesReport(findings: readonly ReportedFinding[]): string {
  const shown = new Map<string, string>();
  for (const { finding } of findings) {
    if (finding.code !== 'cross-account' || !finding.image || !finding.policy) {
      continue;
    }
    const { image } = finding;
    const heading =
      `Repository policy for ${image.repository} ` +
      `(apply in account ${image.registryId}, region ${image.region}):`;
    const body = formatPolicy(finding.policy);
    shown.set(`${printable(heading)}\n${body}`, heading);
  }
  return [...shown.keys()].join('\n');
}

export function summaryLine(findings: readonly ReportedFinding[], fileCount: number): string {
  const count = (severity: string) =>
    findings.filter((item) => item.finding.severity === severity).length;
  const files = fileCount === 1 ? '1 template' : `${fileCount} templates`;
  return (
    `${files} checked: ${count('error')} error(s), ${count('warning')} warning(s), ` +
    `${count('information')} information`
  );
}
