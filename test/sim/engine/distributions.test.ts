import { describe, expect, it } from 'vitest';
import {
  type DistributionSpec,
  compileDistribution,
  distributionMean,
  sampleBinomial,
  sampleNormal,
  samplePoisson,
  validateDistribution,
} from '../../../src/sim/engine/distributions.ts';
import { type RandomStream, replicationStream } from '../../../src/core/random.ts';
import { quantileSorted } from '../../../src/core/stats.ts';
import { Welford } from '../../../src/sim/stats/summary.ts';

const SAMPLE_SIZE = 200_000;

function summarise(draw: (rng: RandomStream) => number, seed: number, n = SAMPLE_SIZE) {
  const rng = replicationStream(seed, 0);
  const stats = new Welford();
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    values[i] = draw(rng);
    stats.add(values[i]);
  }
  return { mean: stats.mean, sd: stats.sd, min: stats.min, max: stats.max, values };
}

/** Sample mean within 5 standard errors of `mean` (a correct sampler fails this about once in 10^6 seeds). */
function expectMean(sampleMean: number, mean: number, sd: number, n = SAMPLE_SIZE) {
  expect(Math.abs(sampleMean - mean)).toBeLessThan((5 * sd) / Math.sqrt(n));
}

/** Pearson chi-square of integer draws against a probability mass function, pooling the sparse tails. */
function chiSquareAgainst(draws: Float64Array, pmf: (k: number) => number, kMin: number, kMax: number) {
  const observed = new Map<number, number>();
  for (const k of draws)
    observed.set(Math.min(Math.max(k, kMin), kMax), (observed.get(Math.min(Math.max(k, kMin), kMax)) ?? 0) + 1);
  let statistic = 0;
  let belowMin = 0;
  let aboveMax = 1;
  for (let k = 0; k < kMin; k++) belowMin += pmf(k);
  for (let k = 0; k < kMax; k++) aboveMax -= pmf(k);
  for (let k = kMin; k <= kMax; k++) {
    const p = k === kMin ? belowMin + pmf(k) : k === kMax ? aboveMax : pmf(k);
    const expected = p * draws.length;
    statistic += ((observed.get(k) ?? 0) - expected) ** 2 / expected;
  }
  return { statistic, degreesOfFreedom: kMax - kMin };
}
/** Upper 0.1% point of chi-square, Wilson–Hilferty approximation (good to ~1% for df >= 10). */
const chiSquareCritical = (df: number) => df * (1 - 2 / (9 * df) + 3.09 * Math.sqrt(2 / (9 * df))) ** 3;

function logFactorial(k: number): number {
  let sum = 0;
  for (let i = 2; i <= k; i++) sum += Math.log(i);
  return sum;
}
const poissonPmf = (mean: number) => (k: number) => Math.exp(-mean + k * Math.log(mean) - logFactorial(k));
const binomialPmf = (n: number, p: number) => (k: number) =>
  Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));

describe('compileDistribution: sample mean and sd match theory over 200 000 draws', () => {
  const cases: [string, DistributionSpec, number, number][] = [
    ['exponential', { kind: 'exponential', mean: 5 }, 5, 5],
    ['lognormal', { kind: 'lognormal', mean: 10, sd: 5 }, 10, 5],
    ['lognormal, sd > mean', { kind: 'lognormal', mean: 30, sd: 45 }, 30, 45],
    ['gamma, shape 4', { kind: 'gamma', mean: 10, sd: 5 }, 10, 5],
    ['gamma, shape 1 (exponential)', { kind: 'gamma', mean: 3, sd: 3 }, 3, 3],
    ['gamma, shape 0.25 (< 1)', { kind: 'gamma', mean: 2, sd: 4 }, 2, 4],
    ['triangular', { kind: 'triangular', min: 1, mode: 2, max: 6 }, 3, Math.sqrt(21 / 18)],
    ['triangular, mode at max', { kind: 'triangular', min: 0, mode: 10, max: 10 }, 20 / 3, Math.sqrt(100 / 18)],
    [
      'empirical, uniform between two values',
      { kind: 'empirical', values: [10, 0], interpolate: true },
      5,
      10 / Math.sqrt(12),
    ],
    [
      'empirical, discrete weighted',
      { kind: 'empirical', values: [10, 20, 30], weights: [1, 2, 7] },
      26,
      Math.sqrt(44),
    ],
  ];
  cases.forEach(([name, spec, mean, sd], i) => {
    it(`${name}: mean ${mean.toPrecision(4)}, sd ${sd.toPrecision(4)}`, () => {
      const sample = summarise(compileDistribution(spec), 100 + i);
      expectMean(sample.mean, mean, sd);
      expect(Math.abs(sample.sd / sd - 1)).toBeLessThan(0.03);
      expect(distributionMean(spec)).toBeCloseTo(mean, 12);
    });
  });

  it('fixed always returns its value, and a zero sd makes lognormal and gamma fixed at the mean', () => {
    const rng = replicationStream(1, 0);
    expect(compileDistribution({ kind: 'fixed', value: 14 })(rng)).toBe(14);
    expect(compileDistribution({ kind: 'lognormal', mean: 7, sd: 0 })(rng)).toBe(7);
    expect(compileDistribution({ kind: 'gamma', mean: 7, sd: 0 })(rng)).toBe(7);
    expect(compileDistribution({ kind: 'triangular', min: 3, mode: 3, max: 3 })(rng)).toBe(3);
  });

  it('lognormal: the median is mean / √(1 + cv²), as for a lognormal with those moments', () => {
    const sample = summarise(compileDistribution({ kind: 'lognormal', mean: 10, sd: 5 }), 7);
    const median = quantileSorted(sample.values.sort(), 0.5);
    expect(median / (10 / Math.sqrt(1.25)) - 1).toBeCloseTo(0, 2);
  });

  it('stays inside the support: triangular in [min, max], gamma and lognormal > 0', () => {
    expect(summarise(compileDistribution({ kind: 'triangular', min: 1, mode: 2, max: 6 }), 3, 50_000)).toMatchObject({
      min: expect.toSatisfy((v: number) => v >= 1),
      max: expect.toSatisfy((v: number) => v <= 6),
    });
    expect(summarise(compileDistribution({ kind: 'gamma', mean: 1, sd: 3 }), 4, 50_000).min).toBeGreaterThanOrEqual(0);
    expect(summarise(compileDistribution({ kind: 'lognormal', mean: 1, sd: 3 }), 5, 50_000).min).toBeGreaterThan(0);
  });

  it('draws the same numbers from the same stream', () => {
    const sampler = compileDistribution({ kind: 'gamma', mean: 2, sd: 4 });
    const a = replicationStream(12, 1);
    const b = replicationStream(12, 1);
    for (let i = 0; i < 1000; i++) expect(sampler(a)).toBe(sampler(b));
  });
});

describe('empirical distributions', () => {
  it('discrete: respects the weights, and never draws a value of weight 0', () => {
    const sampler = compileDistribution({ kind: 'empirical', values: [30, 10, 20, 40], weights: [7, 1, 2, 0] });
    const rng = replicationStream(21, 0);
    const counts = new Map<number, number>();
    for (let i = 0; i < SAMPLE_SIZE; i++) {
      const v = sampler(rng);
      counts.set(v, (counts.get(v) ?? 0) + 1);
    }
    expect(counts.get(40)).toBeUndefined();
    for (const [value, share] of [
      [10, 0.1],
      [20, 0.2],
      [30, 0.7],
    ]) {
      expect(Math.abs((counts.get(value) ?? 0) / SAMPLE_SIZE - share)).toBeLessThan(0.004);
    }
  });

  it('discrete without weights: each value equally likely (duplicates count twice)', () => {
    const sampler = compileDistribution({ kind: 'empirical', values: [1, 2, 2, 3] });
    const rng = replicationStream(22, 0);
    let twos = 0;
    for (let i = 0; i < SAMPLE_SIZE; i++) if (sampler(rng) === 2) twos++;
    expect(Math.abs(twos / SAMPLE_SIZE - 0.5)).toBeLessThan(0.005);
  });

  it('interpolated without weights: draws are the R type-7 quantiles of the values', () => {
    const values = [3, 1, 2, 10, 4];
    const sample = summarise(compileDistribution({ kind: 'empirical', values, interpolate: true }), 23);
    const sortedSample = sample.values.sort();
    const sortedValues = [...values].sort((a, b) => a - b);
    for (const p of [0.05, 0.2, 0.5, 0.8, 0.9, 0.95]) {
      expect(quantileSorted(sortedSample, p)).toBeCloseTo(quantileSorted(sortedValues, p), 1);
    }
    expect(sample.min).toBeGreaterThanOrEqual(1);
    expect(sample.max).toBeLessThanOrEqual(10);
    expectMean(sample.mean, distributionMean({ kind: 'empirical', values, interpolate: true }), sample.sd);
  });

  it('interpolated with weights: a stretch carries the mean weight of its two end points', () => {
    // Stretch [0, 1] has weight (1 + 1) / 2 = 1, stretch [1, 2] weight (1 + 5) / 2 = 3: P(x <= 1) = 1/4.
    const spec: DistributionSpec = { kind: 'empirical', values: [0, 1, 2], weights: [1, 1, 5], interpolate: true };
    const sample = summarise(compileDistribution(spec), 24);
    const atMostOne = sample.values.filter((v) => v <= 1).length / SAMPLE_SIZE;
    expect(Math.abs(atMostOne - 0.25)).toBeLessThan(0.004);
    expect(distributionMean(spec)).toBeCloseTo(0.25 * 0.5 + 0.75 * 1.5, 12);
    expectMean(sample.mean, distributionMean(spec), sample.sd);
  });

  it('a single value is drawn every time, interpolated or not', () => {
    const rng = replicationStream(25, 0);
    expect(compileDistribution({ kind: 'empirical', values: [9] })(rng)).toBe(9);
    expect(compileDistribution({ kind: 'empirical', values: [9], interpolate: true })(rng)).toBe(9);
  });
});

describe('validateDistribution', () => {
  const bad: [DistributionSpec, RegExp][] = [
    [{ kind: 'fixed', value: NaN }, /fixed: value must be a finite number/],
    [{ kind: 'exponential', mean: -2 }, /exponential: mean must be > 0 \(got -2\).*fixed/],
    [{ kind: 'exponential', mean: 0 }, /mean must be > 0/],
    [{ kind: 'lognormal', mean: 5, sd: -1 }, /lognormal: sd must be >= 0 \(got -1\)/],
    [{ kind: 'lognormal', mean: -5, sd: 1 }, /lognormal: mean must be > 0/],
    [{ kind: 'gamma', mean: 5, sd: Infinity }, /gamma: sd must be a finite number/],
    [{ kind: 'triangular', min: 3, mode: 2, max: 4 }, /min \(3\) must be <= mode \(2\)/],
    [{ kind: 'triangular', min: 1, mode: 5, max: 4 }, /mode \(5\) must be <= max \(4\)/],
    [{ kind: 'empirical', values: [] }, /values must be a non-empty list/],
    [{ kind: 'empirical', values: [1, NaN] }, /values\[1\] must be a finite number/],
    [{ kind: 'empirical', values: [1, 2], weights: [1] }, /weights has 1 entries but values has 2/],
    [{ kind: 'empirical', values: [1, 2], weights: [1, -1] }, /weights\[1\] must be >= 0/],
    [{ kind: 'empirical', values: [1, 2], weights: [0, 0] }, /weights sum to 0/],
    [{ kind: 'weibull', shape: 2 } as unknown as DistributionSpec, /unknown distribution kind 'weibull'/],
  ];
  for (const [spec, message] of bad) {
    it(`reports ${JSON.stringify(spec)}`, () => {
      const problems = validateDistribution(spec);
      expect(
        problems.some((p) => message.test(p)),
        problems.join(' | '),
      ).toBe(true);
      expect(() => compileDistribution(spec)).toThrow(RangeError);
    });
  }

  it('accepts valid specs, including degenerate ones', () => {
    const good: DistributionSpec[] = [
      { kind: 'fixed', value: 0 },
      { kind: 'exponential', mean: 1 },
      { kind: 'lognormal', mean: 10, sd: 0 },
      { kind: 'gamma', mean: 10, sd: 30 },
      { kind: 'triangular', min: 2, mode: 2, max: 2 },
      { kind: 'empirical', values: [5, 1], weights: [0, 1], interpolate: true },
    ];
    for (const spec of good) expect(validateDistribution(spec)).toEqual([]);
  });
});

describe('sampleNormal', () => {
  it('has mean 0, sd 1 and 5% of its draws beyond ±1.96', () => {
    const sample = summarise(sampleNormal, 31);
    expectMean(sample.mean, 0, 1);
    expect(Math.abs(sample.sd - 1)).toBeLessThan(0.01);
    const outside = sample.values.filter((z) => Math.abs(z) > 1.959964).length / SAMPLE_SIZE;
    expect(Math.abs(outside - 0.05)).toBeLessThan(0.0025);
  });
});

describe('samplePoisson', () => {
  [0.5, 3.5, 9.99, 10, 50, 1000].forEach((mean, i) => {
    it(`mean ${mean}: sample mean and variance both equal ${mean}`, () => {
      const sample = summarise((rng) => samplePoisson(rng, mean), 40 + i);
      expect(sample.values.every((k) => Number.isInteger(k) && k >= 0)).toBe(true);
      expectMean(sample.mean, mean, Math.sqrt(mean));
      expect(Math.abs(sample.sd ** 2 / mean - 1)).toBeLessThan(0.02);
    });
  });

  // A million draws: rejection samplers go wrong subtly (a misplaced hat shifts the mean by ~0.1%).
  it('follows the Poisson probabilities (chi-square), by inversion (mean 4) and by PTRS (mean 20)', () => {
    for (const [mean, kMin, kMax] of [
      [4, 0, 12],
      [20, 8, 34],
    ]) {
      const sample = summarise((rng) => samplePoisson(rng, mean), 50 + mean, 1_000_000);
      const { statistic, degreesOfFreedom } = chiSquareAgainst(sample.values, poissonPmf(mean), kMin, kMax);
      expect(statistic).toBeLessThan(chiSquareCritical(degreesOfFreedom));
      expectMean(sample.mean, mean, Math.sqrt(mean), 1_000_000);
    }
  });

  it('returns 0 for mean 0 and rejects a negative or non-finite mean', () => {
    const rng = replicationStream(1, 0);
    expect(samplePoisson(rng, 0)).toBe(0);
    for (const mean of [-1, NaN, Infinity]) expect(() => samplePoisson(rng, mean)).toThrow(RangeError);
  });
});

describe('sampleBinomial', () => {
  const cases: [number, number][] = [
    [10, 0.3],
    [200, 0.02],
    [100, 0.5],
    [1000, 0.2],
    [50, 0.9],
    [100_000, 0.37],
  ];
  for (const [n, p] of cases) {
    it(`n ${n}, p ${p}: mean n·p and variance n·p·(1−p), within [0, n]`, () => {
      const sample = summarise((rng) => sampleBinomial(rng, n, p), 60 + n);
      expect(sample.values.every((k) => Number.isInteger(k) && k >= 0 && k <= n)).toBe(true);
      const variance = n * p * (1 - p);
      expectMean(sample.mean, n * p, Math.sqrt(variance));
      expect(Math.abs(sample.sd ** 2 / variance - 1)).toBeLessThan(0.02);
    });
  }

  it('follows the binomial probabilities (chi-square), by inversion (n 12) and by BTRS (n 40)', () => {
    for (const [n, p, kMin, kMax] of [
      [12, 0.4, 1, 9],
      [40, 0.5, 12, 28],
    ]) {
      const sample = summarise((rng) => sampleBinomial(rng, n, p), 70 + n, 1_000_000);
      const { statistic, degreesOfFreedom } = chiSquareAgainst(sample.values, binomialPmf(n, p), kMin, kMax);
      expect(statistic).toBeLessThan(chiSquareCritical(degreesOfFreedom));
      expectMean(sample.mean, n * p, Math.sqrt(n * p * (1 - p)), 1_000_000);
    }
  });

  it('handles the edges: p = 0, p = 1, n = 0; rejects p outside [0, 1] and non-integer n', () => {
    const rng = replicationStream(1, 0);
    expect(sampleBinomial(rng, 10, 0)).toBe(0);
    expect(sampleBinomial(rng, 10, 1)).toBe(10);
    expect(sampleBinomial(rng, 0, 0.5)).toBe(0);
    expect(() => sampleBinomial(rng, 10, 1.1)).toThrow(RangeError);
    expect(() => sampleBinomial(rng, 2.5, 0.5)).toThrow(RangeError);
  });
});
