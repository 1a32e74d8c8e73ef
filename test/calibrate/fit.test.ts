import { describe, expect, it } from 'vitest';
import { fitDuration, gammaShapeMle } from '../../src/calibrate/fit.ts';
import { digamma, logGamma, regularizedLowerGamma, trigamma } from '../../src/sim/stats/special.ts';
import { type DistributionSpec, compileDistribution } from '../../src/sim/engine/distributions.ts';
import { replicationStream } from '../../src/core/random.ts';

/** n draws from the simulator's own sampler for `spec`, from replication stream (seed, 0). */
function draw(spec: DistributionSpec, seed: number, n = 5000): Float64Array {
  const rng = replicationStream(seed, 0);
  const sampler = compileDistribution(spec);
  return Float64Array.from({ length: n }, () => sampler(rng));
}

function candidate(fit: ReturnType<typeof fitDuration>, dist: string) {
  const found = fit.candidates.find((c) => c.dist === dist);
  if (!found) throw new Error(`no ${dist} candidate`);
  return found;
}

describe('fitDuration recovers the simulator’s distributions (n = 5,000, seed 1; mean within 3%, sd within 6%, KS D < 0.03)', () => {
  const cases: { spec: DistributionSpec; mean: number; sd: number; wrong: string }[] = [
    { spec: { kind: 'exponential', mean: 10 }, mean: 10, sd: 10, wrong: 'lognormal' },
    { spec: { kind: 'lognormal', mean: 90, sd: 45 }, mean: 90, sd: 45, wrong: 'exponential' },
    { spec: { kind: 'gamma', mean: 150, sd: 90 }, mean: 150, sd: 90, wrong: 'exponential' },
  ];
  for (const { spec, mean, sd, wrong } of cases) {
    it(`${spec.kind}(mean ${mean}, sd ${sd}) is chosen by AIC, with a small KS distance; ${wrong} has a large one`, () => {
      const fit = fitDuration(draw(spec, 1));
      expect(fit.chosenBy).toBe('aic');
      expect(fit.duration.dist).toBe(spec.kind);
      const chosen = candidate(fit, spec.kind);
      const best = Math.min(...fit.candidates.map((c) => c.aic));
      expect(chosen.aic).toBe(best);
      const duration = fit.duration;
      const fittedMean =
        duration.dist === 'exponential' ? duration.meanDays : 'meanDays' in duration ? duration.meanDays : NaN;
      const fittedSd =
        duration.dist === 'exponential' ? duration.meanDays : 'sdDays' in duration ? duration.sdDays : NaN;
      expect(Math.abs(fittedMean / mean - 1)).toBeLessThan(0.03);
      expect(Math.abs(fittedSd / sd - 1)).toBeLessThan(0.06);
      expect(chosen.ks.d).toBeLessThan(0.03);
      expect(chosen.ks.n).toBe(5000);
      expect(candidate(fit, wrong).ks.d).toBeGreaterThan(0.06);
      expect(candidate(fit, wrong).ks.pValue).toBeLessThan(1e-10);
    });
  }

  it('tells lognormal from gamma of similar shape: each sample’s own family has the lower AIC and KS distance', () => {
    const lognormal = fitDuration(draw({ kind: 'lognormal', mean: 90, sd: 45 }, 2));
    const gamma = fitDuration(draw({ kind: 'gamma', mean: 150, sd: 90 }, 2));
    expect(candidate(lognormal, 'lognormal').aic).toBeLessThan(candidate(lognormal, 'gamma').aic - 50);
    expect(candidate(gamma, 'gamma').aic).toBeLessThan(candidate(gamma, 'lognormal').aic - 50);
    expect(candidate(lognormal, 'gamma').ks.d).toBeGreaterThan(2 * candidate(lognormal, 'lognormal').ks.d);
    expect(candidate(gamma, 'lognormal').ks.d).toBeGreaterThan(2 * candidate(gamma, 'gamma').ks.d);
  });
});

describe('fitDuration: closed forms and a reference value', () => {
  // Air-conditioning failure intervals (Proschan 1963), as in R's boot::aircondit. Reference (R was not at hand):
  // the gamma likelihood equations solved by mpmath 1.3.0 at 30 digits (shape 0.7064931748042885, log-likelihood
  // −67.64542455580195); scipy.stats.gamma.fit(x, floc=0) of SciPy 1.17.1 gives the same shape and scale
  // 152.98567231491572. MASS::fitdistr(x, 'gamma') optimises numerically, so it agrees to its optim tolerance only.
  const aircondit = new Float64Array([3, 5, 7, 18, 43, 85, 91, 98, 100, 130, 230, 487]);

  it('gamma MLE on boot::aircondit matches the reference to 1e-10', () => {
    const gamma = candidate(fitDuration(aircondit), 'gamma');
    expect(gamma.parameters.shape).toBeCloseTo(0.7064931748042885, 10);
    expect(gamma.parameters.scale / 152.98567231491572 - 1).toBeCloseTo(0, 10);
    expect(gamma.logLikelihood).toBeCloseTo(-67.64542455580195, 9);
    expect(gamma.duration).toEqual({
      dist: 'gamma',
      meanDays: 1297 / 12,
      sdDays: expect.closeTo(128.5892741096128, 9),
    });
  });

  it('exponential and lognormal use the closed forms (mean; mean and sd of the logs, divisor n)', () => {
    const fit = fitDuration(aircondit);
    const exponential = candidate(fit, 'exponential');
    const n = aircondit.length;
    const mean = 1297 / 12;
    expect(exponential.duration).toEqual({ dist: 'exponential', meanDays: mean });
    expect(exponential.logLikelihood).toBeCloseTo(-n * Math.log(mean) - n, 10);
    const logs = Array.from(aircondit, Math.log);
    const mu = logs.reduce((a, b) => a + b, 0) / n;
    const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / n);
    const lognormal = candidate(fit, 'lognormal');
    expect(lognormal.parameters.mu).toBeCloseTo(mu, 12);
    expect(lognormal.parameters.sigma).toBeCloseTo(sigma, 12);
    // mean and sd of the duration itself, as the model's Duration has them
    expect(lognormal.duration).toEqual({
      dist: 'lognormal',
      meanDays: expect.closeTo(Math.exp(mu + sigma ** 2 / 2), 9),
      sdDays: expect.closeTo(Math.exp(mu + sigma ** 2 / 2) * Math.sqrt(Math.exp(sigma ** 2) - 1), 9),
    });
    // AIC = 2k − 2 logL, so on this small sample the 1-parameter exponential wins
    expect(exponential.aic).toBeCloseTo(2 - 2 * exponential.logLikelihood, 10);
    expect(fit.duration.dist).toBe('exponential');
  });

  it('the gamma shape MLE solves ln k − ψ(k) = s from small and large spreads (roots from mpmath 1.3.0, within 1e-9)', () => {
    const roots: [number, number][] = [
      [1e-6, 500000.1666666111],
      [1e-3, 500.16661108153954],
      [0.05, 10.163822291387248],
      [0.5, 1.1377247271478588],
      [2, 0.33811677188001255],
      [10, 0.08305704799496322],
    ];
    for (const [s, root] of roots) expect(Math.abs(gammaShapeMle(s)! / root - 1)).toBeLessThan(1e-9);
    expect(gammaShapeMle(0)).toBeUndefined();
  });

  it('special functions match mpmath 1.3.0 (30 digits)', () => {
    expect(logGamma(0.5)).toBeCloseTo(0.5723649429247001, 13); // ln √π
    expect(logGamma(1000.5)).toBeCloseTo(5908.674175848678, 9);
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(digamma(0.3)).toBeCloseTo(-3.502524222200133, 12);
    expect(trigamma(0.3) / 12.245364546107732 - 1).toBeCloseTo(0, 12);
    expect(regularizedLowerGamma(2.5, 1.7)).toBeCloseTo(0.36143007689620493, 13);
    expect(regularizedLowerGamma(0.3, 0.01)).toBeCloseTo(0.27924099635901484, 13);
    expect(regularizedLowerGamma(50, 60)).toBeCloseTo(0.9155933189063081, 13);
    expect(regularizedLowerGamma(1, 3)).toBeCloseTo(1 - Math.exp(-3), 13); // shape 1 is the exponential
    expect(regularizedLowerGamma(2, 0)).toBe(0);
    expect(regularizedLowerGamma(2, 1e6)).toBe(1);
  });
});

describe('fitDuration: fixed and empirical rules', () => {
  it('a 6/9-day mixture with weights 0.8/0.2 (the simulator’s empirical sampler, n = 5,000) becomes empirical, weights within 0.02', () => {
    const fit = fitDuration(draw({ kind: 'empirical', values: [6, 9], weights: [0.8, 0.2] }, 3));
    expect(fit.chosenBy).toBe('empirical rule');
    const duration = fit.duration;
    if (duration.dist !== 'empirical') throw new Error(`expected empirical, got ${duration.dist}`);
    expect(duration.valuesDays).toEqual([6, 9]);
    expect(duration.interpolate).toBeUndefined();
    expect(Math.abs(duration.weights![0] - 0.8)).toBeLessThan(0.02);
    expect(Math.abs(duration.weights![1] - 0.2)).toBeLessThan(0.02);
    expect(duration.weights![0] + duration.weights![1]).toBeCloseTo(1, 12);
    expect(candidate(fit, 'empirical').ks.d).toBe(0);
    // the continuous candidates are still reported, for comparison
    expect(fit.candidates.map((c) => c.dist)).toEqual(['empirical', 'exponential', 'lognormal', 'gamma']);
  });

  it('a value seen fewer than 5 times, or more than 12 distinct values, keeps a sample continuous', () => {
    const rare = new Float64Array([...Array(40).fill(6), ...Array(10).fill(9), 12, 12, 12, 12]);
    const rareFit = fitDuration(rare);
    expect(rareFit.chosenBy).toBe('aic');
    expect(rareFit.excluded.find((e) => e.dist === 'empirical')?.reason).toMatch(/rarest seen 4 times/);
    const many = Float64Array.from({ length: 13 * 5 }, (_, i) => 1 + (i % 13));
    expect(fitDuration(many).chosenBy).toBe('aic');
    const twelve = Float64Array.from({ length: 12 * 5 }, (_, i) => 1 + (i % 12));
    expect(fitDuration(twelve).chosenBy).toBe('empirical rule');
  });

  it('a constant sample becomes fixed, and so does one whose sd is below 1e-6 of its mean', () => {
    const constant = fitDuration(new Float64Array(50).fill(14));
    expect(constant.duration).toEqual({ dist: 'fixed', days: 14 });
    expect(constant.chosenBy).toBe('fixed rule');
    expect(candidate(constant, 'fixed').ks.d).toBe(0);
    expect(constant.excluded.map((e) => e.dist).sort()).toEqual(['gamma', 'lognormal']); // no spread to fit
    const nearly = fitDuration(Float64Array.from({ length: 50 }, (_, i) => 14 + 1e-9 * i));
    expect(nearly.duration.dist).toBe('fixed');
    if (nearly.duration.dist === 'fixed') expect(nearly.duration.days).toBeCloseTo(14, 6);
    expect(fitDuration(new Float64Array(3)).duration).toEqual({ dist: 'fixed', days: 0 });
    expect(fitDuration(new Float64Array([7])).duration).toEqual({ dist: 'fixed', days: 7 });
  });

  it('options.candidates restricts the choice', () => {
    const sample = draw({ kind: 'gamma', mean: 150, sd: 90 }, 4);
    const fit = fitDuration(sample, { candidates: ['exponential', 'lognormal'] });
    expect(fit.candidates.map((c) => c.dist)).toEqual(['exponential', 'lognormal']);
    expect(fit.duration.dist).toBe('lognormal');
    const constant = fitDuration(new Float64Array(20).fill(3), { candidates: ['exponential', 'gamma'] });
    expect(constant.duration).toEqual({ dist: 'exponential', meanDays: 3 });
  });
});

describe('fitDuration: zeros', () => {
  const positive = draw({ kind: 'lognormal', mean: 90, sd: 45 }, 5, 1000);

  it('up to 1% zeros are dropped before the continuous fits, and every continuous candidate sees the same values', () => {
    const sample = new Float64Array(1000);
    sample.set(positive.subarray(0, 995));
    const fit = fitDuration(sample); // 5 zeros = 0.5%
    expect(fit.zeros).toBe(5);
    expect(fit.zerosDropped).toBe(5);
    expect(fit.duration.dist).toBe('lognormal');
    for (const c of fit.candidates) expect(c.n).toBe(995);
  });

  it('more than 1% zeros excludes lognormal and gamma, with the reason, and fits the exponential to all values', () => {
    const sample = new Float64Array(1000);
    sample.set(positive.subarray(0, 950)); // 50 zeros = 5%
    const fit = fitDuration(sample);
    expect(fit.zerosDropped).toBe(0);
    expect(fit.duration.dist).toBe('exponential');
    expect(candidate(fit, 'exponential').n).toBe(1000);
    const reasons = Object.fromEntries(fit.excluded.map((e) => [e.dist, e.reason]));
    expect(reasons.lognormal).toMatch(/5% of the values are 0/);
    expect(reasons.gamma).toMatch(/5% of the values are 0/);
    // the poor fit shows in the KS distance, for the caller to report
    expect(candidate(fit, 'exponential').ks.d).toBeGreaterThan(0.1);
  });
});

describe('fitDuration: errors', () => {
  it('throws a RangeError with a clear message on an empty sample, a non-finite or negative value, or no usable candidate', () => {
    expect(() => fitDuration(new Float64Array(0))).toThrow(RangeError);
    expect(() => fitDuration(new Float64Array(0))).toThrow(/fitDuration: the sample is empty/);
    expect(() => fitDuration(new Float64Array([1, NaN, 3]))).toThrow(
      /value 2 of 3 is NaN; every value must be a finite number/,
    );
    expect(() => fitDuration(new Float64Array([1, Infinity]))).toThrow(RangeError);
    expect(() => fitDuration(new Float64Array([4, -1]))).toThrow(/negative \(-1 days\)/);
    expect(() => fitDuration(new Float64Array([1, 2]), { candidates: [] })).toThrow(/no candidates/);
    expect(() => fitDuration(new Float64Array(20).fill(3), { candidates: ['lognormal', 'gamma'] })).toThrow(
      /none of the candidate distributions fits these 20 durations \(lognormal: the values do not vary; gamma: the values do not vary\)/,
    );
  });
});

/**
 * A log of `end` days in which n services start uniformly over [0, end] (starts from replication stream
 * (seed, 1)) with durations from the simulator's sampler (stream (seed, 0)): a service completes in the log when
 * start + duration <= end, else it is right-censored at end − start.
 */
function observe(spec: DistributionSpec, seed: number, end: number, n = 5000) {
  const durations = replicationStream(seed, 0);
  const starts = replicationStream(seed, 1);
  const sampler = compileDistribution(spec);
  const completed: number[] = [];
  const censored: number[] = [];
  for (let i = 0; i < n; i++) {
    const duration = sampler(durations);
    const start = starts.uniform() * end;
    if (start + duration <= end) completed.push(duration);
    else censored.push(end - start);
  }
  return { completed: Float64Array.from(completed), censored: Float64Array.from(censored) };
}

function meanAndSd(duration: ReturnType<typeof fitDuration>['duration']): [number, number] {
  if (duration.dist === 'exponential') return [duration.meanDays, duration.meanDays];
  if (duration.dist === 'gamma' || duration.dist === 'lognormal') return [duration.meanDays, duration.sdDays];
  throw new Error(`expected a continuous fit, got ${duration.dist}`);
}

describe('fitDuration: right-censoring (services still running at the end of the log)', () => {
  // At 400 days a lognormal(90, 45) is biased low by only ~7% (it rarely runs that long), so its log is 200 days.
  const cases = [
    { spec: { kind: 'gamma', mean: 150, sd: 90 }, end: 400 },
    { spec: { kind: 'lognormal', mean: 90, sd: 45 }, end: 200 },
  ] as const;
  for (const { spec, end } of cases) {
    it(`${spec.kind}(${spec.mean}, ${spec.sd}) over ${end} days (n = 5,000, seed 1): with the censored values the mean is within 5% and the sd within 10%; the completed values alone are > 10% low`, () => {
      const { completed, censored } = observe(spec, 1, end);
      expect(censored.length).toBeGreaterThan(1000); // a real test of the censoring
      const fit = fitDuration(completed, { censored });
      expect(fit.n).toBe(completed.length);
      expect(fit.censored).toBe(censored.length);
      expect(fit.chosenBy).toBe('aic');
      expect(fit.duration.dist).toBe(spec.kind);
      const [mean, sd] = meanAndSd(fit.duration);
      expect(Math.abs(mean / spec.mean - 1)).toBeLessThan(0.05);
      expect(Math.abs(sd / spec.sd - 1)).toBeLessThan(0.1);
      const [naiveMean] = meanAndSd(candidate(fitDuration(completed), spec.kind).duration);
      expect(naiveMean).toBeLessThan(0.9 * spec.mean);
      // every continuous candidate is scored on the same completed and censored values; KS on the completed only
      for (const c of fit.candidates) expect(c.n).toBe(completed.length);
      expect(candidate(fit, spec.kind).aic).toBeCloseTo(4 - 2 * candidate(fit, spec.kind).logLikelihood, 8);
    });
  }

  it('the censored lognormal and gamma MLEs on boot::aircondit with 4 censored values match mpmath to 1e-7', () => {
    // Reference: the score equations of the censored log-likelihood (mpmath.gammainc(k, c/θ, inf, regularized)
    // and mpmath.ncdf for the survival) solved by mpmath.findroot at 30 digits (mpmath 1.3.0); SciPy 1.17.1
    // (Nelder–Mead then BFGS on gamma.logsf / lognorm.logsf) agrees to its tolerance.
    const completed = new Float64Array([3, 5, 7, 18, 43, 85, 91, 98, 100, 130, 230, 487]);
    const censored = new Float64Array([50, 120, 300, 600]);
    const fit = fitDuration(completed, { censored });
    const gamma = candidate(fit, 'gamma');
    expect(Math.abs(gamma.parameters.shape / 0.608204056033006 - 1)).toBeLessThan(1e-7);
    expect(Math.abs(gamma.parameters.scale / 364.696486565212 - 1)).toBeLessThan(1e-7);
    expect(gamma.logLikelihood).toBeCloseTo(-74.0877118205722, 9);
    const lognormal = candidate(fit, 'lognormal');
    expect(Math.abs(lognormal.parameters.mu / 4.49574835404356 - 1)).toBeLessThan(1e-7);
    expect(Math.abs(lognormal.parameters.sigma / 1.85964477485948 - 1)).toBeLessThan(1e-7);
    expect(lognormal.logLikelihood).toBeCloseTo(-73.77382528460053, 9);
    expect(candidate(fit, 'exponential').duration).toEqual({ dist: 'exponential', meanDays: (1297 + 1070) / 12 });
  });

  it('exponential: rate = completed / (Σ completed + Σ censored), by hand on 4 values and 2 censored', () => {
    const completed = new Float64Array([2, 3, 5, 10]);
    const fit = fitDuration(completed, { censored: new Float64Array([4, 6]), candidates: ['exponential'] });
    const exponential = candidate(fit, 'exponential');
    expect(exponential.parameters.rate).toBeCloseTo(4 / 30, 14); // 4 events over 20 + 10 days of exposure
    expect(exponential.duration).toEqual({ dist: 'exponential', meanDays: 7.5 });
    // 4 ln(rate) − rate · 30 = −4 ln 7.5 − 4
    expect(exponential.logLikelihood).toBeCloseTo(-4 * Math.log(7.5) - 4, 12);
    expect(exponential.aic).toBeCloseTo(2 + 8 * Math.log(7.5) + 8, 12);
    expect(fit.n).toBe(4);
    expect(fit.censored).toBe(2);
    // a censored 0 (started as the log ended) carries no information, but is counted
    const withZero = fitDuration(completed, { censored: new Float64Array([4, 0, 6]), candidates: ['exponential'] });
    expect(withZero.duration).toEqual({ dist: 'exponential', meanDays: 7.5 });
    expect(withZero.censored).toBe(3);
  });

  it('a censored value far in the tail keeps the log-likelihoods finite (ln S from the upper tail, not ln(1 − F))', () => {
    const completed = new Float64Array([3, 5, 7, 18, 43, 85, 91, 98, 100, 130, 230, 487]);
    const fit = fitDuration(completed, { censored: new Float64Array([1e5]) }); // 1 − F(1e5) rounds to 0
    for (const c of fit.candidates) expect(Number.isFinite(c.logLikelihood)).toBe(true);
    const plain = fitDuration(completed);
    for (const dist of ['exponential', 'lognormal', 'gamma']) {
      expect(meanAndSd(candidate(fit, dist).duration)[0]).toBeGreaterThan(
        meanAndSd(candidate(plain, dist).duration)[0],
      );
    }
  });

  it('without censored values (none given, none, or only zeros) every number is that of the uncensored fit', () => {
    const samples = [
      draw({ kind: 'gamma', mean: 150, sd: 90 }, 4, 2000),
      draw({ kind: 'lognormal', mean: 90, sd: 45 }, 4, 2000),
      draw({ kind: 'empirical', values: [6, 9], weights: [0.8, 0.2] }, 4, 2000),
      new Float64Array([0, ...draw({ kind: 'exponential', mean: 3 }, 4, 199)]), // a dropped zero
      new Float64Array(50).fill(14),
    ];
    for (const sample of samples) {
      const plain = fitDuration(sample);
      expect(plain.censored).toBe(0);
      expect(fitDuration(sample, { censored: new Float64Array(0) })).toEqual(plain);
      expect(fitDuration(sample, { censored: new Float64Array(3) })).toEqual({ ...plain, censored: 3 });
    }
  });

  it('empirical: the weights become Kaplan–Meier’s (6/9 days at 0.8/0.2 over a 15-day log, n = 5,000, seed 1: within 0.02)', () => {
    const { completed, censored } = observe({ kind: 'empirical', values: [6, 9], weights: [0.8, 0.2] }, 1, 15);
    const fit = fitDuration(completed, { censored });
    expect(fit.chosenBy).toBe('empirical rule');
    const duration = fit.duration;
    if (duration.dist !== 'empirical') throw new Error(`expected empirical, got ${duration.dist}`);
    expect(duration.valuesDays).toEqual([6, 9]);
    expect(Math.abs(duration.weights![1] - 0.2)).toBeLessThan(0.02);
    expect(duration.weights![0] + duration.weights![1]).toBeCloseTo(1, 12);
    // the completed values alone under-weight the long value: 9 completes less often than 6 (expected 0.143)
    const naive = fitDuration(completed).duration;
    if (naive.dist !== 'empirical') throw new Error(`expected empirical, got ${naive.dist}`);
    expect(naive.weights![1]).toBeLessThan(0.16);
  });
});

describe('fitDuration: fixed and empirical rules with censoring, and the dominant value', () => {
  const dominant = new Float64Array([...Array(995).fill(6), ...Array(5).fill(6.0417)]); // one hour off, 5 times

  it('at least 99% of the values equal (995 of 6 days, 5 of 6.0417) is fixed at that value', () => {
    const fit = fitDuration(dominant);
    expect(fit.duration).toEqual({ dist: 'fixed', days: 6 });
    expect(fit.chosenBy).toBe('fixed rule');
    const fixed = candidate(fit, 'fixed');
    expect(fixed.logLikelihood).toBe(-Infinity); // not every value is 6
    expect(fixed.ks.d).toBeCloseTo(0.005, 12);
    // 98.9% is not enough: the 6/6.0417 mixture is then discrete
    const below = fitDuration(new Float64Array([...Array(989).fill(6), ...Array(11).fill(6.0417)]));
    expect(below.chosenBy).toBe('empirical rule');
    expect(below.excluded.find((e) => e.dist === 'fixed')?.reason).toMatch(/the commonest value is 98\.9% of them/);
  });

  it('censored values up to the fixed value (within 1e-6 relative) keep the rule; a longer one rules out fixed and empirical', () => {
    expect(fitDuration(dominant, { censored: new Float64Array([3, 6, 6.000005]) }).duration).toEqual({
      dist: 'fixed',
      days: 6,
    });
    const constant = fitDuration(new Float64Array(50).fill(14), { censored: new Float64Array([2, 13.99]) });
    expect(constant.duration).toEqual({ dist: 'fixed', days: 14 });
    expect(constant.censored).toBe(2);

    const fit = fitDuration(dominant, { censored: new Float64Array([3, 6.5, 7]) });
    expect(fit.chosenBy).toBe('aic');
    const reasons = Object.fromEntries(fit.excluded.map((e) => [e.dist, e.reason]));
    expect(reasons.fixed).toBe('2 censored values (up to 7 days) ran longer than the fixed 6 days');
    expect(reasons.empirical).toBe('2 censored values (up to 7 days) ran longer than the largest value, 6.042 days');
    expect(fit.candidates.map((c) => c.dist)).toEqual(['exponential', 'lognormal', 'gamma']);
  });
});

describe('fitDuration: censored-value errors', () => {
  it('throws a RangeError on a non-finite or negative censored value', () => {
    const sample = new Float64Array([1, 2, 3]);
    expect(() => fitDuration(sample, { censored: new Float64Array([1, NaN]) })).toThrow(
      /fitDuration \(censored values\): value 2 of 2 is NaN; every value must be a finite number/,
    );
    expect(() => fitDuration(sample, { censored: new Float64Array([-0.5, 2]) })).toThrow(
      /a censored value is negative \(-0\.5 days\)/,
    );
  });
});
