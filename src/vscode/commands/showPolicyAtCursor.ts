import * as vscode from 'vscode';
import { parseImageReference } from '../../core/imageUri';
import { buildRepositoryPolicy } from '../../core/policyBuilder';
import { AnalysisCache } from '../analysisCache';
import { PolicyTarget, policyTargetOf } from '../policyTarget';

export type PolicyAtCursor =
  | { readonly kind: 'policy'; readonly target: PolicyTarget }
  | { readonly kind: 'no-image' | 'not-ecr' | 'no-cluster' | 'still-editing' };

/** The policy for the ECR image under the cursor, same-account images included. */
export async function policyAtCursor(
  editor: vscode.TextEditor,
  cache: AnalysisCache,
): Promise<PolicyAtCursor> {
  const analysis = await cache.analyzeSoon(editor.document);
  if (analysis.version !== editor.document.version) {
    return { kind: 'still-editing' };
  }
  const offset = editor.document.offsetAt(editor.selection.active);
  const site = analysis.template.images.find(
    (candidate) => candidate.range.start <= offset && offset <= candidate.range.end,
  );
  if (site === undefined) {
    return { kind: 'no-image' };
  }
  const reference = parseImageReference(site.reference);
  if (reference.kind !== 'ecr') {
    return { kind: 'not-ecr' };
  }
  if (analysis.cluster.state !== 'configured') {
    return { kind: 'no-cluster' };
  }
  const policy = buildRepositoryPolicy(
    analysis.cluster.cluster.principal,
    reference.image.partition,
  );
  return { kind: 'policy', target: policyTargetOf(reference.image, policy) };
}
