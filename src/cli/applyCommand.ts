import { createTwoFilesPatch } from 'diff';
import { AwsConnection, checkEndpoint } from '../aws/awsConnection';
import { AwsActionError } from '../aws/awsErrors';
import { AwsLog } from '../aws/awsLog';
import {
  AppliedPolicyChange,
  ApplyOutcome,
  PolicyApplyError,
  PolicyPreview,
  applyPullStatement,
  prettyPolicy,
  undoPolicyChange,
} from '../aws/policyApplier';
import { RepositoryRef, describeRepository, repositoryRefOf } from '../aws/repositoryRef';
import { createSdkPolicyGateway } from '../aws/sdkPolicyGateway';
import { ClusterPrincipal } from '../core/clusterSettings';
import { EcrImage, parseImageReference } from '../core/imageUri';
import { buildPullStatement } from '../core/policyBuilder';
import { parseTemplate } from '../core/templateParser';
import { principalFromOptions } from './clusterOptions';
import { askYesNo } from './confirmation';
import { defaultBackupFolder, loadBackup, prepareBackupFolder, saveBackup } from './policyBackups';
import { readTemplateFile, resolveTemplateFiles, UnreadableInputError } from './templateFiles';
import { UsageError } from './usageError';

/** Exit codes of `apply` and `undo`, documented in the README. */
export const APPLY_EXIT = {
  done: 0,
  usage: 2,
  notConfirmed: 3,
  refused: 4,
  awsError: 5,
} as const;

export interface ApplyArguments {
  values: {
    'cluster-account'?: string;
    'cluster-principal'?: string;
    profile?: string;
    endpoint?: string;
    'dry-run'?: boolean;
    yes?: boolean;
    all?: boolean;
    'backup-dir'?: string;
    verbose?: boolean;
  };
  positionals: string[];
}

interface ApplySession {
  readonly connection: AwsConnection;
  readonly dryRun: boolean;
  readonly assumeYes: boolean;
  readonly backupFolder: string;
  readonly log: AwsLog;
}

export async function runApply({ values, positionals }: ApplyArguments): Promise<number> {
  const session = sessionFrom(values);
  const principal = principalFromOptions(values, process.env);
  const images = values.all
    ? await crossAccountImages(positionals, principal)
    : [singleImage(positionals)];
  if (images.length === 0) {
    process.stdout.write('No cross-account ECR images found: nothing to apply.\n');
    return APPLY_EXIT.done;
  }
  if (!session.dryRun) {
    await prepareBackupFolder(session.backupFolder);
  }

  let worst: number = APPLY_EXIT.done;
  for (const image of images) {
    const code = await applyToImage(image, principal, session);
    worst = Math.max(worst, code);
  }
  return worst;
}

export async function runUndo({ values, positionals }: ApplyArguments): Promise<number> {
  if (positionals.length !== 1) {
    throw new UsageError('undo takes exactly one BACKUP file (printed by apply)');
  }
  const session = sessionFrom(values);
  const change = await loadBackup(positionals[0]);
  const repository = change.repository;
  try {
    const gateway = await createSdkPolicyGateway(
      session.connection,
      repository.region,
      repository,
      session.log,
    );
    const outcome = await undoPolicyChange(
      gateway,
      change,
      {
        profile: session.connection.profile,
        confirm: async (currentText) => {
          const before = currentText === null ? '' : prettyPolicy(currentText);
          const after = change.previousText === null ? '' : prettyPolicy(change.previousText);
          process.stdout.write(unifiedDiff(repository, before, after, 'current', 'restored'));
          if (change.previousText === null) {
            process.stdout.write('The repository had no policy before: undo deletes the policy.\n');
          }
          return confirmWrite(session, `Restore the previous policy of ${repository.repository}?`);
        },
      },
      session.log,
    );
    switch (outcome.status) {
      case 'restored':
        process.stdout.write(
          `Restored the previous policy of ${describeRepository(repository)}.\n`,
        );
        return APPLY_EXIT.done;
      case 'cancelled':
        return notConfirmed(session);
      case 'changed-since-apply':
        process.stderr.write(
          `The policy of ${repository.repository} changed since it was applied; undo would lose ` +
            'that edit. Nothing was written.\n',
        );
        return APPLY_EXIT.refused;
    }
  } catch (error) {
    return reportApplyError(error);
  }
}

function sessionFrom(values: ApplyArguments['values']): ApplySession {
  const endpointProblem = checkEndpoint(values.endpoint);
  if (endpointProblem !== null) {
    throw new UsageError(endpointProblem);
  }
  if (values['dry-run'] && values.yes) {
    throw new UsageError('give either --dry-run or --yes, not both');
  }
  return {
    connection: { profile: values.profile, endpoint: values.endpoint || undefined },
    dryRun: values['dry-run'] ?? false,
    assumeYes: values.yes ?? false,
    backupFolder: values['backup-dir'] ?? defaultBackupFolder(process.env),
    log: values.verbose ? stderrLog : quietLog,
  };
}

function singleImage(positionals: string[]): EcrImage {
  if (positionals.length !== 1) {
    throw new UsageError('apply takes exactly one IMAGE (or --all FILE...)');
  }
  const reference = parseImageReference(positionals[0]);
  if (reference.kind === 'ecr') {
    return reference.image;
  }
  throw new UsageError(
    reference.kind === 'invalid-ecr'
      ? `invalid ECR image: ${reference.problem}`
      : `'${positionals[0]}' is not a private ECR image; no repository policy applies`,
  );
}

/** Every distinct cross-account repository the templates pull from. */
async function crossAccountImages(
  inputs: string[],
  principal: ClusterPrincipal,
): Promise<EcrImage[]> {
  if (inputs.length === 0) {
    throw new UsageError('apply --all needs at least one template file or folder');
  }
  const found = new Map<string, EcrImage>();
  try {
    for (const file of await resolveTemplateFiles(inputs)) {
      for (const site of parseTemplate(await readTemplateFile(file)).images) {
        const reference = parseImageReference(site.reference);
        if (reference.kind === 'ecr' && reference.image.registryId !== principal.accountId) {
          const { image } = reference;
          found.set(`${image.registryId}/${image.region}/${image.repository}`, image);
        }
      }
    }
  } catch (error) {
    throw error instanceof UnreadableInputError ? new UsageError(error.message) : error;
  }
  return [...found.values()];
}

async function applyToImage(image: EcrImage, principal: ClusterPrincipal, session: ApplySession) {
  const repository = repositoryRefOf(image);
  const statement = buildPullStatement(principal, image.partition);
  process.stdout.write(`\n== ${image.repository} (account ${image.registryId}, ${image.region})\n`);
  try {
    const gateway = await createSdkPolicyGateway(
      session.connection,
      image.region,
      image,
      session.log,
    );
    const outcome = await applyPullStatement(
      gateway,
      repository,
      statement,
      {
        profile: session.connection.profile,
        confirm: (preview) => confirmPreview(preview, session),
      },
      session.log,
    );
    return await reportOutcome(outcome, session);
  } catch (error) {
    if (error instanceof PolicyApplyError && error.change !== undefined) {
      // Written but not verified: keep the previous policy so the change can be undone.
      await reportBackup(session, error.change);
    }
    return reportApplyError(error);
  }
}

async function confirmPreview(preview: PolicyPreview, session: ApplySession): Promise<boolean> {
  process.stdout.write(
    unifiedDiff(
      preview.repository,
      preview.currentDisplayText,
      preview.mergedDisplayText,
      'current',
      'merged',
    ),
  );
  if (session.dryRun) {
    return false;
  }
  return confirmWrite(
    session,
    `Apply this policy to ${preview.repository.repository} in account ` +
      `${preview.repository.registryId} (${preview.repository.region}) as ${preview.callerArn}?`,
  );
}

async function confirmWrite(session: ApplySession, question: string): Promise<boolean> {
  if (session.dryRun) {
    return false;
  }
  if (session.assumeYes) {
    return true;
  }
  if (!process.stdin.isTTY) {
    process.stderr.write(
      'Not confirmed: standard input is not a terminal. Re-run with --yes to write.\n',
    );
    return false;
  }
  return askYesNo(question);
}

async function reportOutcome(outcome: ApplyOutcome, session: ApplySession): Promise<number> {
  switch (outcome.status) {
    case 'applied': {
      process.stdout.write(
        `Applied and verified the policy of ${describeRepository(outcome.change.repository)}.\n`,
      );
      await reportBackup(session, outcome.change);
      return APPLY_EXIT.done;
    }
    case 'already-granted':
      process.stdout.write(
        'The policy already grants the cluster pull access: nothing to write.\n',
      );
      return APPLY_EXIT.done;
    case 'cancelled':
      return notConfirmed(session);
    case 'changed-since-preview': {
      const fresh = outcome.freshPreview;
      process.stderr.write(
        `The policy of ${fresh.repository.repository} changed after the preview; nothing was ` +
          'written. Review the fresh preview below and run apply again.\n',
      );
      process.stdout.write(
        unifiedDiff(
          fresh.repository,
          fresh.currentDisplayText,
          fresh.mergedDisplayText,
          'current',
          'merged',
        ),
      );
      return APPLY_EXIT.refused;
    }
  }
}

/**
 * Keeps the previous policy for undo. The write has happened by now, so a backup that cannot
 * be saved must not lose that text: it goes to stderr instead, and the run goes on.
 */
async function reportBackup(session: ApplySession, change: AppliedPolicyChange): Promise<void> {
  try {
    const backup = await saveBackup(session.backupFolder, change);
    process.stdout.write(
      `Previous policy saved to ${backup}\nUndo with: releasehub-ecr undo ${backup}\n`,
    );
  } catch (error) {
    const previous = change.previousText ?? '(none: the repository had no policy)';
    process.stderr.write(
      `releasehub-ecr: could not save the backup in ${session.backupFolder} ` +
        `(${(error as Error).message}). The previous policy was:\n${previous}\n`,
    );
  }
}

function notConfirmed(session: ApplySession): number {
  if (session.dryRun) {
    process.stdout.write('Dry run: nothing was written.\n');
    return APPLY_EXIT.done;
  }
  process.stdout.write('Not applied.\n');
  return APPLY_EXIT.notConfirmed;
}

function reportApplyError(error: unknown): number {
  if (error instanceof PolicyApplyError) {
    process.stderr.write(`releasehub-ecr: ${error.message}\n`);
    // A verify failure comes after the write: it is no refusal, AWS did not do as asked.
    return error.kind === 'verify-failed' ? APPLY_EXIT.awsError : APPLY_EXIT.refused;
  }
  if (error instanceof AwsActionError) {
    process.stderr.write(`releasehub-ecr: ${error.message}\n`);
    return APPLY_EXIT.awsError;
  }
  throw error;
}

function unifiedDiff(
  repository: RepositoryRef,
  before: string,
  after: string,
  from: string,
  to: string,
) {
  const name = `${repository.registryId}/${repository.repository}`;
  return createTwoFilesPatch(`${name} (${from})`, `${name} (${to})`, before, after, '', '', {
    context: 3,
  });
}

const quietLog: AwsLog = {
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: (message) => process.stderr.write(`${message}\n`),
};

const stderrLog: AwsLog = {
  info: (message) => process.stderr.write(`[info] ${message}\n`),
  debug: (message) => process.stderr.write(`[debug] ${message}\n`),
  warn: (message) => process.stderr.write(`[warn] ${message}\n`),
  error: (message) => process.stderr.write(`[error] ${message}\n`),
};
