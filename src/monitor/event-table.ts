// A case-event log held as columns of typed arrays, built batch by batch while a log is read, so that ten
// million events fit in a few hundred megabytes: one Float64 time and a handful of small integer codes per
// event, strings only once per distinct value. Times are Amsterdam wall-clock days since 1970-01-01 (the
// recorded local time), the time axis of the chain model and the simulator. Once finished, the table also
// holds every case's events in time order (file order for equal times).
import type { CaseEvent, Lifecycle } from '../log/event.ts';

export const LIFECYCLE_SCHEDULE = 0;
export const LIFECYCLE_START = 1;
export const LIFECYCLE_COMPLETE = 2;
const LIFECYCLE_CODE: Record<Lifecycle, number> = {
  schedule: LIFECYCLE_SCHEDULE,
  start: LIFECYCLE_START,
  complete: LIFECYCLE_COMPLETE,
};

const MS_PER_DAY = 86_400_000;
/** Codes of attribute dictionaries are 16-bit; code 0 is always the empty value. */
const MAX_CODES = 0xffff;

/** Strings ↔ dense codes; code 0 is ''. */
/** A column of the log holds more distinct values than its dictionary keeps: the log's (or its mapping's) fault. */
export class TooManyValuesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TooManyValuesError';
  }
}

export class Dictionary {
  readonly values: string[] = [''];
  private readonly index = new Map<string, number>([['', 0]]);
  private lastValue = '';
  private lastCode = 0;
  readonly name: string;
  private readonly limit: number;

  constructor(name: string, limit = MAX_CODES) {
    this.name = name;
    this.limit = limit;
  }

  /** The code of `value`, adding it when new. */
  code(value: string): number {
    // Empty values are common (no track yet, no outcome), and consecutive events often repeat a value (the
    // same stage, cohort, partner): skip the map then.
    if (value.length === 0) return 0;
    if (value === this.lastValue) return this.lastCode;
    let code = this.index.get(value);
    if (code === undefined) {
      code = this.values.length;
      if (code > this.limit) {
        throw new TooManyValuesError(
          `the log has more than ${this.limit.toLocaleString('en-GB')} distinct values of ${this.name}; is a free-text or identifier column mapped to it?`,
        );
      }
      this.values.push(value);
      this.index.set(value, code);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }

  /** The code of `value`, or -1 when the log never had it. */
  find(value: string): number {
    return this.index.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

export interface EventTable {
  events: number;
  cases: number;
  /** Case pseudonyms by case index. */
  caseIds: string[];
  activities: Dictionary;
  partners: Dictionary;
  tracks: Dictionary;
  cohorts: Dictionary;
  locations: Dictionary;
  municipalities: Dictionary;
  outcomes: Dictionary;
  caseOf: Int32Array;
  activityOf: Uint16Array;
  lifecycleOf: Uint8Array;
  /** Amsterdam wall-clock time in days since 1970-01-01 (recorded local time). */
  timeOf: Float64Array;
  partnerOf: Uint16Array;
  trackOf: Uint16Array;
  cohortOf: Uint16Array;
  locationOf: Uint16Array;
  municipalityOf: Uint16Array;
  outcomeOf: Uint16Array;
  personsOf: Uint16Array;
  childrenOf: Uint16Array;
  /** Event indices grouped by case (case 0 first), each case's events in time order. */
  order: Int32Array;
  /** Events of case c are order[caseStart[c] .. caseStart[c + 1]). */
  caseStart: Int32Array;
  /** Earliest and latest event time (days), NaN for an empty log. */
  firstTime: number;
  lastTime: number;
}

/** Collects events (`add` per batch), then `finish` orders them by case and time. */
export class EventTableBuilder {
  private n = 0;
  private capacity: number;
  private readonly caseIndex = new Map<string | number, number>();
  private readonly caseIds: string[] = [];
  private lastCaseKey: string | number = '';
  private lastCase = -1;
  private readonly activities = new Dictionary('activity');
  private readonly partners = new Dictionary('partner');
  private readonly tracks = new Dictionary('track');
  private readonly cohorts = new Dictionary('cohort');
  private readonly locations = new Dictionary('location');
  private readonly municipalities = new Dictionary('municipality');
  private readonly outcomes = new Dictionary('outcome');
  private caseOf: Int32Array;
  private activityOf: Uint16Array;
  private lifecycleOf: Uint8Array;
  private timeOf: Float64Array;
  private partnerOf: Uint16Array;
  private trackOf: Uint16Array;
  private cohortOf: Uint16Array;
  private locationOf: Uint16Array;
  private municipalityOf: Uint16Array;
  private outcomeOf: Uint16Array;
  private personsOf: Uint16Array;
  private childrenOf: Uint16Array;
  private firstTime = Infinity;
  private lastTime = -Infinity;

  constructor(initialCapacity = 1 << 16) {
    this.capacity = Math.max(16, initialCapacity);
    const c = this.capacity;
    this.caseOf = new Int32Array(c);
    this.activityOf = new Uint16Array(c);
    this.lifecycleOf = new Uint8Array(c);
    this.timeOf = new Float64Array(c);
    this.partnerOf = new Uint16Array(c);
    this.trackOf = new Uint16Array(c);
    this.cohortOf = new Uint16Array(c);
    this.locationOf = new Uint16Array(c);
    this.municipalityOf = new Uint16Array(c);
    this.outcomeOf = new Uint16Array(c);
    this.personsOf = new Uint16Array(c);
    this.childrenOf = new Uint16Array(c);
  }

  get size(): number {
    return this.n;
  }

  /**
   * Adds a batch of events. `cases`, when given, is each event's case index as a log reader numbers them (0, 1,
   * 2 … by first appearance, see EventIntake); a builder is then fed by that one reader only, and keeps no map.
   */
  add(batch: readonly CaseEvent[], cases?: Int32Array): void {
    if (this.n + batch.length > this.capacity) this.grow(this.n + batch.length);
    for (let k = 0; k < batch.length; k++) {
      const e = batch[k];
      const t = (e.timeMs + e.offsetMinutes * 60_000) / MS_PER_DAY;
      let c: number;
      if (cases !== undefined) {
        c = cases[k];
        if (c === this.caseIds.length) this.caseIds.push(e.caseId); // a new case, numbered by the reader
      } else c = this.caseOfKey(e.caseId);
      this.put(
        c,
        e.activity,
        LIFECYCLE_CODE[e.lifecycle],
        t,
        e.partner,
        e.track,
        e.cohort,
        e.location,
        e.municipality,
        e.outcome,
        e.persons,
        e.children,
      );
    }
  }

  /**
   * Adds one event given by its parts, `localDays` on the Amsterdam wall clock (days since 1970-01-01). A case
   * key may be a number (simulated cases) or a pseudonym; the two never meet in one table.
   */
  addRecord(
    caseKey: string | number,
    activity: string,
    lifecycle: number,
    localDays: number,
    partner: string,
    track: string,
    cohort: string,
    location: string,
    municipality: string,
    outcome: string,
    persons: number,
    children: number,
  ): void {
    this.put(
      this.caseOfKey(caseKey),
      activity,
      lifecycle,
      localDays,
      partner,
      track,
      cohort,
      location,
      municipality,
      outcome,
      persons,
      children,
    );
  }

  /** The case index of a key, numbering new keys in order of first appearance. */
  private caseOfKey(caseKey: string | number): number {
    if (caseKey === this.lastCaseKey && this.lastCase >= 0) return this.lastCase;
    let c = this.caseIndex.get(caseKey);
    if (c === undefined) {
      c = this.caseIds.length;
      this.caseIds.push(String(caseKey));
      this.caseIndex.set(caseKey, c);
    }
    this.lastCaseKey = caseKey;
    this.lastCase = c;
    return c;
  }

  private put(
    c: number,
    activity: string,
    lifecycle: number,
    localDays: number,
    partner: string,
    track: string,
    cohort: string,
    location: string,
    municipality: string,
    outcome: string,
    persons: number,
    children: number,
  ): void {
    if (this.n === this.capacity) this.grow(this.n + 1);
    const i = this.n++;
    if (localDays < this.firstTime) this.firstTime = localDays;
    if (localDays > this.lastTime) this.lastTime = localDays;
    this.caseOf[i] = c;
    this.activityOf[i] = this.activities.code(activity);
    this.lifecycleOf[i] = lifecycle;
    this.timeOf[i] = localDays;
    this.partnerOf[i] = this.partners.code(partner);
    this.trackOf[i] = this.tracks.code(track);
    this.cohortOf[i] = this.cohorts.code(cohort);
    this.locationOf[i] = this.locations.code(location);
    this.municipalityOf[i] = this.municipalities.code(municipality);
    this.outcomeOf[i] = this.outcomes.code(outcome);
    this.personsOf[i] = persons > MAX_CODES ? MAX_CODES : persons;
    this.childrenOf[i] = children > MAX_CODES ? MAX_CODES : children;
  }

  private grow(needed: number): void {
    let capacity = this.capacity;
    while (capacity < needed) capacity *= 2;
    const n = this.n;
    const more = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(a: T, make: (c: number) => T): T => {
      const b = make(capacity);
      b.set(a.subarray(0, n));
      return b;
    };
    this.caseOf = more(this.caseOf, (c) => new Int32Array(c));
    this.activityOf = more(this.activityOf, (c) => new Uint16Array(c));
    this.lifecycleOf = more(this.lifecycleOf, (c) => new Uint8Array(c));
    this.timeOf = more(this.timeOf, (c) => new Float64Array(c));
    this.partnerOf = more(this.partnerOf, (c) => new Uint16Array(c));
    this.trackOf = more(this.trackOf, (c) => new Uint16Array(c));
    this.cohortOf = more(this.cohortOf, (c) => new Uint16Array(c));
    this.locationOf = more(this.locationOf, (c) => new Uint16Array(c));
    this.municipalityOf = more(this.municipalityOf, (c) => new Uint16Array(c));
    this.outcomeOf = more(this.outcomeOf, (c) => new Uint16Array(c));
    this.personsOf = more(this.personsOf, (c) => new Uint16Array(c));
    this.childrenOf = more(this.childrenOf, (c) => new Uint16Array(c));
    this.capacity = capacity;
  }

  /** Orders the events by case and time; the builder must not be used afterwards. */
  finish(): EventTable {
    const n = this.n;
    const cases = this.caseIds.length;
    // Counting sort by case keeps file order within a case; then each case's events are sorted by time with an
    // insertion sort, which is linear for the usual, already ordered case and stable for equal times.
    const caseStart = new Int32Array(cases + 1);
    const caseOf = this.caseOf;
    for (let i = 0; i < n; i++) caseStart[caseOf[i] + 1]++;
    for (let c = 0; c < cases; c++) caseStart[c + 1] += caseStart[c];
    const fill = caseStart.slice(0, cases);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[caseOf[i]]++] = i;
    const time = this.timeOf;
    for (let c = 0; c < cases; c++) {
      const a = caseStart[c];
      const b = caseStart[c + 1];
      for (let j = a + 1; j < b; j++) {
        const e = order[j];
        const t = time[e];
        let k = j - 1;
        while (k >= a && time[order[k]] > t) {
          order[k + 1] = order[k];
          k--;
        }
        order[k + 1] = e;
      }
    }
    const cut = <T extends Int32Array | Uint16Array | Uint8Array | Float64Array>(a: T): T => a.subarray(0, n) as T;
    return {
      events: n,
      cases,
      caseIds: this.caseIds,
      activities: this.activities,
      partners: this.partners,
      tracks: this.tracks,
      cohorts: this.cohorts,
      locations: this.locations,
      municipalities: this.municipalities,
      outcomes: this.outcomes,
      caseOf: cut(this.caseOf),
      activityOf: cut(this.activityOf),
      lifecycleOf: cut(this.lifecycleOf),
      timeOf: cut(this.timeOf),
      partnerOf: cut(this.partnerOf),
      trackOf: cut(this.trackOf),
      cohortOf: cut(this.cohortOf),
      locationOf: cut(this.locationOf),
      municipalityOf: cut(this.municipalityOf),
      outcomeOf: cut(this.outcomeOf),
      personsOf: cut(this.personsOf),
      childrenOf: cut(this.childrenOf),
      order,
      caseStart,
      firstTime: n > 0 ? this.firstTime : Number.NaN,
      lastTime: n > 0 ? this.lastTime : Number.NaN,
    };
  }
}

/** Builds a table from events in memory (tests, simulated logs). */
export function eventTable(events: readonly CaseEvent[]): EventTable {
  const builder = new EventTableBuilder(events.length);
  builder.add(events);
  return builder.finish();
}

/**
 * The log as it stood before `day` (days since 1970-01-01): each case keeps its events dated before it, in the
 * same order; the columns are shared, not copied (`events` still counts them all, as a bound for readers). Also
 * counts the events left out and the cases that have none before `day`.
 */
export function eventsBefore(
  table: EventTable,
  day: number,
): { table: EventTable; eventsAfter: number; casesAfter: number } {
  const C = table.cases;
  const order = new Int32Array(table.order.length);
  const caseStart = new Int32Array(C + 1);
  const { timeOf } = table;
  let k = 0;
  let casesAfter = 0;
  let firstTime = Infinity;
  let lastTime = -Infinity;
  for (let c = 0; c < C; c++) {
    caseStart[c] = k;
    const to = table.caseStart[c + 1];
    // A case's events are in time order: those before `day` come first.
    for (let i = table.caseStart[c]; i < to; i++) {
      const e = table.order[i];
      const t = timeOf[e];
      if (!(t < day)) break;
      order[k++] = e;
      if (t < firstTime) firstTime = t;
      if (t > lastTime) lastTime = t;
    }
    if (k === caseStart[c]) casesAfter++;
  }
  caseStart[C] = k;
  return {
    table: {
      ...table,
      order,
      caseStart,
      firstTime: k > 0 ? firstTime : Number.NaN,
      lastTime: k > 0 ? lastTime : Number.NaN,
    },
    eventsAfter: table.order.length - k,
    casesAfter,
  };
}
