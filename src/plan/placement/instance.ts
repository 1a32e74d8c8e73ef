// The instance every model of a placement is built from — the allowed (type, municipality) pairs with their
// distance, cost and score —, how it is made from the input, and what a placement (households per pair) of it
// leaves in the slacks and costs.
import { aggregateHouseholds, defaultMatchScore, distanceKm } from './inputs.ts';
import type { Household, HouseholdType, Municipality, PlacementOptions } from './types.ts';

/** Everything the model is built from, computed once and shared by the solves with and without fairness. */
export interface Instance {
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

/** Fairness-row coefficient of pair k for group gi: W_g·(mean_g − mean) in km·persons per household placed. */
export function fairCoef(inst: Instance, k: number, gi: number): number {
  const f = inst.fairness!;
  const t = inst.pairType[k];
  return inst.pairKm[k] * inst.types[t].persons * ((f.groupOf[t] === gi ? 1 : 0) - f.share[gi]);
}

/** What a placement (households per pair) leaves in the slacks, and its objective with their penalties. */
export interface Evaluation {
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

export function evaluate(inst: Instance, count: Float64Array, withFairness: boolean): Evaluation {
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

/** Takes households off a type's last pairs where rounding placed more than it has. */
export function fitTypes(inst: Instance, count: Float64Array): Float64Array {
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

/** The pairs 0 … n − 1 that `keep` admits, in order. */
export function pairsWhere(n: number, keep: (k: number) => boolean): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < n; k++) if (keep(k)) out.push(k);
  return Int32Array.from(out);
}

/**
 * The instance of a placement from checked input (`index`: the index of each municipality code): households
 * aggregated into types, the allowed pairs with their distance (to the metre), match score and cost under the
 * objective weights, the overshoot allowance, the shortfall penalty and, when asked, the fairness groups.
 */
export function buildInstance(
  municipalities: readonly Municipality[],
  households: readonly Household[],
  index: Map<string, number>,
  options: PlacementOptions,
  weights: { distance: number; match: number },
): Instance {
  const distanceWeight = weights.distance;
  const matchWeight = weights.match;
  const matchScore = options.matchScore ?? defaultMatchScore;
  const types = aggregateHouseholds(households, { group: options.fairness?.group, aggregate: options.aggregate });
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
  return inst;
}
