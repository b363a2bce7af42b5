import * as vscode from 'vscode';
import { Finding, FindingSeverity } from '../core/finding';
import { SourceRange } from '../core/sourceRange';
import { ParsedTemplate } from '../core/templateModel';

export const DIAGNOSTIC_SOURCE = 'ReleaseHub ECR';

const SEVERITIES: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

/** Maps source offsets to editor ranges: from an open document, or from the parse alone. */
export type RangeMapper = (range: SourceRange) => vscode.Range;

export function documentRanges(document: vscode.TextDocument): RangeMapper {
  return (range) =>
    new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}

/** For files analysed from disk without opening a document. */
export function templateRanges(template: ParsedTemplate): RangeMapper {
  const position = (offset: number) => {
    const { line, column } = template.positionAt(offset);
    return new vscode.Position(line - 1, column - 1);
  };
  return (range) => new vscode.Range(position(range.start), position(range.end));
}

export function toDiagnostic(finding: Finding, rangeOf: RangeMapper, message = finding.message) {
  const diagnostic = new vscode.Diagnostic(
    rangeOf(finding.range),
    message,
    SEVERITIES[finding.severity],
  );
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.code;
  return diagnostic;
}

/** Finds the finding a diagnostic came from (code actions get copies, not the originals). */
export function findingFor(
  document: vscode.TextDocument,
  findings: readonly Finding[],
  diagnostic: vscode.Diagnostic,
): Finding | undefined {
  const rangeOf = documentRanges(document);
  return findings.find(
    (finding) =>
      finding.code === diagnostic.code && rangeOf(finding.range).isEqual(diagnostic.range),
  );
}
