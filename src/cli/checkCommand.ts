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

  const checked = await checkFiles(positionals, cluster);
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
