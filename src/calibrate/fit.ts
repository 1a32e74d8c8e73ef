// Maximum-likelihood fits of service-time distributions to a sample of durations in days, for `doorstroom
// calibrate`. Invariant: the chosen distribution is a valid model `Duration` (mean and sd of the duration itself),
// and the continuous candidates are all scored on the same values, so their AICs compare like with like.
//
// The choice, in this order (each step only among the requested candidates):
//  1. fixed — every value equal, or sd < 1e-6 · mean: { dist: 'fixed', days: mean }; or at least 99%
//     (FIXED_DOMINANT_SHARE) of the values exactly equal to one value: { dist: 'fixed', days: that value }. Real
//     logs of a constant-duration stage carry rare noise, such as one hour off across a summer-time change.
//  2. empirical — at most 12 distinct values and every one of them seen at least 5 times (a discrete sample, such
//     as the simulator's own empirical durations): { dist: 'empirical', valuesDays, weights }, weights as shares.
//  3. otherwise the continuous candidate (exponential, lognormal, gamma) with the lowest AIC.
// Zeros: a lognormal or gamma gives 0 no probability. When at most 1% of the values are 0 they are dropped before
// every continuous fit (`zerosDropped`; the fitted mean is then that of the positive values); above 1%, lognormal
// and gamma are excluded and the exponential is fitted to all values — check its KS distance before using it.
// Right-censoring (`options.censored`): services still running when observation ended, each given as the lower
// bound c = end of observation − start. Each enters the likelihood as the survival S(c) = 1 − F(c): the
// exponential in closed form (rate = completed values / (Σ completed + Σ censored)); lognormal and gamma by
// Nelder–Mead on ln-parameters from the uncensored estimates, polished by a restart and Newton steps. ln S comes
// from the upper incomplete gamma function itself (a continued fraction in the tail; the normal tail is
// Q(½, z²/2) / 2), so it stays accurate and finite far beyond the fitted mean. The fixed rules (all three) and
// the empirical rule are decided on the completed values, but a censored value longer than the fixed value or the
// largest empirical value (by more than CENSORED_TOLERANCE, relative) rules them out, with the reason in `excluded`;
// the empirical weights are then Kaplan–Meier's. The KS distances stay those of the completed values (see
// CandidateFit.ks). Censored zeros carry no information, so with none above 0 every number is exactly that of the
// uncensored fit.
import { Duration } from '../model/schema.ts';
import { normalCdf } from '../forecast/stats.ts';
import { nelderMead } from '../forecast/optim.ts';
import { Welford } from '../sim/stats/summary.ts';
import { digamma, logGamma, regularizedLowerGamma, trigamma } from '../sim/stats/special.ts';
import { type KsResult, assertFiniteSample, ksAgainstCdf } from './distance.ts';

export type FitCandidateName = 'fixed' | 'exponential' | 'lognormal' | 'gamma' | 'empirical';

/** Every candidate, in the order fitDuration tries them. */
export const FIT_CANDIDATES: readonly FitCandidateName[] = ['fixed', 'empirical', 'exponential', 'lognormal', 'gamma'];

/** At most this many distinct values, each seen at least EMPIRICAL_MIN_COUNT times, make a sample discrete. */
export const EMPIRICAL_MAX_DISTINCT = 12;
/** How often every distinct value of a discrete sample must be seen. */
export const EMPIRICAL_MIN_COUNT = 5;
/** A sample whose sd is below this share of its mean is fixed. */
export const FIXED_RELATIVE_SD = 1e-6;
/** Up to this share of zeros is dropped before the continuous fits; above it lognormal and gamma are excluded. */
export const MAX_DROPPED_ZERO_SHARE = 0.01;
/** A sample with at least this share of its values equal to one value is fixed at that value. */
export const FIXED_DOMINANT_SHARE = 0.99;
/** A censored value c is taken as longer than a value v of a fixed or empirical rule when c > v · (1 + this). */
export const CENSORED_TOLERANCE = 1e-6;

export interface CandidateFit {
  dist: FitCandidateName;
  /** The fitted distribution as a model value. */
  duration: Duration;
  /**
   * The family's own parameters: fixed {days}; empirical {distinctValues}; exponential {rate} per day;
   * lognormal {mu, sigma} of ln(days); gamma {shape, scale} (scale in days).
   */
  parameters: Record<string, number>;
  parameterCount: number;
  /**
   * Log-likelihood at the estimate: of the density for the continuous families, of the probability mass for fixed
   * and empirical (−Infinity for fixed when the values are not all equal). Mass and density are not comparable,
   * which is why fixed and empirical are chosen by rule, not by AIC. Each censored value c adds ln S(c).
   */
  logLikelihood: number;
  /** 2 · parameterCount − 2 · logLikelihood (the censored log-likelihood when there are censored values). */
  aic: number;
  /**
   * KS distance between the completed values and the fitted CDF (0 for empirical: it is the sample's own
   * distribution). KS of the completed values only: with censoring it is a rough screen. A finite log completes
   * the short services more often than the long ones, so even the true distribution shows a distance; the right
   * comparison, the fitted distribution truncated at each service's time to the end of observation, needs the
   * observation limits, which fitDuration is not given.
   */
  ks: KsResult;
  /**
   * How many completed values the fit used (zeros dropped for the continuous families, see the file header);
   * the censored values are counted in DurationFit.censored.
   */
  n: number;
}

export interface DurationFit {
  /** The chosen distribution. */
  duration: Duration;
  chosenBy: 'fixed rule' | 'empirical rule' | 'aic';
  /** Sample size, zeros included. */
  n: number;
  zeros: number;
  /** Zeros left out of the continuous fits (all of them when they are at most 1% of the sample, else none). */
  zerosDropped: number;
  /** How many censored values were given and used (each adds ln S(c); those of 0 add nothing). */
  censored: number;
  /** Every candidate that could be fitted, in the order of FIT_CANDIDATES. */
  candidates: CandidateFit[];
  /** Requested candidates that were not fitted, each with the reason. */
  excluded: { dist: FitCandidateName; reason: string }[];
}

export interface FitDurationOptions {
  /** The candidates to consider (default: all). */
  candidates?: readonly FitCandidateName[];
  /**
   * Right-censored durations in days: services that had started but not completed when observation ended, each
   * as end of observation − start (finite, >= 0), measured on the same clock as the sample. Default: none.
   */
  censored?: Float64Array;
}

const round = (x: number) => Number(x.toPrecision(4));

/** Fits the candidates to durations in days and chooses one by the rules in the file header; RangeError on bad input. */
export function fitDuration(sample: Float64Array, options: FitDurationOptions = {}): DurationFit {
  assertFiniteSample(sample, 'fitDuration');
  const wanted = new Set(options.candidates ?? FIT_CANDIDATES);
  for (const name of wanted) {
    if (!FIT_CANDIDATES.includes(name)) {
      throw new RangeError(
        `fitDuration: unknown candidate '${String(name)}'; expected one of ${FIT_CANDIDATES.join(', ')}`,
      );
    }
  }
  if (wanted.size === 0) throw new RangeError('fitDuration: no candidates given; name at least one distribution');
  const sorted = Float64Array.from(sample).sort();
  const n = sorted.length;
  if (sorted[0] < 0) {
    throw new RangeError(`fitDuration: a duration is negative (${sorted[0]} days); durations must be >= 0`);
  }
  const summary = new Welford();
  for (let i = 0; i < n; i++) summary.add(sorted[i]);
  const { values: distinct, counts } = distinctValues(sorted);
  const censored = sortedCensored(options.censored);
  const longestCensored = censored.length > 0 ? censored[censored.length - 1] : 0;
  /** How many censored values are longer than `days`, which a rule whose longest value is `days` cannot have. */
  const censoredBeyond = (days: number) => {
    let count = 0;
    for (let i = censored.length - 1; i >= 0 && censored[i] > days * (1 + CENSORED_TOLERANCE); i--) count++;
    return count;
  };
  const censoredReason = (count: number, rule: string) =>
    `${count} censored value${count === 1 ? '' : 's'} (up to ${round(longestCensored)} days) ran longer than ${rule}`;

  const candidates: CandidateFit[] = [];
  const excluded: DurationFit['excluded'] = [];
  let chosen: CandidateFit | undefined;
  let chosenBy: DurationFit['chosenBy'] = 'aic';

  if (wanted.has('fixed')) {
    const allEqual = distinct.length === 1;
    let commonest = 0;
    for (let i = 1; i < counts.length; i++) if (counts[i] > counts[commonest]) commonest = i;
    const days = allEqual
      ? sorted[0]
      : summary.sd < FIXED_RELATIVE_SD * summary.mean
        ? summary.mean
        : counts[commonest] / n >= FIXED_DOMINANT_SHARE
          ? distinct[commonest]
          : undefined;
    const late = days === undefined ? 0 : censoredBeyond(days);
    if (days === undefined) {
      const share = round((100 * counts[commonest]) / n);
      excluded.push({
        dist: 'fixed',
        reason: `the values vary (sd ${round(summary.sd)}, mean ${round(summary.mean)} days; the commonest value is ${share}% of them)`,
      });
    } else if (late > 0) {
      excluded.push({ dist: 'fixed', reason: censoredReason(late, `the fixed ${round(days)} days`) });
    } else {
      chosen = fixedFit(sorted, days, allEqual);
      chosenBy = 'fixed rule';
      candidates.push(chosen);
    }
  }
  if (wanted.has('empirical')) {
    const rarest = counts.reduce((least, count) => Math.min(least, count), Infinity);
    const largest = distinct[distinct.length - 1];
    const late = censoredBeyond(largest);
    if (distinct.length > EMPIRICAL_MAX_DISTINCT || rarest < EMPIRICAL_MIN_COUNT) {
      excluded.push({
        dist: 'empirical',
        reason:
          `${distinct.length} distinct values, the rarest seen ${rarest} times; a sample is taken as discrete with at ` +
          `most ${EMPIRICAL_MAX_DISTINCT} distinct values each seen at least ${EMPIRICAL_MIN_COUNT} times`,
      });
    } else if (late > 0) {
      excluded.push({ dist: 'empirical', reason: censoredReason(late, `the largest value, ${round(largest)} days`) });
    } else {
      const fit = empiricalFit(distinct, counts, n, censored);
      candidates.push(fit);
      if (!chosen) {
        chosen = fit;
        chosenBy = 'empirical rule';
      }
    }
  }

  let zeros = 0;
  while (zeros < n && sorted[zeros] === 0) zeros++;
  const dropZeros = zeros > 0 && zeros <= MAX_DROPPED_ZERO_SHARE * n;
  const values = dropZeros ? sorted.subarray(zeros) : sorted;
  let censoredZeros = 0;
  while (censoredZeros < censored.length && censored[censoredZeros] === 0) censoredZeros++;
  const positiveCensored = censored.subarray(censoredZeros); // a censored 0 adds ln S(0) = 0
  const continuous: CandidateFit[] = [];
  for (const name of ['exponential', 'lognormal', 'gamma'] as const) {
    if (!wanted.has(name)) continue;
    let fit: CandidateFit | string;
    if (name !== 'exponential' && zeros > 0 && !dropZeros) {
      fit = `${round((100 * zeros) / n)}% of the values are 0, which a ${name} distribution cannot produce`;
    } else {
      const fitter = name === 'exponential' ? exponentialFit : name === 'lognormal' ? lognormalFit : gammaFit;
      fit = fitter(values, positiveCensored);
      // The estimate must be a duration the simulator takes (LIMITS: a spread its sampler is exact for).
      if (typeof fit !== 'string' && !Duration.safeParse(fit.duration).success) {
        fit = `the fitted ${name} (${JSON.stringify(fit.duration)}) lies outside the range the simulator takes (docs/model.md, Limits)`;
      }
    }
    if (typeof fit === 'string') excluded.push({ dist: name, reason: fit });
    else continuous.push(fit);
  }
  candidates.push(...continuous);
  if (!chosen) {
    for (const fit of continuous) if (!chosen || fit.aic < chosen.aic) chosen = fit;
  }
  if (!chosen) {
    const reasons = excluded.map((e) => `${e.dist}: ${e.reason}`).join('; ');
    throw new RangeError(`fitDuration: none of the candidate distributions fits these ${n} durations (${reasons})`);
  }
  const zerosDropped = dropZeros ? zeros : 0;
  return {
    duration: chosen.duration,
    chosenBy,
    n,
    zeros,
    zerosDropped,
    censored: censored.length,
    candidates,
    excluded,
  };
}

/** The censored values, validated and sorted ascending (empty when there are none). */
function sortedCensored(censored: Float64Array | undefined): Float64Array {
  if (!censored || censored.length === 0) return new Float64Array(0);
  assertFiniteSample(censored, 'fitDuration (censored values)');
  const sorted = Float64Array.from(censored).sort();
  if (sorted[0] < 0) {
    throw new RangeError(
      `fitDuration: a censored value is negative (${sorted[0]} days); censored durations must be >= 0`,
    );
  }
  return sorted;
}

function distinctValues(sorted: Float64Array): { values: number[]; counts: number[] } {
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[i]) j++;
    values.push(sorted[i]);
    counts.push(j - i);
    i = j;
  }
  return { values, counts };
}

function candidate(
  dist: FitCandidateName,
  duration: Duration,
  parameters: Record<string, number>,
  parameterCount: number,
  logLikelihood: number,
  ks: KsResult,
): CandidateFit {
  return {
    dist,
    duration,
    parameters,
    parameterCount,
    logLikelihood,
    aic: 2 * parameterCount - 2 * logLikelihood,
    ks,
    n: ks.n,
  };
}

function fixedFit(sorted: Float64Array, days: number, allEqual: boolean): CandidateFit {
  const ks = ksAgainstCdf(
    sorted,
    (x) => (x >= days ? 1 : 0),
    (x) => (x > days ? 1 : 0),
  );
  return candidate('fixed', { dist: 'fixed', days }, { days }, 1, allEqual ? 0 : -Infinity, ks);
}

/**
 * The empirical distribution on the distinct completed values. Censored values (ascending, none beyond the
 * largest value) longer than the smallest value make the weights Kaplan–Meier's: a censored c is known to end at
 * one of the values >= c (within CENSORED_TOLERANCE), so it survives each value below that; the largest value
 * takes the remaining mass. Each such c adds ln P(D >= c) to the log-likelihood.
 */
function empiricalFit(values: number[], counts: number[], n: number, censored: Float64Array): CandidateFit {
  const beyond = (c: number, value: number) => c > value * (1 + CENSORED_TOLERANCE);
  let first = 0; // the first censored value longer than the smallest value: those before it tell nothing
  while (first < censored.length && !beyond(censored[first], values[0])) first++;
  let weights: number[];
  if (first === censored.length) {
    weights = counts.map((count) => count / n);
  } else {
    weights = [];
    let survival = 1;
    let completedLeft = n;
    let next = 0; // the first censored value still running after the current value
    for (let j = 0; j < values.length; j++) {
      while (next < censored.length && !beyond(censored[next], values[j])) next++;
      const hazard = j === values.length - 1 ? 1 : counts[j] / (completedLeft + censored.length - next);
      weights.push(survival * hazard);
      survival *= 1 - hazard;
      completedLeft -= counts[j];
    }
  }
  let logLikelihood = 0;
  counts.forEach((count, i) => (logLikelihood += count * Math.log(weights[i])));
  // A censored c between values[j − 1] and values[j] (with the tolerance) adds ln Σ_{i >= j} weights[i].
  let j = 0;
  for (let i = first; i < censored.length; i++) {
    while (beyond(censored[i], values[j])) j++;
    let tail = 0;
    for (let k = j; k < values.length; k++) tail += weights[k];
    logLikelihood += Math.log(tail);
  }
  const duration: Duration = { dist: 'empirical', valuesDays: values, weights };
  const ks: KsResult = { d: 0, pValue: 1, n };
  return candidate('empirical', duration, { distinctValues: values.length }, 2 * values.length - 1, logLikelihood, ks);
}

/** Closed form, also with censoring: rate = completed values / (Σ completed + Σ censored). */
function exponentialFit(values: Float64Array, censored: Float64Array): CandidateFit | string {
  const n = values.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  for (let i = 0; i < censored.length; i++) sum += censored[i];
  const mean = sum / n;
  if (!(mean > 0)) return 'every value is 0';
  const ks = ksAgainstCdf(values, (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)));
  return candidate(
    'exponential',
    { dist: 'exponential', meanDays: mean },
    { rate: 1 / mean },
    1,
    -n * Math.log(mean) - n,
    ks,
  );
}

/** Mean of ln x over positive values. */
function meanLog(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.log(values[i]);
  return sum / values.length;
}

/** True when the ascending `values` are all equal: then lognormal and gamma have no spread to fit. */
const noSpread = (values: Float64Array) => values[0] === values[values.length - 1];

function lognormalFit(values: Float64Array, censored: Float64Array): CandidateFit | string {
  const n = values.length;
  if (noSpread(values)) return 'the values do not vary';
  let mu = meanLog(values);
  let squares = 0;
  let deviations = 0;
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    const log = Math.log(values[i]);
    squares += (log - mu) ** 2;
    deviations += log - mu;
    sumLog += log;
  }
  let sigma = Math.sqrt(squares / n); // the MLE divides by n
  let logLikelihood = -n * mu - n * Math.log(sigma) - 0.5 * n * Math.log(2 * Math.PI) - 0.5 * n;
  if (censored.length > 0) {
    const mu0 = mu;
    const logCensored = Float64Array.from(censored, Math.log);
    // −ln L at (mu, ln sigma); Σ (ln x − m)² = squares + 2 (mu0 − m) · deviations + n (mu0 − m)², around mu0
    const objective = (p: Float64Array) => {
      const s = Math.exp(p[1]);
      const shift = mu0 - p[0];
      let ll =
        -sumLog -
        n * p[1] -
        0.5 * n * Math.log(2 * Math.PI) -
        (squares + 2 * shift * deviations + n * shift * shift) / (2 * s * s);
      for (let i = 0; i < logCensored.length; i++) ll += logNormalSurvival((logCensored[i] - p[0]) / s);
      return -ll;
    };
    const best = minimise(objective, [mu, Math.log(sigma)]);
    mu = best.x[0];
    sigma = Math.exp(best.x[1]);
    logLikelihood = -best.value;
  }
  const meanDays = Math.exp(mu + (sigma * sigma) / 2);
  const sdDays = meanDays * Math.sqrt(Math.expm1(sigma * sigma));
  const ks = ksAgainstCdf(values, (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)));
  return candidate('lognormal', { dist: 'lognormal', meanDays, sdDays }, { mu, sigma }, 2, logLikelihood, ks);
}

function gammaFit(values: Float64Array, censored: Float64Array): CandidateFit | string {
  const n = values.length;
  if (noSpread(values)) return 'the values do not vary';
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  let mean = sum / n;
  const logs = meanLog(values);
  let shape = gammaShapeMle(Math.log(mean) - logs);
  if (shape === undefined) return 'the values vary too little for a gamma fit';
  let scale = mean / shape;
  let logLikelihood = n * ((shape - 1) * logs - shape - shape * Math.log(scale) - logGamma(shape));
  if (censored.length > 0) {
    // −ln L at (ln shape, ln mean): nearly orthogonal coordinates, unlike (shape, scale)
    const objective = (p: Float64Array) => {
      const k = Math.exp(p[0]);
      const theta = Math.exp(p[1]) / k;
      let ll = n * ((k - 1) * logs - k * Math.log(theta) - logGamma(k)) - sum / theta;
      for (let i = 0; i < censored.length; i++) ll += logGammaSurvival(k, censored[i] / theta);
      return -ll;
    };
    const best = minimise(objective, [Math.log(shape), Math.log(mean)]);
    shape = Math.exp(best.x[0]);
    mean = Math.exp(best.x[1]);
    scale = mean / shape;
    logLikelihood = -best.value;
  }
  const ks = ksAgainstCdf(values, (x) => regularizedLowerGamma(shape, x / scale));
  const duration: Duration = { dist: 'gamma', meanDays: mean, sdDays: mean / Math.sqrt(shape) };
  return candidate('gamma', duration, { shape, scale }, 2, logLikelihood, ks);
}

/**
 * Minimises a smooth 2-parameter −ln L: Nelder–Mead from `start` (good to about √ε in the parameters), restarted
 * from its best point with small steps, then polished by up to 4 Newton steps on central differences (h = 1e-4),
 * each kept only when it does not raise the objective beyond rounding.
 */
function minimise(objective: (p: Float64Array) => number, start: number[]): { x: Float64Array; value: number } {
  const first = nelderMead(objective, start, { step: 0.1, tolerance: 1e-12, maxEvaluations: 2000 });
  const restarted = nelderMead(objective, first.x, { step: 1e-3, tolerance: 1e-14, maxEvaluations: 1000 });
  let { x, value } = restarted.value <= first.value ? restarted : first;
  const h = 1e-4;
  const point = new Float64Array(2);
  const at = (d0: number, d1: number) => {
    point[0] = x[0] + d0;
    point[1] = x[1] + d1;
    return objective(point);
  };
  for (let step = 0; step < 4; step++) {
    const [east, west, north, south] = [at(h, 0), at(-h, 0), at(0, h), at(0, -h)];
    const g0 = (east - west) / (2 * h);
    const g1 = (north - south) / (2 * h);
    const h00 = (east - 2 * value + west) / (h * h);
    const h11 = (north - 2 * value + south) / (h * h);
    const h01 = (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
    const det = h00 * h11 - h01 * h01;
    if (!(h00 > 0 && det > 0)) break; // not locally convex: keep the Nelder–Mead point
    const d0 = -(h11 * g0 - h01 * g1) / det;
    const d1 = -(h00 * g1 - h01 * g0) / det;
    if (!(Math.abs(d0) + Math.abs(d1) < 0.01)) break; // too far for a polish
    const next = Float64Array.of(x[0] + d0, x[1] + d1);
    const nextValue = objective(next);
    if (!(nextValue <= value + 1e-13 * Math.abs(value))) break;
    x = next;
    value = nextValue;
    if (Math.abs(d0) + Math.abs(d1) < 1e-12) break;
  }
  return { x, value };
}

/**
 * ln Q(a, x) = ln(1 − P(a, x)), the log survival of the gamma(a, 1) distribution at x. Below a + 1, where P is
 * not close to 1, from regularizedLowerGamma (absolute error < 1e-13, so a relative error < 1e-11 in Q); above, the
 * continued fraction for Γ(a, x) (Numerical Recipes §6.2, modified Lentz) in log space: finite for any finite x.
 */
function logGammaSurvival(a: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return -Infinity;
  if (x < a + 1) return Math.log1p(-regularizedLowerGamma(a, x));
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) <= Number.EPSILON) break;
  }
  return a * Math.log(x) - x - logGamma(a) + Math.log(fraction);
}

/**
 * ln P(Z > z) for a standard normal Z, from 1 − Φ(|z|) = ½ erfc(|z| / √2) = ½ Q(½, z² / 2). normalCdf's absolute
 * error of 1.5e-7 would swamp the tail, where the censored values of a long log lie.
 */
function logNormalSurvival(z: number): number {
  const tail = Math.log(0.5) + logGammaSurvival(0.5, 0.5 * z * z); // ln P(Z > |z|)
  return z >= 0 ? tail : Math.log1p(-Math.exp(tail));
}

/**
 * The gamma shape k solving ln k − ψ(k) = s, where s = ln(mean) − mean(ln x) >= 0 (the likelihood equation once
 * the scale is profiled out): Minka's (2002) starting value and generalised Newton step on 1/k, which converges
 * in a handful of steps from any s. Undefined when s = 0 (no spread).
 */
export function gammaShapeMle(s: number): number | undefined {
  if (!(s > 1e-14)) return undefined;
  let shape = (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s);
  for (let iteration = 0; iteration < 100; iteration++) {
    const gap = Math.log(shape) - digamma(shape) - s;
    const next = 1 / (1 / shape + gap / (shape * shape * (1 / shape - trigamma(shape))));
    const converged = Math.abs(next - shape) <= 1e-13 * shape;
    shape = next;
    if (converged) break;
  }
  return shape;
}
