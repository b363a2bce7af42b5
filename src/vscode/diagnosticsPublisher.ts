import * as vscode from 'vscode';
import { AnalysisCache } from './analysisCache';
import { analyzeTemplate } from '../core/analysis';
import { Finding } from '../core/finding';
import { RangeMapper, documentRanges, templateRanges, toDiagnostic } from './diagnosticConversion';
import { ClusterConfiguration, readClusterConfiguration } from './settings';
import { Log } from './log';
import { TemplateRecognizer } from './templateRecognizer';

/** Typing pauses shorter than this do not re-run analysis. */
const EDIT_DEBOUNCE_MS = 250;
/** Analysis slower than this would be felt while typing: wait longer after edits instead. */
const ANALYSIS_BUDGET_MS = 50;
const MAX_DEBOUNCE_MS = 2_000;

/**
 * Keeps the Problems view in step with templates: on open (at once), on edit (debounced),
 * on settings and pointer changes (all open templates), and clears documents on close.
 */
export class DiagnosticsPublisher implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('releasehub-ecr');
  private readonly pending = new Map<string, NodeJS.Timeout>();
  /** Documents the user asked to check explicitly, though they are not recognised templates. */
  private readonly checkedOnRequest = new Set<string>();
  /** Files checked from disk by the workspace check: their diagnostics outlive closing. */
  private readonly checkedFromDisk = new Set<string>();
  /** Last analysis time per document, so huge templates are re-analysed less often. */
  private readonly lastCostMs = new Map<string, number>();

  constructor(
    private readonly cache: AnalysisCache,
    private readonly recognizer: TemplateRecognizer,
    private readonly log: Log,
  ) {}

  isTracked(document: vscode.TextDocument): boolean {
    return (
      this.recognizer.isTemplate(document) || this.checkedOnRequest.has(document.uri.toString())
    );
  }

  /** Analyses now; returns the number of diagnostics set, or undefined if not a template. */
  refresh(document: vscode.TextDocument): number | undefined {
    this.cancelPending(document.uri);
    if (!this.isTracked(document)) {
      this.collection.delete(document.uri);
      return undefined;
    }
    const started = Date.now();
    const analysis = this.cache.analyze(document);
    const diagnostics = toDiagnostics(
      analysis.findings,
      analysis.cluster,
      documentRanges(document),
    );
    this.collection.set(document.uri, diagnostics);

    const cost = Date.now() - started;
    this.lastCostMs.set(document.uri.toString(), cost);
    this.log.debug(
      `Analysed in ${cost} ms (${diagnostics.length} findings): ${document.uri.fsPath}`,
    );
    if (cost > ANALYSIS_BUDGET_MS) {
      this.log.debug(
        `Analysis over the ${ANALYSIS_BUDGET_MS} ms budget; waiting ` +
          `${this.debounceFor(document)} ms after edits: ${document.uri.fsPath}`,
      );
    }
    return diagnostics.length;
  }

  /** Checks a document even if it is not recognised as a template (explicit user request). */
  refreshOnRequest(document: vscode.TextDocument): number {
    this.checkedOnRequest.add(document.uri.toString());
    return this.refresh(document) ?? 0;
  }

  /**
   * Checks a template file that is not open, from its saved text, without opening a
   * document (opened-but-hidden documents get closed by the editor, taking diagnostics along).
   */
  refreshFromDisk(uri: vscode.Uri, text: string): number {
    const cluster = readClusterConfiguration(uri);
    const settings = cluster.state === 'configured' ? cluster.cluster : null;
    const analysis = analyzeTemplate(text, settings);
    const diagnostics = toDiagnostics(
      analysis.findings,
      cluster,
      templateRanges(analysis.template),
    );
    this.collection.set(uri, diagnostics);
    this.checkedFromDisk.add(uri.toString());
    return diagnostics.length;
  }

  scheduleRefresh(document: vscode.TextDocument): void {
    if (!this.isTracked(document)) {
      return;
    }
    this.cancelPending(document.uri);
    const timer = setTimeout(() => {
      this.pending.delete(document.uri.toString());
      if (!document.isClosed) {
        this.refresh(document);
      }
    }, this.debounceFor(document));
    this.pending.set(document.uri.toString(), timer);
  }

  // A slow analysis runs at most about once per three times its cost while the user types,
  // so a huge template never keeps the extension host busy most of the time.
  private debounceFor(document: vscode.TextDocument): number {
    const cost = this.lastCostMs.get(document.uri.toString()) ?? 0;
    return Math.min(MAX_DEBOUNCE_MS, Math.max(EDIT_DEBOUNCE_MS, cost * 3));
  }

  refreshAllOpen(): void {
    for (const document of vscode.workspace.textDocuments) {
      this.refresh(document);
    }
  }

  forget(document: vscode.TextDocument): void {
    this.cancelPending(document.uri);
    if (!this.checkedFromDisk.has(document.uri.toString())) {
      this.collection.delete(document.uri);
    }
    this.cache.forget(document.uri);
    this.lastCostMs.delete(document.uri.toString());
    this.checkedOnRequest.delete(document.uri.toString());
  }

  private cancelPending(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.pending.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.pending.delete(key);
    }
  }

  dispose(): void {
    this.pending.forEach((timer) => clearTimeout(timer));
    this.pending.clear();
    this.collection.dispose();
  }
}

/** An invalid cluster setting is reported in place of "not configured", with its reason. */
function toDiagnostics(
  findings: readonly Finding[],
  cluster: ClusterConfiguration,
  rangeOf: RangeMapper,
): vscode.Diagnostic[] {
  return findings.map((finding) =>
    finding.code === 'cluster-not-configured' && cluster.state === 'invalid'
      ? toDiagnostic(
          finding,
          rangeOf,
          vscode.l10n.t('ReleaseHub cluster settings are invalid: {0}.', cluster.error),
        )
      : toDiagnostic(finding, rangeOf),
  );
}
