import * as vscode from 'vscode';
import { formatPolicy } from '../../core/policyDocument';
import { Log } from '../log';
import { PolicyTarget } from '../policyTarget';

/** Where a person applies the policy by hand, and the equivalent CLI call. */
function applyInstructions(target: PolicyTarget): string[] {
  return [
    `// ${vscode.l10n.t('Repository policy for {0}', target.repository)}`,
    `// ${vscode.l10n.t('Apply it in AWS account {0}, region {1}:', target.registryId, target.region)}`,
    `//   ${vscode.l10n.t('Amazon ECR console > Private registry > Repositories > {0} > Permissions > Edit policy JSON', target.repository)}`,
    `//   ${vscode.l10n.t('or: aws ecr set-repository-policy --registry-id {0} --region {1} --repository-name {2} --policy-text file://policy.json', target.registryId, target.region, target.repository)}`,
    `// ${vscode.l10n.t('If the repository already has a policy, add this statement to it rather than replacing it.')}`,
  ];
}

/** Opens the generated policy in an untitled JSON-with-comments editor beside the template. */
export async function showRepositoryPolicy(
  target: PolicyTarget,
  log: Log,
): Promise<vscode.TextDocument> {
  const content = [...applyInstructions(target), formatPolicy(target.policy)].join('\n');
  const document = await vscode.workspace.openTextDocument({ language: 'jsonc', content });
  await vscode.window.showTextDocument(document, {
    viewColumn: vscode.ViewColumn.Beside,
    preview: true,
  });
  log.info(`Showed repository policy: ${target.registryId}/${target.region}/${target.repository}`);
  return document;
}

/** Puts the policy JSON alone (no comments) on the clipboard, ready for the console. */
export async function copyRepositoryPolicy(target: PolicyTarget, log: Log): Promise<string> {
  const text = formatPolicy(target.policy);
  await vscode.env.clipboard.writeText(text);
  log.info(`Copied repository policy: ${target.registryId}/${target.region}/${target.repository}`);
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Copied the repository policy for {0}. Apply it in account {1}, region {2}.',
      target.repository,
      target.registryId,
      target.region,
    ),
  );
  return text;
}
