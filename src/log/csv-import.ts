// Streaming import of a case-event CSV (RFC 4180) into canonical CaseEvents. The file is read in chunks into
// one reused buffer, so files larger than memory work; a record may span chunks (quoted fields with commas,
// quotes and newlines included). Every data row ends as exactly one of: accepted, rejected (with line and
// reason) or duplicate (same event id as an earlier row); out-of-order events within a case are accepted but
// counted (EventIntake, checks.ts, which the XES and OCEL readers share). The household counts (persons,
// children) are read from the record's text without making strings.
//
// Bounds: a record may have at most CSV_LIMITS.recordChars characters and span at most CSV_LIMITS.recordLines
// lines, so memory stays flat and time linear whatever the file holds. A quote that opens a field which runs
// over several lines and leaves a malformed row (a stray quote, most often) rejects only the line it is on: the
// lines after it are read again as rows. A line longer than the limit, or a NUL byte, stops the import with a
// located error (not a CSV text file).
//
// Privacy: raw values of identifier columns are never quoted in a reason: reasons name line and column only.
// When the mapping pseudonymises identifiers, no message quotes any cell value (nor the header, which may be a
// data row of a file without one): a column holding timestamps in one export may hold V-numbers in another.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import { readFailureMessage } from '../core/read-file.ts';
import { DEFAULT_CHILDREN, DEFAULT_PERSONS, EVENT_ATTRIBUTES, type CaseEvent, type Lifecycle } from './event.ts';
import {
  countOf,
  EventIntake,
  householdProblem,
  NOT_SHOWN,
  parseCount,
  shownValue,
  validHousehold,
  type ImportReject,
  type ImportSummary,
} from './checks.ts';
import {
  canonicalMapping,
  parsedOffset,
  timestampParser,
  TIMESTAMP_FORMAT_HINT,
  type Mapping,
  type MappedField,
} from './mapping.ts';
import type { Pseudonymiser } from './pseudonymise.ts';

// The shared import types, also reachable from here where the CSV import is what a caller uses.
export { HashSet64, KEEP_LINES, type ImportReject, type ImportSummary } from './checks.ts';

/** The bounds of one record (docs/event-log.md): far above any real log, low enough to keep memory flat. */
export const CSV_LIMITS = {
  /** Characters of one record, the line breaks inside its quoted fields included (1 Mi). */
  recordChars: 1 << 20,
  /** Lines one record may span through line breaks inside quoted fields. */
  recordLines: 10_000,
} as const;

export interface ImportOptions {
  /** Column mapping; default the canonical columns (canonicalMapping()). */
  mapping?: Mapping;
  /** Needed when the mapping pseudonymises a field. */
  pseudonymise?: Pseudonymiser;
  /** Stop at the first rejected or duplicate row with an InputError. */
  strict?: boolean;
  /** Bytes per read (default 1 MiB); small values test chunk boundaries. */
  chunkSize?: number;
  /** Events per batch handed to onEvents (default 8192). */
  batchSize?: number;
  /** Other record bounds than CSV_LIMITS (tests). */
  limits?: { recordChars: number; recordLines: number };
  /** Accepted events, and the index of each one's case (0, 1, 2 … by first appearance). */
  onEvents(batch: CaseEvent[], cases: Int32Array): void | Promise<void>;
  onReject?(reject: ImportReject): void;
  /** Bytes of the file read so far, after each chunk: for a progress bar. */
  onBytesRead?(bytes: number): void;
}

// Field slots of a row, in the order of the mapping.
const F_EVENT = 0,
  F_CASE = 1,
  F_PERSON = 2,
  F_ACTIVITY = 3,
  F_LIFECYCLE = 4,
  F_TIME = 5,
  F_PARTNER = 6,
  F_ATTR = 7;
const F_PERSONS = F_ATTR + EVENT_ATTRIBUTES.length,
  F_CHILDREN = F_PERSONS + 1;
const FIELD_NAMES = [
  'eventId',
  'caseId',
  'personId',
  'activity',
  'lifecycle',
  'timestamp',
  'partner',
  ...EVENT_ATTRIBUTES,
  'persons',
  'children',
] as const satisfies readonly MappedField[];
// How splitPlain treats a column: not needed (''), sliced into a string, or a count (only its position is kept).
const SKIP = 0,
  SLICE = 1,
  COUNT = 2;

class RowError {
  col: number;
  reason: string;
  /** The row does not split into the header's fields: it may hold the start of other rows (a stray quote). */
  structural: boolean;
  constructor(col: number, reason: string, structural = false) {
    this.col = col;
    this.reason = reason;
    this.structural = structural;
  }
}

/** Line and column of text[at], where text[from] is at the start of line `line`. */
function positionOf(text: string, from: number, at: number, line: number): { line: number; col: number } {
  let lineStart = from;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) {
    line++;
    lineStart = nl + 1;
  }
  return { line, col: at - lineStart + 1 };
}

/** Where each field of the record text[from, to) starts (a comma outside quotes ends a field). */
function fieldStarts(text: string, from: number, to: number): number[] {
  const starts = [from];
  let inQuotes = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 44 && !inQuotes) starts.push(i + 1);
  }
  return starts;
}

/**
 * A column that the mapping pseudonymises (an identifier) may not be read as another field too: its raw
 * values would be written (as an activity, a partner…) or quoted in a reason. A located error in the mapping.
 */
function checkIdentifierColumns(mapping: Mapping): void {
  const diagnostics: Diagnostic[] = [];
  for (const id of mapping.pseudonymise) {
    const column = mapping.columns[id];
    if (column === undefined) continue;
    for (const field of FIELD_NAMES) {
      if (field === id || mapping.columns[field] !== column || (mapping.pseudonymise as ReadonlySet<string>).has(field))
        continue;
      const at = mapping.locate(field);
      diagnostics.push({
        file: mapping.file,
        line: at.line,
        col: at.col,
        path: `columns.${field}`,
        message: `column "${column}" holds the identifiers of ${id}, which are pseudonymised; read as ${field} too, its raw values would be written: map ${field} to another column`,
      });
    }
  }
  if (diagnostics.length > 0) throw new InputError(diagnostics);
}

/**
 * Reads `file` and hands accepted events to `options.onEvents` in batches; rejects go to `onReject`.
 * Throws InputError for a file that cannot be read, a header that lacks a mapped column or names one twice, a
 * line longer than the limit, a NUL byte, or (strict) the first bad row.
 */
export async function importCsv(file: string, options: ImportOptions): Promise<ImportSummary> {
  const mapping = options.mapping ?? canonicalMapping();
  if (mapping.pseudonymise.size > 0 && options.pseudonymise === undefined)
    throw new Error('importCsv: the mapping pseudonymises fields but no pseudonymiser was given');
  checkIdentifierColumns(mapping);
  const chunkSize = options.chunkSize ?? 1 << 20;
  const maxChars = options.limits?.recordChars ?? CSV_LIMITS.recordChars;
  const maxLines = options.limits?.recordLines ?? CSV_LIMITS.recordLines;
  const parseTime = timestampParser(mapping.timestampFormat, mapping.timeZone);
  const timeHint = TIMESTAMP_FORMAT_HINT[mapping.timestampFormat];
  const pseudo = options.pseudonymise;
  const pseudoEvent = mapping.pseudonymise.has('eventId');
  const pseudoCase = mapping.pseudonymise.has('caseId');
  const pseudoPerson = mapping.pseudonymise.has('personId');
  // Cell values (and header names) are quoted in messages only when nothing is pseudonymised.
  const showValues = mapping.pseudonymise.size === 0;

  const intake = new EventIntake(file, {
    strict: options.strict,
    batchSize: options.batchSize,
    onEvents: options.onEvents,
    onReject: options.onReject,
    unit: 'row',
  });
  const summary = intake.summary;
  const located = (line: number, col: number, message: string): InputError =>
    new InputError([{ file, line, col, path: '', message }]);

  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw located(1, 1, readFailureMessage(error));
  }

  // Column index of each field slot (-1: absent), set from the header.
  const slot = new Int32Array(FIELD_NAMES.length).fill(-1);
  let header: string[] | undefined;
  let wanted = new Uint8Array(0);
  const fields: string[] = [];
  // Start and end (in the record's text) of the count columns of an unquoted record: no string is made for them.
  let countFrom = new Int32Array(0);
  let countTo = new Int32Array(0);

  const colLabel = (k: number): string => `column ${k + 1} (${header![k]})`;

  const readHeader = (text: string, from: number, to: number, line: number): void => {
    header = fields.slice();
    const bom = header.length > 0 && header[0].charCodeAt(0) === 0xfeff;
    if (bom) header[0] = header[0].slice(1);
    const index = new Map<string, number>();
    header.forEach((name, k) => {
      if (!index.has(name)) index.set(name, k);
    });
    const used = new Set<string>();
    for (const field of FIELD_NAMES) {
      const column = mapping.columns[field];
      if (column !== undefined) used.add(column);
    }
    // A name the mapping reads that two columns have: which one is meant cannot be told.
    const diagnostics: Diagnostic[] = [];
    let starts: number[] | undefined;
    header.forEach((name, k) => {
      const first = index.get(name)!;
      if (first === k || !used.has(name)) return;
      starts ??= fieldStarts(text, from, to);
      const at = positionOf(text, from, starts[k], line);
      if (bom && at.line === line) at.col--;
      const fieldsOf = FIELD_NAMES.filter((f) => mapping.columns[f] === name).join(', ');
      diagnostics.push({
        ...at,
        file,
        path: '',
        message: `column ${k + 1}: the header names "${name}" again (first as column ${first + 1}); ${fieldsOf} would be read from it and which column is meant cannot be told: rename or remove one of them`,
      });
    });
    if (diagnostics.length > 0) throw new InputError(diagnostics);
    const missing: string[] = [];
    let found = 0;
    for (let s = 0; s < FIELD_NAMES.length; s++) {
      const column = mapping.columns[FIELD_NAMES[s]];
      if (column === undefined) continue;
      const k = index.get(column);
      if (k !== undefined) {
        slot[s] = k;
        found++;
      } else if (mapping.required.has(FIELD_NAMES[s])) missing.push(FIELD_NAMES[s]);
    }
    if (missing.length > 0) {
      // The names of the header are shown only when no identifier is pseudonymised: without a header row the
      // first line is data.
      const names = showValues
        ? `the header has: ${header.join(', ')}`
        : `the header has ${header.length} column${header.length === 1 ? '' : 's'} (their names are ${NOT_SHOWN})`;
      const noHeader =
        found === 0
          ? `; line ${line} names none of the mapped columns: does the file start with a header row? Add one that names the columns`
          : '';
      if (mapping.file !== '') {
        throw new InputError(
          missing.map((field) => {
            const at = mapping.locate(field);
            return {
              file: mapping.file,
              line: at.line,
              col: at.col,
              path: `columns.${field}`,
              message: `column "${mapping.columns[field as MappedField]}" is not in the header of ${file} (line ${line}); ${names}${noHeader}`,
            };
          }),
        );
      }
      const columns = missing.map((field) => mapping.columns[field as MappedField]);
      throw located(
        line,
        1,
        `the header lacks the canonical column${columns.length === 1 ? '' : 's'} ${columns.join(', ')}; rename the columns or give a mapping file with --mapping (docs/event-log.md)${noHeader}`,
      );
    }
    wanted = new Uint8Array(header.length);
    slot.forEach((k, s) => {
      if (k >= 0) wanted[k] = s === F_PERSONS || s === F_CHILDREN ? COUNT : SLICE;
    });
    countFrom = new Int32Array(header.length);
    countTo = new Int32Array(header.length);
  };

  const countText = (k: number, text: string, quoted: boolean): string =>
    k < 0 ? '' : quoted ? fields[k] : text.slice(countFrom[k], countTo[k]);
  /** A cell value as a reason shows it: quoted (up to 40 characters), or only its length while pseudonymising. */
  const shown = (raw: string): string => shownValue(raw, showValues);

  const rowToEvent = (line: number, text: string, quoted: boolean): CaseEvent | RowError => {
    const h = header!;
    if (fields.length !== h.length)
      return new RowError(
        Math.min(fields.length, h.length) + 1,
        `has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${h.length} (quote fields that contain commas)`,
        true,
      );
    const kCase = slot[F_CASE];
    const rawCase = fields[kCase];
    if (rawCase === '') return new RowError(kCase + 1, `${colLabel(kCase)}: the case id is empty`);
    const kEvent = slot[F_EVENT];
    let eventId: string;
    if (kEvent >= 0) {
      eventId = fields[kEvent];
      if (eventId === '') return new RowError(kEvent + 1, `${colLabel(kEvent)}: the event id is empty`);
      if (pseudoEvent) eventId = pseudo!(eventId);
    } else {
      eventId = `l${line}`;
    }
    const kPerson = slot[F_PERSON];
    let personId: string;
    if (kPerson >= 0) {
      personId = fields[kPerson];
      if (personId === '') return new RowError(kPerson + 1, `${colLabel(kPerson)}: the person id is empty`);
      if (pseudoPerson) personId = pseudo!(personId);
    } else {
      personId = '';
    }
    const caseId = pseudoCase ? pseudo!(rawCase) : rawCase;
    if (kPerson < 0) personId = caseId;
    const kActivity = slot[F_ACTIVITY];
    const rawActivity = fields[kActivity];
    if (rawActivity === '') return new RowError(kActivity + 1, `${colLabel(kActivity)}: the activity is empty`);
    const activity = mapping.activities.size > 0 ? (mapping.activities.get(rawActivity) ?? rawActivity) : rawActivity;
    const kLife = slot[F_LIFECYCLE];
    let lifecycle: Lifecycle = 'complete';
    if (kLife >= 0) {
      const raw = fields[kLife];
      const mapped = mapping.lifecycles.get(raw);
      if (mapped === undefined) {
        return new RowError(
          kLife + 1,
          `${colLabel(kLife)}: unknown lifecycle ${shown(raw)}; expected ${[...mapping.lifecycles.keys()].join(', ')} (map other values under lifecycles: in the mapping file)`,
        );
      }
      lifecycle = mapped;
    }
    const kTime = slot[F_TIME];
    const rawTime = fields[kTime];
    const timeMs = parseTime(rawTime);
    if (Number.isNaN(timeMs)) {
      return new RowError(
        kTime + 1,
        `${colLabel(kTime)}: ${rawTime === '' ? 'the timestamp is empty' : `timestamp ${shown(rawTime)} is not valid`}; expected ${timeHint}`,
      );
    }
    const offsetMinutes = parsedOffset;
    const kPersons = slot[F_PERSONS];
    const kChildren = slot[F_CHILDREN];
    // Digits are read from the record's text in place (from the field's string when the record was quoted).
    let persons = DEFAULT_PERSONS;
    if (kPersons >= 0)
      persons = quoted
        ? countOf(fields[kPersons], DEFAULT_PERSONS)
        : countFrom[kPersons] === countTo[kPersons]
          ? DEFAULT_PERSONS
          : parseCount(text, countFrom[kPersons], countTo[kPersons]);
    let children = DEFAULT_CHILDREN;
    if (kChildren >= 0)
      children = quoted
        ? countOf(fields[kChildren], DEFAULT_CHILDREN)
        : countFrom[kChildren] === countTo[kChildren]
          ? DEFAULT_CHILDREN
          : parseCount(text, countFrom[kChildren], countTo[kChildren]);
    if (!validHousehold(persons, children)) {
      const problem = householdProblem(
        persons,
        countText(kPersons, text, quoted),
        children,
        countText(kChildren, text, quoted),
        showValues,
      );
      const k = problem.field === 'persons' ? kPersons : kChildren;
      return new RowError(k + 1, `${colLabel(k)}: ${problem.reason}`);
    }
    const kPartner = slot[F_PARTNER];
    return {
      eventId,
      caseId,
      personId,
      activity,
      lifecycle,
      timeMs,
      offsetMinutes,
      partner: kPartner >= 0 ? fields[kPartner] : mapping.partner,
      stage: slot[F_ATTR] >= 0 ? fields[slot[F_ATTR]] : '',
      track: slot[F_ATTR + 1] >= 0 ? fields[slot[F_ATTR + 1]] : '',
      cohort: slot[F_ATTR + 2] >= 0 ? fields[slot[F_ATTR + 2]] : '',
      location: slot[F_ATTR + 3] >= 0 ? fields[slot[F_ATTR + 3]] : '',
      municipality: slot[F_ATTR + 4] >= 0 ? fields[slot[F_ATTR + 4]] : '',
      outcome: slot[F_ATTR + 5] >= 0 ? fields[slot[F_ATTR + 5]] : '',
      persons,
      children,
    };
  };

  /**
   * Rejects the record at `line` for a quote at text[quoteAt] whose field ran over lines (`why`); with `resync`
   * the caller reads the record again from its second line. In the header it is an error.
   */
  const rejectStrayQuote = (
    text: string,
    from: number,
    quoteAt: number,
    line: number,
    why: (quote: string) => string,
    resync: boolean,
  ): void => {
    const at = positionOf(text, from, quoteAt, line);
    const quote = `a quote at line ${at.line}, column ${at.col}`;
    if (header === undefined) throw located(at.line, at.col, `the header: ${why(quote)}`);
    const after =
      resync && options.strict !== true ? `: line ${line} is rejected and the lines after it are read as rows` : '';
    intake.reject(line, at.line === line ? at.col : 1, `${why(quote)} (a stray quote?)${after}`);
  };

  /**
   * Handles the complete record text[from, to) starting on `line`; `quoted` when it holds a quote, `spanned` the
   * line breaks inside its quotes and `spanQuote` the offset (from `from`) of the quote whose field first held
   * one. Returns true when the record was rejected as malformed across lines: the caller reads it again from its
   * second line, so that a stray quote costs one row, not the rows it swallowed.
   */
  const record = (
    text: string,
    from: number,
    to: number,
    line: number,
    quoted: boolean,
    spanned: number,
    spanQuote: number,
  ): boolean => {
    if (to > from && text.charCodeAt(to - 1) === 13) to--;
    if (to === from) {
      summary.blankLines++;
      return false;
    }
    const problem = quoted
      ? splitQuoted(text, from, to, fields)
      : splitPlain(text, from, to, fields, header === undefined ? undefined : wanted, countFrom, countTo);
    if (header === undefined) {
      if (problem !== undefined) throw located(line, 1, `header: ${problem}`);
      readHeader(text, from, to, line);
      return false;
    }
    let reason = problem;
    let col = 1;
    let event: CaseEvent | RowError | undefined;
    if (reason === undefined) {
      event = rowToEvent(line, text, quoted);
      if (event instanceof RowError) {
        if (!event.structural || spanned === 0) {
          intake.reject(line, event.col, event.reason);
          return false;
        }
        reason = event.reason;
        col = event.col;
      }
    }
    if (reason !== undefined) {
      if (spanned === 0) {
        intake.reject(line, col, reason);
        return false;
      }
      rejectStrayQuote(
        text,
        from,
        from + spanQuote,
        line,
        (quote) => `${reason}; ${quote} opened a field that ran over ${spanned + 1} lines`,
        true,
      );
      return true;
    }
    if (!intake.accept(event as CaseEvent, line)) {
      const k = slot[F_EVENT];
      intake.duplicate(
        line,
        k + 1,
        k >= 0
          ? `${colLabel(k)}: duplicate event id (an earlier row has the same one); the row was not imported`
          : 'duplicate event id',
      );
    }
    return false;
  };

  const maxCharsText = maxChars.toLocaleString('en-GB');
  const maxLinesText = maxLines.toLocaleString('en-GB');
  /** A record that passes the character bound outside a field that spans lines: not a CSV log (or one line). */
  const lineTooLong = (text: string, from: number, line: number): InputError =>
    located(
      positionOf(text, from, from + maxChars, line).line,
      1,
      `the line has more than ${maxCharsText} characters without a line break; a CSV event log has one row per line (is this a CSV file?)`,
    );

  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let inQuotes = false;
    let recordQuoted = false;
    let scanFrom = 0; // index in carry from which to continue scanning
    let line = 1; // physical line at the record start
    let linesInRecord = 0; // newlines inside quotes of the current record so far
    let openQuote = 0; // offset from the record start of the quote that opened the last quoted field
    let spanQuote = -1; // offset from the record start of the quote whose field first held a newline
    let eof = false;
    let fileBytes = 0;
    while (!eof) {
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, chunkSize, null));
      } catch (error) {
        throw located(line, 1, readFailureMessage(error));
      }
      fileBytes += bytesRead;
      options.onBytesRead?.(fileBytes);
      let text: string;
      if (bytesRead === 0) {
        eof = true;
        text = carry + decoder.end();
      } else {
        const fresh = decoder.write(buffer.subarray(0, bytesRead));
        text = carry + fresh;
        const nul = fresh.indexOf('\0');
        if (nul !== -1) {
          const at = positionOf(text, 0, carry.length + nul, line);
          throw located(
            at.line,
            at.col,
            'a NUL byte: the file is not UTF-8 text (a UTF-16 "Unicode text" export, or not a CSV file at all); save it as CSV UTF-8',
          );
        }
      }
      let start = 0; // record start
      let pos = scanFrom;
      let nextQuote = text.indexOf('"', pos);
      for (;;) {
        if (pos < 0) {
          // Read the record just rejected again from its second line (it holds a line break: spanned > 0).
          start = text.indexOf('\n', start) + 1;
          line++;
          pos = start;
          inQuotes = false;
          recordQuoted = false;
          linesInRecord = 0;
          spanQuote = -1;
          nextQuote = text.indexOf('"', pos);
        }
        if (pos >= text.length) {
          if (!eof || start >= text.length) break; // read on, or done
          // The end of the file inside a record: unquoted, it is the last row; in quotes, a field runs to the end.
          if (inQuotes) {
            const spanned = linesInRecord > 0;
            rejectStrayQuote(
              text,
              start,
              start + (spanned ? spanQuote : openQuote),
              line,
              (quote) => `${quote} opens a field that runs on to the end of the file`,
              spanned,
            );
            if (spanned) {
              pos = -1;
              continue;
            }
          } else if (record(text, start, text.length, line, recordQuoted, linesInRecord, spanQuote)) {
            pos = -1;
            continue;
          }
          start = text.length;
          break;
        }
        // The record may not reach past charEnd. Each bound is checked at its own position in the text, so the
        // outcome does not depend on where the chunks end.
        const charEnd = start + maxChars;
        if (inQuotes) {
          const q = text.indexOf('"', pos);
          const limit = q === -1 ? text.length : q;
          const scanEnd = limit < charEnd ? limit : charEnd;
          let nl = text.indexOf('\n', pos);
          if (nl !== -1 && nl < scanEnd) {
            if (spanQuote < 0) spanQuote = openQuote;
            for (; nl !== -1 && nl < scanEnd; nl = text.indexOf('\n', nl + 1)) {
              if (++linesInRecord >= maxLines) break;
            }
            if (linesInRecord >= maxLines) {
              rejectStrayQuote(
                text,
                start,
                start + spanQuote,
                line,
                (quote) => `${quote} opens a field that runs on for more than ${maxLinesText} lines`,
                true,
              );
              pos = -1;
              continue;
            }
          }
          if (limit > charEnd) {
            if (linesInRecord === 0) throw lineTooLong(text, start, line);
            rejectStrayQuote(
              text,
              start,
              start + spanQuote,
              line,
              (quote) => `${quote} opens a field that runs on for more than ${maxCharsText} characters`,
              true,
            );
            pos = -1;
            continue;
          }
          if (q === -1) {
            pos = text.length;
            continue;
          }
          if (q + 1 >= text.length && !eof) {
            pos = q; // cannot tell "" from " yet: rescan this quote with the next chunk
            break;
          }
          if (text.charCodeAt(q + 1) === 34) pos = q + 2;
          else {
            inQuotes = false;
            pos = q + 1;
          }
          continue;
        }
        const nl = text.indexOf('\n', pos);
        // The next quote is looked up again only once passed: a chunk without quotes is scanned for one once.
        if (nextQuote !== -1 && nextQuote < pos) nextQuote = text.indexOf('"', pos);
        const q = nextQuote;
        if (q !== -1 && (nl === -1 || q < nl)) {
          if (q > charEnd) throw lineTooLong(text, start, line);
          inQuotes = true;
          recordQuoted = true;
          openQuote = q - start;
          pos = q + 1;
          continue;
        }
        if (nl === -1) {
          if (text.length > charEnd) throw lineTooLong(text, start, line);
          pos = text.length;
          continue;
        }
        if (nl > charEnd) throw lineTooLong(text, start, line);
        if (record(text, start, nl, line, recordQuoted, linesInRecord, spanQuote)) {
          pos = -1;
          continue;
        }
        line += 1 + linesInRecord;
        linesInRecord = 0;
        spanQuote = -1;
        recordQuoted = false;
        start = nl + 1;
        pos = start;
        if (intake.batchFull) await intake.flush();
      }
      if (!eof) {
        carry = text.slice(start);
        scanFrom = pos - start;
      }
    }
    await intake.flush(true);
  } finally {
    await handle.close();
  }
  if (header === undefined) throw located(1, 1, 'the file is empty: expected a header row naming the columns');
  return summary;
}

/**
 * Splits an unquoted record at commas into `out`: every column when `wanted` is undefined (the header), else
 * SLICE columns as strings, COUNT columns as '' with their position in countFrom/countTo, the others as ''.
 */
function splitPlain(
  text: string,
  from: number,
  to: number,
  out: string[],
  wanted: Uint8Array | undefined,
  countFrom: Int32Array,
  countTo: Int32Array,
): undefined {
  out.length = 0;
  let k = 0;
  let a = from;
  while (true) {
    let b = text.indexOf(',', a);
    if (b === -1 || b > to) b = to;
    const how = wanted === undefined ? SLICE : k < wanted.length ? wanted[k] : SKIP;
    if (how === COUNT) {
      countFrom[k] = a;
      countTo[k] = b;
    }
    out.push(how === SLICE ? text.slice(a, b) : '');
    k++;
    if (b === to) return undefined;
    a = b + 1;
  }
}

/** Splits a record with quoted fields (RFC 4180: "" inside quotes is a quote); returns a problem or undefined. */
function splitQuoted(text: string, from: number, to: number, out: string[]): string | undefined {
  out.length = 0;
  let i = from;
  while (true) {
    if (text.charCodeAt(i) === 34) {
      let value = '';
      let a = i + 1;
      while (true) {
        const q = text.indexOf('"', a);
        if (q === -1 || q >= to) return `field ${out.length + 1}: a quoted field is not closed`;
        value += text.slice(a, q);
        if (text.charCodeAt(q + 1) === 34 && q + 1 < to) {
          value += '"';
          a = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      out.push(value);
      if (i === to) return undefined;
      if (text.charCodeAt(i) !== 44)
        return `field ${out.length}: text after the closing quote; quote the whole field and double quotes inside it ("")`;
      i++;
      if (i === to) {
        out.push('');
        return undefined;
      }
    } else {
      let b = text.indexOf(',', i);
      if (b === -1 || b > to) b = to;
      const value = text.slice(i, b);
      if (value.includes('"'))
        return `field ${out.length + 1}: a quote inside an unquoted field; quote the whole field and double quotes inside it ("")`;
      out.push(value);
      if (b === to) return undefined;
      i = b + 1;
      if (i === to) {
        out.push('');
        return undefined;
      }
    }
  }
}
