// What one replication of the chain produces: daily series, lead-time histograms, norm outcomes and scalar
// KPIs. Everything is plain data (typed arrays and JSON), so it crosses worker threads and merges across
// replications without knowing the model.

export { resultShape } from '../../model/result-shape.ts';
import type { HistogramJSON } from '../stats/histogram.ts';

export type SeriesKind = 'stock' | 'flow';

export interface SeriesInfo {
  /** Stable key, e.g. `stage.aa.inStage`, `location.central.occupied`, `cost.staff`. */
  key: string;
  kind: SeriesKind;
  unit: 'persons' | 'beds' | 'EUR' | 'cases';
  /** What the series is about: a stage, location, kind, exit reason or cost category id; '' for the chain. */
  subject: string;
  metric: string;
}

export interface LeadTimeRecord {
  /** `stage`, `chain` (arrival to exit) or `norm`. */
  scope: 'stage' | 'chain' | 'norm';
  subject: string;
  /** `waiting`, `processing`, `total`. */
  measure: 'waiting' | 'processing' | 'total';
  /** `all`, `track`, `cohort`, `exit`. */
  by: 'all' | 'track' | 'cohort' | 'exit';
  group: string;
  histogram: HistogramJSON;
}

export interface NormOutcome {
  id: string;
  scope: 'stage' | 'chain';
  label: string;
  /** Term in days (0 when given in months), months, and whether it counts working days. */
  termDays: number;
  termMonths: number;
  working: boolean;
  /** Cases whose clock stopped in the reported period. */
  measured: number;
  withinNorm: number;
  daysLate: number;
  penaltyEur: number;
  /** Cases still running at the end of the run whose deadline had passed. */
  openPastDeadline: number;
}

/** A playbook action: when its rule decided, when the change took effect, what changed and why. */
export interface PlaybookAction {
  rule: string;
  /** Simulation day the conditions held and the rule decided. */
  decidedDay: number;
  /** Simulation day the change took effect (decidedDay + lead time), or -1 if the run ended first. */
  effectiveDay: number;
  /** The change made: beds or servers, and by how much (after clamping at zero). */
  target: string;
  change: number;
  /** `undo` for the automatic end of a change with a duration. */
  kind: 'act' | 'undo';
  reason: string;
}

export interface ReplicationResult {
  replication: number;
  seed: number;
  horizonDays: number;
  warmupDays: number;
  series: Record<string, Float64Array>;
  leadTimes: LeadTimeRecord[];
  norms: NormOutcome[];
  kpis: Record<string, number>;
  /** Playbook actions in the order they were decided. */
  actions: PlaybookAction[];
  /** Events processed by the kernel, for performance figures. */
  events: number;
}

/**
 * A run that cannot go on because of the model (a draw that is not a number of days, a case going round a loop
 * without time passing, a forecast path with more arrivals than a replication may hold). `path` names the model
 * field as LoadedModel.positions keys it (`stages[2].serviceTime`), so the run layer reports it at its line.
 */
export class SimulationError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(message);
    this.name = 'SimulationError';
    this.path = path;
  }
}
