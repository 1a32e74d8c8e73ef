// The capacity plan's search: simulate the plan with common random numbers and, where a target fails, raise the
// adjustable stage on the norm's path that holds the most waiting, until every target holds or a capacity reaches
// its cap; then say which targets cannot be met and why.
import type { CompiledChain } from '../../sim/chain/compile.ts';
import type { ReplicationResult } from '../../sim/chain/results.ts';
import { quantileSorted } from '../../core/stats.ts';
import { normSeries, stageOfNormId, stageSeries } from '../../sim/chain/keys.ts';
import { buildModel, monthMean } from './setup.ts';
import type { NormTarget, PlanSetup, TargetMonth } from './types.ts';

/** Stages a chain norm's clock runs through: reachable from where it starts and able to reach where it stops. */
function stagesOnPath(chain: CompiledChain, normId: string): number[] {
  const stageId = stageOfNormId(normId);
  if (stageId !== undefined) {
    const s = chain.stages.findIndex((x) => x.id === stageId);
    return s >= 0 ? [s] : [];
  }
  const norm = chain.norms.find((n) => n.id === normId);
  if (!norm) return [];
  const next: Set<number>[] = chain.stages.map(() => new Set<number>());
  chain.stages.forEach((s, i) => {
    for (const b of s.branches ?? []) if (b.to >= 0) next[i].add(b.to);
  });
  for (const track of chain.tracks)
    for (let k = 0; k + 1 < track.route.length; k++) next[track.route[k]].add(track.route[k + 1]);
  // A track-deciding stage sends cases to the first stage of each route.
  chain.stages.forEach((s, i) => {
    if (s.decides === 2) for (const track of chain.tracks) next[i].add(track.route[0]);
  });
  const reach = (from: number[]) => {
    const seen = new Set(from);
    const stack = [...from];
    while (stack.length > 0) {
      for (const n of next[stack.pop()!]) {
        if (seen.has(n)) continue;
        seen.add(n);
        stack.push(n);
      }
    }
    return seen;
  };
  const starts = norm.fromStages ? Array.from(norm.fromStages) : Array.from(chain.entryStage).filter((s) => s >= 0);
  const forward = reach(starts);
  const targets = new Set(Array.from(norm.toStages));
  return [...forward].filter((s) => targets.has(s) || [...reach([s])].some((r) => targets.has(r)));
}

/** Per target and month: the share within the term at the confidence, and whether the target held. */
function evaluateTargets(setup: PlanSetup, runs: ReplicationResult[]): TargetMonth[] {
  const { months, options } = setup;
  const q = options.confidence;
  const rows: TargetMonth[] = [];
  for (const t of options.targets) {
    for (const m of months) {
      const shares: number[] = [];
      let measured = 0;
      for (const r of runs) {
        let n = 0;
        let w = 0;
        for (let d = m.from; d < m.to; d++) {
          n += r.series[normSeries(t.norm, 'measured')][d];
          w += r.series[normSeries(t.norm, 'within')][d];
        }
        measured += n;
        if (n > 0) shares.push(w / n);
      }
      shares.sort((a, b) => a - b);
      const achieved = shares.length > 0 ? quantileSorted(shares, 1 - q) : Number.NaN;
      const heldIn = shares.length > 0 ? shares.filter((x) => x >= t.withinShare).length / shares.length : Number.NaN;
      rows.push({
        month: m.label,
        norm: t.norm,
        target: t.withinShare,
        achieved,
        heldIn,
        measured: measured / runs.length,
        holds: shares.length === 0 || heldIn >= q - 1e-9,
      });
    }
  }
  return rows;
}

/** The targets that fail even with unlimited capacity at every adjustable stage: no plan can meet them. */
export function impossibleTargets(setup: PlanSetup, freeRuns: ReplicationResult[], notes: string[]): Set<string> {
  const impossible = new Set<string>();
  for (const t of evaluateTargets(setup, freeRuns)) {
    if (t.holds || impossible.has(t.norm)) continue;
    impossible.add(t.norm);
    notes.push(
      `${t.norm} (${t.target * 100}% within the term) cannot be met by any capacity: with unlimited capacity at every adjustable stage it reaches ${(t.achieved * 100).toFixed(1)}% in ${t.month} — the term is shorter than the stages without a capacity (fixed terms, service times) take, or cases inherited at the plan's start are already late`,
    );
  }
  return impossible;
}

/** The state of the search: the plan being raised, where it started, and the capacities at their cap. */
interface SearchState {
  plan: number[][];
  start: number[][];
  capped: Set<number>;
  notes: string[];
}

/** Simulates the plan and raises it until every target that can hold holds, an iteration changes nothing or the
 * iterations run out. */
export async function searchPlan(setup: PlanSetup, plan: number[][], impossible: Set<string>, notes: string[]) {
  const { options } = setup;
  const state: SearchState = { plan, start: plan.map((row) => row.slice()), capped: new Set<number>(), notes };
  const maxIterations = options.maxIterations ?? 10;
  let iteration = 0;
  let run = await setup.runModel(buildModel(setup, plan));
  let targets = evaluateTargets(setup, run.replications);
  while (targets.some((t) => !t.holds && !impossible.has(t.norm)) && iteration < maxIterations) {
    iteration++;
    options.onProgress?.(`iteration ${iteration}: ${targets.filter((t) => !t.holds).length} target-months fail`);
    let changed = false;
    for (const t of options.targets)
      if (!impossible.has(t.norm) && raiseForTarget(setup, state, t, targets, run.replications)) changed = true;
    if (!changed) break;
    run = await setup.runModel(buildModel(setup, plan));
    targets = evaluateTargets(setup, run.replications);
  }
  return { run, targets, iterations: iteration };
}

/** One target in one iteration: where it fails, raises the stage on its path that holds the most waiting over the
 * failing months and the norm's term before them. Returns whether the plan changed. */
function raiseForTarget(
  setup: PlanSetup,
  state: SearchState,
  t: NormTarget,
  targets: TargetMonth[],
  runs: ReplicationResult[],
): boolean {
  const { chain, months, adjustable, options } = setup;
  const { plan, start, capped, notes } = state;
  const factor = options.maxFactor ?? 4;
  const step = options.step ?? 0.1;
  const failing = months
    .map((m, i) => i)
    .filter((i) => targets.some((x) => x.norm === t.norm && x.month === months[i].label && !x.holds));
  if (failing.length === 0) return false;
  const path = stagesOnPath(chain, t.norm)
    .map((s) => adjustable.indexOf(s))
    .filter((k) => k >= 0 && !capped.has(k));
  if (path.length === 0) return false;
  // The clock of a late case may have started months before it stopped: look back over the norm's term.
  const term =
    stageOfNormId(t.norm) !== undefined
      ? chain.stages[adjustable[path[0]]].norm!
      : chain.norms.find((n) => n.id === t.norm)!;
  const lookBack = Math.max(1, Math.ceil(term.months > 0 ? term.months : term.days / 30));
  const window = new Set<number>();
  for (const i of failing) for (let j = Math.max(0, i - lookBack); j <= i; j++) window.add(j);
  let worst = path[0];
  let worstWait = -1;
  for (const k of path) {
    const key = stageSeries(chain.stages[adjustable[k]].id, 'waiting');
    let wait = 0;
    for (const j of window) wait += runs.reduce((a, r) => a + monthMean(r.series[key], months[j]), 0);
    if (wait > worstWait) {
      worstWait = wait;
      worst = k;
    }
  }
  let changed = false;
  for (const j of window) {
    const next = Math.ceil(plan[worst][j] * (1 + step));
    if (next > start[worst][j] * factor) {
      capped.add(worst);
      notes.push(
        `${chain.stages[adjustable[worst]].id}: capacity reached ${factor}× its square-root staffing in ${months[j].label} while ${t.norm} still failed`,
      );
      break;
    }
    plan[worst][j] = next;
    changed = true;
  }
  return changed;
}

/** A note per target the search could not meet: in which months, what is on its path, and the likely cause. */
export function explainFailures(
  setup: PlanSetup,
  targets: TargetMonth[],
  impossible: Set<string>,
  iteration: number,
  notes: string[],
): void {
  const { chain, adjustable, options } = setup;
  const planMonths = setup.months.map((m) => m.label);
  const failing = [...new Set(targets.filter((t) => !t.holds && !impossible.has(t.norm)).map((t) => t.norm))];
  for (const norm of failing) {
    const path = stagesOnPath(chain, norm)
      .filter((s) => adjustable.includes(s))
      .map((s) => chain.stages[s].id);
    const months = targets.filter((t) => t.norm === norm && !t.holds).map((t) => t.month);
    const first = options.targets.find((t) => t.norm === norm)!;
    const stageId = stageOfNormId(norm);
    const term =
      stageId !== undefined
        ? chain.stages.find((x) => x.id === stageId)!.norm!
        : chain.norms.find((n) => n.id === norm)!;
    const termMonths = Math.max(1, Math.ceil(term.months > 0 ? term.months : term.days / 30));
    const early = months.every((label) => label < (planMonths[Math.min(planMonths.length - 1, termMonths)] ?? ''));
    notes.push(
      `${norm} (${first.withinShare * 100}% within the term) cannot be met in ${months.length} month${months.length === 1 ? '' : 's'} (${months.slice(0, 4).join(', ')}${months.length > 4 ? ', …' : ''}) within ${iteration} iteration${iteration === 1 ? '' : 's'}; adjustable stages on its path: ${path.join(', ') || 'none'}` +
        (early
          ? `; all in the first ${termMonths} month${termMonths === 1 ? '' : 's'} of the plan: cases whose clock started before the plan (the backlog it inherits) are already past their deadline, and no capacity from the plan's start can bring them back within it`
          : '; the delay is in stages without an adjustable capacity, or the capacity reached its cap'),
    );
  }
}
