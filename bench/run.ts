/**
 * `npm run bench`: times the analysis against a bare YAML parse and against
 * yaml-language-server, on generated templates and on the project's examples, and writes
 * the figures to docs/benchmarks.md. Not part of the test suite.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseAllDocuments, parseDocument } from 'yaml';
import { analyzeTemplate } from '../src/core/analysis';
import { ClusterSettings, parseClusterSettings } from '../src/core/clusterSettings';
import { templateParseOptions } from '../src/core/templateParser';
import {
  BenchmarkFigures,
  BundleFigures,
  InputFigures,
  MemoryFigures,
  OperationTimes,
  renderReport,
} from './benchmarkReport';
import { toReplicaDiagnostics } from './diagnosticReplica';
import { BENCH_CLUSTER, generateTemplate } from './templateGenerator';
import {
  RoundPlan,
  SLOW_CALL_MEASURED_ROUNDS,
  SLOW_CALL_MS,
  TimedOperation,
  collectGarbage,
  kept,
  timeInRounds,
} from './timing';
import { YamlLanguageServerPeer } from './yamlLanguageServerPeer';
import { measureEventLoopBlock } from './eventLoopBlock';

const SERVICE_COUNTS = [100, 500, 2_000, 10_000];
// `--sizes 100,500` measures only those, for a quick look; the report is still written.
const SIZES_FLAG = '--sizes';
const MINIMUM_SAMPLE_MS = 20;
// Above 1 MiB a call of ours takes a second or more: fewer rounds keep the run to minutes.
const SMALL_INPUT_PLAN: RoundPlan = {
  warmUpRounds: 5,
  measuredRounds: 31,
  minimumSampleMs: MINIMUM_SAMPLE_MS,
};
const LARGE_INPUT_PLAN: RoundPlan = {
  warmUpRounds: 2,
  measuredRounds: 11,
  minimumSampleMs: MINIMUM_SAMPLE_MS,
};
const LARGE_INPUT_BYTES = 1024 * 1024;

// Compiled to out/bench/run.js; the repository is two folders up.
const REPOSITORY_ROOT = path.resolve(__dirname, '..', '..');
const NPM_COMMAND = 'npm run bench';

interface BenchInput {
  readonly label: string;
  readonly services: number | null;
  readonly text: string;
}

function benchCluster(): ClusterSettings {
  const parsed = parseClusterSettings(BENCH_CLUSTER.account, BENCH_CLUSTER.region);
  if (!parsed.ok) {
    throw new Error(`The benchmark's cluster settings are invalid: ${parsed.error}`);
  }
  return parsed.value;
}

function exampleInputs(): BenchInput[] {
  const examplesFolder = path.join(REPOSITORY_ROOT, 'examples');
  const files = fs
    .readdirSync(examplesFolder, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .sort();
  return files.map((file) => ({
    label: `examples/${file.split(path.sep).join('/')}`,
    services: null,
    text: fs.readFileSync(path.join(examplesFolder, file), 'utf8'),
  }));
}

async function measureInput(
  input: BenchInput,
  cluster: ClusterSettings,
  peer: YamlLanguageServerPeer,
): Promise<InputFigures> {
  const { text } = input;
  const findings = analyzeTemplate(text, cluster).findings;
  const operations: TimedOperation[] = [
    { name: 'parseDocument', run: () => parseDocument(text) },
    {
      name: 'parseAllDocuments',
      run: () => parseAllDocuments(text, templateParseOptions()),
    },
    { name: 'analysis', run: () => analyzeTemplate(text, cluster) },
    { name: 'analysisWithoutCluster', run: () => analyzeTemplate(text, null) },
    { name: 'diagnostics', run: () => toReplicaDiagnostics(text, findings) },
  ];
  const plan = text.length >= LARGE_INPUT_BYTES ? LARGE_INPUT_PLAN : SMALL_INPUT_PLAN;
  const samples = await timeInRounds(operations, plan);

  // The peer runs on its own, after ours: its garbage and its cached document would otherwise
  // weigh on whichever operation runs next.
  const peerOperation = { name: 'peerValidation', run: () => peer.validate(text), isAsync: true };
  const peerSamples = await timeInRounds([peerOperation], plan);
  await peer.forgetDocument();
  const timeOf = (name: keyof OperationTimes) =>
    name === 'peerValidation' ? peerSamples.median(name) : samples.median(name);

  const figures: InputFigures = {
    label: input.label,
    services: input.services,
    lines: text.split('\n').length - (text.endsWith('\n') ? 1 : 0),
    bytes: Buffer.byteLength(text),
    findings: findings.length,
    times: {
      parseDocument: timeOf('parseDocument'),
      parseAllDocuments: timeOf('parseAllDocuments'),
      analysis: timeOf('analysis'),
      analysisWithoutCluster: timeOf('analysisWithoutCluster'),
      diagnostics: timeOf('diagnostics'),
      peerValidation: timeOf('peerValidation'),
    },
    analysisOverParse: samples.pairedRatio('analysis', 'parseDocument'),
    analysisOverParseAll: samples.pairedRatio('analysis', 'parseAllDocuments'),
  };
  const { times } = figures;
  console.error(
    `${input.label}: parse ${times.parseDocument.toFixed(2)} ms, ` +
      `analysis ${times.analysis.toFixed(2)} ms, peer ${times.peerValidation.toFixed(2)} ms`,
  );
  return figures;
}

/** Heap growth across `produce`, after a full GC; the result stays referenced meanwhile. */
function retainedHeap(produce: () => unknown): { retained: number; beforeCollection: number } {
  collectGarbage();
  collectGarbage();
  const before = process.memoryUsage().heapUsed;
  kept.result = produce();
  const beforeCollection = process.memoryUsage().heapUsed - before;
  collectGarbage();
  collectGarbage();
  const retained = process.memoryUsage().heapUsed - before;
  kept.result = null;
  return { retained, beforeCollection };
}

function measureMemory(input: BenchInput, cluster: ClusterSettings): MemoryFigures | null {
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    return null;
  }
  const parse = retainedHeap(() => parseDocument(input.text));
  const analysis = retainedHeap(() => analyzeTemplate(input.text, cluster));
  return {
    services: input.services ?? 0,
    textBytes: Buffer.byteLength(input.text),
    parseDocumentRetained: parse.retained,
    analysisRetained: analysis.retained,
    analysisBeforeCollection: analysis.beforeCollection,
  };
}

function fileSize(file: string): number | null {
  return fs.existsSync(file) ? fs.statSync(file).size : null;
}

/**
 * Whether the activation bundle loads this chunk. dist/ is not cleaned between builds, so a
 * chunk of an earlier build can linger; webpack's runtime names the chunks it loads, by
 * `"name"` or by number in `.e(413)`.
 */
function isLoadedBy(bundle: string, chunkName: string): boolean {
  return /^\d+$/.test(chunkName)
    ? new RegExp(`\\.e\\(\\s*(?:/\\*[^*]*\\*/\\s*)?${chunkName}\\s*\\)`).test(bundle)
    : bundle.includes(`"${chunkName}"`);
}

function measureBundle(): BundleFigures {
  const dist = path.join(REPOSITORY_ROOT, 'dist');
  const files = fs.existsSync(dist) ? fs.readdirSync(dist) : [];
  const activationFile = path.join(dist, 'extension.js');
  const bundle = fs.existsSync(activationFile) ? fs.readFileSync(activationFile, 'utf8') : '';
  const chunks = files
    .map((file) => ({ file, name: /^extension\.(.+)\.chunk\.js$/.exec(file)?.[1] }))
    .filter((chunk): chunk is { file: string; name: string } => chunk.name !== undefined)
    .sort((a, b) => a.file.localeCompare(b.file))
    .map((chunk) => ({
      file: `dist/${chunk.file}`,
      bytes: fileSize(path.join(dist, chunk.file)) ?? 0,
      loaded: isLoadedBy(bundle, chunk.name),
    }));
  return {
    activationBytes: fileSize(activationFile),
    awsChunks: chunks.filter((chunk) => chunk.loaded),
    staleChunks: chunks.filter((chunk) => !chunk.loaded),
    cliBytes: fileSize(path.join(dist, 'cli.js')),
    parseWorkerBytes: fileSize(path.join(dist, 'parseWorker.js')),
  };
}

function describeMachine(): BenchmarkFigures['machine'] {
  const cpus = os.cpus();
  const script = path.relative(REPOSITORY_ROOT, process.argv[1] ?? 'out/bench/run.js');
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown CPU',
    cores: cpus.length,
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    command: NPM_COMMAND,
    nodeCommand: ['node', ...process.execArgv, script].join(' '),
  };
}

function serviceCounts(): number[] {
  const flag = process.argv.indexOf(SIZES_FLAG);
  if (flag === -1) {
    return SERVICE_COUNTS;
  }
  const counts = (process.argv[flag + 1] ?? '').split(',').map(Number);
  if (counts.length === 0 || counts.some((count) => !Number.isInteger(count) || count < 1)) {
    throw new Error(`${SIZES_FLAG} takes service counts separated by commas, e.g. 100,500`);
  }
  return counts;
}

async function main(): Promise<void> {
  const cluster = benchCluster();
  const peer = new YamlLanguageServerPeer();
  const generatedInputs: BenchInput[] = serviceCounts().map((services) => ({
    label: `${services.toLocaleString('en-US')} services`,
    services,
    text: generateTemplate(services),
  }));

  const generated: InputFigures[] = [];
  for (const input of generatedInputs) {
    generated.push(await measureInput(input, cluster, peer));
  }
  const examples: InputFigures[] = [];
  for (const input of exampleInputs()) {
    examples.push(await measureInput(input, cluster, peer));
  }

  const largest = generatedInputs[generatedInputs.length - 1];
  const blocking = await measureEventLoopBlock(
    largest.text,
    largest.services ?? 0,
    cluster,
    path.join(REPOSITORY_ROOT, 'dist', 'parseWorker.js'),
  );
  const report = renderReport({
    blocking,
    machine: describeMachine(),
    generated,
    examples,
    memory: measureMemory(generatedInputs[generatedInputs.length - 1], cluster),
    bundle: measureBundle(),
    rounds: {
      warmUp: SMALL_INPUT_PLAN.warmUpRounds,
      measured: SMALL_INPUT_PLAN.measuredRounds,
      largeWarmUp: LARGE_INPUT_PLAN.warmUpRounds,
      largeMeasured: LARGE_INPUT_PLAN.measuredRounds,
      largeInputMiB: LARGE_INPUT_BYTES / 1024 / 1024,
    },
    minimumSampleMs: MINIMUM_SAMPLE_MS,
    slowCall: { ms: SLOW_CALL_MS, measuredRounds: SLOW_CALL_MEASURED_ROUNDS },
  });
  const reportFile = path.join(REPOSITORY_ROOT, 'docs', 'benchmarks.md');
  fs.mkdirSync(path.dirname(reportFile), { recursive: true });
  fs.writeFileSync(reportFile, report);
  console.log(report);
  console.error(`Wrote ${path.relative(REPOSITORY_ROOT, reportFile)}`);
}

let finished = false;
// Node exits quietly, with status 0, when it waits on a promise that nothing will settle.
process.on('exit', () => {
  if (!finished && process.exitCode === undefined) {
    console.error('The benchmark stopped before writing its report (a promise never settled).');
    process.exitCode = 1;
  }
});

main()
  .then(() => {
    finished = true;
  })
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
