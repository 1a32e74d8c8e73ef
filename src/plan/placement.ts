// Placement of permit holders' households over municipalities as a mixed-integer program solved by HiGHS:
// interchangeable households are aggregated into types, every household is placed whole, every housing target is
// met or its shortfall named, and the LP relaxation prices each target. Invariant: the model is always feasible —
// shortfalls, overshoots, unplaced households and fairness gaps are penalised slacks, never a failed solve.
import type { Highs } from 'highs';
import {
  type ColumnSpec,
  loadHighs,
  LpModel,
  lpName,
  type LpSession,
  type LpSolution,
  openLp,
  type SolveStatus,
  solveLp,
} from './lp.ts';

/** Mean radius of the earth (km), the IUGG value. */
const EARTH_RADIUS_KM = 6371.0088;

/** A point given either as latitude/longitude (degrees, WGS84) or as planar coordinates in kilometres. */
export interface Coordinates {
  lat?: number;
  lon?: number;
  /** Planar easting in km (e.g. RD New metres / 1000); used when lat/lon are absent. */
  x?: number;
  /** Planar northing in km. */
  y?: number;
}

/** A municipality that receives permit holders. */
export interface Municipality extends Coordinates {
  /** CBS code, e.g. `GM0363`; unique. */
  code: string;
  name: string;
  province: string;
  /** The housing target (taakstelling) for the period, in persons. */
  targetPersons: number;
  /** Dwellings available for the period by household size (persons → units); absent sizes are not limited. */
  housingStock?: Record<number, number>;
  /** Labour demand per profile (e.g. vacancies per 1,000 of the labour force); the default match score. */
  labourDemand?: Record<string, number>;
}

/** A household of permit holders to be housed together. */
export interface Household {
  id: string;
  persons: number;
  /** Number of children (under 18) among the persons. */
  children: number;
  /** Code of the municipality of the household's reception location (or its planned municipality). */
  origin: string;
  /** Labour-market profile, e.g. `technical`, `care`; households without one match nowhere in particular. */
  profile?: string;
}

/** A fairness requirement: every subgroup's mean distance per person stays near the overall mean. */
export interface FairnessOptions {
  /** The subgroup of a household, e.g. `(h) => (h.children > 0 ? 'children' : 'none')`. */
  group: (household: Household) => string;
  /** Largest allowed |group mean − overall mean| of the distance per person, km (default 10). */
  maxGapKm?: number;
}

/** Options of {@link placeHouseholds}. */
export interface PlacementOptions {
  /** Objective weight of one km travelled by one person (default 1). */
  distanceWeight?: number;
  /** Objective weight of one unit of match score per household (default 0: distance only). */
  matchWeight?: number;
  /** Match score of a household profile in a municipality (default: `municipality.labourDemand[profile]`, else 0). */
  matchScore?: (profile: string | undefined, municipality: Municipality) => number;
  /** Only municipalities within this distance (km) of a household's origin are considered. */
  keepNear?: number;
  fairness?: FairnessOptions;
  /** Persons a municipality may receive above its target (default: largest household size − 1). */
  overshootAllowance?: number;
  /** Objective cost of one person of shortfall or of overshoot beyond the allowance (default: automatic, see docs). */
  shortfallPenalty?: number;
  /** Relative MIP gap at which the solve stops (default 0.001 = 0.1%). */
  mipGap?: number;
  /** Wall-clock limit of each MIP solve, seconds (default 60). */
  timeLimitSeconds?: number;
  /** Called as each step of the solve starts (step 1 to PLACEMENT_STEPS, and what it does): for a progress bar. */
  onStep?: (step: number, label: string) => void;
  /** Distance (km) for the share of persons placed within it in the subgroup report (default 50). */
  withinKm?: number;
  /** Aggregate interchangeable households into types (default true); false gives one type per household. */
  aggregate?: boolean;
  /** Also report the LP relaxation's shadow prices (default true). */
  shadowPrices?: boolean;
  /**
   * Column generation and reduced-cost pruning (default true); false solves the MIP over every allowed pair
   * directly, then its LP relaxation — the same optimum, slower beyond a few thousand pairs.
   */
  pricing?: boolean;
  /** A HiGHS runtime to use (default: loaded once and shared). */
  highs?: Highs;
}

/** Households that are interchangeable for the model: same size, origin, profile (and fairness group). */
export interface HouseholdType {
  key: string;
  persons: number;
  origin: string;
  profile?: string;
  /** Fairness group, when fairness is asked for. */
  group?: string;
  /** Ids of its households, in input order. */
  householdIds: string[];
}

/**
 * How a solve ended: `optimal` — within `mipGap` of the proven bound; `time-limit` — stopped by the time limit
 * with the best placement so far; `feasible` — a placement, but the gap not proven (the MIP's pair cap bound it).
 */
export type PlacementStatus = 'optimal' | 'time-limit' | 'feasible' | 'infeasible' | 'unbounded' | 'error';

/** How the MIP solve went. */
export interface SolveReport {
  status: PlacementStatus;
  /** HiGHS's status of its last MIP run (`optimal` also when the rounded LP needed no MIP run). */
  highsStatus: string;
  /** Objective of the placement found (penalties included). */
  objective: number;
  /** Best proven lower bound on the objective of any placement. */
  bound: number;
  /**
   * (objective − bound) / the placement's own cost (Σ |cost| of the households placed, at least 1): measured
   * without the penalties, which would otherwise make a placement with unavoidable shortfalls look closer to
   * optimal than it is.
   */
  gap: number;
  /** HiGHS MIP runs made: 0 when the placement rounded from the LP was already within the gap. */
  mipRuns: number;
  /** Seconds in HiGHS's MIP runs. */
  seconds: number;
  /** Seconds from the call to the result, everything included. */
  totalSeconds: number;
  types: number;
  variables: number;
  constraints: number;
}

/** Households of one type placed in one municipality. */
export interface TypeAssignment {
  type: string;
  persons: number;
  origin: string;
  profile?: string;
  municipality: string;
  households: number;
  distanceKm: number;
}

/** Where one household goes (`null`: not placed — only when no municipality could take it). */
export interface HouseholdAssignment {
  id: string;
  municipality: string | null;
  distanceKm: number | null;
}

/** The outcome in one municipality. */
export interface MunicipalityOutcome {
  code: string;
  name: string;
  province: string;
  targetPersons: number;
  placedPersons: number;
  placedHouseholds: number;
  /** Persons below the target. */
  shortfall: number;
  /** Persons above target + overshoot allowance. */
  excess: number;
  /** Mean distance from origin per person placed here, km (NaN when nobody is). */
  meanDistanceKm: number;
  /**
   * Change of the LP-relaxation objective when the target is raised by one person (objective units: km·persons
   * with the default weights): what one more person placed here would cost. `null` without shadow prices.
   */
  shadowPrice: number | null;
  /**
   * `shadowPrice` less that of {@link Placement.priceReference} when every person is needed for the targets
   * (their prices then share an arbitrary common level); the shadow price itself otherwise. `null` without
   * shadow prices, and for a municipality that gets nobody while every person is needed (its price is not
   * determined).
   */
  relativeShadowPrice: number | null;
  /** Housing stock per size given for this municipality, with the units used. */
  housing?: { size: number; units: number; used: number }[];
}

/** Outcome of one subgroup of households. */
export interface SubgroupOutcome {
  /** What the subgroups split by: `size`, `children`, `origin province` or `fairness`. */
  dimension: string;
  group: string;
  households: number;
  persons: number;
  placedPersons: number;
  /** Mean distance per placed person, km. */
  meanDistanceKm: number;
  /** Mean distance minus the mean over all placed persons, km. */
  gapKm: number;
  /** Share of placed persons within `withinKm` of their origin. */
  shareWithinKm: number;
}

/** Why a municipality falls short of its target or a household type is not placed. */
export type ShortfallReason =
  /** Fewer persons to place than the targets add up to. */
  | 'supply'
  /** The municipality's housing stock of every size that could come is used up (its `stock.*` rows bind). */
  | 'housing-stock'
  /** No household has its origin within `keepNear` of the municipality. */
  | 'distance-cap'
  /** Every household that could still come is larger than the shortfall plus the overshoot allowance. */
  | 'household-size'
  /** The households that could come are placed where they fill other targets. */
  | 'other-targets';

/** Why the placement cannot meet everything asked, in numbers and words. */
export interface Explanation {
  /** True when every target is met, every household placed and no cap or fairness bound exceeded. */
  feasible: boolean;
  supplyPersons: number;
  targetPersons: number;
  messages: string[];
  short: { code: string; name: string; shortfall: number; reasons: ShortfallReason[]; binding: string[] }[];
  unplaced: { type: string; households: number; persons: number; reasons: ShortfallReason[] }[];
  excess: { code: string; name: string; excess: number }[];
}

/** The fairness requirement's outcome and price. */
export interface FairnessReport {
  maxGapKm: number;
  /** Objective with the fairness rows (the placement reported). */
  objective: number;
  /** Objective of the same instance without them. */
  objectiveWithout: number;
  /** objective − objectiveWithout: what fairness costs (≥ 0 up to the MIP gap). */
  cost: number;
  /** Largest |group mean − overall mean| reached, km. */
  largestGapKm: number;
}

/** The placement and everything needed to read it. */
export interface Placement {
  solve: SolveReport;
  /** The LP relaxation the shadow prices come from. */
  relaxation?: { status: SolveStatus; objective: number; seconds: number };
  /** The objective split: distance (km·persons), match score (sum over households), penalties. */
  objective: { total: number; distanceKmPersons: number; matchScore: number; penalty: number };
  shortfallPenalty: number;
  overshootAllowance: number;
  withinKm: number;
  types: HouseholdType[];
  assignments: TypeAssignment[];
  households: HouseholdAssignment[];
  municipalities: MunicipalityOutcome[];
  /** Mean distance per placed person over everyone, km. */
  meanDistanceKm: number;
  subgroups: SubgroupOutcome[];
  /**
   * When the targets add up to at least the persons to place, every target binds and the shadow prices are only
   * determined up to a common shift: the municipality (that gets someone) with the lowest price, to which the
   * relative prices are taken. `null` when there are persons to spare (prices are absolute) or no prices.
   */
  priceReference: { code: string; name: string; shadowPrice: number } | null;
  fairness?: FairnessReport;
  explanation: Explanation;
}

/** Great-circle distance in km between two points given in degrees (haversine, mean earth radius). */
export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Distance in km between two municipalities: haversine on lat/lon when both have them, else planar x/y. */
export function distanceKm(a: Coordinates, b: Coordinates): number {
  if (a.lat !== undefined && a.lon !== undefined && b.lat !== undefined && b.lon !== undefined) {
    return haversineKm({ lat: a.lat, lon: a.lon }, { lat: b.lat, lon: b.lon });
  }
  if (a.x !== undefined && a.y !== undefined && b.x !== undefined && b.y !== undefined)
    return Math.hypot(a.x - b.x, a.y - b.y);
  throw new RangeError('municipalities need lat/lon (or x/y in km) on both sides of a distance');
}

/**
 * Groups interchangeable households into types: same persons, origin, profile and (when given) group.
 * Types come in order of their first household; with `aggregate: false` every household is its own type.
 */
export function aggregateHouseholds(
  households: readonly Household[],
  options: { group?: (h: Household) => string; aggregate?: boolean } = {},
): HouseholdType[] {
  const byKey = new Map<string, HouseholdType>();
  for (const h of households) {
    const group = options.group?.(h);
    const parts = [h.persons, h.origin, h.profile ?? null, group ?? null];
    if (options.aggregate === false) parts.push(h.id);
    const id = JSON.stringify(parts);
    let type = byKey.get(id);
    if (!type) {
      const key = [
        `${h.persons}p`,
        h.origin,
        h.profile ?? '-',
        ...(group === undefined ? [] : [group]),
        ...(options.aggregate === false ? [h.id] : []),
      ].join('/');
      type = { key, persons: h.persons, origin: h.origin, profile: h.profile, group, householdIds: [] };
      byKey.set(id, type);
    }
    type.householdIds.push(h.id);
  }
  return [...byKey.values()];
}

function validate(municipalities: readonly Municipality[], households: readonly Household[]): Map<string, number> {
  const index = new Map<string, number>();
  municipalities.forEach((m, i) => {
    if (index.has(m.code)) throw new RangeError(`municipality ${m.code} appears twice`);
    index.set(m.code, i);
    if (!(Number.isInteger(m.targetPersons) && m.targetPersons >= 0))
      throw new RangeError(`municipality ${m.code}: target ${m.targetPersons} is not a whole number of persons`);
    for (const [size, units] of Object.entries(m.housingStock ?? {})) {
      if (!(Number.isInteger(Number(size)) && Number(size) >= 1))
        throw new RangeError(`municipality ${m.code}: housing stock size ${size}`);
      if (!(Number.isInteger(units) && units >= 0))
        throw new RangeError(`municipality ${m.code}: housing stock ${units} for size ${size}`);
    }
  });
  const ids = new Set<string>();
  for (const h of households) {
    if (ids.has(h.id)) throw new RangeError(`household ${h.id} appears twice`);
    ids.add(h.id);
    if (!(Number.isInteger(h.persons) && h.persons >= 1))
      throw new RangeError(`household ${h.id}: persons ${h.persons}`);
    if (!(Number.isInteger(h.children) && h.children >= 0 && h.children <= h.persons))
      throw new RangeError(`household ${h.id}: children ${h.children}`);
    if (!index.has(h.origin))
      throw new RangeError(`household ${h.id}: origin ${h.origin} is not among the municipalities`);
  }
  return index;
}

/** Everything the model is built from, computed once and shared by the solves with and without fairness. */
interface Instance {
  municipalities: readonly Municipality[];
  types: HouseholdType[];
  /** Allowed (type, municipality) pairs, ordered by type then municipality. */
  pairType: Int32Array;
  pairMuni: Int32Array;
  pairKm: Float64Array;
  pairCost: Float64Array;
  pairScore: Float64Array;
  allowance: number;
  penalty: number;
  fairness?: { groups: string[]; groupOf: Int32Array; share: Float64Array; weight: Float64Array; maxGapKm: number };
}

/** The columns of an open LP: the pair of each column (−1 for slacks), the column of each pair, membership. */
interface ColumnIndex {
  colPair: number[];
  colOf: Map<number, number>;
  inModel: Uint8Array;
}

/** A model over a subset of the pairs, with the rows the results and the prices are read from. */
interface Built {
  model: LpModel;
  /** Pair index of each x column (x columns come first). */
  pairs: Int32Array;
  assignRow: number[];
  targetRow: number[];
  capRow: number[];
  /** Row of the housing stock of (municipality index, size), keyed `${j}:${size}`. */
  stockRow: Map<string, number>;
  fairRows: { hi: number; lo: number }[];
}

/** Fairness-row coefficient of pair k for group gi: W_g·(mean_g − mean) in km·persons per household placed. */
function fairCoef(inst: Instance, k: number, gi: number): number {
  const f = inst.fairness!;
  const t = inst.pairType[k];
  return inst.pairKm[k] * inst.types[t].persons * ((f.groupOf[t] === gi ? 1 : 0) - f.share[gi]);
}

/** What a placement (households per pair) leaves in the slacks, and its objective with their penalties. */
interface Evaluation {
  objective: number;
  /**
   * What the gap is measured against: Σ |cost| over the households placed (at least 1) — the placement's own
   * cost, without the penalties, which are the same for every placement when a shortfall cannot be avoided.
   */
  scale: number;
  short: Float64Array;
  excess: Float64Array;
  unplaced: Float64Array;
  fairSlack: Float64Array;
}

function evaluate(inst: Instance, count: Float64Array, withFairness: boolean): Evaluation {
  const { municipalities: munis, types, penalty } = inst;
  const placed = new Float64Array(munis.length);
  const unplaced = Float64Array.from(types, (t) => t.householdIds.length);
  const fair = withFairness ? inst.fairness : undefined;
  const gapSum = new Float64Array(fair?.groups.length ?? 0);
  let objective = 0;
  let scale = 0;
  for (let k = 0; k < count.length; k++) {
    if (count[k] === 0) continue;
    objective += inst.pairCost[k] * count[k];
    scale += Math.abs(inst.pairCost[k]) * count[k];
    placed[inst.pairMuni[k]] += count[k] * types[inst.pairType[k]].persons;
    unplaced[inst.pairType[k]] -= count[k];
    for (let gi = 0; gi < gapSum.length; gi++) gapSum[gi] += fairCoef(inst, k, gi) * count[k];
  }
  const short = Float64Array.from(munis, (m, j) => Math.max(0, m.targetPersons - placed[j]));
  const excess = Float64Array.from(munis, (m, j) => Math.max(0, placed[j] - m.targetPersons - inst.allowance));
  const fairSlack = gapSum.map((v, gi) => Math.max(0, Math.abs(v) - fair!.maxGapKm * fair!.weight[gi]));
  objective +=
    penalty *
    (short.reduce((a, v) => a + v, 0) + excess.reduce((a, v) => a + v, 0) + fairSlack.reduce((a, v) => a + v, 0));
  unplaced.forEach((n, t) => (objective += 2 * penalty * types[t].persons * n));
  return { objective, scale: Math.max(1, scale), short, excess, unplaced, fairSlack };
}

/**
 * The model over `pairs`. With `fixed` (households per pair already decided), the rows keep only what is left
 * to decide: right-hand sides less what the fixed households take, so the slacks mean what they mean in full.
 */
function buildModel(
  inst: Instance,
  pairs: Int32Array,
  withFairness: boolean,
  fixed?: Float64Array,
  continuousSize?: number,
): Built {
  const { municipalities: munis, types, pairType, pairMuni, pairCost, allowance, penalty } = inst;
  const left = Float64Array.from(types, (t) => t.householdIds.length);
  const taken = new Float64Array(munis.length);
  const takenBySize = new Map<string, number>();
  const fair = withFairness ? inst.fairness : undefined;
  const fairTaken = new Float64Array(fair?.groups.length ?? 0);
  if (fixed) {
    fixed.forEach((n, k) => {
      if (n === 0) return;
      const p = types[pairType[k]].persons;
      left[pairType[k]] -= n;
      taken[pairMuni[k]] += n * p;
      const key = `${pairMuni[k]}:${p}`;
      takenBySize.set(key, (takenBySize.get(key) ?? 0) + n);
      for (let gi = 0; gi < fairTaken.length; gi++) fairTaken[gi] += fairCoef(inst, k, gi) * n;
    });
  }
  const model = new LpModel('minimize');
  for (const k of pairs) {
    model.addVariable(lpName('x', pairType[k], munis[pairMuni[k]].code), {
      integer: types[pairType[k]].persons !== continuousSize,
      cost: pairCost[k],
    });
  }
  const short = munis.map((m) => model.addVariable(lpName('short', m.code), { cost: penalty }));
  const excess = munis.map((m) => model.addVariable(lpName('excess', m.code), { cost: penalty }));
  const unplaced = types.map((t, i) => model.addVariable(lpName('unplaced', i), { cost: 2 * penalty * t.persons }));
  const fairSlack = fair ? fair.groups.map((g) => model.addVariable(lpName('fairslack', g), { cost: penalty })) : [];

  const byType: number[][] = types.map(() => []);
  const byMuni: number[][] = munis.map(() => []);
  pairs.forEach((k, col) => {
    byType[pairType[k]].push(col);
    byMuni[pairMuni[k]].push(col);
  });
  const assignRow = types.map((_, i) => {
    const cols = [...byType[i], unplaced[i]];
    return model.addConstraint(
      lpName('assign', i),
      cols,
      cols.map(() => 1),
      '=',
      left[i],
    );
  });
  const targetRow: number[] = [];
  const capRow: number[] = [];
  const stockRow = new Map<string, number>();
  munis.forEach((m, j) => {
    const cols = byMuni[j];
    const persons = cols.map((c) => types[pairType[pairs[c]]].persons);
    targetRow.push(
      model.addConstraint(
        lpName('target', m.code),
        [...cols, short[j]],
        [...persons, 1],
        '>=',
        m.targetPersons - taken[j],
      ),
    );
    capRow.push(
      model.addConstraint(
        lpName('cap', m.code),
        [...cols, excess[j]],
        [...persons, -1],
        '<=',
        m.targetPersons + allowance - taken[j],
      ),
    );
    for (const [size, units] of Object.entries(m.housingStock ?? {})) {
      const sized = cols.filter((_, i) => persons[i] === Number(size));
      if (sized.length === 0) continue; // no column of this size here: the row would be empty, its price 0
      const rhs = units - (takenBySize.get(`${j}:${size}`) ?? 0);
      stockRow.set(
        `${j}:${size}`,
        model.addConstraint(
          lpName('stock', m.code, size),
          sized,
          sized.map(() => 1),
          '<=',
          rhs,
        ),
      );
    }
  });
  const fairRows: Built['fairRows'] = [];
  if (fair) {
    // W_g (mean_g − mean) = Σ_{t∈g} d·p·x − (W_g / W) Σ_all d·p·x, kept within ±maxGap·W_g (W: persons).
    const cols = Array.from(pairs, (_, c) => c);
    fair.groups.forEach((g, gi) => {
      const coef = Array.from(pairs, (k) => fairCoef(inst, k, gi));
      const bound = fair.maxGapKm * fair.weight[gi];
      const hi = model.addConstraint(
        lpName('fairhi', g),
        [...cols, fairSlack[gi]],
        [...coef, -1],
        '<=',
        bound - fairTaken[gi],
      );
      const lo = model.addConstraint(
        lpName('fairlo', g),
        [...cols, fairSlack[gi]],
        [...coef, 1],
        '>=',
        -bound - fairTaken[gi],
      );
      fairRows.push({ hi, lo });
    });
  }
  return { model, pairs, assignRow, targetRow, capRow, stockRow, fairRows };
}

/**
 * Reduced cost of every allowed pair under the row duals of an LP over some of them: c − Σ_rows a·y. A pair
 * whose stock row is absent from that model (no column of its size there yet) meets a row with price 0.
 */
function reducedCosts(inst: Instance, built: Built, y: Float64Array): Float64Array {
  const d = new Float64Array(inst.pairType.length);
  for (let k = 0; k < d.length; k++) {
    const t = inst.pairType[k];
    const j = inst.pairMuni[k];
    const p = inst.types[t].persons;
    let v = inst.pairCost[k] - y[built.assignRow[t]] - p * (y[built.targetRow[j]] + y[built.capRow[j]]);
    const stock = built.stockRow.get(`${j}:${p}`);
    if (stock !== undefined) v -= y[stock];
    built.fairRows.forEach((r, gi) => (v -= fairCoef(inst, k, gi) * (y[r.hi] + y[r.lo])));
    d[k] = v;
  }
  return d;
}

/**
 * The first columns of the restricted LP: each type's cheapest municipalities, each municipality's cheapest
 * types per person, and its cheapest type of every household size (so that every housing-stock row that any
 * pair could enter exists from the start).
 */
function initialPairs(inst: Instance, perType: number, perMunicipality: number): Uint8Array {
  const P = inst.pairType.length;
  const inModel = new Uint8Array(P);
  const byType: number[][] = inst.types.map(() => []);
  const byMuni: number[][] = inst.municipalities.map(() => []);
  for (let k = 0; k < P; k++) {
    byType[inst.pairType[k]].push(k);
    byMuni[inst.pairMuni[k]].push(k);
  }
  for (const ks of byType)
    for (const k of ks.sort((a, b) => inst.pairCost[a] - inst.pairCost[b]).slice(0, perType)) inModel[k] = 1;
  const perPerson = (k: number) => inst.pairCost[k] / inst.types[inst.pairType[k]].persons;
  for (const ks of byMuni) {
    ks.sort((a, b) => perPerson(a) - perPerson(b));
    for (const k of ks.slice(0, perMunicipality)) inModel[k] = 1;
    const sizes = new Set<number>();
    for (const k of ks) {
      const p = inst.types[inst.pairType[k]].persons;
      if (!sizes.has(p)) {
        sizes.add(p);
        inModel[k] = 1;
      }
    }
  }
  return inModel;
}

/** A solved instance: households per pair, how the MIP ended, and the LP relaxation's prices. */
interface Solved {
  count: Float64Array;
  status: PlacementStatus;
  highsStatus: string;
  hasSolution: boolean;
  objective: number;
  bound: number;
  gap: number;
  mipSeconds: number;
  mipRuns: number;
  variables: number;
  constraints: number;
  lp?: { status: SolveStatus; objective: number; seconds: number; targetDual: Float64Array };
}

interface SolveSettings {
  mipGap: number;
  timeLimitSeconds: number;
  prices: boolean;
  pricing: boolean;
  onStep?: (step: number, label: string) => void;
}

/** Steps of a solve, as onStep counts them: the LP, the rounding, the neighbourhood MIP, the full MIP. */
export const PLACEMENT_STEPS = 4;

/** Columns added per type and round of pricing (the most negative reduced costs first). */
const ADD_PER_TYPE = 25;
/** Reduced costs above −PRICE_TOLERANCE·(1 + |cost|) count as priced out. */
const PRICE_TOLERANCE = 1e-7;
/** The first MIP takes the pairs priced up to this (objective units per household) above the LP. */
const FIRST_MIP_PRICE = 2;
/** At most this many pairs in a MIP (the cheapest by price); more would exhaust the WebAssembly memory. */
const MAX_MIP_PAIRS = 80_000;
/** Seconds at most for the neighbourhood MIP that improves the rounded placement. */
const RINS_SECONDS = 10;
/** Neighbourhood MIPs at most, each from the placement the one before found. */
const RINS_ROUNDS = 2;

/**
 * Solves an instance. With `pricing` (the default):
 * 1. the LP relaxation over all allowed pairs by column generation — its objective bounds every placement from
 *    below and its duals are the shadow prices;
 * 2. a placement rounded from it ({@link roundLp}); if that is within the gap of the LP bound, it is the answer;
 * 3. otherwise HiGHS's MIP over the pairs priced (reduced cost) below a threshold, started from the best placement
 *    so far. A placement that uses a pair left out costs at least LP + that pair's price, so min(MIP bound,
 *    LP + cheapest price left out) bounds the whole instance; a second MIP over every pair priced below
 *    incumbent·(1 − gap) − LP settles the gap.
 * Without pricing: the MIP over every pair, then its LP relaxation.
 */
function solveInstance(highs: Highs, inst: Instance, withFairness: boolean, settings: SolveSettings): Solved {
  const P = inst.pairType.length;
  const deadline = performance.now() + settings.timeLimitSeconds * 1000;
  const remaining = () => Math.max(0, (deadline - performance.now()) / 1000);
  const targetDualOf = (built: Built, y: Float64Array) =>
    Float64Array.from(built.targetRow, (r, j) => y[r] + y[built.capRow[j]] + 0);
  const countOf = (built: Built, values: Float64Array) => {
    const count = new Float64Array(P);
    built.pairs.forEach((k, c) => (count[k] = Math.max(0, Math.round(values[c]))));
    return count;
  };

  settings.onStep?.(1, 'LP relaxation');
  if (!settings.pricing) {
    const built = buildModel(
      inst,
      pairsWhere(P, () => true),
      withFairness,
    );
    const first = solveLp(highs, built.model, {
      mipRelGap: settings.mipGap,
      timeLimitSeconds: settings.timeLimitSeconds,
      relaxation: settings.prices,
    });
    const relaxation = first.relaxation;
    let solution = first.solution;
    let count = solution.hasSolution ? countOf(built, solution.values) : new Float64Array(P);
    let S = evaluate(inst, count, withFairness).scale;
    let runs = 1;
    // HiGHS measures its gap against the whole objective; where penalties inflate it, go on to the gap on S.
    if (
      solution.status === 'optimal' &&
      (solution.objective - solution.bound) / S > settings.mipGap + 1e-9 &&
      remaining() > 0
    ) {
      const again = solveLp(highs, built.model, {
        mipRelGap: 0,
        mipAbsGap: settings.mipGap * S,
        timeLimitSeconds: remaining(),
        start: solution.values,
      }).solution;
      runs++;
      if (again.hasSolution) {
        solution = { ...again, seconds: again.seconds + solution.seconds };
        count = countOf(built, solution.values);
        S = evaluate(inst, count, withFairness).scale;
      }
    }
    const gap = solution.hasSolution ? Math.max(0, solution.objective - solution.bound) / S : Number.NaN;
    return {
      count,
      status: solution.status === 'optimal' && !(gap <= settings.mipGap + 1e-9) ? 'time-limit' : solution.status,
      highsStatus: solution.highsStatus,
      hasSolution: solution.hasSolution,
      objective: solution.objective,
      bound: solution.bound,
      gap,
      mipSeconds: solution.seconds,
      mipRuns: runs,
      variables: built.model.variableCount,
      constraints: built.model.constraintCount,
      lp: relaxation?.rowDuals
        ? {
            status: relaxation.status,
            objective: relaxation.objective,
            seconds: relaxation.seconds,
            targetDual: targetDualOf(built, relaxation.rowDuals),
          }
        : undefined,
    };
  }

  // 1. Column generation on one HiGHS model, extended round by round and re-solved from its last basis.
  const inModel = initialPairs(inst, 8, 3);
  const built = buildModel(
    inst,
    pairsWhere(P, (k) => inModel[k] === 1),
    withFairness,
  );
  const colPair: number[] = [
    ...built.pairs,
    ...Array.from({ length: built.model.variableCount - built.pairs.length }, () => -1),
  ];
  const cols: ColumnIndex = { colPair, colOf: new Map(Array.from(built.pairs, (k, c) => [k, c])), inModel };
  const session = openLp(highs, built.model, { relaxOnly: true });
  let lp: LpSolution;
  let d: Float64Array;
  let lpSeconds = 0;
  let best: Float64Array;
  let lpX: Float64Array;
  try {
    for (;;) {
      lp = session.solve();
      lpSeconds += lp.seconds;
      if (lp.status !== 'optimal' || !lp.rowDuals)
        throw new Error(`placement LP ended ${lp.highsStatus}; it has slacks on every row and cannot be infeasible`);
      d = reducedCosts(inst, built, lp.rowDuals);
      if (addPricedColumns(inst, built, session, cols, d, () => true) === 0) {
        // The prices of the pairs outside the model rest on this formula: it must agree with HiGHS inside it,
        // up to HiGHS's own tolerances, which scale with the size of the costs and the row prices.
        let dualScale = 0;
        for (const y of lp.rowDuals) dualScale = Math.max(dualScale, Math.abs(y));
        colPair.forEach((k, c) => {
          if (k >= 0 && Math.abs(d[k] - lp.columnDuals![c]) > 1e-6 * (1 + Math.abs(inst.pairCost[k]) + dualScale)) {
            throw new Error(`placement: reduced cost of pair ${k} is ${d[k]}, HiGHS has ${lp.columnDuals![c]}`);
          }
        });
        break;
      }
    }
    // 2. A placement rounded from the LP, on the same model.
    settings.onStep?.(2, 'rounding the LP');
    best = roundLp(inst, built, session, cols, lp);
    lpX = new Float64Array(P);
    cols.colPair.forEach((k, c) => k >= 0 && c < lp.values.length && (lpX[k] = lp.values[c]));
  } finally {
    session.dispose();
  }
  const lpObjective = lp.objective;
  const lpResult = {
    status: lp.status,
    objective: lpObjective,
    seconds: lpSeconds,
    targetDual: targetDualOf(built, lp.rowDuals!),
  };
  let mipSeconds = 0;
  let mipRuns = 0;
  let { objective: U, scale: S } = evaluate(inst, best, withFairness);
  const gapOf = (bound: number) => Math.max(0, U - bound) / S;
  // 2b. While the placement is not within the gap: the MIP over the pairs where it and the LP disagree (RINS),
  //     again from each better placement it finds.
  for (let round = 0; round < RINS_ROUNDS && gapOf(lpObjective) > settings.mipGap + 1e-9 && remaining() > 0; round++) {
    settings.onStep?.(3, 'neighbourhood MIP');
    const started = performance.now();
    const found = rinsMip(
      highs,
      inst,
      lpX,
      d,
      best,
      withFairness,
      (settings.mipGap / 2) * S,
      Math.min(remaining(), RINS_SECONDS),
    );
    mipSeconds += (performance.now() - started) / 1000;
    const e = found ? evaluate(inst, found, withFairness) : undefined;
    if (found) mipRuns++;
    if (!e || !(e.objective < U - 1e-9 * S)) break;
    [best, U, S] = [found!, e.objective, e.scale];
  }
  let bound = lpObjective;
  let highsStatus = 'optimal';
  let lastStatus: PlacementStatus = 'optimal';
  let variables = built.model.variableCount;
  let constraints = built.model.constraintCount;

  // 3. HiGHS's MIP while the placement is not within the gap. With 1-person households and no fairness rows,
  //    their columns may be continuous: once the larger households are whole, an optimal vertex places them whole.
  const continuousSingles = inst.types.some((t) => t.persons === 1) && !(withFairness && inst.fairness);
  for (let round = 0; gapOf(bound) > settings.mipGap + 1e-9 && round < 2 && remaining() > 0; round++) {
    settings.onStep?.(4, 'MIP to the gap');
    const incumbent = best;
    let limit = round === 0 ? FIRST_MIP_PRICE : U - settings.mipGap * S - lpObjective;
    const priced = pairsWhere(P, (k) => incumbent[k] === 0 && d[k] <= limit);
    if (priced.length > MAX_MIP_PAIRS) limit = Float64Array.from(priced, (k) => d[k]).sort()[MAX_MIP_PAIRS - 1];
    const mip = buildModel(
      inst,
      pairsWhere(P, (k) => d[k] <= limit || incumbent[k] > 0),
      withFairness,
      undefined,
      continuousSingles ? 1 : undefined,
    );
    const solution = solveLp(highs, mip.model, {
      mipRelGap: 0,
      mipAbsGap: settings.mipGap * S,
      timeLimitSeconds: remaining(),
      start: mipStart(mip, best, inst, withFairness),
    }).solution;
    mipSeconds += solution.seconds;
    mipRuns++;
    highsStatus = solution.highsStatus;
    lastStatus = solution.status;
    variables = mip.model.variableCount;
    constraints = mip.model.constraintCount;
    let leftOut = Infinity;
    for (let k = 0; k < P; k++) if (d[k] > limit && incumbent[k] === 0 && d[k] < leftOut) leftOut = d[k];
    if (solution.hasSolution) {
      const count = continuousSingles
        ? wholeSingles(highs, inst, mip, solution.values, withFairness)
        : countOf(mip, solution.values);
      const e = evaluate(inst, count, withFairness);
      if (e.objective < U) [best, U, S] = [count, e.objective, e.scale];
    }
    if (solution.status === 'optimal' || solution.status === 'time-limit')
      bound = Math.max(bound, Math.min(solution.bound, lpObjective + leftOut));
  }
  const gap = gapOf(bound);
  const proven = gap <= settings.mipGap + 1e-9;
  return {
    count: best,
    status: proven ? 'optimal' : remaining() <= 0 || lastStatus === 'time-limit' ? 'time-limit' : 'feasible',
    highsStatus,
    hasSolution: true,
    objective: U,
    bound,
    gap,
    mipSeconds,
    mipRuns,
    variables,
    constraints,
    lp: settings.prices ? lpResult : undefined,
  };
}

/**
 * Relaxation-induced neighbourhood search: the households where the rounded placement `incumbent` agrees with a
 * whole LP value stay where they are; HiGHS places the rest as a MIP over the pairs either uses or prices at 0.
 * Returns the households per pair it found, or undefined when it found none in time.
 */
function rinsMip(
  highs: Highs,
  inst: Instance,
  lpX: Float64Array,
  d: Float64Array,
  incumbent: Float64Array,
  withFairness: boolean,
  absGap: number,
  seconds: number,
): Float64Array | undefined {
  const P = inst.pairType.length;
  const fixed = new Float64Array(P);
  const free: number[] = [];
  for (let k = 0; k < P; k++) {
    const x = Math.round(lpX[k]);
    const agree = Math.abs(lpX[k] - x) <= 1e-6 && incumbent[k] === x;
    if (agree) fixed[k] = x;
    // Where they disagree the MIP decides; where they agree, pairs at no extra cost in the LP stay open for more
    // households, so that the free ones can trade places.
    if (!agree || d[k] <= PRICE_TOLERANCE * (1 + Math.abs(inst.pairCost[k]))) free.push(k);
  }
  const mip = buildModel(inst, Int32Array.from(free), withFairness, fixed);
  const start = mipStart(mip, incumbent, inst, withFairness, fixed);
  const solution = solveLp(highs, mip.model, {
    mipRelGap: 0,
    mipAbsGap: absGap,
    timeLimitSeconds: seconds,
    start,
  }).solution;
  if (!solution.hasSolution) return undefined;
  const count = fixed.slice();
  mip.pairs.forEach((k, c) => (count[k] += Math.max(0, Math.round(solution.values[c]))));
  return fitTypes(inst, count);
}

/** Households per pair from a MIP whose 1-person columns were continuous: the LP over those with the rest fixed. */
function wholeSingles(
  highs: Highs,
  inst: Instance,
  mip: Built,
  values: Float64Array,
  withFairness: boolean,
): Float64Array {
  const single = (k: number) => inst.types[inst.pairType[k]].persons === 1;
  const fixed = new Float64Array(inst.pairType.length);
  mip.pairs.forEach((k, c) => !single(k) && (fixed[k] = Math.max(0, Math.round(values[c]))));
  const rest = buildModel(inst, mip.pairs.filter(single), withFairness, fixed);
  const lp = solveLp(highs, rest.model, { relaxOnly: true }).solution;
  const count = fixed.slice();
  if (lp.hasSolution) rest.pairs.forEach((k, c) => (count[k] += Math.max(0, Math.round(lp.values[c]))));
  return fitTypes(inst, count);
}

/** Takes households off a type's last pairs where rounding placed more than it has. */
function fitTypes(inst: Instance, count: Float64Array): Float64Array {
  const placed = new Float64Array(inst.types.length);
  count.forEach((n, k) => (placed[inst.pairType[k]] += n));
  for (let k = count.length - 1; k >= 0; k--) {
    const t = inst.pairType[k];
    const over = placed[t] - inst.types[t].householdIds.length;
    if (over <= 0 || count[k] === 0) continue;
    const take = Math.min(over, count[k]);
    count[k] -= take;
    placed[t] -= take;
  }
  return count;
}

/**
 * Rounds the LP to whole households. Households larger than the smallest size: each type's floors, then its
 * remaining households by largest fraction (where a dwelling of the size is left), then single-household moves,
 * cheapest first, until in every municipality the larger households leave a gap the smallest ones can fill
 * (at least target − the persons its smallest dwellings hold, at most the target — plus the allowance when
 * there are more persons than targets). The smallest households are then placed by the LP with the larger ones
 * fixed; with 1-person households that LP is a transportation problem (unit coefficients, one row per kind and
 * municipality), whose optimal vertex is whole. Leaves the larger households fixed in the session.
 */
function roundLp(inst: Instance, built: Built, session: LpSession, cols: ColumnIndex, lp: LpSolution): Float64Array {
  const { types, municipalities: munis } = inst;
  const P = inst.pairType.length;
  const M = munis.length;
  const smallest = types.reduce((a, t) => Math.min(a, t.persons), Infinity);
  const big = (k: number) => types[inst.pairType[k]].persons > smallest;
  const x = new Float64Array(P);
  cols.colPair.forEach((k, c) => k >= 0 && (x[k] = lp.values[c]));
  const pairOf = new Int32Array(types.length * M).fill(-1);
  for (let k = 0; k < P; k++) pairOf[inst.pairType[k] * M + inst.pairMuni[k]] = k;

  // Larger households: persons per municipality and dwellings used per municipality and size.
  const count = new Float64Array(P);
  const bigPersons = new Float64Array(M);
  const used = new Map<string, number>();
  const change = (k: number, n: number) => {
    const p = types[inst.pairType[k]].persons;
    const key = `${inst.pairMuni[k]}:${p}`;
    count[k] += n;
    bigPersons[inst.pairMuni[k]] += n * p;
    used.set(key, (used.get(key) ?? 0) + n);
  };
  const room = (j: number, p: number) => (munis[j].housingStock?.[p] ?? Infinity) - (used.get(`${j}:${p}`) ?? 0);

  // All floors first, so that one type's remainders do not take the dwellings another type's households hold.
  const left = Float64Array.from(types, (t) => t.householdIds.length);
  for (let k = 0; k < P; k++) {
    const n = big(k) ? Math.floor(x[k] + 1e-9) : 0;
    if (n > 0) {
      change(k, n);
      left[inst.pairType[k]] -= n;
    }
  }
  const byType: number[][] = types.map(() => []);
  for (let k = 0; k < P; k++) if (big(k)) byType[inst.pairType[k]].push(k);
  byType.forEach((ks, t) => {
    const p = types[t].persons;
    const byFraction = ks
      .filter((k) => x[k] - count[k] > 1e-9)
      .sort((a, b) => x[b] - count[b] - (x[a] - count[a]) || inst.pairCost[a] - inst.pairCost[b]);
    const byCost = [...ks].sort((a, b) => inst.pairCost[a] - inst.pairCost[b]);
    for (const k of [...byFraction, ...byCost]) {
      if (left[t] > 0 && room(inst.pairMuni[k], p) >= 1) {
        change(k, 1);
        left[t]--;
      }
    }
  });

  // The gap the smallest households must fill: lo ≤ persons in larger households ≤ hi.
  const supply = types.reduce((a, t) => a + t.persons * t.householdIds.length, 0);
  const tight = supply <= munis.reduce((a, m) => a + m.targetPersons, 0);
  const lo = munis.map((m) => m.targetPersons - smallest * (m.housingStock?.[smallest] ?? Infinity));
  const hi = munis.map((m) => m.targetPersons + (tight ? 0 : inst.allowance));
  const stuck = new Set<number>();
  for (let step = 0; step < 4 * M; step++) {
    let j = -1;
    for (let q = 0; q < M && j < 0; q++) if (!stuck.has(q) && (bigPersons[q] < lo[q] || bigPersons[q] > hi[q])) j = q;
    if (j < 0) break;
    const below = bigPersons[j] < lo[j];
    let from = -1;
    let to = -1;
    let cheapest = Infinity;
    for (let k = 0; k < P; k++) {
      if (count[k] === 0 || !big(k)) continue;
      const t = inst.pairType[k];
      const p = types[t].persons;
      const a = inst.pairMuni[k];
      if (below) {
        // Bring one in from a municipality whose own gap stays fillable.
        const into = pairOf[t * M + j];
        if (a === j || into < 0 || bigPersons[a] - p < lo[a] || bigPersons[j] + p > hi[j] || room(j, p) < 1) continue;
        const cost = inst.pairCost[into] - inst.pairCost[k];
        if (cost < cheapest) [cheapest, from, to] = [cost, k, into];
      } else if (a === j) {
        // Send one out to wherever it fits.
        for (let b = 0; b < M; b++) {
          const into = pairOf[t * M + b];
          if (b === j || into < 0 || bigPersons[b] + p > hi[b] || room(b, p) < 1) continue;
          const cost = inst.pairCost[into] - inst.pairCost[k];
          if (cost < cheapest) [cheapest, from, to] = [cost, k, into];
        }
      }
    }
    if (from < 0) stuck.add(j);
    else {
      change(from, -1);
      change(to, 1);
    }
  }

  return fillSmallest(inst, built, session, cols, count, big);
}

/**
 * The smallest households placed by the LP with the others fixed at `count` (pairs not yet in the model added
 * first, then priced in as far as the smallest households need them).
 */
function fillSmallest(
  inst: Instance,
  built: Built,
  session: LpSession,
  cols: ColumnIndex,
  count: Float64Array,
  big: (k: number) => boolean,
): Float64Array {
  addColumns(
    inst,
    built,
    session,
    cols,
    Array.from(pairsWhere(inst.pairType.length, (k) => count[k] > 0 && !cols.colOf.has(k))),
  );
  for (const [k, c] of cols.colOf) if (big(k)) session.setBounds(c, count[k], count[k]);
  const rest = solvePriced(inst, built, session, cols, (k) => !big(k));
  const out = count.slice();
  if (rest.hasSolution)
    cols.colPair.forEach((k, c) => k >= 0 && !big(k) && (out[k] = Math.max(0, Math.round(rest.values[c]))));
  return fitTypes(inst, out);
}

/**
 * Adds to the open LP, for every type, the (at most ADD_PER_TYPE) most negative pairs by reduced cost `d` that
 * are not in it and that `allowed` admits; returns how many were added (0: the LP is priced out over them).
 */
function addPricedColumns(
  inst: Instance,
  built: Built,
  session: LpSession,
  cols: ColumnIndex,
  d: Float64Array,
  allowed: (k: number) => boolean,
): number {
  const candidates = new Map<number, number[]>();
  for (let k = 0; k < inst.pairType.length; k++) {
    if (cols.inModel[k] === 1 || d[k] >= -PRICE_TOLERANCE * (1 + Math.abs(inst.pairCost[k])) || !allowed(k)) continue;
    const list = candidates.get(inst.pairType[k]);
    if (list) list.push(k);
    else candidates.set(inst.pairType[k], [k]);
  }
  const added: number[] = [];
  for (const ks of candidates.values())
    for (const k of ks.sort((a, b) => d[a] - d[b]).slice(0, ADD_PER_TYPE)) added.push(k);
  addColumns(inst, built, session, cols, added);
  return added.length;
}

/** Adds the pairs `ks` to the open LP as columns. */
function addColumns(inst: Instance, built: Built, session: LpSession, cols: ColumnIndex, ks: readonly number[]): void {
  session.addColumns(ks.map((k) => columnOf(inst, built, k)));
  for (const k of ks) {
    cols.inModel[k] = 1;
    cols.colOf.set(k, cols.colPair.length);
    cols.colPair.push(k);
  }
}

/** Solves the open LP again and again, adding the pairs `allowed` admits while any prices in. */
function solvePriced(
  inst: Instance,
  built: Built,
  session: LpSession,
  cols: ColumnIndex,
  allowed: (k: number) => boolean,
): LpSolution {
  for (;;) {
    const lp = session.solve();
    if (lp.status !== 'optimal' || !lp.rowDuals) return lp;
    if (addPricedColumns(inst, built, session, cols, reducedCosts(inst, built, lp.rowDuals), allowed) === 0) return lp;
  }
}

function pairsWhere(n: number, keep: (k: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (keep(k)) out.push(k);
  return Int32Array.from(out);
}

/** The column of pair k in the rows of `built`: assignment, target, cap, housing stock, fairness. */
function columnOf(inst: Instance, built: Built, k: number): ColumnSpec {
  const t = inst.pairType[k];
  const j = inst.pairMuni[k];
  const p = inst.types[t].persons;
  const rows = [built.assignRow[t], built.targetRow[j], built.capRow[j]];
  const coefficients = [1, p, p];
  const stock = built.stockRow.get(`${j}:${p}`);
  if (stock !== undefined) {
    rows.push(stock);
    coefficients.push(1);
  }
  built.fairRows.forEach((r, gi) => {
    const c = fairCoef(inst, k, gi);
    rows.push(r.hi, r.lo);
    coefficients.push(c, c);
  });
  return {
    name: lpName('x', t, inst.municipalities[j].code),
    cost: inst.pairCost[k],
    integer: true,
    rows,
    coefficients,
  };
}

/**
 * A MIP start for `built` from households per pair: the x columns (less what `fixed` already holds, when the
 * model was built with that fixed part), then slacks that make every row hold.
 */
function mipStart(
  built: Built,
  count: Float64Array,
  inst: Instance,
  withFairness: boolean,
  fixed?: Float64Array,
): Float64Array {
  const values = new Float64Array(built.model.variableCount);
  built.pairs.forEach((k, c) => (values[c] = count[k] - (fixed?.[k] ?? 0)));
  const e = evaluate(inst, count, withFairness);
  values.set([...e.short, ...e.excess, ...e.unplaced, ...e.fairSlack], built.pairs.length);
  return values;
}

function defaultMatchScore(profile: string | undefined, m: Municipality): number {
  return profile === undefined ? 0 : (m.labourDemand?.[profile] ?? 0);
}

function meanOf(sum: number, n: number): number {
  return n > 0 ? sum / n : Number.NaN;
}

/**
 * Places the households over the municipalities: minimises Σ distanceWeight·km·persons − matchWeight·score
 * (+ penalties for shortfalls, overshoot beyond the allowance, unplaced households and fairness gaps) with HiGHS,
 * every household whole, housing stock per size respected. Solves the LP relaxation by column generation (its
 * duals are the shadow prices), then the MIP to `mipGap` over the pairs the LP's reduced costs leave in reach;
 * with fairness, also the instance without it, to price fairness. Throws a RangeError on malformed input
 * (unknown origin, duplicate code or id, non-integer persons); never on targets that cannot be met — those come
 * back as shortfalls with an explanation.
 */
export async function placeHouseholds(
  municipalities: readonly Municipality[],
  households: readonly Household[],
  options: PlacementOptions = {},
): Promise<Placement> {
  const started = performance.now();
  const index = validate(municipalities, households);
  const highs = options.highs ?? (await loadHighs());
  const distanceWeight = options.distanceWeight ?? 1;
  const matchWeight = options.matchWeight ?? 0;
  const matchScore = options.matchScore ?? defaultMatchScore;
  const withinKm = options.withinKm ?? 50;
  const fairnessGroup = options.fairness?.group;
  const types = aggregateHouseholds(households, { group: fairnessGroup, aggregate: options.aggregate });
  const maxSize = households.reduce((a, h) => Math.max(a, h.persons), 1);
  const allowance = options.overshootAllowance ?? maxSize - 1;
  if (!(Number.isInteger(allowance) && allowance >= 0))
    throw new RangeError(`overshoot allowance ${allowance} is not a whole number of persons`);

  // Distances (to the metre) from each origin to every municipality, once per origin.
  const originKm = new Map<string, Float64Array>();
  for (const t of types) {
    if (originKm.has(t.origin)) continue;
    const o = municipalities[index.get(t.origin)!];
    originKm.set(
      t.origin,
      Float64Array.from(municipalities, (m) => Math.round(distanceKm(o, m) * 1000) / 1000),
    );
  }
  const pt: number[] = [];
  const pm: number[] = [];
  const km: number[] = [];
  const cost: number[] = [];
  const score: number[] = [];
  let maxPerPerson = 0;
  types.forEach((t, i) => {
    const d = originKm.get(t.origin)!;
    municipalities.forEach((m, j) => {
      if (options.keepNear !== undefined && d[j] > options.keepNear) return;
      const s = matchWeight !== 0 || options.matchScore ? matchScore(t.profile, m) : 0;
      pt.push(i);
      pm.push(j);
      km.push(d[j]);
      score.push(s);
      cost.push(distanceWeight * d[j] * t.persons - matchWeight * s);
      maxPerPerson = Math.max(maxPerPerson, Math.abs(distanceWeight) * d[j] + Math.abs(matchWeight * s));
    });
  });
  // A person of shortfall must cost more than any reshuffle could save: ten times the dearest person, to a power of ten.
  const penalty = options.shortfallPenalty ?? 10 ** Math.ceil(Math.log10(Math.max(1, 10 * maxPerPerson)));
  const inst: Instance = {
    municipalities,
    types,
    pairType: Int32Array.from(pt),
    pairMuni: Int32Array.from(pm),
    pairKm: Float64Array.from(km),
    pairCost: Float64Array.from(cost),
    pairScore: Float64Array.from(score),
    allowance,
    penalty,
  };
  if (options.fairness) {
    const groups = [...new Set(types.map((t) => t.group!))];
    const groupOf = Int32Array.from(types, (t) => groups.indexOf(t.group!));
    const weight = new Float64Array(groups.length);
    types.forEach((t, i) => (weight[groupOf[i]] += t.persons * t.householdIds.length));
    const total = weight.reduce((a, w) => a + w, 0);
    inst.fairness = {
      groups,
      groupOf,
      weight,
      share: weight.map((w) => w / total),
      maxGapKm: options.fairness.maxGapKm ?? 10,
    };
  }

  const settings: SolveSettings = {
    mipGap: options.mipGap ?? 0.001,
    timeLimitSeconds: options.timeLimitSeconds ?? 60,
    prices: options.shadowPrices ?? true,
    pricing: options.pricing ?? true,
    onStep: options.onStep,
  };
  const solved = solveInstance(highs, inst, true, settings);
  const without = inst.fairness ? solveInstance(highs, inst, false, { ...settings, prices: false }) : undefined;

  // Households per pair, and the households they stand for (in input order within a type).
  const P = inst.pairType.length;
  const count = solved.count;
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

  // Per municipality.
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
  const prices = solved.lp?.targetDual;
  const municipalitiesOut: MunicipalityOutcome[] = municipalities.map((m, j) => ({
    code: m.code,
    name: m.name,
    province: m.province,
    targetPersons: m.targetPersons,
    placedPersons: placedPersons[j],
    placedHouseholds: placedHouseholds[j],
    shortfall: Math.max(0, m.targetPersons - placedPersons[j]),
    excess: Math.max(0, placedPersons[j] - m.targetPersons - allowance),
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

  const totalPlacedPersons = placedPersons.reduce((a, v) => a + v, 0);
  const priceReference = relativePrices(municipalitiesOut, households);
  const meanDistanceKm = meanOf(distanceKmPersons, totalPlacedPersons);
  const subgroups = subgroupOutcomes(
    households,
    householdsOut,
    municipalities,
    index,
    meanDistanceKm,
    withinKm,
    fairnessGroup,
  );
  const fairGroups = subgroups.filter((s) => s.dimension === 'fairness');
  const largestGapKm = fairGroups.reduce((a, s) => Math.max(a, Math.abs(s.gapKm)), 0);
  const matchPart = matchWeight * matchTotal;
  const penaltyTotal = solved.hasSolution
    ? solved.objective - (distanceWeight * distanceKmPersons - matchPart)
    : Number.NaN;

  const explanation = explain(inst, municipalitiesOut, types, count, households, options.keepNear, solved.hasSolution);
  if (inst.fairness && largestGapKm > inst.fairness.maxGapKm + 1e-6) {
    explanation.feasible = false;
    explanation.messages.push(
      `fairness: a group's mean distance is ${largestGapKm.toFixed(1)} km from the overall mean, above the ${inst.fairness.maxGapKm} km allowed`,
    );
  }

  return {
    solve: {
      status: solved.status,
      highsStatus: solved.highsStatus,
      objective: solved.objective,
      bound: solved.bound,
      gap: solved.gap,
      mipRuns: solved.mipRuns,
      seconds: solved.mipSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      types: types.length,
      variables: solved.variables,
      constraints: solved.constraints,
    },
    relaxation: solved.lp
      ? { status: solved.lp.status, objective: solved.lp.objective, seconds: solved.lp.seconds }
      : undefined,
    objective: { total: solved.objective, distanceKmPersons, matchScore: matchTotal, penalty: penaltyTotal },
    shortfallPenalty: penalty,
    overshootAllowance: allowance,
    withinKm,
    types,
    assignments,
    households: householdsOut,
    municipalities: municipalitiesOut,
    meanDistanceKm,
    subgroups,
    priceReference,
    fairness:
      inst.fairness && without
        ? {
            maxGapKm: inst.fairness.maxGapKm,
            objective: solved.objective,
            objectiveWithout: without.objective,
            cost: solved.objective - without.objective,
            largestGapKm,
          }
        : undefined,
    explanation,
  };
}

/**
 * Where the targets add up to at least the persons to place, takes every price relative to the lowest among the
 * municipalities that get someone (sets `relativeShadowPrice`; nobody placed: null) and returns that reference.
 */
function relativePrices(
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

function subgroupOutcomes(
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

function explain(
  inst: Instance,
  outcomes: readonly MunicipalityOutcome[],
  types: readonly HouseholdType[],
  count: Float64Array,
  households: readonly Household[],
  keepNear: number | undefined,
  hasSolution: boolean,
): Explanation {
  const munis = inst.municipalities;
  const supplyPersons = households.reduce((a, h) => a + h.persons, 0);
  const targetPersons = munis.reduce((a, m) => a + m.targetPersons, 0);
  const messages: string[] = [];
  if (!hasSolution) messages.push('the solver found no placement within its time limit: nothing is placed');
  if (supplyPersons < targetPersons) {
    messages.push(
      `${supplyPersons} persons to place against targets adding up to ${targetPersons}: at least ${targetPersons - supplyPersons} persons short in total`,
    );
  }
  // Housing stock against households, per size, where every municipality limits that size.
  const sizes = [...new Set(households.map((h) => h.persons))].sort((a, b) => a - b);
  for (const s of sizes) {
    if (!munis.every((m) => m.housingStock && s in m.housingStock)) continue;
    const units = munis.reduce((a, m) => a + m.housingStock![s], 0);
    const n = households.filter((h) => h.persons === s).length;
    if (units < n)
      messages.push(`${n} households of ${s} persons against ${units} dwellings for that size in all municipalities`);
  }
  // Remaining room per municipality and size (Infinity where the size is not limited).
  const room = (j: number, size: number) => {
    const stock = munis[j].housingStock;
    if (!stock || !(size in stock)) return Infinity;
    return stock[size] - (outcomes[j].housing?.find((h) => h.size === size)?.used ?? 0);
  };
  const reachable: Set<number>[] = munis.map(() => new Set());
  const reachOf: number[][] = types.map(() => []);
  for (let k = 0; k < inst.pairType.length; k++) {
    reachable[inst.pairMuni[k]].add(inst.pairType[k]);
    reachOf[inst.pairType[k]].push(inst.pairMuni[k]);
  }
  const left = Float64Array.from(types, (t) => t.householdIds.length);
  for (let k = 0; k < inst.pairType.length; k++) left[inst.pairType[k]] -= count[k];
  const unplacedByType = new Map<number, number>();
  left.forEach((n, i) => n > 0 && unplacedByType.set(i, n));
  const short: Explanation['short'] = [];
  outcomes.forEach((o, j) => {
    if (o.shortfall <= 1e-9) return;
    const reasons: ShortfallReason[] = [];
    const binding: string[] = [lpName('target', munis[j].code)];
    const reach = [...reachable[j]];
    if (reach.length === 0) reasons.push('distance-cap');
    else {
      const withRoom = reach.filter((t) => room(j, types[t].persons) >= 1);
      if (withRoom.length === 0) {
        reasons.push('housing-stock');
        for (const s of new Set(reach.map((t) => types[t].persons))) binding.push(lpName('stock', munis[j].code, s));
      }
      if (supplyPersons < targetPersons) reasons.push('supply');
      if (withRoom.length > 0 && withRoom.every((t) => types[t].persons > o.shortfall + inst.allowance))
        reasons.push('household-size');
      if (reasons.length === 0) reasons.push('other-targets');
    }
    short.push({ code: o.code, name: o.name, shortfall: o.shortfall, reasons, binding });
    const why = reasons
      .map((r) =>
        r === 'distance-cap'
          ? `no household has its origin within ${keepNear} km`
          : r === 'housing-stock'
            ? `its housing stock is used up (${binding.slice(1).join(', ')})`
            : r === 'supply'
              ? 'there are fewer persons than targets'
              : r === 'household-size'
                ? `every household that could come is larger than the ${o.shortfall} persons missing plus the allowance of ${inst.allowance}`
                : 'the households that could come fill other targets',
      )
      .join('; ');
    messages.push(`${o.name} (${o.code}): ${o.shortfall} of ${o.targetPersons} persons short — ${why}`);
  });
  const unplaced: Explanation['unplaced'] = [];
  for (const [i, n] of unplacedByType) {
    const t = types[i];
    const reasons: ShortfallReason[] = [];
    if (reachOf[i].length === 0) reasons.push('distance-cap');
    else if (reachOf[i].every((j) => room(j, t.persons) < 1)) reasons.push('housing-stock');
    else reasons.push('other-targets');
    unplaced.push({ type: t.key, households: n, persons: n * t.persons, reasons });
    messages.push(
      `${n} households of type ${t.key} are not placed: ${
        reasons[0] === 'distance-cap'
          ? `no municipality within ${keepNear} km of ${t.origin}`
          : reasons[0] === 'housing-stock'
            ? `no dwelling for ${t.persons} persons left where they may go`
            : 'no room left where they may go'
      }`,
    );
  }
  const excess = outcomes.filter((o) => o.excess > 1e-9).map((o) => ({ code: o.code, name: o.name, excess: o.excess }));
  for (const e of excess)
    messages.push(
      `${e.name} (${e.code}): ${e.excess} persons above its target plus the allowance of ${inst.allowance} (${lpName('cap', e.code)})`,
    );
  const feasible = hasSolution && short.length === 0 && unplaced.length === 0 && excess.length === 0;
  return { feasible, supplyPersons, targetPersons, messages, short, unplaced, excess };
}
