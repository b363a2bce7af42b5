import * as vscode from 'vscode';
import { SECTION, AWS_PROFILE } from '../settings';

/**
 * Lets the user pick a profile from their shared config and credentials files (the SDK's
 * own loader, so AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE are honoured).
 */
export async function selectAwsProfile(): Promise<string | undefined> {
  const { loadSharedConfigFiles } = await import(
    /* webpackChunkName: "aws-sdk" */ '@smithy/shared-ini-file-loader'
  );
  const files = await loadSharedConfigFiles({ ignoreCache: true });
  const names = [
    ...new Set([...Object.keys(files.configFile), ...Object.keys(files.credentialsFile)]),
  ].sort();
  if (names.length === 0) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('No AWS profiles found in your AWS config or credentials files.'),
    );
    return undefined;
  }
  const current = vscode.workspace.getConfiguration(SECTION).get<string>(AWS_PROFILE);
  const picked = await vscode.window.showQuickPick(
    names.map((name) => ({
      label: name,
      description: name === current ? vscode.l10n.t('current') : undefined,
    })),
    { title: vscode.l10n.t('AWS profile for ReleaseHub ECR actions') },
  );
  if (picked === undefined) {
    return undefined;
  }
  await vscode.workspace
    .getConfiguration(SECTION)
    .update(AWS_PROFILE, picked.label, vscode.ConfigurationTarget.Global);
  return picked.label;
}
