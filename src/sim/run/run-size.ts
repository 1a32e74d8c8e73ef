// The size of a run before it starts: a horizon within the limits, and the daily series and KPIs that all
// replications keep (and, for a comparison, all scenarios) within the memory LIMITS allows — so a run that would
// exhaust memory after minutes is refused at once, with the numbers that fit. Pure: no Node-only imports.
import type { LoadedModel } from '../../model/load.ts';
import { LIMITS } from '../../model/schema.ts';
import { parseIsoDate } from '../../core/calendar.ts';
import { resultShape } from '../chain/results.ts';

export interface RunSize {
  replications: number;
  /** The run's horizon (default: the model's). */
  horizonDays?: number;
  /** Models run side by side with as many replications each (a comparison's base and scenarios); default 1. */
  models?: number;
}

/** Why a run of this size cannot be kept in memory, or undefined; the message names what to lower. */
export function runSizeProblem(loaded: LoadedModel, size: RunSize): string | undefined {
  const horizonDays = size.horizonDays ?? loaded.model.time.horizonDays;
  if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > LIMITS.horizonDays) {
    return `the horizon must be a whole number of days from 1 to ${LIMITS.horizonDays} (got ${horizonDays})`;
  }
  if (parseIsoDate(loaded.model.time.start) + horizonDays - 1 > parseIsoDate('9999-12-31')) {
    return `a run of ${horizonDays} days from ${loaded.model.time.start} would end after 9999-12-31; use a shorter horizon`;
  }
  if (!Number.isInteger(size.replications) || size.replications < 1 || size.replications > LIMITS.replications) {
    return `the number of replications must be a whole number from 1 to ${LIMITS.replications} (got ${size.replications})`;
  }
  const shape = resultShape(loaded.model);
  const daily = shape.dailySeries * horizonDays;
  if (daily > LIMITS.dailyValues) {
    return `${shape.dailySeries} daily series over ${horizonDays} days are ${daily} values per replication, more than the ${LIMITS.dailyValues} allowed; use a horizon of at most ${Math.floor(LIMITS.dailyValues / shape.dailySeries)} days`;
  }
  const runs = size.replications * (size.models ?? 1);
  const what =
    (size.models ?? 1) > 1
      ? `${size.replications} replications of ${size.models} models`
      : `${size.replications} replications`;
  const most = (perRun: number, limit: number) => Math.max(1, Math.floor(limit / perRun / (size.models ?? 1)));
  if (runs * daily > LIMITS.keptDailyValues) {
    return `${what} would keep ${runs * daily} daily values (${shape.dailySeries} series × ${horizonDays} days each), more than the ${LIMITS.keptDailyValues} that fit in memory; use at most ${most(daily, LIMITS.keptDailyValues)} replications, or a shorter horizon`;
  }
  if (runs * shape.kpis > LIMITS.keptKpiValues) {
    return `${what} would keep ${runs * shape.kpis} KPI values (${shape.kpis} each), more than the ${LIMITS.keptKpiValues} allowed; use at most ${most(shape.kpis, LIMITS.keptKpiValues)} replications`;
  }
  return undefined;
}

/** The most replications (of each of `models` models) that runSizeProblem allows, or 0 when none fit. */
export function maxReplications(loaded: LoadedModel, horizonDays: number | undefined, models = 1): number {
  const shape = resultShape(loaded.model);
  const daily = shape.dailySeries * (horizonDays ?? loaded.model.time.horizonDays);
  if (daily > LIMITS.dailyValues) return 0;
  return Math.min(
    LIMITS.replications,
    Math.floor(LIMITS.keptDailyValues / daily / models),
    Math.floor(LIMITS.keptKpiValues / shape.kpis / models),
  );
}
