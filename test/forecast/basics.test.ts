import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/forecast/optim.ts';
import { substream } from '../../src/core/random.ts';
import { fillStandardNormals, pathStream, FORECAST_STREAM_BASE } from '../../src/forecast/paths.ts';
import { quantileSorted } from '../../src/core/stats.ts';
import { normalCdf, normalQuantile } from '../../src/forecast/stats.ts';
import { isSeasonal } from '../../src/forecast/decompose.ts';
import { airPassengers } from './helpers.ts';

describe('random shocks', () => {
  it("come from the engine's sub-stream (seed, replication, FORECAST_STREAM_BASE + stream, 0), repeatably", () => {
    const a = new Float64Array(5);
    const b = new Float64Array(5);
    const c = new Float64Array(5);
    fillStandardNormals(pathStream(9, 4, 2), a);
    fillStandardNormals(substream(9, 4, FORECAST_STREAM_BASE + 2, 0), b);
    fillStandardNormals(pathStream(9, 4, 3), c);
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
    expect(() => pathStream(9, 4, 1_000_000)).toThrow(RangeError);
  });

  it('are standard normals (mean 0, variance 1, 2.5% beyond ±1.96), both of each polar pair used', () => {
    const z = new Float64Array(50_001);
    fillStandardNormals(substream(1, 0, 0, 0), z);
    let sum = 0;
    let squares = 0;
    let tails = 0;
    for (const v of z) {
      sum += v;
      squares += v * v;
      if (v > 1.96) tails++;
    }
    expect(sum / z.length).toBeCloseTo(0, 1);
    expect(squares / z.length).toBeCloseTo(1, 1);
    expect(tails / z.length).toBeCloseTo(0.025, 2);
    // An odd count uses the first variate of the last pair: the same numbers as a longer fill, cut short.
    const longer = new Float64Array(50_002);
    fillStandardNormals(substream(1, 0, 0, 0), longer);
    expect(Array.from(longer.subarray(0, z.length))).toEqual(Array.from(z));
  });
});

describe('numerics', () => {
  it('Nelder–Mead finds the minimum of the Rosenbrock function', () => {
    const result = nelderMead((x) => 100 * (x[1] - x[0] ** 2) ** 2 + (1 - x[0]) ** 2, [-1.2, 1], {
      maxEvaluations: 5000,
      tolerance: 1e-14,
    });
    expect(result.x[0]).toBeCloseTo(1, 3);
    expect(result.x[1]).toBeCloseTo(1, 3);
  });

  it('the normal quantile inverts the normal distribution', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalQuantile(0.1)).toBeCloseTo(-1.281552, 6);
    expect(normalCdf(normalQuantile(0.3))).toBeCloseTo(0.3, 6);
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5);
  });

  it('the M4 seasonality test finds the airline seasonality and none in a straight line', () => {
    expect(isSeasonal(airPassengers(), 12)).toBe(true);
    expect(
      isSeasonal(
        Array.from({ length: 60 }, (_, t) => t),
        12,
      ),
    ).toBe(false);
  });
});
