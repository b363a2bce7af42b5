import * as vscode from 'vscode';
import { findingsOf } from '../core/analysis';
import { Finding } from '../core/finding';
import { ParsedTemplate } from '../core/templateModel';
import { parseTemplate } from '../core/templateParser';
import { OFF_THREAD_MIN_CHARS, TemplateParseThread } from '../offThread/templateParseThread';
import { LiveAccessChecker } from './live/liveAccessChecker';
import { Log } from './log';
import { ClusterConfiguration, readClusterConfiguration } from './settings';

/** Edits during an off-thread parse: parse the newest text again, this many times at most. */
const MAX_STALE_RETRIES = 3;

export interface DocumentAnalysis {
  readonly version: number;
  /** The live-check generation the findings reflect. */
  readonly liveGeneration: number;
  readonly template: ParsedTemplate;
  readonly cluster: ClusterConfiguration;
  readonly findings: readonly Finding[];
}

/** How many parses ran where; the host tests read it through the extension's API. */
export interface ParseCounts {
  readonly onThread: number;
  readonly offThread: number;
}

interface ParseInFlight {
  readonly version: number;
  readonly template: Promise<ParsedTemplate>;
}

/**
 * One parse per document version, shared by diagnostics, code actions, hover and commands.
 * Findings are recomputed from the cached parse when only the settings changed. Big texts
 * are parsed on a worker thread.
 */
export class AnalysisCache implements vscode.Disposable {
  private readonly entries = new Map<string, DocumentAnalysis>();
  private readonly inFlight = new Map<string, ParseInFlight>();
  private counts = { onThread: 0, offThread: 0 };
  private warnedThreadFailure = false;

  constructor(
    private readonly live: LiveAccessChecker,
    private readonly parseThread: TemplateParseThread,
    private readonly log: Log,
  ) {}

  get parseCounts(): ParseCounts {
    return { ...this.counts };
  }

  /**
   * The analysis of the document's current version; a big text is parsed off this thread.
   * Edits made while a parse runs start another, a few times at most; so the document may
   * still have moved on when this resolves: compare `version`.
   */
  async analyzeSoon(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    let analysis = await this.analyzeVersion(document);
    for (let retry = 0; retry < MAX_STALE_RETRIES; retry++) {
      if (document.isClosed || analysis.version === document.version) {
        break;
      }
      analysis = await this.analyzeVersion(document);
    }
    return analysis;
  }

  private async analyzeVersion(document: vscode.TextDocument): Promise<DocumentAnalysis> {
    const key = document.uri.toString();
    for (;;) {
      const version = document.version;
      const cached = this.cachedTemplate(document);
      if (cached !== undefined) {
        return this.completed(document, version, cached);
      }
      const flight = this.inFlight.get(key);
      if (flight === undefined) {
        break;
      }
      const template = await flight.template;
      if (flight.version === version) {
        return this.completed(document, version, template);
      }
      // That parse was of an older version. One parse per document at a time: while it ran,
      // edits piled up into one newer text rather than into a queue of parses.
    }
    const version = document.version;
    const started: ParseInFlight = { version, template: this.parseText(document.getText()) };
    const settle = () => {
      if (this.inFlight.get(key) === started) {
        this.inFlight.delete(key);
      }
    };
    started.template.then(settle, settle);
    this.inFlight.set(key, started);
    return this.completed(document, version, await started.template);
  }

  /** A template's text parsed off this thread when it is big; never throws. */
  async parseText(text: string): Promise<ParsedTemplate> {
    if (text.length < OFF_THREAD_MIN_CHARS) {
      return this.parseHere(text);
    }
    try {
      const started = performance.now();
      const template = await this.parseThread.parse(text);
      this.counts.offThread++;
      this.log.debug(
        `Parsed ${text.length} characters on the parse thread in ` +
          `${Math.round(performance.now() - started)} ms`,
      );
      return template;
    } catch (error) {
      if (!this.warnedThreadFailure) {
        this.warnedThreadFailure = true;
        this.log.warn(`Parsing on this thread instead of the parse thread: ${String(error)}`);
      }
      return this.parseHere(text);
    }
  }

  /** The cached analysis if it matches the document's current version. */
  peek(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const cached = this.entries.get(document.uri.toString());
    return cached?.version === document.version ? cached : undefined;
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
    this.inFlight.delete(uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }

  dispose(): void {
    this.parseThread.dispose();
  }

  private parseHere(text: string): ParsedTemplate {
    this.counts.onThread++;
    return parseTemplate(text);
  }

  private cachedTemplate(document: vscode.TextDocument): ParsedTemplate | undefined {
    const cached = this.entries.get(document.uri.toString());
    return cached?.version === document.version ? cached.template : undefined;
  }

  /** Findings for the parse, from the cache when nothing they depend on has changed. */
  private completed(
    document: vscode.TextDocument,
    version: number,
    template: ParsedTemplate,
  ): DocumentAnalysis {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    const cluster = readClusterConfiguration(document.uri);
    if (
      cached !== undefined &&
      cached.version === version &&
      cached.template === template &&
      cached.cluster.key === cluster.key &&
      cached.liveGeneration === this.live.generation
    ) {
      return cached;
    }
    const settings = cluster.state === 'configured' ? cluster.cluster : null;
    const analysis: DocumentAnalysis = {
      version,
      liveGeneration: this.live.generation,
      template,
      cluster,
      findings: this.live.apply(findingsOf(template, settings), settings),
    };
    // A parse that finished after the document moved on (or closed) is answered, not kept.
    if (!document.isClosed && version === document.version) {
      this.entries.set(key, analysis);
    }
    return analysis;
  }
}
