import * as vscode from 'vscode';
import { describeOwner } from '../../core/rules';
import { parseImageReference } from '../../core/imageUri';
import { buildRepositoryPolicy } from '../../core/policyBuilder';
import { RepositoryAccess } from '../../core/repositoryAccess';
import { AnalysisCache } from '../analysisCache';
import { COMMANDS } from '../commands/commandIds';
import { DiagnosticsPublisher } from '../diagnosticsPublisher';
import { policyTargetOf } from '../policyTarget';

const LINKED_COMMANDS = [
  COMMANDS.showRepositoryPolicy,
  COMMANDS.applyRepositoryPolicy,
  COMMANDS.refreshAccessChecks,
  COMMANDS.configureCluster,
];

/** Everything known about the ECR image under the pointer, with links to act on it. */
export class ImageHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly publisher: DiagnosticsPublisher,
  ) {}

  async provideHover(
    document: vscode.TextDocument,
    position: vscode.Position,
    token: vscode.CancellationToken,
  ): Promise<vscode.Hover | undefined> {
    if (!this.publisher.isTracked(document)) {
      return undefined;
    }
    const analysis = await this.cache.analyzeSoon(document);
    if (token.isCancellationRequested || analysis.version !== document.version) {
      return undefined;
    }
    const offset = document.offsetAt(position);
    const site = analysis.template.images.find(
      (candidate) => candidate.range.start <= offset && offset <= candidate.range.end,
    );
    const reference = site && parseImageReference(site.reference);
    if (site === undefined || reference?.kind !== 'ecr') {
      return undefined;
    }
    const { image } = reference;
    const cluster = analysis.cluster.state === 'configured' ? analysis.cluster.cluster : null;
    const crossAccount = cluster !== null && image.registryId !== cluster.principal.accountId;
    const finding = analysis.findings.find(
      (candidate) => candidate.site === site && candidate.code === 'cross-account',
    );

    const text = new vscode.MarkdownString(undefined, true);
    text.isTrusted = { enabledCommands: LINKED_COMMANDS };
    text.appendMarkdown(`**ECR image** of ${describeOwner(site)}\n\n`);
    text.appendMarkdown('| | |\n|---|---|\n');
    text.appendMarkdown(
      row(
        vscode.l10n.t('Registry account'),
        image.registryId,
        cluster &&
          (crossAccount
            ? vscode.l10n.t('cross-account (cluster: {0})', cluster.principal.accountId)
            : vscode.l10n.t('same as the cluster')),
      ),
    );
    text.appendMarkdown(
      row(
        vscode.l10n.t('Region'),
        image.region,
        cluster &&
          (image.region === cluster.region
            ? vscode.l10n.t('same as the cluster')
            : vscode.l10n.t('cross-region (cluster: {0})', cluster.region)),
      ),
    );
    text.appendMarkdown(row(vscode.l10n.t('Partition'), image.partition, null));
    text.appendMarkdown(row(vscode.l10n.t('Repository'), image.repository, null));
    if (image.tag !== null) {
      text.appendMarkdown(row(vscode.l10n.t('Tag'), image.tag, null));
    }
    if (image.digest !== null) {
      text.appendMarkdown(row(vscode.l10n.t('Digest'), image.digest, null));
    }
    text.appendMarkdown('\n');

    if (cluster === null) {
      text.appendMarkdown(
        `[${vscode.l10n.t('Configure the ReleaseHub cluster')}](${commandUri(COMMANDS.configureCluster, [])})`,
      );
      return new vscode.Hover(text, rangeOf(document, site.range));
    }
    if (crossAccount) {
      text.appendMarkdown(`${describeAccess(finding?.access)}\n\n`);
      const lint = finding?.access?.state === 'checked' ? finding.access.lint : [];
      if (lint.length > 0) {
        text.appendMarkdown(`${vscode.l10n.t('Problems in the repository policy:')}\n\n`);
        text.appendMarkdown(
          lint.map((problem) => `- ${problem.severity}: ${problem.message}`).join('\n'),
        );
        text.appendMarkdown('\n\n');
      }
      const target = policyTargetOf(
        image,
        buildRepositoryPolicy(cluster.principal, image.partition),
      );
      const links = [
        `[${vscode.l10n.t('Show policy')}](${commandUri(COMMANDS.showRepositoryPolicy, [target])})`,
      ];
      if (vscode.workspace.isTrusted) {
        links.push(
          `[${vscode.l10n.t('Apply policy…')}](${commandUri(COMMANDS.applyRepositoryPolicy, [target])})`,
        );
        links.push(
          `[${vscode.l10n.t('Refresh access checks')}](${commandUri(COMMANDS.refreshAccessChecks, [])})`,
        );
      }
      text.appendMarkdown(links.join(' · '));
    }
    return new vscode.Hover(text, rangeOf(document, site.range));
  }
}

function row(label: string, value: string, note: string | null): string {
  return `| ${label} | \`${value}\`${note ? ` — ${note}` : ''} |\n`;
}

function describeAccess(access: RepositoryAccess | undefined): string {
  if (access === undefined) {
    return vscode.l10n.t(
      'Access: not checked live (enable `releasehubEcr.liveChecks.enabled` to read the repository policy).',
    );
  }
  const when = new Date(access.checkedAt).toLocaleTimeString();
  if (access.state === 'failed') {
    return vscode.l10n.t('Access: live check failed at {0}: {1}', when, access.error);
  }
  const labels = {
    granted: vscode.l10n.t('$(pass) granted'),
    denied: vscode.l10n.t('$(error) denied'),
    'not-granted': vscode.l10n.t('$(error) not granted'),
    unknown: vscode.l10n.t('$(question) unknown'),
  };
  return vscode.l10n.t(
    'Access: {0}: {1} (checked {2})',
    labels[access.verdict.access],
    access.verdict.reason,
    when,
  );
}

function commandUri(command: string, args: unknown[]): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify(args))}`;
}

function rangeOf(document: vscode.TextDocument, range: { start: number; end: number }) {
  return new vscode.Range(document.positionAt(range.start), document.positionAt(range.end));
}
