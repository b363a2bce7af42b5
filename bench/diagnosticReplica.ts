/**
 * What `src/vscode/diagnosticConversion.ts` costs, without the `vscode` module: each finding
 * becomes a diagnostic whose range is two `TextDocument.positionAt` results.
 */
import { Finding, FindingSeverity } from '../src/core/finding';

export interface ReplicaPosition {
  readonly line: number;
  readonly character: number;
}

export interface ReplicaDiagnostic {
  readonly range: { readonly start: ReplicaPosition; readonly end: ReplicaPosition };
  readonly message: string;
  readonly severity: number;
  readonly source: string;
  readonly code: string;
}

// vscode.DiagnosticSeverity's numbers.
const SEVERITIES: Record<FindingSeverity, number> = { error: 0, warning: 1, information: 2 };

/**
 * The editor's document keeps its text as lines and, on the first `positionAt` of a version,
 * builds a prefix sum of line lengths; this is that table, built once per document.
 */
export class DocumentLineTable {
  private readonly lineStarts: number[] = [0];
  private readonly lineLengths: number[] = [];

  constructor(text: string) {
    const lineBreak = /\r\n|\r|\n/g;
    let lineStart = 0;
    for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
      this.lineLengths.push(match.index - lineStart);
      lineStart = match.index + match[0].length;
      this.lineStarts.push(lineStart);
    }
    this.lineLengths.push(text.length - lineStart);
  }

  /** 0-based, clamped to the line's text as TextDocument.positionAt does. */
  positionAt(offset: number): ReplicaPosition {
    const wanted = Math.max(0, Math.floor(offset));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= wanted) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    const character = Math.min(wanted - this.lineStarts[low], this.lineLengths[low]);
    return { line: low, character };
  }
}

/** The diagnostics the extension would publish for these findings, from the text. */
export function toReplicaDiagnostics(
  text: string,
  findings: readonly Finding[],
): ReplicaDiagnostic[] {
  const lines = new DocumentLineTable(text);
  return findings.map((finding) => ({
    range: {
      start: lines.positionAt(finding.range.start),
      end: lines.positionAt(finding.range.end),
    },
    message: finding.message,
    severity: SEVERITIES[finding.severity],
    source: 'ReleaseHub ECR',
    code: finding.code,
  }));
}
