/**
 * How long the calling thread is blocked while a template is analysed: on this thread (what
 * the extension would do without its parse thread) and with the parse on the parse thread
 * (what it does for big templates). Measured with Node's event-loop delay histogram.
 */
import { monitorEventLoopDelay } from 'perf_hooks';
import { analyzeTemplate, findingsOf } from '../src/core/analysis';
import { ClusterSettings } from '../src/core/clusterSettings';
import { TemplateParseThread } from '../src/offThread/templateParseThread';

export interface EventLoopBlockFigures {
  readonly services: number;
  readonly textBytes: number;
  /** The longest stretch the event loop could not run, milliseconds. */
  readonly onThreadLongestMs: number;
  readonly offThreadLongestMs: number;
  /** Text in to findings out, wall clock, with the parse on the parse thread. */
  readonly offThreadWallMs: number;
}

const RESOLUTION_MS = 1;
const ROUNDS = 3;

async function longestBlockMs(work: () => Promise<unknown>): Promise<number> {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  // Its timer starts on the next turn of the loop: let it, or a block right away goes unseen.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await work();
  // One more turn, so a block at the very end is sampled too.
  await new Promise((resolve) => setTimeout(resolve, 20));
  histogram.disable();
  return histogram.max / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function measureEventLoopBlock(
  text: string,
  services: number,
  cluster: ClusterSettings,
  workerFile: string,
): Promise<EventLoopBlockFigures> {
  const thread = new TemplateParseThread(workerFile);
  try {
    // Start the worker and warm both paths up.
    findingsOf(await thread.parse(text), cluster);
    analyzeTemplate(text, cluster);

    const onThread: number[] = [];
    const offThread: number[] = [];
    const wall: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      onThread.push(await longestBlockMs(async () => analyzeTemplate(text, cluster)));
      offThread.push(
        await longestBlockMs(async () => {
          const started = performance.now();
          findingsOf(await thread.parse(text), cluster);
          wall.push(performance.now() - started);
        }),
      );
    }
    return {
      services,
      textBytes: Buffer.byteLength(text),
      onThreadLongestMs: median(onThread),
      offThreadLongestMs: median(offThread),
      offThreadWallMs: median(wall),
    };
  } finally {
    thread.dispose();
  }
}
