// Placement of permit holders' households by MIP: a tiny instance whose unique optimum is worked out by hand,
// impossible targets and housing stock that come back as named shortfalls, fairness and its price, shadow prices
// that predict the LP when a target grows by one person, and aggregation that leaves the optimum unchanged.
import { describe, expect, it } from 'vitest';
import { replicationStream } from '../../src/core/random.ts';
import {
  aggregateHouseholds,
  haversineKm,
  type Household,
  type Municipality,
  type Placement,
  placeHouseholds,
} from '../../src/plan/placement.ts';

/**
 * Three municipalities on a line (planar km): A at 0, B at 10, C at 30. Targets A 2, B 3, C 2 persons.
 * Households: h1 1 person from A, h2 2 persons (1 child) from A, h3 3 persons (2 children) from C, h4 1 person
 * from B. 7 persons against 7 targeted: with every target met as a lower bound, each municipality gets exactly
 * its target.
 * - B needs exactly 3: {h3}, {h1, h2} or {h2, h4}. With {h1, h2} A would need 2 from {h3 (3), h4 (1)}; with
 *   {h2, h4} 2 from {h1 (1), h3 (3)}: neither adds up, so B = {h3}: 20 km × 3 persons = 60.
 * - A and C then take 2 each from h1, h2, h4: A = {h2}, C = {h1, h4} costs 0 + 30 + 20 = 50; A = {h1, h4},
 *   C = {h2} costs 0 + 10 + 2 × 30 = 70.
 * The unique optimum: h1 → C, h2 → A, h3 → B, h4 → C, objective 60 + 50 = 110 km·persons.
 */
function line(targets: [number, number, number] = [2, 3, 2]): Municipality[] {
  return [
    { code: 'A', name: 'Aa', province: 'P1', targetPersons: targets[0], x: 0, y: 0 },
    { code: 'B', name: 'Bee', province: 'P1', targetPersons: targets[1], x: 10, y: 0 },
    { code: 'C', name: 'Cee', province: 'P2', targetPersons: targets[2], x: 30, y: 0 },
  ];
}

const four: Household[] = [
  { id: 'h1', persons: 1, children: 0, origin: 'A' },
  { id: 'h2', persons: 2, children: 1, origin: 'A' },
  { id: 'h3', persons: 3, children: 2, origin: 'C' },
  { id: 'h4', persons: 1, children: 0, origin: 'B' },
];

const where = (p: Placement) => Object.fromEntries(p.households.map((h) => [h.id, h.municipality]));
const outcome = (p: Placement, code: string) => p.municipalities.find((m) => m.code === code)!;

describe('haversineKm', () => {
  it('gives one degree of a meridian as 2π·6371.0088/360 km and is symmetric', () => {
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 1, lon: 0 })).toBeCloseTo((2 * Math.PI * 6371.0088) / 360, 9);
    expect(haversineKm({ lat: 0, lon: 0 }, { lat: 0, lon: 90 })).toBeCloseTo((Math.PI / 2) * 6371.0088, 6);
    const a = { lat: 52.37, lon: 4.9 };
    const b = { lat: 51.92, lon: 4.48 };
    expect(haversineKm(a, b)).toBeCloseTo(haversineKm(b, a), 12);
    expect(haversineKm(a, a)).toBe(0);
  });
});

describe('placeHouseholds', () => {
  it('finds the unique optimum of the hand-worked instance (110 km·persons), with pricing and without', async () => {
    for (const pricing of [true, false]) {
      const p = await placeHouseholds(line(), four, { mipGap: 0, pricing, withinKm: 25 });
      expect(p.solve.status).toBe('optimal');
      expect(p.solve.objective).toBeCloseTo(110, 6);
      expect(p.solve.bound).toBeLessThanOrEqual(110 + 1e-6);
      expect(p.objective).toEqual({
        total: p.solve.objective,
        distanceKmPersons: 110,
        matchScore: 0,
        penalty: expect.closeTo(0, 6),
      });
      expect(where(p)).toEqual({ h1: 'C', h2: 'A', h3: 'B', h4: 'C' });
      expect(p.municipalities.map((m) => [m.code, m.placedPersons, m.shortfall, m.meanDistanceKm])).toEqual([
        ['A', 2, 0, 0],
        ['B', 3, 0, 20],
        ['C', 2, 0, 25],
      ]);
      expect(p.meanDistanceKm).toBeCloseTo(110 / 7, 12);
      expect(p.explanation.feasible).toBe(true);
      expect(p.overshootAllowance).toBe(2); // largest household (3) − 1
    }
  });

  it('reports outcome gaps per subgroup: size, children, origin province', async () => {
    const p = await placeHouseholds(line(), four, { mipGap: 0, withinKm: 25 });
    const row = (dimension: string, group: string) =>
      p.subgroups.find((s) => s.dimension === dimension && s.group === group)!;
    // Children: h2 (0 km, 2 persons) and h3 (20 km, 3 persons) → 60 / 5 = 12 km, all within 25 km.
    expect(row('children', 'with children')).toMatchObject({
      households: 2,
      persons: 5,
      meanDistanceKm: 12,
      shareWithinKm: 1,
    });
    // Without: h1 (30 km) and h4 (20 km) → 25 km; half of the persons within 25 km.
    expect(row('children', 'without children')).toMatchObject({
      households: 2,
      persons: 2,
      meanDistanceKm: 25,
      shareWithinKm: 0.5,
    });
    expect(row('children', 'without children').gapKm).toBeCloseTo(25 - 110 / 7, 12);
    expect(row('size', '1').meanDistanceKm).toBe(25);
    expect(row('size', '3').meanDistanceKm).toBe(20);
    // Origin province P1 (A and B): h1 30 + h2 0 + h4 20 over 4 persons; P2 (C): h3 20.
    expect(row('origin province', 'P1').meanDistanceKm).toBe(12.5);
    expect(row('origin province', 'P2').meanDistanceKm).toBe(20);
  });

  it('names the shortfall of an impossible target instead of failing (7 persons against 15)', async () => {
    // C wants 10. Every placement leaves at least 15 − 7 = 8 persons short, exactly 8 when no municipality goes
    // over its target. The cheapest such: h2 stays in A, h3 in C, h4 in B and h1 goes to B (10 km):
    // objective 10 + 8 × the penalty (1,000 a person), B short 1 and C short 7.
    const p = await placeHouseholds(line([2, 3, 10]), four, { mipGap: 0, shortfallPenalty: 1000 });
    expect(p.solve.status).toBe('optimal');
    expect(p.solve.objective).toBeCloseTo(8010, 6);
    expect(where(p)).toEqual({ h1: 'B', h2: 'A', h3: 'C', h4: 'B' });
    expect(p.objective.penalty).toBeCloseTo(8000, 6);
    const { explanation } = p;
    expect(explanation.feasible).toBe(false);
    expect(explanation.supplyPersons).toBe(7);
    expect(explanation.targetPersons).toBe(15);
    expect(explanation.short.map((s) => [s.code, s.shortfall, s.reasons])).toEqual([
      ['B', 1, ['supply']],
      ['C', 7, ['supply']],
    ]);
    expect(explanation.short[1].binding).toEqual(['target.C']);
    expect(explanation.messages[0]).toMatch(
      /7 persons to place against targets adding up to 15: at least 8 persons short/,
    );
    expect(explanation.messages.some((m) => m.startsWith('Cee (C): 7 of 10 persons short'))).toBe(true);
  });

  it('moves a household when the housing stock of its size binds', async () => {
    // C has one dwelling for one person: the optimum's h1 and h4 cannot both go there. The only other exact
    // fit is A = {h1, h4}, C = {h2}: 0 + 10 + 60 (h2, 2 × 30) + 60 (h3 to B) = 130.
    const munis = line().map((m) => (m.code === 'C' ? { ...m, housingStock: { 1: 1 } } : m));
    const p = await placeHouseholds(munis, four, { mipGap: 0 });
    expect(p.solve.objective).toBeCloseTo(130, 6);
    expect(where(p)).toEqual({ h1: 'A', h2: 'C', h3: 'B', h4: 'A' });
    expect(outcome(p, 'C').housing).toEqual([{ size: 1, units: 1, used: 0 }]);
  });

  it('explains a target the housing stock cannot meet, naming the stock rows', async () => {
    // C has no dwellings for 1, 2 or 3 persons: nobody can go there (C short 2). A (cap 2 + 2) and B (cap 3 + 2)
    // take all 7: h1, h2 in A (0), h3 and h4 in B (60 + 0): objective 60 + 2 × 1,000.
    const munis = line().map((m) => (m.code === 'C' ? { ...m, housingStock: { 1: 0, 2: 0, 3: 0 } } : m));
    const p = await placeHouseholds(munis, four, { mipGap: 0, shortfallPenalty: 1000 });
    expect(p.solve.objective).toBeCloseTo(2060, 6);
    expect(where(p)).toEqual({ h1: 'A', h2: 'A', h3: 'B', h4: 'B' });
    expect(p.explanation.short).toEqual([
      {
        code: 'C',
        name: 'Cee',
        shortfall: 2,
        reasons: ['housing-stock'],
        binding: ['target.C', 'stock.C.1', 'stock.C.2', 'stock.C.3'],
      },
    ]);
    expect(p.explanation.messages.join('\n')).toMatch(
      /Cee \(C\): 2 of 2 persons short — its housing stock is used up \(stock\.C\.1, stock\.C\.2, stock\.C\.3\)/,
    );
  });

  it('keeps a fairness gap, changes the placement for it and prices it (cost ≥ 0)', async () => {
    const munis = [
      { code: 'A', name: 'A', province: 'P', targetPersons: 4, x: 0, y: 0 },
      { code: 'B', name: 'B', province: 'P', targetPersons: 4, x: 10, y: 0 },
      { code: 'C', name: 'C', province: 'P', targetPersons: 4, x: 30, y: 0 },
    ];
    const households: Household[] = [
      { id: 'f1', persons: 3, children: 1, origin: 'A' },
      { id: 'f2', persons: 3, children: 2, origin: 'A' },
      ...['A', 'A', 'C', 'C', 'B', 'B'].map((origin, i) => ({ id: `s${i + 1}`, persons: 1, children: 0, origin })),
    ];
    const group = (h: Household) => (h.children > 0 ? 'children' : 'none');
    const free = await placeHouseholds(munis, households, { mipGap: 0 });
    // Unconstrained, families stay near A and singles travel: the groups' means differ by more than 2 km.
    const gapOf = (p: Placement) =>
      Math.max(...p.subgroups.filter((s) => s.dimension === 'children').map((s) => Math.abs(s.gapKm)));
    expect(gapOf(free)).toBeGreaterThan(1);
    for (const pricing of [true, false]) {
      const fair = await placeHouseholds(munis, households, { mipGap: 0, pricing, fairness: { group, maxGapKm: 1 } });
      expect(fair.fairness!.largestGapKm).toBeLessThanOrEqual(1 + 1e-9);
      expect(gapOf(fair)).toBeLessThanOrEqual(1 + 1e-9);
      expect(where(fair)).not.toEqual(where(free));
      expect(fair.fairness!.objectiveWithout).toBeCloseTo(free.solve.objective, 6);
      expect(fair.fairness!.cost).toBeCloseTo(fair.solve.objective - free.solve.objective, 6);
      expect(fair.fairness!.cost).toBeGreaterThan(0);
      expect(fair.explanation.feasible).toBe(true);
    }
  });

  it('reports shadow prices that the LP confirms when a target grows by one person', async () => {
    // Ten 1-person households from A; targets A 2, B 3, C 2, 5 persons over target allowed. The cheapest:
    // C gets 2 (30 km each), B 3 (10 km each), A the other 5. One more person for C costs 30 (moved from A),
    // for B 10, for A nothing (A is above its target already).
    const singles = Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, persons: 1, children: 0, origin: 'A' }));
    const p = await placeHouseholds(line(), singles, { overshootAllowance: 5 });
    expect(p.relaxation!.objective).toBeCloseTo(90, 9);
    // The LP is whole here: the placement rounded from it is optimal and no MIP has to run.
    expect(p.solve.objective).toBeCloseTo(90, 9);
    expect(p.solve.mipRuns).toBe(0);
    expect(p.municipalities.map((m) => m.placedPersons)).toEqual([5, 3, 2]);
    expect(p.municipalities.map((m) => m.shadowPrice)).toEqual([
      expect.closeTo(0, 9),
      expect.closeTo(10, 9),
      expect.closeTo(30, 9),
    ]);

    // A mixed instance: the LP relaxation with each target raised by one moves by that target's shadow price.
    const rng = replicationStream(7, 0);
    const munis: Municipality[] = Array.from({ length: 6 }, (_, j) => ({
      code: `M${j}`,
      name: `M${j}`,
      province: 'P',
      targetPersons: 6 + j,
      x: 40 * rng.uniform(),
      y: 40 * rng.uniform(),
    }));
    const households: Household[] = Array.from({ length: 40 }, (_, i) => ({
      id: `h${i}`,
      persons: 1 + rng.int(3),
      children: 0,
      origin: `M${rng.int(3)}`,
    }));
    const options = { overshootAllowance: 10, shadowPrices: true };
    const base = await placeHouseholds(munis, households, options);
    expect(base.explanation.short).toEqual([]);
    for (let j = 0; j < munis.length; j++) {
      const raised = munis.map((m, q) => (q === j ? { ...m, targetPersons: m.targetPersons + 1 } : m));
      const next = await placeHouseholds(raised, households, options);
      expect(next.relaxation!.objective - base.relaxation!.objective, munis[j].code).toBeCloseTo(
        base.municipalities[j].shadowPrice!,
        6,
      );
    }
  });

  it('takes the prices relative to the cheapest municipality when every person is needed for the targets', async () => {
    // Seven 1-person households from A for targets A 2, B 3, C 2: every target binds and the LP's prices share an
    // arbitrary level; the differences do not: a person of target moved from A to B costs 10 km, to C 30 km.
    const seven = Array.from({ length: 7 }, (_, i) => ({ id: `s${i}`, persons: 1, children: 0, origin: 'A' }));
    const tight = await placeHouseholds(line(), seven, { overshootAllowance: 5 });
    expect(tight.priceReference).toMatchObject({ code: 'A', name: 'Aa' });
    expect(tight.municipalities.map((m) => m.relativeShadowPrice)).toEqual([
      expect.closeTo(0, 9),
      expect.closeTo(10, 9),
      expect.closeTo(30, 9),
    ]);
    tight.municipalities.forEach((m) =>
      expect(m.relativeShadowPrice!).toBeCloseTo(m.shadowPrice! - tight.priceReference!.shadowPrice, 9),
    );
    // A municipality that gets nobody while every person is needed has no determined price.
    const withEmpty = await placeHouseholds(
      [...line(), { code: 'D', name: 'Dee', province: 'P2', targetPersons: 0, x: 90, y: 0 }],
      seven,
      { overshootAllowance: 0 },
    );
    expect(withEmpty.municipalities.find((m) => m.code === 'D')!.relativeShadowPrice).toBeNull();
    // With persons to spare the prices are absolute: no reference, relative = shadow price.
    const spare = await placeHouseholds(line(), [...seven, { id: 's7', persons: 1, children: 0, origin: 'A' }], {
      overshootAllowance: 5,
    });
    expect(spare.priceReference).toBeNull();
    expect(spare.municipalities.map((m) => m.relativeShadowPrice)).toEqual(
      spare.municipalities.map((m) => m.shadowPrice),
    );
  });

  it('gives the same optimum for 1,000 households as 50 types as for 1,000 single households', async () => {
    const rng = replicationStream(11, 0);
    const munis: Municipality[] = Array.from({ length: 8 }, (_, j) => ({
      code: `G${j}`,
      name: `G${j}`,
      province: j < 4 ? 'N' : 'S',
      targetPersons: 0,
      lat: 51 + 2 * rng.uniform(),
      lon: 4 + 2.5 * rng.uniform(),
      labourDemand: { care: 10 * rng.uniform(), tech: 10 * rng.uniform() },
    }));
    // 5 sizes × 5 origins × 2 profiles = 50 types.
    const households: Household[] = Array.from({ length: 1000 }, (_, i) => {
      const persons = 1 + (i % 5);
      return {
        id: `h${i}`,
        persons,
        children: persons > 2 ? 1 : 0,
        origin: `G${Math.floor(i / 5) % 5}`,
        profile: Math.floor(i / 25) % 2 === 0 ? 'care' : 'tech',
      };
    });
    expect(aggregateHouseholds(households)).toHaveLength(50);
    const persons = households.reduce((a, h) => a + h.persons, 0);
    munis.forEach((m, j) => (m.targetPersons = Math.floor((persons * (j + 1)) / 40)));
    const options = { mipGap: 0, matchWeight: 3, overshootAllowance: 40, shadowPrices: false };
    const types = await placeHouseholds(munis, households, options);
    const single = await placeHouseholds(munis, households, { ...options, aggregate: false });
    expect(types.solve.types).toBe(50);
    expect(single.solve.types).toBe(1000);
    expect(types.solve.status).toBe('optimal');
    expect(single.solve.status).toBe('optimal');
    expect(single.solve.objective).toBeCloseTo(types.solve.objective, 6);
    expect(types.households.every((h) => h.municipality !== null)).toBe(true);
  });

  it('prices columns in until the LP over all pairs is reached: same LP and optimum as the full model', async () => {
    // 30 municipalities, 18 types: the first LP holds part of the 540 pairs, the rest come in by price. The
    // dwellings for 3 persons bind and a fairness row couples everyone, so rows of every kind carry a price
    // (and the solve checks its prices against HiGHS's reduced costs of the columns it has).
    const rng = replicationStream(5, 0);
    const munis: Municipality[] = Array.from({ length: 30 }, (_, j) => ({
      code: `K${j}`,
      name: `K${j}`,
      province: j % 2 === 0 ? 'E' : 'W',
      targetPersons: 0,
      x: 100 * rng.uniform(),
      y: 100 * rng.uniform(),
    }));
    const households: Household[] = Array.from({ length: 240 }, (_, i) => {
      const persons = 1 + (i % 3);
      return { id: `h${i}`, persons, children: persons === 3 ? 1 : 0, origin: `K${(i * 7) % 6}` };
    });
    const persons = households.reduce((a, h) => a + h.persons, 0);
    munis.forEach((m, j) => {
      m.targetPersons = Math.floor(persons / 30) - (j % 3);
      m.housingStock = { 1: 6 + (j % 4), 3: j % 3 === 0 ? 0 : 5 };
    });
    const options = {
      mipGap: 0.001,
      overshootAllowance: 3,
      fairness: { group: (h: Household) => (h.children > 0 ? 'families' : 'others'), maxGapKm: 1.45 },
    };
    const priced = await placeHouseholds(munis, households, options);
    const full = await placeHouseholds(munis, households, { ...options, pricing: false });
    expect(priced.explanation.feasible).toBe(true);
    expect(priced.fairness!.cost).toBeGreaterThan(0);
    expect(priced.relaxation!.objective).toBeCloseTo(full.relaxation!.objective, 6);
    for (const p of [priced, full]) {
      expect(p.solve.status).toBe('optimal');
      expect(p.solve.objective).toBeGreaterThanOrEqual(priced.relaxation!.objective - 1e-6);
      expect(p.solve.objective).toBeLessThanOrEqual(priced.relaxation!.objective * 1.001);
    }
  });

  it('fills many small targets exactly when the persons to place equal them, as the full MIP does', async () => {
    // 80 municipalities with targets of 1–5 persons; households cut from each target (5 = 3 + 2, 4 = 2 + 2 or
    // 4, …) so that an exact placement exists, then given to one of 4 origins: every target can be met exactly,
    // but only by whole households, which the LP relaxation does not see.
    const rng = replicationStream(11, 0);
    const splits: Record<number, number[][]> = {
      1: [[1]],
      2: [[2], [1, 1]],
      3: [[3], [2, 1]],
      4: [[4], [2, 2], [3, 1]],
      5: [[3, 2], [4, 1], [5]],
    };
    const munis: Municipality[] = Array.from({ length: 80 }, (_, j) => ({
      code: `M${j}`,
      name: `M${j}`,
      province: `P${j % 4}`,
      targetPersons: 1 + Math.floor(rng.uniform() * 5),
      x: (j % 10) * 12,
      y: Math.floor(j / 10) * 12,
    }));
    const households: Household[] = [];
    for (const m of munis) {
      const options = splits[m.targetPersons];
      for (const persons of options[Math.floor(rng.uniform() * options.length)]) {
        households.push({
          id: `h${households.length}`,
          persons,
          children: persons > 2 ? 1 : 0,
          origin: `M${[0, 9, 70, 79][Math.floor(rng.uniform() * 4)]}`,
        });
      }
    }
    const priced = await placeHouseholds(munis, households, { mipGap: 0.001 });
    const full = await placeHouseholds(munis, households, { mipGap: 0.001, pricing: false });
    for (const p of [priced, full]) {
      expect(p.solve.status).toBe('optimal');
      expect(p.explanation.feasible).toBe(true);
      expect(p.municipalities.every((m) => m.shortfall === 0 && m.placedPersons >= m.targetPersons)).toBe(true);
      expect(p.households.every((h) => h.municipality !== null)).toBe(true);
    }
    expect(Math.abs(priced.solve.objective - full.solve.objective)).toBeLessThanOrEqual(
      0.001 * full.solve.objective + 1e-6,
    );
    expect(priced.objective.penalty).toBeCloseTo(0, 6);

    // One more person of target everywhere: 80 persons short whatever is done. The gap is measured on the
    // placement's own cost, not on the penalties, so "within 0.1%" still means 0.1% of the distance travelled.
    const raised = munis.map((m) => ({ ...m, targetPersons: m.targetPersons + 1 }));
    const short = await placeHouseholds(raised, households, { mipGap: 0.001 });
    const exact = await placeHouseholds(raised, households, { mipGap: 0, pricing: false });
    const cost = (p: Placement) => p.objective.total - p.objective.penalty;
    expect(short.solve.status).toBe('optimal');
    expect(short.objective.penalty).toBeCloseTo(exact.objective.penalty, 6);
    expect(short.solve.gap).toBeCloseTo(Math.max(0, short.solve.objective - short.solve.bound) / cost(short), 9);
    expect(short.solve.gap).toBeLessThanOrEqual(0.001 + 1e-9);
    expect(cost(short) - cost(exact)).toBeLessThanOrEqual(0.001 * cost(short) + 1e-6);
  });

  it('refuses malformed input with a RangeError', async () => {
    await expect(placeHouseholds(line(), [{ id: 'x', persons: 1, children: 0, origin: 'Z' }])).rejects.toThrow(
      /origin Z/,
    );
    await expect(placeHouseholds(line(), [{ id: 'x', persons: 1.5, children: 0, origin: 'A' }])).rejects.toThrow(
      RangeError,
    );
    await expect(placeHouseholds([...line(), line()[0]], four)).rejects.toThrow(/twice/);
    await expect(placeHouseholds(line([2.5, 3, 2]), four)).rejects.toThrow(/whole number/);
  });
});
