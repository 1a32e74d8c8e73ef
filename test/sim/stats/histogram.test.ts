import { describe, expect, it } from 'vitest';
import { compileDistribution } from '../../../src/sim/engine/distributions.ts';
import { replicationStream } from '../../../src/core/random.ts';
import { LogHistogram } from '../../../src/sim/stats/histogram.ts';
import { quantileSorted } from '../../../src/core/stats.ts';

/** 100 000 lead times: lognormal with mean 120 days and sd 90 days, plus 5% exact zeros (same-day decisions). */
function leadTimesDays(seed = 1): Float64Array {
  const rng = replicationStream(seed, 0);
  const sampler = compileDistribution({ kind: 'lognormal', mean: 120, sd: 90 });
  return Float64Array.from({ length: 100_000 }, () => (rng.uniform() < 0.05 ? 0 : sampler(rng)));
}

function histogramOf(values: ArrayLike<number>, layout?: ConstructorParameters<typeof LogHistogram>[0]) {
  const histogram = new LogHistogram(layout);
  for (let i = 0; i < values.length; i++) histogram.add(values[i]);
  return histogram;
}

/** The next double above (ulps > 0) or below (ulps < 0) a positive x. */
function ulpsAway(x: number, ulps: number): number {
  const bits = new BigInt64Array(Float64Array.of(x).buffer);
  bits[0] += BigInt(ulps);
  return new Float64Array(bits.buffer)[0];
}

describe('LogHistogram bins', () => {
  // The documented bins, found by a plain search: 0, then (0, lowest], then (edge k, edge k + 1] with edge k =
  // lowest · 10^(k / binsPerDecade) and the last edge = highest, then (highest, ∞); `bin` must agree exactly.
  const layouts = [
    { lowest: 1e-3, highest: 1e5, binsPerDecade: 240 },
    { lowest: 1, highest: 1e4, binsPerDecade: 1 },
    { lowest: 0.37, highest: 5, binsPerDecade: 3 },
    { lowest: 1e-6, highest: 1e9, binsPerDecade: 5000 },
    { lowest: 1e-150, highest: 1e150, binsPerDecade: 1000 },
  ];
  for (const layout of layouts) {
    it(`puts every value in the bin a search over the edges gives (${JSON.stringify(layout)})`, () => {
      const logBins = Math.ceil(Math.log10(layout.highest / layout.lowest) * layout.binsPerDecade - 1e-9);
      const edges = Array.from({ length: logBins + 1 }, (_, k) => layout.lowest * 10 ** (k / layout.binsPerDecade));
      edges[logBins] = layout.highest;
      const expected = (x: number): number => {
        if (x === 0) return 0;
        if (x <= edges[0]) return 1;
        let lo = 0;
        let hi = logBins; // edges[lo] < x <= edges[hi]
        if (x > edges[hi]) return 2 + logBins;
        while (hi - lo > 1) {
          const mid = (lo + hi) >> 1;
          if (x > edges[mid]) lo = mid;
          else hi = mid;
        }
        return 2 + lo;
      };
      const histogram = new LogHistogram(layout);
      const values: number[] = [0, Number.MIN_VALUE, Number.MAX_VALUE];
      // Each edge and its neighbours, where a lookup that is off by one would show.
      for (let k = 0; k <= logBins; k += Math.max(1, Math.floor(logBins / 3000))) {
        for (let ulps = -2; ulps <= 2; ulps++) values.push(ulpsAway(edges[k], ulps));
      }
      const rng = replicationStream(5, 0);
      const span = Math.log10(layout.highest / layout.lowest);
      for (let i = 0; i < 20_000; i++)
        values.push(10 ** (Math.log10(layout.lowest) + (rng.uniform() * 1.2 - 0.1) * span));
      for (const x of values)
        if (histogram.bin(x) !== expected(x)) expect(histogram.bin(x), `x = ${x}`).toBe(expected(x));
    });
  }
});

describe('LogHistogram', () => {
  it('gives quantiles within 1% of the exact sample quantiles', () => {
    const values = leadTimesDays();
    const histogram = histogramOf(values);
    const sorted = values.slice().sort();
    for (const p of [0.06, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999]) {
      const exact = quantileSorted(sorted, p);
      expect(Math.abs(histogram.quantile(p) / exact - 1), `p = ${p}`).toBeLessThan(0.01);
    }
  });

  it('keeps count, sum and mean exact, and min and max as quantiles 0 and 1', () => {
    const values = leadTimesDays();
    const histogram = histogramOf(values);
    const sum = values.reduce((a, b) => a + b, 0);
    expect(histogram.count).toBe(100_000);
    expect(histogram.sum).toBeCloseTo(sum, 6);
    expect(histogram.mean).toBeCloseTo(sum / 100_000, 10);
    expect(histogram.quantile(0)).toBe(0);
    expect(histogram.quantile(1)).toBe(Math.max(...values));
  });

  it('keeps zeros exact: quantiles inside the zero share are 0, and fractionAtMost(0) is that share', () => {
    const histogram = histogramOf([0, 0, 0, 5, 7]);
    expect(histogram.fractionAtMost(0)).toBe(0.6);
    expect(histogram.quantile(0.5)).toBe(0);
    expect(histogram.quantile(0.7)).toBeGreaterThan(0);
  });

  it('fractionAtMost is exact at bin edges, counting a value on an edge as within it', () => {
    // One bin per decade: edges at exactly 1, 10, 100, 1000 days.
    const values = [0.5, 1, 3, 10, 10, 42, 99, 100, 250, 999, 1000, 5000];
    const histogram = histogramOf(values, { lowest: 1, highest: 1e4, binsPerDecade: 1 });
    for (const edge of [1, 10, 100, 1000]) {
      expect(histogram.fractionAtMost(edge), `edge ${edge}`).toBe(
        values.filter((v) => v <= edge).length / values.length,
      );
    }
    expect(histogram.fractionAtMost(-1)).toBe(0);
    expect(histogram.fractionAtMost(5000)).toBe(1);
  });

  it('fractionAtMost is within one bin of the exact share between edges (e.g. a 180-day norm)', () => {
    const values = leadTimesDays(2);
    const histogram = histogramOf(values);
    for (const normDays of [14, 56, 180, 365]) {
      const exact = values.filter((v) => v <= normDays).length / values.length;
      // A bin is < 1% wide; near these norms the density is at most ~0.5% of cases per 1% of days.
      expect(Math.abs(histogram.fractionAtMost(normDays) - exact), `${normDays} days`).toBeLessThan(0.001);
    }
  });

  it('handles values below and above its range through under- and overflow bins bounded by min and max', () => {
    const histogram = histogramOf([1e-6, 2e-6, 3e-6, 1, 2e6, 3e6], { lowest: 1e-3, highest: 1e5, binsPerDecade: 240 });
    expect(histogram.quantile(0)).toBe(1e-6);
    expect(histogram.quantile(1)).toBe(3e6);
    expect(histogram.quantile(0.25)).toBeGreaterThanOrEqual(1e-6);
    expect(histogram.quantile(0.25)).toBeLessThanOrEqual(1e-3);
    expect(histogram.quantile(0.9)).toBeGreaterThan(1e5);
    expect(histogram.fractionAtMost(1e-3)).toBe(0.5);
    expect(histogram.fractionAtMost(1e5)).toBeCloseTo(4 / 6, 15);
  });

  it('treats a weight as that many copies of a value', () => {
    const weighted = new LogHistogram();
    weighted.add(3, 2);
    weighted.add(8, 1);
    expect(weighted.toJSON()).toEqual(histogramOf([3, 3, 8]).toJSON());
  });

  it('after merge holds what one histogram of all values would hold', () => {
    const values = leadTimesDays(3);
    const first = histogramOf(values.subarray(0, 30_000));
    const second = histogramOf(values.subarray(30_000));
    first.merge(second);
    const all = histogramOf(values);
    const { sum: mergedSum, ...merged } = first.toJSON();
    const { sum: allSum, ...whole } = all.toJSON();
    expect(merged).toEqual(whole);
    expect(mergedSum).toBeCloseTo(allSum, 6); // additions in another order may differ in the last bits
  });

  it('refuses to merge histograms with different bins', () => {
    expect(() => new LogHistogram().merge(new LogHistogram({ binsPerDecade: 100 }))).toThrow(/layouts differ/);
  });

  it('round-trips through JSON, storing only the non-zero bins', () => {
    const histogram = histogramOf([0, 2, 2, 40, 1e6]);
    const json = JSON.parse(JSON.stringify(histogram.toJSON()));
    expect(json.binIndex).toHaveLength(4);
    const restored = LogHistogram.fromJSON(json);
    expect(restored.toJSON()).toEqual(histogram.toJSON());
    for (const p of [0.1, 0.5, 0.9]) expect(restored.quantile(p)).toBe(histogram.quantile(p));
    expect(restored.fractionAtMost(30)).toBe(histogram.fractionAtMost(30));
  });

  it('round-trips an empty histogram, which reports NaN for its mean and quantiles', () => {
    const restored = LogHistogram.fromJSON(JSON.parse(JSON.stringify(new LogHistogram().toJSON())));
    expect(restored.count).toBe(0);
    expect(restored.mean).toBeNaN();
    expect(restored.quantile(0.5)).toBeNaN();
    restored.add(4);
    expect(restored.quantile(0.5)).toBe(4);
  });

  it('rejects negative, NaN and infinite values and bad weights', () => {
    const histogram = new LogHistogram();
    for (const x of [-1, NaN, Infinity]) expect(() => histogram.add(x)).toThrow(RangeError);
    expect(() => histogram.add(1, -1)).toThrow(RangeError);
    expect(() => histogram.quantile(1.5)).toThrow(RangeError);
    expect(histogram.count).toBe(0);
  });
});
