// The statistics the monitor's figures share: distributions of a sample, samples collected per key in typed
// arrays, ISO weeks, rounding and a trend.
import { weekday } from '../../core/calendar.ts';
import { quantileSorted } from '../../core/stats.ts';
import type { Distribution } from './types.ts';

const EMPTY: Distribution = { n: 0, mean: Number.NaN, p50: Number.NaN, p90: Number.NaN, max: Number.NaN };

/** Count, mean, P50, P90 (type 7) and maximum; sorts `values` in place. */
export function distribution(values: Float64Array): Distribution {
  const n = values.length;
  if (n === 0) return EMPTY;
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return { n, mean: sum / n, p50: quantileSorted(values, 0.5), p90: quantileSorted(values, 0.9), max: values[n - 1] };
}

/**
 * Values collected per integer key in two passes (count, then fill), so a million observations cost three
 * typed arrays instead of a million pushes onto growing lists.
 */
export class GroupedSamples {
  private readonly counts: Int32Array;
  private offsets: Int32Array | null = null;
  private values: Float64Array | null = null;
  private fill: Int32Array | null = null;

  constructor(keys: number) {
    this.counts = new Int32Array(keys);
  }

  count(key: number): void {
    this.counts[key]++;
  }

  /** After all counts: allocates the value storage. */
  allocate(): void {
    const k = this.counts.length;
    this.offsets = new Int32Array(k + 1);
    for (let i = 0; i < k; i++) this.offsets[i + 1] = this.offsets[i] + this.counts[i];
    this.values = new Float64Array(this.offsets[k]);
    this.fill = this.offsets.slice(0, k);
  }

  add(key: number, value: number): void {
    this.values![this.fill![key]++] = value;
  }

  sample(key: number): Float64Array {
    return this.values!.subarray(this.offsets![key], this.fill![key]);
  }
}

/** Mondays: the ISO week containing `day` starts on this day number. */
export function weekStart(day: number): number {
  return day - weekday(day);
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Least-squares slope of y against 0, 1, 2, … ; 0 for fewer than two points. */
export function slope(y: readonly number[]): number {
  const n = y.length;
  if (n < 2) return 0;
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (y[i] - yMean);
    sxx += (i - xMean) * (i - xMean);
  }
  return sxy / sxx;
}
