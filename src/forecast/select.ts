// The model chooser: picks the method whose point forecasts did best in a rolling-origin backtest on the
// series itself (refitting at every origin), never by in-sample fit. Ties go to the earlier candidate.
import { maseScale } from './metrics.ts';
import { fitModel } from './models.ts';
import type { MethodName } from './types.ts';

export interface SelectionOrigins {
  /** Origins (training lengths) and the steps evaluated from each. */
  origins: number[];
  horizon: number;
}

/**
 * Backtest origins for a series of length n: the last origin leaves `horizon` steps to score (fewer when the
 * series is short), earlier ones step back by a third of the horizon (at least 1). Each keeps ≥ minTrain points.
 */
export function backtestOrigins(n: number, horizon: number, count: number, minTrain: number): SelectionOrigins {
  const steps = Math.max(1, Math.min(horizon, n - minTrain));
  const stride = Math.max(1, Math.round(steps / 3));
  const origins: number[] = [];
  for (let k = 0; k < count; k++) {
    const origin = n - steps - k * stride;
    if (origin < minTrain) break;
    origins.unshift(origin);
  }
  return { origins, horizon: steps };
}

/** Candidates ranked by mean absolute scaled error over the backtest, best first. */
export function chooseMethod(
  y: ArrayLike<number>,
  period: number,
  horizon: number,
  candidates: readonly MethodName[],
  originCount: number,
): { method: MethodName; mase: number }[] {
  const n = y.length;
  const minTrain = Math.max(8, Math.min(n - 1, 2 * period + 2));
  const { origins, horizon: steps } = backtestOrigins(n, horizon, originCount, minTrain);
  if (origins.length === 0) return [];
  const results: { method: MethodName; mase: number }[] = [];
  for (const method of candidates) {
    let total = 0;
    let count = 0;
    let failed = false;
    for (const origin of origins) {
      const train = Array.prototype.slice.call(y, 0, origin) as number[];
      const scale = maseScale(train, period) || 1;
      try {
        const fc = fitModel(method, train, origin >= 2 * period + 2 ? period : 1).forecast(steps);
        for (let h = 0; h < steps && origin + h < n; h++) {
          total += Math.abs(y[origin + h] - Math.max(0, fc.mean[h])) / scale;
          count++;
        }
      } catch {
        failed = true;
        break;
      }
    }
    if (!failed && count > 0 && Number.isFinite(total)) results.push({ method, mase: total / count });
  }
  return results.sort((a, b) => a.mase - b.mase);
}
