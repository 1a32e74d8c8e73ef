// Calibration of forecast distributions from the series' own history. The model (same structure, parameters
// re-estimated) forecasts from recent earlier origins; each error is standardised by the model's own standard
// deviation for that step. Intervals and paths then use the wider of the model's quantile and the empirical
// quantile of these standardised errors (policy 'widen'): the model's distribution is kept where it is right
// and corrected where its out-of-sample errors show it is too narrow.
import type { FittedModel } from './models.ts';
import { quantileSorted } from '../core/stats.ts';
import { normalCdf, normalQuantile } from './stats.ts';

export type CalibrationPolicy = 'widen' | 'empirical' | 'model';
export const CALIBRATION_POLICIES: readonly CalibrationPolicy[] = ['widen', 'empirical', 'model'];

export interface Calibration {
  policy: CalibrationPolicy;
  /** Sorted standardised signed errors (actual − forecast) / sd from the calibration backtest. */
  scores: Float64Array;
}

/**
 * Standardised errors of `model` forecasting up to `horizon` steps from earlier origins: at most `maxOrigins`
 * origins spread evenly over the last 2 × horizon observations (never before `firstOrigin`; the latest origin
 * always included). At each origin the model's structure is kept and its parameters are re-estimated on the
 * data before the origin, so every error is out of sample. The window keeps the errors to the recent regime:
 * a surge years ago should not widen today's intervals a second time (the model's own variance already
 * includes it).
 */
export function calibrationScores(
  model: FittedModel,
  y: ArrayLike<number>,
  horizon: number,
  firstOrigin: number,
  maxOrigins = 12,
): Float64Array {
  const n = y.length;
  const scores: number[] = [];
  const origins: number[] = [];
  const start = Math.max(firstOrigin, n - 2 * horizon);
  const available = n - start;
  if (available <= maxOrigins) for (let o = start; o < n; o++) origins.push(o);
  else for (let k = 0; k < maxOrigins; k++) origins.push(n - 1 - Math.round((k * (available - 1)) / (maxOrigins - 1)));
  for (const origin of origins) {
    const steps = Math.min(horizon, n - origin);
    const fc = model.refitFrom(origin, steps);
    if (!fc) continue;
    for (let h = 0; h < steps; h++) {
      const sd = fc.sd[h];
      if (!(sd > 0) || !Number.isFinite(fc.mean[h])) continue;
      scores.push((y[origin + h] - fc.mean[h]) / sd);
    }
  }
  return Float64Array.from(scores).sort();
}

/** The fewest scores for which the empirical quantiles are used at all. */
const MIN_SCORES = 20;

/**
 * Maps a standardised deviation z (model scale) to the calibrated one. With 'widen' the result is at least as
 * far from zero as z on the same side; with 'empirical' it is the empirical quantile at Φ(z).
 */
export function calibrateDeviation(calibration: Calibration | null, z: number): number {
  if (!calibration || calibration.policy === 'model' || calibration.scores.length < MIN_SCORES) return z;
  const u = normalCdf(z);
  const empirical = quantileSorted(calibration.scores, Math.min(1, Math.max(0, u)));
  if (calibration.policy === 'empirical') return empirical;
  return z >= 0 ? Math.max(z, empirical) : Math.min(z, empirical);
}

/** Calibrated standardised quantile at probability p for a Gaussian model. */
export function calibratedQuantile(calibration: Calibration | null, p: number): number {
  return calibrateDeviation(calibration, normalQuantile(p));
}
