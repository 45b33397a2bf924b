import type { Bucket } from '../../../../electron/core/reports/index.ts';

/**
 * The numbers behind the end-of-day pictures, as pure functions: which bars, how tall, and the
 * "nice" top of the scale. Drawing is the components' business (hand-written SVG).
 */
export interface Bar {
  key: string;
  /** Short label under or beside the bar ("14", "VISA"). */
  label: string;
  /** Minor units. */
  value: number;
  count: number;
}

/**
 * One bar per local hour of the business day, from the cut-off hour on (`day` 04:00 .. next day
 * 03:00 for cut-off 4), empty hours included, so the picture always reads as the whole day. Keys
 * are the report's "YYYY-MM-DD HH:00"; a bucket outside those 24 hours (not expected) is added at
 * its place in time rather than dropped.
 */
export function hourBars(buckets: readonly Bucket[], day: string, cutoffHour: number): Bar[] {
  const byKey = new Map(buckets.map((bucket) => [bucket.key, bucket]));
  const start = hourOf(`${day} ${String(cutoffHour).padStart(2, '0')}:00`);
  const keys = new Set<string>();
  if (start !== null) for (let hour = 0; hour < 24; hour++) keys.add(keyOf(start + hour * HOUR_MS));
  for (const bucket of buckets) keys.add(bucket.key);
  return [...keys].sort().map((key) => {
    const bucket = byKey.get(key);
    return { key, label: key.slice(11, 13), value: bucket?.sales.amount ?? 0, count: bucket?.sales.count ?? 0 };
  });
}

/** Buckets (terminal, card brand) as bars of their sales, largest first. */
export function salesBars(buckets: readonly Bucket[]): Bar[] {
  return buckets
    .map((bucket) => ({ key: bucket.key, label: bucket.key, value: bucket.sales.amount, count: bucket.sales.count }))
    .sort((a, b) => b.value - a.value || (a.key < b.key ? -1 : 1));
}

/** The top of the scale: the largest value rounded up to 1, 2, 2.5 or 5 times a power of ten. */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(0, ...values);
  if (max === 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

/** A bar's length in `space` units for the scale's top `top` (never negative, at least a hairline when not zero). */
export function barLength(value: number, top: number, space: number): number {
  if (value <= 0 || top <= 0) return 0;
  return Math.max(1, (Math.min(value, top) / top) * space);
}

const HOUR_MS = 3_600_000;

function hourOf(key: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):00$/.exec(key);
  if (!match) return null;
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]));
}

function keyOf(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 13)}:00`;
}
