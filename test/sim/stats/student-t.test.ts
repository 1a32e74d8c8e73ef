import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../../src/sim/stats/student-t.ts';

describe("Student's t", () => {
  it('gives the textbook two-sided 95% critical values', () => {
    const table: [number, number][] = [
      [1, 12.7062],
      [2, 4.3027],
      [5, 2.5706],
      [9, 2.2622],
      [29, 2.0452],
      [99, 1.9842],
    ];
    for (const [df, t] of table) expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 4);
  });

  it('is symmetric and inverts its CDF', () => {
    expect(studentTQuantile(0.025, 9)).toBeCloseTo(-studentTQuantile(0.975, 9), 10);
    for (const p of [0.6, 0.9, 0.995]) expect(studentTCdf(studentTQuantile(p, 7), 7)).toBeCloseTo(p, 9);
    expect(studentTCdf(0, 3)).toBe(0.5);
  });

  it('approaches the normal quantile for many degrees of freedom', () => {
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959964, 4);
  });
});
