// Family reunification per cohort: members per granted case and their delay, fitted from the grants of the
// cohort's kinds and the family arrivals after them (fitReunification), with a burn-in when grants before the
// log are unknown.
import { type ReunificationFit, fitReunification } from '../reunification.ts';
import { type CalibrationContext, MIN_REUNIFICATION_DAYS_USED, round } from './context.ts';
import { generatesFamily } from './inflow.ts';

type Cohort = CalibrationContext['model']['cohorts'][number];

/** Family reunification of every cohort that generates it; returns the fits made. */
export function fitFamilyReunification(ctx: CalibrationContext): { cohort: string; fit: ReunificationFit }[] {
  const { model, cases, fromDay } = ctx;
  const reunification: { cohort: string; fit: ReunificationFit }[] = [];
  if (!(generatesFamily(model) && model.inflow.entry.familyReunification)) return reunification;
  // When every case of the log arrived in the window, no grant predates it and no burn-in is needed.
  let allArrivedInWindow = true;
  for (let c = 0; c < ctx.table.cases && allArrivedInWindow; c++)
    if (!(cases.arrival[c] >= fromDay) || !Number.isNaN(cases.initial[c])) allArrivedInWindow = false;
  const grantsBeforeLog = allArrivedInWindow ? 'none' : 'unknown';
  if (allArrivedInWindow)
    ctx.notes.push(
      'family reunification: every case of the log arrived in the window, so no grant predates it (no burn-in)',
    );
  model.cohorts.forEach((cohort, k) => {
    const fit = fitCohort(ctx, cohort, k, grantsBeforeLog);
    if (fit) reunification.push({ cohort: cohort.id, fit });
  });
  return reunification;
}

/** Fits the reunification of cohort k (undefined when it has none or the fit failed); sets it when identified. */
function fitCohort(
  ctx: CalibrationContext,
  cohort: Cohort,
  k: number,
  grantsBeforeLog: 'none' | 'unknown',
): ReunificationFit | undefined {
  const spec = cohort.familyReunification;
  if (!spec) return undefined;
  const { granted, family } = grantsAndFamily(ctx, k, spec.fromKinds);
  const path = `cohorts[${cohort.id}].familyReunification`;
  let fit: ReunificationFit;
  try {
    fit = fitReunification(granted, family, { grantsBeforeLog });
  } catch (error) {
    ctx.record({ path, value: undefined, before: spec, n: 0, fit: '', note: `kept: ${(error as Error).message}` });
    return undefined;
  }
  if (fit.daysUsed < MIN_REUNIFICATION_DAYS_USED) {
    ctx.record({
      path,
      value: undefined,
      before: spec,
      n: family.reduce((a, b) => a + b, 0),
      fit: `${fit.daysUsed} days after the burn-in`,
      note: `kept: the log leaves fewer than ${MIN_REUNIFICATION_DAYS_USED} days after the burn-in of ${fit.burnInDays} days (grants before the log are unknown); give a longer log`,
    });
    return fit;
  }
  const before = structuredClone(spec);
  spec.membersPerGrantedCase = round(fit.membersPerGrantedCase, 4);
  // With an application abroad the delay is grant → filing, which the log's arrivals do not measure: kept.
  const delayIdentified = !spec.application && fit.delay !== null && fit.delayMeanRelativeSe <= 0.15;
  if (delayIdentified)
    spec.delay = {
      dist: 'lognormal',
      meanDays: round(fit.delay!.meanDays, 1),
      sdDays: round(fit.delay!.sdDays, 1),
    };
  ctx.record({
    path,
    value: { membersPerGrantedCase: spec.membersPerGrantedCase, delay: spec.delay },
    before: { membersPerGrantedCase: before.membersPerGrantedCase, delay: before.delay },
    n: family.reduce((a, b) => a + b, 0),
    fit: `log-likelihood ${fit.logLikelihood.toFixed(1)} over ${fit.daysUsed} days`,
    note: delayIdentified ? fit.note : `delay kept (${fit.note || 'not identified'})`,
  });
  return fit;
}

/** Per day of the window: grants to cohort k's cases of the kinds that bring family, and family persons arriving. */
function grantsAndFamily(
  ctx: CalibrationContext,
  k: number,
  fromKinds: readonly string[],
): { granted: Float64Array; family: Float64Array } {
  const { cases, caseKind, caseCohort, fromDay, toDay, inWindow } = ctx;
  const H = toDay - fromDay;
  const granted = new Float64Array(H);
  const family = new Float64Array(H);
  for (let c = 0; c < ctx.table.cases; c++) {
    if (caseCohort[c] !== k || !Number.isNaN(cases.initial[c])) continue;
    const kind = caseKind[c];
    if (kind === 'familyReunification') {
      if (inWindow(cases.arrival[c])) family[Math.floor(cases.arrival[c]) - fromDay] += cases.persons[c];
    } else if (kind !== undefined && fromKinds.includes(kind) && inWindow(cases.grant[c]))
      granted[Math.floor(cases.grant[c]) - fromDay]++;
  }
  return { granted, family };
}
