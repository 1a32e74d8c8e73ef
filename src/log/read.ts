// One entry point that reads any supported event log (canonical or mapped CSV, XES, OCEL 2.0 JSON or XML) into
// canonical CaseEvents, in batches, with the same guarantees for every format: each record ends as exactly one
// of accepted, rejected (with its line and reason) or duplicate (same event id as an earlier one, after
// pseudonymisation); out-of-order events within a case are counted with their first lines; strict mode stops
// at the first problem with a located ModelError. The checks themselves are EventIntake (checks.ts), which the
// CSV import uses too. CSV and XES are streamed, OCEL XML is streamed, OCEL JSON is parsed whole.
import { extname } from 'node:path';
import { type Diagnostic, ModelError } from '../model/diagnostics.ts';
import { EventIntake, type ImportSummary } from './checks.ts';
import { importCsv, type ImportOptions } from './csv-import.ts';
import type { CaseEvent } from './event.ts';
import { canonicalMapping, IDENTIFIER_FIELDS, type Mapping } from './mapping.ts';
import { OcelJsonLog, streamOcelXml } from './ocel.ts';
import { readXes } from './xes.ts';

export type EventLogFormat = 'csv' | 'xes' | 'ocel-json' | 'ocel-xml';
export const EVENT_LOG_FORMATS: readonly EventLogFormat[] = ['csv', 'xes', 'ocel-json', 'ocel-xml'];

/** How each format is named in messages. */
export const EVENT_LOG_FORMAT_NAMES: Record<EventLogFormat, string> = { csv: 'CSV', xes: 'XES', 'ocel-json': 'OCEL 2.0 JSON', 'ocel-xml': 'OCEL 2.0 XML' };

const BY_EXTENSION: Readonly<Record<string, EventLogFormat>> = {
  '.csv': 'csv',
  '.xes': 'xes',
  '.jsonocel': 'ocel-json',
  '.json': 'ocel-json',
  '.xmlocel': 'ocel-xml',
  '.xml': 'ocel-xml',
};

/** The extensions, for messages. */
export const EVENT_LOG_EXTENSIONS = '.csv (CSV), .xes (XES), .jsonocel or .json (OCEL 2.0 JSON), .xmlocel or .xml (OCEL 2.0 XML)';

/** The format that the extension of `path` (any case) names, or undefined. */
export function formatOfExtension(path: string): EventLogFormat | undefined {
  return BY_EXTENSION[extname(path).toLowerCase()];
}

/**
 * The format of the event log `path`: `explicit` (a --format value) when given, else by extension. An unknown
 * value or extension is a ModelError naming the file and what is accepted.
 */
export function eventLogFormat(path: string, explicit?: string): EventLogFormat {
  const fail = (message: string): never => {
    throw new ModelError([{ file: path, line: 1, col: 1, path: '', message }]);
  };
  if (explicit !== undefined) {
    if ((EVENT_LOG_FORMATS as readonly string[]).includes(explicit)) return explicit as EventLogFormat;
    return fail(`unknown event-log format ${JSON.stringify(explicit.slice(0, 40))}; --format takes ${EVENT_LOG_FORMATS.join(', ')}`);
  }
  const format = formatOfExtension(path);
  if (format !== undefined) return format;
  const ext = extname(path);
  return fail(`cannot tell the event-log format from ${ext === '' ? 'a name without extension' : `the extension ${ext}`}; name the file ${EVENT_LOG_EXTENSIONS}, or give --format ${EVENT_LOG_FORMATS.join('|')}`);
}

/** The CSV import's options (mapping and pseudonymise as there), for any format. */
export interface ReadEventLogOptions extends Omit<ImportOptions, 'chunkSize'> {
  /** Default: by the file's extension (eventLogFormat). */
  format?: EventLogFormat;
  /** CSV only (mapping): with another format it is an error. Default the canonical columns. */
  mapping?: Mapping;
  /** Pseudonymise the event, case and person ids of every event, whatever the format (like --pseudonymise). */
  pseudonymiseIds?: boolean;
}

const DUPLICATE = 'duplicate event id (an earlier event has the same one); the event was not imported';

/**
 * Reads the event log `file` and hands its accepted events to `options.onEvents` in batches; rejects and
 * duplicates go to `onReject`. Resolves with the counts; throws ModelError for a file that cannot be read or
 * is malformed (XML, JSON, a CSV header), a mapping with a file that is not CSV, or (strict) the first problem.
 */
export async function readEventLog(file: string, options: ReadEventLogOptions): Promise<ImportSummary> {
  const format = options.format ?? eventLogFormat(file);
  const { strict, batchSize, onEvents, onReject } = options;
  if (format === 'csv') {
    let mapping = options.mapping ?? canonicalMapping(options.pseudonymiseIds === true);
    if (options.pseudonymiseIds === true && mapping.pseudonymise.size < IDENTIFIER_FIELDS.length) mapping = { ...mapping, pseudonymise: new Set(IDENTIFIER_FIELDS) };
    return importCsv(file, { mapping, pseudonymise: options.pseudonymise, strict, batchSize, onEvents, onReject });
  }
  if (options.mapping !== undefined) {
    const where = options.mapping.file === '' ? file : options.mapping.file;
    throw new ModelError([{ file: where, line: 1, col: 1, path: '', message: `a mapping file maps the columns of a CSV file; ${file} is ${EVENT_LOG_FORMAT_NAMES[format]}, which needs none` }]);
  }
  const pseudo = options.pseudonymiseIds === true ? options.pseudonymise : undefined;
  if (options.pseudonymiseIds === true && pseudo === undefined) throw new Error('readEventLog: pseudonymiseIds needs a pseudonymiser');
  const json = format === 'ocel-json' ? new OcelJsonLog(file) : undefined;
  const intake = new EventIntake(file, { strict, batchSize, onEvents, onReject, unit: 'event', lineOf: json === undefined ? undefined : (index) => json.eventPosition(index)[0] });

  /** `at` is the line (XES, OCEL XML) or the index in `events` (OCEL JSON). */
  const take = (event: CaseEvent, at: number, col: number): void => {
    if (pseudo !== undefined) {
      event.eventId = pseudo(event.eventId);
      event.caseId = pseudo(event.caseId);
      if (event.personId !== '') event.personId = pseudo(event.personId);
    }
    if (intake.accept(event, at)) return;
    if (json === undefined) intake.duplicate(at, col, DUPLICATE);
    else {
      const [line, c] = json.eventPosition(at);
      intake.duplicate(line, c, `events[${at}].id: ${DUPLICATE}`);
    }
  };
  const reject = (d: Diagnostic): void => intake.reject(d.line, d.col, d.path === '' ? d.message : `${d.path}: ${d.message}`);
  const onChunk = (): Promise<void> | undefined => (intake.batchFull ? intake.flush() : undefined);

  if (json !== undefined) json.read((event, index) => take(event, index, 1), { onReject: reject });
  else if (format === 'xes') await readXes(file, take, { onReject: reject, onChunk });
  else await streamOcelXml(file, take, { onReject: reject, onChunk });
  await intake.flush(true);
  return intake.summary;
}
