import { describe, expect, it } from 'vitest';
import { logGamma } from '../../src/sim/stats/special.ts';
import { fitReunification } from '../../src/calibrate/reunification.ts';
import { normalCdf, normalQuantile } from '../../src/forecast/stats.ts';
import { compileDistribution, samplePoisson } from '../../src/sim/engine/distributions.ts';
import { replicationStream } from '../../src/core/random.ts';

const R = 0.55;
const MEAN = 240;
const SD = 120;

/**
 * Daily grants and family arrivals from the model: grants Poisson(rate(s)) on days −history..days−1 (only days
 * 0..days−1 are returned), each grant's family a Poisson(R) number of persons arriving together on day
 * s + floor(D), D ~ lognormal(MEAN, SD) drawn by the simulator's sampler.
 */
function world(seed: number, days: number, history: number, rate: (day: number) => number) {
  const rng = replicationStream(seed, 0);
  const delay = compileDistribution({ kind: 'lognormal', mean: MEAN, sd: SD });
  const grants = new Float64Array(days);
  const persons = new Float64Array(days);
  for (let s = -history; s < days; s++) {
    const granted = samplePoisson(rng, rate(s));
    if (s >= 0) grants[s] = granted;
    for (let c = 0; c < granted; c++) {
      const members = samplePoisson(rng, R);
      if (members === 0) continue;
      const day = s + Math.floor(delay(rng));
      if (day >= 0 && day < days) persons[day] += members;
    }
  }
  return { grants, persons };
}

const surge = (day: number) => (day >= 500 && day < 750 ? 90 : day >= 1100 && day < 1250 ? 15 : 35);

describe('fitReunification recovers r = 0.55 and a lognormal(240, 120) delay (1,500 days; r within 5%, mean within 8%, sd within 20%)', () => {
  it('grants Poisson 40/day from day 0 and none before (grantsBeforeLog: none), seed 1', () => {
    const { grants, persons } = world(1, 1500, 0, () => 40);
    const fit = fitReunification(grants, persons, { grantsBeforeLog: 'none' });
    expect(Math.abs(fit.membersPerGrantedCase / R - 1)).toBeLessThan(0.05);
    expect(fit.delay?.dist).toBe('lognormal');
    expect(Math.abs(fit.delay!.meanDays / MEAN - 1)).toBeLessThan(0.08);
    expect(Math.abs(fit.delay!.sdDays / SD - 1)).toBeLessThan(0.2);
    expect(fit.burnInDays).toBe(0);
    expect(fit.daysUsed).toBe(1500);
    expect(fit.delayMeanRelativeSe).toBeLessThan(0.08);
    expect(fit.note).toMatch(/every day is used/);
  });

  it('grants since 1,500 days before the log, 35/day with a surge to 90 and a dip to 15 (unknown history: burn-in), seed 2', () => {
    const { grants, persons } = world(2, 1500, 1500, surge);
    const fit = fitReunification(grants, persons);
    expect(Math.abs(fit.membersPerGrantedCase / R - 1)).toBeLessThan(0.05);
    expect(Math.abs(fit.delay!.meanDays / MEAN - 1)).toBeLessThan(0.08);
    expect(Math.abs(fit.delay!.sdDays / SD - 1)).toBeLessThan(0.2);
    // the burn-in is the fitted delay's 99% quantile, to within the refit tolerance (2% or a week)
    const { meanDays, sdDays } = fit.delay!;
    const sigma = Math.sqrt(Math.log1p((sdDays / meanDays) ** 2));
    const q99 = Math.exp(Math.log(meanDays) - sigma ** 2 / 2 + sigma * normalQuantile(0.99));
    expect(Math.abs(fit.burnInDays - q99)).toBeLessThan(Math.max(7, 0.02 * q99) + 1);
    expect(fit.daysUsed).toBe(1500 - fit.burnInDays);
    expect(fit.note).toMatch(/burn-in, as grants before the log are unknown/);
    expect(fit.note).not.toMatch(/poorly identified/);
  });

  it('logLikelihood is the Poisson log-likelihood of the 7-day totals, by a direct daily convolution (within 0.01: the fit drops delay mass beyond the 0.9999 quantile)', () => {
    const { grants, persons } = world(2, 1500, 1500, surge);
    const fit = fitReunification(grants, persons);
    const { meanDays, sdDays } = fit.delay!;
    const sigma = Math.sqrt(Math.log1p((sdDays / meanDays) ** 2));
    const mu = Math.log(meanDays) - sigma ** 2 / 2;
    const cdf = (k: number) => (k <= 0 ? 0 : normalCdf((Math.log(k) - mu) / sigma));
    let logLikelihood = 0;
    for (let start = fit.burnInDays; start < 1500; start += 7) {
      let expected = 0;
      let observed = 0;
      for (let t = start; t < Math.min(1500, start + 7); t++) {
        observed += persons[t];
        for (let s = 0; s <= t; s++) expected += fit.membersPerGrantedCase * grants[s] * (cdf(t - s + 1) - cdf(t - s));
      }
      logLikelihood += observed * Math.log(expected) - expected - logGamma(observed + 1);
    }
    expect(Math.abs(fit.logLikelihood - logLikelihood)).toBeLessThan(0.01);
  });

  it('steady grants with an unknown history leave the delay unidentified, and the note says so (seed 2)', () => {
    const { grants, persons } = world(2, 1500, 1500, () => 40);
    const fit = fitReunification(grants, persons);
    expect(fit.delayMeanRelativeSe).toBeGreaterThan(0.15);
    expect(fit.note).toMatch(/the delay is poorly identified/);
    // r is still well determined: arrivals per grant in the steady state
    expect(Math.abs(fit.membersPerGrantedCase / R - 1)).toBeLessThan(0.05);
  });
});

describe('fitReunification: edge cases and errors', () => {
  it('no family arrivals: r = 0, no delay, a note, no crash', () => {
    const grants = new Float64Array(400).fill(30);
    const fit = fitReunification(grants, new Float64Array(400));
    expect(fit.membersPerGrantedCase).toBe(0);
    expect(fit.delay).toBeNull();
    expect(fit.note).toMatch(/no family-reunification persons arrived/);
    expect(fitReunification(grants, new Float64Array(400), { grantsBeforeLog: 'none' }).daysUsed).toBe(400);
  });

  it('throws a RangeError with a clear message for too few days, no grants, unequal lengths or bad counts', () => {
    expect(() => fitReunification(new Float64Array(59).fill(5), new Float64Array(59))).toThrow(
      /the log covers 59 days; at least 60 are needed/,
    );
    expect(() => fitReunification(new Float64Array(100), new Float64Array(100).fill(1))).toThrow(
      /no granted cases in the log/,
    );
    expect(() => fitReunification(new Float64Array(100), new Float64Array(90))).toThrow(
      /grantedCases covers 100 days but familyPersons 90/,
    );
    const persons = new Float64Array(100);
    persons[7] = 1.5;
    expect(() => fitReunification(new Float64Array(100).fill(3), persons)).toThrow(
      /familyPersons\[7\] is 1.5; every count must be a whole number >= 0/,
    );
    expect(() => fitReunification([3, NaN, ...new Array(98).fill(3)], new Float64Array(100))).toThrow(RangeError);
  });
});
