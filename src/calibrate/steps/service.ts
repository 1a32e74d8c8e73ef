// How long services take and how much capacity the stages had: service-time distributions by maximum likelihood
// (services started in the window; those still running at its end are right-censored), and effective
// capacities seen when the capacity bound — servers busy when a waiting case started, or starts on days that
// ended with a queue.
import type { ChainModel, Duration } from '../../model/schema.ts';
import { MEAN_PERIOD_DAYS } from '../../core/calendar.ts';
import { CAPACITY_SERVERS, CAPACITY_THROUGHPUT } from '../../sim/chain/compile.ts';
import { quantileSorted } from '../../core/stats.ts';
import { type LogReading, VISIT_CARRIED_OVER, VISIT_ENDED_BY_EXIT } from '../../monitor/visits.ts';
import { type DurationFit, fitDuration } from '../fit.ts';
import { type CalibrationContext, MIN_DURATIONS, MIN_SATURATED, MINUTE, round } from './context.ts';

/** Service times of every stage in the log; returns the fits made. */
export function fitServiceTimes(ctx: CalibrationContext): { stage: string; fit: DurationFit }[] {
  const { model, chain, visits, stageCode, toDay, inWindow, sim } = ctx;
  const durations: { stage: string; fit: DurationFit }[] = [];
  chain.stages.forEach((stage, s) => {
    if (stageCode[s] < 0) return;
    const values: number[] = [];
    const censored: number[] = [];
    const length = (a: number, b: number) => {
      const d = stage.workingDaysOnly ? chain.calendar.workingDaysBetween(sim(a), sim(b)) : b - a;
      return Math.max(0, Math.round(d / MINUTE) * MINUTE);
    };
    for (let v = 0; v < visits.count; v++) {
      const start = visits.start[v];
      if (visits.stageOf[v] !== stageCode[s] || !inWindow(start) || (visits.flags[v] & VISIT_ENDED_BY_EXIT) !== 0)
        continue;
      const end = visits.end[v];
      if (end < toDay) values.push(length(start, end));
      else censored.push(length(start, toDay));
    }
    const path = `stages[${stage.id}].serviceTime`;
    const before = model.stages[s].serviceTime;
    if (values.length < MIN_DURATIONS) {
      ctx.record({
        path,
        value: undefined,
        before,
        n: values.length,
        fit: '',
        note: `kept: fewer than ${MIN_DURATIONS} services with a start and a complete`,
      });
      return;
    }
    const fit = fitDuration(Float64Array.from(values), { censored: Float64Array.from(censored) });
    durations.push({ stage: stage.id, fit });
    model.stages[s].serviceTime = roundDuration(fit.duration);
    const notes = [
      stage.workingDaysOnly ? 'in working days' : '',
      censored.length > 0 ? `${censored.length} still in service at the end (censored)` : '',
    ].filter(Boolean);
    ctx.record({
      path,
      value: model.stages[s].serviceTime,
      before,
      n: fit.n,
      fit: describeFit(fit),
      note: notes.join('; '),
    });
  });
  return durations;
}

function describeFit(fit: DurationFit): string {
  const chosen = fit.candidates.find((c) => c.dist === fit.duration.dist);
  if (!chosen) return fit.chosenBy;
  return fit.chosenBy === 'aic'
    ? `KS D ${chosen.ks.d.toFixed(3)}, AIC ${chosen.aic.toFixed(1)}`
    : `${fit.chosenBy}${chosen.ks.d > 0 ? `, KS D ${chosen.ks.d.toFixed(3)}` : ''}`;
}

function roundDuration(d: Duration): Duration {
  switch (d.dist) {
    case 'fixed':
      return { dist: 'fixed', days: round(d.days, 4) };
    case 'exponential':
      return { dist: 'exponential', meanDays: round(d.meanDays, 3) };
    case 'lognormal':
    case 'gamma':
      return { dist: d.dist, meanDays: round(d.meanDays, 3), sdDays: round(d.sdDays, 3) };
    case 'empirical': {
      const weights = (d.weights ?? d.valuesDays.map(() => 1 / d.valuesDays.length)).map((w) => round(w, 4));
      return { dist: 'empirical', valuesDays: d.valuesDays.map((x) => round(x, 4)), weights };
    }
    default:
      return d;
  }
}

/** Effective capacities: servers of server stages, the quota of throughput stages, where the capacity bound. */
export function fitCapacities(ctx: CalibrationContext): void {
  const { model, chain } = ctx;
  chain.stages.forEach((stage, s) => {
    if (ctx.stageCode[s] < 0) return;
    const spec = model.stages[s];
    if (stage.capacityKind === CAPACITY_SERVERS && typeof spec.capacity === 'object' && 'servers' in spec.capacity) {
      fitServers(ctx, s, spec.capacity);
    } else if (
      stage.capacityKind === CAPACITY_THROUGHPUT &&
      typeof spec.capacity === 'object' &&
      'throughput' in spec.capacity
    ) {
      fitThroughput(ctx, s, spec.capacity.throughput);
    }
  });
}

type Capacity = Extract<ChainModel['stages'][number]['capacity'], object>;

/** The servers of model stage s: the median of those busy when a waiting case started. */
function fitServers(ctx: CalibrationContext, s: number, capacity: Extract<Capacity, { servers: unknown }>): void {
  const { model, visits, fromDay, toDay } = ctx;
  const spec = model.stages[s];
  const estimate = saturatedServers(visits, ctx.stageCode[s], fromDay, toDay);
  const path = `stages[${ctx.chain.stages[s].id}].capacity.servers`;
  if (estimate.samples < MIN_SATURATED) {
    ctx.record({
      path,
      value: undefined,
      before: capacity.servers,
      n: estimate.samples,
      fit: '',
      note: `kept: the stage rarely had a queue (at most ${estimate.maxBusy} cases in service at once), so its capacity did not bind`,
    });
    return;
  }
  const before = capacity.servers;
  spec.capacity = { servers: estimate.servers };
  ctx.record({
    path,
    value: estimate.servers,
    before,
    n: estimate.samples,
    fit: `P10–P90 ${estimate.p10}–${estimate.p90}`,
    note: 'cases in service when a waiting case started',
  });
}

/** The quota of model stage s: starts per day on days that ended with a queue, per period of the quota. */
function fitThroughput(
  ctx: CalibrationContext,
  s: number,
  tp: Extract<Capacity, { throughput: unknown }>['throughput'],
): void {
  const { chain, visits, cases, fromDay, toDay, sim } = ctx;
  const stage = chain.stages[s];
  const estimate = saturatedThroughput(
    visits,
    cases.persons,
    ctx.stageCode[s],
    fromDay,
    toDay,
    tp.unit === 'persons',
    stage.workingDaysOnly ? (d) => chain.calendar.isWorkingDay(sim(d)) : () => true,
  );
  const path = `stages[${stage.id}].capacity.throughput.amount`;
  if (estimate.days < MIN_SATURATED) {
    ctx.record({
      path,
      value: undefined,
      before: tp.amount,
      n: estimate.days,
      fit: '',
      note: 'kept: the queue was rarely longer than a day, so the quota did not bind',
    });
    return;
  }
  const workingShare = stage.workingDaysOnly ? estimate.eligibleDays / Math.max(1, toDay - fromDay) : 1;
  const amount = Math.round(estimate.perDay * MEAN_PERIOD_DAYS[tp.per] * workingShare);
  const before = tp.amount;
  tp.amount = amount;
  ctx.record({
    path,
    value: amount,
    before,
    n: estimate.days,
    fit: `${estimate.perDay.toFixed(1)} per ${stage.workingDaysOnly ? 'working ' : ''}day`,
    note: `starts per ${tp.per} on days that ended with a queue`,
  });
}

/**
 * Servers of a stage, seen when they are all busy: each time a case that had waited starts service, a server
 * has just freed, so the number in service right after is the number of servers. The median over the window.
 */
function saturatedServers(
  visits: LogReading['visits'],
  code: number,
  fromDay: number,
  toDay: number,
): { servers: number; samples: number; p10: number; p90: number; maxBusy: number } {
  const times: number[] = [];
  const deltas: number[] = [];
  const waited: boolean[] = [];
  for (let v = 0; v < visits.count; v++) {
    if (visits.stageOf[v] !== code || Number.isNaN(visits.start[v])) continue;
    times.push(visits.start[v]);
    deltas.push(1);
    waited.push(
      !Number.isNaN(visits.entry[v]) &&
        visits.start[v] - visits.entry[v] > MINUTE &&
        (visits.flags[v] & VISIT_CARRIED_OVER) === 0,
    );
    if (!Number.isNaN(visits.end[v])) {
      times.push(visits.end[v]);
      deltas.push(-1);
      waited.push(false);
    }
  }
  // Ends before starts at the same instant: a freed server is taken by the next case at that instant.
  const order = times.map((_, i) => i).sort((a, b) => times[a] - times[b] || deltas[a] - deltas[b]);
  let busy = 0;
  let maxBusy = 0;
  const samples: number[] = [];
  for (const i of order) {
    busy += deltas[i];
    if (busy > maxBusy) maxBusy = busy;
    if (deltas[i] === 1 && waited[i] && times[i] >= fromDay && times[i] < toDay) samples.push(busy);
  }
  samples.sort((a, b) => a - b);
  return {
    servers: Math.round(quantileSorted(samples, 0.5)),
    samples: samples.length,
    p10: quantileSorted(samples, 0.1),
    p90: quantileSorted(samples, 0.9),
    maxBusy,
  };
}

/**
 * The daily quota of a throughput stage, seen on days that end with a queue (the quota was used up): starts per
 * such day, in persons or cases. Only days on which the quota is released (working days) are eligible.
 */
function saturatedThroughput(
  visits: LogReading['visits'],
  persons: Uint16Array,
  code: number,
  fromDay: number,
  toDay: number,
  inPersons: boolean,
  eligible: (day: number) => boolean,
): { perDay: number; days: number; eligibleDays: number } {
  const D = toDay - fromDay;
  const starts = new Float64Array(D);
  const queueDiff = new Float64Array(D + 1);
  for (let v = 0; v < visits.count; v++) {
    if (visits.stageOf[v] !== code) continue;
    const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
    const start = visits.start[v];
    const amount = inPersons ? persons[visits.caseOf[v]] : 1;
    if (start >= fromDay && start < toDay) starts[Math.floor(start) - fromDay] += amount;
    // Waiting at the end of day d: entered before d + 1 and started at or after d + 1 (or not yet).
    const a = Math.max(0, Math.floor(entry) - fromDay);
    const b = Number.isNaN(start) ? D : Math.min(D, Math.floor(start) - fromDay);
    if (b > a && a < D) {
      queueDiff[a] += 1;
      queueDiff[b] -= 1;
    }
  }
  let queue = 0;
  let total = 0;
  let days = 0;
  let eligibleDays = 0;
  for (let d = 0; d < D; d++) {
    queue += queueDiff[d];
    if (!eligible(fromDay + d)) continue;
    eligibleDays++;
    if (queue > 0) {
      total += starts[d];
      days++;
    }
  }
  return { perDay: days > 0 ? total / days : 0, days, eligibleDays };
}
