// One entry point that reads any supported event log (canonical or mapped CSV, XES — plain or gzip-compressed —,
// OCEL 2.0 JSON or XML) into canonical CaseEvents, in batches, with the same guarantees for every format: each
// record ends as exactly one of accepted, rejected (with its line and reason) or duplicate (same event id as an
// earlier one, after pseudonymisation); out-of-order events within a case are counted with their first lines;
// strict mode stops at the first problem with a located InputError. The checks themselves are EventIntake
// (checks.ts), which the CSV import uses too. CSV and XES are streamed, OCEL XML is streamed, OCEL JSON is
// parsed whole. Timestamps without a UTC offset are read in one stated time zone, which the summary reports.
import { extname } from 'node:path';
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import { EventIntake, type ImportSummary } from './checks.ts';
import { importCsv, type ImportOptions } from './csv-import.ts';
import type { CaseEvent } from './event.ts';
import { canonicalMapping, IDENTIFIER_FIELDS, type IdentifierField, type Mapping } from './mapping.ts';
import { OcelJsonLog, streamOcelXml } from './ocel.ts';
import { DEFAULT_TIME_ZONE, findTimeZone, timeZoneProblem } from './timestamp.ts';
import { defaultRules, type EventRules } from './vocabulary.ts';
import { readXes } from './xes.ts';

export type EventLogFormat = 'csv' | 'xes' | 'ocel-json' | 'ocel-xml';
export const EVENT_LOG_FORMATS: readonly EventLogFormat[] = ['csv', 'xes', 'ocel-json', 'ocel-xml'];

/** How each format is named in messages. */
export const EVENT_LOG_FORMAT_NAMES: Record<EventLogFormat, string> = {
  csv: 'CSV',
  xes: 'XES',
  'ocel-json': 'OCEL 2.0 JSON',
  'ocel-xml': 'OCEL 2.0 XML',
};

const BY_EXTENSION: Readonly<Record<string, EventLogFormat>> = {
  '.csv': 'csv',
  '.xes': 'xes',
  '.jsonocel': 'ocel-json',
  '.json': 'ocel-json',
  '.xmlocel': 'ocel-xml',
  '.xml': 'ocel-xml',
};

/** The extensions, for messages. */
export const EVENT_LOG_EXTENSIONS =
  '.csv (CSV), .xes or .xes.gz (XES), .jsonocel or .json (OCEL 2.0 JSON), .xmlocel or .xml (OCEL 2.0 XML, also .gz)';

/** Whether `path` is named as a gzip-compressed file (`.gz`, any case). */
export function isGzipName(path: string): boolean {
  return path.toLowerCase().endsWith('.gz');
}

/** The format that the extension of `path` (any case; before a final `.gz`) names, or undefined. */
export function formatOfExtension(path: string): EventLogFormat | undefined {
  return BY_EXTENSION[extname(isGzipName(path) ? path.slice(0, -3) : path).toLowerCase()];
}

/**
 * The format of the event log `path`: `explicit` (a --format value) when given, else by extension. An unknown
 * value or extension is an InputError naming the file and what is accepted.
 */
export function eventLogFormat(path: string, explicit?: string): EventLogFormat {
  const fail = (message: string): never => {
    throw new InputError([{ file: path, line: 1, col: 1, path: '', message }]);
  };
  if (explicit !== undefined) {
    if ((EVENT_LOG_FORMATS as readonly string[]).includes(explicit)) return explicit as EventLogFormat;
    return fail(
      `unknown event-log format ${JSON.stringify(explicit.slice(0, 40))}; --format takes ${EVENT_LOG_FORMATS.join(', ')}`,
    );
  }
  const format = formatOfExtension(path);
  if (format !== undefined) return format;
  const ext = extname(path);
  return fail(
    `cannot tell the event-log format from ${ext === '' ? 'a name without extension' : `the extension ${ext}`}; name the file ${EVENT_LOG_EXTENSIONS}, or give --format ${EVENT_LOG_FORMATS.join('|')}`,
  );
}

/** The CSV import's options (mapping and pseudonymise as there), for any format. */
export interface ReadEventLogOptions extends Omit<ImportOptions, 'chunkSize'> {
  /** Default: by the file's extension (eventLogFormat). */
  format?: EventLogFormat;
  /**
   * Default the canonical columns. For CSV the columns, timestamp format, renames, partner, zone and fields to
   * pseudonymise; for XES and OCEL the same without columns and timestamp format (an error there).
   */
  mapping?: Mapping;
  /** Pseudonymise the event, case and person ids of every event, whatever the format (like --pseudonymise). */
  pseudonymiseIds?: boolean;
  /**
   * The IANA time zone of timestamps without a UTC offset (like --timezone); default the mapping's
   * timestamp.timezone, else Europe/Amsterdam. The zone used is in the summary.
   */
  timeZone?: string;
  /** OCEL only (like --case-type): the object type whose objects are the cases. */
  caseType?: string;
}

const DUPLICATE = 'duplicate event id (an earlier event has the same one); the event was not imported';

/** The zone in force: the option (checked; an InputError names it), else the mapping's, else Europe/Amsterdam. */
function resolveTimeZone(options: ReadEventLogOptions): string {
  if (options.timeZone !== undefined) {
    const problem = timeZoneProblem(options.timeZone);
    if (problem !== undefined) throw new InputError(`--timezone ${problem}`);
    const name = findTimeZone(options.timeZone)!.name;
    if (options.mapping?.timestampFormat === 'amsterdam-local' && name !== 'Europe/Amsterdam') {
      throw new InputError(
        `--timezone ${name}: the mapping ${options.mapping.file} reads timestamps with format amsterdam-local, on Amsterdam clocks; for local times in ${name} give it format: iso`,
      );
    }
    return name;
  }
  return options.mapping?.timeZone ?? DEFAULT_TIME_ZONE;
}

/**
 * Reads the event log `file` and hands its accepted events to `options.onEvents` in batches; rejects and
 * duplicates go to `onReject`. Resolves with the counts and the time zone; throws InputError for a file that
 * cannot be read or is malformed (XML, JSON, a CSV header), a mapping that does not fit the format, or (strict)
 * the first problem, and InputError for a time zone or case type that does not fit.
 */
export async function readEventLog(file: string, options: ReadEventLogOptions): Promise<ImportSummary> {
  const format = options.format ?? eventLogFormat(file);
  const { strict, batchSize, onEvents, onReject, onBytesRead } = options;
  const zone = resolveTimeZone(options);
  if (options.caseType !== undefined && format !== 'ocel-json' && format !== 'ocel-xml') {
    throw new InputError(
      `--case-type names the object type of the cases in an OCEL log; ${file} is ${EVENT_LOG_FORMAT_NAMES[format]}, whose cases are given; leave out --case-type`,
    );
  }
  const given = options.mapping;
  const mappingError = (at: { line: number; col: number } | undefined, path: string, message: string): InputError =>
    new InputError([
      {
        file: given === undefined || given.file === '' ? file : given.file,
        line: at?.line ?? 1,
        col: at?.col ?? 1,
        path,
        message,
      },
    ]);
  if (format === 'csv') {
    if (isGzipName(file))
      throw new InputError([
        {
          file,
          line: 1,
          col: 1,
          path: '',
          message: 'a gzip-compressed CSV file is not read directly; decompress it first (gunzip)',
        },
      ]);
    if (given !== undefined && given.file !== '' && given.csvOnly.columns === undefined) {
      throw mappingError(
        undefined,
        'columns',
        `the mapping names no columns:, which a CSV file needs (at least columns.caseId, columns.activity and columns.timestamp); ${file} is CSV`,
      );
    }
    let mapping = { ...(given ?? canonicalMapping(options.pseudonymiseIds === true)), timeZone: zone };
    if (options.pseudonymiseIds === true && mapping.pseudonymise.size < IDENTIFIER_FIELDS.length)
      mapping = { ...mapping, pseudonymise: new Set(IDENTIFIER_FIELDS) };
    const summary = await importCsv(file, {
      mapping,
      pseudonymise: options.pseudonymise,
      strict,
      batchSize,
      onEvents,
      onReject,
      onBytesRead,
    });
    summary.timeZone = zone;
    return summary;
  }
  if (given !== undefined) {
    const name = EVENT_LOG_FORMAT_NAMES[format];
    if (given.csvOnly.columns !== undefined)
      throw mappingError(
        given.csvOnly.columns,
        'columns',
        `columns: map the columns of a CSV file; ${file} is ${name}, whose fields the format names; remove columns: from this mapping (activities, lifecycles, partner and timestamp.timezone apply)`,
      );
    if (given.csvOnly.format !== undefined)
      throw mappingError(
        given.csvOnly.format,
        'timestamp.format',
        `timestamp.format applies to CSV; ${file} is ${name}, whose timestamps are ISO 8601 (xs:dateTime); remove it (timestamp.timezone applies)`,
      );
  }
  const fields: ReadonlySet<IdentifierField> =
    options.pseudonymiseIds === true ? new Set(IDENTIFIER_FIELDS) : (given?.pseudonymise ?? new Set());
  const pseudo = fields.size > 0 ? options.pseudonymise : undefined;
  if (fields.size > 0 && pseudo === undefined)
    throw new Error('readEventLog: pseudonymising ids needs a pseudonymiser');
  const rules: EventRules = defaultRules({
    zone: findTimeZone(zone)!,
    activities: given?.activities ?? new Map(),
    lifecycles: given?.lifecycles ?? new Map(),
    partner: given?.partner ?? '',
    quoteValues: fields.size === 0,
  });
  const json = format === 'ocel-json' ? new OcelJsonLog(file) : undefined;
  const intake = new EventIntake(file, {
    strict,
    batchSize,
    onEvents,
    onReject,
    unit: 'event',
    lineOf: json === undefined ? undefined : (index) => json.eventPosition(index)[0],
  });

  /** `at` is the line (XES, OCEL XML) or the index in `events` (OCEL JSON). */
  const take = (event: CaseEvent, at: number, col: number): void => {
    if (pseudo !== undefined) {
      if (fields.has('eventId')) event.eventId = pseudo(event.eventId);
      if (fields.has('caseId')) event.caseId = pseudo(event.caseId);
      if (fields.has('personId') && event.personId !== '') event.personId = pseudo(event.personId);
    }
    if (intake.accept(event, at)) return;
    if (json === undefined) intake.duplicate(at, col, DUPLICATE);
    else {
      const [line, c] = json.eventPosition(at);
      intake.duplicate(line, c, `events[${at}].id: ${DUPLICATE}`);
    }
  };
  const reject = (d: Diagnostic): void =>
    intake.reject(d.line, d.col, d.path === '' ? d.message : `${d.path}: ${d.message}`);
  const onChunk = (): Promise<void> | undefined => (intake.batchFull ? intake.flush() : undefined);

  if (json !== undefined)
    json.read((event, index) => take(event, index, 1), { onReject: reject, rules, caseType: options.caseType });
  else if (format === 'xes') await readXes(file, take, { onReject: reject, onChunk, rules, onBytesRead });
  else await streamOcelXml(file, take, { onReject: reject, onChunk, rules, caseType: options.caseType, onBytesRead });
  await intake.flush(true);
  const summary = intake.summary;
  summary.timeZone = zone;
  return summary;
}
