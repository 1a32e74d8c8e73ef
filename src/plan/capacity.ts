// The capacity planner: staff per stage, housing quotas and reception beds per month so that the model's norms
// hold at a stated confidence. It starts from analytic bounds read off an unconstrained run of the model (the
// offered load of every stage and location type), then simulates the plan with common random numbers and raises
// the capacity of the stage that holds the most waiting wherever a target fails, until every target holds or a
// capacity reaches its cap — then it says which target cannot be met and what binds. Beds never change the flow
// (persons without a bed wait in overflow), so every run has ample beds and the bed plan is read from the demand.
import type { LoadedModel } from '../model/load.ts';
import { modelHash } from '../model/load.ts';
import { InputError } from '../core/diagnostics.ts';
import { MEAN_PERIOD_DAYS, addMonths, formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import type { ChainModel, Duration, Schedule } from '../model/schema.ts';
import { quantileSorted } from '../core/stats.ts';
import { compileChain, type CompiledChain, CAPACITY_SERVERS, CAPACITY_THROUGHPUT } from '../sim/chain/compile.ts';
import type { ReplicationResult } from '../sim/chain/results.ts';
import { simulate } from '../sim/run/simulate.ts';
import { bedBound, halfinWhittBeta, staffingBound } from './capacity-analytic.ts';
import { normSeries, stageNormId, stageOfNormId, stageSeries } from '../sim/chain/keys.ts';

export interface NormTarget {
  /** A chain norm id, or `stage.<id>` for a stage norm. */
  norm: string;
  /** Share of the clocks stopping in a month that must be within the term. */
  withinShare: number;
}

export interface CapacityPlanOptions {
  months: number;
  targets: NormTarget[];
  /** Beds are planned so that occupancy stays at or below this (COA plans at 0.91). */
  planningOccupancy: number;
  /** A target holds when it holds in at least this share of the replications; also the bed quantile. */
  confidence: number;
  replications: number;
  seed?: number;
  workers?: number;
  /** Probability of waiting behind the square-root staffing start (default 0.2). */
  delayProbability?: number;
  maxIterations?: number;
  /** Relative increase per iteration where a target fails (default 0.1). */
  step?: number;
  /** A capacity may grow to this multiple of its starting value (default 4); beyond it the target cannot be met. */
  maxFactor?: number;
  onProgress?: (message: string) => void;
}

export interface StageMonth {
  month: string;
  stage: string;
  partner: string;
  /** `servers`, or the throughput period (`halfYear`, …) of the amount. */
  unit: string;
  plan: number;
  /** Offered load (servers) or offered flow per period (throughput). */
  offered: number;
  fluidBound: number;
  squareRootBound: number;
  fte: number;
  staffCostEur: number;
}

export interface BedMonth {
  month: string;
  locationType: string;
  /** Beds so that the confidence-quantile of the month's peak demand is at the planning occupancy. */
  plan: number;
  /** Peak persons needing a bed of this type in the month, at the confidence level across replications. */
  demandAtConfidence: number;
  /** Infinite-server bound from the unconstrained run: Poisson quantile of its mean / planning occupancy. */
  analyticBound: number;
  costEur: number;
}

export interface TargetMonth {
  month: string;
  norm: string;
  target: number;
  /** Lower (1 − confidence) quantile over replications of the month's share within the term. */
  achieved: number;
  /** Share of replications in which the target held. */
  heldIn: number;
  measured: number;
  holds: boolean;
}

export interface CapacityPlan {
  model: string;
  months: string[];
  stages: StageMonth[];
  beds: BedMonth[];
  targets: TargetMonth[];
  /** The planned throughput per half-year of the stages that house permit holders (exit `housed`). */
  housing: { halfYear: string; stage: string; persons: number }[];
  cost: { staffEur: number; bedsEur: number; totalEur: number; analyticStaffEur: number; analyticBedsEur: number };
  iterations: number;
  feasible: boolean;
  notes: string[];
  /** The model with the plan's capacities (and the model's beds), ready to simulate. */
  plannedModel: ChainModel;
}

interface MonthWindow {
  label: string;
  /** Simulation days [from, to). */
  from: number;
  to: number;
}

/** Mean of a model duration in days (calendar or working, as the stage counts it). */
export function durationMeanDays(d: Duration): number {
  switch (d.dist) {
    case 'fixed':
      return d.days;
    case 'exponential':
    case 'lognormal':
    case 'gamma':
      return d.meanDays;
    case 'triangular':
      return (d.minDays + d.modeDays + d.maxDays) / 3;
    case 'empirical': {
      const w = d.weights ?? d.valuesDays.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      if (d.interpolate) {
        const sorted = [...d.valuesDays].sort((a, b) => a - b);
        return (sorted[0] + sorted[sorted.length - 1]) / 2;
      }
      return d.valuesDays.reduce((a, v, i) => a + v * w[i], 0) / total;
    }
  }
}

const AMPLE_BEDS = 10_000_000;

/** The model with ample beds everywhere: beds never change the flow, so runs read the demand for them. */
function ample(model: ChainModel): ChainModel {
  return {
    ...model,
    reception: model.reception
      ? { ...model.reception, locations: model.reception.locations.map((l) => ({ ...l, beds: AMPLE_BEDS })) }
      : undefined,
  };
}

function withModel(loaded: LoadedModel, model: ChainModel): LoadedModel {
  return { ...loaded, model, hash: modelHash(model, loaded.inflow) };
}

/** A schedule that keeps `base` before `fromDate` and takes one value per month from there. */
function monthlySchedule(
  base: Schedule,
  startDate: string,
  fromDate: string,
  months: MonthWindow[],
  values: number[],
  startDay: number,
): Schedule {
  const steps = typeof base === 'number' ? [{ from: startDate, value: base }] : base.filter((s) => s.from < fromDate);
  if (steps.length === 0) steps.push({ from: startDate, value: typeof base === 'number' ? base : base[0].value });
  months.forEach((m, i) => steps.push({ from: formatIsoDate(startDay + m.from), value: values[i] }));
  return steps;
}

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

function monthMean(series: Float64Array, m: MonthWindow): number {
  let sum = 0;
  for (let d = m.from; d < m.to; d++) sum += series[d];
  return sum / (m.to - m.from);
}

function monthMax(series: Float64Array, m: MonthWindow): number {
  let max = 0;
  for (let d = m.from; d < m.to; d++) if (series[d] > max) max = series[d];
  return max;
}

/** What every step of the plan reads: the model, the options, the plan's months and the adjustable stages. */
interface PlanSetup {
  loaded: LoadedModel;
  base: ChainModel;
  options: CapacityPlanOptions;
  /** The first day of the model's calendar. */
  startDay: number;
  months: MonthWindow[];
  chain: CompiledChain;
  /** Indexes of the stages with servers or a throughput: the capacities the plan sets. */
  adjustable: number[];
  /** Simulates a model up to the end of the plan's last month. */
  runModel: (model: ChainModel) => ReturnType<typeof simulate>;
}

/** The analytic bounds per adjustable stage and month, and per location type and month. */
interface AnalyticBounds {
  bounds: ReturnType<typeof staffingBound>[][];
  types: string[];
  bedAnalytic: ReturnType<typeof bedBound>[][];
}

/** Plans capacity per month over `options.months` months from the model's reported start. */
export async function planCapacity(loaded: LoadedModel, options: CapacityPlanOptions): Promise<CapacityPlan> {
  const setup = planSetup(loaded, options);
  const notes: string[] = [];
  // 1. The unconstrained run: offered load of every stage and location type.
  const freeRun = await unconstrainedRun(setup);
  const analytic = analyticBounds(setup, freeRun.replications);
  // 2. The search: simulate the plan, raise the stage that holds the most waiting where a target fails.
  const plan: number[][] = analytic.bounds.map((b) => b.map((x) => Math.max(1, x.squareRoot)));
  const impossible = impossibleTargets(setup, freeRun.replications, notes);
  const { run, targets, iterations } = await searchPlan(setup, plan, impossible, notes);
  const feasible = targets.every((t) => t.holds);
  if (!feasible) explainFailures(setup, targets, impossible, iterations, notes);
  // 3. Beds from the demand of the final run, cost, housing.
  const { beds, bedsEur, analyticBedsEur } = planBeds(setup, run.replications, analytic);
  const { stages, staffEur, analyticStaffEur } = planStages(setup, plan, analytic.bounds);
  return {
    model: loaded.file,
    months: setup.months.map((m) => m.label),
    stages,
    beds,
    targets,
    housing: planHousing(setup, plan),
    cost: { staffEur, bedsEur, totalEur: staffEur + bedsEur, analyticStaffEur, analyticBedsEur },
    iterations,
    feasible,
    notes,
    plannedModel: plannedModelOf(setup, plan, beds),
  };
}

/** The plan's months: from the first month boundary at or after the warm-up, in simulation days. */
function planMonths(base: ChainModel, startDay: number, count: number): MonthWindow[] {
  let planStart = startDay + base.time.warmupDays;
  if (formatIsoDate(planStart).slice(8) !== '01')
    planStart = addMonths(planStart - Number(formatIsoDate(planStart).slice(8)) + 1, 1);
  const months: MonthWindow[] = [];
  for (let m = 0; m < count; m++) {
    const from = addMonths(planStart, m) - startDay;
    months.push({
      label: formatIsoDate(startDay + from).slice(0, 7),
      from,
      to: addMonths(planStart, m + 1) - startDay,
    });
  }
  return months;
}

/** Refuses a target for a norm the model does not have, listing the ones it has. */
function checkTargets(chain: CompiledChain, targets: NormTarget[]): void {
  for (const t of targets) {
    const stageId = stageOfNormId(t.norm);
    const known =
      stageId !== undefined
        ? chain.stages.some((s) => s.norm && s.id === stageId)
        : chain.norms.some((n) => n.id === t.norm);
    if (!known)
      throw new InputError(
        `--target ${t.norm}: the model has no such norm; its norms are ${[...chain.norms.map((n) => n.id), ...chain.stages.filter((s) => s.norm).map((s) => stageNormId(s.id))].join(', ') || '(none)'}`,
      );
  }
}

function planSetup(loaded: LoadedModel, options: CapacityPlanOptions): PlanSetup {
  const base = loaded.model;
  const startDay = parseIsoDate(base.time.start);
  const months = planMonths(base, startDay, options.months);
  const horizonDays = months[months.length - 1].to;
  const runModel = (model: ChainModel) =>
    simulate(withModel(loaded, { ...model, time: { ...model.time, horizonDays } }), {
      replications: options.replications,
      seed: options.seed,
      workers: options.workers,
      horizonDays,
    });
  const chain = compileChain(loaded, { horizonDays });
  checkTargets(chain, options.targets);
  const adjustable = chain.stages
    .filter((s) => s.capacityKind === CAPACITY_SERVERS || s.capacityKind === CAPACITY_THROUGHPUT)
    .map((s) => s.index);
  return { loaded, base, options, startDay, months, chain, adjustable, runModel };
}

/** The model with unlimited capacity at every adjustable stage and ample beds, simulated. */
function unconstrainedRun(setup: PlanSetup) {
  setup.options.onProgress?.('offered load (unconstrained run)');
  const free = structuredClone(ample(setup.base));
  for (const s of setup.adjustable) free.stages[s].capacity = 'unlimited';
  return setup.runModel(free);
}

/** Offered load per adjustable stage and month (servers busy, or flow per quota period) from the unconstrained run. */
function offeredLoads(setup: PlanSetup, reps: ReplicationResult[]): number[][] {
  const { base, chain, months, adjustable } = setup;
  const mean = (key: string, m: MonthWindow) => reps.reduce((a, r) => a + monthMean(r.series[key], m), 0) / reps.length;
  return adjustable.map((s) => {
    const stage = chain.stages[s];
    const spec = base.stages[s];
    if (stage.capacityKind === CAPACITY_SERVERS)
      return months.map((m) => mean(stageSeries(stage.id, 'inServiceCases'), m));
    // Throughput: the flow per period, in the unit of the quota.
    const tp = (spec.capacity as { throughput: { per: keyof typeof MEAN_PERIOD_DAYS; unit: 'persons' | 'cases' } })
      .throughput;
    return months.map((m) => {
      const perDay =
        tp.unit === 'persons'
          ? mean(stageSeries(stage.id, 'completed'), m)
          : mean(stageSeries(stage.id, 'inServiceCases'), m) / Math.max(1e-9, durationMeanDays(spec.serviceTime));
      return perDay * MEAN_PERIOD_DAYS[tp.per];
    });
  });
}

/** Fluid and square-root bounds per adjustable stage and month, infinite-server bed bounds per location type. */
function analyticBounds(setup: PlanSetup, reps: ReplicationResult[]): AnalyticBounds {
  const { chain, months, adjustable, options } = setup;
  const mean = (key: string, m: MonthWindow) => reps.reduce((a, r) => a + monthMean(r.series[key], m), 0) / reps.length;
  const alpha = options.delayProbability ?? 0.2;
  const beta = halfinWhittBeta(alpha);
  const offered = offeredLoads(setup, reps);
  const bounds = adjustable.map((s, k) =>
    offered[k].map((load) => {
      if (chain.stages[s].capacityKind === CAPACITY_SERVERS) return staffingBound(load, alpha);
      return {
        offeredLoad: load,
        fluid: Math.ceil(load - 1e-9),
        squareRoot: Math.ceil(load + beta * Math.sqrt(load) - 1e-9),
        erlangCAtSquareRoot: Number.NaN,
      };
    }),
  );
  const types = [...new Set(chain.locations.map((l) => l.type))];
  const bedAnalytic = types.map((type) =>
    months.map((m) =>
      bedBound(mean(`locationType.${type}.occupied`, m), options.confidence, options.planningOccupancy),
    ),
  );
  return { bounds, types, bedAnalytic };
}

/** The model with the plan's capacities from the plan's first month, and ample beds. */
function buildModel(setup: PlanSetup, plan: number[][]): ChainModel {
  const { base, startDay, months, adjustable } = setup;
  const model = structuredClone(ample(base));
  const from = formatIsoDate(startDay + months[0].from);
  adjustable.forEach((s, k) => {
    const spec = model.stages[s];
    if (typeof spec.capacity !== 'object') return;
    if ('servers' in spec.capacity)
      spec.capacity = {
        servers: monthlySchedule(spec.capacity.servers, base.time.start, from, months, plan[k], startDay),
      };
    else
      spec.capacity = {
        throughput: {
          ...spec.capacity.throughput,
          amount: monthlySchedule(spec.capacity.throughput.amount, base.time.start, from, months, plan[k], startDay),
        },
      };
  });
  return model;
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
function impossibleTargets(setup: PlanSetup, freeRuns: ReplicationResult[], notes: string[]): Set<string> {
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
async function searchPlan(setup: PlanSetup, plan: number[][], impossible: Set<string>, notes: string[]) {
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
function explainFailures(
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

/** Beds per location type and month from the peak demand of the final run, with their cost and the analytic cost. */
function planBeds(setup: PlanSetup, runs: ReplicationResult[], analytic: AnalyticBounds) {
  const { chain, months, options } = setup;
  const q = options.confidence;
  const beds: BedMonth[] = [];
  let bedsEur = 0;
  let analyticBedsEur = 0;
  analytic.types.forEach((type, ti) => {
    const locations = chain.locations.filter((l) => l.type === type);
    const occupiedCost = locations.reduce((a, l) => a + l.costPerOccupiedBedDayEur, 0) / locations.length;
    const emptyCost = locations.reduce((a, l) => a + l.costPerEmptyBedDayEur, 0) / locations.length;
    months.forEach((m, i) => {
      const peaks = runs.map((r) => monthMax(r.series[`locationType.${type}.occupied`], m)).sort((a, b) => a - b);
      const demand = Math.max(0, Math.ceil(quantileSorted(peaks, q)));
      const planBeds = Math.max(0, Math.ceil(demand / options.planningOccupancy - 1e-9));
      const meanOccupied =
        runs.reduce((a, r) => a + monthMean(r.series[`locationType.${type}.occupied`], m), 0) / runs.length;
      const days = m.to - m.from;
      const cost =
        days * (Math.min(meanOccupied, planBeds) * occupiedCost + Math.max(0, planBeds - meanOccupied) * emptyCost);
      const bound = analytic.bedAnalytic[ti][i];
      analyticBedsEur +=
        days *
        (Math.min(bound.meanPersons, bound.beds) * occupiedCost +
          Math.max(0, bound.beds - bound.meanPersons) * emptyCost);
      bedsEur += cost;
      beds.push({
        month: m.label,
        locationType: type,
        plan: planBeds,
        demandAtConfidence: demand,
        analyticBound: bound.beds,
        costEur: cost,
      });
    });
  });
  return { beds, bedsEur, analyticBedsEur };
}

/** The plan per adjustable stage and month with its bounds, FTE and staff cost, and the fluid bound's cost. */
function planStages(setup: PlanSetup, plan: number[][], bounds: AnalyticBounds['bounds']) {
  const { base, chain, months, adjustable } = setup;
  const stages: StageMonth[] = [];
  let staffEur = 0;
  let analyticStaffEur = 0;
  adjustable.forEach((s, k) => {
    const stage = chain.stages[s];
    const spec = base.stages[s];
    const unit =
      stage.capacityKind === CAPACITY_SERVERS
        ? 'servers'
        : (spec.capacity as { throughput: { per: string } }).throughput.per;
    months.forEach((m, i) => {
      const days = m.to - m.from;
      const fte = stage.capacityKind === CAPACITY_SERVERS ? plan[k][i] * stage.ftePerServer : 0;
      const cost = (fte * stage.costPerFteYearEur * days) / 365;
      staffEur += cost;
      analyticStaffEur +=
        stage.capacityKind === CAPACITY_SERVERS
          ? (bounds[k][i].fluid * stage.ftePerServer * stage.costPerFteYearEur * days) / 365
          : 0;
      stages.push({
        month: m.label,
        stage: stage.id,
        partner: stage.partner,
        unit,
        plan: plan[k][i],
        offered: bounds[k][i].offeredLoad,
        fluidBound: bounds[k][i].fluid,
        squareRootBound: bounds[k][i].squareRoot,
        fte,
        staffCostEur: cost,
      });
    });
  });
  return { stages, staffEur, analyticStaffEur };
}

/** Housing: the planned throughput of stages whose cases leave the chain housed, per half-year. */
function planHousing(setup: PlanSetup, plan: number[][]): CapacityPlan['housing'] {
  const { base, chain, months, adjustable } = setup;
  const housing: CapacityPlan['housing'] = [];
  adjustable.forEach((s, k) => {
    const stage = chain.stages[s];
    const spec = base.stages[s];
    if (
      stage.capacityKind !== CAPACITY_THROUGHPUT ||
      !Array.isArray(spec.next) ||
      !spec.next.some((b) => b.exit === 'housed')
    )
      return;
    const tp = (spec.capacity as { throughput: { per: keyof typeof MEAN_PERIOD_DAYS } }).throughput;
    const byHalf = new Map<string, number>();
    months.forEach((m, i) => {
      const half = `${m.label.slice(0, 4)}-H${Number(m.label.slice(5, 7)) <= 6 ? 1 : 2}`;
      byHalf.set(half, (byHalf.get(half) ?? 0) + (plan[k][i] / MEAN_PERIOD_DAYS[tp.per]) * (m.to - m.from));
    });
    for (const [halfYear, persons] of byHalf) housing.push({ halfYear, stage: stage.id, persons: Math.round(persons) });
  });
  return housing;
}

/** The planned model: the plan's capacities and beds, the model's own horizon. */
function plannedModelOf(setup: PlanSetup, plan: number[][], beds: BedMonth[]): ChainModel {
  const { base, chain, startDay, months } = setup;
  const plannedModel = buildModel(setup, plan);
  plannedModel.reception = base.reception ? structuredClone(base.reception) : undefined;
  if (plannedModel.reception) {
    const from = formatIsoDate(startDay + months[0].from);
    for (const l of plannedModel.reception.locations) {
      const ofType = chain.locations.filter((x) => x.type === l.type);
      const share = ofType.length > 0 ? 1 / ofType.length : 1;
      l.beds = monthlySchedule(
        l.beds,
        base.time.start,
        from,
        months,
        months.map((m) =>
          Math.ceil((beds.find((b) => b.month === m.label && b.locationType === l.type)?.plan ?? 0) * share),
        ),
        startDay,
      );
    }
  }
  return plannedModel;
}
