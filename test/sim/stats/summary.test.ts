import { describe, expect, it } from 'vitest';
import { mean, quantileSorted } from '../../../src/core/stats.ts';
import { Welford } from '../../../src/sim/stats/summary.ts';

describe('quantileSorted (R type 7)', () => {
  it('matches R: quantile(1:4, c(0, .25, .5, .9, 1)) = 1, 1.75, 2.5, 3.7, 4', () => {
    const sorted = [1, 2, 3, 4];
    expect([0, 0.25, 0.5, 0.9, 1].map((p) => quantileSorted(sorted, p))).toEqual([1, 1.75, 2.5, 3.7, 4]);
  });

  it('works on a Float64Array, returns the value for one element and NaN for none', () => {
    expect(quantileSorted(Float64Array.of(10, 20, 40), 0.75)).toBe(30);
    expect(quantileSorted([7], 0.3)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('rejects p outside [0, 1]', () => {
    expect(() => quantileSorted([1, 2], -0.1)).toThrow(RangeError);
    expect(() => quantileSorted([1, 2], NaN)).toThrow(RangeError);
  });
});

describe('mean', () => {
  it('is the arithmetic mean, NaN for no values', () => {
    expect(mean([1, 2, 6])).toBe(3);
    expect(mean(Float64Array.of(0.5, 1.5))).toBe(1);
    expect(mean([])).toBeNaN();
  });
});

describe('Welford', () => {
  it('gives count, mean, sample variance, min and max', () => {
    const w = new Welford();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) w.add(x);
    expect(w.count).toBe(8);
    expect(w.mean).toBe(5);
    expect(w.variance).toBeCloseTo(32 / 7, 14);
    expect(w.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    expect(w.standardError).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 14);
    expect([w.min, w.max]).toEqual([2, 9]);
  });

  it('stays accurate for values with a large common offset (where the sum of squares cancels)', () => {
    const w = new Welford();
    for (const x of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) w.add(x);
    expect(w.variance).toBeCloseTo(30, 9);
  });

  it('reports NaN for the variance of fewer than two values', () => {
    const w = new Welford();
    expect(w.variance).toBeNaN();
    w.add(3);
    expect(w.variance).toBeNaN();
    expect(w.mean).toBe(3);
  });

  it('after merge equals one accumulator over all values, also when either side is empty', () => {
    const values = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 100 + i / 7);
    const whole = new Welford();
    values.forEach((x) => whole.add(x));
    const left = new Welford();
    const right = new Welford();
    values.slice(0, 321).forEach((x) => left.add(x));
    values.slice(321).forEach((x) => right.add(x));
    left.merge(right);
    left.merge(new Welford());
    const fromEmpty = new Welford();
    fromEmpty.merge(left);
    for (const merged of [left, fromEmpty]) {
      expect(merged.count).toBe(1000);
      expect(merged.mean).toBeCloseTo(whole.mean, 12);
      expect(merged.variance).toBeCloseTo(whole.variance, 9);
      expect([merged.min, merged.max]).toEqual([whole.min, whole.max]);
    }
  });

  it('round-trips through JSON', () => {
    const w = new Welford();
    [3, 1, 4, 1, 5].forEach((x) => w.add(x));
    const restored = Welford.fromJSON(JSON.parse(JSON.stringify(w.toJSON())));
    expect([restored.count, restored.mean, restored.variance, restored.min, restored.max]).toEqual([
      w.count,
      w.mean,
      w.variance,
      w.min,
      w.max,
    ]);
    const empty = Welford.fromJSON(JSON.parse(JSON.stringify(new Welford().toJSON())));
    expect([empty.count, empty.mean, empty.min, empty.max]).toEqual([0, NaN, Infinity, -Infinity]);
  });
});
