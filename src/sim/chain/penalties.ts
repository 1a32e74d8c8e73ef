// The penalty regimes of a chain norm and its dated term extensions in numeric form, and the arithmetic of a
// stepped daily penalty (Awb art. 4:17: notice of default, two weeks' grace, then a daily penalty in steps up to
// a cap, charged only on the days the regime applies). Pure computation, no Node APIs.
import type { PenaltyRegime, TermExtension } from '../../model/schema.ts';
import { parseIsoDate } from '../../core/calendar.ts';
import type { Sampler } from '../engine/distributions.ts';

export interface CompiledPenaltyRegime {
  /** Index over all regimes of the chain: the norms in order, each norm's regimes in list order. */
  index: number;
  /** The norm's index and id. */
  norm: number;
  normId: string;
  id: string;
  label: string;
  noticeShare: number;
  /** Days from the deadline to the notice of default. */
  noticeDelay: Sampler;
  /** Days from the notice to the first penalty day. */
  graceDays: number;
  /** Per step: the penalty day (counted from 0) before which it ends (Infinity for an open last step), its rate. */
  stepEnd: Float64Array;
  stepEur: Float64Array;
  maxPerCaseEur: number;
  /** Simulation days [fromDay, untilDay) on which the regime charges; notices only before untilDay. */
  fromDay: number;
  untilDay: number;
}

export interface CompiledTermExtension {
  /** Clocks whose deadline is at or after fromDay and that started before beforeDay are extended. */
  fromDay: number;
  beforeDay: number;
  months: number;
  days: number;
}

/** One regime of norm `norm` (index `index` among all the chain's regimes) in simulation days from `startDay`. */
export function compilePenaltyRegime(
  regime: PenaltyRegime,
  norm: { index: number; id: string },
  index: number,
  noticeDelay: Sampler,
  startDay: number,
): CompiledPenaltyRegime {
  const stepEnd = new Float64Array(regime.steps.length);
  let end = 0;
  regime.steps.forEach((s, i) => (stepEnd[i] = end += s.days ?? Infinity));
  return {
    index,
    norm: norm.index,
    normId: norm.id,
    id: regime.id,
    label: regime.label ?? regime.id,
    noticeShare: regime.noticeShare,
    noticeDelay,
    graceDays: regime.graceDays,
    stepEnd,
    stepEur: Float64Array.from(regime.steps, (s) => s.perDayEur),
    maxPerCaseEur: regime.maxPerCaseEur,
    fromDay: regime.from === undefined ? -Infinity : parseIsoDate(regime.from) - startDay,
    untilDay: regime.until === undefined ? Infinity : parseIsoDate(regime.until) - startDay,
  };
}

export function compileTermExtension(e: TermExtension, startDay: number): CompiledTermExtension {
  return {
    fromDay: parseIsoDate(e.from) - startDay,
    beforeDay: e.until === undefined ? Infinity : parseIsoDate(e.until) - startDay,
    months: e.addMonths ?? 0,
    days: e.addDays ?? 0,
  };
}

/**
 * Charges the penalty days of one case under a regime whose first penalty day starts at time `first`, for the
 * days that start before `end` (the decision, the case's exit or the horizon): penalty day k runs from
 * first + k, at the rate of its step, counts when it starts in [fromDay, untilDay), and the euros stop at the
 * cap. Each day adds 1 to `days` and its euros to `eur` and `cost` at its simulation day (arrays of the run's
 * days). Allocates nothing.
 */
export function chargePenaltyDays(
  r: CompiledPenaltyRegime,
  first: number,
  end: number,
  days: Float64Array,
  eur: Float64Array,
  cost: Float64Array,
): void {
  const cap = r.maxPerCaseEur;
  const stepEnd = r.stepEnd;
  const last = stepEnd[stepEnd.length - 1];
  const stop = Math.min(end, r.untilDay, days.length);
  let k = Math.max(0, Math.ceil(r.fromDay - first));
  while (first + k < r.fromDay) k++;
  let step = 0;
  let charged = 0;
  for (; k < last && first + k < stop && charged < cap; k++) {
    while (stepEnd[step] <= k) step++;
    const amount = Math.min(r.stepEur[step], cap - charged);
    charged += amount;
    const d = Math.floor(first + k);
    days[d]++;
    eur[d] += amount;
    cost[d] += amount;
  }
}
