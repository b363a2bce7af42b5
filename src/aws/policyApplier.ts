import { ClusterPrincipal, parseClusterPrincipal } from '../core/clusterSettings';
import { evaluatePullAccess } from '../core/policyEvaluation';
import { POLICY_TEXT_LIMIT, PolicyStatement, parsePolicyDocument } from '../core/policyDocument';
import { holdsStatement, mergeStatement, samePolicyText } from '../core/policyMerge';
import { checkPolicyForWrite } from '../core/policyValidation';
import { AwsActionError } from './awsErrors';
import { AwsLog } from './awsLog';
import { PolicyGateway } from './policyGateway';
import { RepositoryRef, describeRepository } from './repositoryRef';

/** What the user is shown before anything is written. */
export interface PolicyPreview {
  readonly repository: RepositoryRef;
  /** The policy as read from ECR; null when the repository has none. */
  readonly currentText: string | null;
  /** The current policy pretty-printed like the merged one, so a diff shows only changes. */
  readonly currentDisplayText: string;
  /** The text to write: pretty-printed, or compact when only that fits ECR's limit. */
  readonly mergedText: string;
  /** The merged policy pretty-printed, for the diff. */
  readonly mergedDisplayText: string;
  /** Our Sid's older statement that the merge replaces, if any. */
  readonly replacesStatement: boolean;
  /** Who is signed in, for the confirmation text. */
  readonly callerArn: string;
}

/** A written change, kept so it can be undone. */
export interface AppliedPolicyChange {
  readonly repository: RepositoryRef;
  readonly previousText: string | null;
  readonly appliedText: string;
  readonly appliedAt: string;
}

export type ApplyOutcome =
  | { readonly status: 'applied'; readonly change: AppliedPolicyChange }
  /** The policy already holds our statement: nothing was written. */
  | { readonly status: 'already-granted'; readonly currentText: string }
  | { readonly status: 'cancelled'; readonly preview: PolicyPreview | null }
  /** The policy changed between the preview and the write: nothing was written. */
  | { readonly status: 'changed-since-preview'; readonly freshPreview: PolicyPreview };

export type UndoOutcome =
  | { readonly status: 'restored'; readonly restoredText: string | null }
  | { readonly status: 'cancelled' }
  /** The policy is no longer the one we wrote: undo would lose someone's edit. */
  | { readonly status: 'changed-since-apply'; readonly currentText: string | null };

/**
 * Refusals before any write, each with a message the user can act on; and 'verify-failed',
 * which comes after a write and so carries the change, to keep it undoable.
 */
export class PolicyApplyError extends Error {
  override readonly name = 'PolicyApplyError';

  constructor(
    readonly kind:
      | 'wrong-account'
      | 'invalid-existing-policy'
      | 'invalid-merged-policy'
      | 'denied-by-policy'
      | 'verify-failed',
    message: string,
    readonly change?: AppliedPolicyChange,
  ) {
    super(message);
  }
}

export interface ApplyHooks {
  /** Shows the preview and asks; resolves true only on explicit confirmation. */
  confirm(preview: PolicyPreview): Promise<boolean>;
  /** Cancels the reads; once the write has started, it completes. */
  readonly signal?: AbortSignal;
  /** The profile in use, named in the wrong-account message. */
  readonly profile?: string;
}

/**
 * Grants the cluster pull access by merging `statement` into the repository's policy:
 * check identity, read, merge, preview and confirm, re-read, write, verify. Every other
 * statement is kept; a policy that changed since the preview is never overwritten.
 */
export async function applyPullStatement(
  gateway: PolicyGateway,
  repository: RepositoryRef,
  statement: PolicyStatement,
  hooks: ApplyHooks,
  log: AwsLog,
): Promise<ApplyOutcome> {
  const caller = await gateway.callerIdentity(hooks.signal);
  checkCallerAccount(caller.account, caller.arn, repository, hooks.profile);

  const currentText = await gateway.readPolicy(repository, hooks.signal);
  if (holdsStatement(currentText, statement)) {
    refuseIfDenied(currentText as string, statement, repository, 'already holds');
    log.info(`Policy already grants the pull, nothing written: ${describeRepository(repository)}`);
    return { status: 'already-granted', currentText: currentText as string };
  }
  const preview = buildPreview(repository, currentText, statement, caller.arn);
  refuseIfDenied(preview.mergedText, statement, repository, 'would hold');

  if (hooks.signal?.aborted || !(await hooks.confirm(preview))) {
    log.info(`Apply cancelled: ${describeRepository(repository)}`);
    return { status: 'cancelled', preview };
  }

  // ECR has no conditional write: this re-read narrows the window for a concurrent edit to
  // the moments before the write, but cannot close it.
  const latestText = await gateway.readPolicy(repository, hooks.signal);
  if (!samePolicyText(latestText, currentText)) {
    log.warn(
      `Policy changed since the preview, nothing written: ${describeRepository(repository)}`,
    );
    return {
      status: 'changed-since-preview',
      freshPreview: buildPreview(repository, latestText, statement, caller.arn),
    };
  }

  // Undo restores previousText only while the policy is still what was sent.
  const change: AppliedPolicyChange = {
    repository,
    previousText: currentText,
    appliedText: preview.mergedText,
    appliedAt: new Date().toISOString(),
  };
  await writeOrFindWritten(gateway, repository, preview.mergedText, currentText, log);
  const writtenText = await readBack(
    gateway,
    repository,
    log,
    `The policy of ${repository.repository} was written`,
    change,
  );
  if (!holdsStatement(writtenText, statement)) {
    throw new PolicyApplyError(
      'verify-failed',
      `The policy was written, but reading it back does not show statement '${statement.Sid}'. ` +
        `Check the permissions of ${repository.repository} in account ${repository.registryId}.`,
      change,
    );
  }
  log.info(`Applied repository policy: ${describeRepository(repository)}`);
  return { status: 'applied', change: { ...change, appliedText: writtenText as string } };
}

/**
 * Puts back the policy that was there before `change`, or deletes the policy if there was
 * none, but only while the policy is still the one we wrote.
 */
export async function undoPolicyChange(
  gateway: PolicyGateway,
  change: AppliedPolicyChange,
  hooks: Omit<ApplyHooks, 'confirm'> & { confirm(currentText: string | null): Promise<boolean> },
  log: AwsLog,
): Promise<UndoOutcome> {
  const { repository } = change;
  const caller = await gateway.callerIdentity(hooks.signal);
  checkCallerAccount(caller.account, caller.arn, repository, hooks.profile);

  const currentText = await gateway.readPolicy(repository, hooks.signal);
  if (!samePolicyText(currentText, change.appliedText)) {
    return { status: 'changed-since-apply', currentText };
  }
  if (hooks.signal?.aborted || !(await hooks.confirm(currentText))) {
    return { status: 'cancelled' };
  }

  const latestText = await gateway.readPolicy(repository, hooks.signal);
  if (!samePolicyText(latestText, change.appliedText)) {
    return { status: 'changed-since-apply', currentText: latestText };
  }

  if (change.previousText === null) {
    await gateway.deletePolicy(repository);
  } else {
    await gateway.writePolicy(repository, change.previousText);
  }
  const restoredText = await readBack(
    gateway,
    repository,
    log,
    `The previous policy of ${repository.repository} was written back`,
  );
  if (!samePolicyText(restoredText, change.previousText)) {
    throw new PolicyApplyError(
      'verify-failed',
      `The previous policy of ${repository.repository} was written back, but reading it does ` +
        'not show it. Check the repository permissions in the console.',
    );
  }
  log.info(`Restored previous repository policy: ${describeRepository(repository)}`);
  return { status: 'restored', restoredText };
}

/**
 * Writes the policy. A write that failed on the network or inside AWS may still have landed
 * (a timeout after the service acted): then the policy is read again, and the write counts
 * as done if it shows; it fails as it did only if the old policy is still in place.
 */
async function writeOrFindWritten(
  gateway: PolicyGateway,
  repository: RepositoryRef,
  policyText: string,
  previousText: string | null,
  log: AwsLog,
): Promise<void> {
  try {
    await gateway.writePolicy(repository, policyText);
  } catch (error) {
    const uncertain =
      error instanceof AwsActionError && (error.kind === 'network' || error.kind === 'service');
    if (!uncertain) {
      throw error;
    }
    log.warn(`Write outcome unknown, reading the policy again: ${describeRepository(repository)}`);
    const after = await gateway.readPolicy(repository).catch(() => {
      throw new PolicyApplyError(
        'verify-failed',
        `Writing the policy of ${repository.repository} failed (${error.kind}) and it could ` +
          'not be read again, so it may or may not have changed. Check it in the console.',
      );
    });
    if (samePolicyText(after, previousText)) {
      throw error;
    }
    if (!samePolicyText(after, policyText)) {
      throw new PolicyApplyError(
        'verify-failed',
        `Writing the policy of ${repository.repository} failed (${error.kind}), and it now ` +
          'differs from both the old and the new text. Check it in the console.',
      );
    }
  }
}

/**
 * Reads back the policy a write just set. A failure here must not read as "nothing was
 * written": it becomes a verify failure that says what was written, carrying the applied
 * change (if any) so it stays undoable.
 */
async function readBack(
  gateway: PolicyGateway,
  repository: RepositoryRef,
  log: AwsLog,
  whatWasWritten: string,
  change?: AppliedPolicyChange,
): Promise<string | null> {
  try {
    return await gateway.readPolicy(repository);
  } catch (error) {
    if (!(error instanceof AwsActionError)) {
      throw error;
    }
    log.error(`Verify read failed on ${describeRepository(repository)}: ${error.message}`);
    throw new PolicyApplyError(
      'verify-failed',
      `${whatWasWritten}, but reading it back to verify failed (${error.kind} on ` +
        `${error.operation}). Check it in the console before trying again.`,
      change,
    );
  }
}

/**
 * Our statement does not help where another statement denies the pull (an explicit Deny
 * wins): say so instead of writing, or of reporting the pull as granted.
 */
function refuseIfDenied(
  policyText: string,
  statement: PolicyStatement,
  repository: RepositoryRef,
  holds: 'already holds' | 'would hold',
): void {
  const principal = principalOf(statement);
  if (principal === null) {
    return;
  }
  const verdict = evaluatePullAccess(
    parsePolicyDocument(policyText),
    principal,
    repository.partition,
  );
  if (verdict.access === 'denied') {
    throw new PolicyApplyError(
      'denied-by-policy',
      `The policy of ${repository.repository} ${holds} statement '${statement.Sid}', but ` +
        `${verdict.reason}, and a Deny wins over any Allow. Nothing was written; change that ` +
        'statement in the console first.',
    );
  }
}

function principalOf(statement: PolicyStatement): ClusterPrincipal | null {
  const arn = (statement.Principal as { AWS?: unknown } | undefined)?.AWS;
  if (typeof arn !== 'string') {
    return null;
  }
  const parsed = parseClusterPrincipal(arn);
  return parsed.ok ? parsed.value : null;
}

function checkCallerAccount(
  callerAccount: string,
  callerArn: string,
  repository: RepositoryRef,
  profile: string | undefined,
): void {
  if (callerAccount === repository.registryId) {
    return;
  }
  const using = profile ? `profile '${profile}'` : 'your default AWS credentials';
  throw new PolicyApplyError(
    'wrong-account',
    `You are signed in to account ${callerAccount} (${callerArn}) with ${using}, but ` +
      `repository '${repository.repository}' belongs to account ${repository.registryId}. ` +
      `Nothing was written. Choose a profile for account ${repository.registryId} and try again.`,
  );
}

function buildPreview(
  repository: RepositoryRef,
  currentText: string | null,
  statement: PolicyStatement,
  callerArn: string,
): PolicyPreview {
  let merge;
  try {
    merge = mergeStatement(currentText, statement);
  } catch (error) {
    throw new PolicyApplyError(
      'invalid-existing-policy',
      `The current policy of ${repository.repository} cannot be merged safely: ` +
        `${(error as Error).message} Nothing was written; fix it in the console first.`,
    );
  }
  // Indentation costs about a third of the size limit: near it, the compact form is written.
  const writeText =
    merge.text.length <= POLICY_TEXT_LIMIT ? merge.text : `${JSON.stringify(merge.document)}\n`;
  const problem = checkPolicyForWrite(writeText);
  if (problem !== null) {
    throw new PolicyApplyError('invalid-merged-policy', `${problem} Nothing was written.`);
  }
  return {
    repository,
    currentText,
    currentDisplayText: currentText === null ? '' : prettyPolicy(currentText),
    mergedText: writeText,
    mergedDisplayText: merge.text,
    replacesStatement: merge.replaced !== null,
    callerArn,
  };
}

/** Pretty-printed for display; text that does not parse is shown as it is. */
export function prettyPolicy(text: string): string {
  try {
    return `${JSON.stringify(JSON.parse(text), null, 2)}\n`;
  } catch {
    return text;
  }
}
