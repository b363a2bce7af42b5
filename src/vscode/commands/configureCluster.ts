import * as vscode from 'vscode';
import { parseClusterPrincipal, parseClusterRegion } from '../../core/clusterSettings';
import { CLUSTER_ACCOUNT, CLUSTER_REGION, SECTION } from '../settings';

/** Values a caller may pass to skip the prompts (scripts, tests, a future setup view). */
export interface ClusterAnswers {
  readonly account?: string;
  readonly region?: string;
}

/**
 * Asks for the ReleaseHub IAM user (account ID or ARN) and the cluster region, validating
 * as the user types, and saves both to the workspace settings (user settings without a
 * workspace). Returns false when the user cancels.
 */
export async function configureCluster(answers: ClusterAnswers = {}): Promise<boolean> {
  const configuration = vscode.workspace.getConfiguration(SECTION);

  const account = answers.account ?? (await askAccount(configuration.get<string>(CLUSTER_ACCOUNT)));
  if (account === undefined) {
    return false;
  }
  const region = answers.region ?? (await askRegion(configuration.get<string>(CLUSTER_REGION)));
  if (region === undefined) {
    return false;
  }

  const accountCheck = parseClusterPrincipal(account);
  const regionCheck = parseClusterRegion(region);
  if (!accountCheck.ok || !regionCheck.ok) {
    const error = !accountCheck.ok ? accountCheck.error : (regionCheck as { error: string }).error;
    void vscode.window.showErrorMessage(vscode.l10n.t('Cluster not saved: {0}', error));
    return false;
  }

  const target = vscode.workspace.workspaceFolders?.length
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  await configuration.update(CLUSTER_ACCOUNT, account.trim(), target);
  await configuration.update(CLUSTER_REGION, region.trim(), target);
  return true;
}

function askAccount(current: string | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('ReleaseHub cluster (1/2): IAM user'),
    prompt: vscode.l10n.t(
      "The ReleaseHub IAM user's 12-digit AWS account ID, or its ARN (Account Settings > Clusters in ReleaseHub)",
    ),
    placeHolder: '111111111111 or arn:aws:iam::111111111111:user/releasehub',
    value: current ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseClusterPrincipal(value);
      return parsed.ok ? undefined : parsed.error;
    },
  });
}

function askRegion(current: string | undefined): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title: vscode.l10n.t('ReleaseHub cluster (2/2): region'),
    prompt: vscode.l10n.t('The AWS region the ReleaseHub cluster runs in'),
    placeHolder: 'us-east-1',
    value: current ?? '',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseClusterRegion(value);
      return parsed.ok ? undefined : parsed.error;
    },
  });
}
