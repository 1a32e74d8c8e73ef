// Rolling-origin backtests of the full forecasting pipeline (fit, calibrate, intervals, paths) with the
// measures of the M competitions and for probabilistic forecasts, per step ahead. Every origin refits on the
// data before it only, so the scores are out of sample.
import { forecast, ForecastInputError, type ForecastOptions, samplePaths } from './forecast.ts';
import { crpsFromSample, intervalScore, maseScale, smapeTerm } from './metrics.ts';
import { backtestOrigins } from './select.ts';
import type { MethodName } from './types.ts';

export interface HorizonScores {
  /** Step ahead (1-based). */
  step: number;
  /** Number of forecasts scored at this step. */
  count: number;
  mase: number;
  smape: number;
  /** Share of actuals inside the interval, per level (same order as `levels`). */
  coverage: number[];
  /** Mean scaled interval score per level. */
  msis: number[];
  /** Mean CRPS divided by the MASE scale. */
  scaledCrps: number;
}

export interface BacktestResult {
  method: MethodName | 'auto';
  origins: number[];
  levels: number[];
  perStep: HorizonScores[];
  /** Averages over every scored forecast. */
  overall: Omit<HorizonScores, 'step'>;
  /** Model labels fitted at each origin. */
  labels: string[];
}

export interface BacktestOptions extends ForecastOptions {
  /** Number of origins (default 5). */
  origins?: number;
  /** Sample paths per origin for the CRPS (default 200). */
  paths?: number;
}

export function backtest(values: ArrayLike<number>, options: BacktestOptions): BacktestResult {
  const y = Array.from(values).slice(options.breakAt ?? 0);
  const n = y.length;
  const levels = options.levels ?? [80, 95];
  const minTrain = Math.max(8, Math.min(n - 1, 2 * options.period + 2));
  const { origins, horizon } = backtestOrigins(n, options.horizon, options.origins ?? 5, minTrain);
  if (origins.length === 0) {
    throw new ForecastInputError(
      'origins',
      `${n} observations leave nothing to test after the ${minTrain} needed for training`,
    );
  }
  const sums = Array.from({ length: horizon }, () => ({
    count: 0,
    mase: 0,
    smape: 0,
    coverage: levels.map(() => 0),
    msis: levels.map(() => 0),
    scaledCrps: 0,
  }));
  const labels: string[] = [];
  const pathCount = options.paths ?? 200;
  for (const origin of origins) {
    const train = y.slice(0, origin);
    const fc = forecast(train, { ...options, horizon, breakAt: undefined, levels });
    labels.push(fc.label);
    const scale = maseScale(train, fc.period) || 1;
    const paths = samplePaths(fc, pathCount, 12345, 0);
    const column = new Float64Array(pathCount);
    for (let h = 0; h < horizon && origin + h < n; h++) {
      const actual = y[origin + h];
      const s = sums[h];
      s.count++;
      s.mase += Math.abs(actual - fc.mean[h]) / scale;
      s.smape += smapeTerm(actual, fc.mean[h]);
      levels.forEach((level, i) => {
        const interval = fc.intervals[i];
        if (actual >= interval.lower[h] && actual <= interval.upper[h]) s.coverage[i]++;
        s.msis[i] += intervalScore(interval.lower[h], interval.upper[h], actual, 1 - level / 100) / scale;
      });
      for (let r = 0; r < pathCount; r++) column[r] = paths[r][h];
      s.scaledCrps += crpsFromSample(column, actual) / scale;
    }
  }
  const perStep: HorizonScores[] = sums.map((s, h) => ({
    step: h + 1,
    count: s.count,
    mase: s.mase / s.count,
    smape: s.smape / s.count,
    coverage: s.coverage.map((c) => c / s.count),
    msis: s.msis.map((c) => c / s.count),
    scaledCrps: s.scaledCrps / s.count,
  }));
  const total = sums.reduce((a, s) => a + s.count, 0);
  const overall = {
    count: total,
    mase: sums.reduce((a, s) => a + s.mase, 0) / total,
    smape: sums.reduce((a, s) => a + s.smape, 0) / total,
    coverage: levels.map((_, i) => sums.reduce((a, s) => a + s.coverage[i], 0) / total),
    msis: levels.map((_, i) => sums.reduce((a, s) => a + s.msis[i], 0) / total),
    scaledCrps: sums.reduce((a, s) => a + s.scaledCrps, 0) / total,
  };
  return { method: options.method ?? 'combination', origins, levels, perStep, overall, labels };
}

/** Overall weighted average of a method's sMAPE and MASE relative to Naive2's (the M4 OWA). */
export function owa(method: { smape: number; mase: number }, naive2: { smape: number; mase: number }): number {
  return 0.5 * (method.smape / naive2.smape + method.mase / naive2.mase);
}
