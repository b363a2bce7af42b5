import { constants as fsConstants, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppliedPolicyChange } from '../aws/policyApplier';
import { isRegion, partitionOfRegion } from '../core/partition';
import { POLICY_TEXT_LIMIT, parsePolicyDocument } from '../core/policyDocument';
import { UsageError } from './usageError';

// ECR's repository-name shape; the backup's name is checked before it steers an AWS call.
const REPOSITORY_NAME =
  /^(?:[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*\/)*[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*$/;

const BACKUP_FORMAT = 1;

/** `$XDG_STATE_HOME/releasehub-ecr/backups`, else `~/.local/state/releasehub-ecr/backups`. */
export function defaultBackupFolder(env: NodeJS.ProcessEnv): string {
  const stateHome = env.XDG_STATE_HOME || path.join(os.homedir(), '.local', 'state');
  return path.join(stateHome, 'releasehub-ecr', 'backups');
}

/**
 * Creates the backup folder and checks it is writable, so that apply stops before any write
 * when it could not keep what undo needs.
 */
export async function prepareBackupFolder(folder: string): Promise<void> {
  try {
    await fs.mkdir(folder, { recursive: true, mode: 0o700 });
    await fs.access(folder, fsConstants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot keep policy backups in ${folder}: ${(error as Error).message}`);
  }
}

/** Writes the change (with the previous policy text) where `undo` can find it again. */
export async function saveBackup(folder: string, change: AppliedPolicyChange): Promise<string> {
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const { repository } = change;
  const stamp = change.appliedAt.replace(/[:.]/g, '-');
  const name = `${repository.registryId}-${repository.region}-${repository.repository.replace(/\//g, '_')}-${stamp}.json`;
  const file = path.join(folder, name);
  await fs.writeFile(file, `${JSON.stringify({ format: BACKUP_FORMAT, ...change }, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  });
  return file;
}

/**
 * Reads a backup back, trusting nothing in it: a hand-edited file must not steer undo to
 * another region or write a policy ECR would reject.
 */
export async function loadBackup(file: string): Promise<AppliedPolicyChange> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read backup ${file}: ${(error as Error).message}`);
  }
  const change = parsed as Partial<AppliedPolicyChange> & { format?: number };
  const repository = change?.repository;
  const notABackup = (why: string) =>
    new UsageError(`${file} is not a backup written by releasehub-ecr apply (${why})`);

  if (typeof parsed !== 'object' || parsed === null || change.format !== BACKUP_FORMAT) {
    throw notABackup('unknown format');
  }
  if (typeof repository?.registryId !== 'string' || !/^\d{12}$/.test(repository.registryId)) {
    throw notABackup('no 12-digit registry account');
  }
  if (typeof repository.region !== 'string' || !isRegion(repository.region)) {
    throw notABackup('no valid region');
  }
  if (typeof repository.repository !== 'string' || !REPOSITORY_NAME.test(repository.repository)) {
    throw notABackup('no valid repository name');
  }
  if (typeof change.appliedText !== 'string' || typeof change.appliedAt !== 'string') {
    throw notABackup('no applied policy');
  }
  if (change.previousText !== null) {
    const problem = problemOfPreviousPolicy(change.previousText);
    if (problem !== null) {
      throw notABackup(`the previous policy is not writable: ${problem}`);
    }
  }
  return {
    repository: {
      registryId: repository.registryId,
      region: repository.region,
      partition: partitionOfRegion(repository.region),
      repository: repository.repository,
      fips: repository.fips === true,
      dualStack: repository.dualStack === true,
    },
    previousText: change.previousText ?? null,
    appliedText: change.appliedText,
    appliedAt: change.appliedAt,
  };
}

function problemOfPreviousPolicy(text: unknown): string | null {
  if (typeof text !== 'string') {
    return 'missing';
  }
  if (text.length > POLICY_TEXT_LIMIT) {
    return `over ECR's ${POLICY_TEXT_LIMIT}-character limit`;
  }
  try {
    parsePolicyDocument(text);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
