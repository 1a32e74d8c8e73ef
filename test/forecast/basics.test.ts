import { describe, expect, it } from 'vitest';
import { nelderMead } from '../../src/forecast/optim.ts';
import { createRandom } from '../../src/forecast/rng.ts';
import { normalCdf, normalQuantile, quantileSorted } from '../../src/forecast/stats.ts';
import { isSeasonal } from '../../src/forecast/decompose.ts';
import { airPassengers } from './helpers.ts';

describe('random streams', () => {
  it('repeat exactly for the same seed and stream, and differ between streams', () => {
    const a = createRandom(9, 4);
    const b = createRandom(9, 4);
    const c = createRandom(9, 5);
    const xs = Array.from({ length: 5 }, () => a.uniform());
    expect(Array.from({ length: 5 }, () => b.uniform())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.uniform())).not.toEqual(xs);
  });

  it('draw standard normals (mean 0, variance 1)', () => {
    const random = createRandom(1);
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < 50_000; i++) {
      const z = random.normal();
      sum += z;
      squares += z * z;
    }
    expect(sum / 50_000).toBeCloseTo(0, 1);
    expect(squares / 50_000).toBeCloseTo(1, 1);
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
