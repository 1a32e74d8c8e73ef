// Family reunification as a process (nareis): a granted sponsor's family files an application that waits and is
// decided at an abroad stage, travels when granted, and arrives in the country when it first enters a stage that
// is not abroad — into reception, or directly to the municipality (directToMunicipality) when its sponsor has
// already left the chain housed. While abroad a case holds no bed and is not in the chain: it counts as an open
// application (familyReunification.openApplications). This part exists only in a model with abroad stages.
import { NAREIS_KPI, NAREIS_SERIES } from '../keys.ts';
import type { Kernel } from '../../engine/kernel.ts';
import type { CompiledChain } from '../compile.ts';
import type { CaseTable, GrowsWithCases } from './cases.ts';
import { PRIORITY_ARRIVAL, type ReportWindow } from './constants.ts';
import type { NormClocks } from './norms.ts';
import type { Recorder } from './recorder.ts';
import type { CaseTrace } from './trace.ts';

function grownInt(a: Int32Array, n: number, fill: number): Int32Array {
  const b = new Int32Array(n).fill(fill);
  b.set(a);
  return b;
}

/** Where a filed application goes in: the stages (an interface, so stages.ts and this file import one way only). */
export interface EntersStages {
  enter(c: number, s: number, t: number): void;
}

export interface NareisParts {
  norms: NormClocks;
  recorder: Recorder;
  trace: CaseTrace | null;
}

export class Nareis implements GrowsWithCases {
  private readonly chain: CompiledChain;
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  private readonly kernel: Kernel;
  private readonly norms: NormClocks;
  private readonly recorder: Recorder;
  private readonly trace: CaseTrace | null;
  private stages: EntersStages | null = null;
  /** Per stage: 1 when abroad. */
  readonly abroadStage: Uint8Array;
  /** Per case: 1 while the case is abroad (an open application or on its way). */
  abroad: Int32Array;
  /** Per family case: 1 when its sponsor has left the chain housed. */
  private sponsorHoused: Int32Array;
  /** Per sponsor case: its family case (-1: none) and that case's link number when linked. */
  private familyOf: Int32Array;
  private familyLink: Int32Array;
  /** Per case: bumped whenever the slot is linked to a sponsor, so a stale link (slot reused) is recognised. */
  private link: Int32Array;
  private openPersons = 0;
  private openCases = 0;
  private filedWindow = 0;
  private withdrawnWindow = 0;
  private readonly openPersonsSeries: Float64Array;
  private readonly openCasesSeries: Float64Array;
  private readonly evFiled: number;

  constructor(chain: CompiledChain, cases: CaseTable, window: ReportWindow, kernel: Kernel, parts: NareisParts) {
    this.chain = chain;
    this.cases = cases;
    this.window = window;
    this.kernel = kernel;
    this.norms = parts.norms;
    this.recorder = parts.recorder;
    this.trace = parts.trace;
    this.abroadStage = Uint8Array.from(chain.stages, (s) => (s.abroad ? 1 : 0));
    const n = cases.capacity;
    this.abroad = new Int32Array(n);
    this.sponsorHoused = new Int32Array(n);
    this.familyOf = new Int32Array(n).fill(-1);
    this.familyLink = new Int32Array(n);
    this.link = new Int32Array(n);
    cases.growWith(this);
    this.openPersonsSeries = new Float64Array(window.horizon);
    this.openCasesSeries = new Float64Array(window.horizon);
    this.evFiled = kernel.on((f: number) => this.filed(f, kernel.now));
  }

  growCases(n: number): void {
    this.abroad = grownInt(this.abroad, n, 0);
    this.sponsorHoused = grownInt(this.sponsorHoused, n, 0);
    this.familyOf = grownInt(this.familyOf, n, -1);
    this.familyLink = grownInt(this.familyLink, n, 0);
    this.link = grownInt(this.link, n, 0);
  }

  /** The stages the applications enter (set once, after both exist). */
  connect(stages: EntersStages): void {
    this.stages = stages;
  }

  /** Sponsor c was granted at t; its family f (created, pending) files its application at `at`. */
  schedule(c: number, f: number, at: number): void {
    this.familyOf[c] = f;
    this.familyLink[c] = ++this.link[f];
    this.sponsorHoused[f] = 0;
    this.kernel.schedule(at, this.evFiled, f, PRIORITY_ARRIVAL);
  }

  /** An application of the initial state, open at time 0 (the case is set up; it enters its stage next). */
  openAtStart(c: number, sponsorHoused: boolean): void {
    this.sponsorHoused[c] = sponsorHoused ? 1 : 0;
    this.open(c);
  }

  /**
   * A case abroad enters stage s in the country at t: it arrives (arrival, from-arrival norm clocks, permit), and
   * goes to s — or, when its sponsor is housed, with directToMunicipality's share to its stage (returned) or out
   * of the chain (returned as -1 − exit reason).
   */
  land(c: number, s: number, t: number): number {
    const { cases } = this;
    this.close(c);
    cases.arrival[c] = t;
    this.recorder.arrive(c, t);
    if (cases.granted[c]) this.recorder.grant(c);
    if (this.trace !== null) this.trace.emit(c, 'arrival', 'complete', t, -1);
    this.norms.arrive(c, t);
    const app = this.chain.cohorts[cases.cohort[c]].familyApplication;
    if (app === null || this.sponsorHoused[c] === 0 || app.directShare <= 0) return s;
    if (app.directShare < 1 && cases.rng(c).uniform() >= app.directShare) return s;
    return app.directTo >= 0 ? app.directTo : -1 - app.directExit;
  }

  /**
   * Case c leaves for `reason`. Abroad, its application closes (it never arrived: no exit of the chain; returns
   * true). In the country, a sponsor's housed exit marks its family, and false is returned.
   */
  leave(c: number, reason: number, t: number): boolean {
    const f = this.familyOf[c];
    if (f >= 0) {
      this.familyOf[c] = -1;
      const app = this.chain.cohorts[this.cases.cohort[c]].familyApplication;
      if (this.link[f] === this.familyLink[c] && app !== null && app.housedExits[reason] === 1)
        this.sponsorHoused[f] = 1;
    }
    if (this.abroad[c] === 0) return false;
    this.close(c);
    if (t >= this.window.warmup) this.withdrawnWindow += this.cases.persons[c];
    return true;
  }

  /** Whether a permit granted to case c now is one of a person in the country (abroad it counts on arrival). */
  inCountry(c: number): boolean {
    return this.abroad[c] === 0;
  }

  snapshot(day: number): void {
    this.openPersonsSeries[day] = this.openPersons;
    this.openCasesSeries[day] = this.openCases;
  }

  series(out: Record<string, Float64Array>): void {
    out[NAREIS_SERIES.openPersons] = this.openPersonsSeries;
    out[NAREIS_SERIES.openCases] = this.openCasesSeries;
  }

  kpis(kpis: Record<string, number>): void {
    kpis[NAREIS_KPI.openPersonsMean] = this.window.mean(this.openPersonsSeries);
    kpis[NAREIS_KPI.openPersonsEnd] = this.openPersons;
    kpis[NAREIS_KPI.openCasesEnd] = this.openCases;
    kpis[NAREIS_KPI.filedPersons] = this.filedWindow;
    kpis[NAREIS_KPI.withdrawnPersons] = this.withdrawnWindow;
  }

  /** The family's application is filed at t: it enters the application stage, abroad. */
  private filed(f: number, t: number): void {
    const { cases } = this;
    const app = this.chain.cohorts[cases.cohort[f]].familyApplication!;
    cases.arrival[f] = Number.NaN;
    cases.loopFrom[f] = -Infinity;
    cases.granted[f] = 0;
    cases.moves[f] = 0;
    cases.outcome[f] = -1;
    this.norms.resetCase(f);
    this.open(f);
    if (t >= this.window.warmup) this.filedWindow += cases.persons[f];
    this.stages!.enter(f, app.stage, t);
  }

  private open(c: number): void {
    this.abroad[c] = 1;
    this.openPersons += this.cases.persons[c];
    this.openCases++;
  }

  private close(c: number): void {
    this.abroad[c] = 0;
    this.openPersons -= this.cases.persons[c];
    this.openCases--;
  }
}
