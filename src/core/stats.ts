// Exact summaries of numbers held in memory that every floor needs: the mean and quantiles of a sorted
// sample. Pure functions on plain arrays; the simulator's streaming statistics (src/sim/stats) and the
// forecasting models (src/forecast) both build on them.

/** Quantile p of an ascending sample, R's default (type 7): linear between order statistics. NaN if empty. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantileSorted: p must be in [0, 1] (got ${p})`);
  const n = sorted.length;
  if (n === 0) return NaN;
  const position = (n - 1) * p;
  const below = Math.floor(position);
  if (below === n - 1) return sorted[below];
  return sorted[below] + (position - below) * (sorted[below + 1] - sorted[below]);
}

/** Arithmetic mean of values[from..to) (all of them by default); NaN if that range is empty. */
export function mean(values: ArrayLike<number>, from = 0, to = values.length): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += values[i];
  return to > from ? sum / (to - from) : NaN;
}
