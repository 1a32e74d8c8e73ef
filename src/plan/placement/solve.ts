// One solve of a placement instance: the LP relaxation by column generation, a placement rounded from it, the
// neighbourhood MIPs and the MIP to the gap; or, without pricing, the MIP over every pair.
import type { Highs } from 'highs';
import { type LpSolution, openLp, type SolveStatus, solveLp } from '../lp.ts';
import { type Instance, evaluate, pairsWhere } from './instance.ts';
import { rinsMip, wholeSingles } from './mip.ts';
import { type Built, buildModel, mipStart } from './model.ts';
import { type ColumnIndex, addPricedColumns, initialPairs, reducedCosts } from './pricing.ts';
import { roundLp } from './rounding.ts';
import type { PlacementStatus } from './types.ts';

/** A solved instance: households per pair, how the MIP ended, and the LP relaxation's prices. */
export interface Solved {
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

export interface SolveSettings {
  mipGap: number;
  timeLimitSeconds: number;
  prices: boolean;
  pricing: boolean;
  onStep?: (step: number, label: string) => void;
}

/** Steps of a solve, as onStep counts them: the LP, the rounding, the neighbourhood MIP, the full MIP. */
export const PLACEMENT_STEPS = 4;

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
export function solveInstance(highs: Highs, inst: Instance, withFairness: boolean, settings: SolveSettings): Solved {
  const deadline = performance.now() + settings.timeLimitSeconds * 1000;
  const search: Search = {
    highs,
    inst,
    withFairness,
    settings,
    remaining: () => Math.max(0, (deadline - performance.now()) / 1000),
  };
  settings.onStep?.(1, 'LP relaxation');
  if (!settings.pricing) return solveWhole(search);

  // 1. and 2.: the LP by column generation and a placement rounded from it.
  const { built, lp, lpSeconds, d, rounded, lpX } = relaxAndRound(search);
  const lpObjective = lp.objective;
  const lpResult = {
    status: lp.status,
    objective: lpObjective,
    seconds: lpSeconds,
    targetDual: targetDualOf(built, lp.rowDuals!),
  };
  const { objective, scale } = evaluate(inst, rounded, withFairness);
  const best: Incumbent = { count: rounded, objective, scale };
  const runs: MipRuns = {
    seconds: 0,
    runs: 0,
    highsStatus: 'optimal',
    lastStatus: 'optimal',
    variables: built.model.variableCount,
    constraints: built.model.constraintCount,
  };
  // 2b. While the placement is not within the gap: the MIP over the pairs where it and the LP disagree (RINS),
  //     again from each better placement it finds.
  improveInNeighbourhood(search, best, runs, lpObjective, lpX, d);
  let bound = lpObjective;

  // 3. HiGHS's MIP while the placement is not within the gap. With 1-person households and no fairness rows,
  //    their columns may be continuous: once the larger households are whole, an optimal vertex places them whole.
  const continuousSingles = inst.types.some((t) => t.persons === 1) && !(withFairness && inst.fairness);
  for (let round = 0; gapOf(best, bound) > settings.mipGap + 1e-9 && round < 2 && search.remaining() > 0; round++) {
    const roundBound = mipToGap(search, best, runs, round, lpObjective, d, continuousSingles);
    if (roundBound !== undefined) bound = Math.max(bound, roundBound);
  }
  const gap = gapOf(best, bound);
  const proven = gap <= settings.mipGap + 1e-9;
  return {
    count: best.count,
    status: proven
      ? 'optimal'
      : search.remaining() <= 0 || runs.lastStatus === 'time-limit'
        ? 'time-limit'
        : 'feasible',
    highsStatus: runs.highsStatus,
    hasSolution: true,
    objective: best.objective,
    bound,
    gap,
    mipSeconds: runs.seconds,
    mipRuns: runs.runs,
    variables: runs.variables,
    constraints: runs.constraints,
    lp: settings.prices ? lpResult : undefined,
  };
}

/** What every step of a solve reads: HiGHS, the instance, the settings and the time left (seconds). */
interface Search {
  highs: Highs;
  inst: Instance;
  withFairness: boolean;
  settings: SolveSettings;
  remaining: () => number;
}

/** The best placement so far: households per pair, its objective, and the scale its gap is measured against. */
interface Incumbent {
  count: Float64Array;
  objective: number;
  scale: number;
}

/** The MIP runs of a solve: seconds and runs in all, and the status and size of the last full MIP. */
interface MipRuns {
  seconds: number;
  runs: number;
  highsStatus: string;
  lastStatus: PlacementStatus;
  variables: number;
  constraints: number;
}

/** The incumbent's gap to a bound, on its own scale. */
function gapOf(best: Incumbent, bound: number): number {
  return Math.max(0, best.objective - bound) / best.scale;
}

/** The shadow price of each municipality's target: the duals of its target and cap rows. */
function targetDualOf(built: Built, y: Float64Array): Float64Array {
  return Float64Array.from(built.targetRow, (r, j) => y[r] + y[built.capRow[j]] + 0);
}

/** Households per pair from the values of the model's columns, rounded to whole households. */
function countOf(inst: Instance, built: Built, values: Float64Array): Float64Array {
  const count = new Float64Array(inst.pairType.length);
  built.pairs.forEach((k, c) => (count[k] = Math.max(0, Math.round(values[c]))));
  return count;
}

/** Without pricing: HiGHS's MIP over every pair (then its LP relaxation for the prices). */
function solveWhole(search: Search): Solved {
  const { highs, inst, withFairness, settings, remaining } = search;
  const P = inst.pairType.length;
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
  let count = solution.hasSolution ? countOf(inst, built, solution.values) : new Float64Array(P);
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
      count = countOf(inst, built, solution.values);
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

/**
 * 1. Column generation on one HiGHS model, extended round by round and re-solved from its last basis; 2. a
 * placement rounded from the LP, on the same model. Returns the model, the LP, the reduced cost of every pair,
 * the rounded placement and the LP's households per pair.
 */
function relaxAndRound(search: Search): {
  built: Built;
  lp: LpSolution;
  lpSeconds: number;
  d: Float64Array;
  rounded: Float64Array;
  lpX: Float64Array;
} {
  const { highs, inst, withFairness, settings } = search;
  const P = inst.pairType.length;
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
  let rounded: Float64Array;
  let lpX: Float64Array;
  try {
    for (;;) {
      lp = session.solve();
      lpSeconds += lp.seconds;
      if (lp.status !== 'optimal' || !lp.rowDuals)
        throw new Error(`placement LP ended ${lp.highsStatus}; it has slacks on every row and cannot be infeasible`);
      d = reducedCosts(inst, built, lp.rowDuals);
      if (addPricedColumns(inst, built, session, cols, d, () => true) === 0) {
        checkReducedCosts(inst, colPair, d, lp);
        break;
      }
    }
    settings.onStep?.(2, 'rounding the LP');
    rounded = roundLp(inst, built, session, cols, lp);
    lpX = new Float64Array(P);
    cols.colPair.forEach((k, c) => k >= 0 && c < lp.values.length && (lpX[k] = lp.values[c]));
  } finally {
    session.dispose();
  }
  return { built, lp, lpSeconds, d, rounded, lpX };
}

/**
 * The prices of the pairs outside the model rest on the formula of {@link reducedCosts}: it must agree with
 * HiGHS inside it, up to HiGHS's own tolerances, which scale with the size of the costs and the row prices.
 */
function checkReducedCosts(inst: Instance, colPair: readonly number[], d: Float64Array, lp: LpSolution): void {
  let dualScale = 0;
  for (const y of lp.rowDuals!) dualScale = Math.max(dualScale, Math.abs(y));
  colPair.forEach((k, c) => {
    if (k >= 0 && Math.abs(d[k] - lp.columnDuals![c]) > 1e-6 * (1 + Math.abs(inst.pairCost[k]) + dualScale)) {
      throw new Error(`placement: reduced cost of pair ${k} is ${d[k]}, HiGHS has ${lp.columnDuals![c]}`);
    }
  });
}

/** Step 2b: neighbourhood MIPs from the incumbent while it is not within the gap of the LP and they improve it. */
function improveInNeighbourhood(
  search: Search,
  best: Incumbent,
  runs: MipRuns,
  lpObjective: number,
  lpX: Float64Array,
  d: Float64Array,
): void {
  const { highs, inst, withFairness, settings, remaining } = search;
  for (
    let round = 0;
    round < RINS_ROUNDS && gapOf(best, lpObjective) > settings.mipGap + 1e-9 && remaining() > 0;
    round++
  ) {
    settings.onStep?.(3, 'neighbourhood MIP');
    const started = performance.now();
    const found = rinsMip(
      highs,
      inst,
      lpX,
      d,
      best.count,
      withFairness,
      (settings.mipGap / 2) * best.scale,
      Math.min(remaining(), RINS_SECONDS),
    );
    runs.seconds += (performance.now() - started) / 1000;
    const e = found ? evaluate(inst, found, withFairness) : undefined;
    if (found) runs.runs++;
    if (!e || !(e.objective < best.objective - 1e-9 * best.scale)) break;
    [best.count, best.objective, best.scale] = [found!, e.objective, e.scale];
  }
}

/**
 * Step 3, one round: HiGHS's MIP over the pairs priced up to a limit (FIRST_MIP_PRICE in the first round, what
 * could still close the gap in the second) and those the incumbent uses, started from the incumbent, which it
 * replaces when better. Returns the bound it proves for the whole instance (undefined: none).
 */
function mipToGap(
  search: Search,
  best: Incumbent,
  runs: MipRuns,
  round: number,
  lpObjective: number,
  d: Float64Array,
  continuousSingles: boolean,
): number | undefined {
  const { highs, inst, withFairness, settings, remaining } = search;
  const P = inst.pairType.length;
  settings.onStep?.(4, 'MIP to the gap');
  const incumbent = best.count;
  let limit = round === 0 ? FIRST_MIP_PRICE : best.objective - settings.mipGap * best.scale - lpObjective;
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
    mipAbsGap: settings.mipGap * best.scale,
    timeLimitSeconds: remaining(),
    start: mipStart(mip, best.count, inst, withFairness),
  }).solution;
  runs.seconds += solution.seconds;
  runs.runs++;
  runs.highsStatus = solution.highsStatus;
  runs.lastStatus = solution.status;
  runs.variables = mip.model.variableCount;
  runs.constraints = mip.model.constraintCount;
  let leftOut = Infinity;
  for (let k = 0; k < P; k++) if (d[k] > limit && incumbent[k] === 0 && d[k] < leftOut) leftOut = d[k];
  if (solution.hasSolution) {
    const count = continuousSingles
      ? wholeSingles(highs, inst, mip, solution.values, withFairness)
      : countOf(inst, mip, solution.values);
    const e = evaluate(inst, count, withFairness);
    if (e.objective < best.objective) [best.count, best.objective, best.scale] = [count, e.objective, e.scale];
  }
  if (solution.status === 'optimal' || solution.status === 'time-limit')
    return Math.min(solution.bound, lpObjective + leftOut);
  return undefined;
}
