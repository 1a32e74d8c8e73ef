// The half-yearly housing target: a hand-computed case with arrears and a surplus, then the real 342
// municipalities with the shipped national target of 2023-H1, which must add up to it exactly.
import { describe, expect, it } from 'vitest';
import {
  loadHousingTargets,
  loadMunicipalities,
  type MunicipalityData,
  parseHalfYear,
} from '../../src/data/municipalities.ts';
import { taakstelling, taakstellingFigures } from '../../src/plan/taakstelling.ts';

/** Three municipalities in two provinces: populations 50, 30, 20 (shares 0.5, 0.3, 0.2). */
const THREE: MunicipalityData = {
  year: 2026,
  file: 'three.csv',
  municipalities: [
    { code: 'GM0001', name: 'Aa', provinceCode: 'PV01', provinceName: 'One', population: 50 },
    { code: 'GM0002', name: 'Bee', provinceCode: 'PV02', provinceName: 'Two', population: 30 },
    { code: 'GM0003', name: 'Cee', provinceCode: 'PV01', provinceName: 'One', population: 20 },
  ],
};

describe('taakstelling', () => {
  it('splits 7 over populations 50, 30, 20 as 4, 2, 1 and adds arrears (−1 surplus, +2 shortfall) after the rounding', () => {
    // Quotas 7 × 0.5 = 3.5, 7 × 0.3 = 2.1, 7 × 0.2 = 1.4; floors 3 + 2 + 1 = 6; the 7th person goes to the
    // largest remainder (0.5, Aa). Totals: 4 − 1 = 3, 2 + 2 = 4, 1 + 0 = 1.
    const result = taakstelling({
      period: '2023-H1',
      national: 7,
      municipalities: THREE,
      arrears: new Map([
        ['GM0001', -1],
        ['GM0002', 2],
      ]),
    });
    expect(result.rows.map((r) => r.quota)).toEqual([3.5, 2.1, 1.4].map((q) => expect.closeTo(q, 12)));
    expect(result.rows.map((r) => [r.code, r.target, r.arrears, r.total])).toEqual([
      ['GM0001', 4, -1, 3],
      ['GM0002', 2, 2, 4],
      ['GM0003', 1, 0, 1],
    ]);
    expect(result.totals).toEqual({ target: 7, arrears: 1, total: 8 });
    expect(result.provinces.map((p) => [p.code, p.municipalities, p.population, p.target, p.arrears, p.total])).toEqual(
      [
        ['PV01', 2, 70, 5, -1, 4],
        ['PV02', 1, 30, 2, 2, 4],
      ],
    );
    expect(result.year).toBe(2026);
  });

  it('lets a surplus larger than the target show as a negative total (carried to the next period)', () => {
    const result = taakstelling({
      period: '2023-H2',
      national: 7,
      municipalities: THREE,
      arrears: new Map([['GM0003', -5]]),
    });
    expect(result.rows[2]).toMatchObject({ target: 1, arrears: -5, total: -4 });
    expect(result.notes.join(' ')).toMatch(/negative total is a surplus/);
  });

  it('gives the 342 municipalities exactly the 21,200 of 2023-H1 from the shipped targets, Amsterdam within 1 of its population share', () => {
    const municipalities = loadMunicipalities();
    const national = loadHousingTargets().find((t) => t.period === '2023-H1')!.national;
    expect(national).toBe(21200);
    const result = taakstelling({ period: '2023-H1', national, municipalities });
    expect(result.rows).toHaveLength(342);
    expect(result.rows.reduce((s, r) => s + r.target, 0)).toBe(21200);
    expect(result.provinces.reduce((s, p) => s + p.target, 0)).toBe(21200);
    const amsterdam = result.rows.find((r) => r.code === 'GM0363')!;
    expect(amsterdam.name).toBe('Amsterdam');
    expect(Math.abs(amsterdam.target - (amsterdam.population / 17_942_942) * 21200)).toBeLessThan(1);
    for (const r of result.rows) expect(r.target === Math.floor(r.quota) || r.target === Math.ceil(r.quota)).toBe(true);
    expect(result.notes.join(' ')).toMatch(/the population is that of 2024-01-01, after 2023-H1 began/);
    expect(taakstelling({ period: '2024-H1', national, municipalities }).notes.join(' ')).not.toMatch(
      /after 2024-H1 began/,
    );
  });

  it('refuses a period that is not a half year, a national number that is negative or not whole, and arrears for unknown codes or in fractions', () => {
    expect(() => taakstelling({ period: '2023-1', national: 7, municipalities: THREE })).toThrow(/YYYY-H1/);
    expect(() => taakstelling({ period: '2023-H1', national: -7, municipalities: THREE })).toThrow(RangeError);
    expect(() => taakstelling({ period: '2023-H1', national: 7.5, municipalities: THREE })).toThrow(RangeError);
    expect(() =>
      taakstelling({ period: '2023-H1', national: 7, municipalities: THREE, arrears: new Map([['GM0363', 1]]) }),
    ).toThrow(/GM0363/);
    expect(() =>
      taakstelling({ period: '2023-H1', national: 7, municipalities: THREE, arrears: new Map([['GM0001', 0.5]]) }),
    ).toThrow(/whole persons/);
  });

  it('gives each municipality its total (or per 1,000 inhabitants) with code, year and names for a map', () => {
    const result = taakstelling({ period: '2023-H1', national: 7, municipalities: THREE });
    expect(taakstellingFigures(result)[0]).toEqual({
      code: 'GM0001',
      year: 2026,
      name: 'Aa',
      provinceCode: 'PV01',
      provinceName: 'One',
      value: 4,
    });
    expect(taakstellingFigures(result, 'totalPer1000').map((f) => f.value)).toEqual([
      80,
      expect.closeTo(66.667, 3),
      50,
    ]);
  });
});

describe('parseHalfYear', () => {
  it('reads YYYY-H1 and YYYY-H2 and nothing else', () => {
    expect(parseHalfYear('2023-H1')).toEqual({ year: 2023, half: 1 });
    expect(parseHalfYear('2016-H2')).toEqual({ year: 2016, half: 2 });
    for (const bad of ['2023-H3', '2023-1', '2023-I', '23-H1', ' 2023-H1']) expect(parseHalfYear(bad)).toBeUndefined();
  });
});
