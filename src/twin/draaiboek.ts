// The draaiboek advice: each playbook rule of the model held against the projection. A rule's action can keep
// some thresholds below their limit (beds at a location: that location type's reception and overflow; servers,
// pool FTE or a diversion at a stage: the norms whose clocks run through that stage). The latest safe decision
// date is the first day of the first week in which a breach of such a threshold reaches 10% probability, minus
// the rule's lead time: decided by then, its effect is there before the breach is likely. A date before the as-of
// date means the rule is too late. The effect is then measured by simulation with common random numbers (the
// projection's first replications, same seeds): the rule alone, its conditions replaced by the one day it is
// decided (today, or the safe date) — a change of the model, not of the simulator — against the status quo.
import { type LoadedModel, withInflowForecastFor } from '../model/load.ts';
import type { ChainModel, PlaybookRule } from '../model/schema.ts';
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { stageNormId } from '../sim/chain/keys.ts';
import {
  type TwinExposure,
  type TwinProjection,
  type TwinThreshold,
  addExposure,
  emptyExposure,
  forEachReplication,
  withModel,
  withoutPlaybook,
} from './project.ts';

/** What the advice says of a rule. */
export type AdviceStatus =
  /** Even decided today, its effect arrives after a breach has become likely. */
  | 'too-late'
  /** Decide by the latest safe date. */
  | 'decide-by'
  /** The thresholds it can affect are not likely to be passed within the horizon. */
  | 'no-breach'
  /** Its action cannot keep any threshold below its limit (it removes capacity, or touches none). */
  | 'no-effect';

/** The total over the horizon by which a rule's effect is measured. */
export type ExposureMeasure = 'overflowPersonDays' | 'pastNormCaseDays' | 'backlogPersonDays';

export interface DraaiboekAdvice {
  rule: string;
  label: string;
  /** The rule's action: what it changes, where, and by how much (a diversion's share for `route`). */
  action: 'beds' | 'servers' | 'poolFte' | 'route';
  target: string;
  change: number;
  leadTimeDays: number;
  costs: { atEffectEur: number; atUndoEur: number; perDayEur: number };
  /** The thresholds (TwinThreshold ids) its action can affect. */
  affects: string[];
  /** The one that sets its timing: of those affected, the first to reach 10% breach probability; null if none does. */
  threshold: string | null;
  /** First day of the first week with a breach probability of at least 10%, 50% and 90% (null: not within the horizon). */
  breach10: string | null;
  breach50: string | null;
  breach90: string | null;
  /** The latest safe decision date (may lie before the as-of date: too late); null without a likely breach. */
  latestSafeDate: string | null;
  /** When its effect would arrive if decided today. */
  effectIfToday: string;
  status: AdviceStatus;
  /** What its effect is measured by, and the mean over the measured replications: without the rule, decided today,
   * decided at the latest safe date (null where not measured). */
  exposure: ExposureMeasure | null;
  without: number | null;
  decidedToday: number | null;
  decidedAtSafeDate: number | null;
  /** The draaiboek costs the runs booked (cost.playbook), mean EUR: decided today, at the safe date. */
  costToday: number | null;
  costAtSafeDate: number | null;
  /** Replications its effect was measured over (0: not measured). */
  replications: number;
}

export interface DraaiboekOptions {
  /** Replications per measuring run (default the smaller of 25 and the projection's); the projection's first ones. */
  replications?: number;
  /** At most this many rules are measured by simulation, the most urgent first (default 4). */
  maxRules?: number;
  workers?: number;
  onProgress?: (done: number, total: number) => void;
}

export const DRAAIBOEK_DEFAULTS = { replications: 25, maxRules: 4 } as const;

type Action = { action: DraaiboekAdvice['action']; target: string; change: number };

function actionOf(rule: PlaybookRule): Action {
  const then = rule.then;
  if ('beds' in then) return { action: 'beds', target: then.beds.location, change: then.beds.add };
  if ('servers' in then) return { action: 'servers', target: then.servers.stage, change: then.servers.add };
  if ('poolFte' in then) return { action: 'poolFte', target: then.poolFte.pool, change: then.poolFte.add };
  return { action: 'route', target: then.route.stage, change: then.route.share };
}

/** The stages a case can go to from each stage: its `next` branches, the next stage of each track route it is on,
 * and, at a stage that decides the track, every route's first stage. An over-approximation of the routing. */
function successors(model: ChainModel): Map<string, Set<string>> {
  const out = new Map(model.stages.map((s) => [s.id, new Set<string>()]));
  const routes = (model.tracks ?? []).map((t) => t.route);
  for (const s of model.stages) {
    const next = out.get(s.id)!;
    if (typeof s.next === 'string') next.add(s.next);
    else if (Array.isArray(s.next)) for (const b of s.next) if ('to' in b && b.to) next.add(b.to);
    if (s.next === undefined)
      for (const route of routes) {
        const i = route.indexOf(s.id);
        if (i >= 0 && i + 1 < route.length) next.add(route[i + 1]);
      }
    if (s.decides === 'track') for (const route of routes) next.add(route[0]);
  }
  return out;
}

function reachableFrom(starts: Iterable<string>, next: Map<string, Set<string>>): Set<string> {
  const seen = new Set<string>();
  const stack = [...starts];
  while (stack.length > 0) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    for (const n of next.get(s) ?? []) stack.push(n);
  }
  return seen;
}

/** The norms whose clocks can run while a case is at `stage`: its own norm and the chain norms it lies on the way of. */
export function normsThroughStage(model: ChainModel, stage: string): string[] {
  const next = successors(model);
  const downstream = reachableFrom([stage], next);
  const out: string[] = [];
  for (const n of model.norms ?? []) {
    const from = n.from === 'arrival' ? null : n.from.stages;
    const started = from === null || reachableFrom(from, next).has(stage);
    if (started && n.to.stages.some((s) => downstream.has(s))) out.push(n.id);
  }
  if (model.stages.find((s) => s.id === stage)?.norm) out.push(stageNormId(stage));
  return out;
}

/** The stages whose cases an action reaches: the stage itself, or a pool's stages. */
function stagesOf(model: ChainModel, a: Action): string[] {
  if (a.action === 'poolFte')
    return model.stages
      .filter((s) => typeof s.capacity === 'object' && 'pool' in s.capacity && s.capacity.pool === a.target)
      .map((s) => s.id);
  return [a.target];
}

/** The thresholds an action can affect and the total its effect is measured by. */
function reach(model: ChainModel, a: Action): { affects: string[]; exposure: ExposureMeasure | null } {
  if (a.action === 'beds') {
    const location = model.reception?.locations.find((l) => l.id === a.target);
    if (!location) return { affects: [], exposure: null };
    return { affects: [`reception.${location.type}`, 'overflow'], exposure: 'overflowPersonDays' };
  }
  const stages = stagesOf(model, a);
  const norms = [...new Set(stages.flatMap((s) => normsThroughStage(model, s)))];
  if (norms.length > 0) return { affects: norms.map((n) => `pastNorm.${n}`), exposure: 'pastNormCaseDays' };
  return { affects: [], exposure: stages.length > 0 ? 'backlogPersonDays' : null };
}

/** The mean over the first n replications of the total an advice is measured by. */
function exposureMean(
  exposure: TwinExposure,
  measure: ExposureMeasure,
  subjects: { norms: string[]; stages: string[] },
  n: number,
): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    if (measure === 'overflowPersonDays') sum += exposure.overflowPersonDays[i];
    else if (measure === 'pastNormCaseDays')
      for (const norm of subjects.norms) sum += exposure.pastNormCaseDays[norm][i];
    else for (const s of subjects.stages) sum += exposure.backlogPersonDays[s][i];
  }
  return sum / n;
}

function meanOf(values: readonly number[], n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

const URGENCY: Record<AdviceStatus, number> = { 'too-late': 0, 'decide-by': 1, 'no-breach': 2, 'no-effect': 3 };

/** The advice for every playbook rule of `loaded`'s model against `projection`, most urgent first. */
export async function adviseDraaiboek(
  loaded: LoadedModel,
  projection: TwinProjection,
  options: DraaiboekOptions = {},
): Promise<DraaiboekAdvice[]> {
  const model = loaded.model;
  const rules = model.playbook ?? [];
  const day0 = parseIsoDate(projection.startDate);
  const dateOf = (day: number) => formatIsoDate(day0 + day);
  const weekStart = (week: number | null) => (week === null ? null : projection.weekStarts[week - 1]);
  const thresholds = new Map<string, TwinThreshold>(projection.thresholds.map((t) => [t.id, t]));

  const plans = rules.map((rule) => {
    const a = actionOf(rule);
    const { affects, exposure } = reach(model, a);
    const present = affects.filter((id) => thresholds.has(id));
    // Removing capacity (or a diversion of no one) keeps no threshold below its limit.
    const helps = a.change > 0 && present.length > 0;
    const likely = present
      .map((id) => thresholds.get(id)!)
      .filter((t) => helps && t.week10 !== null)
      .sort((x, y) => x.week10! - y.week10!);
    const first = likely[0] ?? null;
    let status: AdviceStatus;
    let safeDay: number | null = null;
    if (!helps) status = 'no-effect';
    else if (first === null) status = 'no-breach';
    else {
      safeDay = 7 * (first.week10! - 1) - rule.leadTimeDays;
      status = safeDay < 0 ? 'too-late' : 'decide-by';
    }
    const subjects = {
      norms: affects.filter((id) => id.startsWith('pastNorm.')).map((id) => id.slice('pastNorm.'.length)),
      stages: stagesOf(model, a),
    };
    const advice: DraaiboekAdvice = {
      rule: rule.id,
      label: rule.label ?? rule.id,
      ...a,
      leadTimeDays: rule.leadTimeDays,
      costs: { ...rule.costs },
      affects: present,
      threshold: first?.id ?? null,
      breach10: weekStart(first?.week10 ?? null),
      breach50: weekStart(first?.week50 ?? null),
      breach90: weekStart(first?.week90 ?? null),
      latestSafeDate: safeDay === null ? null : dateOf(safeDay),
      effectIfToday: dateOf(rule.leadTimeDays),
      status,
      exposure: status === 'no-effect' ? null : exposure,
      without: null,
      decidedToday: null,
      decidedAtSafeDate: null,
      costToday: null,
      costAtSafeDate: null,
      replications: 0,
    };
    return { rule, advice, safeDay, subjects };
  });

  const byUrgency = (x: (typeof plans)[number], y: (typeof plans)[number]) =>
    URGENCY[x.advice.status] - URGENCY[y.advice.status] ||
    (x.safeDay ?? Infinity) - (y.safeDay ?? Infinity) ||
    x.advice.rule.localeCompare(y.advice.rule);
  plans.sort(byUrgency);

  // Measure the most urgent rules that can help with a likely breach, each at most twice (today, safe date).
  const n = Math.min(options.replications ?? DRAAIBOEK_DEFAULTS.replications, projection.replications);
  const measured = plans
    .filter((p) => p.advice.status === 'too-late' || p.advice.status === 'decide-by')
    .slice(0, options.maxRules ?? DRAAIBOEK_DEFAULTS.maxRules);
  const runs = measured.flatMap((p) => [
    { plan: p, day: 0 },
    ...(p.safeDay !== null && p.safeDay > 0 ? [{ plan: p, day: p.safeDay }] : []),
  ]);
  if (runs.length === 0) return plans.map((p) => p.advice);

  // The status quo on the same replications: the projection's own totals when it ran without the draaiboek.
  let baseline = projection.exposure;
  const horizonDays = projection.weeks * 7;
  const total = runs.length * n + (projection.playbook === 'off' ? 0 : n);
  let done = 0;
  const progress = (k: number) => options.onProgress?.(done + k, total);
  const measure = async (run: LoadedModel): Promise<TwinExposure> => {
    const exposure = emptyExposure(model, n);
    await forEachReplication(
      run,
      { replications: n, seed: projection.seed, horizonDays, workers: options.workers, onProgress: progress },
      (r) => addExposure(exposure, r, model, r.replication),
    );
    done += n;
    return exposure;
  };
  // The forecast of a forecast inflow, fitted once for all the runs.
  const base = withInflowForecastFor(loaded, horizonDays);
  if (projection.playbook !== 'off') baseline = await measure(withoutPlaybook(base));

  for (const { plan, day } of runs) {
    const forced: PlaybookRule = {
      ...plan.rule,
      when: { date: { from: dateOf(day), until: dateOf(day + 1) } },
    };
    const result = await measure(withModel(base, { ...model, playbook: [forced] }));
    const a = plan.advice;
    const value = exposureMean(result, a.exposure!, plan.subjects, n);
    const cost = meanOf(result.playbookEur, n);
    a.without = exposureMean(baseline, a.exposure!, plan.subjects, n);
    a.replications = n;
    if (day === 0) {
      a.decidedToday = value;
      a.costToday = cost;
      if (plan.safeDay === 0) {
        a.decidedAtSafeDate = value;
        a.costAtSafeDate = cost;
      }
    } else {
      a.decidedAtSafeDate = value;
      a.costAtSafeDate = cost;
    }
  }
  return plans.map((p) => p.advice);
}
