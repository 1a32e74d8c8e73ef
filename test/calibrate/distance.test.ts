import { describe, expect, it } from 'vitest';
import { kolmogorovSurvival, ksAgainstCdf, ksDistance, wasserstein1 } from '../../src/calibrate/distance.ts';
import { compileDistribution } from '../../src/sim/engine/distributions.ts';
import { replicationStream } from '../../src/core/random.ts';
import { quantileSorted } from '../../src/core/stats.ts';

const lognormal = (seed: number, n: number, shift = 0) => {
  const rng = replicationStream(seed, 0);
  const sampler = compileDistribution({ kind: 'lognormal', mean: 90, sd: 45 });
  return Float64Array.from({ length: n }, () => sampler(rng) + shift);
};

describe('two-sample distances on hand-computed cases', () => {
  it('[1,2,3] vs [2,3,4]: D = 1/3, W1 = 1 (the ECDFs differ by 1/3 on [1, 4))', () => {
    const a = new Float64Array([1, 2, 3]);
    const b = new Float64Array([2, 3, 4]);
    expect(ksDistance(a, b).d).toBeCloseTo(1 / 3, 15);
    expect(ksDistance(a, b).n).toBe(1.5);
    expect(wasserstein1(a, b)).toBeCloseTo(1, 15);
    expect(wasserstein1(b, a)).toBeCloseTo(1, 15);
  });

  it('different sizes and ties: [0] vs [0, 1] (D = 1/2, W1 = 1/2); [1,1,2] vs [1,2,2] (D = 1/3, W1 = 1/3)', () => {
    expect(ksDistance(new Float64Array([0]), new Float64Array([0, 1])).d).toBeCloseTo(0.5, 15);
    expect(wasserstein1(new Float64Array([0]), new Float64Array([0, 1]))).toBeCloseTo(0.5, 15);
    const a = new Float64Array([1, 1, 2]);
    const b = new Float64Array([1, 2, 2]);
    expect(ksDistance(a, b).d).toBeCloseTo(1 / 3, 15);
    expect(wasserstein1(a, b)).toBeCloseTo(1 / 3, 15);
    // a sample of one value against another: the whole mass moves 5 days
    expect(wasserstein1(new Float64Array([2, 2]), new Float64Array([7]))).toBe(5);
    expect(ksDistance(new Float64Array([2, 2]), new Float64Array([7])).d).toBe(1);
  });

  it('leaves its inputs as they were (sorts copies)', () => {
    const a = new Float64Array([3, 1, 2]);
    const b = new Float64Array([9, 4, 6]);
    ksDistance(a, b);
    wasserstein1(a, b);
    ksAgainstCdf(a, (x) => x / 3);
    expect(Array.from(a)).toEqual([3, 1, 2]);
    expect(Array.from(b)).toEqual([9, 4, 6]);
  });
});

describe('two-sample distances: properties (lognormal samples, seeds 1–2)', () => {
  const a = lognormal(1, 2000);

  it('identical samples are at distance 0 with p-value 1', () => {
    const copy = Float64Array.from(a).reverse();
    expect(ksDistance(a, copy)).toEqual({ d: 0, pValue: 1, n: 1000 });
    expect(wasserstein1(a, copy)).toBe(0);
  });

  it('a shift by c days gives W1 = c (to 1e-9 relative), whatever the order of the arguments', () => {
    for (const c of [0.5, 3, 40]) {
      const shifted = a.map((x) => x + c);
      expect(wasserstein1(a, shifted) / c).toBeCloseTo(1, 9);
      expect(wasserstein1(shifted, a) / c).toBeCloseTo(1, 9);
    }
  });

  it('W1 equals ∫₀¹ |Q_a(u) − Q_b(u)| du: the mean absolute difference of order statistics for equal sizes', () => {
    const b = lognormal(2, 2000);
    const sa = Float64Array.from(a).sort();
    const sb = Float64Array.from(b).sort();
    let sum = 0;
    for (let i = 0; i < sa.length; i++) sum += Math.abs(sa[i] - sb[i]);
    expect(wasserstein1(a, b)).toBeCloseTo(sum / sa.length, 9);
    // and W1 is at least the difference of the means (Jensen)
    const meanDifference = Math.abs(sa.reduce((x, y) => x + y, 0) - sb.reduce((x, y) => x + y, 0)) / sa.length;
    expect(wasserstein1(a, b)).toBeGreaterThanOrEqual(meanDifference - 1e-9);
  });

  it('samples of one distribution get a large KS p-value; a shift of a fifth of an sd a tiny one', () => {
    const same = ksDistance(a, lognormal(2, 3000));
    expect(same.n).toBe(1200);
    expect(same.pValue).toBeGreaterThan(0.05);
    expect(same.d).toBeLessThan(0.05);
    const shifted = ksDistance(a, lognormal(2, 3000, 9));
    expect(shifted.pValue).toBeLessThan(1e-6);
  });
});

describe('one-sample KS and the Kolmogorov distribution', () => {
  it('[0.25, 0.5, 0.75] against the uniform CDF: D = 1/4 (at 0.25 from below and at 0.75)', () => {
    const result = ksAgainstCdf(new Float64Array([0.75, 0.25, 0.5]), (x) => Math.min(1, Math.max(0, x)));
    expect(result.d).toBeCloseTo(0.25, 15);
    expect(result.n).toBe(3);
  });

  it('a CDF with a jump uses its left limit: [2, 2, 2] against a point mass at 2 gives D = 0', () => {
    const step = ksAgainstCdf(
      new Float64Array([2, 2, 2]),
      (x) => (x >= 2 ? 1 : 0),
      (x) => (x > 2 ? 1 : 0),
    );
    expect(step.d).toBe(0);
    // without the left limit the jump is mistaken for a gap of 1
    expect(ksAgainstCdf(new Float64Array([2, 2, 2]), (x) => (x >= 2 ? 1 : 0)).d).toBe(1);
  });

  it('P(K > λ) at the tabulated critical values 1.2238, 1.3581, 1.6276 is 0.10, 0.05, 0.01 (within 1e-4), and continuous at 1.18', () => {
    expect(kolmogorovSurvival(1.2238)).toBeCloseTo(0.1, 4);
    expect(kolmogorovSurvival(1.3581)).toBeCloseTo(0.05, 4);
    expect(kolmogorovSurvival(1.6276)).toBeCloseTo(0.01, 4);
    expect(kolmogorovSurvival(1.18 - 1e-12)).toBeCloseTo(kolmogorovSurvival(1.18), 10);
    expect(kolmogorovSurvival(0)).toBe(1);
    // scipy.special.kolmogorov (SciPy 1.17.1) on both sides of the switch between the two series
    expect(kolmogorovSurvival(0.5)).toBeCloseTo(0.9639452436648751, 12);
    expect(kolmogorovSurvival(1.18)).toBeCloseTo(0.1234538094297657, 12);
    expect(kolmogorovSurvival(5)).toBeLessThan(1e-20);
  });

  it('throws a RangeError on an empty or non-finite sample', () => {
    expect(() => ksDistance(new Float64Array(0), new Float64Array([1]))).toThrow(
      /ksDistance \(first sample\): the sample is empty/,
    );
    expect(() => wasserstein1(new Float64Array([1]), new Float64Array([NaN]))).toThrow(RangeError);
    expect(() => ksAgainstCdf(new Float64Array([Infinity]), (x) => x)).toThrow(/value 1 of 1 is Infinity/);
  });
});

// quantileSorted is the one quantile helper; check W1 against its type-7 quantile functions on a coarse grid too.
describe('W1 against quantile functions', () => {
  it('for equal sizes the midpoint rule on the type-7 quantile functions approaches W1 (within 1%)', () => {
    const a = lognormal(3, 1000);
    const b = lognormal(4, 1000, 2);
    const sa = Float64Array.from(a).sort();
    const sb = Float64Array.from(b).sort();
    const steps = 20000;
    let integral = 0;
    for (let k = 0; k < steps; k++) {
      const u = (k + 0.5) / steps;
      integral += Math.abs(quantileSorted(sa, u) - quantileSorted(sb, u)) / steps;
    }
    expect(wasserstein1(a, b) / integral).toBeCloseTo(1, 2);
  });
});
