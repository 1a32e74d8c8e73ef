// The societal cost-benefit analysis: yearly cost differences discounted at 2.25%, NPV and benefit/cost ratio
// against a hand computation, and the sensitivity table.
import { describe, expect, it } from 'vitest';
import { DEFAULT_DISCOUNT_RATE, mkba } from '../../src/plan/mkba.ts';
import { compareScenarios } from '../../src/sim/run/compare.ts';
import { modelFromYaml, queueModelYaml } from '../helpers.ts';
import { comparison, replication } from './mkba-fixtures.ts';

describe('mkba', () => {
  it('discounts yearly differences at 2.25% to the first year and matches a hand-computed NPV and B/C ratio', () => {
    // The measure saves 10 a day of staff and costs 5 a day of moves, in both years.
    const base = [0, 1, 2].map((r) => replication(r, { staff: 100 }, { 'moves.perChild': 1 }));
    const scenario = [0, 1, 2].map((r) => replication(r, { staff: 90, moves: 5 }, { 'moves.perChild': 0.5 }));
    const result = mkba(comparison(base, scenario), 0);
    expect(result.discountRate).toBe(DEFAULT_DISCOUNT_RATE);
    expect(result.years).toEqual([2024, 2025]);
    const staff = result.categories.find((c) => c.category === 'staff')!;
    expect(staff.differenceByYear).toEqual([-3660, -3650]);
    const factor2025 = 1 / 1.0225;
    expect(staff.presentValue).toBeCloseTo(-3660 - 3650 * factor2025, 8);
    expect(result.presentValueCosts).toBeCloseTo(1830 + 1825 * factor2025, 8);
    expect(result.presentValueBenefits).toBeCloseTo(3660 + 3650 * factor2025, 8);
    expect(result.netPresentValue.mean).toBeCloseTo(1830 + 1825 * factor2025, 8);
    expect(result.netPresentValue.high - result.netPresentValue.low).toBeLessThan(1e-9); // identical replications: no spread
    expect(result.benefitCostRatio).toBeCloseTo(2, 12);
    expect(result.unpriced.find((u) => u.kpi === 'moves.perChild')!.mean).toBe(-0.5);
  });

  it('lists the assumptions that move the NPV most first', () => {
    const base = [0, 1].map((r) => replication(r, { staff: 100, receptionOccupied: 50 }));
    const scenario = [0, 1].map((r) => replication(r, { staff: 60, receptionOccupied: 49 }));
    const result = mkba(comparison(base, scenario), 0);
    expect(result.sensitivity[0].assumption).toEqual({
      kind: 'price',
      category: 'staff',
      factorLow: 0.75,
      factorHigh: 1.25,
    });
    expect(result.sensitivity.map((s) => s.assumption)).toContainEqual({
      kind: 'discountRate',
      rateLow: 0,
      rateHigh: 0.04,
    });
    for (let i = 1; i < result.sensitivity.length; i++)
      expect(result.sensitivity[i - 1].swing).toBeGreaterThanOrEqual(result.sensitivity[i].swing);
    // Cheaper staff (×0.75) makes the saving smaller.
    expect(result.sensitivity[0].low).toBeLessThan(result.sensitivity[0].high);
  });

  it('gives an NPV of exactly zero for an unchanged scenario', async () => {
    const model = modelFromYaml(
      queueModelYaml({ arrivalsPerDay: 50, servers: 1, meanServiceDays: 0.01, horizonDays: 400 }).replace(
        'next: [{ exit: other }]',
        'next: [{ exit: other }]\n    staff: { ftePerServer: 1, costPerFteYearEur: 80000 }',
      ),
    );
    const result = mkba(
      await compareScenarios({ name: 'base', model }, [{ name: 'same', model }], { replications: 3, workers: 1 }),
      0,
    );
    expect(result.netPresentValue.mean).toBe(0);
    expect(result.benefitCostRatio).toBeNaN();
  });
});
