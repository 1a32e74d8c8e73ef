// The placement's linear model on the HiGHS builder: one column per pair in a subset, the slacks, and the rows of
// assignment, target, cap, housing stock and fairness; a column to add to an open LP; a MIP start.
import { type ColumnSpec, LpModel, lpName } from '../lp.ts';
import { type Instance, evaluate, fairCoef } from './instance.ts';

/** A model over a subset of the pairs, with the rows the results and the prices are read from. */
export interface Built {
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

/**
 * The model over `pairs`. With `fixed` (households per pair already decided), the rows keep only what is left
 * to decide: right-hand sides less what the fixed households take, so the slacks mean what they mean in full.
 */
export function buildModel(
  inst: Instance,
  pairs: Int32Array,
  withFairness: boolean,
  fixed?: Float64Array,
  continuousSize?: number,
): Built {
  const { municipalities: munis, types, pairType, pairMuni, pairCost, allowance, penalty } = inst;
  const fair = withFairness ? inst.fairness : undefined;
  const { left, taken, takenBySize, fairTaken } = fixedPart(inst, fair?.groups.length ?? 0, fixed);
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
  const fairRows = fair ? addFairnessRows(inst, model, pairs, fairSlack, fairTaken) : [];
  return { model, pairs, assignRow, targetRow, capRow, stockRow, fairRows };
}

/** What the households fixed at `fixed` take: households left per type, persons and dwellings per municipality. */
function fixedPart(
  inst: Instance,
  fairGroups: number,
  fixed: Float64Array | undefined,
): { left: Float64Array; taken: Float64Array; takenBySize: Map<string, number>; fairTaken: Float64Array } {
  const { types, pairType, pairMuni } = inst;
  const left = Float64Array.from(types, (t) => t.householdIds.length);
  const taken = new Float64Array(inst.municipalities.length);
  const takenBySize = new Map<string, number>();
  const fairTaken = new Float64Array(fairGroups);
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
  return { left, taken, takenBySize, fairTaken };
}

/**
 * The fairness rows, two per group: W_g (mean_g − mean) = Σ_{t∈g} d·p·x − (W_g / W) Σ_all d·p·x, kept within
 * ±maxGap·W_g (W: persons), less what the fixed households already contribute.
 */
function addFairnessRows(
  inst: Instance,
  model: LpModel,
  pairs: Int32Array,
  fairSlack: number[],
  fairTaken: Float64Array,
): Built['fairRows'] {
  const fair = inst.fairness!;
  const fairRows: Built['fairRows'] = [];
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
  return fairRows;
}

/** The column of pair k in the rows of `built`: assignment, target, cap, housing stock, fairness. */
export function columnOf(inst: Instance, built: Built, k: number): ColumnSpec {
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
export function mipStart(
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
