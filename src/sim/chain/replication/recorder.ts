// The recorder of a replication: persons in the chain and permit holders waiting, arrivals and exits per day,
// lead times through each stage and through the chain (histograms, by track, cohort and exit reason), and the
// chain-wide KPIs built from them. Other parts report case events to it; it keeps no per-case state.
import { arrivalsSeries, CHAIN_KPI, CHAIN_SERIES, exitKpi, exitsSeries, stageKpi } from '../keys.ts';
import type { CompiledChain } from '../compile.ts';
import { LogHistogram } from '../../stats/histogram.ts';
import type { LeadTimeRecord } from '../results.ts';
import type { CaseTable } from './cases.ts';
import type { ReportWindow } from './constants.ts';

/** Adds one lead-time histogram to a result (skipped when empty). */
export type LeadTimeAdder = (
  scope: LeadTimeRecord['scope'],
  subject: string,
  measure: LeadTimeRecord['measure'],
  by: LeadTimeRecord['by'],
  group: string,
  h: LogHistogram,
) => void;

const hist = () => new LogHistogram();

/**
 * Stage completions buffered per stage before they go into the stage's lead-time histograms. Adding a batch to
 * one histogram at a time keeps that histogram's bins in cache; each histogram still gets its values in the order
 * the completions happened, so its sums, bins and quantiles are the same as adding them one by one.
 */
const STAGE_BATCH = 256;

export class Recorder {
  private readonly chain: CompiledChain;
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  private readonly arrivalsByKind: Float64Array[];
  private readonly arrivalsAll: Float64Array;
  private readonly exitsByReason: Float64Array[];
  // Persons arrived per kind and exited per reason so far today, written into the day series at the day's end:
  // whole numbers, so their sums are exact in any order.
  private readonly arrivalsToday: Float64Array;
  private readonly exitsToday: Float64Array;
  private readonly inChainSeries: Float64Array;
  private readonly permitSeries: Float64Array;
  private readonly stageWait: LogHistogram[];
  private readonly stageProc: LogHistogram[];
  private readonly stageTotal: LogHistogram[];
  private readonly stageTotalByTrack: LogHistogram[][];
  /** Breakdowns by cohort only when there is more than one cohort (with one, they equal the totals). */
  private readonly byCohort: boolean;
  private readonly stageTotalByCohort: LogHistogram[][];
  private readonly chainTotal: LogHistogram;
  private readonly chainByTrack: LogHistogram[];
  private readonly chainByCohort: LogHistogram[];
  private readonly chainByExit: LogHistogram[];
  // The buffered completions of each stage: waiting and processing time, track and cohort, and how many.
  private readonly pendingWait: Float64Array[];
  private readonly pendingProc: Float64Array[];
  private readonly pendingTrack: Int32Array[];
  private readonly pendingCohort: Int32Array[];
  private readonly pendingCount: Int32Array;
  // The buffered exits (lead time through the chain, exit reason, track, cohort), in the same way.
  private readonly exitLead = new Float64Array(STAGE_BATCH);
  private readonly exitReason = new Int32Array(STAGE_BATCH);
  private readonly exitTrack = new Int32Array(STAGE_BATCH);
  private readonly exitCohort = new Int32Array(STAGE_BATCH);
  private exitCount = 0;
  /** Room for a batch of a stage's total times (waiting plus processing). */
  private readonly totalScratch = new Float64Array(STAGE_BATCH);
  /** Breakdowns by track only when the chain has tracks (a case's track is -1 otherwise). */
  private readonly hasTracks: boolean;
  private personsInChain = 0;
  private permitHolders = 0;
  /** Persons granted a permit in the run so far (in the country; the initial state's permit holders not). */
  permitsGranted = 0;
  private initialPersons = 0;
  private exitedPersons = 0;
  private exitedChildren = 0;
  private exitedPersonMoves = 0;
  private exitedChildMoves = 0;
  private arrivedPersonsWindow = 0;
  private familyGenerated = 0;

  constructor(chain: CompiledChain, cases: CaseTable, window: ReportWindow) {
    this.chain = chain;
    this.cases = cases;
    this.window = window;
    const H = window.horizon;
    this.arrivalsByKind = chain.kinds.map(() => new Float64Array(H));
    this.arrivalsAll = new Float64Array(H);
    this.exitsByReason = chain.exitReasons.map(() => new Float64Array(H));
    this.arrivalsToday = new Float64Array(chain.kinds.length);
    this.exitsToday = new Float64Array(chain.exitReasons.length);
    this.inChainSeries = new Float64Array(H);
    this.permitSeries = new Float64Array(H);
    this.stageWait = chain.stages.map(hist);
    this.stageProc = chain.stages.map(hist);
    this.stageTotal = chain.stages.map(hist);
    this.stageTotalByTrack = chain.stages.map(() => chain.tracks.map(hist));
    this.byCohort = chain.cohorts.length > 1;
    this.hasTracks = chain.tracks.length > 0;
    this.stageTotalByCohort = chain.stages.map(() => (this.byCohort ? chain.cohorts.map(hist) : []));
    this.chainTotal = hist();
    this.chainByTrack = chain.tracks.map(hist);
    this.chainByCohort = this.byCohort ? chain.cohorts.map(hist) : [];
    this.chainByExit = chain.exitReasons.map(hist);
    this.pendingWait = chain.stages.map(() => new Float64Array(STAGE_BATCH));
    this.pendingProc = chain.stages.map(() => new Float64Array(STAGE_BATCH));
    this.pendingTrack = chain.stages.map(() => new Int32Array(STAGE_BATCH));
    this.pendingCohort = chain.stages.map(() => new Int32Array(STAGE_BATCH));
    this.pendingCount = new Int32Array(chain.stages.length);
  }

  /** A case of the initial stock is in the chain at time 0. */
  initial(granted: boolean, persons: number): void {
    this.personsInChain += persons;
    this.initialPersons += persons;
    if (granted) this.permitHolders += persons;
  }

  arrive(c: number, t: number): void {
    const persons = this.cases.persons[c];
    this.personsInChain += persons;
    this.arrivalsToday[this.cases.kind[c]] += persons;
    if (t >= this.window.warmup) this.arrivedPersonsWindow += persons;
  }

  grant(c: number): void {
    this.permitHolders += this.cases.persons[c];
    this.permitsGranted += this.cases.persons[c];
  }

  /** A sponsor granted at t brings `members` family members later. */
  family(members: number, t: number): void {
    if (t >= this.window.warmup) this.familyGenerated += members;
  }

  /** A case (not of the initial stock) finished stage s in the reported period. */
  stageDone(c: number, s: number, t: number): void {
    const { cases } = this;
    const i = this.pendingCount[s];
    const start = cases.start[c];
    this.pendingWait[s][i] = start - cases.enter[c];
    this.pendingProc[s][i] = t - start;
    if (this.hasTracks) this.pendingTrack[s][i] = cases.track[c];
    if (this.byCohort) this.pendingCohort[s][i] = cases.cohort[c];
    if (i + 1 === STAGE_BATCH) this.flushStage(s, STAGE_BATCH);
    else this.pendingCount[s] = i + 1;
  }

  /** Adds the buffered completions and exits to their histograms (before the histograms are read). */
  private flush(): void {
    for (let s = 0; s < this.pendingCount.length; s++) this.flushStage(s, this.pendingCount[s]);
    this.flushExits();
  }

  /** Adds the buffered exits to the chain's lead-time histograms, in the order they happened. */
  private flushExits(): void {
    const n = this.exitCount;
    this.exitCount = 0;
    const { chainTotal, chainByExit, chainByTrack, exitLead, exitReason, exitTrack } = this;
    const byCohort = this.byCohort ? this.chainByCohort : null;
    const cohort = this.exitCohort;
    for (let i = 0; i < n; i++) {
      const lead = exitLead[i];
      const bin = chainTotal.bin(lead);
      chainTotal.addToBin(bin, lead);
      chainByExit[exitReason[i]].addToBin(bin, lead);
      if (exitTrack[i] >= 0) chainByTrack[exitTrack[i]].addToBin(bin, lead);
      if (byCohort !== null) byCohort[cohort[i]].addToBin(bin, lead);
    }
  }

  /** Adds the first n buffered completions of stage s to its histograms, in the order they happened. */
  private flushStage(s: number, n: number): void {
    this.pendingCount[s] = 0;
    if (n === 0) return;
    const wait = this.pendingWait[s];
    const proc = this.pendingProc[s];
    // addEach, bin and addToBin add a value of weight 1 as add does (a sum of 1 × x is the sum of x).
    this.stageWait[s].addEach(wait, n);
    this.stageProc[s].addEach(proc, n);
    const totalHist = this.stageTotal[s];
    // Track and cohort were buffered only when there are breakdowns by them.
    const track = this.hasTracks ? this.pendingTrack[s] : null;
    const byTrack = this.stageTotalByTrack[s];
    const byCohort = this.byCohort ? this.stageTotalByCohort[s] : null;
    const cohort = this.pendingCohort[s];
    if (track === null && byCohort === null) {
      // No breakdowns: the totals go into their one histogram as a run.
      const total = this.totalScratch;
      for (let i = 0; i < n; i++) total[i] = wait[i] + proc[i];
      totalHist.addEach(total, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      const total = wait[i] + proc[i];
      const bin = totalHist.bin(total);
      totalHist.addToBin(bin, total);
      if (track !== null && track[i] >= 0) byTrack[track[i]].addToBin(bin, total);
      if (byCohort !== null) byCohort[cohort[i]].addToBin(bin, total);
    }
  }

  exit(c: number, reason: number, t: number): void {
    const { cases } = this;
    const persons = cases.persons[c];
    this.exitsToday[reason] += persons;
    this.personsInChain -= persons;
    if (cases.granted[c]) this.permitHolders -= persons;
    if (t >= this.window.warmup && cases.initial[c] === 0) {
      const i = this.exitCount;
      this.exitLead[i] = t - cases.arrival[c];
      this.exitReason[i] = reason;
      this.exitTrack[i] = cases.track[c];
      this.exitCohort[i] = cases.cohort[c];
      this.exitCount = i + 1;
      if (i + 1 === STAGE_BATCH) this.flushExits();
      this.exitedPersons += persons;
      this.exitedChildren += cases.children[c];
      this.exitedPersonMoves += cases.moves[c] * persons;
      this.exitedChildMoves += cases.moves[c] * cases.children[c];
    }
  }

  /** The end of day `day`. */
  snapshot(day: number): void {
    const { arrivalsToday, exitsToday } = this;
    let arrived = 0;
    for (let k = 0; k < arrivalsToday.length; k++) {
      this.arrivalsByKind[k][day] = arrivalsToday[k];
      arrived += arrivalsToday[k];
      arrivalsToday[k] = 0;
    }
    this.arrivalsAll[day] = arrived;
    for (let r = 0; r < exitsToday.length; r++) {
      this.exitsByReason[r][day] = exitsToday[r];
      exitsToday[r] = 0;
    }
    this.inChainSeries[day] = this.personsInChain;
    this.permitSeries[day] = this.permitHolders;
  }

  /** Persons arrived on days from … to − 1. */
  arrivalsBetween(from: number, to: number): number {
    let v = 0;
    for (let x = from; x < to; x++) v += this.arrivalsAll[x];
    return v;
  }

  series(out: Record<string, Float64Array>): void {
    this.chain.kinds.forEach((k, i) => (out[arrivalsSeries(k)] = this.arrivalsByKind[i]));
    out[CHAIN_SERIES.arrivals] = this.arrivalsAll;
    this.chain.exitReasons.forEach((r, i) => (out[exitsSeries(r)] = this.exitsByReason[i]));
    out[CHAIN_SERIES.inChain] = this.inChainSeries;
    out[CHAIN_SERIES.permitHoldersWaiting] = this.permitSeries;
  }

  /** Arrivals, exits, persons in the chain and the chain's lead time. */
  chainKpis(kpis: Record<string, number>): void {
    const { window } = this;
    this.flush();
    kpis[CHAIN_KPI.arrivals] = this.arrivedPersonsWindow;
    kpis[CHAIN_KPI.initialPersons] = this.initialPersons;
    kpis[CHAIN_KPI.familyGenerated] = this.familyGenerated;
    this.chain.exitReasons.forEach((r, i) => (kpis[exitKpi(r)] = window.sum(this.exitsByReason[i])));
    kpis[CHAIN_KPI.inChainEnd] = this.personsInChain;
    kpis[CHAIN_KPI.inChainMean] = window.mean(this.inChainSeries);
    kpis[CHAIN_KPI.permitHoldersWaitingMean] = window.mean(this.permitSeries);
    kpis[CHAIN_KPI.permitHoldersWaitingEnd] = this.permitHolders;
    kpis[CHAIN_KPI.leadTimeMean] = this.chainTotal.mean;
    kpis[CHAIN_KPI.leadTimeP50] = this.chainTotal.quantile(0.5);
    kpis[CHAIN_KPI.leadTimeP90] = this.chainTotal.quantile(0.9);
  }

  /** Waiting, processing and total time through stage s. */
  stageKpis(kpis: Record<string, number>, s: number): void {
    this.flushStage(s, this.pendingCount[s]);
    const id = this.chain.stages[s].id;
    kpis[stageKpi(id, 'waiting.mean')] = this.stageWait[s].mean;
    kpis[stageKpi(id, 'waiting.p50')] = this.stageWait[s].quantile(0.5);
    kpis[stageKpi(id, 'waiting.p90')] = this.stageWait[s].quantile(0.9);
    kpis[stageKpi(id, 'processing.mean')] = this.stageProc[s].mean;
    kpis[stageKpi(id, 'total.mean')] = this.stageTotal[s].mean;
    kpis[stageKpi(id, 'total.p50')] = this.stageTotal[s].quantile(0.5);
    kpis[stageKpi(id, 'total.p90')] = this.stageTotal[s].quantile(0.9);
  }

  /** Moves per person and per child of the cases that left in the reported period. */
  moveKpis(kpis: Record<string, number>): void {
    kpis[CHAIN_KPI.movesPerPerson] = this.exitedPersons > 0 ? this.exitedPersonMoves / this.exitedPersons : 0;
    kpis[CHAIN_KPI.movesPerChild] = this.exitedChildren > 0 ? this.exitedChildMoves / this.exitedChildren : 0;
  }

  leadTimes(add: LeadTimeAdder): void {
    const { chain } = this;
    this.flush();
    chain.stages.forEach((s, i) => {
      add('stage', s.id, 'waiting', 'all', '', this.stageWait[i]);
      add('stage', s.id, 'processing', 'all', '', this.stageProc[i]);
      add('stage', s.id, 'total', 'all', '', this.stageTotal[i]);
      chain.tracks.forEach((tr, j) => add('stage', s.id, 'total', 'track', tr.id, this.stageTotalByTrack[i][j]));
      if (this.byCohort)
        chain.cohorts.forEach((co, j) => add('stage', s.id, 'total', 'cohort', co.id, this.stageTotalByCohort[i][j]));
    });
    add('chain', '', 'total', 'all', '', this.chainTotal);
    chain.tracks.forEach((tr, j) => add('chain', '', 'total', 'track', tr.id, this.chainByTrack[j]));
    if (this.byCohort)
      chain.cohorts.forEach((co, j) => add('chain', '', 'total', 'cohort', co.id, this.chainByCohort[j]));
    chain.exitReasons.forEach((r, j) => add('chain', '', 'total', 'exit', r, this.chainByExit[j]));
  }
}
