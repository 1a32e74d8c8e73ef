// Event log → chain model parameters: given a skeleton model (the stages, routes and norms a planner has drawn)
// and a case-event log, estimate what the log can tell — arrivals per month, kind and cohort, household sizes and
// child shares, track, grant and departure chances per cohort, routing shares, service-time distributions by
// maximum likelihood, effective capacities, and family reunification — each with its number of observations and
// a goodness-of-fit measure. A parameter with too few observations keeps the skeleton's value, and says so.
// Pure computation over the event table, one step per family of parameters in steps/; writing the fitted YAML is
// fit-model.ts, the validation validate.ts.
import type { ChainModel } from '../model/schema.ts';
import { addMonths, dayOfMonth, formatIsoDate } from '../core/calendar.ts';
import type { CompiledChain } from '../sim/chain/compile.ts';
import type { EventTable } from '../monitor/event-table.ts';
import { type LogReading, measuredVisit } from '../monitor/visits.ts';
import type { DurationFit } from './fit.ts';
import type { ReunificationFit } from './reunification.ts';
import { type CalibrationContext, type FittedParameter } from './steps/context.ts';
import { fitOutcomes, fitRouting } from './steps/decisions.ts';
import { fitFamilyReunification } from './steps/family.ts';
import { caseGroups, fitHouseholds, fitInflow } from './steps/inflow.ts';
import { initialState } from './steps/initial-state.ts';
import { fitCapacities, fitServiceTimes } from './steps/service.ts';

export {
  type FittedParameter,
  MIN_DURATIONS,
  MIN_OUTCOMES,
  MIN_REUNIFICATION_DAYS_USED,
  MIN_SATURATED,
} from './steps/context.ts';

export interface CalibrationWindow {
  /** First day (a first of the month) and the day after the last (also a first of the month), day numbers. */
  fromDay: number;
  toDay: number;
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
  const notes = logNotes(model, table, reading);
  const { caseKind, caseCohort } = caseGroups(model, table, reading, notes);
  const { visits } = reading;
  const ctx: CalibrationContext = {
    model,
    chain,
    table,
    reading,
    visits,
    cases: reading.cases,
    fromDay,
    toDay,
    stageCode: model.stages.map((s) => table.activities.find(s.id)),
    caseKind,
    caseCohort,
    inWindow: (t: number) => t >= fromDay && t < toDay,
    sim: (t: number) => t - chain.startDay,
    completedInWindow: (v: number) => measuredVisit(visits, v, fromDay, toDay),
    record: (p: FittedParameter) => parameters.push(p),
    notes,
  };
  const firstApplications = fitInflow(ctx);
  fitHouseholds(ctx, firstApplications);
  fitOutcomes(ctx);
  fitRouting(ctx);
  const durations = fitServiceTimes(ctx);
  fitCapacities(ctx);
  const reunification = fitFamilyReunification(ctx);

  // Time and the state at the start.
  model.time = { start: formatIsoDate(fromDay), horizonDays: toDay - fromDay, warmupDays: 0 };
  model.initialState = initialState(model, table, reading, caseKind, caseCohort, fromDay);
  ctx.record({
    path: 'initialState',
    value: `${model.initialState.reduce((a, s) => a + s.persons, 0)} persons at ${model.initialState.length} stage groups`,
    before: `${skeleton.initialState.reduce((a, s) => a + s.persons, 0)} persons`,
    n: model.initialState.length,
    fit: '',
    note: `persons at a stage on ${formatIsoDate(fromDay)} 00:00`,
  });
  return { window, model, parameters, notes, durations, reunification };
}

/** Notes on the log against the skeleton: activities that are not its stages, and stages that do not occur. */
function logNotes(model: ChainModel, table: EventTable, reading: LogReading): string[] {
  const notes: string[] = [];
  if (reading.unknownActivities.length > 0) {
    notes.push(
      `activities that are not stages of the skeleton were read past: ${reading.unknownActivities
        .slice(0, 8)
        .map((u) => `${u.activity} (${u.events} events)`)
        .join(', ')}`,
    );
  }
  for (const stage of model.stages)
    if (table.activities.find(stage.id) < 0)
      notes.push(`stage ${stage.id} does not occur in the log: its parameters keep the skeleton's values`);
  return notes;
}
