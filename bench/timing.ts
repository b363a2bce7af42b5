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

/** Results go here so the optimiser cannot drop an operation whose result is unused. */
export const kept: { result: unknown } = { result: null };

export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

// No forced GC before a sample: a full collection shrinks the young generation, and the next
// call then runs several times slower than it does in a running editor.
async function sampleMs(operation: TimedOperation, repeats: number): Promise<number> {
  const started = process.hrtime.bigint();
  for (let repeat = 0; repeat < repeats; repeat++) {
    kept.result = operation.isAsync ? await operation.run() : operation.run();
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

/** The median milliseconds per call of each operation, by name. */
export async function medianTimes(
  operations: readonly TimedOperation[],
  plan: RoundPlan,
): Promise<Map<string, number>> {
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
  return new Map([...samples].map(([name, times]) => [name, median(times)]));
}
