// What a placement comes to: households per type and municipality, the outcome per municipality with its shadow
// price, prices relative to a reference, and the outcome per subgroup of households.
import type { Instance } from './instance.ts';
import type {
  Household,
  HouseholdAssignment,
  Municipality,
  MunicipalityOutcome,
  Placement,
  SubgroupOutcome,
  TypeAssignment,
} from './types.ts';

/** sum / n, NaN for n = 0. */
export function meanOf(sum: number, n: number): number {
  return n > 0 ? sum / n : Number.NaN;
}

/**
 * Households per type and municipality, and the municipality of each household (in input order within a type).
 * Trims `count` in place where a type's pairs hold more households than the type has.
 */
export function assignHouseholds(
  inst: Instance,
  households: readonly Household[],
  count: Float64Array,
): { assignments: TypeAssignment[]; households: HouseholdAssignment[] } {
  const { municipalities, types } = inst;
  const P = inst.pairType.length;
  const assignments: TypeAssignment[] = [];
  const placedOf = new Map<string, { municipality: number; km: number }>();
  let k = 0;
  types.forEach((t, i) => {
    let next = 0;
    for (; k < P && inst.pairType[k] === i; k++) {
      const n = Math.min(count[k], t.householdIds.length - next);
      count[k] = n;
      if (n === 0) continue;
      const m = municipalities[inst.pairMuni[k]];
      assignments.push({
        type: t.key,
        persons: t.persons,
        origin: t.origin,
        profile: t.profile,
        municipality: m.code,
        households: n,
        distanceKm: inst.pairKm[k],
      });
      for (let h = 0; h < n; h++)
        placedOf.set(t.householdIds[next++], { municipality: inst.pairMuni[k], km: inst.pairKm[k] });
    }
  });
  const householdsOut: HouseholdAssignment[] = households.map((h) => {
    const p = placedOf.get(h.id);
    return { id: h.id, municipality: p ? municipalities[p.municipality].code : null, distanceKm: p ? p.km : null };
  });
  return { assignments, households: householdsOut };
}

/**
 * The outcome per municipality (with the shadow prices of the targets, when given), and the totals over all:
 * persons placed, km·persons travelled and match score.
 */
export function municipalityOutcomes(
  inst: Instance,
  count: Float64Array,
  prices: Float64Array | undefined,
): { outcomes: MunicipalityOutcome[]; placedPersons: number; distanceKmPersons: number; matchTotal: number } {
  const { municipalities, types } = inst;
  const P = inst.pairType.length;
  const M = municipalities.length;
  const placedPersons = new Float64Array(M);
  const placedHouseholds = new Float64Array(M);
  const kmPersons = new Float64Array(M);
  const usedBySize = municipalities.map(() => new Map<number, number>());
  let distanceKmPersons = 0;
  let matchTotal = 0;
  for (let q = 0; q < P; q++) {
    if (count[q] === 0) continue;
    const j = inst.pairMuni[q];
    const t = types[inst.pairType[q]];
    placedPersons[j] += t.persons * count[q];
    placedHouseholds[j] += count[q];
    kmPersons[j] += inst.pairKm[q] * t.persons * count[q];
    distanceKmPersons += inst.pairKm[q] * t.persons * count[q];
    matchTotal += inst.pairScore[q] * count[q];
    usedBySize[j].set(t.persons, (usedBySize[j].get(t.persons) ?? 0) + count[q]);
  }
  const outcomes: MunicipalityOutcome[] = municipalities.map((m, j) => ({
    code: m.code,
    name: m.name,
    province: m.province,
    targetPersons: m.targetPersons,
    placedPersons: placedPersons[j],
    placedHouseholds: placedHouseholds[j],
    shortfall: Math.max(0, m.targetPersons - placedPersons[j]),
    excess: Math.max(0, placedPersons[j] - m.targetPersons - inst.allowance),
    meanDistanceKm: meanOf(kmPersons[j], placedPersons[j]),
    shadowPrice: prices ? prices[j] : null,
    relativeShadowPrice: prices ? prices[j] : null,
    housing: m.housingStock
      ? Object.entries(m.housingStock).map(([size, units]) => ({
          size: Number(size),
          units,
          used: usedBySize[j].get(Number(size)) ?? 0,
        }))
      : undefined,
  }));
  return { outcomes, placedPersons: placedPersons.reduce((a, v) => a + v, 0), distanceKmPersons, matchTotal };
}

/**
 * Where the targets add up to at least the persons to place, takes every price relative to the lowest among the
 * municipalities that get someone (sets `relativeShadowPrice`; nobody placed: null) and returns that reference.
 */
export function relativePrices(
  outcomes: MunicipalityOutcome[],
  households: readonly Household[],
): Placement['priceReference'] {
  const supply = households.reduce((a, h) => a + h.persons, 0);
  const targets = outcomes.reduce((a, m) => a + m.targetPersons, 0);
  if (targets < supply || outcomes.some((m) => m.shadowPrice === null)) return null;
  let reference: MunicipalityOutcome | undefined;
  for (const m of outcomes)
    if (m.placedPersons > 0 && (!reference || m.shadowPrice! < reference.shadowPrice!)) reference = m;
  if (!reference) return null;
  for (const m of outcomes)
    m.relativeShadowPrice = m.placedPersons > 0 ? m.shadowPrice! - reference.shadowPrice! : null;
  return { code: reference.code, name: reference.name, shadowPrice: reference.shadowPrice! };
}

/**
 * Distances per subgroup of households — by size, with or without children, origin province and (when asked)
 * fairness group — against the mean over everyone placed.
 */
export function subgroupOutcomes(
  households: readonly Household[],
  placed: readonly HouseholdAssignment[],
  municipalities: readonly Municipality[],
  index: Map<string, number>,
  overallMeanKm: number,
  withinKm: number,
  fairnessGroup: ((h: Household) => string) | undefined,
): SubgroupOutcome[] {
  const dimensions: [string, (h: Household) => string][] = [
    ['size', (h) => String(h.persons)],
    ['children', (h) => (h.children > 0 ? 'with children' : 'without children')],
    ['origin province', (h) => municipalities[index.get(h.origin)!].province],
  ];
  if (fairnessGroup) dimensions.push(['fairness', fairnessGroup]);
  const out: SubgroupOutcome[] = [];
  for (const [dimension, groupOf] of dimensions) {
    const acc = new Map<string, { households: number; persons: number; placed: number; km: number; within: number }>();
    households.forEach((h, i) => {
      const g = groupOf(h);
      let a = acc.get(g);
      if (!a) acc.set(g, (a = { households: 0, persons: 0, placed: 0, km: 0, within: 0 }));
      a.households++;
      a.persons += h.persons;
      const d = placed[i].distanceKm;
      if (d === null) return;
      a.placed += h.persons;
      a.km += d * h.persons;
      if (d <= withinKm) a.within += h.persons;
    });
    const groups = [...acc.keys()].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
    for (const group of groups) {
      const a = acc.get(group)!;
      const mean = meanOf(a.km, a.placed);
      out.push({
        dimension,
        group,
        households: a.households,
        persons: a.persons,
        placedPersons: a.placed,
        meanDistanceKm: mean,
        gapKm: mean - overallMeanKm,
        shareWithinKm: meanOf(a.within, a.placed),
      });
    }
  }
  return out;
}
