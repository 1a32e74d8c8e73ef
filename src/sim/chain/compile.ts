// Turns a loaded chain model into the numeric form the simulator runs on: ids become indices, schedules become
// step arrays in simulation days, distributions become samplers, routing becomes flat branch tables.
// Pure computation (no Node APIs), so a browser Web Worker can compile and run a model too.
import type { LoadedModel } from '../../model/load.ts';
import type { InitialCaseRow } from '../../model/initial-cases.ts';
import { inflowMonthPersons } from '../../model/inflow.ts';
import type { Age, ApplicationKind, ChainModel, Duration, ExitReason, Schedule } from '../../model/schema.ts';
import { CLOCK_STOPPED, INITIAL_OVERFLOW, applicationKinds, exitReasons } from '../../model/schema.ts';
import { WorkingCalendar, addMonths, daysInMonth, dutchPublicHolidays, parseIsoDate } from '../../core/calendar.ts';
import { type DistributionSpec, type Sampler, compileDistribution } from '../engine/distributions.ts';
import { type Forecast, forecast } from '../../forecast/forecast.ts';
import { type StressProfile, stopProfile, surgeProfile } from '../../forecast/scenarios.ts';
import {
  type CompiledPenaltyRegime,
  type CompiledTermExtension,
  compilePenaltyRegime,
  compileTermExtension,
} from './penalties.ts';

export const KIND_INDEX: Record<ApplicationKind, number> = { first: 0, repeat: 1, familyReunification: 2 };
export const DECIDES_NONE = 0;
export const DECIDES_GRANT = 1;
export const DECIDES_TRACK = 2;
export const DECIDES_DEPARTURE = 3;
/** Outcome codes at grant and departure stages; track outcomes are track indices. */
export const OUTCOME_GRANT = 0;
export const OUTCOME_REJECT = 1;
export const DEPARTURE_OUTCOMES = ['independent', 'forced', 'untraced'] as const;

export const CAPACITY_UNLIMITED = 0;
export const CAPACITY_SERVERS = 1;
export const CAPACITY_THROUGHPUT = 2;
/** A stage whose cases start as a staff pool's hours allow (see replication/pools.ts). */
export const CAPACITY_POOL = 3;

/** How a staff pool divides its hours over its stages. */
export const POOL_PRIORITY = 0;
export const POOL_SHARES = 1;
export const POOL_BACKLOG = 2;

export const QUEUE_FIFO = 0;
export const QUEUE_PRIORITY = 1;
export const QUEUE_EDF = 2;

/** A value that changes at given simulation days. */
export interface StepSchedule {
  /** Simulation day at which each value starts (first is <= 0). */
  fromDay: Float64Array;
  value: Float64Array;
}

export interface CompiledBranch {
  /** Target stage index, or -1 for an exit. */
  to: number;
  exit: number;
  probability: number;
  outcomes: Int32Array | null;
  cohorts: Int32Array | null;
  tracks: Int32Array | null;
  kinds: Int32Array | null;
}

export interface CompiledNormTerm {
  months: number;
  days: number;
}

export interface CompiledStageNorm extends CompiledNormTerm {
  working: boolean;
  penaltyPerDayLateEur: number;
  penaltyMaxEur: number;
}

export interface CompiledStage {
  index: number;
  id: string;
  label: string;
  partner: string;
  capacityKind: number;
  servers: StepSchedule | null;
  /** Daily release of throughput capacity (persons or cases) per simulation day, for throughput stages. */
  dailyQuota: Float64Array | null;
  /**
   * A half-yearly target that follows the chain's own permits from `fromDay` on (throughput `targetFromPermits`):
   * the replication refills `dailyQuota`'s days from then on at each half year's start. Null otherwise.
   */
  permitTarget: CompiledPermitTarget | null;
  quotaInPersons: boolean;
  workingDaysOnly: boolean;
  service: Sampler;
  queueKind: number;
  /** For priority queues: rank per track, cohort or kind index (unlisted = order length). */
  priorityBy: 'track' | 'cohort' | 'kind' | null;
  priorityRank: Int32Array | null;
  /** For EDF queues: the chain norm whose deadline orders the queue. */
  edfNorm: number;
  decides: number;
  /** Routing table; null: the next stage on the case's track route. */
  branches: CompiledBranch[] | null;
  /** Location preference list, or null: stay where you are. */
  locations: Int32Array | null;
  norm: CompiledStageNorm | null;
  /** FTE per simulation day, or null when the stage has no staff costs. */
  fte: StepSchedule | null;
  ftePerServer: number;
  costPerFteYearEur: number;
  /** Cases here are abroad (a family's application, its journey): no bed, not in the chain. */
  abroad: boolean;
  /** The staff pool of a pool stage (index into CompiledChain.pools), or -1. */
  pool: number;
  /** At a pool stage: staff hours per case, or per person when `poolPerPerson`. */
  poolHours: number;
  poolPerPerson: boolean;
}

/** A housing target from the permits: see CompiledStage.permitTarget and docs/model.md (throughput). */
export interface CompiledPermitTarget {
  /** The first half year whose target is the permits of the half year before (a simulation day). */
  fromDay: number;
  /** Simulation days on which the half years of the run start, from the one before `fromDay` on, and the day after
   * the last one ends. */
  halfYearStarts: Float64Array;
  share: StepSchedule;
  /** Arrears carried into the half year of `fromDay` by the half years before it. */
  arrears: number;
  /** Spread over working days only (the stage's workingDaysOnly): else over all days. */
  working: boolean;
}

/** A division rule of a staff pool, in force from `fromDay` (the first from -Infinity) until the next. */
export interface CompiledPoolDivision {
  fromDay: number;
  rule: number;
  /** Stage indices of the pool: in priority order for POOL_PRIORITY, else in the pool's order. */
  order: Int32Array;
  /** For POOL_SHARES: the share of each stage in `order`. */
  shares: Float64Array;
}

export interface CompiledPool {
  index: number;
  id: string;
  label: string;
  partner: string;
  fte: StepSchedule;
  hoursPerFteDay: number;
  costPerFteYearEur: number;
  /** The stages that use the pool, in model order. */
  stages: Int32Array;
  divisions: CompiledPoolDivision[];
}

export interface CompiledChainNorm extends CompiledNormTerm {
  index: number;
  id: string;
  label: string;
  /** Stage-event that starts the clock: -1 for arrival. Events: 0 enter, 1 start, 2 end. */
  fromStages: Int32Array | null;
  fromEvent: number;
  toStages: Int32Array;
  toEvent: number;
  working: boolean;
  kinds: Uint8Array;
  penaltyPerDayLateEur: number;
  penaltyMaxEur: number;
  overrides: { fromDay: number; beforeDay: number; term: CompiledNormTerm }[];
  /** Penalty regimes for late decisions (notice of default, stepped daily penalty), in list order. */
  penalties: CompiledPenaltyRegime[];
  /** Dated extensions of the term, applied in list order. */
  extensions: CompiledTermExtension[];
}

export interface CompiledLocation {
  index: number;
  id: string;
  label: string;
  type: string;
  beds: StepSchedule;
  costPerOccupiedBedDayEur: number;
  costPerEmptyBedDayEur: number;
}

export interface CompiledCohort {
  index: number;
  id: string;
  childShare: number;
  householdSizes: Int32Array;
  householdCumulative: Float64Array;
  meanHouseholdSize: number;
  /** Cumulative track probabilities over track indices. */
  trackCumulative: Float64Array;
  /** Grant probability per stage index (NaN where the stage decides no grant). */
  grantProbability: Float64Array;
  departureCumulative: Float64Array;
  familyMembersPerGrant: number;
  familyDelay: Sampler | null;
  familyChildShare: number;
  familyFromKinds: Uint8Array;
  /** Family reunification as a process (an application abroad), or null: the family arrives after the delay. */
  familyApplication: CompiledFamilyApplication | null;
}

export interface CompiledFamilyApplication {
  /** The abroad stage where the application is filed. */
  stage: number;
  /** Grant → filing. */
  delay: Sampler;
  /** Chance that a family whose sponsor is housed goes to directTo (a stage) or out by directExit (-1: none). */
  directShare: number;
  directTo: number;
  directExit: number;
  /** Per exit reason: 1 when a sponsor leaving for it counts as housed. */
  housedExits: Uint8Array;
}

/**
 * A group of the initial state. Without `history` it is the original form: persons placed one by one as
 * households of one with no history (the cohort drawn per person when not given).
 */
export interface CompiledInitialGroup {
  stage: number;
  persons: number;
  kind: number;
  cohort: number;
  granted: boolean;
  track: number;
  history: {
    /** Cumulative shares over cohort (track) indices when the group gives a mix, else null. */
    cohortCumulative: Float64Array | null;
    trackCumulative: Float64Array | null;
    householdSizes: Int32Array;
    householdCumulative: Float64Array;
    /** Days since arrival and since entering the stage, per household; null: no age (arrival unknown). */
    sinceArrival: Sampler | null;
    sinceStageEntry: Sampler | null;
    /** Without sinceStageEntry: whether the stage entry is the arrival (the kind's entry stage, or abroad). */
    enteredAtArrival: boolean;
    sponsorHousedShare: number;
  } | null;
}

/**
 * One case open at the start, as the per-case form of the initial state (a CSV row; the twin builds these from
 * an event log). Times are simulation days (<= 0: before the start).
 */
export interface CompiledInitialCase {
  stage: number;
  persons: number;
  /** Children among the persons, or -1: drawn from the cohort's childShare. */
  children: number;
  kind: number;
  cohort: number;
  track: number;
  granted: boolean;
  arrivalDay: number;
  enteredDay: number;
  /** In service since this day, or NaN: waiting. */
  startedDay: number;
  /** Per chain norm: the clock's start, -Infinity for a clock that has stopped, or NaN (the clock follows from the
   * arrival and stage entry). */
  clockStarts: Float64Array;
  /** For an application abroad: 1 when the sponsor is housed. */
  sponsorHoused: number;
  /** The location the case is in at the start: a location index, INITIAL_IN_OVERFLOW, or -1 (placed by its
   * stage's preferences). */
  location: number;
}

/** `CompiledInitialCase.location` of a case without a bed at the start. */
export const INITIAL_IN_OVERFLOW = -2;

export interface InflowStreamRuntime {
  streamId: number;
  kind: number;
  cohort: number;
  /** Persons per day for each simulation day (piecewise constant by month), length horizonDays. */
  personsPerDay: Float64Array;
  /** Persons per month for exact arrivals, with the simulation day each month starts on and its length. */
  monthStartDay: Int32Array;
  monthLength: Int32Array;
  monthPersons: Float64Array;
  /**
   * For a forecast inflow: the forecast of the months after the history, and for each month of the run its
   * step in that forecast (-1 for an observed month). Each replication fills those months from its own path.
   */
  forecast: Forecast | null;
  forecastStep: Int32Array;
  /** Stress templates on the forecast, each with the forecast step it starts at. */
  stress: { profile: StressProfile; startStep: number }[];
}

export interface CompiledBound {
  atLeast: number;
  atMost: number;
}

export interface CompiledRule {
  index: number;
  id: string;
  label: string;
  occupancy: (CompiledBound & { locations: Int32Array }) | null;
  backlog: (CompiledBound & { stage: number }) | null;
  inflow: (CompiledBound & { windowDays: number }) | null;
  waiting: (CompiledBound & { stage: number; windowDays: number }) | null;
  overflow: CompiledBound | null;
  /** Simulation days from which and before which the rule may act. */
  fromDay: number;
  untilDay: number;
  target: 'beds' | 'servers' | 'route' | 'poolFte';
  /**
   * Location index (beds), stage index (servers, route: the stage whose finishing cases are diverted) or staff
   * pool index (poolFte).
   */
  targetIndex: number;
  /** Beds, servers or pool FTE to add; for route, the share diverted. */
  add: number;
  /** For route: the stage diverted cases go to. */
  routeTo: number;
  leadTimeDays: number;
  minimumDurationDays: number;
  /** 0: the change stays. */
  durationDays: number;
  /** Infinity: the rule acts once. */
  cooldownDays: number;
  atEffectEur: number;
  atUndoEur: number;
  perDayEur: number;
}

export interface CompiledChain {
  name: string;
  hash: string;
  startDay: number;
  startDate: string;
  horizonDays: number;
  warmupDays: number;
  calendar: WorkingCalendar;
  stages: CompiledStage[];
  /** Staff pools shared by stages (empty for a model without `staffPools`). */
  pools: CompiledPool[];
  cohorts: CompiledCohort[];
  tracks: { id: string; label: string; route: Int32Array }[];
  /** routeNext[track][stage]: where a case on the track goes after `stage` when the stage has no `next`, or -1. */
  routeNext: Int32Array[];
  norms: CompiledChainNorm[];
  locations: CompiledLocation[];
  hasReception: boolean;
  overflowCostPerPersonDayEur: number;
  moveUpWhenBedFrees: boolean;
  costPerMoveEur: number;
  entryStage: Int32Array;
  inflowProcess: 'poisson' | 'exact';
  streams: InflowStreamRuntime[];
  /** Cumulative household-frequency shares of cohorts per kind (for streams that draw the cohort). */
  cohortCumulative: Float64Array[];
  /** Cumulative person shares of cohorts per kind (for persons placed one by one, as in the initial state). */
  cohortPersonCumulative: Float64Array[];
  exitReasons: readonly ExitReason[];
  kinds: readonly ApplicationKind[];
  playbook: CompiledRule[];
  /** Persons in the chain at time 0, by group (initialState). */
  initialStocks: CompiledInitialGroup[];
  /** Cases open at time 0, one by one (initialCases). */
  initialCases: CompiledInitialCase[];
  /** True when some stage is abroad (family reunification as a process). */
  hasAbroad: boolean;
}

export function durationSpec(d: Duration): DistributionSpec {
  switch (d.dist) {
    case 'fixed':
      return { kind: 'fixed', value: d.days };
    case 'exponential':
      return { kind: 'exponential', mean: d.meanDays };
    case 'lognormal':
      return { kind: 'lognormal', mean: d.meanDays, sd: d.sdDays };
    case 'gamma':
      return { kind: 'gamma', mean: d.meanDays, sd: d.sdDays };
    case 'triangular':
      return { kind: 'triangular', min: d.minDays, mode: d.modeDays, max: d.maxDays };
    case 'empirical':
      return { kind: 'empirical', values: d.valuesDays, weights: d.weights, interpolate: d.interpolate };
  }
}

function toSteps(schedule: Schedule, startDay: number): StepSchedule {
  if (typeof schedule === 'number') return { fromDay: Float64Array.of(-Infinity), value: Float64Array.of(schedule) };
  return {
    fromDay: Float64Array.from(schedule, (s, i) => (i === 0 ? -Infinity : parseIsoDate(s.from) - startDay)),
    value: Float64Array.from(schedule, (s) => s.value),
  };
}

/** The value of a step schedule at simulation time t (binary search: a schedule may have thousands of steps). */
export function valueAt(schedule: StepSchedule, t: number): number {
  const from = schedule.fromDay;
  // The last step whose start is <= t; fromDay[0] is -Infinity, so there always is one.
  let low = 0;
  let high = from.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >>> 1;
    if (from[middle] > t) high = middle - 1;
    else low = middle;
  }
  return schedule.value[low];
}

/** The term of a chain norm for a clock started at t: an override's when t falls in its period. */
export function chainNormTerm(norm: CompiledChainNorm, t: number): CompiledNormTerm {
  for (const o of norm.overrides) if (t >= o.fromDay && t < o.beforeDay) return o.term;
  return norm;
}

/**
 * The deadline of a norm clock started at simulation time t: months are calendar months from t's day (keeping
 * its time of day), days are calendar days or, for a working-day norm, working time on the chain's calendar.
 */
export function normDeadline(chain: CompiledChain, term: CompiledNormTerm, working: boolean, t: number): number {
  if (term.months > 0) {
    const day = Math.floor(t);
    return addMonths(chain.startDay + day, term.months) - chain.startDay + (t - day);
  }
  return working ? chain.calendar.addWorkingTime(t, term.days) : t + term.days;
}

/**
 * The deadline of a clock of a chain norm started at t: the start plus its term (an override's, by the start),
 * then lengthened by each dated extension, in list order, that covers it (the deadline so far on or after the
 * extension's from, the start before its until).
 */
export function chainNormDeadline(chain: CompiledChain, norm: CompiledChainNorm, t: number): number {
  let deadline = normDeadline(chain, chainNormTerm(norm, t), norm.working, t);
  for (const e of norm.extensions)
    if (deadline >= e.fromDay && t < e.beforeDay) deadline = normDeadline(chain, e, norm.working, deadline);
  return deadline;
}

function cumulative(weights: number[]): Float64Array {
  const total = weights.reduce((a, b) => a + b, 0);
  const out = new Float64Array(weights.length);
  let acc = 0;
  weights.forEach((w, i) => {
    acc += w;
    out[i] = total > 0 ? acc / total : (i + 1) / weights.length;
  });
  if (out.length > 0) out[out.length - 1] = 1;
  return out;
}

function term(n: { days?: number; months?: number }): CompiledNormTerm {
  return { days: n.days ?? 0, months: n.months ?? 0 };
}

export function compileChain(loaded: LoadedModel, options: { horizonDays?: number } = {}): CompiledChain {
  const { model } = loaded;
  const startDay = parseIsoDate(model.time.start);
  const horizonDays = options.horizonDays ?? model.time.horizonDays;
  const warmupDays = Math.min(model.time.warmupDays, Math.max(0, horizonDays - 1));
  const weekdayIndex = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 } as const;
  const holidays: number[] = [...model.calendar.extraHolidays.map(parseIsoDate)];
  if (model.calendar.holidays === 'nl') {
    const firstYear = Number(model.time.start.slice(0, 4));
    // Holidays are known for 1980–9999 (validation keeps a model's run within them; a log read for monitoring
    // may reach beyond, and has no holidays there).
    for (
      let y = Math.max(1980, firstYear - 1 - historyYears(loaded));
      y <= Math.min(9999, firstYear + Math.ceil(horizonDays / 365) + 30);
      y++
    ) {
      holidays.push(
        ...dutchPublicHolidays(y, {
          liberationDay: model.calendar.liberationDay,
          goodFriday: model.calendar.goodFriday,
        }),
      );
    }
  }
  const calendar = new WorkingCalendar({
    startDay,
    days: horizonDays + 3660,
    workingWeekdays: model.calendar.workingWeekdays.map((d) => weekdayIndex[d]),
    holidays,
  });

  const stageIndex = new Map(model.stages.map((s, i) => [s.id, i]));
  const staffPools = model.staffPools ?? [];
  const poolIndex = new Map(staffPools.map((p, i) => [p.id, i]));
  const cohortIndex = new Map(model.cohorts.map((c, i) => [c.id, i]));
  const trackIndex = new Map(model.tracks.map((t, i) => [t.id, i]));
  const normIndex = new Map(model.norms.map((n, i) => [n.id, i]));
  const locations = model.reception?.locations ?? [];
  const locationIndex = new Map(locations.map((l, i) => [l.id, i]));
  const ints = (values: string[] | undefined, map: Map<string, number>) =>
    values ? Int32Array.from(values, (v) => map.get(v)!) : null;

  const stages: CompiledStage[] = model.stages.map((s, index) => {
    let capacityKind = CAPACITY_UNLIMITED;
    let servers: StepSchedule | null = null;
    let dailyQuota: Float64Array | null = null;
    let permitTarget: CompiledPermitTarget | null = null;
    let quotaInPersons = true;
    let pool = -1;
    let poolHours = 0;
    let poolPerPerson = false;
    if (s.capacity !== 'unlimited' && 'servers' in s.capacity) {
      capacityKind = CAPACITY_SERVERS;
      servers = toSteps(s.capacity.servers, startDay);
    } else if (s.capacity !== 'unlimited' && 'pool' in s.capacity) {
      capacityKind = CAPACITY_POOL;
      pool = poolIndex.get(s.capacity.pool)!;
      poolPerPerson = s.capacity.hoursPerPerson !== undefined;
      poolHours = s.capacity.hoursPerPerson ?? s.capacity.hoursPerCase!;
    } else if (s.capacity !== 'unlimited') {
      capacityKind = CAPACITY_THROUGHPUT;
      const tp = s.capacity.throughput;
      quotaInPersons = tp.unit === 'persons';
      const amount = toSteps(tp.amount, startDay);
      const share = tp.realisationShare === undefined ? null : toSteps(tp.realisationShare, startDay);
      const permitsFrom =
        tp.targetFromPermits === undefined ? Infinity : parseIsoDate(tp.targetFromPermits.from) - startDay;
      const target =
        share === null
          ? null
          : targetWithArrears(amount, share, tp.arrearsAtStart ?? 0, startDay, horizonDays, permitsFrom);
      if (target !== null && share !== null && permitsFrom < Infinity)
        permitTarget = {
          fromDay: permitsFrom,
          halfYearStarts: target.halfYearStarts.filter((d) => d >= permitsFrom - 184),
          share,
          arrears: target.arrearsAtSwitch,
          working: s.workingDaysOnly,
        };
      dailyQuota = throughputQuota(
        target === null ? amount : target.realised,
        tp.per,
        startDay,
        horizonDays,
        s.workingDaysOnly ? calendar : null,
      );
    }
    let queueKind = QUEUE_FIFO;
    let priorityBy: CompiledStage['priorityBy'] = null;
    let priorityRank: Int32Array | null = null;
    let edfNorm = -1;
    if (typeof s.queue === 'object' && 'edf' in s.queue) {
      queueKind = QUEUE_EDF;
      edfNorm = normIndex.get(s.queue.edf)!;
    } else if (typeof s.queue === 'object') {
      queueKind = QUEUE_PRIORITY;
      priorityBy = s.queue.priority.by;
      const order = s.queue.priority.order;
      const universe: string[] =
        priorityBy === 'track'
          ? model.tracks.map((t) => t.id)
          : priorityBy === 'cohort'
            ? model.cohorts.map((c) => c.id)
            : [...applicationKinds];
      priorityRank = Int32Array.from(universe, (v) => (order.includes(v) ? order.indexOf(v) : order.length));
    }
    const branches: CompiledBranch[] | null =
      s.next === undefined
        ? null
        : (typeof s.next === 'string' ? [{ to: s.next, probability: 1 }] : s.next).map((b) => ({
            to: b.to !== undefined ? stageIndex.get(b.to)! : -1,
            exit: b.exit !== undefined ? exitReasons.indexOf(b.exit) : -1,
            probability: b.probability ?? 1,
            outcomes: b.when?.outcome
              ? Int32Array.from(b.when.outcome, (o) => outcomeCode(o, s.decides, trackIndex))
              : null,
            cohorts: ints(b.when?.cohort, cohortIndex),
            tracks: ints(b.when?.track, trackIndex),
            kinds: b.when?.kind ? Int32Array.from(b.when.kind, (k) => KIND_INDEX[k]) : null,
          }));
    let fte: StepSchedule | null = null;
    if (s.staff?.fte !== undefined) fte = toSteps(s.staff.fte, startDay);
    return {
      index,
      id: s.id,
      label: s.label ?? s.id,
      partner: s.partner,
      capacityKind,
      servers,
      dailyQuota,
      permitTarget,
      quotaInPersons,
      workingDaysOnly: s.workingDaysOnly,
      service: compileDistribution(durationSpec(s.serviceTime)),
      queueKind,
      priorityBy,
      priorityRank,
      edfNorm,
      decides:
        s.decides === 'grant'
          ? DECIDES_GRANT
          : s.decides === 'track'
            ? DECIDES_TRACK
            : s.decides === 'departure'
              ? DECIDES_DEPARTURE
              : DECIDES_NONE,
      branches,
      locations: ints(s.location, locationIndex),
      norm: s.norm
        ? {
            ...term(s.norm),
            working: s.norm.calendar === 'working',
            penaltyPerDayLateEur: s.norm.penaltyPerDayLateEur,
            penaltyMaxEur: s.norm.penaltyMaxEur ?? Infinity,
          }
        : null,
      fte,
      ftePerServer: s.staff?.ftePerServer ?? 0,
      costPerFteYearEur: s.staff?.costPerFteYearEur ?? 0,
      abroad: s.abroad === true,
      pool,
      poolHours,
      poolPerPerson,
    };
  });

  const pools: CompiledPool[] = staffPools.map((p, index) => {
    const members = Int32Array.from(
      stages.filter((s) => s.pool === index),
      (s) => s.index,
    );
    const entries = Array.isArray(p.division) ? p.division : [p.division];
    return {
      index,
      id: p.id,
      label: p.label ?? p.id,
      partner: p.partner,
      fte: toSteps(p.fte, startDay),
      hoursPerFteDay: p.hoursPerFteDay,
      costPerFteYearEur: p.costPerFteYearEur,
      stages: members,
      divisions: entries.map((e, i): CompiledPoolDivision => {
        const fromDay = i === 0 || !('from' in e) ? -Infinity : parseIsoDate(e.from as string) - startDay;
        if (e.rule === 'priority')
          return {
            fromDay,
            rule: POOL_PRIORITY,
            order: Int32Array.from(e.order, (id) => stageIndex.get(id)!),
            shares: new Float64Array(0),
          };
        return {
          fromDay,
          rule: e.rule === 'shares' ? POOL_SHARES : POOL_BACKLOG,
          order: members,
          shares: Float64Array.from(members, (s) => (e.rule === 'shares' ? (e.shares[stages[s].id] ?? 0) : 0)),
        };
      }),
    };
  });

  const tracks = model.tracks.map((t) => ({
    id: t.id,
    label: t.label ?? t.id,
    route: Int32Array.from(t.route, (s) => stageIndex.get(s)!),
  }));
  // Without "next", a case goes on along its track's route; a track-deciding stage starts the chosen route.
  const routeNext = tracks.map((t) => {
    const next = new Int32Array(stages.length).fill(-1);
    for (const s of stages) if (s.decides === DECIDES_TRACK && !t.route.includes(s.index)) next[s.index] = t.route[0];
    for (let i = 0; i + 1 < t.route.length; i++) next[t.route[i]] = t.route[i + 1];
    return next;
  });

  const cohorts: CompiledCohort[] = model.cohorts.map((c, index) => {
    const sizes = c.householdSize?.sizes ?? [1];
    const weights = c.householdSize?.weights ?? [1];
    const totalWeight = weights.reduce((a, b) => a + b, 0);
    const fr = c.familyReunification;
    return {
      index,
      id: c.id,
      childShare: c.childShare,
      householdSizes: Int32Array.from(sizes),
      householdCumulative: cumulative(weights),
      meanHouseholdSize: sizes.reduce((acc, s, i) => acc + s * weights[i], 0) / totalWeight,
      trackCumulative: cumulative(model.tracks.map((t) => c.trackProbabilities[t.id] ?? 0)),
      grantProbability: Float64Array.from(model.stages, (s) =>
        s.decides === 'grant' ? (c.grantProbability[s.id] ?? 0) : Number.NaN,
      ),
      departureCumulative: cumulative(DEPARTURE_OUTCOMES.map((k) => c.departure?.[k] ?? 0)),
      familyMembersPerGrant: fr?.membersPerGrantedCase ?? 0,
      familyDelay: fr?.delay ? compileDistribution(durationSpec(fr.delay)) : null,
      familyChildShare: fr?.childShare ?? c.childShare,
      familyFromKinds: Uint8Array.from(applicationKinds, (k) => (fr?.fromKinds.some((f) => f === k) ? 1 : 0)),
      familyApplication: fr?.application ? compileApplication(fr.application, stageIndex) : null,
    };
  });

  let regimes = 0;
  const norms: CompiledChainNorm[] = model.norms.map((n, index) => ({
    index,
    id: n.id,
    label: n.label ?? n.id,
    ...term(n),
    fromStages: n.from === 'arrival' ? null : Int32Array.from(n.from.stages, (s) => stageIndex.get(s)!),
    fromEvent: n.from === 'arrival' ? -1 : ['enter', 'start', 'end'].indexOf(n.from.event),
    toStages: Int32Array.from(n.to.stages, (s) => stageIndex.get(s)!),
    toEvent: ['enter', 'start', 'end'].indexOf(n.to.event),
    working: n.calendar === 'working',
    kinds: Uint8Array.from(applicationKinds, (k) => (n.kinds.includes(k) ? 1 : 0)),
    penaltyPerDayLateEur: n.penaltyPerDayLateEur,
    penaltyMaxEur: n.penaltyMaxEur ?? Infinity,
    overrides: n.overrides.map((o) => ({
      fromDay: parseIsoDate(o.startedFrom) - startDay,
      beforeDay: parseIsoDate(o.startedBefore) - startDay,
      term: term(o),
    })),
    penalties: (n.penalties ?? []).map((r) =>
      compilePenaltyRegime(
        r,
        { index, id: n.id },
        regimes++,
        compileDistribution(durationSpec(r.noticeDelay)),
        startDay,
      ),
    ),
    extensions: (n.extensions ?? []).map((e) => compileTermExtension(e, startDay)),
  }));

  const compiledLocations: CompiledLocation[] = locations.map((l, index) => ({
    index,
    id: l.id,
    label: l.label ?? l.id,
    type: l.type,
    beds: toSteps(l.beds, startDay),
    costPerOccupiedBedDayEur: l.costPerOccupiedBedDayEur,
    costPerEmptyBedDayEur: l.costPerEmptyBedDayEur,
  }));

  const entryStage = Int32Array.from(applicationKinds, (k) => {
    const id = model.inflow.entry[k];
    return id === undefined ? -1 : stageIndex.get(id)!;
  });

  // Cohorts are drawn per household, inflow is counted in persons: a cohort with larger households is drawn
  // proportionally less often, so that its share of persons is the share the model gives.
  const cohortCumulative = applicationKinds.map((k) => {
    const shares = loaded.inflow.shares[k];
    return cumulative(shares.map((s, i) => s / cohorts[i].meanHouseholdSize));
  });

  const cohortPersonCumulative = applicationKinds.map((k) => cumulative(loaded.inflow.shares[k]));

  const streams = loaded.inflow.streams.map((s, streamId) =>
    inflowRuntime(loaded, s.persons, startDay, horizonDays, streamId, KIND_INDEX[s.kind], s.cohort),
  );

  return {
    name: model.name,
    hash: loaded.hash,
    startDay,
    startDate: model.time.start,
    horizonDays,
    warmupDays,
    calendar,
    stages,
    pools,
    cohorts,
    tracks,
    routeNext,
    norms,
    locations: compiledLocations,
    hasReception: compiledLocations.length > 0,
    overflowCostPerPersonDayEur: model.reception?.overflowCostPerPersonDayEur ?? 0,
    moveUpWhenBedFrees: model.reception?.moveUpWhenBedFrees ?? false,
    costPerMoveEur: model.reception?.costPerMoveEur ?? 0,
    entryStage,
    inflowProcess: model.inflow.process,
    streams,
    cohortCumulative,
    cohortPersonCumulative,
    exitReasons,
    kinds: applicationKinds,
    playbook: model.playbook.map((rule, index): CompiledRule => {
      const bound = (b: { atLeast?: number; atMost?: number }) => ({
        atLeast: b.atLeast ?? -Infinity,
        atMost: b.atMost ?? Infinity,
      });
      const w = rule.when;
      return {
        index,
        id: rule.id,
        label: rule.label ?? rule.id,
        occupancy: w.occupancy
          ? { ...bound(w.occupancy), locations: Int32Array.from(w.occupancy.locations, (l) => locationIndex.get(l)!) }
          : null,
        backlog: w.backlog ? { ...bound(w.backlog), stage: stageIndex.get(w.backlog.stage)! } : null,
        inflow: w.inflow ? { ...bound(w.inflow), windowDays: w.inflow.windowDays } : null,
        waiting: w.waiting
          ? {
              atLeast: w.waiting.atLeastDays ?? -Infinity,
              atMost: w.waiting.atMostDays ?? Infinity,
              stage: stageIndex.get(w.waiting.stage)!,
              windowDays: w.waiting.windowDays,
            }
          : null,
        overflow: w.overflow ? bound(w.overflow) : null,
        fromDay: w.date?.from ? parseIsoDate(w.date.from) - startDay : -Infinity,
        untilDay: w.date?.until ? parseIsoDate(w.date.until) - startDay : Infinity,
        target:
          'beds' in rule.then
            ? 'beds'
            : 'route' in rule.then
              ? 'route'
              : 'poolFte' in rule.then
                ? 'poolFte'
                : 'servers',
        targetIndex:
          'beds' in rule.then
            ? locationIndex.get(rule.then.beds.location)!
            : 'route' in rule.then
              ? stageIndex.get(rule.then.route.stage)!
              : 'poolFte' in rule.then
                ? poolIndex.get(rule.then.poolFte.pool)!
                : stageIndex.get(rule.then.servers.stage)!,
        add:
          'beds' in rule.then
            ? rule.then.beds.add
            : 'route' in rule.then
              ? rule.then.route.share
              : 'poolFte' in rule.then
                ? rule.then.poolFte.add
                : rule.then.servers.add,
        routeTo: 'route' in rule.then ? stageIndex.get(rule.then.route.to)! : -1,
        leadTimeDays: rule.leadTimeDays,
        minimumDurationDays: rule.minimumDurationDays,
        durationDays: rule.durationDays ?? 0,
        cooldownDays: rule.cooldownDays ?? Infinity,
        atEffectEur: rule.costs.atEffectEur,
        atUndoEur: rule.costs.atUndoEur,
        perDayEur: rule.costs.perDayEur,
      };
    }),
    initialStocks: model.initialState.map((st) => ({
      stage: stageIndex.get(st.stage)!,
      persons: st.persons,
      kind: KIND_INDEX[st.kind],
      cohort: st.cohort === undefined ? -1 : cohortIndex.get(st.cohort)!,
      granted: st.granted,
      track: st.track === undefined ? -1 : trackIndex.get(st.track)!,
      history: initialHistory(model, st, { stageIndex, cohortIndex, trackIndex, entryStage }),
    })),
    initialCases: (loaded.initialCases ?? []).map((row) =>
      compileInitialCase(row, startDay, { stageIndex, cohortIndex, trackIndex, normIndex, locationIndex }),
    ),
    hasAbroad: stages.some((s) => s.abroad),
  };
}

function outcomeCode(outcome: string, decides: string | undefined, trackIndex: Map<string, number>): number {
  if (decides === 'grant') return outcome === 'grant' ? OUTCOME_GRANT : OUTCOME_REJECT;
  if (decides === 'departure') return DEPARTURE_OUTCOMES.indexOf(outcome as 'forced');
  return trackIndex.get(outcome)!;
}

/** Monthly person counts laid out over simulation days, extended after the series as the model says. */
function inflowRuntime(
  loaded: LoadedModel,
  persons: number[],
  startDay: number,
  horizonDays: number,
  streamId: number,
  kind: number,
  cohort: number,
): InflowStreamRuntime {
  const personsPerDay = new Float64Array(horizonDays);
  const monthStarts: number[] = [];
  const monthLengths: number[] = [];
  const monthPersons: number[] = [];
  const steps: number[] = [];
  if (loaded.inflow.mode === 'perDay') {
    personsPerDay.fill(persons[0]);
    const none = new Int32Array(0);
    return {
      streamId,
      kind,
      cohort,
      personsPerDay,
      monthStartDay: none,
      monthLength: none,
      monthPersons: new Float64Array(0),
      forecast: null,
      forecastStep: none,
      stress: [],
    };
  }
  const forecasting = loaded.inflow.forecast !== undefined;
  const first = loaded.inflow.firstMonth;
  const firstYear = Number(first.slice(0, 4));
  const firstMonth0 = Number(first.slice(5, 7)) - 1;
  const n = persons.length;
  const countFor = (offset: number): number => inflowMonthPersons(persons, offset, loaded.inflow.afterLastMonth);
  let monthDay = parseIsoDate(`${first}-01`);
  for (let offset = 0; monthDay - startDay < horizonDays; offset++) {
    const year = firstYear + Math.floor((firstMonth0 + offset) / 12);
    const month0 = (firstMonth0 + offset) % 12;
    const length = daysInMonth(year, month0);
    const count = countFor(offset);
    const from = monthDay - startDay;
    if (from + length > 0) {
      monthStarts.push(from);
      monthLengths.push(length);
      monthPersons.push(forecasting && offset >= n ? 0 : count);
      steps.push(forecasting && offset >= n ? offset - n : -1);
      for (let d = Math.max(0, from); d < Math.min(horizonDays, from + length); d++) personsPerDay[d] = count / length;
    }
    monthDay = addMonths(monthDay, 1);
  }
  const forecastStep = Int32Array.from(steps);
  const horizon = Math.max(0, ...steps) + 1;
  // The forecast fitted when the model was loaded, when it was made for this horizon (LoadedModel.inflowForecast);
  // else fitted here. Deterministic either way: replication r sees the same path on any worker thread.
  const carried = loaded.inflowForecast?.streams[streamId];
  const fc = !forecasting
    ? null
    : carried && carried.horizon === horizon && carried.observations === n
      ? carried
      : forecast(persons, { horizon, period: 12, method: loaded.inflow.forecast!.method });
  const firstForecastMonth = firstYear * 12 + firstMonth0 + n;
  const stress = (loaded.model.inflow.forecast?.stress ?? []).map((s) => {
    const startStep = Number(s.from.slice(0, 4)) * 12 + Number(s.from.slice(5, 7)) - 1 - firstForecastMonth;
    const profile =
      'multipliers' in s
        ? { name: 'multipliers', multipliers: Float64Array.from(s.multipliers), source: 'model file' }
        : 'surge' in s
          ? surgeProfile({
              peak: s.surge.peak,
              rampSteps: s.surge.rampMonths,
              holdSteps: s.surge.holdMonths,
              decaySteps: s.surge.decayMonths,
            })
          : stopProfile({ depth: s.stop.depth, holdSteps: s.stop.holdMonths, recoverySteps: s.stop.recoveryMonths });
    return { profile, startStep };
  });
  return {
    streamId,
    kind,
    cohort,
    personsPerDay,
    monthStartDay: Int32Array.from(monthStarts),
    monthLength: Int32Array.from(monthLengths),
    monthPersons: Float64Array.from(monthPersons),
    forecast: fc,
    forecastStep,
    stress,
  };
}

/**
 * A half-yearly target with arrears, as the housing target of permit holders works: in each half year of the run
 * the share `share` of the target plus the arrears carried in is realised, and the rest is carried into the next
 * half year. Gives what is realised per half year as a schedule (a step at the start of each half year; the target
 * and the share of a half year are their values on its first day or on the run's first day), the days on which
 * the half years start (and the day after the last one ends), and the arrears carried into the half year that starts on `switchDay` (from which on the
 * replication sets the target from the permits; Infinity: never).
 */
function targetWithArrears(
  target: StepSchedule,
  share: StepSchedule,
  arrearsAtStart: number,
  startDay: number,
  horizonDays: number,
  switchDay: number,
): { realised: StepSchedule; halfYearStarts: Float64Array; arrearsAtSwitch: number } {
  const fromDay: number[] = [];
  const value: number[] = [];
  const starts: number[] = [];
  let arrears = arrearsAtStart;
  let arrearsAtSwitch = Number.NaN;
  const start = new Date(startDay * 86_400_000);
  let year = start.getUTCFullYear();
  let half = start.getUTCMonth() < 6 ? 0 : 6;
  for (;;) {
    const from = Date.UTC(year, half, 1) / 86_400_000 - startDay;
    if (from >= horizonDays) {
      starts.push(from); // the end of the last half year
      break;
    }
    // The arrears carried into the first half year (from the run's start on) that follows the chain's permits: the
    // one that starts on switchDay, or, when the switch lies before the start (a model restarted later, as the
    // twin does), the first half year that starts in the run.
    if (Number.isNaN(arrearsAtSwitch) && from >= switchDay && from >= 0) arrearsAtSwitch = arrears;
    const day = Math.max(0, from);
    const due = valueAt(target, day) + arrears;
    const realised = valueAt(share, day) * due;
    arrears = due - realised;
    fromDay.push(fromDay.length === 0 ? -Infinity : from);
    value.push(realised);
    if (from >= 0) starts.push(from);
    if (half === 6) year++;
    half = 6 - half;
  }
  return {
    realised: { fromDay: Float64Array.from(fromDay), value: Float64Array.from(value) },
    halfYearStarts: Float64Array.from(starts),
    arrearsAtSwitch,
  };
}

/**
 * Spreads `amount` over the days [from, to) of `quota` that lie in the run: evenly over all the period's days, or
 * over its working days only when `calendar` is given (other days get 0).
 */
export function spreadQuota(
  quota: Float64Array,
  from: number,
  to: number,
  amount: number,
  calendar: WorkingCalendar | null,
): void {
  let days = to - from;
  if (calendar) {
    days = 0;
    for (let d = from; d < to; d++) if (calendar.isWorkingDay(d)) days++;
  }
  for (let d = Math.max(0, from); d < Math.min(to, quota.length); d++)
    quota[d] = days > 0 && (calendar === null || calendar.isWorkingDay(d)) ? amount / days : 0;
}

/**
 * Daily release of a throughput capacity: each period's amount spread evenly over its days (or its working
 * days when the stage works on working days only), so a half-year housing target is met by the period's end.
 */
function throughputQuota(
  amount: StepSchedule,
  per: string,
  startDay: number,
  horizonDays: number,
  calendar: WorkingCalendar | null,
): Float64Array {
  const quota = new Float64Array(horizonDays);
  const periodOf = (dayNumber: number): [number, number] => {
    const date = new Date(dayNumber * 86_400_000);
    const y = date.getUTCFullYear();
    const m = date.getUTCMonth();
    switch (per) {
      case 'day':
        return [dayNumber, dayNumber + 1];
      case 'week': {
        const weekday = (((dayNumber + 3) % 7) + 7) % 7; // day 0 (1970-01-01) was a Thursday; Monday = 0
        return [dayNumber - weekday, dayNumber - weekday + 7];
      }
      case 'month':
        return [Date.UTC(y, m, 1) / 86_400_000, Date.UTC(y, m + 1, 1) / 86_400_000];
      case 'halfYear': {
        const h = m < 6 ? 0 : 6;
        return [Date.UTC(y, h, 1) / 86_400_000, Date.UTC(y, h + 6, 1) / 86_400_000];
      }
      default:
        return [Date.UTC(y, 0, 1) / 86_400_000, Date.UTC(y + 1, 0, 1) / 86_400_000];
    }
  };
  // Working days per period, counted once per period (a year has 365 days, the run up to 36,600).
  let countedFrom = Number.NaN;
  let working = 0;
  for (let d = 0; d < horizonDays; d++) {
    const [from, to] = periodOf(startDay + d);
    const value = valueAt(amount, d);
    if (calendar) {
      if (!calendar.isWorkingDay(d)) continue;
      if (from !== countedFrom) {
        countedFrom = from;
        working = 0;
        for (let x = from; x < to; x++) if (calendar.isWorkingDay(x - startDay)) working++;
      }
      quota[d] = working > 0 ? value / working : 0;
    } else {
      quota[d] = value / (to - from);
    }
  }
  return quota;
}

type Indices = {
  stageIndex: Map<string, number>;
  cohortIndex: Map<string, number>;
  trackIndex: Map<string, number>;
};

function compileApplication(
  app: NonNullable<NonNullable<ChainModel['cohorts'][number]['familyReunification']>['application']>,
  stageIndex: Map<string, number>,
): CompiledFamilyApplication {
  const housed = app.sponsorHousedExits ?? ['housed'];
  const direct = app.directToMunicipality;
  return {
    stage: stageIndex.get(app.stage)!,
    delay: compileDistribution(durationSpec(app.delay)),
    directShare: direct?.share ?? 0,
    directTo: direct?.to !== undefined ? stageIndex.get(direct.to)! : -1,
    directExit: direct?.exit !== undefined ? exitReasons.indexOf(direct.exit) : -1,
    housedExits: Uint8Array.from(exitReasons, (r) => (housed.includes(r) ? 1 : 0)),
  };
}

/** Years before the start that the calendar must know holidays for: the oldest history of the initial state. */
function historyYears(loaded: LoadedModel): number {
  const start = parseIsoDate(loaded.model.time.start);
  let oldest = start;
  for (const row of loaded.initialCases ?? []) oldest = Math.min(oldest, parseIsoDate(row.arrived));
  let years = oldest < start ? Math.ceil((start - oldest) / 365) + 1 : 0;
  // An age drawn from a distribution has no bound: thirty years back covers any real one.
  if (loaded.model.initialState.some((g) => g.age !== undefined)) years = Math.max(years, 30);
  return years;
}

/** A sampler of days from an age: a duration, or a piecewise uniform histogram of day ranges. */
export function ageSampler(age: Age): Sampler {
  if ('dist' in age) return compileDistribution(durationSpec(age));
  const edges = Float64Array.from(age.days);
  const cum = cumulative(age.shares);
  return (rng) => {
    const u = rng.uniform();
    let i = 0;
    while (i < cum.length - 1 && u >= cum[i]) i++;
    return edges[i] + rng.uniform() * (edges[i + 1] - edges[i]);
  };
}

function initialHistory(
  model: ChainModel,
  st: ChainModel['initialState'][number],
  ix: Indices & { entryStage: Int32Array },
): CompiledInitialGroup['history'] {
  const stage = model.stages.find((s) => s.id === st.stage);
  const isNew =
    st.households !== undefined ||
    st.cohorts !== undefined ||
    st.tracks !== undefined ||
    st.age !== undefined ||
    st.sponsorHousedShare !== undefined ||
    stage?.abroad === true;
  if (!isNew) return null;
  const mix = (shares: Record<string, number | undefined> | undefined, ids: { id: string }[]) =>
    shares ? cumulative(ids.map((x) => shares[x.id] ?? 0)) : null;
  const stageIdx = ix.stageIndex.get(st.stage)!;
  return {
    cohortCumulative: mix(st.cohorts, model.cohorts),
    trackCumulative: mix(st.tracks, model.tracks),
    householdSizes: Int32Array.from(st.households?.sizes ?? [1]),
    householdCumulative: cumulative(st.households?.weights ?? [1]),
    sinceArrival: st.age ? ageSampler(st.age.sinceArrival) : null,
    sinceStageEntry: st.age?.sinceStageEntry ? ageSampler(st.age.sinceStageEntry) : null,
    enteredAtArrival: ix.entryStage[KIND_INDEX[st.kind]] === stageIdx || stage?.abroad === true,
    sponsorHousedShare: st.sponsorHousedShare ?? 0,
  };
}

function compileInitialCase(
  row: InitialCaseRow,
  startDay: number,
  ix: Indices & { normIndex: Map<string, number>; locationIndex: Map<string, number> },
): CompiledInitialCase {
  const day = (date: string) => parseIsoDate(date) - startDay;
  const clockStarts = new Float64Array(ix.normIndex.size).fill(Number.NaN);
  for (const [norm, date] of Object.entries(row.clocks))
    clockStarts[ix.normIndex.get(norm)!] = date === CLOCK_STOPPED ? -Infinity : day(date);
  return {
    stage: ix.stageIndex.get(row.stage)!,
    persons: row.persons,
    children: row.children ?? -1,
    kind: KIND_INDEX[row.kind],
    cohort: ix.cohortIndex.get(row.cohort)!,
    track: row.track === null ? -1 : ix.trackIndex.get(row.track)!,
    granted: row.granted,
    arrivalDay: day(row.arrived),
    enteredDay: day(row.enteredStage),
    startedDay: row.startedService === null ? Number.NaN : day(row.startedService),
    clockStarts,
    sponsorHoused: row.sponsorHoused === true ? 1 : 0,
    location:
      row.location === null
        ? -1
        : row.location === INITIAL_OVERFLOW
          ? INITIAL_IN_OVERFLOW
          : ix.locationIndex.get(row.location)!,
  };
}
