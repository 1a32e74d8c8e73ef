// `twin()`: the chain projected from the cases open in an event log at the as-of date — the warm start, the
// model started from it, and the projection and draaiboek advice of that model — as one typed result, so a
// command or a server can run it on each new log.
import type { InitialCaseRow } from '../model/initial-cases.ts';
import type { LoadedModel } from '../model/load.ts';
import type { EventTable } from '../monitor/event-table.ts';
import type { WarmStartSummary } from './types.ts';
import { type TwinModelOptions, twinModel } from './twin-model.ts';
import { type WarmStartOptions, warmStart } from './warm-start.ts';

export interface TwinOptions extends WarmStartOptions, TwinModelOptions {
  /** The as-of date (YYYY-MM-DD): the twin starts at its start, 00:00 Europe/Amsterdam. */
  asOf: string;
}

export interface TwinStart {
  summary: WarmStartSummary;
  /** The open cases as per-case initial rows (no identifiers). */
  rows: InitialCaseRow[];
  /** The model started at the as-of date with the open cases; what the projection runs. */
  model: LoadedModel;
}

/** The warm start from the log and the model that starts from it. */
export function twinStart(table: EventTable, loaded: LoadedModel, options: TwinOptions): TwinStart {
  const warm = warmStart(table, loaded, options.asOf, options);
  return { ...warm, model: twinModel(loaded, warm, options) };
}
