import { analyzeTemplate } from '../core/analysis';
import { ClusterSettings } from '../core/clusterSettings';
import { isBlocking } from '../core/finding';
import { clusterFromOptions } from './clusterOptions';
import { jsonReport } from './reports/jsonReport';
import { CheckedFile, reportedFindings } from './reports/reportModel';
import { sarifReport } from './reports/sarifReport';
import { policiesReport, summaryLine, textReport } from './reports/textReport';
import { readTemplateFile, resolveTemplateFiles, UnreadableInputError } from './templateFiles';
import { UsageError } from './usageError';
import { toolVersion } from './toolVersion';
import { checkEndpoint } from '../aws/awsConnection';
import { AwsLog } from '../aws/awsLog';
import { withLiveAccess } from './liveCheck';

// Live-check failures show in the findings' messages; the log stays off the report streams.
const quietLog: AwsLog = {
  info: () => undefined,
  debug: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

interface CheckArguments {
  values: {
    'cluster-account'?: string;
    'cluster-principal'?: string;
    'cluster-region'?: string;
    format?: string;
    'show-policies'?: boolean;
    'exit-zero'?: boolean;
    live?: boolean;
    profile?: string;
    endpoint?: string;
  };
  positionals: string[];
}

export async function runCheck({ values, positionals }: CheckArguments): Promise<number> {
  const format = values.format ?? 'text';
  if (!FORMATS.includes(format as Format)) {
    throw new UsageError(`unknown --format '${format}' (use text, json or sarif)`);
  }
  if (positionals.length === 0) {
    throw new UsageError('no template file or folder given');
  }
  const cluster = clusterFromOptions(values, process.env);

  const endpointProblem = checkEndpoint(values.endpoint);
  if (endpointProblem !== null) {
    throw new UsageError(endpointProblem);
  }
  if (!values.live && (values.profile !== undefined || values.endpoint !== undefined)) {
    throw new UsageError('--profile and --endpoint need --live');
  }

  const offline = await checkFiles(positionals, cluster);
  const checked = values.live
    ? await withLiveAccess(
        offline,
        cluster,
        { profile: values.profile, endpoint: values.endpoint },
        quietLog,
      )
    : offline;
  const findings = reportedFindings(checked);

  if (format === 'json') {
    process.stdout.write(`${jsonReport(cluster, findings)}\n`);
  } else if (format === 'sarif') {
    process.stdout.write(`${sarifReport(cluster, findings, toolVersion())}\n`);
  } else {
    const lines = [textReport(findings), summaryLine(findings, checked.length)];
    if (values['show-policies']) {
      lines.push('', policiesReport(findings));
    }
    process.stdout.write(`${lines.filter((line, i) => line !== '' || i > 0).join('\n')}\n`);
  }

  const blocking = findings.some((item) => isBlocking(item.finding));
  return blocking && !values['exit-zero'] ? 1 : 0;
}

async function checkFiles(
  inputs: readonly string[],
  cluster: ClusterSettings,
): Promise<CheckedFile[]> {
  try {
    const files = await resolveTemplateFiles(inputs);
    const checked: CheckedFile[] = [];
    for (const file of files) {
      const text = await readTemplateFile(file);
      checked.push({ file, analysis: analyzeTemplate(text, cluster) });
    }
    return checked;
  } catch (error) {
    if (error instanceof UnreadableInputError) {
      throw new UsageError(error.message);
    }
    throw error;
  }
}
