import { parseArgs } from 'util';
import { runCheck } from './checkCommand';
import { runPolicy } from './policyCommand';
import { UsageError } from './usageError';

const USAGE = `Usage:
  releasehub-ecr check [--cluster-account ID | --cluster-principal ARN] --cluster-region REGION
                       [--format text|json|sarif] [--show-policies] [--exit-zero] PATH...
  releasehub-ecr policy (--cluster-account ID | --cluster-principal ARN) IMAGE

PATH is a template file or a folder searched for ReleaseHub templates.
The cluster may also come from RELEASEHUB_CLUSTER_ACCOUNT and RELEASEHUB_CLUSTER_REGION.
Exit codes: 0 no warnings or errors, 1 findings to fix, 2 usage error or unreadable input.`;

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

function checkOptions(args: string[]) {
  return {
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'cluster-account': { type: 'string' },
      'cluster-principal': { type: 'string' },
      'cluster-region': { type: 'string' },
      format: { type: 'string', default: 'text' },
      'show-policies': { type: 'boolean', default: false },
      'exit-zero': { type: 'boolean', default: false },
    },
  } as const;
}

function policyOptions(args: string[]) {
  return {
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'cluster-account': { type: 'string' },
      'cluster-principal': { type: 'string' },
    },
  } as const;
}

function reportFailure(error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const isUsage =
    error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`releasehub-ecr: ${message}\n`);
  if (isUsage) {
    process.stderr.write(`Run 'releasehub-ecr --help' for usage.\n`);
  }
  return EXIT_USAGE;
}
