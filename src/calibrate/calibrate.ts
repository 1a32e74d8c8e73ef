// Event log → chain model parameters: given a skeleton model (the stages, routes and norms a planner has drawn)
// and a case-event log, estimate what the log can tell — arrivals per month, kind and cohort, household sizes and
// child shares, track, grant and departure chances per cohort, routing shares, service-time distributions by
// maximum likelihood, effective capacities, and family reunification — each with its number of observations and
// a goodness-of-fit measure. A parameter with too few observations keeps the skeleton's value, and says so.
// Pure computation over the event table; writing the fitted YAML is fit-model.ts, the validation validate.ts.
import type { ChainModel, Condition, Duration } from '../model/schema.ts';
import { applicationKinds, type ApplicationKind } from '../model/schema.ts';
import { MEAN_PERIOD_DAYS, addMonths, dayOfMonth, formatIsoDate, monthIndex } from '../core/calendar.ts';
import {
  type CompiledChain,
  CAPACITY_SERVERS,
  CAPACITY_THROUGHPUT,
  DECIDES_DEPARTURE,
  DECIDES_GRANT,
  DECIDES_TRACK,
  DEPARTURE_OUTCOMES,
} from '../sim/chain/compile.ts';
import { quantileSorted } from '../core/stats.ts';
import type { EventTable } from '../monitor/event-table.ts';
import {
  EXIT_PREFIX,
  type LogReading,
  VISIT_CARRIED_OVER,
  VISIT_ENDED_BY_EXIT,
  measuredVisit,
} from '../monitor/visits.ts';
import { type DurationFit, fitDuration } from './fit.ts';
import { fitReunification, type ReunificationFit } from './reunification.ts';

/** Fewer observations than this leave a probability at the skeleton's value. */
export const MIN_OUTCOMES = 20;
/** Fewer durations than this leave a service time at the skeleton's value. */
export const MIN_DURATIONS = 30;
/** Fewer saturated moments than this leave a capacity at the skeleton's value (it did not bind). */
export const MIN_SATURATED = 20;
/** Days of family arrivals after the burn-in needed to estimate reunification. */
export const MIN_REUNIFICATION_DAYS_USED = 182;
/** Durations are fitted on a one-minute grid: timestamps carry seconds at best, and a working-day duration
 * recomputed from rounded timestamps is otherwise a second off its true value. */
const MINUTE = 1 / 1440;

export interface CalibrationWindow {
  /** First day (a first of the month) and the day after the last (also a first of the month), day numbers. */
  fromDay: number;
  toDay: number;
}

/** One estimated parameter, as it is reported: where in the model, the value, the evidence. */
export interface FittedParameter {
  /** Model path, e.g. `stages[aa].serviceTime`, `cohorts[mixed].grantProbability.va`. */
  path: string;
  /** The value written into the model (a number or a model object), or undefined when kept. */
  value: unknown;
  /** The skeleton's value. */
  before: unknown;
  n: number;
  /** Goodness of fit where one applies: KS distance of a duration, log-likelihood of reunification. */
  fit: string;
  /** Why a parameter was kept or anything a planner must know. */
  note: string;
}

export interface Calibration {
  window: CalibrationWindow;
  /** The model with the fitted values, as plain data (the YAML writer keeps the skeleton's comments). */
  model: ChainModel;
  parameters: FittedParameter[];
  /** Notes on the log as a whole (unknown activities, cases of unknown kind …). */
  notes: string[];
  durations: { stage: string; fit: DurationFit }[];
  reunification: { cohort: string; fit: ReunificationFit }[];
}

export interface CalibrateOptions {
  /** Override the window (first days of months). */
  fromDay?: number;
  toDay?: number;
}

/** The whole months that the log covers: from the first day of a month on which it has events, to the last. */
export function calibrationWindow(table: EventTable, options: CalibrateOptions = {}): CalibrationWindow {
  if (!Number.isFinite(table.firstTime)) throw new RangeError('the log has no events');
  let fromDay = options.fromDay ?? Math.floor(table.firstTime);
  if (options.fromDay === undefined && dayOfMonth(fromDay) !== 1)
    fromDay = addMonths(fromDay - dayOfMonth(fromDay) + 1, 1);
  let toDay = options.toDay ?? Math.floor(table.lastTime) + 1;
  if (options.toDay === undefined && dayOfMonth(toDay) !== 1) toDay = toDay - dayOfMonth(toDay) + 1;
  if (toDay <= fromDay)
    throw new RangeError(
      `the log does not cover a whole calendar month (${formatIsoDate(Math.floor(table.firstTime))} – ${formatIsoDate(Math.floor(table.lastTime))}); calibration needs at least one`,
    );
  return { fromDay, toDay };
}

function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

function describeFit(fit: DurationFit): string {
  const chosen = fit.candidates.find((c) => c.dist === fit.duration.dist);
  if (!chosen) return fit.chosenBy;
  return fit.chosenBy === 'aic'
    ? `KS D ${chosen.ks.d.toFixed(3)}, AIC ${chosen.aic.toFixed(1)}`
    : `${fit.chosenBy}${chosen.ks.d > 0 ? `, KS D ${chosen.ks.d.toFixed(3)}` : ''}`;
}

/** Estimates every parameter the log informs and returns the fitted model (skeleton values elsewhere). */
export function calibrate(
  skeleton: ChainModel,
  chain: CompiledChain,
  table: EventTable,
  reading: LogReading,
  options: CalibrateOptions = {},
): Calibration {
  const window = calibrationWindow(table, options);
  const { fromDay, toDay } = window;
  const model = structuredClone(skeleton);
  const parameters: FittedParameter[] = [];
  const notes: string[] = [];
  const { visits, cases } = reading;
  const V = visits.count;
  const C = table.cases;
  const acts = table.activities;
  const stageCode = model.stages.map((s) => acts.find(s.id));
  const stageOfCode = new Map<number, number>();
  stageCode.forEach((code, i) => code >= 0 && stageOfCode.set(code, i));
  const cohortIndex = new Map(model.cohorts.map((c, i) => [c.id, i]));
  const inWindow = (t: number) => t >= fromDay && t < toDay;
  const sim = (t: number) => t - chain.startDay;
  const record = (p: FittedParameter) => parameters.push(p);

  if (reading.unknownActivities.length > 0) {
    notes.push(
      `activities that are not stages of the skeleton were read past: ${reading.unknownActivities
        .slice(0, 8)
        .map((u) => `${u.activity} (${u.events} events)`)
        .join(', ')}`,
    );
  }
  for (const [i, code] of stageCode.entries())
    if (code < 0)
      notes.push(`stage ${model.stages[i].id} does not occur in the log: its parameters keep the skeleton's values`);

  // ---- per case: kind (by the entry stage of its first visit) and cohort --------------------------------------
  const kindByEntry = new Map<number, ApplicationKind>();
  for (const kind of applicationKinds) {
    const id = model.inflow.entry[kind];
    const code = id === undefined ? -1 : acts.find(id);
    if (code >= 0 && !kindByEntry.has(code)) kindByEntry.set(code, kind);
  }
  const caseKind: (ApplicationKind | undefined)[] = new Array(C);
  const caseCohort = new Int32Array(C).fill(-1);
  let unknownKind = 0;
  let unknownCohort = 0;
  for (let c = 0; c < C; c++) {
    const v0 = visits.caseVisitStart[c];
    if (v0 === visits.caseVisitStart[c + 1]) continue;
    caseKind[c] = kindByEntry.get(visits.stageOf[v0]);
    const cohort = cohortIndex.get(table.cohorts.values[visits.cohortOf[v0]]);
    if (cohort !== undefined) caseCohort[c] = cohort;
    else if (model.cohorts.length === 1) caseCohort[c] = 0;
    else unknownCohort++;
    if (caseKind[c] === undefined && Number.isNaN(cases.initial[c])) unknownKind++;
  }
  if (unknownKind > 0)
    notes.push(
      `${unknownKind} cases start at a stage that is no entry stage of the skeleton (inflow.entry): they count in stage figures but not in the inflow`,
    );
  if (unknownCohort > 0)
    notes.push(`${unknownCohort} cases have no cohort of the skeleton: left out of the per-cohort estimates`);
  const generatesFamily = model.cohorts.some((c) => c.familyReunification !== undefined);

  // ---- inflow: persons per month, kind and cohort ------------------------------------------------------------
  const firstMonth = monthIndex(fromDay);
  const months = monthIndex(toDay - 1) - firstMonth + 1;
  const K = model.cohorts.length;
  const inflowKinds = applicationKinds.filter(
    (k) => model.inflow.entry[k] !== undefined && !(k === 'familyReunification' && generatesFamily),
  );
  const arrivals = new Map<ApplicationKind, Float64Array>(inflowKinds.map((k) => [k, new Float64Array(months * K)]));
  const sizeCounts = model.cohorts.map(() => new Map<number, number>());
  const personsByCohort = new Float64Array(K);
  const childrenByCohort = new Float64Array(K);
  for (let c = 0; c < C; c++) {
    const t = cases.arrival[c];
    const kind = caseKind[c];
    const cohort = caseCohort[c];
    if (!inWindow(t) || kind === undefined || cohort < 0 || !Number.isNaN(cases.initial[c])) continue;
    const series = arrivals.get(kind);
    if (series) series[(monthIndex(Math.floor(t)) - firstMonth) * K + cohort] += cases.persons[c];
    if (kind === 'first') {
      sizeCounts[cohort].set(cases.persons[c], (sizeCounts[cohort].get(cases.persons[c]) ?? 0) + 1);
      personsByCohort[cohort] += cases.persons[c];
      childrenByCohort[cohort] += cases.children[c];
    }
  }
  const monthly: NonNullable<ChainModel['inflow']['monthly']> = [];
  for (let m = 0; m < months; m++) {
    const month = formatIsoDate(addMonths(fromDay, m)).slice(0, 7);
    for (let k = 0; k < K; k++) {
      const row: NonNullable<ChainModel['inflow']['monthly']>[number] = { month };
      if (K > 1) row.cohort = model.cohorts[k].id;
      for (const kind of inflowKinds) row[kind] = arrivals.get(kind)![m * K + k];
      monthly.push(row);
    }
  }
  let totalArrivals = 0;
  for (const series of arrivals.values()) for (const x of series) totalArrivals += x;
  record({
    path: 'inflow.monthly',
    value: `${months} months × ${K} cohort${K === 1 ? '' : 's'}`,
    before: model.inflow.monthly
      ? `${model.inflow.monthly.length} rows`
      : Object.keys(model.inflow)
          .filter((k) => ['file', 'perDay', 'forecast'].includes(k))
          .join(''),
    n: totalArrivals,
    fit: 'counts',
    note: `persons arriving per month, by ${K > 1 ? 'cohort and ' : ''}kind (${inflowKinds.join(', ')})`,
  });
  model.inflow = {
    entry: model.inflow.entry,
    process: model.inflow.process,
    afterLastMonth: model.inflow.afterLastMonth,
    monthly,
  };
  // Shares of each cohort in the first applications, for forecasts made with this model.
  for (const kind of inflowKinds) {
    const series = arrivals.get(kind)!;
    const byCohort = new Float64Array(K);
    for (let m = 0; m < months; m++) for (let k = 0; k < K; k++) byCohort[k] += series[m * K + k];
    const total = byCohort.reduce((a, b) => a + b, 0);
    if (total === 0 || K === 1) continue;
    model.cohorts.forEach((cohort, k) => {
      const share = round(byCohort[k] / total, 4);
      const before = cohort.shareOfInflow;
      const next =
        typeof before === 'object' && before !== null
          ? { ...before, [kind]: share }
          : inflowKinds.length === 1
            ? share
            : { [kind]: share };
      cohort.shareOfInflow = next;
      record({
        path: `cohorts[${cohort.id}].shareOfInflow.${kind}`,
        value: share,
        before: typeof before === 'object' ? before?.[kind] : before,
        n: total,
        fit: '',
        note: '',
      });
    });
  }
  // Shares must still sum to 1 after rounding: put the rounding remainder on the largest cohort.
  for (const kind of inflowKinds) {
    const shares = model.cohorts.map((c) =>
      typeof c.shareOfInflow === 'object' ? (c.shareOfInflow?.[kind] ?? 0) : (c.shareOfInflow ?? 0),
    );
    const sum = shares.reduce((a, b) => a + b, 0);
    if (K > 1 && sum > 0 && Math.abs(sum - 1) > 1e-9) {
      const largest = shares.indexOf(Math.max(...shares));
      const cohort = model.cohorts[largest];
      const fixed = round(shares[largest] + 1 - sum, 4);
      if (typeof cohort.shareOfInflow === 'object') cohort.shareOfInflow = { ...cohort.shareOfInflow, [kind]: fixed };
      else cohort.shareOfInflow = fixed;
    }
  }

  // ---- households and children of first applications per cohort ----------------------------------------------
  model.cohorts.forEach((cohort, k) => {
    const counts = [...sizeCounts[k].entries()].sort((a, b) => a[0] - b[0]);
    const households = counts.reduce((a, [, n]) => a + n, 0);
    if (households < MIN_OUTCOMES) return;
    const before = cohort.householdSize;
    cohort.householdSize = {
      sizes: counts.map(([size]) => size),
      weights: counts.map(([, n]) => round(n / households, 4)),
    };
    record({
      path: `cohorts[${cohort.id}].householdSize`,
      value: cohort.householdSize,
      before,
      n: households,
      fit: '',
      note: 'households of first applications',
    });
    if (personsByCohort[k] > 0) {
      const share = round(childrenByCohort[k] / personsByCohort[k], 4);
      record({
        path: `cohorts[${cohort.id}].childShare`,
        value: share,
        before: cohort.childShare,
        n: personsByCohort[k],
        fit: '',
        note: '',
      });
      cohort.childShare = share;
    }
  });

  // ---- outcomes of deciding stages per cohort: grants, tracks, departures ---------------------------------------
  const grantCode = table.outcomes.find('grant');
  const rejectCode = table.outcomes.find('reject');
  const completedInWindow = (v: number) => measuredVisit(visits, v, fromDay, toDay);
  chain.stages.forEach((stage, s) => {
    if (stage.decides === 0 || stageCode[s] < 0) return;
    const counts = model.cohorts.map(() => new Map<number, number>());
    for (let v = 0; v < V; v++) {
      if (visits.stageOf[v] !== stageCode[s] || !completedInWindow(v)) continue;
      const cohort = caseCohort[visits.caseOf[v]];
      if (cohort < 0) continue;
      const o = visits.outcomeOf[v];
      counts[cohort].set(o, (counts[cohort].get(o) ?? 0) + 1);
    }
    model.cohorts.forEach((cohort, k) => {
      const map = counts[k];
      if (stage.decides === DECIDES_GRANT) {
        const grants = map.get(grantCode) ?? 0;
        const n = grants + (map.get(rejectCode) ?? 0);
        const before = cohort.grantProbability[stage.id];
        const path = `cohorts[${cohort.id}].grantProbability.${stage.id}`;
        if (n < MIN_OUTCOMES) {
          if (n > 0 || before !== undefined)
            record({ path, value: undefined, before, n, fit: '', note: `kept: fewer than ${MIN_OUTCOMES} decisions` });
          return;
        }
        cohort.grantProbability = { ...cohort.grantProbability, [stage.id]: round(grants / n, 4) };
        record({
          path,
          value: cohort.grantProbability[stage.id],
          before,
          n,
          fit: `±${(1.96 * Math.sqrt(((grants / n) * (1 - grants / n)) / n)).toFixed(3)} (95%)`,
          note: '',
        });
      } else if (stage.decides === DECIDES_TRACK) {
        const byTrack = model.tracks.map((t) => map.get(table.outcomes.find(t.id)) ?? 0);
        const n = byTrack.reduce((a, b) => a + b, 0);
        const path = `cohorts[${cohort.id}].trackProbabilities`;
        if (n < MIN_OUTCOMES) {
          record({
            path,
            value: undefined,
            before: cohort.trackProbabilities,
            n,
            fit: '',
            note: `kept: fewer than ${MIN_OUTCOMES} track decisions`,
          });
          return;
        }
        const before = cohort.trackProbabilities;
        cohort.trackProbabilities = Object.fromEntries(model.tracks.map((t, i) => [t.id, round(byTrack[i] / n, 4)]));
        fixSum(cohort.trackProbabilities);
        record({ path, value: cohort.trackProbabilities, before, n, fit: '', note: '' });
      } else if (stage.decides === DECIDES_DEPARTURE) {
        const byKind = DEPARTURE_OUTCOMES.map((d) => map.get(table.outcomes.find(d)) ?? 0);
        const n = byKind.reduce((a, b) => a + b, 0);
        const path = `cohorts[${cohort.id}].departure`;
        if (n < MIN_OUTCOMES) {
          record({
            path,
            value: undefined,
            before: cohort.departure,
            n,
            fit: '',
            note: `kept: fewer than ${MIN_OUTCOMES} departures`,
          });
          return;
        }
        const before = cohort.departure;
        cohort.departure = Object.fromEntries(DEPARTURE_OUTCOMES.map((d, i) => [d, round(byKind[i] / n, 4)]));
        fixSum(cohort.departure as Record<string, number>);
        record({ path, value: cohort.departure, before, n, fit: '', note: '' });
      }
    });
  });

  // ---- routing: shares of the destinations after each stage with branches --------------------------------------
  model.stages.forEach((stage, s) => {
    if (!Array.isArray(stage.next) || stageCode[s] < 0) return;
    const branches = stage.next;
    const groupKey = branches.map((b) => JSON.stringify(b.when ?? {}));
    const groups = [...new Set(groupKey)];
    const counts = new Float64Array(branches.length);
    let unexplained = 0;
    let overlapping = 0;
    for (let v = 0; v < V; v++) {
      if (visits.stageOf[v] !== stageCode[s] || !completedInWindow(v)) continue;
      const c = visits.caseOf[v];
      const destination = nextDestination(visits, cases, acts.values, v);
      if (destination === null) continue;
      const matching = groups.filter((g) => {
        const b = branches[groupKey.indexOf(g)];
        return matches(b.when, {
          outcome: table.outcomes.values[visits.outcomeOf[v]],
          cohort: caseCohort[c] >= 0 ? model.cohorts[caseCohort[c]].id : '',
          track: table.tracks.values[visits.trackOf[v]],
          kind: caseKind[c],
        });
      });
      if (matching.length > 1) overlapping++;
      let explained = false;
      for (const g of matching) {
        branches.forEach((b, i) => {
          if (groupKey[i] !== g) return;
          if (
            (b.to !== undefined && b.to === destination.stage) ||
            (b.exit !== undefined && b.exit === destination.exit)
          ) {
            counts[i]++;
            explained = true;
          }
        });
      }
      if (!explained) unexplained++;
    }
    for (const g of groups) {
      const members = branches.map((_, i) => i).filter((i) => groupKey[i] === g);
      const n = members.reduce((a, i) => a + counts[i], 0);
      if (members.length < 2) continue; // a single branch per condition has nothing to estimate
      const path = `stages[${stage.id}].next${g === '{}' ? '' : ` when ${g}`}`;
      if (n < MIN_OUTCOMES) {
        record({
          path,
          value: undefined,
          before: members.map((i) => branches[i].probability),
          n,
          fit: '',
          note: `kept: fewer than ${MIN_OUTCOMES} cases`,
        });
        continue;
      }
      const shares: Record<string, number> = {};
      for (const i of members) shares[String(i)] = round(counts[i] / n, 4);
      fixSum(shares);
      const before = members.map((i) => branches[i].probability);
      for (const i of members) branches[i].probability = shares[String(i)];
      record({
        path,
        value: members.map((i) => branches[i].probability),
        before,
        n,
        fit: '',
        note: members.map((i) => branches[i].to ?? `exit ${branches[i].exit}`).join(' / '),
      });
    }
    if (unexplained > 0)
      notes.push(
        `stages[${stage.id}].next: ${unexplained} cases went where no matching branch leads (a playbook diversion, or a route the skeleton lacks)`,
      );
    if (overlapping > 0)
      notes.push(
        `stages[${stage.id}].next: ${overlapping} cases match branches with different conditions; their shares were estimated per condition`,
      );
  });

  // ---- service times: services started in the window; those still running at its end are right-censored -----
  const durations: { stage: string; fit: DurationFit }[] = [];
  chain.stages.forEach((stage, s) => {
    if (stageCode[s] < 0) return;
    const values: number[] = [];
    const censored: number[] = [];
    const length = (a: number, b: number) => {
      const d = stage.workingDaysOnly ? chain.calendar.workingDaysBetween(sim(a), sim(b)) : b - a;
      return Math.max(0, Math.round(d / MINUTE) * MINUTE);
    };
    for (let v = 0; v < V; v++) {
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
      record({
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
    record({
      path,
      value: model.stages[s].serviceTime,
      before,
      n: fit.n,
      fit: describeFit(fit),
      note: notes.join('; '),
    });
  });

  // ---- effective capacities ---------------------------------------------------------------------------------
  chain.stages.forEach((stage, s) => {
    if (stageCode[s] < 0) return;
    const spec = model.stages[s];
    if (stage.capacityKind === CAPACITY_SERVERS && typeof spec.capacity === 'object' && 'servers' in spec.capacity) {
      const estimate = saturatedServers(visits, stageCode[s], fromDay, toDay);
      const path = `stages[${stage.id}].capacity.servers`;
      if (estimate.samples < MIN_SATURATED) {
        record({
          path,
          value: undefined,
          before: spec.capacity.servers,
          n: estimate.samples,
          fit: '',
          note: `kept: the stage rarely had a queue (at most ${estimate.maxBusy} cases in service at once), so its capacity did not bind`,
        });
        return;
      }
      const before = spec.capacity.servers;
      spec.capacity = { servers: estimate.servers };
      record({
        path,
        value: estimate.servers,
        before,
        n: estimate.samples,
        fit: `P10–P90 ${estimate.p10}–${estimate.p90}`,
        note: 'cases in service when a waiting case started',
      });
    } else if (
      stage.capacityKind === CAPACITY_THROUGHPUT &&
      typeof spec.capacity === 'object' &&
      'throughput' in spec.capacity
    ) {
      const tp = spec.capacity.throughput;
      const estimate = saturatedThroughput(
        visits,
        cases.persons,
        stageCode[s],
        fromDay,
        toDay,
        tp.unit === 'persons',
        stage.workingDaysOnly ? (d) => chain.calendar.isWorkingDay(sim(d)) : () => true,
      );
      const path = `stages[${stage.id}].capacity.throughput.amount`;
      if (estimate.days < MIN_SATURATED) {
        record({
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
      record({
        path,
        value: amount,
        before,
        n: estimate.days,
        fit: `${estimate.perDay.toFixed(1)} per ${stage.workingDaysOnly ? 'working ' : ''}day`,
        note: `starts per ${tp.per} on days that ended with a queue`,
      });
    }
  });

  // ---- family reunification per cohort ----------------------------------------------------------------------
  const reunification: { cohort: string; fit: ReunificationFit }[] = [];
  if (generatesFamily && model.inflow.entry.familyReunification) {
    const H = toDay - fromDay;
    // When every case of the log arrived in the window, no grant predates it and no burn-in is needed.
    let allArrivedInWindow = true;
    for (let c = 0; c < C && allArrivedInWindow; c++)
      if (!(cases.arrival[c] >= fromDay) || !Number.isNaN(cases.initial[c])) allArrivedInWindow = false;
    const grantsBeforeLog = allArrivedInWindow ? 'none' : 'unknown';
    if (allArrivedInWindow)
      notes.push(
        'family reunification: every case of the log arrived in the window, so no grant predates it (no burn-in)',
      );
    model.cohorts.forEach((cohort, k) => {
      const spec = cohort.familyReunification;
      if (!spec) return;
      const granted = new Float64Array(H);
      const family = new Float64Array(H);
      for (let c = 0; c < C; c++) {
        if (caseCohort[c] !== k || !Number.isNaN(cases.initial[c])) continue;
        const kind = caseKind[c];
        if (kind === 'familyReunification') {
          if (inWindow(cases.arrival[c])) family[Math.floor(cases.arrival[c]) - fromDay] += cases.persons[c];
        } else if (kind !== undefined && spec.fromKinds.includes(kind) && inWindow(cases.grant[c]))
          granted[Math.floor(cases.grant[c]) - fromDay]++;
      }
      const path = `cohorts[${cohort.id}].familyReunification`;
      let fit: ReunificationFit;
      try {
        fit = fitReunification(granted, family, { grantsBeforeLog });
      } catch (error) {
        record({ path, value: undefined, before: spec, n: 0, fit: '', note: `kept: ${(error as Error).message}` });
        return;
      }
      reunification.push({ cohort: cohort.id, fit });
      if (fit.daysUsed < MIN_REUNIFICATION_DAYS_USED) {
        record({
          path,
          value: undefined,
          before: spec,
          n: family.reduce((a, b) => a + b, 0),
          fit: `${fit.daysUsed} days after the burn-in`,
          note: `kept: the log leaves fewer than ${MIN_REUNIFICATION_DAYS_USED} days after the burn-in of ${fit.burnInDays} days (grants before the log are unknown); give a longer log`,
        });
        return;
      }
      const before = structuredClone(spec);
      spec.membersPerGrantedCase = round(fit.membersPerGrantedCase, 4);
      const delayIdentified = fit.delay !== null && fit.delayMeanRelativeSe <= 0.15;
      if (delayIdentified)
        spec.delay = {
          dist: 'lognormal',
          meanDays: round(fit.delay!.meanDays, 1),
          sdDays: round(fit.delay!.sdDays, 1),
        };
      record({
        path,
        value: { membersPerGrantedCase: spec.membersPerGrantedCase, delay: spec.delay },
        before: { membersPerGrantedCase: before.membersPerGrantedCase, delay: before.delay },
        n: family.reduce((a, b) => a + b, 0),
        fit: `log-likelihood ${fit.logLikelihood.toFixed(1)} over ${fit.daysUsed} days`,
        note: delayIdentified ? fit.note : `delay kept (${fit.note || 'not identified'})`,
      });
    });
  }

  // ---- time and the state at the start ------------------------------------------------------------------------
  model.time = { start: formatIsoDate(fromDay), horizonDays: toDay - fromDay, warmupDays: 0 };
  model.initialState = initialState(model, table, reading, caseKind, caseCohort, fromDay);
  record({
    path: 'initialState',
    value: `${model.initialState.reduce((a, s) => a + s.persons, 0)} persons at ${model.initialState.length} stage groups`,
    before: `${skeleton.initialState.reduce((a, s) => a + s.persons, 0)} persons`,
    n: model.initialState.length,
    fit: '',
    note: `persons at a stage on ${formatIsoDate(fromDay)} 00:00`,
  });
  return { window, model, parameters, notes, durations, reunification };
}

/** Makes rounded shares sum to exactly 1 by adjusting the largest. */
function fixSum(shares: Record<string, number>): void {
  const keys = Object.keys(shares);
  const sum = keys.reduce((a, k) => a + shares[k], 0);
  if (keys.length === 0 || sum === 0) return;
  const largest = keys.reduce((a, k) => (shares[k] > shares[a] ? k : a), keys[0]);
  shares[largest] = round(shares[largest] + 1 - sum, 4);
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

/** Where the case went after visit v: the stage of its next visit, or its exit reason; null while unknown. */
function nextDestination(
  visits: LogReading['visits'],
  cases: LogReading['cases'],
  activities: string[],
  v: number,
): { stage?: string; exit?: string } | null {
  const c = visits.caseOf[v];
  if (v + 1 < visits.caseVisitStart[c + 1]) return { stage: activities[visits.stageOf[v + 1]] };
  if (!Number.isNaN(cases.exit[c])) return { exit: activities[cases.exitActivity[c]].slice(EXIT_PREFIX.length) };
  return null;
}

function matches(
  when: Condition | undefined,
  facts: { outcome: string; cohort: string; track: string; kind: ApplicationKind | undefined },
): boolean {
  if (when === undefined) return true;
  if (when.outcome && !when.outcome.includes(facts.outcome)) return false;
  if (when.cohort && !when.cohort.includes(facts.cohort)) return false;
  if (when.track && !when.track.includes(facts.track)) return false;
  if (when.kind && (facts.kind === undefined || !when.kind.includes(facts.kind))) return false;
  return true;
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

/** Persons at each stage at the start of the window, grouped as the model's initial state wants them. */
function initialState(
  model: ChainModel,
  table: EventTable,
  reading: LogReading,
  caseKind: (ApplicationKind | undefined)[],
  caseCohort: Int32Array,
  fromDay: number,
): ChainModel['initialState'] {
  const { visits, cases } = reading;
  const groups = new Map<string, ChainModel['initialState'][number]>();
  const stageIds = new Set(model.stages.map((s) => s.id));
  for (let v = 0; v < visits.count; v++) {
    const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
    if (!(entry <= fromDay) || visits.end[v] <= fromDay) continue;
    const c = visits.caseOf[v];
    if (cases.arrival[c] >= fromDay) continue;
    const stage = table.activities.values[visits.stageOf[v]];
    if (!stageIds.has(stage)) continue;
    const kind = caseKind[c] ?? 'first';
    const cohort = caseCohort[c] >= 0 ? model.cohorts[caseCohort[c]].id : undefined;
    const granted = cases.grant[c] <= fromDay;
    const track = table.tracks.values[visits.trackOf[v]];
    const trackId = model.tracks.some((t) => t.id === track) ? track : undefined;
    const key = `${stage}|${kind}|${cohort ?? ''}|${granted}|${trackId ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { stage, persons: 0, kind, granted };
      if (cohort !== undefined) group.cohort = cohort;
      if (trackId !== undefined) group.track = trackId;
      groups.set(key, group);
    }
    group.persons += cases.persons[c];
  }
  const order = new Map(model.stages.map((s, i) => [s.id, i]));
  return [...groups.values()].sort(
    (a, b) =>
      order.get(a.stage)! - order.get(b.stage)! ||
      (a.cohort ?? '').localeCompare(b.cohort ?? '') ||
      Number(a.granted) - Number(b.granted),
  );
}
