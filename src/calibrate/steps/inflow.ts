// Who arrives: each case's kind (by the entry stage of its first visit) and cohort; persons arriving per month,
// kind and cohort, with each cohort's share of the inflow; and the households and children of first
// applications per cohort.
import type { ApplicationKind, ChainModel } from '../../model/schema.ts';
import { applicationKinds } from '../../model/schema.ts';
import { addMonths, formatIsoDate, monthIndex } from '../../core/calendar.ts';
import type { EventTable } from '../../monitor/event-table.ts';
import type { LogReading } from '../../monitor/visits.ts';
import { type CalibrationContext, MIN_OUTCOMES, round } from './context.ts';

/** Households of first applications per cohort: counts per size, persons and children. */
export interface FirstApplications {
  sizeCounts: Map<number, number>[];
  persons: Float64Array;
  children: Float64Array;
}

/** Whether a cohort of the model generates family reunification (the simulator then makes that inflow itself). */
export function generatesFamily(model: ChainModel): boolean {
  return model.cohorts.some((c) => c.familyReunification !== undefined);
}

/** The kind and cohort of every case; notes the cases of unknown kind or cohort. */
export function caseGroups(
  model: ChainModel,
  table: EventTable,
  reading: LogReading,
  notes: string[],
): { caseKind: (ApplicationKind | undefined)[]; caseCohort: Int32Array } {
  const { visits, cases } = reading;
  const C = table.cases;
  const acts = table.activities;
  const cohortIndex = new Map(model.cohorts.map((c, i) => [c.id, i]));
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
  return { caseKind, caseCohort };
}

/**
 * The inflow: persons per month, kind and cohort (inflow.monthly), and each cohort's share of each kind. Returns
 * the households of the first applications, for {@link fitHouseholds}.
 */
export function fitInflow(ctx: CalibrationContext): FirstApplications {
  const { model, fromDay, toDay } = ctx;
  const firstMonth = monthIndex(fromDay);
  const months = monthIndex(toDay - 1) - firstMonth + 1;
  const K = model.cohorts.length;
  const family = generatesFamily(model);
  const inflowKinds = applicationKinds.filter(
    (k) => model.inflow.entry[k] !== undefined && !(k === 'familyReunification' && family),
  );
  const { arrivals, first } = countArrivals(ctx, inflowKinds, firstMonth, months);
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
  ctx.record({
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
  fitCohortShares(ctx, inflowKinds, arrivals, months);
  return first;
}

/** Persons arriving in the window per kind, month and cohort; and the households of the first applications. */
function countArrivals(
  ctx: CalibrationContext,
  inflowKinds: ApplicationKind[],
  firstMonth: number,
  months: number,
): { arrivals: Map<ApplicationKind, Float64Array>; first: FirstApplications } {
  const { model, cases, caseKind, caseCohort, inWindow } = ctx;
  const K = model.cohorts.length;
  const arrivals = new Map<ApplicationKind, Float64Array>(inflowKinds.map((k) => [k, new Float64Array(months * K)]));
  const sizeCounts = model.cohorts.map(() => new Map<number, number>());
  const personsByCohort = new Float64Array(K);
  const childrenByCohort = new Float64Array(K);
  for (let c = 0; c < ctx.table.cases; c++) {
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
  return { arrivals, first: { sizeCounts, persons: personsByCohort, children: childrenByCohort } };
}

/** Shares of each cohort in each kind of application, for forecasts made with this model; they sum to 1. */
function fitCohortShares(
  ctx: CalibrationContext,
  inflowKinds: ApplicationKind[],
  arrivals: Map<ApplicationKind, Float64Array>,
  months: number,
): void {
  const { model } = ctx;
  const K = model.cohorts.length;
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
      ctx.record({
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
}

/** Household sizes and the share of children of first applications per cohort. */
export function fitHouseholds(ctx: CalibrationContext, first: FirstApplications): void {
  ctx.model.cohorts.forEach((cohort, k) => {
    const counts = [...first.sizeCounts[k].entries()].sort((a, b) => a[0] - b[0]);
    const households = counts.reduce((a, [, n]) => a + n, 0);
    if (households < MIN_OUTCOMES) return;
    const before = cohort.householdSize;
    cohort.householdSize = {
      sizes: counts.map(([size]) => size),
      weights: counts.map(([, n]) => round(n / households, 4)),
    };
    ctx.record({
      path: `cohorts[${cohort.id}].householdSize`,
      value: cohort.householdSize,
      before,
      n: households,
      fit: '',
      note: 'households of first applications',
    });
    if (first.persons[k] > 0) {
      const share = round(first.children[k] / first.persons[k], 4);
      ctx.record({
        path: `cohorts[${cohort.id}].childShare`,
        value: share,
        before: cohort.childShare,
        n: first.persons[k],
        fit: '',
        note: '',
      });
      cohort.childShare = share;
    }
  });
}
