// Stage servers and throughput quotas: the queue in front of each stage, its servers (or daily quota), service
// times, the decision a stage makes at the end of service, and the route a case takes on — to another stage or
// out of the chain. It owns the stages' stocks (cases and persons in the stage, waiting), their integrals (busy
// servers, cases for Little's law), the stage series and the staff cost. Norm clocks, beds, the recorder and the
// trace hear of each case event through their methods; the family members a grant brings come from Grants.
import {
  CAPACITY_POOL,
  CAPACITY_SERVERS,
  CAPACITY_THROUGHPUT,
  CAPACITY_UNLIMITED,
  type CompiledChain,
  type CompiledPermitTarget,
  DECIDES_DEPARTURE,
  DECIDES_GRANT,
  DECIDES_NONE,
  DECIDES_TRACK,
  DEPARTURE_OUTCOMES,
  OUTCOME_GRANT,
  OUTCOME_REJECT,
  QUEUE_EDF,
  QUEUE_FIFO,
  QUEUE_PRIORITY,
  spreadQuota,
  valueAt,
} from '../compile.ts';
import type { WorkingCalendar } from '../../../core/calendar.ts';
import type { Sampler } from '../../engine/distributions.ts';
import type { Kernel } from '../../engine/kernel.ts';
import { type CaseQueue, FifoQueue, KeyedQueue } from '../queues.ts';
import { SimulationError } from '../results.ts';
import type { CaseTable } from './cases.ts';
import {
  EVENT_END,
  EVENT_ENTER,
  EVENT_START,
  PRIORITY_CAPACITY,
  PRIORITY_SERVICE,
  type ReportWindow,
  pick,
} from './constants.ts';
import type { NormClocks } from './norms.ts';
import type { StaffPools } from './pools.ts';
import type { Reception } from './reception.ts';
import type { Recorder } from './recorder.ts';
import type { CaseTrace } from './trace.ts';
import type { Nareis } from './nareis.ts';
import { stageKpi, stageSeries } from '../keys.ts';

/**
 * A case that enters more stages than this within one simulated day is going round a loop whose service times are
 * (next to) zero — validation rejects loops of stages that can take no time at all, but a positive time too small
 * to move the clock (10^-300 days) or to matter (a millionth of a day) gets here. No real chain comes near it.
 */
export const MAX_STAGE_ENTRIES_PER_DAY = 10_000;
/** Draws of the service time of a case in service at the start, for one longer than the time it has served. */
export const RESUME_TRIES = 100;
/** Stage entries remembered, near the limit, to name the loop in the error. */
const LOOP_TRAIL = 64;

const ROUTE_TRACK = 0;
const ROUTE_ONLY = 1;
const ROUTE_DRAW = 2;

/** Hears of a case granted a permit (family reunification). */
export interface Grants {
  afterGrant(c: number, t: number): void;
}

/** The error for a draw that is not a duration (negative, infinite, NaN). */
export function impossibleDraw(replication: number, path: string, what: string, value: number, t: number) {
  return new SimulationError(
    path,
    `replication ${replication}, day ${Math.floor(t)}: a draw of ${what} gave ${value} days, which is not a duration; check its parameters (a distribution this extreme cannot be simulated)`,
  );
}

export interface StageParts {
  norms: NormClocks;
  reception: Reception;
  recorder: Recorder;
  trace: CaseTrace | null;
  /** Family applications abroad, in a model with abroad stages. */
  nareis?: Nareis | null;
  /** The staff pools, when the model has any. */
  pools?: StaffPools | null;
}

export class Stages {
  private readonly chain: CompiledChain;
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  private readonly kernel: Kernel;
  private readonly replication: number;
  private readonly norms: NormClocks;
  private readonly reception: Reception;
  private readonly recorder: Recorder;
  private readonly trace: CaseTrace | null;
  private readonly nareis: Nareis | null;
  private readonly pools: StaffPools | null;
  /** The stages of staff pools, served after each day's division of the pools' hours. */
  private readonly poolStages: Int32Array;
  private grants: Grants | null = null;
  private readonly queues: CaseQueue[];
  private readonly serversNow: Float64Array;
  /** Playbook changes on top of the planned servers. */
  private readonly serversAdjust: Float64Array;
  /** Throughput left today (persons or cases) of a stage with a daily quota. */
  private readonly budget: Float64Array;
  /** Per stage: its housing target from the chain's own permits, or null (see PermitTarget). */
  private readonly permitTargets: (PermitTarget | null)[];
  private readonly busy: Int32Array;
  private readonly busyArea: Float64Array;
  private readonly busyLast: Float64Array;
  /** Playbook diversions: the share of cases finishing a stage that go to another stage instead. */
  private readonly divertShare: Float64Array;
  private readonly divertTo: Int32Array;
  // Stocks, and cases integrated over time (Little's law): value × days since the last change.
  private readonly persons: Float64Array;
  private readonly caseCount: Float64Array;
  private readonly waitingPersons: Float64Array;
  private readonly caseArea: Float64Array;
  private readonly last: Float64Array;
  private readonly completedWindow: Float64Array;
  /** Waits of cases starting service, per day, for waiting-time conditions of the playbook. */
  private readonly waitSumByDay: Float64Array[];
  private readonly waitCountByDay: Float64Array[];
  private readonly loopTrail = new Map<number, { from: number; stages: number[] }>();
  private readonly inStageSeries: Float64Array[];
  private readonly waitingSeries: Float64Array[];
  private readonly completedSeries: Float64Array[];
  /** Persons that finished each stage today (whole numbers, so their sum is exact), written at the day's end. */
  private readonly completedToday: Float64Array;
  /** Cases (households) in service at the end of each day: with unlimited capacity, the stage's offered load. */
  private readonly inServiceSeries: Float64Array[];
  readonly costStaff: Float64Array;
  private readonly evServiceEnd: number;
  private readonly evServers: number;
  // Decided per stage at construction, so the hot path skips the work a stage does not need.
  /** The stage's capacity kind (CAPACITY_*) and the decision it makes (DECIDES_*). */
  private readonly capacityKind: Uint8Array;
  private readonly decides: Uint8Array;
  /** 1 when the stage's queue is first in, first out (no key to compute). */
  private readonly fifo: Uint8Array;
  /** The stage's service time sampler. */
  private readonly service: Sampler[];
  /** True when the playbook has waiting-time conditions (waits are summed per stage and day). */
  private readonly recordWaits: boolean;
  /** 1 when the stage has servers (start at once when its queue is empty and a server is free). */
  private readonly hasServers: Uint8Array;
  /** 1 when the stage uses beds (reception locations). */
  private readonly usesBeds: Uint8Array;
  /** 1 when service time counts working days only. */
  private readonly workingOnly: Uint8Array;
  /** How a case leaves the stage: ROUTE_TRACK (routeNext by track), ROUTE_ONLY (one unconditional way), ROUTE_DRAW. */
  private readonly routeKind: Uint8Array;
  /** With ROUTE_ONLY: the stage it goes to (-1: out of the chain) and the exit reason. */
  private readonly onlyTo: Int32Array;
  private readonly onlyExit: Int32Array;
  /** 1 when the stage has a norm of its own (measured at the end of service). */
  private readonly hasStageNorm: Uint8Array;
  /** True when the model has reception locations (beds that can come free). */
  private readonly hasBeds: boolean;
  /** True when the model has norms that a stage event starts or stops. */
  private readonly normEvents: boolean;
  /**
   * 1 for a plain server stage: servers with a first-in-first-out queue, no beds, working-day service, decision,
   * norm or route to draw, in a run where no part needs to hear of its case events (no norms, trace, beds, family
   * abroad, playbook or waits). Its cases take the short path (enterPlain, startPlain, endPlain), which does what
   * the general one does for such a stage and skips every question whose answer is known.
   */
  private readonly plain: Uint8Array;
  private readonly evServiceEndPlain: number;

  constructor(
    chain: CompiledChain,
    cases: CaseTable,
    window: ReportWindow,
    kernel: Kernel,
    replication: number,
    parts: StageParts,
  ) {
    this.chain = chain;
    this.cases = cases;
    this.window = window;
    this.kernel = kernel;
    this.replication = replication;
    this.norms = parts.norms;
    this.reception = parts.reception;
    this.recorder = parts.recorder;
    this.trace = parts.trace;
    this.nareis = parts.nareis ?? null;
    this.pools = parts.pools ?? null;
    this.poolStages = Int32Array.from(
      chain.stages.filter((st) => st.capacityKind === CAPACITY_POOL),
      (st) => st.index,
    );
    const S = chain.stages.length;
    const H = window.horizon;
    this.queues = chain.stages.map((s) => (s.queueKind === QUEUE_FIFO ? new FifoQueue() : new KeyedQueue()));
    this.serversNow = new Float64Array(S);
    for (const s of chain.stages)
      if (s.capacityKind === CAPACITY_SERVERS) this.serversNow[s.index] = valueAt(s.servers!, 0);
    this.serversAdjust = new Float64Array(S);
    this.budget = new Float64Array(S);
    this.permitTargets = chain.stages.map((st) =>
      st.permitTarget === null ? null : new PermitTarget(st.permitTarget, st.dailyQuota!, chain.calendar),
    );
    this.busy = new Int32Array(S);
    this.busyArea = new Float64Array(S);
    this.busyLast = new Float64Array(S);
    this.divertShare = new Float64Array(S);
    this.divertTo = new Int32Array(S).fill(-1);
    this.persons = new Float64Array(S);
    this.caseCount = new Float64Array(S);
    this.waitingPersons = new Float64Array(S);
    this.caseArea = new Float64Array(S);
    this.last = new Float64Array(S);
    this.completedWindow = new Float64Array(S);
    this.waitSumByDay = chain.playbook.some((r) => r.waiting) ? chain.stages.map(() => new Float64Array(H)) : [];
    this.waitCountByDay = this.waitSumByDay.length > 0 ? chain.stages.map(() => new Float64Array(H)) : [];
    this.inStageSeries = chain.stages.map(() => new Float64Array(H));
    this.waitingSeries = chain.stages.map(() => new Float64Array(H));
    this.completedSeries = chain.stages.map(() => new Float64Array(H));
    this.completedToday = new Float64Array(S);
    this.inServiceSeries = chain.stages.map(() => new Float64Array(H));
    this.costStaff = new Float64Array(H);
    this.capacityKind = Uint8Array.from(chain.stages, (st) => st.capacityKind);
    this.decides = Uint8Array.from(chain.stages, (st) => st.decides);
    this.fifo = Uint8Array.from(chain.stages, (st) => (st.queueKind === QUEUE_FIFO ? 1 : 0));
    this.service = chain.stages.map((st) => st.service);
    this.recordWaits = this.waitSumByDay.length > 0;
    this.hasServers = Uint8Array.from(chain.stages, (st) => (st.capacityKind === CAPACITY_SERVERS ? 1 : 0));
    this.usesBeds = Uint8Array.from(chain.stages, (st) => (st.locations ? 1 : 0));
    this.workingOnly = Uint8Array.from(chain.stages, (st) => (st.workingDaysOnly ? 1 : 0));
    this.routeKind = new Uint8Array(S);
    this.onlyTo = new Int32Array(S).fill(-1);
    this.onlyExit = new Int32Array(S).fill(-1);
    for (const st of chain.stages) {
      const branches = st.branches;
      if (branches === null) this.routeKind[st.index] = ROUTE_TRACK;
      else if (
        branches.length === 1 &&
        branches[0].outcomes === null &&
        branches[0].cohorts === null &&
        branches[0].tracks === null &&
        branches[0].kinds === null
      ) {
        this.routeKind[st.index] = ROUTE_ONLY;
        this.onlyTo[st.index] = branches[0].to;
        this.onlyExit[st.index] = branches[0].exit;
      } else this.routeKind[st.index] = ROUTE_DRAW;
    }
    this.normEvents = chain.norms.length > 0;
    this.hasStageNorm = Uint8Array.from(chain.stages, (st) => (st.norm ? 1 : 0));
    this.hasBeds = chain.locations.length > 0;
    const quiet =
      !this.normEvents &&
      this.trace === null &&
      this.nareis === null &&
      !this.hasBeds &&
      !this.recordWaits &&
      chain.playbook.length === 0;
    this.plain = Uint8Array.from(chain.stages, (st) =>
      quiet &&
      st.capacityKind === CAPACITY_SERVERS &&
      st.queueKind === QUEUE_FIFO &&
      !st.locations &&
      !st.workingDaysOnly &&
      st.decides === DECIDES_NONE &&
      !st.norm &&
      this.routeKind[st.index] === ROUTE_ONLY
        ? 1
        : 0,
    );
    this.evServiceEnd = kernel.on((c: number) => this.serviceEnd(c));
    this.evServiceEndPlain = kernel.on((c: number) => this.endPlain(c));
    this.evServers = kernel.on((s: number) => {
      const t = kernel.now;
      this.serversNow[s] = Math.max(0, this.plannedServers(s, t) + this.serversAdjust[s]);
      this.serveQueue(s, t);
      this.reception.drainFills(t);
    });
  }

  /** Where a grant's family members come from (set once, after the arrivals exist). */
  connect(grants: Grants): void {
    this.grants = grants;
  }

  /** Schedules the planned changes of servers at their dates. */
  scheduleCapacityChanges(): void {
    const H = this.window.horizon;
    for (const s of this.chain.stages) {
      if (!s.servers) continue;
      for (let i = 1; i < s.servers.fromDay.length; i++)
        if (s.servers.fromDay[i] > 0 && s.servers.fromDay[i] < H)
          this.kernel.schedule(s.servers.fromDay[i], this.evServers, s.index, PRIORITY_CAPACITY);
    }
  }

  /** The case enters stage s at t: it queues (or starts at once) and asks for a bed the stage uses. */
  enter(c: number, s: number, t: number): void {
    if (this.plain[s] === 1) {
      this.enterPlain(c, s, t);
      return;
    }
    if (this.nareis !== null && this.nareis.abroad[c] === 1 && this.nareis.abroadStage[s] === 0) {
      // A family from abroad arrives in the country (or goes straight to its sponsor's municipality).
      s = this.nareis.land(c, s, t);
      if (s < 0) {
        this.exit(c, -1 - s, t);
        return;
      }
    }
    this.joinStage(c, s, t);
    if (this.normEvents) this.norms.stageEvent(c, s, EVENT_ENTER, t);
    if (this.trace !== null) this.trace.emit(c, this.chain.stages[s].id, 'schedule', t, s);
    if (this.usesBeds[s] === 1) this.reception.place(c, this.chain.stages[s].locations!, t);
    if (this.hasServers[s] === 1) {
      // An empty queue and a free server: the case starts at once (what push, then pop, would give).
      const queue = this.queues[s];
      if (queue.size === 0 && this.busy[s] < this.serversNow[s]) this.startService(c, s, t);
      else {
        queue.push(c, this.queueKey(c, s));
        this.serveQueue(s, t);
      }
    } else if (this.capacityKind[s] === CAPACITY_UNLIMITED) this.startService(c, s, t);
    else {
      this.queues[s].push(c, this.queueKey(c, s));
      this.serveQueue(s, t);
    }
  }

  /** Case c is in stage s from t on, waiting (counted against the loop limit). */
  private joinStage(c: number, s: number, t: number): void {
    const { cases } = this;
    if (t - cases.loopFrom[c] >= 1) {
      cases.loopFrom[c] = t;
      cases.loopEntries[c] = 1;
    } else if (++cases.loopEntries[c] > MAX_STAGE_ENTRIES_PER_DAY - LOOP_TRAIL) this.guardLoop(c, s, t);
    cases.stage[c] = s;
    cases.enter[c] = t;
    this.changeStage(s, t, 1, cases.persons[c]);
    this.waitingPersons[s] += cases.persons[c];
  }

  /** `enter` for a plain stage (see `plain`): the case queues, or starts at once when a server is free. */
  private enterPlain(c: number, s: number, t: number): void {
    this.joinStage(c, s, t);
    const queue = this.queues[s];
    if (queue.size === 0 && this.busy[s] < this.serversNow[s]) this.startPlain(c, s, t);
    else {
      queue.push(c, 0);
      while (queue.size > 0 && this.busy[s] < this.serversNow[s]) this.startPlain(queue.pop(), s, t);
    }
  }

  /** `startService` for a plain stage: a server takes the case until the end of its service time. */
  private startPlain(c: number, s: number, t: number): void {
    const { cases } = this;
    cases.start[c] = t;
    this.changeBusy(s, t, 1);
    this.waitingPersons[s] -= cases.persons[c];
    this.scheduleEnd(t + this.drawService(s, this.service[s](cases.rng(c)), t), this.evServiceEndPlain, c);
  }

  /** `serviceEnd` for a plain stage: the server takes the next case, this one goes on its only way. */
  private endPlain(c: number): void {
    const { cases } = this;
    const t = this.kernel.now;
    const s = cases.stage[c];
    if (this.endOfService(c, s, t)) this.recorder.stageDone(c, s, t);
    cases.outcome[c] = -1;
    const queue = this.queues[s];
    while (queue.size > 0 && this.busy[s] < this.serversNow[s]) this.startPlain(queue.pop(), s, t);
    const to = this.onlyTo[s];
    if (to >= 0) this.enter(c, to, t);
    else this.exit(c, this.onlyExit[s], t);
  }

  /**
   * A case of the initial state that is in service at stage s since `started` (<= 0): it holds a server (or the
   * quota it took) from time 0 and ends after the service time drawn given the time already served — up to
   * RESUME_TRIES draws until one is longer than that time (end = started + draw), else the time served plus a fresh
   * draw. Its norm events at the stage were given by the caller.
   */
  resumeService(c: number, s: number, entered: number, started: number): void {
    const { cases } = this;
    const stage = this.chain.stages[s];
    cases.stage[c] = s;
    cases.enter[c] = entered;
    cases.start[c] = started;
    cases.loopFrom[c] = 0;
    cases.loopEntries[c] = 1;
    this.changeStage(s, 0, 1, cases.persons[c]);
    if (this.trace !== null) {
      this.trace.emit(c, stage.id, 'schedule', 0, s);
      this.trace.emit(c, stage.id, 'start', 0, s);
    }
    if (this.usesBeds[s] === 1) this.reception.place(c, stage.locations!, 0);
    this.changeBusy(s, 0, 1);
    const working = this.workingOnly[s] === 1;
    const calendar = this.chain.calendar;
    const served = working ? calendar.workingDaysBetween(started, 0) : -started;
    const rng = cases.rng(c);
    let end = Number.NaN;
    for (let i = 0; i < RESUME_TRIES && Number.isNaN(end); i++) {
      const d = this.drawService(s, stage.service(rng), 0);
      if (d > served) end = working ? calendar.addWorkingTime(started, d) : started + d;
    }
    if (Number.isNaN(end)) {
      const d = this.drawService(s, stage.service(rng), 0);
      end = working ? calendar.addWorkingTime(0, d) : d;
    }
    this.kernel.schedule(end, this.evServiceEnd, c, PRIORITY_SERVICE);
  }

  /** The draw of a service time, checked to be a duration. */
  private drawService(s: number, duration: number, t: number): number {
    if (!(duration >= 0 && duration < Infinity))
      throw impossibleDraw(
        this.replication,
        `stages[${s}].serviceTime`,
        `the service time of stage "${this.chain.stages[s].id}"`,
        duration,
        t,
      );
    return duration;
  }

  /** Start of day d: a stage with a daily quota gets today's throughput (unused capacity lapses). */
  releaseQuotas(d: number): void {
    const { chain } = this;
    for (let s = 0; s < chain.stages.length; s++) {
      const stage = chain.stages[s];
      if (stage.capacityKind !== CAPACITY_THROUGHPUT) continue;
      const target = this.permitTargets[s];
      if (target !== null) target.halfYear(d, this.recorder.permitsGranted);
      const quota = target !== null ? target.quota[d] : stage.dailyQuota![d];
      if (this.queues[s].size === 0)
        this.budget[s] = Math.min(this.budget[s], 0) + quota; // unused capacity lapses
      else this.budget[s] += quota;
      this.serveQueue(s, d);
    }
    if (this.pools !== null) {
      this.pools.release(d, this);
      for (let i = 0; i < this.poolStages.length; i++) this.serveQueue(this.poolStages[i], d);
    }
  }

  /** Cases waiting in front of stage s now. */
  queued(s: number): number {
    return this.queues[s].size;
  }

  /** Changes the servers of stage i by `delta` (never below zero in all); returns the change actually made. */
  adjustServers(i: number, delta: number, t: number): number {
    const applied = Math.max(delta, -(this.plannedServers(i, t) + this.serversAdjust[i]));
    this.serversAdjust[i] += applied;
    this.serversNow[i] = Math.max(0, this.plannedServers(i, t) + this.serversAdjust[i]);
    this.serveQueue(i, t);
    return applied;
  }

  /** Sends `share` of the cases finishing stage i to stage `to` instead (share 0: no diversion). */
  divert(i: number, share: number, to: number): void {
    this.divertShare[i] = share > 0 ? share : 0;
    this.divertTo[i] = share > 0 ? to : -1;
  }

  /** Planned servers of stage s on day d with the playbook's changes (may be below zero). */
  serversCapacity(s: number, d: number): number {
    return this.plannedServers(s, d) + this.serversAdjust[s];
  }

  /** Persons waiting in front of stage s now. */
  backlog(s: number): number {
    return this.waitingPersons[s];
  }

  /** Mean wait of the cases that started service at stage s on days from … to − 1; NaN when there were none. */
  meanWait(s: number, from: number, to: number): number {
    let sum = 0;
    let count = 0;
    for (let x = from; x < to; x++) {
      sum += this.waitSumByDay[s][x];
      count += this.waitCountByDay[s][x];
    }
    return count === 0 ? Number.NaN : sum / count;
  }

  /** The end of day `day`: the stages' stocks and the day's staff cost. */
  snapshot(day: number): void {
    for (let s = 0; s < this.chain.stages.length; s++) {
      this.inStageSeries[s][day] = this.persons[s];
      this.completedSeries[s][day] = this.completedToday[s];
      this.completedToday[s] = 0;
      this.waitingSeries[s][day] = this.waitingPersons[s];
      this.inServiceSeries[s][day] = this.caseCount[s] - this.queues[s].size;
      this.costStaff[day] += this.staffCostPerDay(s, day);
    }
    if (this.pools !== null) this.costStaff[day] += this.pools.staffCost(day);
  }

  series(out: Record<string, Float64Array>): void {
    const { stages } = this.chain;
    stages.forEach((s, i) => (out[stageSeries(s.id, 'inStage')] = this.inStageSeries[i]));
    stages.forEach((s, i) => (out[stageSeries(s.id, 'waiting')] = this.waitingSeries[i]));
    stages.forEach((s, i) => (out[stageSeries(s.id, 'completed')] = this.completedSeries[i]));
    stages.forEach((s, i) => (out[stageSeries(s.id, 'inServiceCases')] = this.inServiceSeries[i]));
  }

  /** Backlog, completions, Little's law and utilisation of stage i, at the end of the run. */
  stageKpis(kpis: Record<string, number>, i: number): void {
    const { window } = this;
    const s = this.chain.stages[i];
    const H = window.horizon;
    kpis[stageKpi(s.id, 'backlog.mean')] = window.mean(this.waitingSeries[i]);
    kpis[stageKpi(s.id, 'backlog.end')] = this.waitingPersons[i];
    kpis[stageKpi(s.id, 'completed.cases')] = this.completedWindow[i];
    // Little's law, L = λW, in cases over the reported period.
    this.changeStage(i, H, 0, 0);
    kpis[stageKpi(s.id, 'little.meanCases')] = window.days > 0 ? this.caseArea[i] / window.days : 0;
    kpis[stageKpi(s.id, 'little.casesPerDay')] = window.days > 0 ? this.completedWindow[i] / window.days : 0;
    if (s.capacityKind === CAPACITY_SERVERS) {
      let serverDays = 0;
      for (let d = window.warmup; d < H; d++) serverDays += valueAt(s.servers!, d);
      this.changeBusy(i, H, 0);
      kpis[stageKpi(s.id, 'utilisation')] = serverDays > 0 ? this.busyArea[i] / serverDays : 0;
    }
  }

  /** The case leaves the chain for `reason`. */
  exit(c: number, reason: number, t: number): void {
    if (this.trace !== null) this.trace.emit(c, `exit:${this.chain.exitReasons[reason]}`, 'complete', t, -1);
    // A case abroad closes its application without having been in the chain.
    if (this.nareis === null || !this.nareis.leave(c, reason, t)) this.recorder.exit(c, reason, t);
    if (this.normEvents) this.norms.leave(c, t);
    this.reception.leave(c, t);
    this.cases.release(c);
  }

  private plannedServers(s: number, t: number): number {
    return valueAt(this.chain.stages[s].servers!, t);
  }

  private changeStage(s: number, t: number, dCases: number, dPersons: number): void {
    const warmup = this.window.warmup;
    if (t > warmup) this.caseArea[s] += this.caseCount[s] * (t - Math.max(this.last[s], warmup));
    this.last[s] = t;
    this.caseCount[s] += dCases;
    this.persons[s] += dPersons;
  }

  private changeBusy(s: number, t: number, delta: number): void {
    const warmup = this.window.warmup;
    if (t > warmup) this.busyArea[s] += this.busy[s] * (t - Math.max(this.busyLast[s], warmup));
    this.busyLast[s] = t;
    this.busy[s] += delta;
  }

  /** The key of case c in the queue of stage s (lower first; equal keys in order of joining). */
  queueKey(c: number, s: number): number {
    if (this.fifo[s] === 1) return 0;
    const stage = this.chain.stages[s];
    if (stage.queueKind === QUEUE_EDF) return this.norms.edfKey(stage.edfNorm, c);
    if (stage.queueKind === QUEUE_PRIORITY) {
      const { cases } = this;
      const rank = stage.priorityRank!;
      const v =
        stage.priorityBy === 'track' ? cases.track[c] : stage.priorityBy === 'cohort' ? cases.cohort[c] : cases.kind[c];
      return v >= 0 ? rank[v] : rank.length;
    }
    return 0;
  }

  private serveQueue(s: number, t: number): void {
    const queue = this.queues[s];
    const capacityKind = this.capacityKind[s];
    if (capacityKind === CAPACITY_SERVERS) {
      while (queue.size > 0 && this.busy[s] < this.serversNow[s]) this.startService(queue.pop(), s, t);
    } else if (capacityKind === CAPACITY_THROUGHPUT) {
      const quotaInPersons = this.chain.stages[s].quotaInPersons;
      while (queue.size > 0 && this.budget[s] > 0) {
        const c = queue.pop();
        this.budget[s] -= quotaInPersons ? this.cases.persons[c] : 1;
        this.startService(c, s, t);
      }
    } else if (capacityKind === CAPACITY_POOL) {
      const pools = this.pools!;
      const day = this.window.dayOf(t);
      while (queue.size > 0 && pools.canStart(s, queue.size, this.waitingPersons[s], day)) {
        const c = queue.pop();
        pools.spend(s, this.cases.persons[c], day);
        this.startService(c, s, t);
      }
    }
  }

  private startService(c: number, s: number, t: number): void {
    const { cases } = this;
    cases.start[c] = t;
    this.changeBusy(s, t, 1);
    if (this.recordWaits) {
      const day = this.window.dayOf(t);
      this.waitSumByDay[s][day] += t - cases.enter[c];
      this.waitCountByDay[s][day]++;
    }
    this.waitingPersons[s] -= cases.persons[c];
    if (this.normEvents) this.norms.stageEvent(c, s, EVENT_START, t);
    if (this.trace !== null) this.trace.emit(c, this.chain.stages[s].id, 'start', t, s);
    const duration = this.drawService(s, this.service[s](cases.rng(c)), t);
    // Working time is never less than calendar time: a draw beyond the horizon ends after it either way.
    const end =
      this.workingOnly[s] === 1 && duration < this.window.horizon
        ? this.chain.calendar.addWorkingTime(t, duration)
        : t + duration;
    this.scheduleEnd(end, this.evServiceEnd, c);
  }

  /**
   * Schedules the end of a service at `end`. At or after now (a duration is >= 0): a finite end needs none of the
   * kernel's checks; an end that overflows to Infinity gets them (and their error).
   */
  private scheduleEnd(end: number, kind: number, c: number): void {
    if (end < Infinity) this.kernel.scheduleTrusted(end, kind, c, PRIORITY_SERVICE);
    else this.kernel.schedule(end, kind, c, PRIORITY_SERVICE);
  }

  /**
   * The service of case c at stage s ends at t: its server and its place in the stage come free. True when the
   * case counts for the stage's lead times (a case not of the initial stock, finishing in the reported period).
   */
  private endOfService(c: number, s: number, t: number): boolean {
    this.changeBusy(s, t, -1);
    const persons = this.cases.persons[c];
    this.changeStage(s, t, -1, -persons);
    this.completedToday[s] += persons;
    if (t < this.window.warmup) return false;
    this.completedWindow[s]++;
    return this.cases.initial[c] === 0;
  }

  private serviceEnd(c: number): void {
    const { cases } = this;
    const t = this.kernel.now;
    const s = cases.stage[c];
    if (this.endOfService(c, s, t)) {
      this.recorder.stageDone(c, s, t);
      if (this.hasStageNorm[s] === 1) this.norms.stageDone(c, s, t);
    }
    if (this.hasStageNorm[s] === 1 && cases.initial[c] === 0) this.norms.stageNormEnded(c, s, t);
    if (this.normEvents) this.norms.stageEvent(c, s, EVENT_END, t);
    const decides = this.decides[s];
    const outcome = decides === DECIDES_NONE ? -1 : this.decide(c, s);
    cases.outcome[c] = outcome;
    if (this.trace !== null)
      this.trace.emit(c, this.chain.stages[s].id, 'complete', t, s, this.outcomeLabel(s, outcome));
    if (outcome === OUTCOME_GRANT && decides === DECIDES_GRANT && !cases.granted[c]) {
      cases.granted[c] = 1;
      if (this.nareis === null || this.nareis.inCountry(c)) this.recorder.grant(c);
      this.grants!.afterGrant(c, t);
    }
    // The freed server takes the next case before this one moves on, so both see the same instant.
    if (this.hasServers[s] === 1) {
      const queue = this.queues[s];
      while (queue.size > 0 && this.busy[s] < this.serversNow[s]) this.startService(queue.pop(), s, t);
    }
    this.route(c, s, outcome, t);
    if (this.hasBeds) this.reception.drainFills(t);
  }

  /** The decision stage s makes for the case at the end of its service (-1: it decides nothing). */
  private decide(c: number, s: number): number {
    const { cases, chain } = this;
    const stage = chain.stages[s];
    if (stage.decides === DECIDES_GRANT)
      return cases.rng(c).uniform() < chain.cohorts[cases.cohort[c]].grantProbability[s]
        ? OUTCOME_GRANT
        : OUTCOME_REJECT;
    if (stage.decides === DECIDES_TRACK) {
      const track = pick(chain.cohorts[cases.cohort[c]].trackCumulative, cases.rng(c).uniform());
      cases.track[c] = track;
      return track;
    }
    if (stage.decides === DECIDES_DEPARTURE)
      return pick(chain.cohorts[cases.cohort[c]].departureCumulative, cases.rng(c).uniform());
    return -1;
  }

  private outcomeLabel(s: number, outcome: number): string {
    const decides = this.chain.stages[s].decides;
    if (decides === DECIDES_GRANT) return outcome === OUTCOME_GRANT ? 'grant' : 'reject';
    if (decides === DECIDES_TRACK) return this.chain.tracks[outcome].id;
    if (decides === DECIDES_DEPARTURE) return DEPARTURE_OUTCOMES[outcome];
    return '';
  }

  private route(c: number, s: number, outcome: number, t: number): void {
    const { cases } = this;
    if (this.divertShare[s] > 0 && cases.rng(c).uniform() < this.divertShare[s]) {
      this.enter(c, this.divertTo[s], t);
      return;
    }
    const kind = this.routeKind[s];
    if (kind === ROUTE_ONLY) {
      // One unconditional way on: nothing to draw.
      const to = this.onlyTo[s];
      if (to >= 0) this.enter(c, to, t);
      else this.exit(c, this.onlyExit[s], t);
      return;
    }
    if (kind === ROUTE_TRACK) {
      this.enter(c, this.chain.routeNext[cases.track[c]][s], t);
      return;
    }
    const branches = this.chain.stages[s].branches!;
    const u = cases.rng(c).uniform();
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
    if (b.to >= 0) this.enter(c, b.to, t);
    else this.exit(c, b.exit, t);
  }

  /** Near the loop limit: remembers the stages the case enters, and at the limit stops the run naming them. */
  private guardLoop(c: number, s: number, t: number): void {
    const { cases } = this;
    let entry = this.loopTrail.get(c);
    if (entry === undefined || entry.from !== cases.loopFrom[c])
      this.loopTrail.set(c, (entry = { from: cases.loopFrom[c], stages: [] }));
    const trail = entry.stages;
    trail.push(s);
    if (cases.loopEntries[c] <= MAX_STAGE_ENTRIES_PER_DAY) return;
    // The loop: from the previous entry of this stage to this one.
    const previous = trail.lastIndexOf(s, trail.length - 2);
    const loop = previous >= 0 ? trail.slice(previous) : trail.slice(-2);
    const names = loop.map((i) => this.chain.stages[i].id);
    const first = Math.min(...loop);
    throw new SimulationError(
      `stages[${first}]`,
      `replication ${this.replication}, day ${Math.floor(t)}: a case entered stages ${MAX_STAGE_ENTRIES_PER_DAY} times within one day, going round ${names.join(' → ')}; the service times on this loop are (next to) zero, so the run would not end — give one of these stages a service time that takes time, or route cases out of the loop`,
    );
  }

  private staffCostPerDay(s: number, day: number): number {
    const stage = this.chain.stages[s];
    if (stage.costPerFteYearEur === 0) return 0;
    const fte = stage.fte
      ? valueAt(stage.fte, day)
      : stage.servers
        ? Math.max(0, valueAt(stage.servers, day) + this.serversAdjust[s]) * stage.ftePerServer
        : 0;
    return (fte * stage.costPerFteYearEur) / 365;
  }
}

/**
 * A housing target that follows the chain's own permits (throughput `targetFromPermits`): at the start of each half
 * year from `fromDay` on, the target is the persons granted a permit in the half year before; the share of target
 * plus arrears is that half year's quota (spread over its days as the compiled quota is) and the rest is carried.
 * Keeps its own copy of the stage's daily quota, so replications never share what one of them set.
 */
class PermitTarget {
  readonly quota: Float64Array;
  private readonly spec: CompiledPermitTarget;
  private readonly calendar: WorkingCalendar | null;
  private next = 0;
  private arrears: number;
  private permitsAtStart = 0;

  constructor(spec: CompiledPermitTarget, compiled: Float64Array, calendar: WorkingCalendar) {
    this.spec = spec;
    this.quota = Float64Array.from(compiled);
    this.calendar = spec.working ? calendar : null;
    this.arrears = spec.arrears;
  }

  /** Day d begins; `permits` is the number of persons granted a permit in the run so far. */
  halfYear(d: number, permits: number): void {
    const starts = this.spec.halfYearStarts;
    if (this.next + 1 >= starts.length || starts[this.next] !== d) return;
    if (d >= this.spec.fromDay) {
      const due = permits - this.permitsAtStart + this.arrears;
      const realised = valueAt(this.spec.share, d) * due;
      this.arrears = due - realised;
      spreadQuota(this.quota, d, starts[this.next + 1], realised, this.calendar);
    }
    this.permitsAtStart = permits;
    this.next++;
  }
}
