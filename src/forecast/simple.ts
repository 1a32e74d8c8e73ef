// The benchmark methods: naive (last value), seasonal naive (value one season back) and Naive2 (naive on
// data deseasonalised by classical multiplicative decomposition when the M4 seasonality test says so).
// Each is a random walk, so the error variance grows linearly in the number of steps (or seasons) ahead.
import { isSeasonal, multiplicativeSeasonalIndices } from './decompose.ts';
import type { ModelForecast } from './types.ts';

function randomWalk(
  method: ModelForecast['method'],
  label: string,
  last: (h: number) => number,
  stepsFor: (h: number) => number,
  sigma: number,
  horizon: number,
  factor: (h: number) => number,
  observations: number,
  seasonLength = 1,
): ModelForecast {
  const meanForecast = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  const factors = new Float64Array(horizon);
  for (let h = 1; h <= horizon; h++) {
    factors[h - 1] = factor(h);
    meanForecast[h - 1] = last(h) * factors[h - 1];
    sd[h - 1] = sigma * Math.sqrt(stepsFor(h)) * factors[h - 1];
  }
  return {
    method,
    label,
    horizon,
    mean: meanForecast,
    sd,
    gaussian: true,
    observations,
    // A random walk on the (deseasonalised) scale: shocks accumulate per step, or per season for snaive.
    paths: { kind: 'random-walk', sigma, seasonLength, factor: factors },
  };
}

/** Naive: every future value equals the last observation. */
export function naive(y: ArrayLike<number>, horizon: number): ModelForecast {
  const n = y.length;
  let sum = 0;
  for (let t = 1; t < n; t++) sum += (y[t] - y[t - 1]) ** 2;
  const sigma = n > 1 ? Math.sqrt(sum / (n - 1)) : 0;
  return randomWalk(
    'naive',
    'Naive',
    () => y[n - 1],
    (h) => h,
    sigma,
    horizon,
    () => 1,
    n,
  );
}

/** Seasonal naive: every future value equals the observation one season earlier. */
export function seasonalNaive(y: ArrayLike<number>, period: number, horizon: number): ModelForecast {
  const n = y.length;
  if (period <= 1 || n < period) {
    const fallback = naive(y, horizon);
    return { ...fallback, method: 'snaive', label: 'Naive (too short for seasonal naive)' };
  }
  let sum = 0;
  for (let t = period; t < n; t++) sum += (y[t] - y[t - period]) ** 2;
  const sigma = n > period ? Math.sqrt(sum / (n - period)) : 0;
  return randomWalk(
    'snaive',
    `Seasonal naive[${period}]`,
    (h) => y[n - period + ((h - 1) % period)],
    (h) => Math.floor((h - 1) / period) + 1,
    sigma,
    horizon,
    () => 1,
    n,
    period,
  );
}

/** Seasonal indices for Naive2 and Theta: multiplicative classical decomposition where the test says seasonal. */
export function seasonalAdjustment(y: ArrayLike<number>, period: number): Float64Array | null {
  if (period <= 1) return null;
  for (let t = 0; t < y.length; t++) if (!(y[t] > 0)) return null;
  if (!isSeasonal(y, period)) return null;
  return multiplicativeSeasonalIndices(y, period);
}

/** Naive2: naive forecast of the seasonally adjusted series, re-seasonalised (the M-competition benchmark). */
export function naive2(y: ArrayLike<number>, period: number, horizon: number): ModelForecast {
  const n = y.length;
  const indices = seasonalAdjustment(y, period);
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = indices ? y[t] / indices[t % period] : y[t];
  let sum = 0;
  for (let t = 1; t < n; t++) sum += (adjusted[t] - adjusted[t - 1]) ** 2;
  const sigma = n > 1 ? Math.sqrt(sum / (n - 1)) : 0;
  const factor = (h: number): number => (indices ? indices[(n + h - 1) % period] : 1);
  return randomWalk(
    'naive2',
    indices ? 'Naive2 (seasonally adjusted)' : 'Naive2',
    () => adjusted[n - 1],
    (h) => h,
    sigma,
    horizon,
    factor,
    n,
  );
}
