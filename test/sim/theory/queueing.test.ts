import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mm1MeanWait, mmcMeanSojourn, mmcMeanWait } from '../../../src/sim/theory/queueing.ts';

// Reference values computed with the factorial formula in 50-digit arithmetic (mpmath):
// C(c, a) = (a^c / c! · c / (c − a)) / (Σ_{k<c} a^k / k! + a^c / c! · c / (c − a)).
describe('erlangC', () => {
  it('equals the utilisation rho for one server', () => {
    for (const [lambda, mu] of [
      [0.3, 1],
      [4, 5],
      [0.999, 1],
    ])
      expect(erlangC(1, lambda, mu)).toBeCloseTo(lambda / mu, 14);
  });

  it('is 1/3 for two servers at lambda = mu = 1', () => {
    expect(erlangC(2, 1, 1)).toBeCloseTo(1 / 3, 15);
  });

  it('matches table values: 3 servers at 2 erlang → 4/9; 10 servers at 8 erlang → 0.409; 20 at 15 → 0.160', () => {
    expect(erlangC(3, 2, 1)).toBeCloseTo(4 / 9, 14);
    expect(erlangC(10, 8, 1)).toBeCloseTo(0.4091801507964435, 13);
    expect(erlangC(20, 30, 2)).toBeCloseTo(0.1604293874169236, 13);
  });

  it('stays accurate for 500 servers, where factorials overflow', () => {
    expect(erlangC(500, 480, 1)).toBeCloseTo(0.2665125199623641, 12);
    expect(erlangC(500, 499, 1)).toBeCloseTo(0.9456700246913942, 12);
    expect(erlangC(100, 95, 1)).toBeCloseTo(0.5064568539130206, 12);
  });

  it('is 0 without arrivals and 1 when the queue is unstable', () => {
    expect(erlangC(4, 0, 1)).toBe(0);
    expect(erlangC(4, 4, 1)).toBe(1);
    expect(erlangC(4, 9, 1)).toBe(1);
  });

  it('rejects a non-integer or zero server count and non-positive service rates', () => {
    expect(() => erlangC(0, 1, 1)).toThrow(/positive integer/);
    expect(() => erlangC(2.5, 1, 1)).toThrow(RangeError);
    expect(() => erlangC(2, 1, 0)).toThrow(/mu/);
    expect(() => erlangC(2, -1, 1)).toThrow(/lambda/);
  });
});

describe('erlangB', () => {
  it('is a / (1 + a) for one server and 1 for zero servers', () => {
    expect(erlangB(1, 3)).toBeCloseTo(0.75, 15);
    expect(erlangB(0, 3)).toBe(1);
  });
});

describe('mean waits', () => {
  it('M/M/1: Wq = rho / (mu − lambda), the same as M/M/c with c = 1', () => {
    expect(mm1MeanWait(0.8, 1)).toBeCloseTo(4, 14);
    expect(mmcMeanWait(1, 0.8, 1)).toBeCloseTo(4, 14);
  });

  it('M/M/c: Wq = C / (c·mu − lambda); sojourn adds the mean service time', () => {
    // 2 servers, lambda = mu = 1: C = 1/3, Wq = (1/3) / (2 − 1) = 1/3, W = 4/3.
    expect(mmcMeanWait(2, 1, 1)).toBeCloseTo(1 / 3, 15);
    expect(mmcMeanSojourn(2, 1, 1)).toBeCloseTo(4 / 3, 15);
    // Per-day rates: 3 officers each deciding 0.5 cases a day, 1.2 cases a day arriving.
    expect(mmcMeanSojourn(3, 1.2, 0.5)).toBeCloseTo(mmcMeanWait(3, 1.2, 0.5) + 2, 14);
  });

  it('is infinite when arrivals reach capacity', () => {
    expect(mm1MeanWait(1, 1)).toBe(Infinity);
    expect(mmcMeanWait(3, 3.5, 1)).toBe(Infinity);
    expect(mmcMeanSojourn(3, 3, 1)).toBe(Infinity);
  });
});
