import * as vscode from 'vscode';
import { COMMANDS } from '../commands/commandIds';
import { AnalysisCache } from '../analysisCache';
import { DiagnosticsPublisher } from '../diagnosticsPublisher';
import { readClusterConfiguration } from '../settings';
import { LiveAccessChecker } from './liveAccessChecker';

/**
 * The language status item on templates: which cluster the findings are for, how many there
 * are, and when access was last checked live. Click: configure, or show the log.
 */
export class ClusterStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('releasehubEcr.cluster', {
    language: 'yaml',
  });

  constructor(
    private readonly cache: AnalysisCache,
    private readonly publisher: DiagnosticsPublisher,
    private readonly live: LiveAccessChecker,
  ) {
    this.item.name = vscode.l10n.t('ReleaseHub cluster');
    this.update();
  }

  /** Re-reads settings and the active template's findings. */
  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const template = document && this.publisher.isTracked(document) ? document : undefined;
    const cluster = readClusterConfiguration(template?.uri);

    if (cluster.state !== 'configured') {
      this.item.text = vscode.l10n.t('$(warning) ReleaseHub cluster not configured');
      this.item.detail =
        cluster.state === 'invalid' ? cluster.error : vscode.l10n.t('Needed to check ECR access');
      this.item.severity = vscode.LanguageStatusSeverity.Warning;
      this.item.command = { command: COMMANDS.configureCluster, title: vscode.l10n.t('Configure') };
      return;
    }

    const { principal, region } = cluster.cluster;
    this.item.text = `$(cloud) ${principal.accountId} · ${region}`;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
    const details: string[] = [];
    if (template !== undefined) {
      const count = this.cache.peek(template)?.findings.length;
      if (count !== undefined) {
        details.push(vscode.l10n.t('{0} finding(s)', count));
      }
    }
    if (this.live.isEnabled()) {
      details.push(
        this.live.lastCheckedAt
          ? vscode.l10n.t('live check {0}', this.live.lastCheckedAt.toLocaleTimeString())
          : vscode.l10n.t('live checks on'),
      );
    }
    this.item.detail = details.join(' · ');
    this.item.command = { command: COMMANDS.showLog, title: vscode.l10n.t('Show Log') };
  }

  dispose(): void {
    this.item.dispose();
  }
}
