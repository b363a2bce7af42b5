import * as vscode from 'vscode';
import { findingsOf } from '../core/analysis';
import { Finding } from '../core/finding';
import { ParsedTemplate } from '../core/templateModel';
import { parseTemplate } from '../core/templateParser';
import { LiveAccessChecker } from './live/liveAccessChecker';
import { ClusterConfiguration, readClusterConfiguration } from './settings';

export interface DocumentAnalysis {
  readonly version: number;
  /** The live-check generation the findings reflect. */
  readonly liveGeneration: number;
  readonly template: ParsedTemplate;
  readonly cluster: ClusterConfiguration;
  readonly findings: readonly Finding[];
}

/**
 * One parse per document version, shared by diagnostics, code actions and commands.
 * Findings are recomputed from the cached parse when only the settings changed.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, DocumentAnalysis>();

  constructor(private readonly live: LiveAccessChecker) {}

  analyze(document: vscode.TextDocument): DocumentAnalysis {
    const key = document.uri.toString();
    const cached = this.entries.get(key);
    const cluster = readClusterConfiguration(document.uri);

    if (
      cached &&
      cached.version === document.version &&
      cached.cluster.key === cluster.key &&
      cached.liveGeneration === this.live.generation
    ) {
      return cached;
    }
    const template =
      cached && cached.version === document.version
        ? cached.template
        : parseTemplate(document.getText());
    const settings = cluster.state === 'configured' ? cluster.cluster : null;
    const liveGeneration = this.live.generation;
    const analysis = {
      version: document.version,
      liveGeneration,
      template,
      cluster,
      findings: this.live.apply(findingsOf(template, settings), settings),
    };
    this.entries.set(key, analysis);
    return analysis;
  }

  /** The cached analysis if it matches the document's current version. */
  peek(document: vscode.TextDocument): DocumentAnalysis | undefined {
    const cached = this.entries.get(document.uri.toString());
    return cached?.version === document.version ? cached : undefined;
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }

  clear(): void {
    this.entries.clear();
  }
}
