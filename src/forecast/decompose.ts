// Classical decomposition and the seasonality test of the M competitions (used by Naive2 and Theta):
// a series is seasonal when its autocorrelation at the seasonal lag is significant at 90%.
import { autocorrelation } from './stats.ts';

/**
 * The M4 seasonality test: |r_m| > 1.645 · sqrt((1 + 2 Σ_{k<m} r_k²) / n). Needs at least 3 full seasons.
 */
export function isSeasonal(values: ArrayLike<number>, period: number): boolean {
  const n = values.length;
  if (period <= 1 || n < 3 * period) return false;
  const acf = autocorrelation(values, period);
  let sum = 0;
  for (let k = 0; k < period - 1; k++) sum += acf[k] * acf[k];
  const limit = 1.645 * Math.sqrt((1 + 2 * sum) / n);
  return Math.abs(acf[period - 1]) > limit;
}

/** The centred moving average of one season around t (a 2×m average for an even period). */
function centredMovingAverage(values: ArrayLike<number>, t: number, period: number): number {
  const half = period >> 1;
  let s = 0;
  if (period % 2 === 0) {
    s = 0.5 * values[t - half] + 0.5 * values[t + half];
    for (let k = -half + 1; k < half; k++) s += values[t + k];
  } else {
    for (let k = -half; k <= half; k++) s += values[t + k];
  }
  return s / period;
}

/**
 * Multiplicative seasonal indices from classical decomposition (centred moving average), normalised to mean 1.
 * Index i applies to positions t with t mod period = i. Needs at least 2 full seasons; positive values.
 */
export function multiplicativeSeasonalIndices(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  const half = period >> 1;
  for (let t = half; t < n - half; t++) {
    const trend = centredMovingAverage(values, t, period);
    if (trend > 0) {
      sums[t % period] += values[t] / trend;
      counts[t % period] += 1;
    }
  }
  const indices = new Float64Array(period);
  let total = 0;
  for (let i = 0; i < period; i++) {
    indices[i] = counts[i] > 0 ? sums[i] / counts[i] : 1;
    total += indices[i];
  }
  for (let i = 0; i < period; i++) indices[i] *= period / total;
  return indices;
}

/** Additive seasonal effects from classical decomposition, normalised to sum 0. */
export function additiveSeasonalEffects(values: ArrayLike<number>, period: number): Float64Array {
  const n = values.length;
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  const half = period >> 1;
  for (let t = half; t < n - half; t++) {
    sums[t % period] += values[t] - centredMovingAverage(values, t, period);
    counts[t % period] += 1;
  }
  const effects = new Float64Array(period);
  let total = 0;
  for (let i = 0; i < period; i++) {
    effects[i] = counts[i] > 0 ? sums[i] / counts[i] : 0;
    total += effects[i];
  }
  for (let i = 0; i < period; i++) effects[i] -= total / period;
  return effects;
}

/**
 * Strength of seasonality, 1 − Var(remainder)/Var(detrended), from an additive classical decomposition
 * (Wang, Smith & Hyndman 2006). Above 0.64 the ARIMA chooser takes a seasonal difference.
 */
export function seasonalStrength(values: ArrayLike<number>, period: number): number {
  const n = values.length;
  if (period <= 1 || n < 2 * period + 1) return 0;
  const effects = additiveSeasonalEffects(values, period);
  const half = period >> 1;
  let varDetrended = 0;
  let varRemainder = 0;
  let meanD = 0;
  let meanR = 0;
  let count = 0;
  const detrended: number[] = [];
  const remainder: number[] = [];
  for (let t = half; t < n - half; t++) {
    let s = 0;
    if (period % 2 === 0) {
      s = 0.5 * values[t - half] + 0.5 * values[t + half];
      for (let k = -half + 1; k < half; k++) s += values[t + k];
    } else {
      for (let k = -half; k <= half; k++) s += values[t + k];
    }
    const d = values[t] - s / period;
    detrended.push(d);
    remainder.push(d - effects[t % period]);
    meanD += d;
    meanR += d - effects[t % period];
    count++;
  }
  meanD /= count;
  meanR /= count;
  for (let i = 0; i < count; i++) {
    varDetrended += (detrended[i] - meanD) ** 2;
    varRemainder += (remainder[i] - meanR) ** 2;
  }
  if (varDetrended <= 0) return 0;
  return Math.max(0, 1 - varRemainder / varDetrended);
}
