// Column generation: the restricted LP starts from each type's and each municipality's cheapest pairs and takes
// in, round by round, the pairs whose reduced cost under the row prices is negative.
import type { LpSession, LpSolution } from '../lp.ts';
import { type Instance, fairCoef } from './instance.ts';
import { type Built, columnOf } from './model.ts';

/** The columns of an open LP: the pair of each column (−1 for slacks), the column of each pair, membership. */
export interface ColumnIndex {
  colPair: number[];
  colOf: Map<number, number>;
  inModel: Uint8Array;
}

/** Columns added per type and round of pricing (the most negative reduced costs first). */
const ADD_PER_TYPE = 25;
/** Reduced costs above −PRICE_TOLERANCE·(1 + |cost|) count as priced out. */
export const PRICE_TOLERANCE = 1e-7;

/**
 * Reduced cost of every allowed pair under the row duals of an LP over some of them: c − Σ_rows a·y. A pair
 * whose stock row is absent from that model (no column of its size there yet) meets a row with price 0.
 */
export function reducedCosts(inst: Instance, built: Built, y: Float64Array): Float64Array {
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
export function initialPairs(inst: Instance, perType: number, perMunicipality: number): Uint8Array {
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

/**
 * Adds to the open LP, for every type, the (at most ADD_PER_TYPE) most negative pairs by reduced cost `d` that
 * are not in it and that `allowed` admits; returns how many were added (0: the LP is priced out over them).
 */
export function addPricedColumns(
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
export function addColumns(
  inst: Instance,
  built: Built,
  session: LpSession,
  cols: ColumnIndex,
  ks: readonly number[],
): void {
  session.addColumns(ks.map((k) => columnOf(inst, built, k)));
  for (const k of ks) {
    cols.inModel[k] = 1;
    cols.colOf.set(k, cols.colPair.length);
    cols.colPair.push(k);
  }
}

/** Solves the open LP again and again, adding the pairs `allowed` admits while any prices in. */
export function solvePriced(
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
