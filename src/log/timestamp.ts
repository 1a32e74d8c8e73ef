// Timestamps of case events, for every format: reading ISO 8601 / xs:dateTime text with or without a UTC
// offset, reading local clock times in a stated IANA time zone (through Intl and the time-zone database that
// Node carries, correct across summer-time changes), the range of years doorstroom accepts, and writing an
// instant back as local time with its offset. docs/event-log.md (Timestamps) describes the rules for users.
//
// The readers run for every event, so they allocate nothing: they return the instant in ms (NaN when the text
// is refused) and leave the offset of the last accepted timestamp in `parsedOffset` and the reason for the
// last refused one in `parseProblem`.
import { daysInMonth } from '../core/calendar.ts';
import { suggestSpelling } from '../core/diagnostics.ts';

/** The first and last year of a timestamp that doorstroom reads (the year as written, in local time). */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2199;

/** The zone of timestamps without a UTC offset when neither --timezone nor the mapping file names one. */
export const DEFAULT_TIME_ZONE = 'Europe/Amsterdam';

const MINUTE = 60_000;
const DAY = 86_400_000;
/** The instants of MIN_YEAR-01-01T00:00Z and (MAX_YEAR + 1)-01-01T00:00Z, the bounds of epoch-ms timestamps. */
const MIN_MS = Date.UTC(MIN_YEAR, 0, 1);
const END_MS = Date.UTC(MAX_YEAR + 1, 0, 1);

/**
 * An IANA time zone: UTC offsets at instants, and the instant of a local clock time. Offsets are whole minutes
 * (historical offsets with seconds are rounded). Each UTC day that is asked about costs two look-ups in Intl
 * (a few more on a day the offset changes), after which it is cached.
 */
export class TimeZone {
  /** The zone's canonical name, e.g. `Europe/Amsterdam`. */
  readonly name: string;
  private readonly format: Intl.DateTimeFormat;
  /** UTC day number → [offset] for a day without a change, or [offset before, offset after, instant of the change]. */
  private readonly days = new Map<number, number[]>();

  constructor(format: Intl.DateTimeFormat) {
    this.format = format;
    this.name = format.resolvedOptions().timeZone;
  }

  /** The UTC offset (minutes) in force at instant `ms`. */
  offsetAt(ms: number): number {
    const day = Math.floor(ms / DAY);
    let d = this.days.get(day);
    if (d === undefined) {
      d = this.learnDay(day);
      this.days.set(day, d);
    }
    return d.length === 1 || ms < d[2] ? d[0] : d[1];
  }

  /**
   * The instant at which clocks in this zone show `wall` (ms since 1970 of the clock time read as if UTC), and
   * its offset in `parsedOffset`. A clock time that happens twice (when summer time ends) is its first
   * occurrence, the earlier instant; one that never happens (skipped when summer time starts) is NaN.
   */
  instantOf(wall: number): number {
    const before = this.offsetAt(wall - DAY);
    const after = this.offsetAt(wall + DAY);
    if (before === after) {
      const t = wall - before * MINUTE;
      if (this.offsetAt(t) === before) {
        parsedOffset = before;
        return t;
      }
    }
    let best = Number.NaN;
    for (const offset of [before, after]) {
      const t = wall - offset * MINUTE;
      if (this.offsetAt(t) === offset && !(t >= best)) {
        best = t;
        parsedOffset = offset;
      }
    }
    return best;
  }

  /** The offset in whole minutes at `ms`, from Intl's local clock time at that instant. */
  private exactOffset(ms: number): number {
    const second = Math.floor(ms / 1000) * 1000;
    let year = 1970;
    let month = 1;
    let day = 1;
    let hour = 0;
    let minute = 0;
    let sec = 0;
    for (const part of this.format.formatToParts(second)) {
      const v = Number(part.value);
      switch (part.type) {
        case 'year':
          year = v;
          break;
        case 'month':
          month = v;
          break;
        case 'day':
          day = v;
          break;
        case 'hour':
          hour = v;
          break;
        case 'minute':
          minute = v;
          break;
        case 'second':
          sec = v;
          break;
        default:
          break;
      }
    }
    const wall = Date.UTC(year, month - 1, day, hour, minute, sec);
    return Math.round((wall - second) / MINUTE);
  }

  private learnDay(day: number): number[] {
    const start = day * DAY;
    const end = start + DAY;
    const first = this.exactOffset(start);
    const last = this.exactOffset(end);
    if (first === last) return [first];
    // The change: the first second of the day with the new offset (bisection, about 17 Intl look-ups).
    let lo = start;
    let hi = end;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (this.exactOffset(mid) === first) lo = mid;
      else hi = mid;
    }
    return [first, last, hi];
  }
}

const zones = new Map<string, TimeZone>();

/**
 * The time zone of an IANA name (`Europe/Amsterdam`, `UTC`, `America/New_York`; any case), or undefined when
 * Node's time-zone database does not know it. The same name gives the same (cached) instance.
 */
export function findTimeZone(name: string): TimeZone | undefined {
  let zone = zones.get(name);
  if (zone !== undefined) return zone;
  if (name.trim() === '' || name.length > 64) return undefined;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    return undefined;
  }
  zone = new TimeZone(format);
  zones.set(name, zone);
  return zone;
}

/** The zone of `name`; throws for a name that is not one (callers check user input with findTimeZone first). */
export function timeZone(name: string): TimeZone {
  const zone = findTimeZone(name);
  if (zone === undefined) throw new Error(`unknown time zone ${name}`);
  return zone;
}

/** Why `name` is not a time zone, with the closest known name when there is one; undefined when it is one. */
export function timeZoneProblem(name: string): string | undefined {
  if (findTimeZone(name) !== undefined) return undefined;
  const close = suggestSpelling(name, [...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return `${JSON.stringify(name.slice(0, 64))} is not a time zone of the IANA database${close !== undefined ? `; did you mean ${close}?` : ''} (write e.g. Europe/Amsterdam or UTC)`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** The UTC offset (minutes) of the last timestamp a reader accepted. */
export let parsedOffset = 0;
/** Why the last refused timestamp was refused, worded to follow the value or its field name (no value quoted). */
export let parseProblem = '';

export const PROBLEM_FORMAT = 'is not a date and time such as 2024-03-31T09:30:00+02:00 or 2024-03-31T09:30:00';
export const PROBLEM_NO_SUCH_DAY = 'is not a valid date (no such day)';
export const PROBLEM_TIME = 'is not a valid time of day (hours 00–23, minutes and seconds 00–59)';
export const PROBLEM_OFFSET = 'has an impossible UTC offset (at most 14 hours, minutes 00–59)';
export const PROBLEM_NO_OFFSET = 'has no UTC offset; add one such as +01:00 or Z';
export const PROBLEM_YEAR = `has a year outside ${MIN_YEAR}–${MAX_YEAR}, the years doorstroom reads`;
export const PROBLEM_EPOCH = `is not a whole number of milliseconds since 1970-01-01T00:00:00Z in the years ${MIN_YEAR}–${MAX_YEAR}`;

function gapProblem(zone: TimeZone): string {
  return `is a clock time that does not exist in ${zone.name} (the clocks skip it when summer time starts)`;
}

function fail(problem: string): number {
  parseProblem = problem;
  return Number.NaN;
}

/** `count` decimal digits of `s` from `from`, or -1 when one is not a digit (or is missing). */
function digitsAt(s: string, from: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = s.charCodeAt(from + k) - 48;
    if (!(d >= 0 && d <= 9)) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Matches the start of a date whose year does not have four digits (`0-01-01`, `-0001-01-01`, `10000-01-01`). */
const OTHER_YEAR = /^[+-]?\d+-\d\d-\d\d(?:[Tt ]|$)/;

/**
 * Reads `YYYY-MM-DD(T|t| )HH:MM[:SS[(.|,)fraction]][Z | ±HH:MM | ±HHMM | ±HH]`: ISO 8601 and xs:dateTime as
 * written by process-mining tools, fractions of any length (truncated to milliseconds). Without an offset the
 * clock time is read in `zone`, or refused when there is none. Returns the instant (ms) and sets parsedOffset,
 * or returns NaN and sets parseProblem; years outside MIN_YEAR–MAX_YEAR are refused.
 */
export function parseTimestamp(s: string, zone: TimeZone | undefined): number {
  const n = s.length;
  if (n < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) {
    return fail(OTHER_YEAR.test(s) ? PROBLEM_YEAR : PROBLEM_FORMAT);
  }
  const separator = s.charCodeAt(10);
  if (separator !== 84 && separator !== 116 && separator !== 32) return fail(PROBLEM_FORMAT);
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0) return fail(PROBLEM_FORMAT);
  let p = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(p) === 58) {
    second = digitsAt(s, p + 1, 2);
    if (second < 0) return fail(PROBLEM_FORMAT);
    p += 3;
    const dot = s.charCodeAt(p);
    if (dot === 46 || dot === 44) {
      p++;
      const from = p;
      let scale = 100;
      for (let d = s.charCodeAt(p) - 48; d >= 0 && d <= 9; d = s.charCodeAt(p) - 48) {
        ms += d * scale;
        scale /= 10;
        p++;
      }
      if (p === from) return fail(PROBLEM_FORMAT);
      ms = Math.floor(ms);
    }
  }
  // The zone designator, if any, must end the text.
  let offset = 0;
  let hasOffset = true;
  if (p === n) hasOffset = false;
  else {
    const z = s.charCodeAt(p);
    if ((z === 90 || z === 122) && p === n - 1) offset = 0;
    else if (z === 43 || z === 45) {
      const oh = digitsAt(s, p + 1, 2);
      let om: number;
      if (p + 3 === n)
        om = 0; // ±HH
      else if (p + 6 === n && s.charCodeAt(p + 3) === 58)
        om = digitsAt(s, p + 4, 2); // ±HH:MM
      else if (p + 5 === n)
        om = digitsAt(s, p + 3, 2); // ±HHMM
      else return fail(PROBLEM_FORMAT);
      if (oh < 0 || om < 0) return fail(PROBLEM_FORMAT);
      if (om > 59 || oh * 60 + om > 14 * 60) return fail(PROBLEM_OFFSET);
      offset = (z === 45 ? -1 : 1) * (oh * 60 + om);
    } else return fail(PROBLEM_FORMAT);
  }
  if (year < MIN_YEAR || year > MAX_YEAR) return fail(PROBLEM_YEAR);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) return fail(PROBLEM_NO_SUCH_DAY);
  if (hour > 23 || minute > 59 || second > 59) return fail(PROBLEM_TIME);
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (hasOffset) {
    parsedOffset = offset;
    return wall - offset * MINUTE;
  }
  if (zone === undefined) return fail(PROBLEM_NO_OFFSET);
  const t = zone.instantOf(wall);
  return Number.isNaN(t) ? fail(gapProblem(zone)) : t;
}

/**
 * Milliseconds since 1970-01-01T00:00:00Z as a whole number; the offset recorded is `zone`'s at that instant.
 * Sets parsedOffset, or returns NaN and sets parseProblem.
 */
export function parseEpochMs(s: string, zone: TimeZone): number {
  if (s.length === 0 || s.length > 16 || !/^-?\d+$/.test(s)) return fail(PROBLEM_EPOCH);
  const t = Number(s);
  if (t < MIN_MS || t >= END_MS) return fail(PROBLEM_YEAR);
  parsedOffset = zone.offsetAt(t);
  return t;
}

/**
 * An xs:dateTime of an XES or OCEL file as the instant and its offset, or why it is refused (worded to follow
 * the attribute's name or value; see parseProblem). Without an offset it is read in `zone`.
 */
export function parseDateTime(text: string, zone?: TimeZone): { timeMs: number; offsetMinutes: number } | string {
  const timeMs = parseTimestamp(text, zone);
  return Number.isNaN(timeMs) ? parseProblem : { timeMs, offsetMinutes: parsedOffset };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The instant as local time with its offset, `YYYY-MM-DDTHH:MM:SS.sss±HH:MM` (the inverse of parseDateTime). */
export function formatDateTime(timeMs: number, offsetMinutes: number): string {
  const local = new Date(timeMs + offsetMinutes * MINUTE).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}
