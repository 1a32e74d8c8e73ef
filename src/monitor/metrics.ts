// The monitor's figures, computed from the stage visits of an event log: lead times per stage (waiting,
// processing, total) and end to end, shares within the model's norms, cases open now and how long they have
// waited, stock per stage per week with entries, completions and utilisation, norm breaches ahead, a
// bottleneck ranking, moves per person and per child, and permit holders waiting for housing. Pure
// computation over typed arrays, one family of figures per module of figures/; the edge-time definitions are
// in docs/monitor.md.
import type { EventTable } from './event-table.ts';
import { bottlenecks } from './figures/bottlenecks.ts';
import { carriedOverCases, housingFigures, movesFigures } from './figures/cases.ts';
import { figureContext } from './figures/context.ts';
import { endToEndLeadTimes, stageLeadTimes } from './figures/lead-times.ts';
import { normFigures } from './figures/norms.ts';
import { openAtStages } from './figures/open.ts';
import { dailyStock, weeklyStock, weeklyWindow } from './figures/stock.ts';
import type { MonitorOptions, MonitorResult } from './figures/types.ts';
import { formatIsoDate } from '../core/calendar.ts';
import type { LogReading } from './visits.ts';

export { distribution } from './figures/samples.ts';
export {
  BREACH_HORIZONS_DAYS,
  type BreachOutlook,
  type Bottleneck,
  type Distribution,
  type EndToEnd,
  GROUP_BY,
  type GroupBy,
  type HousingFigures,
  MAX_WEEKLY_WEEKS,
  type MonitorOptions,
  type MonitorResult,
  type MovesFigures,
  type NormFigures,
  type OpenAtStage,
  type StageLeadTimes,
  type WeeklyStageRow,
} from './figures/types.ts';

/** Computes every monitor figure. */
export function monitorFigures(table: EventTable, reading: LogReading, options: MonitorOptions = {}): MonitorResult {
  const ctx = figureContext(table, reading, options);
  const { fromDay, toDay } = ctx;
  // The norms read the lead-time samples after the lead times have sorted them.
  const { stages, samples } = stageLeadTimes(ctx);
  const endToEnd = endToEndLeadTimes(ctx);
  const { norms, breaches } = normFigures(ctx, samples);
  const open = openAtStages(ctx);
  const { firstWeek, notes } = weeklyWindow(ctx);
  const daily = dailyStock(ctx, firstWeek);
  const weeks = weeklyStock(ctx, daily);
  return {
    window: { from: formatIsoDate(fromDay), to: formatIsoDate(toDay - 1), fromDay, toDay },
    log: {
      events: table.events,
      cases: table.cases,
      visits: reading.visits.count,
      carriedOverCases: carriedOverCases(ctx),
      unknownActivities: reading.unknownActivities,
      repeatedTransitions: reading.repeatedTransitions,
    },
    by: options.by ?? null,
    stages,
    endToEnd,
    norms,
    open,
    weekly: weeks.weekly,
    breaches,
    bottlenecks: bottlenecks(ctx, daily, weeks),
    moves: movesFigures(ctx),
    housing: housingFigures(ctx),
    notes,
  };
}
