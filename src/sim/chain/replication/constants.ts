// Numbers the parts of a replication share: event priorities, the stage events norm clocks listen to, the
// sub-stream id ranges, and the reported period (the days after the warm-up).

/** Priorities at equal times: the day's snapshot first, then capacity changes, service ends, arrivals. */
export const PRIORITY_TICK = 0;
export const PRIORITY_CAPACITY = 1;
export const PRIORITY_SERVICE = 2;
export const PRIORITY_ARRIVAL = 3;

/** The events of a case at a stage that start or stop norm clocks (the compiled norms' fromEvent/toEvent). */
export const EVENT_ENTER = 0;
export const EVENT_START = 1;
export const EVENT_END = 2;

// Sub-stream ids. Inflow stream s: persons on sub-stream s, arrival times on ARRIVAL_STREAM_BASE + s; initial
// stock i on INITIAL_STREAM_BASE + i (i < 1,000), per-case row k on INITIAL_CASES_STREAM with index k; family members of a sponsor on stream x on FAMILY_STREAM_BASE + x. The
// ranges do not overlap (family members bring no family themselves, so FAMILY_STREAM_BASE is never added twice).
export const INITIAL_STREAM_BASE = 1_000_000;
/** The per-case rows of the initial state (initialCases): row k on this stream with index k. */
export const INITIAL_CASES_STREAM = 1_500_000;
export const ARRIVAL_STREAM_BASE = 2_000_000;
export const FAMILY_STREAM_BASE = 2 ** 31;
export const TWO_POW_32 = 4294967296;
export const FAMILY_KEY_OFFSET = 2 ** 50;
/**
 * The notices of default of a case on sub-stream x come from sub-stream PENALTY_STREAM_OFFSET + x with the case's
 * index (2^30 + x, and 2^31 + 2^30 + x for family members): above every range used before, so a model with
 * penalty regimes draws its notices without shifting any other draw.
 */
export const PENALTY_STREAM_OFFSET = 2 ** 30;

/** The reported period: days warmup … horizon − 1. */
export class ReportWindow {
  readonly horizon: number;
  readonly warmup: number;
  readonly days: number;

  constructor(horizon: number, warmup: number) {
    this.horizon = horizon;
    this.warmup = warmup;
    this.days = horizon - warmup;
  }

  /** The day of time t, the last day for times at or after the horizon. */
  dayOf(t: number): number {
    return Math.min(this.horizon - 1, Math.floor(t));
  }

  sum(a: Float64Array): number {
    let sum = 0;
    for (let d = this.warmup; d < this.horizon; d++) sum += a[d];
    return sum;
  }

  mean(a: Float64Array): number {
    return this.days > 0 ? this.sum(a) / this.days : 0;
  }
}

/** The index of the first cumulative share above u (the last index when none is). */
export function pick(cumulative: Float64Array, u: number): number {
  let i = 0;
  while (i < cumulative.length - 1 && u >= cumulative[i]) i++;
  return i;
}
