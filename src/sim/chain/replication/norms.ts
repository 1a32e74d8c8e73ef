// Norms and penalties: the norm clocks of each case (chain norms that start and stop at stage events or at
// arrival, and the norm of a stage from entry to end of service), what they measured in the reported period,
// the penalties of late cases (the cost.penalties series) and the clocks still open past their deadline at the end.
import {
  type CompiledChain,
  type CompiledChainNorm,
  chainNormDeadline,
  normDeadline as deadlineOf,
} from '../compile.ts';
import { LogHistogram } from '../../stats/histogram.ts';
import type { LeadTimeRecord, NormOutcome } from '../results.ts';
import type { CaseTable, GrowsWithCases } from './cases.ts';
import type { ReportWindow } from './constants.ts';
import { normKpi, normSeries, stageNormId } from '../keys.ts';
import { PenaltyLedger } from './penalties.ts';

/** The start of a clock that has stopped (a clock of an initial case may have started before time 0). */
const STOPPED = -Infinity;

function grown(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

function emptyOutcome(
  id: string,
  scope: NormOutcome['scope'],
  label: string,
  term: { days: number; months: number; working: boolean },
): NormOutcome {
  return {
    id,
    scope,
    label,
    termDays: term.days,
    termMonths: term.months,
    working: term.working,
    measured: 0,
    withinNorm: 0,
    daysLate: 0,
    penaltyEur: 0,
    openPastDeadline: 0,
  };
}

export class NormClocks implements GrowsWithCases {
  private readonly chain: CompiledChain;
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  /**
   * Per norm and case: the start of its clock (NaN: not started, STOPPED: stopped for good; the clock of an
   * initial case may have started before time 0, at a negative time) and its deadline.
   */
  private start: Float64Array[];
  private deadline: Float64Array[];
  /** Norm clocks that start or stop at a stage event: [event][stage] → norm indices. */
  private readonly startingAt: number[][][];
  private readonly stoppingAt: number[][][];
  private readonly fromArrival: number[];
  private readonly outcomes: NormOutcome[];
  private readonly stageOutcomes: (NormOutcome | null)[];
  private readonly hist: LogHistogram[];
  private readonly stageHist: LogHistogram[];
  // Norm clocks that stopped in the reported period, per day, and of them those within the term (cases).
  private readonly measuredSeries: Float64Array[];
  private readonly withinSeries: Float64Array[];
  private readonly stageMeasuredSeries: (Float64Array | null)[];
  private readonly stageWithinSeries: (Float64Array | null)[];
  // The lead times (days) of the clocks that stopped each day, summed: a period's mean lead time with `measured`.
  private readonly leadSeries: Float64Array[];
  private readonly stageLeadSeries: (Float64Array | null)[];
  // Clocks running past their deadline at the end of each day, for every day of the run (warm-up included): built
  // as differences (+1 on the first day a clock is past its deadline, −1 on the day it stopped) while the clocks
  // run, summed into counts at the end by countOpenPastDeadline — no daily pass over the cases.
  private readonly pastSeries: Float64Array[];
  private readonly stagePastSeries: (Float64Array | null)[];
  /** Penalties of late cases per day (cost.penalties). */
  readonly penalties: Float64Array;
  /** The penalty regimes of the chain norms; null when no norm has any. */
  private readonly ledger: PenaltyLedger | null;

  constructor(
    chain: CompiledChain,
    cases: CaseTable,
    window: ReportWindow,
    run: { seed: number; replication: number } = { seed: 0, replication: 0 },
  ) {
    this.chain = chain;
    this.cases = cases;
    this.window = window;
    const H = window.horizon;
    this.start = chain.norms.map(() => new Float64Array(cases.capacity));
    this.deadline = chain.norms.map(() => new Float64Array(cases.capacity));
    cases.growWith(this);
    this.startingAt = [0, 1, 2].map((ev) =>
      chain.stages.map((s) =>
        chain.norms.filter((n) => n.fromEvent === ev && n.fromStages!.includes(s.index)).map((n) => n.index),
      ),
    );
    this.stoppingAt = [0, 1, 2].map((ev) =>
      chain.stages.map((s) =>
        chain.norms.filter((n) => n.toEvent === ev && n.toStages.includes(s.index)).map((n) => n.index),
      ),
    );
    this.fromArrival = chain.norms.filter((n) => n.fromStages === null).map((n) => n.index);
    this.outcomes = chain.norms.map((n) => emptyOutcome(n.id, 'chain', n.label, n));
    this.stageOutcomes = chain.stages.map((s) => (s.norm ? emptyOutcome(s.id, 'stage', s.label, s.norm) : null));
    this.hist = chain.norms.map(() => new LogHistogram());
    this.stageHist = chain.stages.map(() => new LogHistogram());
    this.measuredSeries = chain.norms.map(() => new Float64Array(H));
    this.withinSeries = chain.norms.map(() => new Float64Array(H));
    this.stageMeasuredSeries = chain.stages.map((s) => (s.norm ? new Float64Array(H) : null));
    this.stageWithinSeries = chain.stages.map((s) => (s.norm ? new Float64Array(H) : null));
    this.leadSeries = chain.norms.map(() => new Float64Array(H));
    this.stageLeadSeries = chain.stages.map((s) => (s.norm ? new Float64Array(H) : null));
    this.pastSeries = chain.norms.map(() => new Float64Array(H));
    this.stagePastSeries = chain.stages.map((s) => (s.norm ? new Float64Array(H) : null));
    this.penalties = new Float64Array(H);
    this.ledger = chain.norms.some((n) => n.penalties.length > 0)
      ? new PenaltyLedger(chain, cases, window, run, this.penalties)
      : null;
  }

  growCases(n: number): void {
    this.start = this.start.map((a) => grown(a, n));
    this.deadline = this.deadline.map((a) => grown(a, n));
  }

  /** A case arrives (or is there at the start): none of its clocks runs yet. */
  resetCase(c: number): void {
    for (let n = 0; n < this.start.length; n++) this.start[n][c] = Number.NaN;
    if (this.ledger !== null) this.ledger.draw(c);
  }

  /** The case left the chain at t: the penalties of its clocks still running stop there. */
  leave(c: number, t: number): void {
    const { ledger } = this;
    for (let n = 0; n < this.start.length; n++) {
      const start = this.start[n][c];
      if (Number.isNaN(start) || start === STOPPED) continue;
      this.pastUntil(this.pastSeries[n], this.deadline[n][c], t);
      if (ledger === null || !ledger.hasRegimes(n)) continue;
      this.start[n][c] = STOPPED;
      ledger.settle(n, c, this.deadline[n][c], t);
    }
  }

  /** Case c (not of the initial stock without history) finished its service at stage s at t: its stage clock stops. */
  stageNormEnded(c: number, s: number, t: number): void {
    const norm = this.chain.stages[s].norm!;
    this.pastUntil(this.stagePastSeries[s]!, deadlineOf(this.chain, norm, norm.working, this.cases.enter[c]), t);
  }

  /**
   * A clock with this deadline ran until `end` (Infinity: past the horizon): it counts as open past its deadline at
   * the end of every day d with deadline < d + 1 <= end, i.e. days floor(deadline) … floor(end) − 1.
   */
  private pastUntil(series: Float64Array, deadline: number, end: number): void {
    const H = series.length;
    const from = Math.max(0, Math.floor(deadline));
    const to = Math.min(H, Math.floor(end));
    if (!(to > from)) return;
    series[from]++;
    if (to < H) series[to]--;
  }

  /**
   * At the end: the penalties of the clocks still running run until the horizon; each norm's penalties then
   * include its regimes' euros in the reported period.
   */
  settleOpenPenalties(): void {
    const { ledger, cases } = this;
    if (ledger === null) return;
    const H = this.window.horizon;
    for (let c = 0; c < cases.used; c++) {
      if (cases.stage[c] < 0) continue;
      for (let n = 0; n < this.start.length; n++) {
        const start = this.start[n][c];
        if (!Number.isNaN(start) && start !== STOPPED && ledger.hasRegimes(n))
          ledger.settle(n, c, this.deadline[n][c], H);
      }
    }
    for (let n = 0; n < this.outcomes.length; n++) this.outcomes[n].penaltyEur += ledger.reportedEur(n);
  }

  /**
   * Starts clock n of case c at t, a start known from the case's history (it wins over a derived start); t =
   * -Infinity: the clock started and stopped before time 0, and does not run again.
   */
  startAt(c: number, n: number, t: number): void {
    const norm = this.chain.norms[n];
    if (norm.kinds[this.cases.kind[c]] === 0) return;
    this.start[n][c] = t;
    this.deadline[n][c] = t === STOPPED ? Infinity : this.deadlineFor(norm, t);
  }

  /** Starts the clocks that run from arrival. */
  arrive(c: number, t: number): void {
    if (this.fromArrival.length > 0) this.startClocks(c, this.fromArrival, t);
  }

  /** A case entered (EVENT_ENTER), started service at (EVENT_START) or finished (EVENT_END) stage s. */
  stageEvent(c: number, s: number, ev: number, t: number): void {
    const stopping = this.stoppingAt[ev][s];
    if (stopping.length > 0) this.stopClocks(c, stopping, t);
    const starting = this.startingAt[ev][s];
    if (starting.length > 0) this.startClocks(c, starting, t);
  }

  /** The key of the case in an earliest-deadline-first queue on norm n: its deadline, Infinity without a clock. */
  edfKey(n: number, c: number): number {
    const d = this.deadline[n][c];
    return Number.isNaN(this.start[n][c]) ? Infinity : d;
  }

  /** A case (not of the initial stock) finished stage s in the reported period: measures the stage's norm. */
  stageDone(c: number, s: number, t: number): void {
    const norm = this.chain.stages[s].norm;
    if (!norm) return;
    const enter = this.cases.enter[c];
    const out = this.stageOutcomes[s]!;
    const lead = norm.working ? this.chain.calendar.workingDaysBetween(enter, t) : t - enter;
    this.stageHist[s].add(lead);
    out.measured++;
    const late = t - deadlineOf(this.chain, norm, norm.working, enter);
    const day = this.window.dayOf(t);
    this.stageMeasuredSeries[s]![day]++;
    this.stageLeadSeries[s]![day] += lead;
    if (late <= 0) {
      out.withinNorm++;
      this.stageWithinSeries[s]![day]++;
    } else this.late(out, norm, late, t);
  }

  /**
   * At the end: counts the clocks still running whose deadline has passed, and turns the daily differences of
   * the openPastDeadline series (already handed out by series()) into counts.
   */
  countOpenPastDeadline(): void {
    const { chain, cases } = this;
    const H = this.window.horizon;
    for (let c = 0; c < cases.used; c++) {
      if (cases.stage[c] < 0) continue;
      const s = cases.stage[c];
      const stageNorm = chain.stages[s].norm;
      if (stageNorm && cases.initial[c] === 0) {
        const deadline = deadlineOf(chain, stageNorm, stageNorm.working, cases.enter[c]);
        if (deadline < H) this.stageOutcomes[s]!.openPastDeadline++;
        this.pastUntil(this.stagePastSeries[s]!, deadline, Infinity);
      }
      for (let n = 0; n < this.start.length; n++) {
        const start = this.start[n][c];
        if (Number.isNaN(start) || start === STOPPED) continue;
        if (this.deadline[n][c] < H) this.outcomes[n].openPastDeadline++;
        this.pastUntil(this.pastSeries[n], this.deadline[n][c], Infinity);
      }
    }
    for (const series of [...this.pastSeries, ...this.stagePastSeries])
      if (series) for (let d = 1; d < series.length; d++) series[d] += series[d - 1];
  }

  /** The KPIs of the norm of stage s, if it has one. */
  stageKpis(kpis: Record<string, number>, s: number): void {
    const out = this.stageOutcomes[s];
    if (!out) return;
    const id = this.chain.stages[s].id;
    kpis[normKpi(stageNormId(id), 'withinShare')] = out.measured > 0 ? out.withinNorm / out.measured : Number.NaN;
    kpis[normKpi(stageNormId(id), 'penaltyEur')] = out.penaltyEur;
  }

  /** The KPIs of the chain norms. */
  kpis(kpis: Record<string, number>): void {
    this.chain.norms.forEach((n, i) => {
      const out = this.outcomes[i];
      kpis[normKpi(n.id, 'withinShare')] = out.measured > 0 ? out.withinNorm / out.measured : Number.NaN;
      kpis[normKpi(n.id, 'p50')] = this.hist[i].quantile(0.5);
      kpis[normKpi(n.id, 'p90')] = this.hist[i].quantile(0.9);
      kpis[normKpi(n.id, 'daysLate')] = out.daysLate;
      kpis[normKpi(n.id, 'penaltyEur')] = out.penaltyEur;
      kpis[normKpi(n.id, 'openPastDeadline')] = out.openPastDeadline;
    });
    if (this.ledger !== null) this.ledger.kpis(kpis);
  }

  series(out: Record<string, Float64Array>): void {
    const { chain } = this;
    chain.norms.forEach((n, i) => (out[normSeries(n.id, 'measured')] = this.measuredSeries[i]));
    chain.norms.forEach((n, i) => (out[normSeries(n.id, 'within')] = this.withinSeries[i]));
    chain.norms.forEach((n, i) => (out[normSeries(n.id, 'leadDays')] = this.leadSeries[i]));
    chain.norms.forEach((n, i) => (out[normSeries(n.id, 'openPastDeadline')] = this.pastSeries[i]));
    chain.stages.forEach((s, i) => {
      const a = this.stageMeasuredSeries[i];
      if (a) out[normSeries(stageNormId(s.id), 'measured')] = a;
    });
    chain.stages.forEach((s, i) => {
      const a = this.stageWithinSeries[i];
      if (a) out[normSeries(stageNormId(s.id), 'within')] = a;
    });
    chain.stages.forEach((s, i) => {
      const a = this.stageLeadSeries[i];
      if (a) out[normSeries(stageNormId(s.id), 'leadDays')] = a;
    });
    chain.stages.forEach((s, i) => {
      const a = this.stagePastSeries[i];
      if (a) out[normSeries(stageNormId(s.id), 'openPastDeadline')] = a;
    });
    if (this.ledger !== null) this.ledger.series(out);
  }

  leadTimes(add: (scope: LeadTimeRecord['scope'], subject: string, h: LogHistogram) => void): void {
    this.chain.norms.forEach((n, j) => add('norm', n.id, this.hist[j]));
    this.chain.stages.forEach((s, j) => {
      if (s.norm) add('norm', `stage.${s.id}`, this.stageHist[j]);
    });
  }

  /** Stage norms first, then chain norms. */
  results(): NormOutcome[] {
    return [...this.stageOutcomes.filter((o): o is NormOutcome => o !== null), ...this.outcomes];
  }

  private startClocks(c: number, list: number[], t: number): void {
    const kind = this.cases.kind[c];
    for (const n of list) {
      const norm = this.chain.norms[n];
      if (norm.kinds[kind] === 0 || !Number.isNaN(this.start[n][c])) continue;
      this.start[n][c] = t;
      this.deadline[n][c] = this.deadlineFor(norm, t);
    }
  }

  private stopClocks(c: number, list: number[], t: number): void {
    for (const n of list) {
      const start = this.start[n][c];
      if (Number.isNaN(start) || start === STOPPED) continue;
      this.start[n][c] = STOPPED; // never restarts for this case
      this.pastUntil(this.pastSeries[n], this.deadline[n][c], t);
      if (this.ledger !== null) this.ledger.settle(n, c, this.deadline[n][c], t);
      if (t < this.window.warmup) continue;
      const norm = this.chain.norms[n];
      const out = this.outcomes[n];
      const lead = norm.working ? this.chain.calendar.workingDaysBetween(start, t) : t - start;
      this.hist[n].add(lead);
      out.measured++;
      const late = t - this.deadline[n][c];
      const day = this.window.dayOf(t);
      this.measuredSeries[n][day]++;
      this.leadSeries[n][day] += lead;
      if (late <= 0) {
        out.withinNorm++;
        this.withinSeries[n][day]++;
      } else this.late(out, norm, late, t);
    }
  }

  private late(
    out: NormOutcome,
    norm: { penaltyMaxEur: number; penaltyPerDayLateEur: number },
    late: number,
    t: number,
  ): void {
    out.daysLate += late;
    const penalty = Math.min(norm.penaltyMaxEur, late * norm.penaltyPerDayLateEur);
    out.penaltyEur += penalty;
    this.penalties[this.window.dayOf(t)] += penalty;
  }

  private deadlineFor(norm: CompiledChainNorm, t: number): number {
    return chainNormDeadline(this.chain, norm, t);
  }
}
