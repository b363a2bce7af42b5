import * as vscode from 'vscode';
import { AnalysisCache } from './analysisCache';
import { findingsOf } from '../core/analysis';
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

  /**
   * Analyses the document's current version (a big one off the extension host's thread) and
   * publishes its diagnostics. Resolves to their number, or undefined if it is not a template
   * or was closed meanwhile.
   */
  async refresh(document: vscode.TextDocument): Promise<number | undefined> {
    this.cancelPending(document.uri);
    if (!this.isTracked(document)) {
      this.collection.delete(document.uri);
      return undefined;
    }
    const started = performance.now();
    const analysis = await this.cache.analyzeSoon(document);
    // Still being edited: ranges of an older text may not fit, and a newer refresh is due.
    if (document.isClosed || analysis.version !== document.version) {
      return undefined;
    }
    const diagnostics = toDiagnostics(
      analysis.findings,
      analysis.cluster,
      documentRanges(document),
    );
    this.collection.set(document.uri, diagnostics);

    const cost = Math.round(performance.now() - started);
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
  async refreshOnRequest(document: vscode.TextDocument): Promise<number> {
    this.checkedOnRequest.add(document.uri.toString());
    return (await this.refresh(document)) ?? 0;
  }

  /**
   * Checks a template file that is not open, from its saved text, without opening a
   * document (opened-but-hidden documents get closed by the editor, taking diagnostics along).
   */
  async refreshFromDisk(uri: vscode.Uri, text: string): Promise<number> {
    const cluster = readClusterConfiguration(uri);
    const settings = cluster.state === 'configured' ? cluster.cluster : null;
    const template = await this.cache.parseText(text);
    const diagnostics = toDiagnostics(
      findingsOf(template, settings),
      cluster,
      templateRanges(template),
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
        this.refreshInBackground(document);
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
      this.refreshInBackground(document);
    }
  }

  /** For events: nobody awaits the refresh, so a failure is logged here, not lost. */
  refreshInBackground(document: vscode.TextDocument): void {
    this.refresh(document).catch((error: unknown) =>
      this.log.error(`Could not check ${document.uri.fsPath}: ${String(error)}`),
    );
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
