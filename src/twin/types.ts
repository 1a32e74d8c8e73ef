// The shapes the twin's parts hand to each other: the warm start from an event log (which cases are open at the
// as-of moment, and the capacities the projection runs with) and the result of a twin run, which the CLI, the
// report and later the HTTP API consume. Plain data: it crosses to worker threads and into JSON.

/** Where the projection's stage capacities come from: the model at the as-of date, or the log's own use. */
export type CapacitySource = 'model' | 'log';

/** One stage at the as-of moment, as the warm start found it in the log. */
export interface WarmStartStage {
  stage: string;
  /** Open cases and their persons at the stage, and how many of those cases are in service. */
  cases: number;
  persons: number;
  inService: number;
  /** The stage's servers (or daily quota) in the model at the as-of date; null for a stage without a limit. */
  capacityModel: number | null;
  /** The same read from the log: cases in service at once, the mean over the 28 days before the as-of date;
   * null when the log does not show service at this stage. */
  capacityLog: number | null;
}

/** What the warm start read from the log: the cases open at the as-of moment and what it left out. */
export interface WarmStartSummary {
  /** The as-of date (YYYY-MM-DD); the projection starts at its start (00:00, Europe/Amsterdam). */
  asOf: string;
  /** Cases in the log, and of those: open at the as-of moment (and their persons), closed before it. */
  logCases: number;
  openCases: number;
  openPersons: number;
  closedCases: number;
  /** Events dated at or after the as-of moment: ignored, counted; cases whose first event is after it. */
  eventsAfterAsOf: number;
  casesAfterAsOf: number;
  stages: WarmStartStage[];
  capacitySource: CapacitySource;
  /** Cases still in the chain (no exit) but at no stage of the model at the as-of moment: not simulated. */
  withoutStage?: number;
  /** Open cases whose cohort the log does not give (or the model does not know): given the model's first cohort. */
  cohortAssumed?: number;
}
