// The mapping from a partner's CSV export to the canonical case event (src/log/event.ts): which column holds
// which field, activity renames, lifecycle values, the timestamp format and which columns are identifiers to
// pseudonymise. Also the timestamp readers, including local Europe/Amsterdam clock times converted with the
// EU summer-time rule (no date library). docs/event-log.md describes the file.
import { z } from 'zod';
import { ModelError } from '../model/diagnostics.ts';
import { loadYamlFile, zodIssuesToDiagnostics } from '../model/yaml-source.ts';
import { toDayNumber, weekday } from '../model/calendar.ts';
import { CANONICAL_COLUMNS, EVENT_ATTRIBUTES, LIFECYCLES, type EventAttribute, type Lifecycle } from './event.ts';

export const TIMESTAMP_FORMATS = ['iso', 'amsterdam-local', 'epoch-ms'] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];
export const IDENTIFIER_FIELDS = ['eventId', 'caseId', 'personId'] as const;
export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number];

const columnName = z.string().min(1, 'give the column name as it appears in the CSV header');

const MappingSchema = z.strictObject({
  columns: z.strictObject({
    eventId: columnName.optional(),
    caseId: columnName,
    personId: columnName.optional(),
    activity: columnName,
    lifecycle: columnName.optional(),
    timestamp: columnName,
    partner: columnName.optional(),
    persons: columnName.optional(),
    children: columnName.optional(),
    attributes: z.strictObject(Object.fromEntries(EVENT_ATTRIBUTES.map((a) => [a, columnName.optional()])) as Record<EventAttribute, z.ZodOptional<z.ZodString>>).optional(),
  }),
  partner: z.string().min(1).optional(),
  activities: z.record(z.string(), z.string().min(1)).optional(),
  lifecycles: z.record(z.string(), z.enum(LIFECYCLES as [Lifecycle, ...Lifecycle[]])).optional(),
  timestamp: z.strictObject({ format: z.enum(TIMESTAMP_FORMATS) }).optional(),
  pseudonymise: z.array(z.enum(IDENTIFIER_FIELDS)).optional(),
});

/** The CaseEvent fields that a mapping can take from a CSV column. */
export type MappedField = 'eventId' | 'caseId' | 'personId' | 'activity' | 'lifecycle' | 'timestamp' | 'partner' | 'persons' | 'children' | EventAttribute;

/** How one CSV file maps onto CaseEvent. Column references are header names; `line` locates them in the mapping file. */
export interface Mapping {
  /** The mapping file, or '' for the built-in canonical mapping. */
  file: string;
  /** Canonical field → CSV column name (absent: not in the file). */
  columns: Partial<Record<MappedField, string>>;
  /** Fields that must have a column. */
  required: ReadonlySet<string>;
  /** Constant partner when there is no partner column. */
  partner: string;
  activities: ReadonlyMap<string, string>;
  lifecycles: ReadonlyMap<string, Lifecycle>;
  timestampFormat: TimestampFormat;
  pseudonymise: ReadonlySet<IdentifierField>;
  /** Position of a field in the mapping file, for errors about a missing column. */
  locate(field: string): { line: number; col: number };
}

const CANONICAL_FIELD_OF_COLUMN: Record<(typeof CANONICAL_COLUMNS)[number], keyof Mapping['columns']> = {
  event_id: 'eventId',
  case_id: 'caseId',
  person_id: 'personId',
  activity: 'activity',
  lifecycle: 'lifecycle',
  timestamp: 'timestamp',
  partner: 'partner',
  stage: 'stage',
  track: 'track',
  cohort: 'cohort',
  location: 'location',
  municipality: 'municipality',
  outcome: 'outcome',
  persons: 'persons',
  children: 'children',
};

/** The canonical columns as written by `doorstroom simulate --trace` and the CSV writer; ids are already pseudonyms. */
export function canonicalMapping(pseudonymise = false): Mapping {
  const columns: Mapping['columns'] = {};
  for (const column of CANONICAL_COLUMNS) columns[CANONICAL_FIELD_OF_COLUMN[column]] = column;
  return {
    file: '',
    columns,
    required: new Set(['eventId', 'caseId', 'personId', 'activity', 'lifecycle', 'timestamp']),
    partner: '',
    activities: new Map(),
    lifecycles: new Map(LIFECYCLES.map((l) => [l, l])),
    timestampFormat: 'iso',
    pseudonymise: new Set(pseudonymise ? IDENTIFIER_FIELDS : []),
    locate: () => ({ line: 1, col: 1 }),
  };
}

/** Reads and checks a mapping file; every problem is a located diagnostic (ModelError). */
export function loadMapping(file: string, forcePseudonymise = false): Mapping {
  const doc = loadYamlFile(file);
  const parsed = MappingSchema.safeParse(doc.value);
  if (!parsed.success) throw new ModelError(zodIssuesToDiagnostics(parsed.error.issues, doc, MappingSchema));
  const m = parsed.data;
  const columns: Mapping['columns'] = {
    eventId: m.columns.eventId,
    caseId: m.columns.caseId,
    personId: m.columns.personId,
    activity: m.columns.activity,
    lifecycle: m.columns.lifecycle,
    timestamp: m.columns.timestamp,
    partner: m.columns.partner,
    persons: m.columns.persons,
    children: m.columns.children,
    ...m.columns.attributes,
  };
  if (m.partner !== undefined && m.columns.partner !== undefined) {
    const at = doc.locateKey(['partner']);
    throw new ModelError([{ file, line: at.line, col: at.col, path: 'partner', message: 'give either a constant partner or columns.partner, not both' }]);
  }
  return {
    file,
    columns,
    required: new Set(Object.keys(columns).filter((k) => columns[k as keyof Mapping['columns']] !== undefined)),
    partner: m.partner ?? '',
    activities: new Map(Object.entries(m.activities ?? {})),
    lifecycles: new Map<string, Lifecycle>([...LIFECYCLES.map((l): [string, Lifecycle] => [l, l]), ...Object.entries(m.lifecycles ?? {})]),
    timestampFormat: m.timestamp?.format ?? 'iso',
    pseudonymise: new Set(forcePseudonymise ? IDENTIFIER_FIELDS : (m.pseudonymise ?? [])),
    locate: (field) => {
      const path = (EVENT_ATTRIBUTES as readonly string[]).includes(field) ? ['columns', 'attributes', field] : ['columns', field];
      return doc.locate(path);
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Timestamps. Each reader returns the instant in ms and sets `parsedOffset` (minutes), or returns NaN.

/** The UTC offset (minutes) of the last successful parse; a module variable so the hot path allocates nothing. */
export let parsedOffset = 0;

const MS_PER_DAY = 86_400_000;

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysIn(year: number, month: number): number {
  return month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** ms since the epoch of a wall-clock date-time read as UTC, or NaN; reads `YYYY-MM-DD?HH:mm[:ss[.fff]]` and returns the index after it in `end`. */
let clockEnd = 0;
function wallClockMs(s: string, separator: 'T' | ' '): number {
  if (s.length < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s[10] !== separator || s.charCodeAt(13) !== 58) return NaN;
  const year = digits(s, 0, 4);
  const month = digits(s, 5, 2);
  const day = digits(s, 8, 2);
  const hour = digits(s, 11, 2);
  const minute = digits(s, 14, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let j = i + 1;
      let scale = 100;
      while (j < s.length && s.charCodeAt(j) >= 48 && s.charCodeAt(j) <= 57) {
        ms += (s.charCodeAt(j) - 48) * scale;
        scale /= 10;
        j++;
      }
      if (j === i + 1) return NaN;
      ms = Math.floor(ms);
      i = j;
    }
  }
  clockEnd = i;
  return toDayNumber(year, month - 1, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + ms;
}

/** ISO 8601 with `Z` or a `±HH:MM` offset, e.g. `2025-03-30T03:15:00+02:00`. */
export function parseIsoWithOffset(s: string): number {
  const wall = wallClockMs(s, 'T');
  if (Number.isNaN(wall)) return NaN;
  const i = clockEnd;
  if (i === s.length - 1 && s.charCodeAt(i) === 90) {
    parsedOffset = 0;
    return wall;
  }
  if (i !== s.length - 6 || s.charCodeAt(i + 3) !== 58) return NaN;
  const sign = s.charCodeAt(i) === 43 ? 1 : s.charCodeAt(i) === 45 ? -1 : 0;
  const oh = digits(s, i + 1, 2);
  const om = digits(s, i + 4, 2);
  if (sign === 0 || oh < 0 || oh > 14 || om < 0 || om > 59) return NaN;
  parsedOffset = sign * (oh * 60 + om);
  return wall - parsedOffset * 60_000;
}

const summerCache = new Map<number, [number, number]>();
/** Start and end of summer time of a year as wall-clock ms "read as UTC" for the last Sundays of March and October (00:00). */
function lastSundays(year: number): [number, number] {
  let pair = summerCache.get(year);
  if (pair === undefined) {
    const lastSunday = (month0: number): number => {
      const lastDay = toDayNumber(year, month0 + 1, 0);
      return lastDay - ((weekday(lastDay) + 1) % 7);
    };
    pair = [lastSunday(2) * MS_PER_DAY, lastSunday(9) * MS_PER_DAY];
    summerCache.set(year, pair);
  }
  return pair;
}

const HOUR = 3_600_000;

/**
 * `YYYY-MM-DD HH:mm[:ss]` on Amsterdam clocks. Summer time (UTC+2) from 02:00 local on the last Sunday of March
 * to 03:00 local on the last Sunday of October; otherwise UTC+1. Clock times 02:00–02:59 on the spring-forward
 * day do not exist (NaN); 02:00–02:59 on the fall-back day happen twice and are read as the first (summer time).
 */
export function parseAmsterdamLocal(s: string): number {
  const wall = wallClockMs(s, ' ');
  if (Number.isNaN(wall) || clockEnd !== s.length) return NaN;
  const year = digits(s, 0, 4);
  const [march, october] = lastSundays(year);
  if (wall >= march + 2 * HOUR && wall < march + 3 * HOUR) return NaN;
  parsedOffset = wall >= march + 3 * HOUR && wall < october + 3 * HOUR ? 120 : 60;
  return wall - parsedOffset * 60_000;
}

/** The Europe/Amsterdam offset (minutes) at an instant: UTC+2 from 01:00Z on the last Sunday of March to 01:00Z on the last Sunday of October. */
export function amsterdamOffsetAt(timeMs: number): number {
  const year = new Date(timeMs).getUTCFullYear();
  const [march, october] = lastSundays(year);
  return timeMs >= march + HOUR && timeMs < october + HOUR ? 120 : 60;
}

/** Milliseconds since the epoch as a whole number; the offset recorded is Amsterdam's at that instant. */
export function parseEpochMs(s: string): number {
  if (s.length === 0 || s.length > 16 || !/^-?\d+$/.test(s)) return NaN;
  const t = Number(s);
  parsedOffset = amsterdamOffsetAt(t);
  return t;
}

export function timestampParser(format: TimestampFormat): (s: string) => number {
  return format === 'iso' ? parseIsoWithOffset : format === 'amsterdam-local' ? parseAmsterdamLocal : parseEpochMs;
}

export const TIMESTAMP_FORMAT_HINT: Record<TimestampFormat, string> = {
  iso: 'ISO 8601 with a UTC offset, e.g. 2025-03-30T03:15:00+02:00',
  'amsterdam-local': 'YYYY-MM-DD HH:mm[:ss] on Amsterdam clocks, e.g. 2025-03-30 03:15',
  'epoch-ms': 'milliseconds since 1970-01-01T00:00:00Z, e.g. 1743297300000',
};
