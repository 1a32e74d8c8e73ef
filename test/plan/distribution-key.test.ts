// The distribution key for reception places: a hand-computed case with a welfare correction, exact totals per
// province and nationally on the real 342 municipalities, w = 0 as the population-only key, credits for existing
// places, and the defaults checked against the indicative Spreidingswet distribution of November 2025.
import { describe, expect, it } from 'vitest';
import { loadMunicipalities, loadMunicipalValues, type MunicipalityData } from '../../src/data/municipalities.ts';
import {
  DEFAULT_SCORE_CLIP,
  DEFAULT_SCORE_WEIGHT,
  distributionKey,
  distributionKeyFigures,
  standardisedScores,
} from '../../src/plan/distribution-key.ts';
import { replicationStream } from '../../src/core/random.ts';
import { repoRoot } from '../helpers.ts';

/** Two provinces: One holds Aa (60) and Bee (40), Two holds Cee (100). */
const FOUR: MunicipalityData = {
  year: 2026,
  file: 'hand.csv',
  municipalities: [
    { code: 'GM0001', name: 'Aa', provinceCode: 'PV01', provinceName: 'One', population: 60 },
    { code: 'GM0002', name: 'Bee', provinceCode: 'PV01', provinceName: 'One', population: 40 },
    { code: 'GM0003', name: 'Cee', provinceCode: 'PV02', provinceName: 'Two', population: 100 },
  ],
};
const HAND_SCORES = new Map([
  ['GM0001', 2],
  ['GM0002', 0],
  ['GM0003', 1],
]);
const SPREIDINGSWET_FILE = `${repoRoot}/data/nl_municipalities_spreidingswet_nov2025.csv`;

/** A score per real municipality from a fixed seed (the shipped data has no welfare score). */
function syntheticScores(municipalities: MunicipalityData): Map<string, number> {
  const random = replicationStream(2025, 0);
  return new Map(municipalities.municipalities.map((m) => [m.code, random.uniform() * 2 - 1]));
}

describe('distributionKey', () => {
  it('corrects population by the standardised score and rounds per province, then per municipality (hand-computed)', () => {
    // Population-weighted mean of the scores 2, 0, 1: (120 + 0 + 100) / 200 = 1.1; variance (60·0.81 + 40·1.21
    // + 100·0.01) / 200 = 0.49, σ = 0.7; z = 9/7, −11/7, −1/7. With w = 0.35: factors 1.45, 0.45, 0.95 and weights
    // 87, 18, 95 (still 200 in all). 20 places: provinces 105 : 95 → quotas 10.5, 9.5, the tie to the larger
    // weight → 11 and 9; within One, 11 × 87/105 = 9.11 and 11 × 18/105 = 1.89 → 9 and 2.
    const key = distributionKey({
      places: 20,
      municipalities: FOUR,
      scores: HAND_SCORES,
      scoreName: 'welfare',
      weight: 0.35,
      clip: 2,
    });
    expect(key.rows.map((r) => r.factor)).toEqual([1.45, 0.45, 0.95].map((f) => expect.closeTo(f, 12)));
    expect(key.rows.map((r) => r.weight)).toEqual([87, 18, 95].map((w) => expect.closeTo(w, 10)));
    expect(key.rows.map((r) => r.quota)).toEqual([8.7, 1.8, 9.5].map((q) => expect.closeTo(q, 10)));
    expect(key.rows.map((r) => r.places)).toEqual([9, 2, 9]);
    expect(key.provinces.map((p) => [p.code, p.places])).toEqual([
      ['PV01', 11],
      ['PV02', 9],
    ]);
    expect(key.notes[0]).toMatch(/welfare score welfare: weight = population × \(1 \+ 0.35 × z\)/);
  });

  it('clips standardised scores to ±c so that no weight reaches 0', () => {
    expect(Array.from(standardisedScores([60, 40, 100], [2, 0, 1], 1))).toEqual([1, -1, expect.closeTo(-1 / 7, 12)]);
    expect(Array.from(standardisedScores([1, 1], [3, 3], 2))).toEqual([0, 0]);
    // Scores of any finite size: 1e300 × a population would overflow the sums without the scaling.
    expect(Array.from(standardisedScores([60, 40, 100], [2e300, 0, 1e300], 1))).toEqual([
      1,
      -1,
      expect.closeTo(-1 / 7, 12),
    ]);
    expect(Array.from(standardisedScores([900_000, 1_000], [-1e300, 1e300], 3)).every(Number.isFinite)).toBe(true);
    expect(() =>
      distributionKey({ places: 20, municipalities: FOUR, scores: HAND_SCORES, weight: 0.5, clip: 2 }),
    ).toThrow(/below 1/);
  });

  it('with w = 0 gives exactly the population-only key on the 342 municipalities', () => {
    const municipalities = loadMunicipalities();
    const withZero = distributionKey({
      places: 96000,
      municipalities,
      scores: syntheticScores(municipalities),
      weight: 0,
    });
    const populationOnly = distributionKey({ places: 96000, municipalities });
    expect(withZero.rows.map((r) => r.places)).toEqual(populationOnly.rows.map((r) => r.places));
    expect(withZero.provinces.map((p) => p.places)).toEqual(populationOnly.provinces.map((p) => p.places));
    expect(populationOnly.notes[0]).toMatch(/^population only: no welfare score was given/);
  });

  it('adds up exactly per province and nationally for 96,000 places with a welfare correction, each figure within 1 of its quota at its level', () => {
    const municipalities = loadMunicipalities();
    const key = distributionKey({ places: 96000, municipalities, scores: syntheticScores(municipalities) });
    expect(key.provinces).toHaveLength(12);
    expect(key.provinces.reduce((s, p) => s + p.places, 0)).toBe(96000);
    expect(key.rows.reduce((s, r) => s + r.places, 0)).toBe(96000);
    for (const p of key.provinces) {
      const members = key.rows.filter((r) => r.provinceCode === p.code);
      expect(members.reduce((s, r) => s + r.places, 0)).toBe(p.places);
      expect(Math.abs(p.places - 96000 * p.share)).toBeLessThan(1);
      const provinceWeight = members.reduce((s, r) => s + r.weight, 0);
      for (const r of members) expect(Math.abs(r.places - (p.places * r.weight) / provinceWeight)).toBeLessThan(1);
    }
  });

  it('distributes the 88,000 of the shipped Spreidingswet file by population only over the 342 municipalities, exactly', () => {
    const municipalities = loadMunicipalities();
    const official = loadMunicipalValues(SPREIDINGSWET_FILE, 'verdeling', municipalities, {
      integer: true,
      complete: true,
    });
    const places = [...official.values()].reduce((a, b) => a + b, 0);
    expect(places).toBe(88000);
    const key = distributionKey({ places, municipalities });
    expect(key.rows).toHaveLength(342);
    expect(key.rows.reduce((s, r) => s + r.places, 0)).toBe(88000);
    expect(key.provinces.reduce((s, p) => s + p.places, 0)).toBe(88000);
  });

  it('credits existing places exactly: remaining = places − credit, never below 0, the excess as surplus; large locations count f times', () => {
    const existing = new Map([
      ['GM0001', 12],
      ['GM0002', 1],
      ['GM0003', 4],
    ]);
    const key = distributionKey({
      places: 20,
      municipalities: FOUR,
      scores: HAND_SCORES,
      weight: 0.35,
      clip: 2,
      existing,
      largeLocations: new Map([['GM0003', 4]]),
      largeLocationFactor: 1.5,
    });
    // Places 9, 2, 9; credits 12, 1 and ⌊4 + 0.5 × 4⌋ = 6.
    expect(key.rows.map((r) => [r.places, r.credit, r.remaining, r.surplus])).toEqual([
      [9, 12, 0, 3],
      [2, 1, 1, 0],
      [9, 6, 3, 0],
    ]);
    expect(key.totals).toEqual({ places: 20, existing: 17, credit: 19, remaining: 4, surplus: 3 });
    expect(key.provinces.map((p) => [p.remaining, p.surplus])).toEqual([
      [1, 3],
      [3, 0],
    ]);
    const negative = distributionKey({
      places: 20,
      municipalities: FOUR,
      scores: HAND_SCORES,
      weight: 0.35,
      clip: 2,
      existing,
      allowNegative: true,
    });
    expect(negative.rows.map((r) => r.remaining)).toEqual([-3, 1, 5]);
  });

  it('credits the current capacity of the November 2025 file place for place: remaining − surplus = 88,000 − 74,236 nationally', () => {
    const municipalities = loadMunicipalities();
    const existing = loadMunicipalValues(SPREIDINGSWET_FILE, 'totaal', municipalities, { integer: true, min: 0 });
    const key = distributionKey({ places: 88000, municipalities, existing });
    expect(key.totals.credit).toBe(74236);
    expect(key.totals.remaining - key.totals.surplus).toBe(88000 - 74236);
    for (const r of key.rows) expect(r.remaining).toBe(Math.max(0, r.places - (existing.get(r.code) ?? 0)));
  });

  it('refuses a missing score, unknown codes, large-location places above the existing ones, and places that are not whole', () => {
    expect(() => distributionKey({ places: 20, municipalities: FOUR, scores: new Map([['GM0001', 1]]) })).toThrow(
      /no finite score for GM0002/,
    );
    expect(() => distributionKey({ places: 20, municipalities: FOUR, existing: new Map([['GM0363', 1]]) })).toThrow(
      /GM0363/,
    );
    expect(() =>
      distributionKey({
        places: 20,
        municipalities: FOUR,
        existing: new Map([['GM0001', 1]]),
        largeLocations: new Map([['GM0001', 2]]),
      }),
    ).toThrow(/part of the existing/);
    expect(() => distributionKey({ places: 20.5, municipalities: FOUR })).toThrow(RangeError);
  });

  it('gives each municipality its places (or remaining task) with code, year and names for a map', () => {
    const key = distributionKey({ places: 20, municipalities: FOUR, existing: new Map([['GM0003', 4]]) });
    expect(distributionKeyFigures(key)[2]).toEqual({
      code: 'GM0003',
      year: 2026,
      name: 'Cee',
      provinceCode: 'PV02',
      provinceName: 'Two',
      value: 10,
    });
    expect(distributionKeyFigures(key, 'remaining').map((f) => f.value)).toEqual([6, 4, 6]);
  });
});

describe('the default correction against the indicative distribution of November 2025', () => {
  it('has w within 0.01 of the population-weighted spread of the factors that distribution implies, and clips at most one municipality at c', () => {
    // Implied factor = official places / population-only quota; its population-weighted mean is 1 by construction.
    const municipalities = loadMunicipalities();
    const official = loadMunicipalValues(SPREIDINGSWET_FILE, 'verdeling', municipalities, {
      integer: true,
      complete: true,
    });
    const population = municipalities.municipalities.reduce((s, m) => s + m.population, 0);
    const factors = municipalities.municipalities.map(
      (m) => official.get(m.code)! / ((88000 * m.population) / population),
    );
    const mean = municipalities.municipalities.reduce((s, m, i) => s + m.population * factors[i], 0) / population;
    const sd = Math.sqrt(
      municipalities.municipalities.reduce((s, m, i) => s + m.population * (factors[i] - mean) ** 2, 0) / population,
    );
    expect(mean).toBeCloseTo(1, 9);
    expect(Math.abs(sd - DEFAULT_SCORE_WEIGHT)).toBeLessThan(0.01);
    expect(factors.filter((f) => Math.abs(f - 1) / sd > DEFAULT_SCORE_CLIP).length).toBeLessThanOrEqual(1);
  });
});
