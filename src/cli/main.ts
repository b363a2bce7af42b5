import { ParseArgsConfig, parseArgs } from 'util';
import { runApply, runUndo } from './applyCommand';
import { runCheck } from './checkCommand';
import { runPolicy } from './policyCommand';
import { UsageError } from './usageError';

const USAGE = `Usage:
  releasehub-ecr check [--cluster-account ID | --cluster-principal ARN] --cluster-region REGION
                       [--format text|json|sarif] [--show-policies] [--exit-zero]
                       [--live [--profile P] [--endpoint URL]] PATH...
  releasehub-ecr policy (--cluster-account ID | --cluster-principal ARN) IMAGE
  releasehub-ecr apply (--cluster-account ID | --cluster-principal ARN) [--profile P]
                       [--dry-run | --yes] [--endpoint URL] [--backup-dir DIR] [--verbose]
                       (IMAGE | --all PATH...)
  releasehub-ecr undo [--profile P] [--yes] [--endpoint URL] BACKUP

PATH is a template file or a folder searched for ReleaseHub templates.
The cluster may also come from RELEASEHUB_CLUSTER_ACCOUNT and RELEASEHUB_CLUSTER_REGION.
check exits 0 with no warnings or errors, 1 with findings to fix, 2 on a usage error or
unreadable input. apply and undo exit 0 when done (or nothing to do, or a dry run),
2 on a usage error, 3 when not confirmed, 4 when refused before writing (wrong account,
policy changed meanwhile, invalid policy), 5 when an AWS call failed or a write could not be verified.`;

export const EXIT_CLEAN = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(parseArgs(checkOptions(rest)));
      case 'policy':
        return runPolicy(parseArgs(policyOptions(rest)));
      case 'apply':
        return await runApply(parseArgs(applyOptions(rest)));
      case 'undo':
        return await runUndo(parseArgs(applyOptions(rest)));
      case '--help':
      case '-h':
      case 'help':
        process.stdout.write(`${USAGE}\n`);
        return EXIT_CLEAN;
      case undefined:
        throw new UsageError('no command given');
      default:
        throw new UsageError(`unknown command '${command}'`);
    }
  } catch (error) {
    return reportFailure(error);
  }
}

/** Who pulls: the cluster's IAM user, by account or by ARN. Every command takes these. */
const PRINCIPAL_FLAGS = {
  'cluster-account': { type: 'string' },
  'cluster-principal': { type: 'string' },
} as const;

/** Where AWS calls go and with which credentials. */
const AWS_FLAGS = {
  profile: { type: 'string' },
  endpoint: { type: 'string' },
} as const;

function commandOptions<Options extends ParseArgsConfig['options']>(
  args: string[],
  options: Options,
) {
  return { args, allowPositionals: true, strict: true, options } as const;
}

function checkOptions(args: string[]) {
  return commandOptions(args, {
    ...PRINCIPAL_FLAGS,
    ...AWS_FLAGS,
    'cluster-region': { type: 'string' },
    format: { type: 'string', default: 'text' },
    'show-policies': { type: 'boolean', default: false },
    'exit-zero': { type: 'boolean', default: false },
    live: { type: 'boolean', default: false },
  } as const);
}

function policyOptions(args: string[]) {
  return commandOptions(args, PRINCIPAL_FLAGS);
}

function applyOptions(args: string[]) {
  return commandOptions(args, {
    ...PRINCIPAL_FLAGS,
    ...AWS_FLAGS,
    'dry-run': { type: 'boolean', default: false },
    yes: { type: 'boolean', short: 'y', default: false },
    all: { type: 'boolean', default: false },
    'backup-dir': { type: 'string' },
    verbose: { type: 'boolean', default: false },
  } as const);
}

function reportFailure(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const isUsage =
    error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  // One line, so scripts can show it as it is.
  const hint = isUsage ? ` (run 'releasehub-ecr --help' for usage)` : '';
  process.stderr.write(`releasehub-ecr: ${message.replace(/\s*\n\s*/g, ' ')}${hint}\n`);
  return EXIT_USAGE;
}
