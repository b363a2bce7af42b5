import { constants as fsConstants, promises as fs } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { AppliedPolicyChange } from '../aws/policyApplier';
import { UsageError } from './usageError';

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

export async function loadBackup(file: string): Promise<AppliedPolicyChange> {
  let parsed: Partial<AppliedPolicyChange> & { format?: number };
  try {
    parsed = JSON.parse(await fs.readFile(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new UsageError(`cannot read backup ${file}: ${(error as Error).message}`);
  }
  const repository = parsed.repository;
  if (
    parsed.format !== BACKUP_FORMAT ||
    typeof repository?.registryId !== 'string' ||
    typeof repository.region !== 'string' ||
    typeof repository.repository !== 'string' ||
    typeof parsed.appliedText !== 'string' ||
    (parsed.previousText !== null && typeof parsed.previousText !== 'string')
  ) {
    throw new UsageError(`${file} is not a backup written by releasehub-ecr apply`);
  }
  return parsed as AppliedPolicyChange;
}
