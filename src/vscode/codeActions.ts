import * as vscode from 'vscode';
import { Finding } from '../core/finding';
import { AnalysisCache } from './analysisCache';
import { COMMANDS } from './commands/commandIds';
import { DIAGNOSTIC_SOURCE, findingFor } from './diagnosticConversion';
import { policyTargetOf } from './policyTarget';

/**
 * Adds fixes for a `cross-account` finding beyond showing and copying the policy. The AWS
 * layer registers "Apply repository policy" here; contributors decide for themselves
 * whether they apply (workspace trust, credentials).
 */
export type CrossAccountFixContributor = (
  finding: Finding,
  diagnostic: vscode.Diagnostic,
  document: vscode.TextDocument,
) => vscode.CodeAction[];

/** "Fix all" for a template: apply every missing repository policy, one confirmation each. */
export const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('releasehubEcr');

export class ReleaseHubCodeActions implements vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix, FIX_ALL_KIND];

  private readonly crossAccountContributors: CrossAccountFixContributor[] = [];

  constructor(private readonly cache: AnalysisCache) {}

  addCrossAccountFixes(contributor: CrossAccountFixContributor): vscode.Disposable {
    this.crossAccountContributors.push(contributor);
    return new vscode.Disposable(() => {
      const index = this.crossAccountContributors.indexOf(contributor);
      if (index !== -1) {
        this.crossAccountContributors.splice(index, 1);
      }
    });
  }

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (context.only !== undefined && FIX_ALL_KIND.intersects(context.only)) {
      return this.fixAll(document);
    }
    const ours = context.diagnostics.filter(
      (diagnostic) => diagnostic.source === DIAGNOSTIC_SOURCE,
    );
    const analysis = ours.length > 0 ? this.cache.peek(document) : undefined;
    if (analysis === undefined) {
      return [];
    }

    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const finding = findingFor(document, analysis.findings, diagnostic);
      if (finding !== undefined) {
        actions.push(...this.fixesFor(finding, diagnostic, document));
      }
    }
    return actions;
  }

  private fixAll(document: vscode.TextDocument): vscode.CodeAction[] {
    const analysis = this.cache.peek(document);
    const needed = analysis?.findings.some((finding) => finding.code === 'cross-account');
    if (!vscode.workspace.isTrusted || !needed) {
      return [];
    }
    const action = new vscode.CodeAction(
      vscode.l10n.t('Apply all missing repository policies…'),
      FIX_ALL_KIND,
    );
    action.command = {
      command: COMMANDS.fixAllInTemplate,
      title: action.title,
      arguments: [document.uri],
    };
    return [action];
  }

  private fixesFor(finding: Finding, diagnostic: vscode.Diagnostic, document: vscode.TextDocument) {
    switch (finding.code) {
      case 'cross-account':
        return [
          ...policyFixes(finding, diagnostic),
          ...this.crossAccountContributors.flatMap((contribute) =>
            contribute(finding, diagnostic, document),
          ),
        ];
      case 'cluster-not-configured':
        return [configureFix(diagnostic)];
      default:
        return [];
    }
  }
}

function policyFixes(finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
  if (finding.image === null || finding.policy === null) {
    return [];
  }
  const target = policyTargetOf(finding.image, finding.policy);

  const show = new vscode.CodeAction(
    vscode.l10n.t('Show repository policy for {0}', target.repository),
    vscode.CodeActionKind.QuickFix,
  );
  show.command = { command: COMMANDS.showRepositoryPolicy, title: show.title, arguments: [target] };
  show.diagnostics = [diagnostic];
  show.isPreferred = true;

  const copy = new vscode.CodeAction(
    vscode.l10n.t('Copy repository policy for {0}', target.repository),
    vscode.CodeActionKind.QuickFix,
  );
  copy.command = { command: COMMANDS.copyRepositoryPolicy, title: copy.title, arguments: [target] };
  copy.diagnostics = [diagnostic];

  return [show, copy];
}

function configureFix(diagnostic: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(
    vscode.l10n.t('Configure ReleaseHub cluster'),
    vscode.CodeActionKind.QuickFix,
  );
  action.command = { command: COMMANDS.configureCluster, title: action.title };
  action.diagnostics = [diagnostic];
  action.isPreferred = true;
  return action;
}
