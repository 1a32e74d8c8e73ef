// A placement rounded from the LP relaxation: the larger households rounded and balanced, the smallest placed by
// the LP with the others fixed.
import type { LpSession, LpSolution } from '../lp.ts';
import { type Instance, fitTypes, pairsWhere } from './instance.ts';
import type { Built } from './model.ts';
import { type ColumnIndex, addColumns, solvePriced } from './pricing.ts';

/**
 * Rounds the LP to whole households. Households larger than the smallest size: each type's floors, then its
 * remaining households by largest fraction (where a dwelling of the size is left), then single-household moves,
 * cheapest first, until in every municipality the larger households leave a gap the smallest ones can fill
 * (at least target − the persons its smallest dwellings hold, at most the target — plus the allowance when
 * there are more persons than targets). The smallest households are then placed by the LP with the larger ones
 * fixed; with 1-person households that LP is a transportation problem (unit coefficients, one row per kind and
 * municipality), whose optimal vertex is whole. Leaves the larger households fixed in the session.
 */
export function roundLp(
  inst: Instance,
  built: Built,
  session: LpSession,
  cols: ColumnIndex,
  lp: LpSolution,
): Float64Array {
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
