/**
 * Percentiles by the nearest-rank method: the p-th percentile of n samples is the value at rank
 * ceil(p/100 * n) in ascending order, i.e. always one of the measured values, never interpolated.
 * With 1,050 samples p99 is the 1,040th smallest: 10 samples may exceed it.
 */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new RangeError('percentile() of no samples');
  if (!(p > 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside (0, 100]`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

export const median = (samples: readonly number[]): number => percentile(samples, 50);

export function max(samples: readonly number[]): number {
  return samples.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
}

/** Runs `work` and returns how long it took in ms (performance.now(), sub-millisecond). */
export function timed(work: () => void): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}
