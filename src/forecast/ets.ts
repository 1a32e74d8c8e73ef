// Exponential smoothing state-space models, ETS(error, trend, season) of Hyndman et al. (2008): additive or
// multiplicative errors, none/additive/damped trend, none/additive/multiplicative season, chosen by AICc.
// Smoothing parameters and the initial level (and slope) are estimated by maximum likelihood; the initial
// seasonal states come from a classical decomposition of the first years, as in R's forecast::ets start.
import { additiveSeasonalEffects, multiplicativeSeasonalIndices } from './decompose.ts';
import { nelderMead } from './optim.ts';
import { empiricalSd } from './paths.ts';
import { mean } from '../core/stats.ts';
import { linearTrend } from './stats.ts';
import type { ModelForecast } from './types.ts';

export type EtsError = 'A' | 'M';
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';

export interface EtsSpec {
  error: EtsError;
  trend: EtsTrend;
  season: EtsSeason;
}

export interface EtsFit {
  spec: EtsSpec;
  period: number;
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  /** Variance of the one-step innovations (relative errors for multiplicative-error models). */
  sigma2: number;
  /** −2 log-likelihood (up to a constant shared by every model fitted to the same data). */
  minus2LogLik: number;
  aicc: number;
  /** Number of estimated quantities counted in the AICc (smoothing, initial states, variance). */
  parameters: number;
  observations: number;
  /** States after the last observation. */
  level: number;
  slope: number;
  /** Seasonal states by position: index t mod period holds the factor for time t. */
  seasonal: Float64Array;
  /** Initial states (before the first observation). */
  level0: number;
  slope0: number;
  seasonal0: Float64Array;
}

export interface EtsOptions {
  /** Fit only this model instead of choosing by AICc. */
  spec?: EtsSpec;
  /** Allow a damped trend in the automatic choice (default true). */
  allowDamped?: boolean;
}

export function etsLabel(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

const PHI_LOWER = 0.8;
const PHI_UPPER = 0.98;

interface Parameters {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
  level0: number;
  slope0: number;
}

/**
 * Runs the model through the data. Returns −2 log L (without constant) and leaves the final states in
 * `state` (level, slope) and `seasonal`. Returns +∞ where the model breaks down (non-positive forecast for a
 * multiplicative model). `seasonal` must hold the initial seasonal states on entry and is updated in place.
 */
function filter(
  y: ArrayLike<number>,
  spec: EtsSpec,
  period: number,
  p: Parameters,
  seasonal: Float64Array,
  state: Float64Array,
): number {
  const n = y.length;
  let level = p.level0;
  let slope = p.slope0;
  const damped = spec.trend === 'Ad';
  const phi = damped ? p.phi : 1;
  const hasTrend = spec.trend !== 'N';
  let sumSquares = 0;
  let sumLogForecast = 0;
  for (let t = 0; t < n; t++) {
    const q = hasTrend ? level + phi * slope : level;
    const si = period > 1 ? t % period : 0;
    const s = spec.season === 'N' ? 0 : seasonal[si];
    const forecast = spec.season === 'A' ? q + s : spec.season === 'M' ? q * s : q;
    const obs = y[t];
    if (spec.error === 'M') {
      if (!(forecast > 0)) return Number.POSITIVE_INFINITY;
      const e = (obs - forecast) / forecast;
      sumSquares += e * e;
      sumLogForecast += Math.log(forecast);
    } else {
      const e = obs - forecast;
      sumSquares += e * e;
    }
    let deseasonalised: number;
    if (spec.season === 'A') deseasonalised = obs - s;
    else if (spec.season === 'M') {
      if (!(s > 0)) return Number.POSITIVE_INFINITY;
      deseasonalised = obs / s;
    } else deseasonalised = obs;
    const newLevel = q + p.alpha * (deseasonalised - q);
    if (hasTrend) slope = phi * slope + p.beta * (deseasonalised - q);
    if (spec.season === 'A') seasonal[si] = s + p.gamma * (obs - q - s);
    else if (spec.season === 'M') {
      if (!(q > 0)) return Number.POSITIVE_INFINITY;
      seasonal[si] = s + p.gamma * (obs / q - s);
    }
    level = newLevel;
  }
  state[0] = level;
  state[1] = slope;
  state[2] = sumSquares;
  return n * Math.log(sumSquares / n) + 2 * sumLogForecast;
}

function initialSeasonal(y: ArrayLike<number>, period: number, season: EtsSeason): Float64Array {
  const seasonal = new Float64Array(Math.max(1, period));
  if (season === 'N') return seasonal;
  const span = Math.min(y.length, 4 * period);
  const head = Array.prototype.slice.call(y, 0, span) as number[];
  return season === 'M' ? multiplicativeSeasonalIndices(head, period) : additiveSeasonalEffects(head, period);
}

/** Fits one ETS model by maximum likelihood; null when the data cannot support it. */
export function fitEtsModel(y: ArrayLike<number>, period: number, spec: EtsSpec): EtsFit | null {
  const n = y.length;
  const seasonalModel = spec.season !== 'N';
  const m = seasonalModel ? period : 1;
  if (seasonalModel && (period <= 1 || n < 2 * period)) return null;
  if (spec.error === 'M' || spec.season === 'M') {
    for (let t = 0; t < n; t++) if (!(y[t] > 0)) return null;
  }
  const hasTrend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const parameterCount =
    1 +
    (hasTrend ? 1 : 0) +
    (seasonalModel ? 1 : 0) +
    (damped ? 1 : 0) +
    1 +
    (hasTrend ? 1 : 0) +
    (seasonalModel ? m - 1 : 0) +
    1;
  if (n - parameterCount - 1 <= 0) return null;

  const seasonal0 = initialSeasonal(y, period, spec.season);
  // Initial level and slope from a line through the first (deseasonalised) observations.
  const headLength = Math.min(n, Math.max(10, seasonalModel ? m : 10));
  const head = new Float64Array(headLength);
  for (let t = 0; t < headLength; t++) {
    const s = seasonal0[seasonalModel ? t % m : 0];
    head[t] = spec.season === 'M' ? y[t] / s : spec.season === 'A' ? y[t] - s : y[t];
  }
  const [intercept, slopeGuess] = linearTrend(head);
  const level0 = hasTrend ? intercept : mean(head);

  const seasonal = new Float64Array(seasonal0.length);
  const state = new Float64Array(3);
  const params: Parameters = { alpha: 0, beta: 0, gamma: 0, phi: 1, level0, slope0: hasTrend ? slopeGuess : 0 };
  const unpack = (x: Float64Array): boolean => {
    let i = 0;
    params.alpha = x[i++];
    params.beta = hasTrend ? x[i++] : 0;
    params.gamma = seasonalModel ? x[i++] : 0;
    params.phi = damped ? x[i++] : 1;
    params.level0 = x[i++];
    params.slope0 = hasTrend ? x[i] : 0;
    if (!(params.alpha > 1e-4 && params.alpha < 0.9999)) return false;
    if (hasTrend && !(params.beta > 1e-4 && params.beta < params.alpha)) return false;
    if (seasonalModel && !(params.gamma > 1e-4 && params.gamma < 1 - params.alpha)) return false;
    if (damped && !(params.phi >= PHI_LOWER && params.phi <= PHI_UPPER)) return false;
    return true;
  };
  const objective = (x: Float64Array): number => {
    if (!unpack(x)) return Number.POSITIVE_INFINITY;
    seasonal.set(seasonal0);
    return filter(y, spec, m, params, seasonal, state);
  };

  const start: number[] = [seasonalModel ? 0.1 : 0.3];
  const steps: number[] = [0.1];
  if (hasTrend) {
    start.push(0.01);
    steps.push(0.02);
  }
  if (seasonalModel) {
    start.push(0.05);
    steps.push(0.05);
  }
  if (damped) {
    start.push(0.95);
    steps.push(0.02);
  }
  const scale = Math.max(1e-8, Math.abs(level0) * 0.05, mean(y) * 0.01);
  start.push(level0);
  steps.push(scale);
  if (hasTrend) {
    start.push(params.slope0);
    steps.push(Math.max(scale * 0.1, Math.abs(params.slope0) * 0.2));
  }
  let best = nelderMead(objective, start, { step: Float64Array.from(steps), maxEvaluations: 150 * start.length });
  // One restart from the optimum escapes most premature Nelder–Mead collapses.
  const restart = nelderMead(objective, best.x, {
    step: Float64Array.from(steps, (s) => s * 0.5),
    maxEvaluations: 80 * start.length,
  });
  if (restart.value < best.value) best = restart;
  if (!Number.isFinite(best.value)) return null;

  unpack(best.x);
  seasonal.set(seasonal0);
  const minus2LogLik = filter(y, spec, m, params, seasonal, state);
  const k = parameterCount;
  const aicc = minus2LogLik + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
  return {
    spec,
    period: m,
    alpha: params.alpha,
    beta: params.beta,
    gamma: params.gamma,
    phi: params.phi,
    sigma2: state[2] / Math.max(1, n - k + 1),
    minus2LogLik,
    aicc,
    parameters: k,
    observations: n,
    level: state[0],
    slope: state[1],
    seasonal: seasonal.slice(),
    level0: params.level0,
    slope0: params.slope0,
    seasonal0,
  };
}

/** The model set searched automatically: multiplicative components only with multiplicative errors. */
export function etsCandidates(y: ArrayLike<number>, period: number, allowDamped = true): EtsSpec[] {
  let positive = true;
  for (let t = 0; t < y.length; t++) if (!(y[t] > 0)) positive = false;
  const seasonalAllowed = period > 1 && y.length >= 2 * period + 2;
  const specs: EtsSpec[] = [];
  for (const error of positive ? (['A', 'M'] as const) : (['A'] as const)) {
    for (const trend of allowDamped ? (['N', 'A', 'Ad'] as const) : (['N', 'A'] as const)) {
      const seasons: EtsSeason[] = ['N'];
      if (seasonalAllowed) seasons.push('A');
      if (seasonalAllowed && error === 'M') seasons.push('M');
      for (const season of seasons) specs.push({ error, trend, season });
    }
  }
  return specs;
}

/** Fits every candidate (or the given spec) and returns the one with the lowest AICc. */
export function fitEts(y: ArrayLike<number>, period: number, options: EtsOptions = {}): EtsFit {
  const specs = options.spec ? [options.spec] : etsCandidates(y, period, options.allowDamped ?? true);
  let best: EtsFit | null = null;
  for (const spec of specs) {
    const fit = fitEtsModel(y, period, spec);
    if (fit && (!best || fit.aicc < best.aicc)) best = fit;
  }
  if (!best) {
    // Fewer observations than the smallest model needs: ETS(A,N,N) with fixed smoothing.
    const level = y.length > 0 ? y[y.length - 1] : 0;
    let sum = 0;
    for (let t = 1; t < y.length; t++) sum += (y[t] - y[t - 1]) ** 2;
    return {
      spec: { error: 'A', trend: 'N', season: 'N' },
      period: 1,
      alpha: 0.9999,
      beta: 0,
      gamma: 0,
      phi: 1,
      sigma2: y.length > 1 ? sum / (y.length - 1) : 0,
      minus2LogLik: Number.NaN,
      aicc: Number.NaN,
      parameters: 0,
      observations: y.length,
      level,
      slope: 0,
      seasonal: new Float64Array(1),
      level0: level,
      slope0: 0,
      seasonal0: new Float64Array(1),
    };
  }
  return best;
}

/** Point forecasts, error standard deviations and a path simulator for a fitted ETS model. */
export function forecastEts(fit: EtsFit, horizon: number): ModelForecast {
  const { spec, period, alpha, beta, gamma, observations: n } = fit;
  const hasTrend = spec.trend !== 'N';
  const phi = spec.trend === 'Ad' ? fit.phi : 1;
  const meanForecast = new Float64Array(horizon);
  let phiSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h++) {
    phiPower *= phi;
    phiSum += phiPower;
    const q = fit.level + (hasTrend ? phiSum * fit.slope : 0);
    const s = spec.season === 'N' ? 0 : fit.seasonal[(n + h - 1) % period];
    meanForecast[h - 1] = spec.season === 'A' ? q + s : spec.season === 'M' ? q * s : q;
  }
  const sigma = Math.sqrt(fit.sigma2);
  const additive = spec.error === 'A' && spec.season !== 'M';
  const sd = new Float64Array(horizon);
  if (additive) {
    // Class 1 variance: σ² (1 + Σ_{j<h} c_j²), c_j = α + β(φ + … + φ^j) + γ·[j ≡ 0 mod m].
    let sum = 0;
    let phiCum = 0;
    let power = 1;
    for (let h = 1; h <= horizon; h++) {
      sd[h - 1] = sigma * Math.sqrt(1 + sum);
      power *= phi;
      phiCum += power;
      const c = alpha + (hasTrend ? beta * phiCum : 0) + (spec.season === 'A' && h % period === 0 ? gamma : 0);
      sum += c * c;
    }
  }
  const model: ModelForecast = {
    method: 'ets',
    label: etsLabel(spec),
    horizon,
    mean: meanForecast,
    sd,
    gaussian: additive,
    paths: {
      kind: 'ets',
      ...spec,
      period,
      alpha,
      beta,
      gamma,
      phi,
      sigma,
      observations: n,
      level: fit.level,
      slope: fit.slope,
      seasonal: fit.seasonal.slice(),
    },
    observations: n,
  };
  // Spread from the model by simulation (multiplicative models have no closed form worth the risk).
  if (!additive) model.sd = empiricalSd(model, 400);
  return model;
}
