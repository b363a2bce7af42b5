/**
 * Median timings of several operations on one input, measured in interleaved rounds so a
 * noisy neighbour or a frequency change affects every operation alike.
 */

export interface TimedOperation {
  readonly name: string;
  /** Sync operations are called directly: awaiting them would add a microtask per call. */
  readonly run: () => unknown;
  readonly isAsync?: boolean;
}

export interface RoundPlan {
  readonly warmUpRounds: number;
  readonly measuredRounds: number;
  /** Short operations are repeated within a sample until it lasts this long. */
  readonly minimumSampleMs: number;
}

/**
 * `result` holds what a memory measurement must keep alive. Timed calls only count their
 * results: holding one would keep a big parse alive through the next call and bill that
 * call's garbage collection for it.
 */
export const kept: { result: unknown; results: number } = { result: null, results: 0 };

type GarbageCollector = (options?: { type: 'major' | 'minor' }) => void;

/** A full collection; only with `node --expose-gc`, else nothing. */
export function collectGarbage(): void {
  (globalThis as { gc?: GarbageCollector }).gc?.();
}

// Before each sample the young generation is emptied, so no call pays for the garbage of the
// one before. A full collection would not do: it shrinks the young generation, and the next
// call then runs several times slower than it does in a running editor.
async function sampleMs(operation: TimedOperation, repeats: number): Promise<number> {
  (globalThis as { gc?: GarbageCollector }).gc?.({ type: 'minor' });
  const started = process.hrtime.bigint();
  for (let repeat = 0; repeat < repeats; repeat++) {
    const result = operation.isAsync ? await operation.run() : operation.run();
    kept.results += result === undefined ? 0 : 1;
  }
  return Number(process.hrtime.bigint() - started) / 1e6 / repeats;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

// A call this slow (yaml-language-server on the biggest template takes minutes) gets its first
// call as the warm-up and this many measured rounds, so a run ends in minutes.
export const SLOW_CALL_MS = 20_000;
export const SLOW_CALL_MEASURED_ROUNDS = 2;

interface OperationPlan {
  readonly repeats: number;
  readonly warmUpRounds: number;
  readonly measuredRounds: number;
}

async function planFor(operation: TimedOperation, plan: RoundPlan): Promise<OperationPlan> {
  const firstCallMs = await sampleMs(operation, 1);
  if (firstCallMs >= SLOW_CALL_MS) {
    return { repeats: 1, warmUpRounds: 0, measuredRounds: SLOW_CALL_MEASURED_ROUNDS };
  }
  return {
    repeats: Math.max(1, Math.ceil(plan.minimumSampleMs / firstCallMs)),
    warmUpRounds: plan.warmUpRounds,
    measuredRounds: plan.measuredRounds,
  };
}

/** What interleaved rounds measured: milliseconds per call, by operation, in round order. */
export class RoundSamples {
  constructor(private readonly samples: ReadonlyMap<string, readonly number[]>) {}

  median(name: string): number {
    const times = this.samples.get(name);
    return times === undefined || times.length === 0 ? Number.NaN : median(times);
  }

  /**
   * The median over rounds of `numerator / denominator` within each round. Both ran moments
   * apart, so a burst of load elsewhere on the machine weighs on both alike.
   */
  pairedRatio(numerator: string, denominator: string): number {
    const above = this.samples.get(numerator) ?? [];
    const below = this.samples.get(denominator) ?? [];
    const ratios = above.slice(0, below.length).map((time, round) => time / below[round]);
    return ratios.length === 0 ? Number.NaN : median(ratios);
  }
}

/** Times the operations in interleaved rounds. */
export async function timeInRounds(
  operations: readonly TimedOperation[],
  plan: RoundPlan,
): Promise<RoundSamples> {
  const planned: (readonly [TimedOperation, OperationPlan])[] = [];
  for (const operation of operations) {
    planned.push([operation, await planFor(operation, plan)]);
  }

  const samples = new Map<string, number[]>(operations.map((operation) => [operation.name, []]));
  for (let round = 0; round < plan.warmUpRounds + plan.measuredRounds; round++) {
    for (const [operation, { repeats, warmUpRounds, measuredRounds }] of planned) {
      if (round >= warmUpRounds + measuredRounds) {
        continue;
      }
      const elapsed = await sampleMs(operation, repeats);
      if (round >= warmUpRounds) {
        samples.get(operation.name)?.push(elapsed);
      }
    }
  }
  return new RoundSamples(samples);
}
