// `twin()`: the chain projected from the cases open in an event log at the as-of date — the warm start, the
// model started from it, and the projection and draaiboek advice of that model — as one typed result, so a
// command or a server can run it on each new log.
import type { InitialCaseRow } from '../model/initial-cases.ts';
import type { LoadedModel } from '../model/load.ts';
import type { EventTable } from '../monitor/event-table.ts';
import { type DraaiboekAdvice, type DraaiboekOptions, adviseDraaiboek } from './draaiboek.ts';
import { type ProjectOptions, type TwinProjection, projectTwin } from './project.ts';
import type { WarmStartSummary } from './types.ts';
import { type TwinModelOptions, twinModel } from './twin-model.ts';
import { type WarmStartOptions, warmStart } from './warm-start.ts';

export interface TwinStartOptions extends WarmStartOptions, TwinModelOptions {
  /** The as-of date (YYYY-MM-DD): the twin starts at its start, 00:00 Europe/Amsterdam. */
  asOf: string;
}

export interface TwinOptions extends TwinStartOptions, Pick<ProjectOptions, 'replications' | 'seed' | 'workers'> {
  /** Called as the projection's replications finish, then as the draaiboek's measuring runs do. */
  onProgress?: (phase: 'projection' | 'draaiboek', done: number, total: number) => void;
  /** How the draaiboek's rules are measured (replications, at most how many rules). */
  draaiboek?: Omit<DraaiboekOptions, 'workers' | 'onProgress'>;
}

export interface TwinStart {
  summary: WarmStartSummary;
  /** The open cases as per-case initial rows (no identifiers). */
  rows: InitialCaseRow[];
  /** The model started at the as-of date with the open cases; what the projection runs. */
  model: LoadedModel;
}

export interface TwinResult {
  summary: WarmStartSummary;
  rows: InitialCaseRow[];
  projection: TwinProjection;
  /** One advice per draaiboek rule, most urgent first. */
  advice: DraaiboekAdvice[];
}

/** The warm start from the log and the model that starts from it. */
export function twinStart(table: EventTable, loaded: LoadedModel, options: TwinStartOptions): TwinStart {
  const warm = warmStart(table, loaded, options.asOf, options);
  return { ...warm, model: twinModel(loaded, warm, options) };
}

/** The weeks of the twin model's horizon (whole weeks, twinModel): the projection's length. */
export function twinWeeks(model: LoadedModel): number {
  return Math.ceil(model.model.time.horizonDays / 7);
}

/** The twin from an event log: the warm start, the projection from it and the draaiboek advice. */
export async function twin(table: EventTable, loaded: LoadedModel, options: TwinOptions): Promise<TwinResult> {
  const start = twinStart(table, loaded, options);
  return twinFrom(start, options);
}

/** The projection and the advice of a twin start (the second half of `twin`). */
export async function twinFrom(start: TwinStart, options: Omit<TwinOptions, 'asOf'>): Promise<TwinResult> {
  const projection = await projectTwin(start.model, {
    weeks: twinWeeks(start.model),
    replications: options.replications,
    seed: options.seed,
    workers: options.workers,
    onProgress: (done, total) => options.onProgress?.('projection', done, total),
  });
  const advice = await adviseDraaiboek(start.model, projection, {
    ...options.draaiboek,
    workers: options.workers,
    onProgress: (done, total) => options.onProgress?.('draaiboek', done, total),
  });
  return { summary: start.summary, rows: start.rows, projection, advice };
}
