// The half-yearly housing target for permit holders (taakstelling; Huisvestingswet 2014 art. 28): the national
// number split over the municipalities pro rata population, in whole persons by largest remainder, so the
// municipal targets add up exactly to the national number; each municipality's arrears (or surplus) are added
// to its own target afterwards, outside the rounding. Pure computation: the caller reads the files.
import {
  type MunicipalFigure,
  type Municipality,
  type MunicipalityData,
  parseHalfYear,
} from '../data/municipalities.ts';
import { largestRemainder } from './largest-remainder.ts';

/** What the housing target is computed from. */
export interface TaakstellingInput {
  /** The half year, `YYYY-H1` or `YYYY-H2`. */
  period: string;
  /** The national number of permit holders to house in the period (whole, ≥ 0). */
  national: number;
  municipalities: MunicipalityData;
  /**
   * Per municipality code: its shortfall of earlier periods (whole persons), negative for a surplus
   * ("voorsprong"); municipalities not in the map have none.
   */
  arrears?: ReadonlyMap<string, number>;
}

/** One municipality's housing target. */
export interface TaakstellingRow {
  code: string;
  name: string;
  provinceCode: string;
  provinceName: string;
  population: number;
  /** population / national population. */
  populationShare: number;
  /** The exact share of the national number: national × populationShare. */
  quota: number;
  /** The quota in whole persons (largest remainder); these add up to the national number. */
  target: number;
  /** Carried over from earlier periods; negative for a surplus. */
  arrears: number;
  /** target + arrears: the persons to house this period; negative when a surplus outlasts the target. */
  total: number;
}

/** The sums of one province. */
export interface ProvinceTaakstelling {
  code: string;
  name: string;
  municipalities: number;
  population: number;
  populationShare: number;
  target: number;
  arrears: number;
  total: number;
}

/** The housing target of one half year for every municipality, with province and national sums. */
export interface Taakstelling {
  period: string;
  /** The CBS division year of the municipality codes. */
  year: number;
  populationDate?: string;
  national: number;
  population: number;
  rows: TaakstellingRow[];
  provinces: ProvinceTaakstelling[];
  totals: { target: number; arrears: number; total: number };
  /** How the figures were made, for the reader of a summary or file. */
  notes: string[];
}

/**
 * The half-yearly housing target: target_m = LR(national × pop_m / Σpop) and total_m = target_m + arrears_m,
 * where LR is the largest-remainder rounding over all municipalities. Only the national part is rounded
 * (arrears are whole persons already), as the published per-municipality tables read: "taakstelling +
 * achterstand". Throws a RangeError for an input the caller should have refused (bad period, a national
 * number that is not a whole number ≥ 0, arrears for a code that is not in the list, or not whole).
 *
 * @example taakstelling({ period: '2023-H1', national: 21200, municipalities: loadMunicipalities() })
 */
export function taakstelling(input: TaakstellingInput): Taakstelling {
  const { period, national, municipalities } = input;
  const half = parseHalfYear(period);
  if (!half) throw new RangeError(`taakstelling: period "${period}" is not YYYY-H1 or YYYY-H2`);
  if (!Number.isInteger(national) || national < 0)
    throw new RangeError(`taakstelling: the national number must be a whole number ≥ 0, got ${national}`);
  const list = municipalities.municipalities;
  const arrears = input.arrears ?? new Map<string, number>();
  const known = new Set(list.map((m) => m.code));
  for (const [code, value] of arrears) {
    if (!known.has(code))
      throw new RangeError(
        `taakstelling: arrears for ${code}, which is not a municipality of division ${municipalities.year}`,
      );
    if (!Number.isInteger(value))
      throw new RangeError(`taakstelling: arrears of ${code} must be whole persons, got ${value}`);
  }

  const population = list.reduce((sum, m) => sum + m.population, 0);
  const targets = largestRemainder(
    national,
    list.map((m) => m.population),
  );
  const rows: TaakstellingRow[] = list.map((m, i) => {
    const carried = arrears.get(m.code) ?? 0;
    return {
      ...m,
      populationShare: m.population / population,
      quota: (national * m.population) / population,
      target: targets[i],
      arrears: carried,
      total: targets[i] + carried,
    };
  });

  const provinces = provinceSums(provinceGroups(list), rows, ['population', 'target', 'arrears', 'total']).map((p) => ({
    ...p,
    populationShare: p.population / population,
  }));
  const arrearsTotal = rows.reduce((s, r) => s + r.arrears, 0);
  const notes = [
    `national ${national} split pro rata population (Huisvestingswet 2014 art. 28) over ${list.length} municipalities of CBS division ${municipalities.year}${municipalities.populationDate ? `, population on ${municipalities.populationDate}` : ''}; whole persons by largest remainder, so the targets add up to exactly ${national}`,
    arrears.size > 0
      ? `arrears of ${arrears.size} municipalities (net ${arrearsTotal}) added to their own targets after the rounding: total = target + arrears${rows.some((r) => r.total < 0) ? '; a negative total is a surplus that outlasts this period' : ''}`
      : 'no arrears given: total = target',
  ];
  const periodStart = `${half.year}-${half.half === 1 ? '01' : '07'}-01`;
  if (municipalities.populationDate !== undefined && periodStart < municipalities.populationDate) {
    notes.push(
      `the population is that of ${municipalities.populationDate}, after ${period} began: the published targets of ${period} used the population (and municipalities) known then`,
    );
  }
  return {
    period,
    year: municipalities.year,
    ...(municipalities.populationDate !== undefined ? { populationDate: municipalities.populationDate } : {}),
    national,
    population,
    rows,
    provinces,
    totals: { target: national, arrears: arrearsTotal, total: national + arrearsTotal },
    notes,
  };
}

/** The figures of a housing target to colour on a map: by default each municipality's total for the period. */
export function taakstellingFigures(
  result: Taakstelling,
  measure: 'total' | 'target' | 'arrears' | 'totalPer1000' = 'total',
): MunicipalFigure[] {
  return municipalFigures(result.year, result.rows, (r) =>
    measure === 'totalPer1000' ? (1000 * r.total) / r.population : r[measure],
  );
}

/** One figure per row of a municipal result, keyed by code and division year, for maps and tables. */
export function municipalFigures<R extends Municipality>(
  year: number,
  rows: readonly R[],
  value: (row: R) => number,
): MunicipalFigure[] {
  return rows.map((r) => ({
    code: r.code,
    year,
    name: r.name,
    provinceCode: r.provinceCode,
    provinceName: r.provinceName,
    value: value(r),
  }));
}

/** Municipalities grouped by province: provinces in order of their code, and the province of each municipality. */
export interface ProvinceGroups {
  codes: string[];
  names: string[];
  /** Municipalities per province. */
  sizes: number[];
  /** Per municipality (in list order): the index of its province in `codes`. */
  of: Int32Array;
}

/** Groups a municipality list by province code (sorted), for nested rounding and province sums. */
export function provinceGroups(municipalities: readonly Municipality[]): ProvinceGroups {
  const names = new Map<string, string>();
  for (const m of municipalities) if (!names.has(m.provinceCode)) names.set(m.provinceCode, m.provinceName);
  const codes = [...names.keys()].sort();
  const index = new Map(codes.map((c, g) => [c, g]));
  const of = Int32Array.from(municipalities, (m) => index.get(m.provinceCode)!);
  const sizes = codes.map(() => 0);
  for (const g of of) sizes[g] += 1;
  return { codes, names: codes.map((c) => names.get(c)!), sizes, of };
}

/**
 * Per province (in the order of `groups`): its code, name and number of municipalities, and the sums of the
 * numeric `fields` over its rows; `rows` are in the order of the list the groups were made from.
 */
export function provinceSums<R, K extends keyof R & string>(
  groups: ProvinceGroups,
  rows: readonly R[],
  fields: readonly K[],
): ({ code: string; name: string; municipalities: number } & Record<K, number>)[] {
  return groups.codes.map((code, g) => {
    const sums = Object.fromEntries(fields.map((f) => [f, 0])) as Record<K, number>;
    groups.of.forEach((member, i) => {
      if (member === g) for (const f of fields) sums[f] += rows[i][f] as number;
    });
    return { code, name: groups.names[g], municipalities: groups.sizes[g], ...sums };
  });
}
