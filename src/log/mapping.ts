// The mapping from a partner's export to the canonical case event (src/log/event.ts). For a CSV file: which
// column holds which field, the timestamp format and which columns are identifiers to pseudonymise; for every
// format (CSV, XES, OCEL): activity renames, lifecycle values, a constant partner and the time zone of
// timestamps without a UTC offset. Also the CSV timestamp readers (timestamp.ts does the work). docs/event-log.md
// describes the file.
import { z } from 'zod';
import { InputError } from '../core/diagnostics.ts';
import { zodIssuesToDiagnostics } from '../core/yaml-source.ts';
import { loadYamlFile } from '../core/read-file.ts';
import { CANONICAL_COLUMNS, EVENT_ATTRIBUTES, LIFECYCLES, type EventAttribute, type Lifecycle } from './event.ts';
import {
  DEFAULT_TIME_ZONE,
  findTimeZone,
  MAX_YEAR,
  MIN_YEAR,
  parseEpochMs as parseEpochMsIn,
  parseTimestamp,
  timeZone,
  timeZoneProblem,
} from './timestamp.ts';

export { parsedOffset, parseProblem } from './timestamp.ts';

export const TIMESTAMP_FORMATS = ['iso', 'amsterdam-local', 'epoch-ms'] as const;
export type TimestampFormat = (typeof TIMESTAMP_FORMATS)[number];
export const IDENTIFIER_FIELDS = ['eventId', 'caseId', 'personId'] as const;
export type IdentifierField = (typeof IDENTIFIER_FIELDS)[number];

const columnName = z.string().min(1, 'give the column name as it appears in the CSV header');

const MappingSchema = z.strictObject({
  columns: z
    .strictObject({
      eventId: columnName.optional(),
      caseId: columnName,
      personId: columnName.optional(),
      activity: columnName,
      lifecycle: columnName.optional(),
      timestamp: columnName,
      partner: columnName.optional(),
      persons: columnName.optional(),
      children: columnName.optional(),
      attributes: z
        .strictObject(
          Object.fromEntries(EVENT_ATTRIBUTES.map((a) => [a, columnName.optional()])) as Record<
            EventAttribute,
            z.ZodOptional<z.ZodString>
          >,
        )
        .optional(),
    })
    .optional(),
  partner: z.string().min(1).optional(),
  activities: z.record(z.string(), z.string().min(1)).optional(),
  lifecycles: z.record(z.string(), z.enum(LIFECYCLES as [Lifecycle, ...Lifecycle[]])).optional(),
  timestamp: z
    .strictObject({
      format: z.enum(TIMESTAMP_FORMATS).optional(),
      timezone: z.string().min(1, 'give an IANA time zone, e.g. Europe/Amsterdam').optional(),
    })
    .optional(),
  pseudonymise: z.array(z.enum(IDENTIFIER_FIELDS)).optional(),
});

/** The CaseEvent fields that a mapping can take from a CSV column. */
export type MappedField =
  | 'eventId'
  | 'caseId'
  | 'personId'
  | 'activity'
  | 'lifecycle'
  | 'timestamp'
  | 'partner'
  | 'persons'
  | 'children'
  | EventAttribute;

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
  /**
   * The IANA zone of timestamps without a UTC offset: the mapping file's timestamp.timezone (undefined when it
   * names none), replaced by the zone in force when a log is read (--timezone, else this, else Europe/Amsterdam).
   */
  timeZone: string | undefined;
  pseudonymise: ReadonlySet<IdentifierField>;
  /** Position of a field in the mapping file, for errors about a missing column. */
  locate(field: string): { line: number; col: number };
  /** Where the file has `columns:` and `timestamp.format`, which apply to CSV input only; undefined when absent. */
  csvOnly: { columns?: { line: number; col: number }; format?: { line: number; col: number } };
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
    timeZone: undefined,
    pseudonymise: new Set(pseudonymise ? IDENTIFIER_FIELDS : []),
    locate: () => ({ line: 1, col: 1 }),
    csvOnly: {},
  };
}

/** Reads and checks a mapping file; every problem is a located diagnostic (InputError). */
export function loadMapping(file: string, forcePseudonymise = false): Mapping {
  const doc = loadYamlFile(file);
  const parsed = MappingSchema.safeParse(doc.value);
  if (!parsed.success) throw new InputError(zodIssuesToDiagnostics(parsed.error.issues, doc, MappingSchema));
  const m = parsed.data;
  const columns: Mapping['columns'] =
    m.columns === undefined
      ? {}
      : {
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
  const fail = (path: string[], message: string): never => {
    const at = doc.locate(path);
    throw new InputError([{ file, line: at.line, col: at.col, path: path.join('.'), message }]);
  };
  if (m.partner !== undefined && m.columns?.partner !== undefined) {
    const at = doc.locateKey(['partner']);
    throw new InputError([
      {
        file,
        line: at.line,
        col: at.col,
        path: 'partner',
        message: 'give either a constant partner or columns.partner, not both',
      },
    ]);
  }
  const zoneName = m.timestamp?.timezone;
  let timeZoneName: string | undefined;
  if (zoneName !== undefined) {
    const problem = timeZoneProblem(zoneName);
    if (problem !== undefined) fail(['timestamp', 'timezone'], problem);
    timeZoneName = findTimeZone(zoneName)!.name;
    if (m.timestamp?.format === 'amsterdam-local' && timeZoneName !== AMSTERDAM) {
      fail(
        ['timestamp', 'timezone'],
        `format amsterdam-local reads Amsterdam clocks; for local times in ${timeZoneName} write format: iso (which reads times without an offset in timestamp.timezone)`,
      );
    }
  }
  return {
    file,
    columns,
    required: new Set(Object.keys(columns).filter((k) => columns[k as keyof Mapping['columns']] !== undefined)),
    partner: m.partner ?? '',
    activities: new Map(Object.entries(m.activities ?? {})),
    lifecycles: new Map<string, Lifecycle>([
      ...LIFECYCLES.map((l): [string, Lifecycle] => [l, l]),
      ...Object.entries(m.lifecycles ?? {}),
    ]),
    timestampFormat: m.timestamp?.format ?? 'iso',
    timeZone: m.timestamp?.format === 'amsterdam-local' ? AMSTERDAM : timeZoneName,
    pseudonymise: new Set(forcePseudonymise ? IDENTIFIER_FIELDS : (m.pseudonymise ?? [])),
    locate: (field) => {
      const path = (EVENT_ATTRIBUTES as readonly string[]).includes(field)
        ? ['columns', 'attributes', field]
        : ['columns', field];
      return doc.locate(path);
    },
    csvOnly: {
      columns: m.columns === undefined ? undefined : doc.locateKey(['columns']),
      format: m.timestamp?.format === undefined ? undefined : doc.locateKey(['timestamp', 'format']),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// CSV timestamps. Each reader returns the instant in ms and sets `parsedOffset` (minutes), or returns NaN and
// sets `parseProblem` (timestamp.ts).

const AMSTERDAM = 'Europe/Amsterdam';

/** ISO 8601 with `Z` or a `±HH:MM` offset, e.g. `2025-03-30T03:15:00+02:00`; a time without an offset is refused. */
export function parseIsoWithOffset(s: string): number {
  return parseTimestamp(s, undefined);
}

/**
 * `YYYY-MM-DD HH:mm[:ss]` on Amsterdam clocks (the time-zone database's Europe/Amsterdam). A clock time in the
 * hour skipped when summer time starts does not exist (NaN); one in the hour repeated when it ends is read as
 * its first occurrence (summer time).
 */
export function parseAmsterdamLocal(s: string): number {
  return parseTimestamp(s, timeZone(AMSTERDAM));
}

/** The Europe/Amsterdam offset (minutes) at an instant. */
export function amsterdamOffsetAt(timeMs: number): number {
  return timeZone(AMSTERDAM).offsetAt(timeMs);
}

/** Milliseconds since the epoch as a whole number; the offset recorded is Amsterdam's at that instant. */
export function parseEpochMs(s: string): number {
  return parseEpochMsIn(s, timeZone(AMSTERDAM));
}

/**
 * The reader of a CSV timestamp format. `zone` (an IANA name, default Europe/Amsterdam) reads `iso` times
 * without an offset and gives `epoch-ms` times their offset; `amsterdam-local` always reads Amsterdam clocks.
 */
export function timestampParser(format: TimestampFormat, zone: string = DEFAULT_TIME_ZONE): (s: string) => number {
  if (format === 'amsterdam-local') return parseAmsterdamLocal;
  const tz = timeZone(zone);
  return format === 'iso' ? (s) => parseTimestamp(s, tz) : (s) => parseEpochMsIn(s, tz);
}

const YEARS = `years ${MIN_YEAR}–${MAX_YEAR}`;

export const TIMESTAMP_FORMAT_HINT: Record<TimestampFormat, string> = {
  iso: `ISO 8601, e.g. 2025-03-30T03:15:00+02:00, or without an offset (read in the time zone) 2025-03-30 03:15; ${YEARS}`,
  'amsterdam-local': `YYYY-MM-DD HH:mm[:ss] on Amsterdam clocks, e.g. 2025-03-30 03:15 (not in the hour skipped when summer time starts); ${YEARS}`,
  'epoch-ms': `milliseconds since 1970-01-01T00:00:00Z, e.g. 1743297300000; ${YEARS}`,
};
