// Arrivals: households of each inflow stream (a Poisson process with a daily rate, or exact monthly counts at
// random times), the initial stock at time 0, and the family members a granted sponsor brings later. Each
// household draws everything from its own sub-stream; a forecast inflow takes this replication's sample path.
import { substream, type RandomStream } from '../../../core/random.ts';
import { sampleBinomial, samplePoisson } from '../../engine/distributions.ts';
import type { Kernel } from '../../engine/kernel.ts';
import { samplePath } from '../../../forecast/forecast.ts';
import { applyProfile } from '../../../forecast/scenarios.ts';
import { LIMITS } from '../../../model/schema.ts';
import type { CompiledChain } from '../compile.ts';
import { SimulationError } from '../results.ts';
import { type CaseTable, NO_LOCATION, PENDING } from './cases.ts';
import {
  ARRIVAL_STREAM_BASE,
  FAMILY_KEY_OFFSET,
  FAMILY_STREAM_BASE,
  PRIORITY_ARRIVAL,
  PRIORITY_CAPACITY,
  type ReportWindow,
  TWO_POW_32,
  pick,
} from './constants.ts';
import type { NormClocks } from './norms.ts';
import type { Reception } from './reception.ts';
import type { Recorder } from './recorder.ts';
import { type Grants, type Stages, impossibleDraw } from './stages.ts';
import type { CaseTrace } from './trace.ts';
import { placeInitialState } from './initial.ts';
import type { Nareis } from './nareis.ts';

export interface ArrivalParts {
  stages: Stages;
  reception: Reception;
  norms: NormClocks;
  recorder: Recorder;
  trace: CaseTrace | null;
  nareis?: Nareis | null;
}

export class Arrivals implements Grants {
  private readonly chain: CompiledChain;
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  private readonly kernel: Kernel;
  private readonly seed: number;
  private readonly replication: number;
  readonly stages: Stages;
  readonly reception: Reception;
  readonly norms: NormClocks;
  readonly recorder: Recorder;
  readonly trace: CaseTrace | null;
  readonly nareis: Nareis | null;
  /** Per inflow stream: persons per day and per month (a forecast stream: with this replication's path). */
  private readonly personsPerDay: Float64Array[] = [];
  private readonly monthPersons: Float64Array[] = [];
  /** Households created so far per stream (the index of the next one's sub-stream). */
  private readonly streamCount: Float64Array;
  private readonly arrivalRng: RandomStream[];
  /** Expected persons per household arrival of each stream (cohort mix weighted by household frequency). */
  private readonly personsPerHousehold: number[];
  private readonly evPoissonArrival: number;
  private readonly evCaseArrives: number;
  private readonly evExactMonth: number;

  constructor(
    chain: CompiledChain,
    cases: CaseTable,
    window: ReportWindow,
    kernel: Kernel,
    run: { seed: number; replication: number },
    parts: ArrivalParts,
  ) {
    this.chain = chain;
    this.cases = cases;
    this.window = window;
    this.kernel = kernel;
    this.seed = run.seed;
    this.replication = run.replication;
    this.stages = parts.stages;
    this.reception = parts.reception;
    this.norms = parts.norms;
    this.recorder = parts.recorder;
    this.trace = parts.trace;
    this.nareis = parts.nareis ?? null;
    this.inflow();
    this.streamCount = new Float64Array(chain.streams.length);
    this.arrivalRng = chain.streams.map((s) =>
      substream(run.seed, run.replication, ARRIVAL_STREAM_BASE + s.streamId, 0),
    );
    this.personsPerHousehold = chain.streams.map((s) => {
      if (s.cohort >= 0) return chain.cohorts[s.cohort].meanHouseholdSize;
      const cum = chain.cohortCumulative[s.kind];
      let mean = 0;
      for (let i = 0; i < cum.length; i++)
        mean += (cum[i] - (i > 0 ? cum[i - 1] : 0)) * chain.cohorts[i].meanHouseholdSize;
      return mean;
    });
    this.evPoissonArrival = kernel.on((stream: number) => {
      const t = kernel.now;
      const c = this.createCase(stream, Infinity);
      this.arrive(c, t);
      this.scheduleNextPoisson(stream, t);
    });
    this.evCaseArrives = kernel.on((c: number) => this.arrive(c, kernel.now));
    this.evExactMonth = kernel.on((payload: number) => this.scheduleExactMonth(payload >>> 12, payload & 0xfff));
  }

  /** Puts the initial state in its stages at time 0 (initial.ts). */
  placeInitialStocks(): void {
    placeInitialState(this.chain, this.cases, { seed: this.seed, replication: this.replication }, this);
    this.reception.drainFills(0);
  }

  /** Schedules the first arrivals of every stream (exact months at their first day). */
  start(): void {
    const { chain, kernel } = this;
    for (let i = 0; i < chain.streams.length; i++) {
      const spec = chain.streams[i];
      if (chain.inflowProcess === 'exact' && spec.monthStartDay.length > 0) {
        for (let m = 0; m < spec.monthStartDay.length; m++)
          kernel.schedule(Math.max(0, spec.monthStartDay[m]), this.evExactMonth, (i << 12) | m, PRIORITY_CAPACITY);
      } else this.scheduleNextPoisson(i, 0);
    }
  }

  /** A sponsor was granted at t: family members of its cohort may follow after a delay, as a case of their own. */
  afterGrant(c: number, t: number): void {
    const { chain, cases } = this;
    const cohort = chain.cohorts[cases.cohort[c]];
    const application = cohort.familyApplication;
    if (
      cohort.familyMembersPerGrant <= 0 ||
      cohort.familyFromKinds[cases.kind[c]] === 0 ||
      (chain.entryStage[2] < 0 && application === null)
    )
      return;
    const rng = cases.rng(c);
    const members = samplePoisson(rng, cohort.familyMembersPerGrant);
    const delay = application === null ? cohort.familyDelay!(rng) : application.delay(rng);
    if (!(delay >= 0 && delay < Infinity))
      throw impossibleDraw(
        this.replication,
        `cohorts[${cases.cohort[c]}].familyReunification.${application === null ? 'delay' : 'application.delay'}`,
        `the family reunification delay of cohort "${cohort.id}"`,
        delay,
        t,
      );
    if (members === 0) return;
    const f = cases.alloc();
    const frRng = cases
      .streamFor(f)
      .resetToSubstream(this.seed, this.replication, FAMILY_STREAM_BASE + cases.stream[c], cases.index[c]);
    cases.kind[f] = 2;
    cases.cohort[f] = cases.cohort[c];
    cases.track[f] = -1;
    cases.persons[f] = members;
    cases.children[f] = sampleBinomial(frRng, members, cohort.familyChildShare);
    cases.key[f] = FAMILY_KEY_OFFSET + cases.key[c];
    cases.initial[f] = 0;
    cases.stream[f] = FAMILY_STREAM_BASE + cases.stream[c];
    cases.index[f] = cases.index[c];
    cases.stage[f] = PENDING;
    cases.location[f] = NO_LOCATION;
    this.recorder.family(members, t);
    // With an application, the family files it abroad after the delay (nareis.ts); else it arrives then.
    if (application !== null) this.nareis!.schedule(c, f, t + delay);
    else this.kernel.schedule(t + delay, this.evCaseArrives, f, PRIORITY_ARRIVAL);
  }

  /** Persons per day and month of each stream; a forecast stream's months after the history from its sample path. */
  private inflow(): void {
    const { chain, seed, replication } = this;
    const H = this.window.horizon;
    for (const spec of chain.streams) {
      if (spec.forecast === null) {
        this.personsPerDay.push(spec.personsPerDay);
        this.monthPersons.push(spec.monthPersons);
        continue;
      }
      // Each inflow stream s has its own path, from sub-stream (seed, replication, FORECAST_STREAM_BASE + s, 0).
      const path = samplePath(spec.forecast, seed, replication, undefined, spec.streamId);
      for (const { profile, startStep } of spec.stress) applyProfile(path, profile, startStep);
      const perDay = spec.personsPerDay.slice();
      const months = spec.monthPersons.slice();
      for (let m = 0; m < months.length; m++) {
        const step = spec.forecastStep[m];
        if (step < 0) continue;
        months[m] = path[step];
        const from = spec.monthStartDay[m];
        for (let d = Math.max(0, from); d < Math.min(H, from + spec.monthLength[m]); d++)
          perDay[d] = path[step] / spec.monthLength[m];
      }
      this.personsPerDay.push(perDay);
      this.monthPersons.push(months);
    }
    if (chain.streams.some((spec) => spec.forecast !== null)) {
      // The model's own months were checked when it was loaded; a forecast path is known only now.
      let persons = 0;
      for (const stock of chain.initialStocks) persons += stock.persons;
      for (const row of chain.initialCases) persons += row.persons;
      for (const perDay of this.personsPerDay) for (let d = 0; d < H; d++) persons += perDay[d];
      if (persons > LIMITS.personsPerRun) {
        throw new SimulationError(
          'inflow',
          `replication ${replication}: the forecast's sample path brings ${Math.round(persons)} persons over the run, more than the ${LIMITS.personsPerRun} a replication may hold; shorten the run, damp the stress templates, or forecast from a calmer history (historyFrom)`,
        );
      }
    }
  }

  /** Creates the household that is arrival number `index` of a stream; it draws everything from its own stream. */
  private createCase(stream: number, maxPersons: number): number {
    const { chain, cases } = this;
    const spec = chain.streams[stream];
    const index = this.streamCount[stream]++;
    const c = cases.alloc();
    const rng = cases.streamFor(c).resetToSubstream(this.seed, this.replication, spec.streamId, index);
    let cohort = spec.cohort;
    if (cohort < 0) cohort = pick(chain.cohortCumulative[spec.kind], rng.uniform());
    const co = chain.cohorts[cohort];
    const k = pick(co.householdCumulative, rng.uniform());
    const persons = Math.min(co.householdSizes[k], maxPersons);
    cases.kind[c] = spec.kind;
    cases.cohort[c] = cohort;
    cases.track[c] = -1;
    cases.persons[c] = persons;
    cases.children[c] = sampleBinomial(rng, persons, co.childShare);
    cases.key[c] = spec.streamId * TWO_POW_32 + index;
    cases.initial[c] = 0;
    cases.stream[c] = spec.streamId;
    cases.index[c] = index;
    cases.stage[c] = PENDING;
    cases.location[c] = NO_LOCATION;
    return c;
  }

  private arrive(c: number, t: number): void {
    const { cases } = this;
    cases.arrival[c] = t;
    cases.loopFrom[c] = -Infinity;
    cases.granted[c] = 0;
    cases.moves[c] = 0;
    cases.outcome[c] = -1;
    this.norms.resetCase(c);
    this.recorder.arrive(c, t);
    if (this.trace !== null) this.trace.emit(c, 'arrival', 'complete', t, -1);
    this.norms.arrive(c, t);
    this.stages.enter(c, this.chain.entryStage[cases.kind[c]], t);
    this.reception.drainFills(t);
  }

  /** Next Poisson arrival of a stream at or after t: piecewise-constant daily rate, restarted at day edges. */
  private scheduleNextPoisson(stream: number, t: number): void {
    const H = this.window.horizon;
    const personsPerDay = this.personsPerDay[stream];
    const rng = this.arrivalRng[stream];
    const perHousehold = this.personsPerHousehold[stream];
    let now = t;
    for (;;) {
      const day = Math.floor(now);
      if (day >= H) return;
      const rate = personsPerDay[day] / perHousehold;
      if (rate > 0) {
        const next = now - Math.log(rng.uniformOpen()) / rate;
        if (next < day + 1) {
          // After now (a positive gap) and within today: what the kernel's unchecked scheduling requires.
          this.kernel.scheduleTrusted(next, this.evPoissonArrival, stream, PRIORITY_ARRIVAL);
          return;
        }
      }
      now = day + 1;
    }
  }

  /** Exact arrivals: the month's persons, in households, at uniformly random times within the month. */
  private scheduleExactMonth(stream: number, month: number): void {
    const spec = this.chain.streams[stream];
    const rng = this.arrivalRng[stream];
    const from = spec.monthStartDay[month];
    const to = from + spec.monthLength[month];
    const lo = Math.max(0, from);
    const hi = Math.min(this.window.horizon, to);
    const covered = (hi - lo) / (to - from);
    const expected = this.monthPersons[stream][month] * covered;
    let persons = Math.floor(expected);
    if (rng.uniform() < expected - persons) persons++;
    while (persons > 0) {
      const c = this.createCase(stream, persons);
      persons -= this.cases.persons[c];
      this.kernel.schedule(lo + rng.uniform() * (hi - lo), this.evCaseArrives, c, PRIORITY_ARRIVAL);
    }
  }
}
