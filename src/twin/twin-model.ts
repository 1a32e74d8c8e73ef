// The model the twin simulates: the chain model started at the as-of date with the warm start's open cases as its
// per-case initial state (in place of the model's own initial state), run for the months ahead without warm-up.
// Dated schedules, rules and the playbook keep their calendar dates; the inflow after the as-of date is the
// model's own (or its forecast, a sample path per replication). The hash is computed afresh.
import { addMonths, parseIsoDate } from '../core/calendar.ts';
import { InputError } from '../core/diagnostics.ts';
import {
  type LoadedModel,
  inflowCoverageProblem,
  inflowPersonsProblem,
  modelHash,
  withInflowForecastFor,
} from '../model/load.ts';
import type { ChainModel } from '../model/schema.ts';
import type { WarmStart } from './warm-start.ts';

/** Months the twin looks ahead unless told otherwise. */
export const TWIN_DEFAULT_MONTHS = 6;

export interface TwinModelOptions {
  /** Months after the as-of date (default 6). */
  months?: number;
}

/**
 * The twin's model: starts on the as-of date with the open cases, and runs the whole weeks that cover `months`; with capacity `log`, each stage with servers
 * whose service the log shows runs with round(capacityLog) servers (at least one) for the whole projection.
 */
export function twinModel(loaded: LoadedModel, warm: WarmStart, options: TwinModelOptions = {}): LoadedModel {
  const months = options.months ?? TWIN_DEFAULT_MONTHS;
  const start = warm.summary.asOf;
  const startDay = parseIsoDate(start);
  // Whole weeks that cover the months: the projection reports per week ahead.
  const horizonDays = 7 * Math.ceil((addMonths(startDay, months) - startDay) / 7);
  // The open cases take the place of the model's own initial state, in either form.
  const model: ChainModel = { ...loaded.model, time: { start, horizonDays, warmupDays: 0 }, initialState: [] };
  delete model.initialCases;
  if (warm.summary.capacitySource === 'log') {
    const logServers = new Map(
      warm.summary.stages.filter((s) => s.capacityLog !== null).map((s) => [s.stage, s.capacityLog!]),
    );
    model.stages = model.stages.map((stage) => {
      const used = logServers.get(stage.id);
      if (used === undefined || typeof stage.capacity !== 'object' || !('servers' in stage.capacity)) return stage;
      return { ...stage, capacity: { servers: Math.max(1, Math.round(used)) } };
    });
  }
  const at = loaded.positions?.inflow ?? { file: loaded.file, line: 1, col: 1 };
  const problem =
    inflowCoverageProblem(model, loaded.inflow, horizonDays, 'give fewer --months') ??
    inflowPersonsProblem(model, loaded.inflow, horizonDays, 'give fewer --months');
  if (problem) throw new InputError([{ ...at, path: 'inflow', message: problem }]);
  const rows = warm.rows;
  const twin: LoadedModel = {
    file: loaded.file,
    model,
    inflow: loaded.inflow,
    hash: modelHash(model, loaded.inflow, rows),
    ...(loaded.positions && { positions: loaded.positions }),
    initialCases: rows,
  };
  return withInflowForecastFor(twin, horizonDays);
}
