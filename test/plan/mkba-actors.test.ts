// The MKBA as the guideline asks it: a measure's own costs from its measure file, costs and benefits per actor,
// penalties as a transfer, and the sensitivity with intervals. The hand-worked MKBA is independent of the
// simulator's randomness: its measure changes nothing in the model, so every simulated cost differs by exactly 0
// and only the measure's own costs remain.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { loadScenario } from '../../src/model/measures.ts';
import { compareScenarios } from '../../src/sim/run/compare.ts';
import { mkba, staffActorOf } from '../../src/plan/mkba.ts';
import { measureCostByYear } from '../../src/plan/measure-costs.ts';
import { actorTableRows } from '../../src/results/compare-files.ts';
import { examplesDir, queueModelYaml, tempDir } from '../helpers.ts';
import { comparison, replication } from './mkba-fixtures.ts';

/** A small queue over the five years 2026–2030 (1,826 days: 2028 is a leap year). */
function fiveYearModel(dir: string): string {
  const path = join(dir, 'base.yaml');
  writeFileSync(
    path,
    queueModelYaml({ arrivalsPerDay: 2, servers: 1, meanServiceDays: 0.2, horizonDays: 1826 }).replace(
      'start: 2025-01-01',
      'start: 2026-01-01',
    ),
  );
  return path;
}

describe('the hand-worked MKBA', () => {
  it('two actors, a one-off cost and a yearly benefit over five years at 2.25%: NPV and B/C to the cent', async () => {
    const dir = tempDir();
    const base = fiveYearModel(dir);
    const measure = join(dir, 'measure.yaml');
    writeFileSync(
      measure,
      `doorstroom-measure: 1
name: hand-worked
costs:
  - id: set-up
    label: set-up
    actor: ministry
    oneOffEur: 1000000
    date: 2026-01-01
    assumption: a round number for the hand computation
  - id: saving
    label: saving
    actor: municipalities
    perYearEur: -300000
    from: 2026-01-01
    until: 2031-01-01
    assumption: a round number for the hand computation
`,
    );
    const result = await compareScenarios(
      { name: 'base', model: loadModel(base) },
      [{ name: 'hand-worked', model: loadScenario(base, [measure]) }],
      { replications: 2, workers: 1 },
    );
    const m = mkba(result, 0);
    // By hand, discounting each year to 2026 at 2.25% real:
    //   factors 1, 1/1.0225 = 0.977995110, 1/1.0225² = 0.956474435, 1/1.0225³ = 0.935427321,
    //   1/1.0225⁴ = 0.914843345; their sum is 4.784740211.
    //   Costs: the one-off EUR 1,000,000 in 2026, factor 1          -> PV 1,000,000.00 (ministry)
    //   Benefits: EUR 300,000 a year, 2026–2030: 300,000 × 4.784740211 -> PV 1,435,422.06 (municipalities)
    //   NPV = 1,435,422.06 − 1,000,000.00 = 435,422.06; B/C = 1,435,422.06 / 1,000,000 = 1.44 (1.43542206)
    expect(m.years).toEqual([2026, 2027, 2028, 2029, 2030]);
    expect(m.categories.every((c) => c.presentValue === 0)).toBe(true);
    expect(m.presentValueCosts).toBeCloseTo(1_000_000, 2);
    expect(m.presentValueBenefits).toBeCloseTo(1_435_422.06, 2);
    expect(m.netPresentValue.mean).toBeCloseTo(435_422.06, 2);
    // Written amounts: no spread between replications.
    expect(m.netPresentValue.high - m.netPresentValue.low).toBeCloseTo(0, 6);
    expect(m.benefitCostRatio).toBeCloseTo(1.43542206, 8);
    // The benefit is spread over the days of each year, and each full year adds up to its amount.
    const saving = m.measureCosts.find((c) => c.id === 'saving')!;
    for (const v of saving.costByYear) expect(v).toBeCloseTo(-300_000, 6);

    // Per actor: the ministry bears the cost, the municipalities the benefit; the table sums to the total.
    expect(m.actors.map((r) => [r.actor, r.item])).toEqual([
      ['ministry', { kind: 'measureCost', id: 'set-up', label: 'set-up' }],
      ['municipalities', { kind: 'measureCost', id: 'saving', label: 'saving' }],
    ]);
    const [ministry, municipalities] = m.actors;
    expect(ministry.presentValueCosts).toBeCloseTo(1_000_000, 2);
    expect(ministry.net).toBeCloseTo(-1_000_000, 2);
    expect(municipalities.presentValueBenefits).toBeCloseTo(1_435_422.06, 2);
    const rows = actorTableRows(m);
    const total = rows[rows.length - 1];
    expect(total.actor).toBeUndefined();
    expect(total.net).toBeCloseTo(435_422.06, 2);
    expect(total.net).toBeCloseTo(ministry.net + municipalities.net, 9);
    expect(total.costs).toBeCloseTo(m.presentValueCosts, 9);
    expect(total.benefits).toBeCloseTo(m.presentValueBenefits, 9);

    // Sensitivity: the one-off ±25% moves the NPV by ∓250,000; the discount rate at 0% gives 1,500,000 − 1,000,000.
    const setUp = m.sensitivity.find((s) => s.assumption.kind === 'measureCost' && s.assumption.id === 'set-up')!;
    expect(setUp.low).toBeCloseTo(435_422.06 + 250_000, 2);
    expect(setUp.high).toBeCloseTo(435_422.06 - 250_000, 2);
    const rate = m.sensitivity.find((s) => s.assumption.kind === 'discountRate')!;
    expect(rate.low).toBeCloseTo(500_000, 2);
    expect(rate.lowInterval.low).toBeCloseTo(500_000, 2);
  });
});

describe('the MKBA per actor', () => {
  it('books penalties as a transfer: a cost to the IND, an equal benefit to asylum seekers, nothing in the NPV', () => {
    const base = [0, 1].map((r) => replication(r, { penalties: 10, receptionOccupied: 100 }));
    const scenario = [0, 1].map((r) => replication(r, { penalties: 0, receptionOccupied: 90 }));
    const m = mkba(comparison(base, scenario), 0);
    const pv = (category: string) => m.categories.find((c) => c.category === category)!.presentValue;
    // Only the reception saving counts for society.
    expect(m.netPresentValue.mean).toBeCloseTo(-pv('receptionOccupied'), 6);
    expect(m.presentValueBenefits).toBeCloseTo(-pv('receptionOccupied'), 6);
    expect(m.presentValueCosts).toBe(0);
    const penalty = m.actors.filter((r) => r.item.kind === 'category' && r.item.category === 'penalties');
    expect(penalty.map((r) => r.actor)).toEqual(['ind', 'asylumSeekers']);
    expect(penalty[0].net).toBeCloseTo(-pv('penalties'), 6); // the IND saves the penalties…
    expect(penalty[1].net).toBeCloseTo(pv('penalties'), 6); // …that asylum seekers no longer receive
    expect(m.actors.reduce((a, r) => a + r.net, 0)).toBeCloseTo(m.netPresentValue.mean, 6);
    // The total for society leaves the transfer's two rows out of its costs and benefits.
    const total = actorTableRows(m).at(-1)!;
    expect([total.costs, total.benefits, total.net]).toEqual([
      m.presentValueCosts,
      m.presentValueBenefits,
      m.presentValueBenefits - m.presentValueCosts,
    ]);
    // Reception is the COA's; a transfer's price moves nothing.
    expect(m.actors.find((r) => r.item.kind === 'category' && r.item.category === 'receptionOccupied')!.actor).toBe(
      'coa',
    );
    expect(m.sensitivity.some((s) => s.assumption.kind === 'price' && s.assumption.category === 'penalties')).toBe(
      false,
    );
  });

  it('attributes staff to the one partner whose staff costs money, else to the ministry', () => {
    const stage = (partner: string, cost: number) =>
      ({ id: partner, partner, staff: { costPerFteYearEur: cost } }) as never;
    expect(staffActorOf({ stages: [stage('ind', 90000), stage('coa', 0)], staffPools: [] })).toBe('ind');
    expect(staffActorOf({ stages: [stage('ind', 90000), stage('coa', 50000)], staffPools: [] })).toBe('ministry');
    expect(staffActorOf({ stages: [stage('courts', 90000)], staffPools: [] })).toBe('ministry');
    // The shipped Dutch models pay staff at the IND's stages (nl-baseline) or the IND's pool (nl-2022-2026) only.
    expect(staffActorOf(loadModel(join(examplesDir, 'nl-baseline.yaml')).model)).toBe('ind');
    expect(staffActorOf(loadModel(join(examplesDir, 'nl-2022-2026.yaml')).model)).toBe('ind');
  });
});

describe('a measure cost from the scenario run', () => {
  const years = [
    { from: 0, to: 366 },
    { from: 366, to: 731 },
  ];
  const r = replication(
    0,
    {},
    { 'stage.aa.completed.cases': 731 },
    { 'stage.aa.completed': [2, 0], 'location.a.occupied': [10], 'location.b.occupied': [5] },
  );
  const cost = (fields: Record<string, unknown>) =>
    ({ id: 'c', label: 'c', actor: 'coa', assumption: 'x', measure: 'm', ...fields }) as never;

  it('counts persons completed at the stage, and cases through the persons per case of the period', () => {
    // 2 persons on the even days: 183 of them in 2024 (days 0–365) and 183 in 2025 (days 366–730), 366 persons each.
    expect(measureCostByYear(cost({ perPersonEur: 10, stage: 'aa' }), r, '2024-01-01', years)).toEqual([3660, 3660]);
    // 731 cases for 732 persons: EUR 100 per case is 100 × 731 / 732 per person, 100 × 731 in all.
    const perCase = measureCostByYear(cost({ perCaseEur: 100, stage: 'aa' }), r, '2024-01-01', years);
    expect(perCase[0] + perCase[1]).toBeCloseTo(100 * 731, 6);
  });

  it('counts occupied beds of the listed locations, or of all', () => {
    expect(measureCostByYear(cost({ perBedDayEur: 2 }), r, '2024-01-01', years)).toEqual([366 * 30, 365 * 30]);
    expect(measureCostByYear(cost({ perBedDayEur: 2, locations: ['b'] }), r, '2024-01-01', years)).toEqual([
      366 * 10,
      365 * 10,
    ]);
  });

  it('pays a yearly amount from "from" until the day before "until", spread over the days of each year', () => {
    const [a, b] = measureCostByYear(
      cost({ perYearEur: 366, from: '2024-07-01', until: '2025-07-01' }),
      r,
      '2024-01-01',
      years,
    );
    expect(a).toBeCloseTo(184, 9); // 184 days of 2024 (a leap year) at 366/366
    expect(b).toBeCloseTo((181 * 366) / 365, 9); // 181 days of 2025 at 366/365
    expect(measureCostByYear(cost({ oneOffEur: 5, date: '2025-01-01' }), r, '2024-01-01', years)).toEqual([0, 5]);
  });
});
