// What every event-log import shares once a record has been read, whatever the format (CSV, XES, OCEL): each
// record ends as exactly one of accepted (handed on in batches), rejected (with its line and a reason) or
// duplicate (same event id as an earlier event); accepted events earlier than an already accepted event of the
// same case are counted as out of order; strict mode stops at the first problem with a located InputError.
// Also the check of the household counts (persons, children) that every reader applies, and the check that an
// import accepted enough of its records to be worth writing (acceptedShareCheck), with the rejects counted by kind.
import { InputError } from '../core/diagnostics.ts';
import type { CaseEvent } from './event.ts';

export interface ImportReject {
  /** 1-based line: CSV, where the record starts; XES and OCEL XML, the <event>; OCEL JSON, the bad element (the event for a duplicate). */
  line: number;
  kind: 'rejected' | 'duplicate';
  /** Why; names the column or element, never a raw identifier. */
  reason: string;
}

export interface ImportSummary {
  /** Records read (CSV: rows after the header, blank lines not counted) = accepted + rejected + duplicates. */
  dataRows: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** Accepted events earlier than an earlier accepted event of the same case. */
  outOfOrder: number;
  /** The first few lines of out-of-order events. */
  outOfOrderLines: number[];
  blankLines: number;
  /** The IANA time zone in which timestamps without a UTC offset were read (set by readEventLog). */
  timeZone?: string;
}

/** How many out-of-order line numbers the summary keeps. */
export const KEEP_LINES = 10;

/**
 * A set of 64-bit string hashes (two 32-bit FNV-1a variants) in open addressing over a Uint32Array: about
 * 16 bytes per id instead of a string per id. Two distinct ids collide with probability 2^-64 per pair
 * (for 10 million ids, about 3·10^-6 that any pair does), which would count one event as a duplicate.
 */
export class HashSet64 {
  private table: Uint32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 16;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.table = new Uint32Array(cap * 2);
    this.mask = cap - 1;
  }

  /** Adds the string; false when it was present already. */
  add(s: string): boolean {
    let h1 = 0x811c9dc5;
    let h2 = 0x01000193 ^ s.length;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 0x01000193);
      h2 = Math.imul(h2 ^ c, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    h1 = (h1 ^ (h1 >>> 16)) >>> 0;
    h2 = (h2 | 1) >>> 0; // never 0: 0 marks an empty slot
    if ((this.size + 1) * 2 > this.mask + 1) this.grow();
    return this.insert(h1, h2);
  }

  private insert(h1: number, h2: number): boolean {
    const t = this.table;
    let i = h1 & this.mask;
    while (true) {
      const k = t[2 * i + 1];
      if (k === 0) {
        t[2 * i] = h1;
        t[2 * i + 1] = h2;
        this.size++;
        return true;
      }
      if (k === h2 && t[2 * i] === h1) return false;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.table;
    this.table = new Uint32Array(old.length * 2);
    this.mask = (this.mask << 1) | 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) if (old[i + 1] !== 0) this.insert(old[i], old[i + 1]);
  }
}

export interface EventIntakeOptions {
  /** Stop at the first rejected or duplicate record with an InputError located in `file`. */
  strict?: boolean;
  /** Events per batch handed to onEvents (default 8192). */
  batchSize?: number;
  /**
   * Receives accepted events in file order, and for each the index of its case: 0, 1, 2 … in the order in which
   * the cases first appear (a reader that keeps cases as columns needs no map of its own).
   */
  onEvents(batch: CaseEvent[], cases: Int32Array): void | Promise<void>;
  onReject?(reject: ImportReject): void;
  /** What one record is called in the strict-mode message (default 'row'). */
  unit?: 'row' | 'event';
  /** The line of the record `at` that `accept` was given (default: `at` is the line); used for the out-of-order lines only. */
  lineOf?(at: number): number;
}

/** Where every record of an import ends: see the file comment. One instance per imported file. */
export class EventIntake {
  readonly summary: ImportSummary = {
    dataRows: 0,
    accepted: 0,
    rejected: 0,
    duplicates: 0,
    outOfOrder: 0,
    outOfOrderLines: [],
    blankLines: 0,
  };
  private readonly file: string;
  private readonly options: EventIntakeOptions;
  private readonly batchSize: number;
  private readonly seen = new HashSet64();
  /** Case pseudonym → dense case index; the latest time seen of each case, by index. */
  private readonly caseIndex = new Map<string, number>();
  private lastTimes = new Float64Array(1 << 12);
  private batch: CaseEvent[] = [];
  private batchCases = new Int32Array(1 << 13);

  constructor(file: string, options: EventIntakeOptions) {
    this.file = file;
    this.options = options;
    this.batchSize = Math.max(1, options.batchSize ?? 8192);
  }

  /** A record that cannot become an event: counted and reported, or (strict) thrown as a located InputError. */
  reject(line: number, col: number, reason: string): void {
    this.problem(line, col, 'rejected', reason);
  }

  /** A record whose event id an earlier accepted event had; call it when `accept` returned false. */
  duplicate(line: number, col: number, reason: string): void {
    this.problem(line, col, 'duplicate', reason);
  }

  /**
   * Accepts the event (counted, checked for order within its case, queued for onEvents) unless an earlier event
   * had the same id: then nothing is counted and false is returned, for the caller to report with `duplicate`.
   */
  accept(event: CaseEvent, at: number): boolean {
    if (!this.seen.add(event.eventId)) return false;
    const summary = this.summary;
    summary.dataRows++;
    let c = this.caseIndex.get(event.caseId);
    if (c === undefined) {
      c = this.caseIndex.size;
      this.caseIndex.set(event.caseId, c);
      if (c === this.lastTimes.length) {
        const grown = new Float64Array(c * 2);
        grown.set(this.lastTimes);
        this.lastTimes = grown;
      }
      this.lastTimes[c] = event.timeMs;
    } else if (event.timeMs > this.lastTimes[c]) this.lastTimes[c] = event.timeMs;
    else if (event.timeMs < this.lastTimes[c]) {
      summary.outOfOrder++;
      if (summary.outOfOrderLines.length < KEEP_LINES)
        summary.outOfOrderLines.push(this.options.lineOf === undefined ? at : this.options.lineOf(at));
    }
    summary.accepted++;
    const k = this.batch.length;
    if (k === this.batchCases.length) {
      const grown = new Int32Array(k * 2);
      grown.set(this.batchCases);
      this.batchCases = grown;
    }
    this.batchCases[k] = c;
    this.batch.push(event);
    return true;
  }

  /** Whether a full batch is waiting: then `await flush()` before reading on. */
  get batchFull(): boolean {
    return this.batch.length >= this.batchSize;
  }

  /** Hands on the waiting events in batches of batchSize; with `all`, also the last, smaller batch. */
  async flush(all = false): Promise<void> {
    const size = this.batchSize;
    const events = this.batch;
    if (events.length === 0 || (!all && events.length < size)) return;
    const cases = this.batchCases.slice(0, events.length);
    this.batch = [];
    if (events.length <= size) {
      await this.options.onEvents(events, cases);
      return;
    }
    let from = 0;
    for (; from + size <= events.length; from += size)
      await this.options.onEvents(events.slice(from, from + size), cases.subarray(from, from + size));
    if (from === events.length) return;
    if (all) await this.options.onEvents(events.slice(from), cases.subarray(from));
    else {
      this.batch = events.slice(from);
      this.batchCases.set(cases.subarray(from));
    }
  }

  private problem(line: number, col: number, kind: ImportReject['kind'], reason: string): void {
    if (this.options.strict) {
      const unit = this.options.unit ?? 'row';
      throw new InputError([
        {
          file: this.file,
          line,
          col,
          path: '',
          message: `${reason} (stopped: --strict stops at the first bad ${unit}; without it bad ${unit}s go to a rejects file)`,
        },
      ]);
    }
    this.summary.dataRows++;
    if (kind === 'duplicate') this.summary.duplicates++;
    else this.summary.rejected++;
    this.options.onReject?.({ line, kind, reason });
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The accepted share: an import (or a monitor or calibration run) that accepts no record, or fewer than the
// share the user asks for, stops with the rejects counted by kind instead of writing or showing a near-empty log.

/** How many kinds of reason a RejectTally tells apart; further kinds are counted together. */
const MAX_KINDS = 1000;
/** How many kinds the message lists. */
const SHOW_KINDS = 8;

/**
 * Rejects and duplicates counted by the kind of their reason: the reason with quoted values and numbers taken
 * out (`column 6 (Datum): timestamp "…" is not valid` and the same for another row are one kind), with the
 * first line and reason of each. Reasons never hold raw identifiers, so neither does the tally.
 */
export class RejectTally {
  private readonly kinds = new Map<string, { count: number; line: number; reason: string }>();
  private other = 0;

  add(reject: ImportReject): void {
    const key = `${reject.kind}:${reject.reason.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+/g, '#')}`;
    const kind = this.kinds.get(key);
    if (kind !== undefined) kind.count++;
    else if (this.kinds.size < MAX_KINDS) this.kinds.set(key, { count: 1, line: reject.line, reason: reject.reason });
    else this.other++;
  }

  /** One line per kind, most frequent first: `  1,234 × e.g. line 7: reason`. */
  lines(): string[] {
    const n = (x: number): string => x.toLocaleString('en-GB');
    const kinds = [...this.kinds.values()].sort((a, b) => b.count - a.count || a.line - b.line);
    const shown = kinds.slice(0, SHOW_KINDS).map((k) => `${n(k.count).padStart(9)} × e.g. line ${k.line}: ${k.reason}`);
    const rest = kinds.slice(SHOW_KINDS).reduce((sum, k) => sum + k.count, this.other);
    if (rest > 0) shown.push(`${n(rest).padStart(9)} × other kinds`);
    return shown;
  }
}

/**
 * Throws an InputError when the import of `file` accepted too little: by default no record at all; with
 * `minAccepted` (a share from 0 to 1) fewer than that share of its records (0: never). The message counts the
 * rejects by kind (`tally`) and says what to do.
 */
export function acceptedShareCheck(
  file: string,
  summary: ImportSummary,
  tally: RejectTally,
  minAccepted: number | undefined,
  unit: 'row' | 'event',
): void {
  const { accepted, dataRows } = summary;
  if (minAccepted === 0) return;
  if (accepted > 0 && (minAccepted === undefined || accepted >= minAccepted * dataRows)) return;
  const n = (x: number): string => x.toLocaleString('en-GB');
  const units = (x: number): string => `${n(x)} ${unit}${x === 1 ? '' : 's'}`;
  const share = dataRows === 0 ? '' : ` (${((100 * accepted) / dataRows).toFixed(1)}%)`;
  const head =
    dataRows === 0
      ? `${file}: no ${unit} to read: the log has no data ${unit}s`
      : accepted === 0
        ? `${file}: none of its ${units(dataRows)} was accepted`
        : `${file}: ${n(accepted)} of its ${units(dataRows)} were accepted${share}, fewer than --min-accepted ${minAccepted} asks`;
  const kinds = tally.lines();
  const why =
    kinds.length > 0
      ? `\n${n(summary.rejected)} rejected and ${n(summary.duplicates)} duplicate, by kind:\n${kinds.join('\n')}`
      : '';
  throw new InputError(
    `${head}; nothing was written${why}\nfix the log or the mapping (docs/event-log.md), or give --min-accepted <share> (0 to 1; 0 accepts any share)`,
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Household counts: persons ≥ 1, 0 ≤ children ≤ persons, whole numbers of at most 9 digits.

const MAX_COUNT_DIGITS = 9;

/** The decimal digits s[from, to) as a whole number, or -1 when they are not 1 to 9 digits; allocates nothing. */
export function parseCount(s: string, from: number, to: number): number {
  if (to === from + 1) {
    const d = s.charCodeAt(from) - 48;
    return d >= 0 && d <= 9 ? d : -1;
  }
  if (to <= from || to - from > MAX_COUNT_DIGITS) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** A count from its text: `fallback` when absent or empty, -1 when not a whole number (parseCount). */
export function countOf(text: string | undefined, fallback: number): number {
  return text === undefined || text === '' ? fallback : parseCount(text, 0, text.length);
}

/** Whether persons ≥ 1 and 0 ≤ children ≤ persons (-1, parseCount's "not a number", is never valid). */
export function validHousehold(persons: number, children: number): boolean {
  return persons >= 1 && children >= 0 && children <= persons;
}

/** Said instead of a value while identifiers are pseudonymised (any column may hold one). */
export const NOT_SHOWN = 'not shown while identifiers are pseudonymised';

/** A cell value as a reason quotes it: its first 40 characters, or (showValues false) only its length. */
export function shownValue(text: string, showValues: boolean): string {
  return showValues
    ? JSON.stringify(text.slice(0, 40))
    : `(a value of ${text.length} character${text.length === 1 ? '' : 's'}, ${NOT_SHOWN})`;
}

/**
 * Which of the two is wrong and why, for counts that validHousehold refuses: quoting its text, or with
 * `showValues` false (identifiers are pseudonymised, and the column may hold them) giving only its length.
 */
export function householdProblem(
  persons: number,
  personsText: string,
  children: number,
  childrenText: string,
  showValues = true,
): { field: 'persons' | 'children'; reason: string } {
  const quoted = (text: string): string => {
    const tooLong = /^\d+$/.test(text) && text.length > MAX_COUNT_DIGITS ? ` (at most ${MAX_COUNT_DIGITS} digits)` : '';
    return `${shownValue(text, showValues)}${tooLong}`;
  };
  if (persons < 1)
    return { field: 'persons', reason: `persons ${quoted(personsText)} must be a whole number of at least 1` };
  if (children < 0)
    return { field: 'children', reason: `children ${quoted(childrenText)} must be a whole number of at least 0` };
  return {
    field: 'children',
    reason: `children ${quoted(childrenText)} is more than persons${showValues ? ` (${persons})` : ''}`,
  };
}
