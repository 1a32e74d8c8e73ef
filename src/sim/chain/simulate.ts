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
import type { CompiledChain } from './compile.ts';
import { type LeadTimeRecord, type PlaybookAction, type ReplicationResult, SimulationError } from './results.ts';
import { LIMITS } from '../../model/schema.ts';
import { CaseTable, NO_LOCATION } from './replication/cases.ts';
import {
  ARRIVAL_STREAM_BASE,
  FAMILY_KEY_OFFSET,
  FAMILY_STREAM_BASE,
  INITIAL_STREAM_BASE,
  PRIORITY_ARRIVAL,
  PRIORITY_CAPACITY,
  PRIORITY_TICK,
  ReportWindow,
  TWO_POW_32,
  pick,
} from './replication/constants.ts';
import { NormClocks } from './replication/norms.ts';
import { Recorder } from './replication/recorder.ts';
import { Reception } from './replication/reception.ts';
import { CaseTrace, type TraceSink } from './replication/trace.ts';
import { Stages, impossibleDraw } from './replication/stages.ts';

export type { TraceSink } from './replication/trace.ts';
export { MAX_STAGE_ENTRIES_PER_DAY } from './replication/stages.ts';

export interface SimulateOptions {
  replication: number;
  seed: number;
  trace?: TraceSink;
}

export function simulateReplication(chain: CompiledChain, options: SimulateOptions): ReplicationResult {
  const { replication, seed, trace } = options;
  const H = chain.horizonDays;
  const warmup = chain.warmupDays;
  const kernel = new Kernel(1024);

  // ---- case table (struct of arrays; slots are reused after exit) --------------------------------------------
  const cases = new CaseTable(1024);
  const window = new ReportWindow(H, warmup);
  const norms = new NormClocks(chain, cases, window);
  const recorder = new Recorder(chain, cases, window);
  const tracer = trace ? new CaseTrace(trace, cases) : null;
  const reception = new Reception(chain, cases, window, kernel, tracer);
  const stages = new Stages(chain, cases, window, kernel, replication, { norms, reception, recorder, trace: tracer });
  const alloc = () => cases.alloc();
  const rngs = cases.rngs;

  // ---- statistics ---------------------------------------------------------------------------------------------
  const series: Record<string, Float64Array> = {};
  const newSeries = (key: string) => (series[key] = new Float64Array(H));
  recorder.series(series);
  stages.series(series);
  reception.series(series);
  series['cost.receptionOccupied'] = reception.costOccupied;
  series['cost.receptionEmpty'] = reception.costEmpty;
  series['cost.overflow'] = reception.costOverflow;
  series['cost.staff'] = stages.costStaff;
  series['cost.moves'] = reception.costMoves;
  series['cost.penalties'] = norms.penalties;
  const costPlaybook = newSeries('cost.playbook');
  norms.series(series);

  const afterGrant = (c: number, t: number) => {
    const cohort = chain.cohorts[cases.cohort[c]];
    if (cohort.familyMembersPerGrant <= 0 || cohort.familyFromKinds[cases.kind[c]] === 0 || chain.entryStage[2] < 0)
      return;
    const rng = rngs[c]!;
    const members = samplePoisson(rng, cohort.familyMembersPerGrant);
    const delay = cohort.familyDelay!(rng);
    if (!(delay >= 0 && delay < Infinity))
      throw impossibleDraw(
        replication,
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
  stages.connect({ afterGrant });

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
    if (tracer !== null) tracer.emit(c, 'arrival', 'complete', t, -1);
    norms.arrive(c, t);
    stages.enter(c, chain.entryStage[cases.kind[c]], t);
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
      stages.divert(i, delta, rule.routeTo);
      return delta;
    }
    if (rule.target === 'beds') return reception.adjustBeds(i, delta, t);
    return stages.adjustServers(i, delta, t);
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
      const v = stages.backlog(rule.backlog.stage);
      if (!within(v, rule.backlog)) return null;
      why.push(`backlog ${chain.stages[rule.backlog.stage].id} ${fmtCount(v)} ${limits(rule.backlog, fmtCount)}`);
    }
    if (rule.inflow) {
      const v = recorder.arrivalsBetween(Math.max(0, d - rule.inflow.windowDays), d);
      if (!within(v, rule.inflow)) return null;
      why.push(`inflow in ${rule.inflow.windowDays} days ${fmtCount(v)} ${limits(rule.inflow, fmtCount)}`);
    }
    if (rule.waiting) {
      const mean = stages.meanWait(rule.waiting.stage, Math.max(0, d - rule.waiting.windowDays), d);
      if (Number.isNaN(mean)) return null;
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
            ? stages.serversCapacity(rule.targetIndex, d)
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
  const tick = (d: number) => {
    const t = d;
    if (d >= 1) {
      const day = d - 1;
      recorder.snapshot(day);
      stages.snapshot(day);
      reception.snapshot(day, t);
    }
    if (d < H) {
      if (rules.length > 0) runPlaybook(d);
      stages.releaseQuotas(d);
      reception.drainFills(t);
      kernel.schedule(d + 1, evTick, d + 1, PRIORITY_TICK);
    }
  };

  // ---- event kinds --------------------------------------------------------------------------------------------
  const evTick = kernel.on(tick);
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

  stages.scheduleCapacityChanges();
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
      if (tracer !== null) tracer.emit(c, 'initial', 'complete', 0, -1, stock.granted ? 'grant' : '');
      stages.enter(c, stock.stage, 0);
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
  norms.countOpenPastDeadline();
  const kpis: Record<string, number> = {};
  recorder.chainKpis(kpis);
  chain.stages.forEach((_, i) => {
    recorder.stageKpis(kpis, i);
    stages.stageKpis(kpis, i);
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
    const v = window.sum(series[`cost.${k}`]);
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
