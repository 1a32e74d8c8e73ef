// Accuracy measures of the M competitions and for probabilistic forecasts: sMAPE, MASE (scaled by the
// in-sample seasonal-naive error), interval coverage, MSIS (scaled Winkler score) and CRPS from sample paths.

/** Mean absolute error of the in-sample seasonal naive forecast (lag `period`, or 1 when too short). */
export function maseScale(history: ArrayLike<number>, period: number): number {
  const lag = period > 1 && history.length > period ? period : 1;
  let sum = 0;
  let count = 0;
  for (let t = lag; t < history.length; t++) {
    sum += Math.abs(history[t] - history[t - lag]);
    count++;
  }
  return count > 0 ? sum / count : Number.NaN;
}

/** Symmetric absolute percentage error of one forecast, in percent (0 when both are 0). */
export function smapeTerm(actual: number, forecast: number): number {
  const denominator = Math.abs(actual) + Math.abs(forecast);
  return denominator > 0 ? (200 * Math.abs(actual - forecast)) / denominator : 0;
}

/** Interval score of one (lower, upper) at coverage 1 − α for one observation (Gneiting & Raftery 2007). */
export function intervalScore(lower: number, upper: number, actual: number, alpha: number): number {
  let score = upper - lower;
  if (actual < lower) score += (2 / alpha) * (lower - actual);
  if (actual > upper) score += (2 / alpha) * (actual - upper);
  return score;
}

/**
 * Continuous ranked probability score of a sample against one observation:
 * E|X − y| − ½ E|X − X'|, computed from the sorted sample in O(n log n). `sample` is sorted in place.
 */
export function crpsFromSample(sample: Float64Array, actual: number): number {
  const n = sample.length;
  sample.sort();
  let absolute = 0;
  let pairs = 0;
  for (let i = 0; i < n; i++) {
    absolute += Math.abs(sample[i] - actual);
    // Σ_{i<j} (x_j − x_i) = Σ_i x_i (2i − n + 1) for sorted x.
    pairs += sample[i] * (2 * i - n + 1);
  }
  return absolute / n - pairs / (n * n);
}
