// Family-reunification ratio and delay from aggregate daily counts, for `doorstroom calibrate`: an event log does not
// link a family member's case to the grant that brought them, so (r, mean, sd) are fitted to the counts by maximum
// likelihood. Invariant: each optimisation scores one fixed set of days, so the likelihoods it compares share their data.
//
// Model (as the simulator has it): the family of a case granted on day s arrives as one household on day
// s + floor(D), D ~ lognormal(mean, sd), with a Poisson(r) number of members, so the expected number of family persons
// arriving on day t is λ(t) = r · Σ_s grantedCases[s] · P(t − s <= D < t − s + 1).
// Likelihood: Poisson on 7-day totals. The delay is months long, so daily counts would add little about it, and
// weekly totals are immune to registration patterns within the week (nothing registered at weekends or on holidays)
// that a daily Poisson model would misfit; the convolution is also 7× cheaper per evaluation. Members arrive clumped
// by household, so the counts' variance is about (1 + r) × their mean: the estimates stay consistent (the Poisson
// score is unbiased whatever the variance), and the standard error reported is inflated by √(1 + r) to match.
// r is profiled out (for a given delay its MLE is Σ observed / Σ expected); Nelder–Mead searches ln(mean), ln(sd).
// Start of the log: grants before day 0 are unknown (by default), so the days before the 99% quantile of the delay
// are a burn-in, left out of the likelihood. The burn-in depends on the delay being fitted, so it is fixed per fit and
// updated from the fitted delay until it settles; with `grantsBeforeLog: 'none'` (the log starts with the first
// grant) every day is used and the rise of the arrivals at the start helps to identify the delay.
// Identification: after the burn-in the delay shows only through changes in the number of grants (a surge, a dip);
// under steady grants r is still well determined but the delay is not, and the note says so.
import { normalCdf, normalQuantile } from '../forecast/stats.ts';
import { nelderMead } from '../forecast/optim.ts';
import { logGamma } from '../sim/stats/special.ts';

export interface ReunificationOptions {
  /** 'unknown' (default): there were grants before day 0, not in the input — use a burn-in. 'none': there were none. */
  grantsBeforeLog?: 'unknown' | 'none';
}

export interface ReunificationFit {
  /** r: mean number of family members per granted case (0 when no family members arrived). */
  membersPerGrantedCase: number;
  /** The grant-to-arrival delay; null when no family members arrived in the days used (nothing to fit it to). */
  delay: { dist: 'lognormal'; meanDays: number; sdDays: number } | null;
  /** Poisson log-likelihood of the 7-day totals of the days used, at the estimate. */
  logLikelihood: number;
  /** Days in the likelihood: H − burnInDays. */
  daysUsed: number;
  /** Days at the start left out because grants before the log are unknown (0 with grantsBeforeLog 'none'). */
  burnInDays: number;
  /**
   * Approximate standard error of ln(delay mean) — the relative error of the mean delay — from the curvature of the
   * profile likelihood, inflated for household clumping; NaN when there is no delay estimate.
   */
  delayMeanRelativeSe: number;
  /** What was done, in words, with any warning (burn-in capped, delay poorly identified, no family members). */
  note: string;
}

/** Fewer days than this is too little to separate a delay of months from the ratio. */
export const MIN_REUNIFICATION_DAYS = 60;
const BLOCK_DAYS = 7;
const BURN_IN_QUANTILE = 0.99;
const TRUNCATION_QUANTILE = 0.9999;
/** The burn-in leaves at least this many days in the likelihood. */
const MIN_DAYS_USED = 28;
const MAX_BURN_IN_ROUNDS = 6;
/** Above this standard error of ln(mean delay) the note says the delay is poorly identified. */
const POORLY_IDENTIFIED_SE = 0.15;

/** How far the burn-in may be from the delay's quantile before it is refitted. */
const burnInTolerance = (burnIn: number) => Math.max(BLOCK_DAYS, 0.02 * burnIn);

interface DelayParameters {
  meanDays: number;
  sdDays: number;
}

/** μ and σ of ln D for a lognormal D with the given mean and sd. */
function logScale({ meanDays, sdDays }: DelayParameters): { mu: number; sigma: number } {
  const sigmaSquared = Math.log1p((sdDays / meanDays) ** 2);
  return { mu: Math.log(meanDays) - sigmaSquared / 2, sigma: Math.sqrt(sigmaSquared) };
}

function lognormalQuantile(delay: DelayParameters, p: number): number {
  const { mu, sigma } = logScale(delay);
  return Math.exp(mu + sigma * normalQuantile(p));
}

/**
 * The profile log-likelihood of a delay over the days [burnIn, H): r at its MLE for that delay. Allocates its
 * tables once; each evaluation fills the delay CDF once and convolves it with the grants per 7-day block.
 */
function profileLikelihood(grants: Float64Array, persons: Float64Array, burnIn: number) {
  const days = grants.length;
  const blocks = Math.ceil((days - burnIn) / BLOCK_DAYS);
  const observed = new Float64Array(blocks);
  let totalObserved = 0;
  let logFactorials = 0;
  for (let b = 0; b < blocks; b++) {
    for (let t = burnIn + b * BLOCK_DAYS; t < Math.min(days, burnIn + (b + 1) * BLOCK_DAYS); t++)
      observed[b] += persons[t];
    totalObserved += observed[b];
    logFactorials += logGamma(observed[b] + 1);
  }
  const expected = new Float64Array(blocks); // Σ over the block of λ(t) / r
  const cdf = new Float64Array(days + 1); // cdf[k] = P(D < k), k = 0..truncation

  return {
    totalObserved,
    /** { r, logLikelihood } for a delay; logLikelihood −Infinity where the delay cannot produce the counts. */
    evaluate(delay: DelayParameters): { r: number; logLikelihood: number } {
      const { mu, sigma } = logScale(delay);
      const truncation = Math.min(days, Math.ceil(lognormalQuantile(delay, TRUNCATION_QUANTILE)));
      cdf[0] = 0;
      for (let k = 1; k <= truncation; k++) cdf[k] = normalCdf((Math.log(k) - mu) / sigma);
      // P(D < k) beyond the truncation is taken as its value there: mass past the 0.9999 quantile is dropped.
      const at = (k: number) => (k <= 0 ? 0 : cdf[Math.min(k, truncation)]);
      let totalExpected = 0;
      for (let b = 0; b < blocks; b++) {
        const start = burnIn + b * BLOCK_DAYS;
        const end = Math.min(days, start + BLOCK_DAYS);
        // Family of a grant on day s arrives in [start, end) with probability P(start − s <= D < end − s).
        let sum = 0;
        for (let s = Math.max(0, start - truncation); s < end; s++) {
          if (grants[s] !== 0) sum += grants[s] * (at(end - s) - at(start - s));
        }
        expected[b] = sum;
        totalExpected += sum;
      }
      if (!(totalExpected > 0)) return { r: 0, logLikelihood: -Infinity };
      const r = totalObserved / totalExpected;
      let logLikelihood = -logFactorials;
      for (let b = 0; b < blocks; b++) {
        const mean = r * expected[b];
        if (observed[b] > 0) {
          if (!(mean > 0)) return { r, logLikelihood: -Infinity };
          logLikelihood += observed[b] * Math.log(mean);
        }
        logLikelihood -= mean;
      }
      return { r, logLikelihood };
    },
  };
}

type Profile = ReturnType<typeof profileLikelihood>;

/** The delay maximising the profile likelihood: the best of a coarse grid, then Nelder–Mead on ln(mean), ln(sd). */
function fitDelay(profile: Profile, days: number): DelayParameters {
  const fromLog = (x: ArrayLike<number>): DelayParameters => ({ meanDays: Math.exp(x[0]), sdDays: Math.exp(x[1]) });
  const objective = (x: Float64Array): number => {
    const delay = fromLog(x);
    const cv = delay.sdDays / delay.meanDays;
    // Keep the search where the lognormal is numerically sound and the delay could be seen in the log.
    if (!(delay.meanDays >= 0.5 && delay.meanDays <= 10 * days && cv >= 0.01 && cv <= 10)) return Infinity;
    return -profile.evaluate(delay).logLikelihood;
  };
  let best = [Math.log(7), Math.log(3.5)];
  let bestValue = Infinity;
  for (let meanDays = 7; meanDays <= days; meanDays *= 2) {
    for (const cv of [0.25, 0.5, 1]) {
      const x = [Math.log(meanDays), Math.log(cv * meanDays)];
      const value = objective(Float64Array.from(x));
      if (value < bestValue) {
        bestValue = value;
        best = x;
      }
    }
  }
  const result = nelderMead(objective, best, { step: 0.3, tolerance: 1e-11, maxEvaluations: 600 });
  return fromLog(result.x);
}

/** Standard error of ln(mean) from the observed information of the profile likelihood in (ln mean, ln sd). */
function logMeanStandardError(profile: Profile, delay: DelayParameters, dispersion: number): number {
  const h = 0.02;
  const f = (dm: number, ds: number) =>
    profile.evaluate({ meanDays: delay.meanDays * Math.exp(dm), sdDays: delay.sdDays * Math.exp(ds) }).logLikelihood;
  const centre = f(0, 0);
  const hMM = -(f(h, 0) - 2 * centre + f(-h, 0)) / (h * h);
  const hSS = -(f(0, h) - 2 * centre + f(0, -h)) / (h * h);
  const hMS = -(f(h, h) - f(h, -h) - f(-h, h) + f(-h, -h)) / (4 * h * h);
  const determinant = hMM * hSS - hMS * hMS;
  if (!(determinant > 0 && hSS > 0)) return Infinity; // flat or saddle: not identified
  return Math.sqrt((dispersion * hSS) / determinant);
}

function noFamilyFit(days: number, burnIn: number): ReunificationFit {
  const where = burnIn > 0 ? ` after the ${burnIn}-day burn-in` : '';
  return {
    membersPerGrantedCase: 0,
    delay: null,
    logLikelihood: 0,
    daysUsed: days - burnIn,
    burnInDays: burnIn,
    delayMeanRelativeSe: NaN,
    note: `no family-reunification persons arrived${where}: r = 0, and there is no delay to estimate`,
  };
}

function checkCounts(name: string, values: ArrayLike<number>, integers: boolean): Float64Array {
  const copy = new Float64Array(values.length);
  for (let d = 0; d < values.length; d++) {
    const value = values[d];
    if (!(Number.isFinite(value) && value >= 0 && (!integers || Number.isInteger(value)))) {
      const kind = integers ? 'a whole number >= 0' : 'a finite number >= 0';
      throw new RangeError(`fitReunification: ${name}[${d}] is ${value}; every count must be ${kind}`);
    }
    copy[d] = value;
  }
  return copy;
}

/** Fits r and the lognormal delay to daily granted cases and family arrivals (days 0..H−1); RangeError on unusable input. */
export function fitReunification(
  grantedCases: ArrayLike<number>,
  familyPersons: ArrayLike<number>,
  options: ReunificationOptions = {},
): ReunificationFit {
  const days = grantedCases.length;
  if (familyPersons.length !== days) {
    throw new RangeError(
      `fitReunification: grantedCases covers ${days} days but familyPersons ${familyPersons.length}; give both for the same days`,
    );
  }
  if (days < MIN_REUNIFICATION_DAYS) {
    throw new RangeError(
      `fitReunification: the log covers ${days} days; at least ${MIN_REUNIFICATION_DAYS} are needed to estimate a delay of months`,
    );
  }
  const grants = checkCounts('grantedCases', grantedCases, false);
  const persons = checkCounts('familyPersons', familyPersons, true);
  if (!grants.some((g) => g > 0)) {
    throw new RangeError(
      'fitReunification: no granted cases in the log; family reunification cannot be related to grants',
    );
  }
  const unknownHistory = (options.grantsBeforeLog ?? 'unknown') === 'unknown';
  const maxBurnIn = days - MIN_DAYS_USED;

  let burnIn = unknownHistory ? Math.min(maxBurnIn, Math.floor(days / 3)) : 0;
  let profile = profileLikelihood(grants, persons, burnIn);
  if (profile.totalObserved === 0) return noFamilyFit(days, burnIn);
  let delay = fitDelay(profile, days);
  for (let round = 1; unknownHistory && round < MAX_BURN_IN_ROUNDS; round++) {
    const next = Math.min(maxBurnIn, Math.ceil(lognormalQuantile(delay, BURN_IN_QUANTILE)));
    if (Math.abs(next - burnIn) <= burnInTolerance(burnIn)) break;
    burnIn = next;
    profile = profileLikelihood(grants, persons, burnIn);
    if (profile.totalObserved === 0) return noFamilyFit(days, burnIn);
    delay = fitDelay(profile, days);
  }
  const { r, logLikelihood } = profile.evaluate(delay);
  const se = logMeanStandardError(profile, delay, 1 + r);

  const notes = [
    `Poisson likelihood of 7-day totals over days ${burnIn}–${days - 1} (${days - burnIn} days), r profiled, ` +
      'delay by Nelder–Mead on ln(mean) and ln(sd)',
  ];
  const quantile = Math.ceil(lognormalQuantile(delay, BURN_IN_QUANTILE));
  if (unknownHistory) {
    notes.push(
      quantile > burnIn + burnInTolerance(burnIn)
        ? `the burn-in of ${burnIn} days is shorter than the delay's 99% quantile (${quantile} days)` +
            (burnIn === maxBurnIn ? ' because the log is too short' : '') +
            ': family of grants before the log arrives in the days used, so r is likely overestimated'
        : `the first ${burnIn} days (about the delay's 99% quantile) are burn-in, as grants before the log are unknown`,
    );
  } else {
    notes.push('no grants before the log (grantsBeforeLog: none), so every day is used');
  }
  if (!(se <= POORLY_IDENTIFIED_SE)) {
    notes.push(
      `the delay is poorly identified (standard error of ln(mean) ${Number.isFinite(se) ? se.toFixed(2) : 'unbounded'}): ` +
        'the grants vary too little over the days used to tell a long delay from a short one',
    );
  }
  return {
    membersPerGrantedCase: r,
    delay: { dist: 'lognormal', ...delay },
    logLikelihood,
    daysUsed: days - burnIn,
    burnInDays: burnIn,
    delayMeanRelativeSe: se,
    note: notes.join('; '),
  };
}
