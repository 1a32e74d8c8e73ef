// The Theta method of Assimakopoulos & Nikolopoulos (2000) in the form of Hyndman & Billah (2003), as in
// R's forecast::thetaf: simple exponential smoothing with drift equal to half the slope of the linear trend,
// on data deseasonalised multiplicatively when the M4 seasonality test says so. Intervals from the SES model.
import { nelderMead } from './optim.ts';
import { seasonalAdjustment } from './simple.ts';
import { linearTrend } from './stats.ts';
import type { ModelForecast } from './types.ts';

export interface SesFit {
  alpha: number;
  level: number;
  sigma2: number;
}

/** Simple exponential smoothing, α and the initial level by least squares on one-step errors. */
export function fitSes(y: ArrayLike<number>): SesFit {
  const n = y.length;
  const objective = (x: Float64Array): number => {
    const alpha = x[0];
    if (!(alpha > 1e-4 && alpha < 0.9999)) return Number.POSITIVE_INFINITY;
    let level = x[1];
    let sse = 0;
    for (let t = 0; t < n; t++) {
      const e = y[t] - level;
      sse += e * e;
      level += alpha * e;
    }
    return sse;
  };
  const start = [0.5, y[0]];
  const scale = Math.max(1e-8, Math.abs(y[0]) * 0.1);
  const result = nelderMead(objective, start, { step: Float64Array.of(0.1, scale), maxEvaluations: 400 });
  const alpha = result.x[0];
  let level = result.x[1];
  for (let t = 0; t < n; t++) level += alpha * (y[t] - level);
  return { alpha, level, sigma2: result.value / Math.max(1, n - 2) };
}

export function theta(y: ArrayLike<number>, period: number, horizon: number): ModelForecast {
  const n = y.length;
  const indices = seasonalAdjustment(y, period);
  const adjusted = new Float64Array(n);
  for (let t = 0; t < n; t++) adjusted[t] = indices ? y[t] / indices[t % period] : y[t];
  const ses = fitSes(adjusted);
  const drift = linearTrend(adjusted)[1] / 2;
  const { alpha } = ses;
  const sigma = Math.sqrt(ses.sigma2);
  const meanForecast = new Float64Array(horizon);
  const sd = new Float64Array(horizon);
  const factor = new Float64Array(horizon);
  const offset = (1 - (1 - alpha) ** n) / alpha;
  for (let h = 1; h <= horizon; h++) {
    factor[h - 1] = indices ? indices[(n + h - 1) % period] : 1;
    meanForecast[h - 1] = (ses.level + drift * (h - 1 + offset)) * factor[h - 1];
    sd[h - 1] = sigma * Math.sqrt(1 + (h - 1) * alpha * alpha) * factor[h - 1];
  }
  return {
    method: 'theta',
    label: indices ? 'Theta (seasonally adjusted)' : 'Theta',
    horizon,
    mean: meanForecast,
    sd,
    gaussian: true,
    observations: n,
    paths: { kind: 'ses', sigma, alpha, factor },
  };
}
