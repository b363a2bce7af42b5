/** Renders the benchmark's figures as the Markdown page docs/benchmarks.md. */
import { OFF_THREAD_MIN_CHARS } from '../src/offThread/templateParseThread';
import { EventLoopBlockFigures } from './eventLoopBlock';

/** What each input was timed for; the keys are the columns of the report. */
export interface OperationTimes {
  /** (a) `yaml`'s parseDocument, the floor the issue names. */
  readonly parseDocument: number;
  /** (a′) What our parser asks of `yaml`: parseAllDocuments with its options. */
  readonly parseAllDocuments: number;
  /** (b) analyzeTemplate, text to findings, cluster configured. */
  readonly analysis: number;
  /** (b₀) analyzeTemplate with no cluster configured. */
  readonly analysisWithoutCluster: number;
  /** (c) Findings to editor diagnostics, as the extension converts them. */
  readonly diagnostics: number;
  /** (d) yaml-language-server's doValidation, no schema. */
  readonly peerValidation: number;
}

export interface InputFigures {
  readonly label: string;
  /** Null for the project's examples, whose size is what it is. */
  readonly services: number | null;
  readonly lines: number;
  readonly bytes: number;
  readonly findings: number;
  readonly times: OperationTimes;
  /** (b)/(a) and (b)/(a′), each the median of the ratios within a round. */
  readonly analysisOverParse: number;
  readonly analysisOverParseAll: number;
}

export interface MemoryFigures {
  readonly services: number;
  readonly textBytes: number;
  /** Heap still held by a parsed `yaml` Document after a full GC. */
  readonly parseDocumentRetained: number;
  /** Heap still held by the analysis result (parse + findings) after a full GC. */
  readonly analysisRetained: number;
  /** Heap growth right after the analysis, before any forced GC: garbage included. */
  readonly analysisBeforeCollection: number;
}

export interface BundleFigures {
  readonly activationBytes: number | null;
  /** Chunks the activation bundle loads on first use (the AWS SDK). */
  readonly awsChunks: readonly { readonly file: string; readonly bytes: number }[];
  /** Chunk files of an earlier build that the current bundle never loads. */
  readonly staleChunks: readonly { readonly file: string; readonly bytes: number }[];
  readonly cliBytes: number | null;
  /** The parse thread's own bundle, started for big templates. */
  readonly parseWorkerBytes: number | null;
}

export interface MachineFigures {
  readonly cpu: string;
  readonly cores: number;
  readonly node: string;
  readonly platform: string;
  readonly date: string;
  readonly command: string;
  readonly nodeCommand: string;
}

export interface BenchmarkFigures {
  readonly machine: MachineFigures;
  readonly generated: readonly InputFigures[];
  readonly examples: readonly InputFigures[];
  readonly memory: MemoryFigures | null;
  readonly blocking: EventLoopBlockFigures;
  readonly bundle: BundleFigures;
  /** Rounds per input, and fewer for inputs above `largeInputMiB`. */
  readonly rounds: {
    readonly warmUp: number;
    readonly measured: number;
    readonly largeWarmUp: number;
    readonly largeMeasured: number;
    readonly largeInputMiB: number;
  };
  readonly minimumSampleMs: number;
  /** Calls at least this slow get fewer rounds. */
  readonly slowCall: { readonly ms: number; readonly measuredRounds: number };
}

// The targets; measured and reported here, never asserted by the tests.
const FLOOR_RATIO_TARGET = 1.1;
// "Linear growth" is judged against the bare parse, which itself grows a little faster than
// the text (its garbage collection works on an ever bigger heap): the analysis must add no
// growth of its own.
const RELATIVE_LINEARITY_TARGET = 1.1;

function milliseconds(value: number): string {
  if (value >= 100) {
    return value.toFixed(0);
  }
  return value >= 10 ? value.toFixed(1) : value.toPrecision(3);
}

function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

function kibibytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(bytes < 10 * 1024 ? 1 : 0)} KiB`;
}

function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function timingTable(inputs: readonly InputFigures[]): string[] {
  const rows = [
    '| template | lines | size | findings | (a) parseDocument | (a′) parseAll, our options ' +
      '| (b) analysis | (b₀) no cluster | (c) diagnostics | (d) yaml-language-server ' +
      '| (b)/(a) | (b)/(a′) | (b)/(d) | (b+c)/(d) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|',
  ];
  for (const input of inputs) {
    const { times } = input;
    rows.push(
      `| ${input.label} | ${input.lines} | ${kibibytes(input.bytes)} | ${input.findings} ` +
        `| ${milliseconds(times.parseDocument)} | ${milliseconds(times.parseAllDocuments)} ` +
        `| ${milliseconds(times.analysis)} | ${milliseconds(times.analysisWithoutCluster)} ` +
        `| ${milliseconds(times.diagnostics)} | ${milliseconds(times.peerValidation)} ` +
        `| ${ratio(input.analysisOverParse)} ` +
        `| ${ratio(input.analysisOverParseAll)} ` +
        `| ${ratio(times.analysis / times.peerValidation)} ` +
        `| ${ratio((times.analysis + times.diagnostics) / times.peerValidation)} |`,
    );
  }
  return rows;
}

const GROWTH_COLUMNS: readonly (readonly [keyof OperationTimes, string])[] = [
  ['parseDocument', '(a) parseDocument'],
  ['parseAllDocuments', '(a′) parseAllDocuments, our options'],
  ['analysis', '(b) analysis'],
  ['analysisWithoutCluster', '(b₀) analysis, no cluster'],
  ['diagnostics', '(c) diagnostics'],
  ['peerValidation', '(d) yaml-language-server'],
];

/** Time at the largest size over time at the smallest, against how much the text grew. */
function growthTable(smallest: InputFigures, largest: InputFigures): string[] {
  const textGrowth = largest.bytes / smallest.bytes;
  const rows = [
    `Text grew ${textGrowth.toFixed(1)}× from ${smallest.label} to ${largest.label}. ` +
      'Linearity is the time growth over the text growth: 1.00 is exactly linear. The bare ' +
      'parse is above 1.00 too, as its garbage collection works on an ever bigger heap; ' +
      '(c) is above it because each finding is a binary search in the line table, as in ' +
      "the editor's own `positionAt`, and the mix of findings is not the same at each size.",
    '',
    `| operation | ${smallest.label} | ${largest.label} | growth | linearity |`,
    '|---|--:|--:|--:|--:|',
  ];
  for (const [key, name] of GROWTH_COLUMNS) {
    const growth = largest.times[key] / smallest.times[key];
    rows.push(
      `| ${name} | ${milliseconds(smallest.times[key])} ms ` +
        `| ${milliseconds(largest.times[key])} ms ` +
        `| ${growth.toFixed(1)}× | ${(growth / textGrowth).toFixed(2)} |`,
    );
  }
  return rows;
}

function verdict(met: boolean): string {
  return met ? 'met' : '**not met**';
}

function targetsTable(generated: readonly InputFigures[]): string[] {
  const smallest = generated[0];
  const largest = generated[generated.length - 1];
  const worstFloorRatio = Math.max(...generated.map((input) => input.analysisOverParse));
  const textGrowth = largest.bytes / smallest.bytes;
  const linearityOf = (key: keyof OperationTimes) =>
    largest.times[key] / smallest.times[key] / textGrowth;
  const relativeLinearity = linearityOf('analysis') / linearityOf('parseDocument');
  const worstPeerRatio = Math.max(
    ...generated.map((input) => input.times.analysis / input.times.peerValidation),
  );
  return [
    '| target | measured | |',
    '|---|--:|---|',
    `| analysis ≤ ${FLOOR_RATIO_TARGET.toFixed(2)}× a bare parseDocument, every size ` +
      `| worst ${ratio(worstFloorRatio)} | ${verdict(worstFloorRatio <= FLOOR_RATIO_TARGET)} |`,
    `| linear growth: the analysis grows no faster than the bare parse ` +
      `(linearity (b) ÷ (a) ≤ ${RELATIVE_LINEARITY_TARGET.toFixed(2)}) ` +
      `| (b) ${linearityOf('analysis').toFixed(2)}, ` +
      `(a) ${linearityOf('parseDocument').toFixed(2)}: ${relativeLinearity.toFixed(2)} ` +
      `| ${verdict(relativeLinearity <= RELATIVE_LINEARITY_TARGET)} |`,
    `| faster than yaml-language-server's validation, every size ` +
      `| worst ${ratio(worstPeerRatio)} | ${verdict(worstPeerRatio < 1)} |`,
  ];
}

function memorySection(memory: MemoryFigures | null): string[] {
  if (memory === null) {
    return ['Not measured: run node with `--expose-gc`.'];
  }
  return [
    `For ${memory.services.toLocaleString('en-US')} services ` +
      `(${mebibytes(memory.textBytes)} of text), ` +
      'heap deltas around one call, each after a full GC:',
    '',
    '| | heap |',
    '|---|--:|',
    `| parseDocument, Document kept | ${mebibytes(memory.parseDocumentRetained)} |`,
    `| analysis, result kept (images, findings, line table) | ` +
      `${mebibytes(memory.analysisRetained)} |`,
    `| analysis, right after the call (garbage not yet collected) | ` +
      `${mebibytes(memory.analysisBeforeCollection)} |`,
  ];
}

function chunkList(chunks: BundleFigures['awsChunks']): string {
  return chunks.map((chunk) => `\`${chunk.file}\` ${kibibytes(chunk.bytes)}`).join(', ');
}

function blockingSection(blocking: EventLoopBlockFigures): string[] {
  const milliseconds = (value: number) => `${Math.round(value).toLocaleString('en-US')} ms`;
  return [
    `For ${blocking.services.toLocaleString('en-US')} services ` +
      `(${mebibytes(blocking.textBytes)} of text), the longest time the calling thread (in ` +
      "the editor, the extension host) could not run anything else, from Node's event-loop " +
      'delay histogram (1 ms resolution), median of 3:',
    '',
    '| | longest block |',
    '|---|--:|',
    `| analysis on the calling thread | ${milliseconds(blocking.onThreadLongestMs)} |`,
    `| parse on the parse thread, findings on the calling thread (what the extension does ` +
      `above ${OFF_THREAD_MIN_CHARS.toLocaleString('en-US')} characters) ` +
      `| ${milliseconds(blocking.offThreadLongestMs)} |`,
    '',
    `With the parse thread the findings arrive after ${milliseconds(blocking.offThreadWallMs)} ` +
      '(wall clock, text in to findings out), while the thread stays free.',
  ];
}

function bundleSection(bundle: BundleFigures): string[] {
  const activation =
    bundle.activationBytes === null ? 'not built' : kibibytes(bundle.activationBytes);
  const chunks = bundle.awsChunks.length === 0 ? 'none yet' : chunkList(bundle.awsChunks);
  const cli = bundle.cliBytes === null ? 'not built' : kibibytes(bundle.cliBytes);
  const worker =
    bundle.parseWorkerBytes === null ? 'not built' : kibibytes(bundle.parseWorkerBytes);
  const rows = [
    '| bundle | size |',
    '|---|--:|',
    `| activation bundle \`dist/extension.js\` | ${activation} |`,
    `| lazily loaded AWS chunk(s) \`dist/extension.*.chunk.js\` | ${chunks} |`,
    `| parse thread \`dist/parseWorker.js\` (started for big templates) | ${worker} |`,
    `| CLI \`dist/cli.js\` | ${cli} |`,
  ];
  if (bundle.staleChunks.length > 0) {
    rows.push(
      '',
      `Left in dist/ by an earlier build and not loaded by this one: ` +
        `${chunkList(bundle.staleChunks)}.`,
    );
  }
  return rows;
}

export function renderReport(figures: BenchmarkFigures): string {
  const { machine, generated, examples, rounds } = figures;
  const lines = [
    '# Benchmarks',
    '',
    'How long the analysis takes on a ReleaseHub template, next to the cost of parsing the ' +
      'YAML at all and next to what the YAML extension does on the same file. Produced by ' +
      '`npm run bench`; rerun it to refresh this page.',
    '',
    `- Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.platform}`,
    `- Node: ${machine.node}`,
    `- Date: ${machine.date}`,
    `- Command: \`${machine.command}\` (runs \`${machine.nodeCommand}\`)`,
    '',
    '## Time per call (median, milliseconds)',
    '',
    'Generated templates mix Docker Hub, built, same-account, cross-account, cross-region, ' +
      'malformed, interpolated and ECR Public images across services, init containers, ' +
      'sidecars, jobs and cron jobs, with comments, anchors and merge keys ' +
      '(`bench/templateGenerator.ts`, deterministic).',
    '',
    ...timingTable(generated),
    '',
    "The project's examples:",
    '',
    ...timingTable(examples),
    '',
    '- (a) `yaml` `parseDocument(text)`, default options: the floor.',
    '- (a′) `parseAllDocuments(text, templateParseOptions())`: the parse ' +
      '`parseTemplate` asks of `yaml` (the repeated-key check, no pretty errors), alone.',
    '- (b) `analyzeTemplate(text, cluster)`: text to findings, cluster ' +
      '111111111111 / us-east-1. (b₀) the same with no cluster configured.',
    '- (c) findings to diagnostics as `src/vscode/diagnosticConversion.ts` does, without ' +
      '`vscode`: a line table built once per document, then `positionAt` for both ends of ' +
      'each range (`bench/diagnosticReplica.ts`).',
    '- (d) `yaml-language-server` 1.19.2 `doValidation`, no schema, a new document version ' +
      'each call so its parse cache does not answer.',
    '',
    '## Growth',
    '',
    ...growthTable(generated[0], generated[generated.length - 1]),
    '',
    '## Targets',
    '',
    'Measured here, not asserted by the tests.',
    '',
    ...targetsTable(generated),
    '',
    '## Memory',
    '',
    ...memorySection(figures.memory),
    '',
    '## Keeping the editor responsive',
    '',
    ...blockingSection(figures.blocking),
    '',
    '## Bundle',
    '',
    ...bundleSection(figures.bundle),
    '',
    '## Method',
    '',
    `One process. On each input, (a) to (c) run in interleaved rounds, ${rounds.warmUp} ` +
      `warm-up then ${rounds.measured} measured (${rounds.largeWarmUp} and ` +
      `${rounds.largeMeasured} above ${rounds.largeInputMiB} MiB); then (d) ` +
      'runs alone with as many rounds, so its garbage and the document it caches weigh on ' +
      'none of ours. Each sample starts with a minor GC, so no call pays for the garbage of ' +
      'the one before (a full GC would shrink the young generation and make the next call ' +
      'several times slower than in a running editor); a sample repeats a call until it ' +
      `lasts at least ${figures.minimumSampleMs} ms, ` +
      'and the table shows the median sample. (b)/(a) and (b)/(a′) are the median of the ' +
      'ratios within each round, whose calls ran moments apart; the other ratios divide ' +
      `medians. A call slower than ${figures.slowCall.ms / 1000} s ` +
      '(yaml-language-server on the biggest template) has its first call as the warm-up and ' +
      `${figures.slowCall.measuredRounds} measured rounds. On a shared machine a ratio can ` +
      'move by 0.05 or more from one run to the next: rerun before reading much into a few ' +
      'percent, and compare ratios, not absolute times, across machines.',
    '',
  ];
  return lines.join('\n');
}
