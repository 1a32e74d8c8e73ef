// The penalty regimes of chain norms in one replication. When a case arrives it draws, per regime, whether it
// would give notice of default when late and how many days after the deadline (from a sub-stream of its own, so
// no other draw shifts). When its clock ends — the decision, the case's exit, or the horizon for a clock still
// running — the notice is given if it falls before that end and before the regime's until, and the penalty days
// that ran from notice + grace are booked on their own days: notices, penalty days and euros per regime, and the
// euros in the cost.penalties series.
import { RandomStream } from '../../../core/random.ts';
import type { CompiledChain } from '../compile.ts';
import { type CompiledPenaltyRegime, chargePenaltyDays } from '../penalties.ts';
import { type PenaltyMeasure, penaltyKpi, penaltySeries } from '../keys.ts';
import { SimulationError } from '../results.ts';
import type { CaseTable, GrowsWithCases } from './cases.ts';
import { PENALTY_STREAM_OFFSET, type ReportWindow } from './constants.ts';

const MEASURES: readonly PenaltyMeasure[] = ['notices', 'days', 'eur'];

export class PenaltyLedger implements GrowsWithCases {
  /** Every regime of the chain, by its index. */
  readonly regimes: CompiledPenaltyRegime[];
  /** The regimes of each norm. */
  private readonly byNorm: CompiledPenaltyRegime[][];
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  private readonly seed: number;
  private readonly replication: number;
  private readonly rng = new RandomStream();
  /** Per regime and case: days from the deadline to the notice of default, NaN when the case gives none. */
  private noticeAfter: Float64Array[];
  /** Per regime and day: notices given, penalty days run and their euros. */
  private readonly perDay: Record<PenaltyMeasure, Float64Array[]>;
  /** The cost.penalties series the euros are added to. */
  private readonly cost: Float64Array;

  constructor(
    chain: CompiledChain,
    cases: CaseTable,
    window: ReportWindow,
    run: { seed: number; replication: number },
    cost: Float64Array,
  ) {
    this.regimes = chain.norms.flatMap((n) => n.penalties);
    this.byNorm = chain.norms.map((n) => n.penalties);
    this.cases = cases;
    this.window = window;
    this.seed = run.seed;
    this.replication = run.replication;
    this.cost = cost;
    this.noticeAfter = this.regimes.map(() => new Float64Array(cases.capacity));
    const H = window.horizon;
    this.perDay = {
      notices: this.regimes.map(() => new Float64Array(H)),
      days: this.regimes.map(() => new Float64Array(H)),
      eur: this.regimes.map(() => new Float64Array(H)),
    };
    cases.growWith(this);
  }

  growCases(n: number): void {
    this.noticeAfter = this.noticeAfter.map((a) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    });
  }

  /** Whether norm n has penalty regimes. */
  hasRegimes(n: number): boolean {
    return this.byNorm[n].length > 0;
  }

  /**
   * Draws the notices of case c, whose stream and index are set: per regime in order, a uniform (notice when
   * below the share) and the notice delay (drawn either way, so a change of share moves no other draw).
   */
  draw(c: number): void {
    const { cases } = this;
    const rng = this.rng.resetToSubstream(
      this.seed,
      this.replication,
      // The table keeps stream ids as 32-bit integers: a family member's (2^31 + x) reads back negative.
      PENALTY_STREAM_OFFSET + (cases.stream[c] >>> 0),
      cases.index[c],
    );
    for (const r of this.regimes) {
      const u = rng.uniform();
      const delay = r.noticeDelay(rng);
      if (!(delay >= 0 && delay < Infinity))
        throw new SimulationError(
          `norms[${r.norm}].penalties[${this.byNorm[r.norm].indexOf(r)}].noticeDelay`,
          `replication ${this.replication}: a draw of the notice delay of penalty regime "${r.id}" of norm "${r.normId}" gave ${delay} days, which is not a duration; check its parameters`,
        );
      this.noticeAfter[r.index][c] = u < r.noticeShare ? delay : Number.NaN;
    }
  }

  /**
   * The clock of norm n of case c, with its deadline, ended at `end` (its stop, the case's exit, or the horizon):
   * books the notices given before the end and the penalty days that ran until it.
   */
  settle(n: number, c: number, deadline: number, end: number): void {
    const stop = Math.min(end, this.window.horizon);
    for (const r of this.byNorm[n]) {
      const notice = deadline + this.noticeAfter[r.index][c];
      // NaN (no notice) fails both comparisons.
      if (!(notice < stop && notice < r.untilDay)) continue;
      this.perDay.notices[r.index][Math.floor(notice)]++;
      chargePenaltyDays(r, notice + r.graceDays, stop, this.perDay.days[r.index], this.perDay.eur[r.index], this.cost);
    }
  }

  /** The euros of norm n's regimes in the reported period. */
  reportedEur(n: number): number {
    let sum = 0;
    for (const r of this.byNorm[n]) sum += this.window.sum(this.perDay.eur[r.index]);
    return sum;
  }

  /** The daily series of every regime: notices, penalty days, euros. */
  series(out: Record<string, Float64Array>): void {
    for (const m of MEASURES)
      for (const r of this.regimes) out[penaltySeries(r.normId, r.id, m)] = this.perDay[m][r.index];
  }

  /** Per regime and in all: notices, penalty days and euros in the reported period. */
  kpis(kpis: Record<string, number>): void {
    for (const m of MEASURES) {
      let total = 0;
      for (const r of this.regimes) {
        const sum = this.window.sum(this.perDay[m][r.index]);
        kpis[penaltyKpi(m, r.normId, r.id)] = sum;
        total += sum;
      }
      kpis[penaltyKpi(m)] = total;
    }
  }
}
