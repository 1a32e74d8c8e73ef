// Streaming import of a case-event CSV (RFC 4180) into canonical CaseEvents. The file is read in chunks into
// one reused buffer, so files larger than memory work; a record may span chunks (quoted fields with commas,
// quotes and newlines included). Every data row ends as exactly one of: accepted, rejected (with line and
// reason) or duplicate (same event id as an earlier row); out-of-order events within a case are accepted but
// counted (EventIntake, checks.ts, which the XES and OCEL readers share). The household counts (persons,
// children) are read from the record's text without making strings. Raw values of identifier columns are never
// quoted in a reason: reasons name line and column only.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { ModelError } from '../model/diagnostics.ts';
import { readFailureMessage } from '../model/yaml-source.ts';
import { DEFAULT_CHILDREN, DEFAULT_PERSONS, EVENT_ATTRIBUTES, type CaseEvent, type Lifecycle } from './event.ts';
import { countOf, EventIntake, householdProblem, parseCount, validHousehold, type ImportReject, type ImportSummary } from './checks.ts';
import { canonicalMapping, parsedOffset, timestampParser, TIMESTAMP_FORMAT_HINT, type Mapping } from './mapping.ts';
import type { Pseudonymiser } from './pseudonymise.ts';

// The shared import types, also reachable from here where the CSV import is what a caller uses.
export { HashSet64, KEEP_LINES, type ImportReject, type ImportSummary } from './checks.ts';

export interface ImportOptions {
  /** Column mapping; default the canonical columns (canonicalMapping()). */
  mapping?: Mapping;
  /** Needed when the mapping pseudonymises a field. */
  pseudonymise?: Pseudonymiser;
  /** Stop at the first rejected or duplicate row with a ModelError. */
  strict?: boolean;
  /** Bytes per read (default 1 MiB); small values test chunk boundaries. */
  chunkSize?: number;
  /** Events per batch handed to onEvents (default 8192). */
  batchSize?: number;
  /** Accepted events, and the index of each one's case (0, 1, 2 … by first appearance). */
  onEvents(batch: CaseEvent[], cases: Int32Array): void | Promise<void>;
  onReject?(reject: ImportReject): void;
}

// Field slots of a row, in the order of the mapping.
const F_EVENT = 0, F_CASE = 1, F_PERSON = 2, F_ACTIVITY = 3, F_LIFECYCLE = 4, F_TIME = 5, F_PARTNER = 6, F_ATTR = 7;
const F_PERSONS = F_ATTR + EVENT_ATTRIBUTES.length, F_CHILDREN = F_PERSONS + 1;
const FIELD_NAMES = ['eventId', 'caseId', 'personId', 'activity', 'lifecycle', 'timestamp', 'partner', ...EVENT_ATTRIBUTES, 'persons', 'children'] as const;
// How splitPlain treats a column: not needed (''), sliced into a string, or a count (only its position is kept).
const SKIP = 0, SLICE = 1, COUNT = 2;

class RowError {
  col: number;
  reason: string;
  constructor(col: number, reason: string) {
    this.col = col;
    this.reason = reason;
  }
}

/**
 * Reads `file` and hands accepted events to `options.onEvents` in batches; rejects go to `onReject`.
 * Throws ModelError for a file that cannot be read, a header that lacks a mapped column, or (strict) the first bad row.
 */
export async function importCsv(file: string, options: ImportOptions): Promise<ImportSummary> {
  const mapping = options.mapping ?? canonicalMapping();
  if (mapping.pseudonymise.size > 0 && options.pseudonymise === undefined) throw new Error('importCsv: the mapping pseudonymises fields but no pseudonymiser was given');
  const chunkSize = options.chunkSize ?? 1 << 20;
  const parseTime = timestampParser(mapping.timestampFormat);
  const timeHint = TIMESTAMP_FORMAT_HINT[mapping.timestampFormat];
  const pseudo = options.pseudonymise;
  const pseudoEvent = mapping.pseudonymise.has('eventId');
  const pseudoCase = mapping.pseudonymise.has('caseId');
  const pseudoPerson = mapping.pseudonymise.has('personId');

  const intake = new EventIntake(file, { strict: options.strict, batchSize: options.batchSize, onEvents: options.onEvents, onReject: options.onReject, unit: 'row' });
  const summary = intake.summary;

  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw new ModelError([{ file, line: 1, col: 1, path: '', message: readFailureMessage(error) }]);
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

  const readHeader = (line: number): void => {
    header = fields.slice();
    if (header.length > 0 && header[0].charCodeAt(0) === 0xfeff) header[0] = header[0].slice(1);
    const index = new Map<string, number>();
    header.forEach((name, k) => {
      if (!index.has(name)) index.set(name, k);
    });
    const missing: string[] = [];
    const diagnostics = [];
    for (let s = 0; s < FIELD_NAMES.length; s++) {
      const column = mapping.columns[FIELD_NAMES[s]];
      if (column === undefined) continue;
      const k = index.get(column);
      if (k !== undefined) slot[s] = k;
      else if (mapping.required.has(FIELD_NAMES[s])) {
        missing.push(column);
        if (mapping.file !== '') {
          const at = mapping.locate(FIELD_NAMES[s]);
          diagnostics.push({ file: mapping.file, line: at.line, col: at.col, path: `columns.${FIELD_NAMES[s]}`, message: `column "${column}" is not in the header of ${file} (line ${line}); the header has: ${header.join(', ')}` });
        }
      }
    }
    if (missing.length > 0) {
      if (diagnostics.length === 0) {
        diagnostics.push({ file, line, col: 1, path: '', message: `the header lacks the canonical column${missing.length === 1 ? '' : 's'} ${missing.join(', ')}; rename the columns or give a mapping file with --mapping (docs/event-log.md)` });
      }
      throw new ModelError(diagnostics);
    }
    wanted = new Uint8Array(header.length);
    slot.forEach((k, s) => {
      if (k >= 0) wanted[k] = s === F_PERSONS || s === F_CHILDREN ? COUNT : SLICE;
    });
    countFrom = new Int32Array(header.length);
    countTo = new Int32Array(header.length);
  };

  const countText = (k: number, text: string, quoted: boolean): string => (k < 0 ? '' : quoted ? fields[k] : text.slice(countFrom[k], countTo[k]));

  const rowToEvent = (line: number, text: string, quoted: boolean): CaseEvent | RowError => {
    const h = header!;
    if (fields.length !== h.length) return new RowError(Math.min(fields.length, h.length) + 1, `has ${fields.length} field${fields.length === 1 ? '' : 's'}; the header has ${h.length} (quote fields that contain commas)`);
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
        return new RowError(kLife + 1, `${colLabel(kLife)}: unknown lifecycle ${JSON.stringify(raw.slice(0, 40))}; expected ${[...mapping.lifecycles.keys()].join(', ')} (map other values under lifecycles: in the mapping file)`);
      }
      lifecycle = mapped;
    }
    const kTime = slot[F_TIME];
    const rawTime = fields[kTime];
    const timeMs = parseTime(rawTime);
    if (Number.isNaN(timeMs)) {
      return new RowError(kTime + 1, `${colLabel(kTime)}: ${rawTime === '' ? 'the timestamp is empty' : `timestamp ${JSON.stringify(rawTime.slice(0, 40))} is not valid`}; expected ${timeHint}`);
    }
    const offsetMinutes = parsedOffset;
    const kPersons = slot[F_PERSONS];
    const kChildren = slot[F_CHILDREN];
    // Digits are read from the record's text in place (from the field's string when the record was quoted).
    let persons = DEFAULT_PERSONS;
    if (kPersons >= 0) persons = quoted ? countOf(fields[kPersons], DEFAULT_PERSONS) : countFrom[kPersons] === countTo[kPersons] ? DEFAULT_PERSONS : parseCount(text, countFrom[kPersons], countTo[kPersons]);
    let children = DEFAULT_CHILDREN;
    if (kChildren >= 0) children = quoted ? countOf(fields[kChildren], DEFAULT_CHILDREN) : countFrom[kChildren] === countTo[kChildren] ? DEFAULT_CHILDREN : parseCount(text, countFrom[kChildren], countTo[kChildren]);
    if (!validHousehold(persons, children)) {
      const problem = householdProblem(persons, countText(kPersons, text, quoted), children, countText(kChildren, text, quoted));
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

  /** Handles the complete record text[from, to) starting on `line`; `quoted` when it holds a quote. */
  const record = (text: string, from: number, to: number, line: number, quoted: boolean): void => {
    if (to > from && text.charCodeAt(to - 1) === 13) to--;
    if (to === from) {
      summary.blankLines++;
      return;
    }
    const problem = quoted ? splitQuoted(text, from, to, fields) : splitPlain(text, from, to, fields, header === undefined ? undefined : wanted, countFrom, countTo);
    if (header === undefined) {
      if (problem !== undefined) throw new ModelError([{ file, line, col: 1, path: '', message: `header: ${problem}` }]);
      readHeader(line);
      return;
    }
    if (problem !== undefined) {
      intake.reject(line, 1, problem);
      return;
    }
    const event = rowToEvent(line, text, quoted);
    if (event instanceof RowError) {
      intake.reject(line, event.col, event.reason);
      return;
    }
    if (!intake.accept(event, line)) {
      const k = slot[F_EVENT];
      intake.duplicate(line, k + 1, k >= 0 ? `${colLabel(k)}: duplicate event id (an earlier row has the same one); the row was not imported` : 'duplicate event id');
    }
  };

  try {
    const buffer = Buffer.allocUnsafe(chunkSize);
    const decoder = new StringDecoder('utf8');
    let carry = '';
    let inQuotes = false;
    let recordQuoted = false;
    let scanFrom = 0; // index in carry from which to continue scanning
    let line = 1; // physical line at the record start
    let linesInRecord = 0; // newlines inside quotes of the current record so far
    let eof = false;
    while (!eof) {
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
      let text: string;
      if (bytesRead === 0) {
        eof = true;
        text = carry + decoder.end();
      } else {
        text = carry + decoder.write(buffer.subarray(0, bytesRead));
      }
      let start = 0; // record start
      let pos = scanFrom;
      let nextQuote = text.indexOf('"', pos);
      while (pos < text.length) {
        if (inQuotes) {
          const q = text.indexOf('"', pos);
          const limit = q === -1 ? text.length : q;
          for (let nl = text.indexOf('\n', pos); nl !== -1 && nl < limit; nl = text.indexOf('\n', nl + 1)) linesInRecord++;
          if (q === -1) {
            pos = text.length;
            break;
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
          inQuotes = true;
          recordQuoted = true;
          pos = q + 1;
          continue;
        }
        if (nl === -1) {
          pos = text.length;
          break;
        }
        record(text, start, nl, line, recordQuoted);
        line += 1 + linesInRecord;
        linesInRecord = 0;
        recordQuoted = false;
        start = nl + 1;
        pos = start;
        if (intake.batchFull) await intake.flush();
      }
      if (eof) {
        if (start < text.length) {
          if (inQuotes) {
            if (header === undefined) throw new ModelError([{ file, line, col: 1, path: '', message: 'header: a quoted field is not closed before the end of the file' }]);
            intake.reject(line, 1, 'a quoted field is not closed before the end of the file (check for a stray ")');
          } else record(text, start, text.length, line, recordQuoted);
        }
      } else {
        carry = text.slice(start);
        scanFrom = pos - start;
      }
    }
    await intake.flush(true);
  } finally {
    await handle.close();
  }
  if (header === undefined) throw new ModelError([{ file, line: 1, col: 1, path: '', message: 'the file is empty: expected a header row naming the columns' }]);
  return summary;
}

/**
 * Splits an unquoted record at commas into `out`: every column when `wanted` is undefined (the header), else
 * SLICE columns as strings, COUNT columns as '' with their position in countFrom/countTo, the others as ''.
 */
function splitPlain(text: string, from: number, to: number, out: string[], wanted: Uint8Array | undefined, countFrom: Int32Array, countTo: Int32Array): undefined {
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
      if (text.charCodeAt(i) !== 44) return `field ${out.length}: text after the closing quote; quote the whole field and double quotes inside it ("")`;
      i++;
      if (i === to) {
        out.push('');
        return undefined;
      }
    } else {
      let b = text.indexOf(',', i);
      if (b === -1 || b > to) b = to;
      const value = text.slice(i, b);
      if (value.includes('"')) return `field ${out.length + 1}: a quote inside an unquoted field; quote the whole field and double quotes inside it ("")`;
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
