// What every step of a calibration shares: the skeleton being fitted (a copy, changed in place), the compiled
// chain, the log's visits and cases, the window, each case's kind and cohort, and the record of what was fitted.
import type { ApplicationKind, ChainModel } from '../../model/schema.ts';
import type { CompiledChain } from '../../sim/chain/compile.ts';
import type { EventTable } from '../../monitor/event-table.ts';
import type { CaseFacts, LogReading, Visits } from '../../monitor/visits.ts';

/** Fewer observations than this leave a probability at the skeleton's value. */
export const MIN_OUTCOMES = 20;
/** Fewer durations than this leave a service time at the skeleton's value. */
export const MIN_DURATIONS = 30;
/** Fewer saturated moments than this leave a capacity at the skeleton's value (it did not bind). */
export const MIN_SATURATED = 20;
/** Days of family arrivals after the burn-in needed to estimate reunification. */
export const MIN_REUNIFICATION_DAYS_USED = 182;
/** Durations are fitted on a one-minute grid: timestamps carry seconds at best, and a working-day duration
 * recomputed from rounded timestamps is otherwise a second off its true value. */
export const MINUTE = 1 / 1440;

/** One estimated parameter, as it is reported: where in the model, the value, the evidence. */
export interface FittedParameter {
  /** Model path, e.g. `stages[aa].serviceTime`, `cohorts[mixed].grantProbability.va`. */
  path: string;
  /** The value written into the model (a number or a model object), or undefined when kept. */
  value: unknown;
  /** The skeleton's value. */
  before: unknown;
  n: number;
  /** Goodness of fit where one applies: KS distance of a duration, log-likelihood of reunification. */
  fit: string;
  /** Why a parameter was kept or anything a planner must know. */
  note: string;
}

export interface CalibrationContext {
  /** The model being fitted: a copy of the skeleton, changed in place step by step. */
  model: ChainModel;
  chain: CompiledChain;
  table: EventTable;
  reading: LogReading;
  visits: Visits;
  cases: CaseFacts;
  /** The window [fromDay, toDay): whole months. */
  fromDay: number;
  toDay: number;
  /** Activity code of each model stage (−1 where the stage does not occur in the log). */
  stageCode: number[];
  /** Kind of each case (by the entry stage of its first visit; undefined when not an entry stage). */
  caseKind: (ApplicationKind | undefined)[];
  /** Cohort index of each case (−1: not a cohort of the skeleton). */
  caseCohort: Int32Array;
  inWindow: (t: number) => boolean;
  /** A log time in the chain's simulation days. */
  sim: (t: number) => number;
  /** Visit v completed in the window by a case not carried over (its duration is known). */
  completedInWindow: (v: number) => boolean;
  record: (p: FittedParameter) => void;
  /** Notes on the log as a whole. */
  notes: string[];
}

export function round(v: number, digits: number): number {
  const k = 10 ** digits;
  return Math.round(v * k) / k;
}

/** Makes rounded shares sum to exactly 1 by adjusting the largest. */
export function fixSum(shares: Record<string, number>): void {
  const keys = Object.keys(shares);
  const sum = keys.reduce((a, k) => a + shares[k], 0);
  if (keys.length === 0 || sum === 0) return;
  const largest = keys.reduce((a, k) => (shares[k] > shares[a] ? k : a), keys[0]);
  shares[largest] = round(shares[largest] + 1 - sum, 4);
}
