import * as vscode from 'vscode';
import { PolicyPreview } from '../../aws/policyApplier';
import { AppliedPolicyChange } from '../../aws/policyApplier';

/**
 * The questions asked before an AWS write. The default answers are the user's, from modal
 * dialogs; extension-host tests replace them through the extension's API to answer.
 */
export interface WriteConfirmations {
  confirmApply(preview: PolicyPreview): Promise<boolean>;
  confirmUndo(change: AppliedPolicyChange): Promise<boolean>;
}

export const modalConfirmations: WriteConfirmations = {
  async confirmApply(preview) {
    const { repository } = preview;
    const apply = vscode.l10n.t('Apply');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Apply the merged policy to {0}?', repository.repository),
      {
        modal: true,
        detail: vscode.l10n.t(
          'Account {0}, region {1}, signed in as {2}. The diff editor shows the current and the merged policy; all other statements are kept.',
          repository.registryId,
          repository.region,
          preview.callerArn,
        ),
      },
      apply,
    );
    return choice === apply;
  },

  async confirmUndo(change) {
    const restore = vscode.l10n.t('Restore');
    const detail =
      change.previousText === null
        ? vscode.l10n.t('The repository had no policy before: its policy will be deleted.')
        : vscode.l10n.t('The policy will be put back as it was before the change.');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Undo the policy change on {0}?', change.repository.repository),
      { modal: true, detail },
      restore,
    );
    return choice === restore;
  },
};
