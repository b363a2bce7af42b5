import * as vscode from 'vscode';
import { checkEndpoint } from '../../aws/awsConnection';
import { AwsActionError } from '../../aws/awsErrors';
import {
  AppliedPolicyChange,
  ApplyOutcome,
  PolicyApplyError,
  PolicyPreview,
  UndoOutcome,
  applyPullStatement,
  prettyPolicy,
  undoPolicyChange,
} from '../../aws/policyApplier';
import { PolicyGateway } from '../../aws/policyGateway';
import { RepositoryRef, describeRepository } from '../../aws/repositoryRef';
import { createSdkPolicyGateway } from '../../aws/sdkPolicyGateway';
import { Finding } from '../../core/finding';
import { COMMANDS } from '../commands/commandIds';
import { Log } from '../log';
import { PolicyTarget, policyTargetOf } from '../policyTarget';
import { readAwsConnectionSettings } from '../settings';
import { AppliedChangeHistory } from './appliedChangeHistory';
import { WriteConfirmations, modalConfirmations } from './confirmations';
import { PolicyPreviewDocuments } from './policyPreviewDocuments';

/**
 * The AWS writes of the extension, as a ceremony: progress, identity check, diff preview,
 * modal confirmation, write, verify, and an outcome message with Undo or the log.
 */
export class PolicyWriter {
  /** Replaced by extension-host tests to answer the modal dialogs. */
  confirmations: WriteConfirmations = modalConfirmations;

  private readonly writeEmitter = new vscode.EventEmitter<RepositoryRef>();
  /** Fires after a policy was written or restored, so live verdicts can be read again. */
  readonly onDidWritePolicy = this.writeEmitter.event;

  constructor(
    private readonly previews: PolicyPreviewDocuments,
    private readonly history: AppliedChangeHistory,
    private readonly log: Log,
  ) {}

  /** The "Apply" quick fix, offered only where AWS actions are allowed. */
  applyFixes(finding: Finding, diagnostic: vscode.Diagnostic): vscode.CodeAction[] {
    if (!vscode.workspace.isTrusted || finding.image === null || finding.policy === null) {
      return [];
    }
    const target = policyTargetOf(finding.image, finding.policy);
    const action = new vscode.CodeAction(
      vscode.l10n.t('Apply repository policy to {0}…', target.repository),
      vscode.CodeActionKind.QuickFix,
    );
    action.command = {
      command: COMMANDS.applyRepositoryPolicy,
      title: action.title,
      arguments: [target],
    };
    action.diagnostics = [diagnostic];
    return [action];
  }

  /**
   * Applies the policy for one repository. Returns undefined when the flow failed (the user
   * got the message). `announce: false` leaves the outcome message to the caller (fix-all).
   */
  async apply(target: PolicyTarget, announce = true): Promise<ApplyOutcome | undefined> {
    const repository = repositoryOf(target);
    const statement = target.policy.Statement[0];
    const outcome = await this.withAws(
      vscode.l10n.t('Applying repository policy to {0}', target.repository),
      repository,
      (gateway, signal, profile) =>
        applyPullStatement(
          gateway,
          repository,
          statement,
          { signal, profile, confirm: (preview) => this.previewAndConfirm(preview) },
          this.log,
        ),
    );
    if (outcome?.status === 'applied') {
      await this.history.add(outcome.change);
      this.writeEmitter.fire(repository);
    }
    if (outcome !== undefined && announce) {
      await this.reportApply(outcome, target);
    }
    return outcome;
  }

  async undo(change: AppliedPolicyChange | undefined): Promise<UndoOutcome | undefined> {
    const chosen = change ?? (await this.pickChange());
    if (chosen === undefined) {
      return undefined;
    }
    const outcome = await this.withAws(
      vscode.l10n.t('Undoing the policy change on {0}', chosen.repository.repository),
      chosen.repository,
      (gateway, signal, profile) =>
        undoPolicyChange(
          gateway,
          chosen,
          {
            signal,
            profile,
            confirm: async (currentText) => {
              await this.previews.showDiff(
                vscode.l10n.t('{0}: current ↔ restored policy', chosen.repository.repository),
                'current',
                currentText === null ? '' : prettyPolicy(currentText),
                'restored',
                chosen.previousText === null ? '' : prettyPolicy(chosen.previousText),
              );
              return this.confirmations.confirmUndo(chosen);
            },
          },
          this.log,
        ),
    );
    if (outcome !== undefined) {
      await this.reportUndo(outcome, chosen);
    }
    return outcome;
  }

  private async previewAndConfirm(preview: PolicyPreview): Promise<boolean> {
    await this.previews.showDiff(
      vscode.l10n.t('{0}: current ↔ merged policy', preview.repository.repository),
      'current',
      preview.currentDisplayText,
      'merged',
      preview.mergedDisplayText,
    );
    return this.confirmations.confirmApply(preview);
  }

  /** Runs an AWS flow under a cancellable progress notification; failures become messages. */
  private async withAws<T>(
    title: string,
    repository: RepositoryRef,
    flow: (gateway: PolicyGateway, signal: AbortSignal, profile: string | undefined) => Promise<T>,
  ): Promise<T | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage(
        vscode.l10n.t(
          'Trust this workspace to use AWS actions: they run with your AWS credentials.',
        ),
      );
      return undefined;
    }
    const connection = readAwsConnectionSettings();
    const endpointProblem = checkEndpoint(connection.endpoint);
    if (endpointProblem !== null) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('Invalid AWS endpoint setting: {0}', endpointProblem),
      );
      return undefined;
    }

    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title, cancellable: true },
        async (_progress, token) => {
          const controller = new AbortController();
          token.onCancellationRequested(() => controller.abort());
          const gateway = await createSdkPolicyGateway(
            connection,
            repository.region,
            repository,
            this.log,
          );
          return flow(gateway, controller.signal, connection.profile);
        },
      );
    } catch (error) {
      this.reportFailure(error, repository);
      return undefined;
    }
  }

  private async reportApply(outcome: ApplyOutcome, target: PolicyTarget): Promise<void> {
    switch (outcome.status) {
      case 'applied': {
        const undo = vscode.l10n.t('Undo');
        void vscode.window
          .showInformationMessage(
            vscode.l10n.t(
              'Applied and verified the repository policy of {0}: the cluster can pull it now.',
              target.repository,
            ),
            undo,
          )
          .then((choice) => (choice === undo ? this.undo(outcome.change) : undefined));
        return;
      }
      case 'already-granted':
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'The policy of {0} already grants the cluster pull access: nothing written.',
            target.repository,
          ),
        );
        return;
      case 'cancelled':
        void vscode.window.showInformationMessage(vscode.l10n.t('Cancelled: nothing was written.'));
        return;
      case 'changed-since-preview': {
        const review = vscode.l10n.t('Review Again');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t(
            'The policy of {0} changed after the preview; nothing was written.',
            target.repository,
          ),
          review,
        );
        if (choice === review) {
          await this.apply(target);
        }
        return;
      }
    }
  }

  private async reportUndo(outcome: UndoOutcome, change: AppliedPolicyChange): Promise<void> {
    switch (outcome.status) {
      case 'restored':
        await this.history.remove(change);
        this.writeEmitter.fire(change.repository);
        void vscode.window.showInformationMessage(
          vscode.l10n.t('Restored the previous policy of {0}.', change.repository.repository),
        );
        return;
      case 'cancelled':
        void vscode.window.showInformationMessage(vscode.l10n.t('Cancelled: nothing was written.'));
        return;
      case 'changed-since-apply':
        void vscode.window.showWarningMessage(
          vscode.l10n.t(
            'The policy of {0} changed since it was applied; undo would lose that edit, so nothing was written.',
            change.repository.repository,
          ),
        );
        return;
    }
  }

  private reportFailure(error: unknown, repository: RepositoryRef): void {
    // A write that could not be verified still changed the policy: keep it undoable.
    if (error instanceof PolicyApplyError && error.change !== undefined) {
      void this.history.add(error.change);
    }
    const known = error instanceof AwsActionError || error instanceof PolicyApplyError;
    const message = known ? error.message : String(error);
    this.log.error(`AWS action failed on ${describeRepository(repository)}: ${message}`);
    if (error instanceof AwsActionError && error.kind === 'cancelled') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Cancelled: nothing was written.'));
      return;
    }
    const showLog = vscode.l10n.t('Show Log');
    void vscode.window
      .showErrorMessage(message, showLog)
      .then((choice) => (choice === showLog ? this.log.show(true) : undefined));
  }

  private async pickChange(): Promise<AppliedPolicyChange | undefined> {
    const changes = this.history.list();
    if (changes.length === 0) {
      void vscode.window.showInformationMessage(
        vscode.l10n.t('No repository policy change to undo.'),
      );
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      changes.map((change) => ({
        label: change.repository.repository,
        description: `${change.repository.registryId} · ${change.repository.region}`,
        detail: vscode.l10n.t('Applied {0}', new Date(change.appliedAt).toLocaleString()),
        change,
      })),
      { title: vscode.l10n.t('Undo a repository policy change') },
    );
    return picked?.change;
  }
}

function repositoryOf(target: PolicyTarget): RepositoryRef {
  return {
    registryId: target.registryId,
    region: target.region,
    partition: target.partition,
    repository: target.repository,
    fips: target.fips,
    dualStack: target.dualStack,
  };
}
