// The initial state of a replication: the cases in the chain (or abroad, as open family applications) at time 0.
// Both forms of the model — groups (initialState) and one row per case (initialCases) — become one list of
// cases with their history (arrival, stage entry, start of service, norm clock starts), which are placed at
// time 0 in the order they entered their stage, so a FIFO queue keeps their order and an EDF queue their
// deadlines. A group without history fields is placed exactly as it always was: persons one by one, as
// households of one with no history.
import { sampleBinomial } from '../../engine/distributions.ts';
import { type CompiledChain, type CompiledInitialGroup, INITIAL_IN_OVERFLOW } from '../compile.ts';
import type { Reception } from './reception.ts';
import { type CaseTable, NO_LOCATION } from './cases.ts';
import { EVENT_ENTER, EVENT_START, INITIAL_CASES_STREAM, INITIAL_STREAM_BASE, TWO_POW_32, pick } from './constants.ts';
import type { Nareis } from './nareis.ts';
import type { NormClocks } from './norms.ts';
import type { Recorder } from './recorder.ts';
import { type Stages, impossibleDraw } from './stages.ts';
import type { CaseTrace } from './trace.ts';

export interface InitialParts {
  stages: Stages;
  reception: Reception;
  norms: NormClocks;
  recorder: Recorder;
  trace: CaseTrace | null;
  nareis: Nareis | null;
}

/** A case of the initial state, set up in the case table, with what its placement needs. */
interface Placed {
  c: number;
  stage: number;
  /** Whether the case has a history (arrival and stage entry known); without, it is left out of lead times. */
  history: boolean;
  arrival: number;
  entered: number;
  started: number;
  clocks: Float64Array | null;
  sponsorHoused: boolean;
  /** The location it is in at the start (CompiledInitialCase.location), or -1. */
  location: number;
}

/** What setting up the cases of a group needs, and the list they go on. */
interface Setup {
  chain: CompiledChain;
  cases: CaseTable;
  run: { seed: number; replication: number };
  placed: Placed[];
}

/** Sets up every case of the initial state and places them in their stages at time 0. */
export function placeInitialState(
  chain: CompiledChain,
  cases: CaseTable,
  run: { seed: number; replication: number },
  parts: InitialParts,
): void {
  const placed: Placed[] = [];
  const ctx: Setup = { chain, cases, run, placed };
  chain.initialStocks.forEach((group, i) => {
    if (group.history === null) oldForm(ctx, group, i);
    else households(ctx, group, i);
  });
  chain.initialCases.forEach((row, k) => {
    const c = setUp(cases, run, INITIAL_CASES_STREAM, k, row);
    cases.children[c] =
      row.children >= 0
        ? row.children
        : sampleBinomial(cases.rng(c), row.persons, chain.cohorts[row.cohort].childShare);
    placed.push({
      c,
      stage: row.stage,
      history: true,
      arrival: row.arrivalDay,
      entered: row.enteredDay,
      started: row.startedDay,
      clocks: row.clockStarts,
      sponsorHoused: row.sponsorHoused === 1,
      location: row.location,
    });
  });
  // In the order they entered their stage (a stable sort: cases without history, all at 0, keep their order) …
  reorder(
    placed,
    placed.map((p) => p.entered),
  );
  for (const p of placed) startClocks(chain, cases, p, parts.norms);
  // … and within a stage in the order of its queue (an EDF stage: by deadline), each case of a stage taking the
  // place of one before it, so that the first to enter (and take a free server) is the first in the queue.
  const byStage = new Map<number, Placed[]>();
  for (const p of placed) {
    const list = byStage.get(p.stage);
    if (list === undefined) byStage.set(p.stage, [p]);
    else list.push(p);
  }
  // (A stage with cases of the original form only keeps the order of the list, as it always did.)
  for (const [s, list] of byStage) if (list.some((p) => p.history)) sortByQueueKey(list, s, parts.stages);
  // Cases whose location is known take their beds first (in the order they entered), and stay there: at the
  // start nobody moves to a bed their stage prefers, they wait for one like anyone already placed.
  const settled = placed.some((p) => p.location !== -1);
  if (settled) {
    parts.reception.settling = true;
    for (const p of placed)
      if (p.location === INITIAL_IN_OVERFLOW) parts.reception.putInOverflow(p.c, 0);
      else if (p.location >= 0) parts.reception.putAt(p.c, p.location, 0);
  }
  const next = new Map<number, number>();
  for (const p of placed) {
    const k = next.get(p.stage) ?? 0;
    next.set(p.stage, k + 1);
    place(chain, cases, byStage.get(p.stage)![k], parts);
  }
  parts.reception.settling = false;
}

/** Sorts the cases of stage s by their queue keys, each key computed once (a stable sort: ties keep the order). */
function sortByQueueKey(list: Placed[], s: number, stages: Stages): void {
  reorder(
    list,
    list.map((p) => stages.queueKey(p.c, s)),
  );
}

/**
 * Puts `list` in the order of `keys` (one per element), stably: equal keys keep their order. A merge sort of
 * indices over the keys, without a comparison callback per pair (the initial state can hold tens of thousands of
 * cases, sorted in every replication); a list already in order is left as it is. Keys compare as numbers do, and
 * a NaN key (no order) leaves the work to Array.prototype.sort with the same comparison as before.
 */
export function reorder<T>(list: T[], keys: number[]): void {
  const n = list.length;
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) if (!(keys[i - 1] <= keys[i])) sorted = false;
  if (sorted) return;
  for (let i = 0; i < n; i++)
    if (Number.isNaN(keys[i])) {
      const order = Array.from({ length: n }, (_, k) => k).sort((a, b) => keys[a] - keys[b]);
      const copy = list.slice();
      for (let k = 0; k < n; k++) list[k] = copy[order[k]];
      return;
    }
  let from = new Int32Array(n);
  let to = new Int32Array(n);
  for (let i = 0; i < n; i++) from[i] = i;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let a = lo;
      let b = mid;
      let k = lo;
      // Taking from the left run on ties keeps the sort stable (Infinity against Infinity is a tie).
      while (a < mid && b < hi) to[k++] = keys[from[b]] < keys[from[a]] ? from[b++] : from[a++];
      while (a < mid) to[k++] = from[a++];
      while (b < hi) to[k++] = from[b++];
    }
    const swap = from;
    from = to;
    to = swap;
  }
  const copy = list.slice();
  for (let k = 0; k < n; k++) list[k] = copy[from[k]];
}

/** The original form: `persons` households of one with no history, the cohort drawn per person if not given. */
function oldForm(ctx: Setup, group: CompiledInitialGroup, i: number): void {
  const { chain, cases, run, placed } = ctx;
  for (let j = 0; j < group.persons; j++) {
    const c = cases.alloc();
    const rng = cases.streamFor(c).resetToSubstream(run.seed, run.replication, INITIAL_STREAM_BASE + i, j);
    let cohort = group.cohort;
    if (cohort < 0) cohort = pick(chain.cohortPersonCumulative[group.kind], rng.uniform());
    fill(cases, c, INITIAL_STREAM_BASE + i, j, group.kind, cohort, group.track, 1, group.granted);
    cases.children[c] = rng.uniform() < chain.cohorts[cohort].childShare ? 1 : 0;
    placed.push(noHistory(c, group.stage));
  }
}

/** A group with history fields: its persons split into households, each drawing its cohort, track and ages. */
function households(ctx: Setup, group: CompiledInitialGroup, i: number): void {
  const { chain, cases, run, placed } = ctx;
  const h = group.history!;
  const abroad = chain.stages[group.stage].abroad;
  let left = group.persons;
  for (let j = 0; left > 0; j++) {
    const c = cases.alloc();
    const rng = cases.streamFor(c).resetToSubstream(run.seed, run.replication, INITIAL_STREAM_BASE + i, j);
    let cohort = group.cohort;
    if (h.cohortCumulative !== null) cohort = pick(h.cohortCumulative, rng.uniform());
    else if (cohort < 0) cohort = pick(chain.cohortPersonCumulative[group.kind], rng.uniform());
    const persons = Math.min(h.householdSizes[pick(h.householdCumulative, rng.uniform())], left);
    left -= persons;
    const children = sampleBinomial(rng, persons, chain.cohorts[cohort].childShare);
    const track = h.trackCumulative !== null ? pick(h.trackCumulative, rng.uniform()) : group.track;
    fill(cases, c, INITIAL_STREAM_BASE + i, j, group.kind, cohort, track, persons, group.granted);
    cases.children[c] = children;
    let arrival = Number.NaN;
    let entered = 0;
    if (h.sinceArrival !== null) {
      const age = checkedAge(h.sinceArrival(rng), run.replication, i, 'sinceArrival');
      arrival = -age;
      if (h.sinceStageEntry !== null)
        entered = -Math.min(age, checkedAge(h.sinceStageEntry(rng), run.replication, i, 'sinceStageEntry'));
      else if (h.enteredAtArrival) entered = arrival;
    }
    const sponsorHoused = abroad && h.sponsorHousedShare > 0 && rng.uniform() < h.sponsorHousedShare;
    placed.push({
      c,
      stage: group.stage,
      history: h.sinceArrival !== null,
      arrival,
      entered,
      started: Number.NaN,
      clocks: null,
      sponsorHoused,
      location: -1,
    });
  }
}

function checkedAge(days: number, replication: number, i: number, field: string): number {
  if (!(days >= 0 && days < Infinity))
    throw impossibleDraw(replication, `initialState[${i}].age.${field}`, `the age of an initial case`, days, 0);
  return days;
}

function noHistory(c: number, stage: number): Placed {
  return {
    c,
    stage,
    history: false,
    arrival: Number.NaN,
    entered: 0,
    started: Number.NaN,
    clocks: null,
    sponsorHoused: false,
    location: -1,
  };
}

/** A new slot on the case's own sub-stream (`stream`, `index`), with its fields. */
function setUp(
  cases: CaseTable,
  run: { seed: number; replication: number },
  stream: number,
  index: number,
  spec: { kind: number; cohort: number; track: number; persons: number; granted: boolean },
): number {
  const c = cases.alloc();
  cases.streamFor(c).resetToSubstream(run.seed, run.replication, stream, index);
  fill(cases, c, stream, index, spec.kind, spec.cohort, spec.track, spec.persons, spec.granted);
  return c;
}

/** The fields of a new case (given one by one: this runs once per initial household). */
function fill(
  cases: CaseTable,
  c: number,
  stream: number,
  index: number,
  kind: number,
  cohort: number,
  track: number,
  persons: number,
  granted: boolean,
): void {
  cases.kind[c] = kind;
  cases.cohort[c] = cohort;
  cases.track[c] = track;
  cases.persons[c] = persons;
  cases.key[c] = stream * TWO_POW_32 + index;
  cases.stream[c] = stream;
  cases.index[c] = index;
  cases.granted[c] = granted ? 1 : 0;
}

/** The case's fields at time 0 and its norm clocks from its history: explicit starts, arrival, stage events. */
function startClocks(chain: CompiledChain, cases: CaseTable, p: Placed, norms: NormClocks): void {
  const c = p.c;
  const abroad = chain.stages[p.stage].abroad;
  // A case with a history counts in lead times from its arrival; an open application abroad from its arrival in
  // the country (set when it lands).
  cases.initial[c] = p.history || abroad ? 0 : 1;
  cases.arrival[c] = abroad ? Number.NaN : p.history ? p.arrival : 0;
  cases.loopFrom[c] = -Infinity;
  cases.moves[c] = 0;
  cases.outcome[c] = -1;
  cases.location[c] = NO_LOCATION;
  norms.resetCase(c);
  if (p.clocks !== null)
    for (let n = 0; n < p.clocks.length; n++) if (!Number.isNaN(p.clocks[n])) norms.startAt(c, n, p.clocks[n]);
  if (p.history && !abroad) norms.arrive(c, p.arrival);
  if (p.history) norms.stageEvent(c, p.stage, EVENT_ENTER, p.entered);
  if (!Number.isNaN(p.started)) norms.stageEvent(c, p.stage, EVENT_START, p.started);
}

/** Puts one case in its stage at time 0 (its clocks started already). */
function place(chain: CompiledChain, cases: CaseTable, p: Placed, parts: InitialParts): void {
  const { stages, recorder, trace, nareis } = parts;
  const c = p.c;
  const granted = cases.granted[c] === 1;
  if (chain.stages[p.stage].abroad) nareis!.openAtStart(c, p.sponsorHoused);
  else recorder.initial(granted, cases.persons[c]);
  if (trace !== null) trace.emit(c, 'initial', 'complete', 0, -1, granted ? 'grant' : '');
  if (!Number.isNaN(p.started)) {
    stages.resumeService(c, p.stage, p.entered, p.started);
    return;
  }
  stages.enter(c, p.stage, 0);
  // The case has waited at its stage since it entered (its stage lead time counts from then).
  if (p.history && cases.stage[c] === p.stage) cases.enter[c] = p.entered;
}
