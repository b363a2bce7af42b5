import * as vscode from 'vscode';
import { Finding } from '../../core/finding';
import { repositoryKey } from '../../core/repositoryAccess';
import { AnalysisCache } from '../analysisCache';
import { PolicyTarget, policyTargetOf } from '../policyTarget';
import { PolicyWriter } from './policyWriter';

export interface FixAllSummary {
  readonly applied: number;
  readonly alreadyGranted: number;
  readonly cancelled: number;
  readonly failed: number;
}

/**
 * The repositories a template still needs policies for, one per repository, grouped by
 * account and region. With live checks, repositories already granted are left out.
 */
export function repositoriesToFix(findings: readonly Finding[]): PolicyTarget[] {
  const targets = new Map<string, PolicyTarget>();
  for (const finding of findings) {
    if (finding.code !== 'cross-account' || finding.image === null || finding.policy === null) {
      continue;
    }
    const verdict = finding.access?.state === 'checked' ? finding.access.verdict.access : null;
    if (verdict !== 'granted') {
      targets.set(repositoryKey(finding.image), policyTargetOf(finding.image, finding.policy));
    }
  }
  return [...targets.entries()]
    .sort(([left], [right]) => left.localeCompare(right))
    .map(([, target]) => target);
}

/** Applies every missing policy of a template: one preview and one confirmation each. */
export async function fixAllInTemplate(
  document: vscode.TextDocument,
  cache: AnalysisCache,
  writer: PolicyWriter,
): Promise<FixAllSummary> {
  const targets = repositoriesToFix((await cache.analyzeSoon(document)).findings);
  const summary = { applied: 0, alreadyGranted: 0, cancelled: 0, failed: 0 };
  if (targets.length === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('No repository in this template needs a policy.'),
    );
    return summary;
  }

  for (const target of targets) {
    const outcome = await writer.apply(target, false);
    if (outcome === undefined) {
      summary.failed++;
    } else if (outcome.status === 'applied') {
      summary.applied++;
    } else if (outcome.status === 'already-granted') {
      summary.alreadyGranted++;
    } else {
      summary.cancelled++;
    }
  }

  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Fix all: {0} applied, {1} already granted, {2} not applied, {3} failed.',
      summary.applied,
      summary.alreadyGranted,
      summary.cancelled,
      summary.failed,
    ),
  );
  return summary;
}
