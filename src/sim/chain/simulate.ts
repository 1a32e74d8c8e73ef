// One replication of the asylum chain on the event kernel: households arrive, queue for and pass through
// stages, get beds at reception locations, and leave the chain (housed, departed, transferred). Invariants:
// persons are conserved (every arrival is in the chain or has exited), a case draws only from its own random
// sub-stream (common random numbers across scenarios), and nothing is stored per event unless tracing.
import { Kernel } from '../engine/kernel.ts';
import { substream } from '../../core/random.ts';
import { samplePoisson, sampleBinomial } from '../engine/distributions.ts';
import { LogHistogram } from '../stats/histogram.ts';
import { samplePath } from '../../forecast/forecast.ts';
import { applyProfile } from '../../forecast/scenarios.ts';
import {
  CAPACITY_SERVERS,
  CAPACITY_THROUGHPUT,
  CAPACITY_UNLIMITED,
  type CompiledChain,
  DECIDES_DEPARTURE,
  DECIDES_GRANT,
  DECIDES_TRACK,
  DEPARTURE_OUTCOMES,
  OUTCOME_GRANT,
  OUTCOME_REJECT,
  QUEUE_EDF,
  QUEUE_FIFO,
  QUEUE_PRIORITY,
  valueAt,
} from './compile.ts';
import { type CaseQueue, FifoQueue, KeyedQueue } from './queues.ts';
import { type LeadTimeRecord, type PlaybookAction, type ReplicationResult, SimulationError } from './results.ts';
import { LIMITS } from '../../model/schema.ts';
import { CaseTable, NO_LOCATION } from './replication/cases.ts';
import { ReportWindow } from './replication/constants.ts';
import { NormClocks } from './replication/norms.ts';
import { Recorder } from './replication/recorder.ts';
import { Reception } from './replication/reception.ts';
import { CaseTrace } from './replication/trace.ts';

/** Receives simulated case events when tracing; the run layer turns them into event-log rows. */
export interface TraceSink {
  event(
    caseKey: number,
    persons: number,
    children: number,
    activity: string,
    lifecycle: 'schedule' | 'start' | 'complete',
    time: number,
    stage: number,
    track: number,
    cohort: number,
    location: number,
    outcome: string,
  ): void;
}

export interface SimulateOptions {
  replication: number;
  seed: number;
  trace?: TraceSink;
}

const EVENT_ENTER = 0;
const EVENT_START = 1;
const EVENT_END = 2;
/** Priorities at equal times: the day's snapshot first, then capacity changes, service ends, arrivals. */
const PRIORITY_TICK = 0;
const PRIORITY_CAPACITY = 1;
const PRIORITY_SERVICE = 2;
const PRIORITY_ARRIVAL = 3;
/** Sub-stream ids: arrival processes, persons of each inflow stream, family members of a sponsor. */
// Inflow stream s: persons on sub-stream s, arrival times on ARRIVAL_STREAM_BASE + s; initial stock i on
// INITIAL_STREAM_BASE + i; family members of a sponsor on stream x on FAMILY_STREAM_BASE + x. The ranges do
// not overlap (family members bring no family themselves, so FAMILY_STREAM_BASE is never added twice).
const INITIAL_STREAM_BASE = 1_000_000;
const ARRIVAL_STREAM_BASE = 2_000_000;
const FAMILY_STREAM_BASE = 2 ** 31;
const TWO_POW_32 = 4294967296;
const FAMILY_KEY_OFFSET = 2 ** 50;
/**
 * A case that enters more stages than this within one simulated day is going round a loop whose service times are
 * (next to) zero — validation rejects loops of stages that can take no time at all, but a positive time too small
 * to move the clock (10^-300 days) or to matter (a millionth of a day) gets here. No real chain comes near it.
 */
export const MAX_STAGE_ENTRIES_PER_DAY = 10_000;
/** Stage entries remembered, near the limit, to name the loop in the error. */
const LOOP_TRAIL = 64;

export function simulateReplication(chain: CompiledChain, options: SimulateOptions): ReplicationResult {
  const { replication, seed, trace } = options;
  const H = chain.horizonDays;
  const warmup = chain.warmupDays;
  const S = chain.stages.length;
  const calendar = chain.calendar;
  const kernel = new Kernel(1024);

  // ---- case table (struct of arrays; slots are reused after exit) --------------------------------------------
  const cases = new CaseTable(1024);
  const window = new ReportWindow(H, warmup);
  const norms = new NormClocks(chain, cases, window);
  const recorder = new Recorder(chain, cases, window);
  const tracer = trace ? new CaseTrace(trace, cases) : null;
  const reception = new Reception(chain, cases, window, kernel, tracer);
  const alloc = () => cases.alloc();
  const rngs = cases.rngs;

  // ---- statistics ---------------------------------------------------------------------------------------------
  const series: Record<string, Float64Array> = {};
  const newSeries = (key: string) => (series[key] = new Float64Array(H));
  recorder.series(series);
  const stageInSeries = chain.stages.map((s) => newSeries(`stage.${s.id}.inStage`));
  const stageWaitingSeries = chain.stages.map((s) => newSeries(`stage.${s.id}.waiting`));
  const stageDoneSeries = chain.stages.map((s) => newSeries(`stage.${s.id}.completed`));
  // Cases (households) in service at the end of each day: with unlimited capacity, the stage's offered load.
  const stageServiceSeries = chain.stages.map((s) => newSeries(`stage.${s.id}.inServiceCases`));
  reception.series(series);
  series['cost.receptionOccupied'] = reception.costOccupied;
  series['cost.receptionEmpty'] = reception.costEmpty;
  series['cost.overflow'] = reception.costOverflow;
  const costStaff = newSeries('cost.staff');
  series['cost.moves'] = reception.costMoves;
  series['cost.penalties'] = norms.penalties;
  const costPlaybook = newSeries('cost.playbook');
  norms.series(series);

  // Stocks integrated over time (for daily costs and Little's law): value × days since the last change.
  const stagePersons = new Float64Array(S);
  const stageCases = new Float64Array(S);
  const stageWaitingPersons = new Float64Array(S);
  const stageCaseArea = new Float64Array(S);
  const stageLast = new Float64Array(S);
  const stageCompletedWindow = new Float64Array(S);
  const changeStage = (s: number, t: number, dCases: number, dPersons: number) => {
    if (t > warmup) stageCaseArea[s] += stageCases[s] * (t - Math.max(stageLast[s], warmup));
    stageLast[s] = t;
    stageCases[s] += dCases;
    stagePersons[s] += dPersons;
  };
  // ---- stages: servers, queues, throughput budgets -----------------------------------------------------------
  // Playbook changes on top of the planned capacity (beds per location, servers per stage).
  // Playbook diversions: the share of cases finishing a stage that go to another stage instead.
  const divertShare = new Float64Array(S);
  const divertTo = new Int32Array(S).fill(-1);
  const serversAdjust = new Float64Array(S);
  const plannedServers = (s: number, t: number) => valueAt(chain.stages[s].servers!, t);
  // Waits of cases starting service, per day, for waiting-time conditions.
  const waitSumByDay = chain.playbook.some((r) => r.waiting) ? chain.stages.map(() => new Float64Array(H)) : [];
  const waitCountByDay = waitSumByDay.length > 0 ? chain.stages.map(() => new Float64Array(H)) : [];
  const busy = new Int32Array(S);
  const busyArea = new Float64Array(S);
  const busyLast = new Float64Array(S);
  const changeBusy = (s: number, t: number, delta: number) => {
    if (t > warmup) busyArea[s] += busy[s] * (t - Math.max(busyLast[s], warmup));
    busyLast[s] = t;
    busy[s] += delta;
  };
  const serversNow = new Float64Array(S);
  const budget = new Float64Array(S);
  const queues: CaseQueue[] = chain.stages.map((s) =>
    s.queueKind === QUEUE_FIFO ? new FifoQueue() : new KeyedQueue(),
  );
  for (const s of chain.stages) if (s.capacityKind === CAPACITY_SERVERS) serversNow[s.index] = valueAt(s.servers!, 0);

  // ---- helpers ------------------------------------------------------------------------------------------------
  const emit = (
    c: number,
    activity: string,
    lifecycle: 'schedule' | 'start' | 'complete',
    t: number,
    stage: number,
    outcome = '',
  ) => {
    trace!.event(
      cases.key[c],
      cases.persons[c],
      cases.children[c],
      activity,
      lifecycle,
      t,
      stage,
      cases.track[c],
      cases.cohort[c],
      cases.location[c],
      outcome,
    );
  };

  const queueKey = (c: number, s: number): number => {
    const stage = chain.stages[s];
    if (stage.queueKind === QUEUE_EDF) {
      return norms.edfKey(stage.edfNorm, c);
    }
    if (stage.queueKind === QUEUE_PRIORITY) {
      const rank = stage.priorityRank!;
      const v =
        stage.priorityBy === 'track' ? cases.track[c] : stage.priorityBy === 'cohort' ? cases.cohort[c] : cases.kind[c];
      return v >= 0 ? rank[v] : rank.length;
    }
    return 0;
  };

  // Stages -----------------------------------------------------------------------------------------------------
  const startService = (c: number, s: number, t: number) => {
    const stage = chain.stages[s];
    cases.start[c] = t;
    changeBusy(s, t, 1);
    if (waitSumByDay.length > 0) {
      const day = Math.min(H - 1, Math.floor(t));
      waitSumByDay[s][day] += t - cases.enter[c];
      waitCountByDay[s][day]++;
    }
    stageWaitingPersons[s] -= cases.persons[c];
    norms.stageEvent(c, s, EVENT_START, t);
    if (trace) emit(c, stage.id, 'start', t, s);
    const duration = stage.service(rngs[c]!);
    if (!(duration >= 0 && duration < Infinity))
      throw impossibleDraw(`stages[${s}].serviceTime`, `the service time of stage "${stage.id}"`, duration, t);
    // Working time is never less than calendar time: a draw beyond the horizon ends after it either way.
    const end = stage.workingDaysOnly && duration < H ? calendar.addWorkingTime(t, duration) : t + duration;
    kernel.schedule(end, evServiceEnd, c, PRIORITY_SERVICE);
  };

  const impossibleDraw = (path: string, what: string, value: number, t: number) =>
    new SimulationError(
      path,
      `replication ${replication}, day ${Math.floor(t)}: a draw of ${what} gave ${value} days, which is not a duration; check its parameters (a distribution this extreme cannot be simulated)`,
    );

  /** Near the loop limit: remembers the stages the case enters, and at the limit stops the run naming them. */
  const loopTrail = new Map<number, { from: number; stages: number[] }>();
  const guardLoop = (c: number, s: number, t: number) => {
    let entry = loopTrail.get(c);
    if (entry === undefined || entry.from !== cases.loopFrom[c])
      loopTrail.set(c, (entry = { from: cases.loopFrom[c], stages: [] }));
    const trail = entry.stages;
    trail.push(s);
    if (cases.loopEntries[c] <= MAX_STAGE_ENTRIES_PER_DAY) return;
    // The loop: from the previous entry of this stage to this one.
    const previous = trail.lastIndexOf(s, trail.length - 2);
    const loop = previous >= 0 ? trail.slice(previous) : trail.slice(-2);
    const names = loop.map((i) => chain.stages[i].id);
    const first = Math.min(...loop);
    throw new SimulationError(
      `stages[${first}]`,
      `replication ${replication}, day ${Math.floor(t)}: a case entered stages ${MAX_STAGE_ENTRIES_PER_DAY} times within one day, going round ${names.join(' → ')}; the service times on this loop are (next to) zero, so the run would not end — give one of these stages a service time that takes time, or route cases out of the loop`,
    );
  };

  const serveQueue = (s: number, t: number) => {
    const stage = chain.stages[s];
    const queue = queues[s];
    if (stage.capacityKind === CAPACITY_SERVERS) {
      while (queue.size > 0 && busy[s] < serversNow[s]) startService(queue.pop(), s, t);
    } else if (stage.capacityKind === CAPACITY_THROUGHPUT) {
      while (queue.size > 0 && budget[s] > 0) {
        const c = queue.pop();
        budget[s] -= stage.quotaInPersons ? cases.persons[c] : 1;
        startService(c, s, t);
      }
    }
  };

  const enterStage = (c: number, s: number, t: number) => {
    const stage = chain.stages[s];
    if (t - cases.loopFrom[c] >= 1) {
      cases.loopFrom[c] = t;
      cases.loopEntries[c] = 1;
    } else if (++cases.loopEntries[c] > MAX_STAGE_ENTRIES_PER_DAY - LOOP_TRAIL) guardLoop(c, s, t);
    cases.stage[c] = s;
    cases.enter[c] = t;
    changeStage(s, t, 1, cases.persons[c]);
    stageWaitingPersons[s] += cases.persons[c];
    norms.stageEvent(c, s, EVENT_ENTER, t);
    if (trace) emit(c, stage.id, 'schedule', t, s);
    if (stage.locations) reception.place(c, stage.locations, t);
    if (stage.capacityKind === CAPACITY_UNLIMITED) startService(c, s, t);
    else {
      queues[s].push(c, queueKey(c, s));
      serveQueue(s, t);
    }
  };

  const exitChain = (c: number, reason: number, t: number) => {
    if (trace) emit(c, `exit:${chain.exitReasons[reason]}`, 'complete', t, -1);
    recorder.exit(c, reason, t);
    reception.leave(c, t);
    cases.release(c);
  };

  const route = (c: number, s: number, outcome: number, t: number) => {
    const stage = chain.stages[s];
    if (divertShare[s] > 0 && rngs[c]!.uniform() < divertShare[s]) {
      enterStage(c, divertTo[s], t);
      return;
    }
    const branches = stage.branches;
    if (branches === null) {
      enterStage(c, chain.routeNext[cases.track[c]][s], t);
      return;
    }
    if (
      branches.length === 1 &&
      branches[0].outcomes === null &&
      branches[0].cohorts === null &&
      branches[0].tracks === null &&
      branches[0].kinds === null
    ) {
      // One unconditional way on: nothing to draw.
      const only = branches[0];
      if (only.to >= 0) enterStage(c, only.to, t);
      else exitChain(c, only.exit, t);
      return;
    }
    const u = rngs[c]!.uniform();
    let acc = 0;
    let chosen = -1;
    for (let i = 0; i < branches.length; i++) {
      const b = branches[i];
      if (b.outcomes !== null && !b.outcomes.includes(outcome)) continue;
      if (b.cohorts !== null && !b.cohorts.includes(cases.cohort[c])) continue;
      if (b.tracks !== null && !b.tracks.includes(cases.track[c])) continue;
      if (b.kinds !== null && !b.kinds.includes(cases.kind[c])) continue;
      if (b.probability <= 0) continue;
      chosen = i;
      acc += b.probability;
      if (u < acc) break;
    }
    const b = branches[chosen];
    if (b.to >= 0) enterStage(c, b.to, t);
    else exitChain(c, b.exit, t);
  };

  const grant = (c: number, t: number) => {
    cases.granted[c] = 1;
    recorder.grant(c);
    const cohort = chain.cohorts[cases.cohort[c]];
    if (cohort.familyMembersPerGrant <= 0 || cohort.familyFromKinds[cases.kind[c]] === 0 || chain.entryStage[2] < 0)
      return;
    const rng = rngs[c]!;
    const members = samplePoisson(rng, cohort.familyMembersPerGrant);
    const delay = cohort.familyDelay!(rng);
    if (!(delay >= 0 && delay < Infinity))
      throw impossibleDraw(
        `cohorts[${cases.cohort[c]}].familyReunification.delay`,
        `the family reunification delay of cohort "${cohort.id}"`,
        delay,
        t,
      );
    if (members === 0) return;
    const f = alloc();
    const frRng = substream(seed, replication, FAMILY_STREAM_BASE + cases.stream[c], cases.index[c]);
    rngs[f] = frRng;
    cases.kind[f] = 2;
    cases.cohort[f] = cases.cohort[c];
    cases.track[f] = -1;
    cases.persons[f] = members;
    cases.children[f] = sampleBinomial(frRng, members, cohort.familyChildShare);
    cases.key[f] = FAMILY_KEY_OFFSET + cases.key[c];
    cases.initial[f] = 0;
    cases.stream[f] = FAMILY_STREAM_BASE + cases.stream[c];
    cases.index[f] = cases.index[c];
    cases.stage[f] = -2; // pending: not yet in the chain
    cases.location[f] = NO_LOCATION;
    recorder.family(members, t);
    kernel.schedule(t + delay, evCaseArrives, f, PRIORITY_ARRIVAL);
  };

  // ---- arrivals -----------------------------------------------------------------------------------------------
  // A forecast inflow: this replication's own sample path fills the months after the history.
  const personsPerDayOf: Float64Array[] = [];
  const monthPersonsOf: Float64Array[] = [];
  for (const spec of chain.streams) {
    if (spec.forecast === null) {
      personsPerDayOf.push(spec.personsPerDay);
      monthPersonsOf.push(spec.monthPersons);
      continue;
    }
    // Each inflow stream (kind, cohort) has its own path: a seed per stream keeps their shocks independent.
    const path = samplePath(spec.forecast, (seed ^ Math.imul(spec.streamId + 1, 0x9e3779b1)) >>> 0, replication);
    for (const { profile, startStep } of spec.stress) applyProfile(path, profile, startStep);
    const perDay = spec.personsPerDay.slice();
    const months = spec.monthPersons.slice();
    for (let m = 0; m < months.length; m++) {
      const step = spec.forecastStep[m];
      if (step < 0) continue;
      months[m] = path[step];
      const from = spec.monthStartDay[m];
      for (let d = Math.max(0, from); d < Math.min(H, from + spec.monthLength[m]); d++)
        perDay[d] = path[step] / spec.monthLength[m];
    }
    personsPerDayOf.push(perDay);
    monthPersonsOf.push(months);
  }
  if (chain.streams.some((spec) => spec.forecast !== null)) {
    // The model's own months were checked when it was loaded; a forecast path is known only now.
    let persons = 0;
    for (const stock of chain.initialStocks) persons += stock.persons;
    for (const perDay of personsPerDayOf) for (let d = 0; d < H; d++) persons += perDay[d];
    if (persons > LIMITS.personsPerRun) {
      throw new SimulationError(
        'inflow',
        `replication ${replication}: the forecast's sample path brings ${Math.round(persons)} persons over the run, more than the ${LIMITS.personsPerRun} a replication may hold; shorten the run, damp the stress templates, or forecast from a calmer history (historyFrom)`,
      );
    }
  }
  const streamCount = new Float64Array(chain.streams.length);
  const arrivalRng = chain.streams.map((s) => substream(seed, replication, ARRIVAL_STREAM_BASE + s.streamId, 0));
  // Expected persons per household arrival of each stream (cohort mix weighted by household frequency).
  const personsPerHousehold = chain.streams.map((s) => {
    if (s.cohort >= 0) return chain.cohorts[s.cohort].meanHouseholdSize;
    const cum = chain.cohortCumulative[s.kind];
    let mean = 0;
    for (let i = 0; i < cum.length; i++)
      mean += (cum[i] - (i > 0 ? cum[i - 1] : 0)) * chain.cohorts[i].meanHouseholdSize;
    return mean;
  });

  /** Creates the household that is arrival number `index` of a stream; it draws everything from its own stream. */
  const createCase = (stream: number, maxPersons: number): number => {
    const spec = chain.streams[stream];
    const index = streamCount[stream]++;
    const c = alloc();
    const rng = substream(seed, replication, spec.streamId, index);
    rngs[c] = rng;
    let cohort = spec.cohort;
    if (cohort < 0) {
      const u = rng.uniform();
      const cum = chain.cohortCumulative[spec.kind];
      cohort = 0;
      while (cohort < cum.length - 1 && u >= cum[cohort]) cohort++;
    }
    const co = chain.cohorts[cohort];
    const u = rng.uniform();
    let k = 0;
    while (k < co.householdCumulative.length - 1 && u >= co.householdCumulative[k]) k++;
    const persons = Math.min(co.householdSizes[k], maxPersons);
    cases.kind[c] = spec.kind;
    cases.cohort[c] = cohort;
    cases.track[c] = -1;
    cases.persons[c] = persons;
    cases.children[c] = sampleBinomial(rng, persons, co.childShare);
    cases.key[c] = spec.streamId * TWO_POW_32 + index;
    cases.initial[c] = 0;
    cases.stream[c] = spec.streamId;
    cases.index[c] = index;
    cases.stage[c] = -2;
    cases.location[c] = NO_LOCATION;
    return c;
  };

  const arrive = (c: number, t: number) => {
    cases.arrival[c] = t;
    cases.loopFrom[c] = -Infinity;
    cases.granted[c] = 0;
    cases.moves[c] = 0;
    cases.outcome[c] = -1;
    norms.resetCase(c);
    recorder.arrive(c, t);
    if (trace) emit(c, 'arrival', 'complete', t, -1);
    norms.arrive(c, t);
    enterStage(c, chain.entryStage[cases.kind[c]], t);
    reception.drainFills(t);
  };

  /** Next Poisson arrival of a stream at or after t: piecewise-constant daily rate, restarted at day edges. */
  const scheduleNextPoisson = (stream: number, t: number) => {
    const personsPerDay = personsPerDayOf[stream];
    const rng = arrivalRng[stream];
    const perHousehold = personsPerHousehold[stream];
    let now = t;
    for (;;) {
      const day = Math.floor(now);
      if (day >= H) return;
      const rate = personsPerDay[day] / perHousehold;
      if (rate > 0) {
        const next = now - Math.log(rng.uniformOpen()) / rate;
        if (next < day + 1) {
          kernel.schedule(next, evPoissonArrival, stream, PRIORITY_ARRIVAL);
          return;
        }
      }
      now = day + 1;
    }
  };

  /** Exact arrivals: the month's persons, in households, at uniformly random times within the month. */
  const scheduleExactMonth = (stream: number, month: number) => {
    const spec = chain.streams[stream];
    const rng = arrivalRng[stream];
    const from = spec.monthStartDay[month];
    const to = from + spec.monthLength[month];
    const lo = Math.max(0, from);
    const hi = Math.min(H, to);
    const covered = (hi - lo) / (to - from);
    const expected = monthPersonsOf[stream][month] * covered;
    let persons = Math.floor(expected);
    if (rng.uniform() < expected - persons) persons++;
    const times: number[] = [];
    while (persons > 0) {
      const c = createCase(stream, persons);
      persons -= cases.persons[c];
      times.push(lo + rng.uniform() * (hi - lo));
      kernel.schedule(times[times.length - 1], evCaseArrives, c, PRIORITY_ARRIVAL);
    }
  };

  // ---- playbook (draaiboek): rules checked at the start of each day --------------------------------------------
  const actions: PlaybookAction[] = [];
  const rules = chain.playbook;
  const pendingDay = new Float64Array(rules.length).fill(-1); // day a decided change takes effect, or -1
  const pendingAction = new Int32Array(rules.length).fill(-1); // index in `actions` of the decision
  const lastEffectDay = new Float64Array(rules.length).fill(-Infinity);
  const actionCount = new Int32Array(rules.length);
  const firstEffectDay = new Float64Array(rules.length).fill(Number.NaN);
  // Changes in effect: rule, signed change, the day before which no rule may reverse it, the day it is undone.
  const active: { rule: number; change: number; minimumUntil: number; undoDay: number }[] = [];
  const targetName = (rule: (typeof rules)[number]) =>
    rule.target === 'beds'
      ? `beds ${chain.locations[rule.targetIndex].id}`
      : rule.target === 'route'
        ? `share of ${chain.stages[rule.targetIndex].id} to ${chain.stages[rule.routeTo].id}`
        : `servers ${chain.stages[rule.targetIndex].id}`;

  /** Changes beds or servers by `delta` (never below zero in all); returns the change actually made. */
  const adjust = (rule: (typeof rules)[number], delta: number, t: number): number => {
    const i = rule.targetIndex;
    if (rule.target === 'route') {
      // A diversion is on (delta = its share) or off (delta = minus its share); it does not add up.
      divertShare[i] = delta > 0 ? delta : 0;
      divertTo[i] = delta > 0 ? rule.routeTo : -1;
      return delta;
    }
    if (rule.target === 'beds') return reception.adjustBeds(i, delta, t);
    const applied = Math.max(delta, -(plannedServers(i, t) + serversAdjust[i]));
    serversAdjust[i] += applied;
    serversNow[i] = Math.max(0, plannedServers(i, t) + serversAdjust[i]);
    serveQueue(i, t);
    return applied;
  };

  const fmtShare = (v: number) => `${(v * 100).toFixed(1)}%`;
  const fmtCount = (v: number) => String(Math.round(v * 10) / 10);
  /** Why a rule's conditions hold on day d, or null when one does not. */
  const conditionsHold = (rule: (typeof rules)[number], d: number): string | null => {
    if (d < rule.fromDay || d >= rule.untilDay) return null;
    const why: string[] = [];
    const within = (v: number, b: { atLeast: number; atMost: number }) => v >= b.atLeast && v <= b.atMost;
    const limits = (b: { atLeast: number; atMost: number }, f: (v: number) => string) =>
      [b.atLeast > -Infinity ? `≥ ${f(b.atLeast)}` : '', b.atMost < Infinity ? `≤ ${f(b.atMost)}` : '']
        .filter(Boolean)
        .join(' and ');
    if (rule.occupancy) {
      const share = reception.occupancyShare(rule.occupancy.locations);
      if (!within(share, rule.occupancy)) return null;
      why.push(
        `occupancy ${Array.from(rule.occupancy.locations, (l) => chain.locations[l].id).join('+')} ${fmtShare(share)} ${limits(rule.occupancy, fmtShare)}`,
      );
    }
    if (rule.backlog) {
      const v = stageWaitingPersons[rule.backlog.stage];
      if (!within(v, rule.backlog)) return null;
      why.push(`backlog ${chain.stages[rule.backlog.stage].id} ${fmtCount(v)} ${limits(rule.backlog, fmtCount)}`);
    }
    if (rule.inflow) {
      const v = recorder.arrivalsBetween(Math.max(0, d - rule.inflow.windowDays), d);
      if (!within(v, rule.inflow)) return null;
      why.push(`inflow in ${rule.inflow.windowDays} days ${fmtCount(v)} ${limits(rule.inflow, fmtCount)}`);
    }
    if (rule.waiting) {
      let sum = 0;
      let count = 0;
      for (let x = Math.max(0, d - rule.waiting.windowDays); x < d; x++) {
        sum += waitSumByDay[rule.waiting.stage][x];
        count += waitCountByDay[rule.waiting.stage][x];
      }
      if (count === 0) return null;
      const mean = sum / count;
      if (!within(mean, rule.waiting)) return null;
      why.push(
        `mean wait ${chain.stages[rule.waiting.stage].id} ${fmtCount(mean)} days ${limits(rule.waiting, fmtCount)}`,
      );
    }
    if (rule.overflow) {
      const overflow = reception.overflow;
      if (!within(overflow, rule.overflow)) return null;
      why.push(`overflow ${fmtCount(overflow)} ${limits(rule.overflow, fmtCount)}`);
    }
    if (rule.fromDay > -Infinity || rule.untilDay < Infinity) why.push('within its dates');
    return why.join('; ');
  };

  const takeEffect = (r: number, d: number) => {
    const rule = rules[r];
    const applied = adjust(rule, rule.add, d);
    const decision = actions[pendingAction[r]];
    decision.effectiveDay = d;
    decision.change = applied;
    pendingDay[r] = -1;
    lastEffectDay[r] = d;
    actionCount[r]++;
    if (Number.isNaN(firstEffectDay[r])) firstEffectDay[r] = d;
    costPlaybook[d] += rule.atEffectEur;
    active.push({
      rule: r,
      change: applied,
      minimumUntil: d + rule.minimumDurationDays,
      undoDay: rule.durationDays > 0 ? d + rule.durationDays : Infinity,
    });
  };

  /** Start of day d: changes due today, automatic undos, daily costs, then the rules decide. */
  const runPlaybook = (d: number) => {
    for (let r = 0; r < rules.length; r++) if (pendingDay[r] === d) takeEffect(r, d);
    for (let i = active.length - 1; i >= 0; i--) {
      const a = active[i];
      if (a.undoDay !== d) continue;
      const rule = rules[a.rule];
      const undone = adjust(rule, -a.change, d);
      actions.push({
        rule: rule.id,
        decidedDay: d,
        effectiveDay: d,
        target: targetName(rule),
        change: undone,
        kind: 'undo',
        reason: `end of its ${rule.durationDays} days`,
      });
      costPlaybook[d] += rule.atUndoEur;
      active.splice(i, 1);
    }
    for (const a of active) costPlaybook[d] += rules[a.rule].perDayEur;
    for (let r = 0; r < rules.length; r++) {
      const rule = rules[r];
      if (pendingDay[r] >= 0 || d < lastEffectDay[r] + rule.cooldownDays) continue;
      // No rule reverses a change before its minimum duration has passed.
      const blocked = active.some((a) => {
        const other = rules[a.rule];
        return (
          other.target === rule.target &&
          other.targetIndex === rule.targetIndex &&
          Math.sign(a.change) === -Math.sign(rule.add) &&
          a.minimumUntil > d
        );
      });
      if (blocked) continue;
      // A rule that would change nothing now (closing what is not there) does not act.
      const capacityNow =
        rule.target === 'beds'
          ? reception.bedsCapacity(rule.targetIndex, d)
          : rule.target === 'servers'
            ? plannedServers(rule.targetIndex, d) + serversAdjust[rule.targetIndex]
            : 1;
      if (rule.add < 0 && capacityNow <= 0) continue;
      const reason = conditionsHold(rule, d);
      if (reason === null) continue;
      pendingAction[r] = actions.length;
      actions.push({
        rule: rule.id,
        decidedDay: d,
        effectiveDay: -1,
        target: targetName(rule),
        change: rule.add,
        kind: 'act',
        reason,
      });
      pendingDay[r] = d + rule.leadTimeDays;
      if (rule.leadTimeDays === 0) takeEffect(r, d);
    }
  };

  // ---- daily tick: snapshot of stocks, integration of costs, throughput release -------------------------------
  const staffCostPerDay = (s: number, day: number): number => {
    const stage = chain.stages[s];
    if (stage.costPerFteYearEur === 0) return 0;
    const fte = stage.fte
      ? valueAt(stage.fte, day)
      : stage.servers
        ? Math.max(0, valueAt(stage.servers, day) + serversAdjust[s]) * stage.ftePerServer
        : 0;
    return (fte * stage.costPerFteYearEur) / 365;
  };

  const tick = (d: number) => {
    const t = d;
    if (d >= 1) {
      const day = d - 1;
      recorder.snapshot(day);
      for (let s = 0; s < S; s++) {
        stageInSeries[s][day] = stagePersons[s];
        stageWaitingSeries[s][day] = stageWaitingPersons[s];
        stageServiceSeries[s][day] = stageCases[s] - queues[s].size;
        costStaff[day] += staffCostPerDay(s, day);
      }
      reception.snapshot(day, t);
    }
    if (d < H) {
      if (rules.length > 0) runPlaybook(d);
      for (let s = 0; s < S; s++) {
        const stage = chain.stages[s];
        if (stage.capacityKind !== CAPACITY_THROUGHPUT) continue;
        const quota = stage.dailyQuota![d];
        if (queues[s].size === 0)
          budget[s] = Math.min(budget[s], 0) + quota; // unused capacity lapses
        else budget[s] += quota;
        serveQueue(s, t);
      }
      reception.drainFills(t);
      kernel.schedule(d + 1, evTick, d + 1, PRIORITY_TICK);
    }
  };

  // ---- event kinds --------------------------------------------------------------------------------------------
  const evTick = kernel.on(tick);
  const evServiceEnd = kernel.on((c: number) => {
    const t = kernel.now;
    const s = cases.stage[c];
    const stage = chain.stages[s];
    changeBusy(s, t, -1);
    const persons = cases.persons[c];
    changeStage(s, t, -1, -persons);
    stageDoneSeries[s][Math.min(H - 1, Math.floor(t))] += persons;
    if (t >= warmup) stageCompletedWindow[s]++;
    if (t >= warmup && cases.initial[c] === 0) {
      recorder.stageDone(c, s, t);
      norms.stageDone(c, s, t);
    }
    norms.stageEvent(c, s, EVENT_END, t);
    let outcome = -1;
    let outcomeLabel = '';
    const rng = rngs[c]!;
    if (stage.decides === DECIDES_GRANT) {
      outcome = rng.uniform() < chain.cohorts[cases.cohort[c]].grantProbability[s] ? OUTCOME_GRANT : OUTCOME_REJECT;
      outcomeLabel = outcome === OUTCOME_GRANT ? 'grant' : 'reject';
    } else if (stage.decides === DECIDES_TRACK) {
      outcome = pick(chain.cohorts[cases.cohort[c]].trackCumulative, rng.uniform());
      cases.track[c] = outcome;
      outcomeLabel = chain.tracks[outcome].id;
    } else if (stage.decides === DECIDES_DEPARTURE) {
      outcome = pick(chain.cohorts[cases.cohort[c]].departureCumulative, rng.uniform());
      outcomeLabel = DEPARTURE_OUTCOMES[outcome];
    }
    cases.outcome[c] = outcome;
    if (trace) emit(c, stage.id, 'complete', t, s, outcomeLabel);
    if (outcome === OUTCOME_GRANT && stage.decides === DECIDES_GRANT && !cases.granted[c]) grant(c, t);
    // The freed server takes the next case before this one moves on, so both see the same instant.
    if (stage.capacityKind === CAPACITY_SERVERS) serveQueue(s, t);
    route(c, s, outcome, t);
    reception.drainFills(t);
  });
  const evPoissonArrival = kernel.on((stream: number) => {
    const t = kernel.now;
    const c = createCase(stream, Infinity);
    arrive(c, t);
    scheduleNextPoisson(stream, t);
  });
  const evCaseArrives = kernel.on((c: number) => arrive(c, kernel.now));
  const evExactMonth = kernel.on((payload: number) => {
    const stream = payload >>> 12;
    const month = payload & 0xfff;
    scheduleExactMonth(stream, month);
  });

  // Capacity changes (servers and beds) at their dates.
  const evServers = kernel.on((s: number) => {
    const t = kernel.now;
    serversNow[s] = Math.max(0, plannedServers(s, t) + serversAdjust[s]);
    serveQueue(s, t);
    reception.drainFills(t);
  });
  for (const s of chain.stages) {
    if (!s.servers) continue;
    for (let i = 1; i < s.servers.fromDay.length; i++)
      if (s.servers.fromDay[i] > 0 && s.servers.fromDay[i] < H)
        kernel.schedule(s.servers.fromDay[i], evServers, s.index, PRIORITY_CAPACITY);
  }
  reception.scheduleCapacityChanges(kernel);

  // ---- initial state: persons already in the chain at time 0 ------------------------------------------------
  chain.initialStocks.forEach((stock, i) => {
    for (let j = 0; j < stock.persons; j++) {
      const c = alloc();
      const rng = substream(seed, replication, INITIAL_STREAM_BASE + i, j);
      rngs[c] = rng;
      let cohort = stock.cohort;
      if (cohort < 0) cohort = pick(chain.cohortPersonCumulative[stock.kind], rng.uniform());
      cases.kind[c] = stock.kind;
      cases.cohort[c] = cohort;
      cases.track[c] = stock.track;
      cases.persons[c] = 1;
      cases.children[c] = rng.uniform() < chain.cohorts[cohort].childShare ? 1 : 0;
      cases.key[c] = (INITIAL_STREAM_BASE + i) * TWO_POW_32 + j;
      cases.stream[c] = INITIAL_STREAM_BASE + i;
      cases.index[c] = j;
      cases.initial[c] = 1;
      cases.arrival[c] = 0;
      cases.loopFrom[c] = -Infinity;
      cases.granted[c] = stock.granted ? 1 : 0;
      cases.moves[c] = 0;
      cases.outcome[c] = -1;
      cases.location[c] = NO_LOCATION;
      norms.resetCase(c);
      recorder.initial(stock.granted);
      if (trace) emit(c, 'initial', 'complete', 0, -1, stock.granted ? 'grant' : '');
      enterStage(c, stock.stage, 0);
    }
  });
  reception.drainFills(0);

  // ---- run ----------------------------------------------------------------------------------------------------
  for (let i = 0; i < chain.streams.length; i++) {
    const spec = chain.streams[i];
    if (chain.inflowProcess === 'exact' && spec.monthStartDay.length > 0) {
      for (let m = 0; m < spec.monthStartDay.length; m++) {
        kernel.schedule(Math.max(0, spec.monthStartDay[m]), evExactMonth, (i << 12) | m, PRIORITY_CAPACITY);
      }
    } else scheduleNextPoisson(i, 0);
  }
  kernel.schedule(0, evTick, 0, PRIORITY_TICK);
  let events = 0;
  while (kernel.pending > 0 && kernel.peekTime() < H) {
    kernel.step();
    events++;
  }
  tick(H); // the last day's snapshot; events at or after the horizon are not run

  // ---- results ------------------------------------------------------------------------------------------------
  const windowDays = H - warmup;
  norms.countOpenPastDeadline();
  const kpis: Record<string, number> = {};
  const windowSum = (a: Float64Array) => {
    let sum = 0;
    for (let d = warmup; d < H; d++) sum += a[d];
    return sum;
  };
  const windowMean = (a: Float64Array) => (windowDays > 0 ? windowSum(a) / windowDays : 0);
  recorder.chainKpis(kpis);
  chain.stages.forEach((s, i) => {
    recorder.stageKpis(kpis, i);
    kpis[`stage.${s.id}.backlog.mean`] = windowMean(stageWaitingSeries[i]);
    kpis[`stage.${s.id}.backlog.end`] = stageWaitingPersons[i];
    kpis[`stage.${s.id}.completed.cases`] = stageCompletedWindow[i];
    // Little's law, L = λW, in cases over the reported period.
    changeStage(i, H, 0, 0);
    kpis[`stage.${s.id}.little.meanCases`] = windowDays > 0 ? stageCaseArea[i] / windowDays : 0;
    kpis[`stage.${s.id}.little.casesPerDay`] = windowDays > 0 ? stageCompletedWindow[i] / windowDays : 0;
    if (s.capacityKind === CAPACITY_SERVERS) {
      let serverDays = 0;
      for (let d = warmup; d < H; d++) serverDays += valueAt(s.servers!, d);
      changeBusy(i, H, 0);
      kpis[`stage.${s.id}.utilisation`] = serverDays > 0 ? busyArea[i] / serverDays : 0;
    }
    norms.stageKpis(kpis, i);
  });
  norms.kpis(kpis);
  reception.kpis(kpis);
  reception.moveKpis(kpis);
  recorder.moveKpis(kpis);
  rules.forEach((rule, r) => {
    kpis[`playbook.${rule.id}.actions`] = actionCount[r];
    kpis[`playbook.${rule.id}.firstEffectDay`] = firstEffectDay[r];
  });
  const costKeys = ['receptionOccupied', 'receptionEmpty', 'overflow', 'staff', 'moves', 'penalties', 'playbook'];
  let totalCost = 0;
  for (const k of costKeys) {
    const v = windowSum(series[`cost.${k}`]);
    kpis[`cost.${k}.eur`] = v;
    totalCost += v;
  }
  kpis['cost.total.eur'] = totalCost;

  const leadTimes: LeadTimeRecord[] = [];
  const addLead = (
    scope: LeadTimeRecord['scope'],
    subject: string,
    measure: LeadTimeRecord['measure'],
    by: LeadTimeRecord['by'],
    group: string,
    h: LogHistogram,
  ) => {
    if (h.count > 0) leadTimes.push({ scope, subject, measure, by, group, histogram: h.toJSON() });
  };
  recorder.leadTimes(addLead);
  norms.leadTimes((scope, subject, h) => addLead(scope, subject, 'total', 'all', '', h));

  return {
    replication,
    seed,
    horizonDays: H,
    warmupDays: warmup,
    series,
    leadTimes,
    norms: norms.results(),
    kpis,
    actions,
    events,
  };
}

function pick(cumulative: Float64Array, u: number): number {
  let i = 0;
  while (i < cumulative.length - 1 && u >= cumulative[i]) i++;
  return i;
}
