/** Small statistics helpers shared by the benchmark parts. */

export type Percentiles = { p50: number; p95: number; p99: number; max: number; count: number };

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? NaN;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? NaN, count: sorted.length };
}

/** Milliseconds with a precision that suits the size. */
export function ms(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

export function ratio(value: number): string {
  if (!Number.isFinite(value)) return "–";
  return value < 10 ? value.toFixed(2) : value.toFixed(1);
}

export function thousands(value: number): string {
  return Math.round(value).toLocaleString("en");
}

/** A target check for the tables. */
export function verdict(met: boolean): string {
  return met ? "met" : "**missed**";
}

/**
 * Runs `task` from `concurrency` workers until `seconds` have passed and returns each call's
 * latency in milliseconds; for baselines that have no HTTP load generator to lean on.
 */
export async function runClosedLoop(
  concurrency: number,
  seconds: number,
  task: (worker: number, iteration: number) => Promise<void>,
): Promise<{ latencies: number[]; errors: number; elapsedSeconds: number }> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let iteration = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < deadline) {
        const callStarted = performance.now();
        try {
          await task(worker, iteration++);
          latencies.push(performance.now() - callStarted);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors, elapsedSeconds: (performance.now() - started) / 1000 };
}
