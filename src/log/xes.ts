// XES (IEEE 1849-2016) event logs: a streaming reader (through the XML tokenizer, never a DOM) that maps traces
// and events to CaseEvents, and a writer that produces a log with the standard extensions declared.
//
// Mapping: the trace's concept:name is the case id, the event's concept:name the activity; lifecycle:transition
// (schedule, start or complete; complete when absent) the lifecycle; time:timestamp (xs:dateTime with a UTC
// offset) the instant and offset; org:resource, or else org:group, the partner; string attributes named
// event_id, person_id, stage, track, cohort, location, municipality and outcome the fields of the same name;
// int attributes persons and children the household counts (1 and 0 when absent, and written only when
// different). Those attributes on a trace are defaults for its events. Nested attributes and log-level
// attributes are read past. An event without event_id gets `<case>-<n>`, n counting the trace's events from 1.
// Messages locate an event by line and column and never quote an identifier (case, event or person id).
import { type Diagnostic, ModelError } from '../model/diagnostics.ts';
import { type CaseEvent, DEFAULT_CHILDREN, DEFAULT_PERSONS, EVENT_ATTRIBUTES, type EventAttribute, LIFECYCLES, type Lifecycle } from './event.ts';
import { countOf, householdProblem, validHousehold } from './checks.ts';
import { type XmlAttributes, type XmlReadOptions, escapeXml, parseXmlFile } from './xml-stream.ts';
import { writeTextAtomically } from '../io/atomic-write.ts';

// ---------------------------------------------------------------------------------------------------------------
// xs:dateTime with a UTC offset

const DATE_TIME = /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Parses an xs:dateTime such as `2024-03-31T02:30:00.000+02:00` into the instant and its UTC offset, or returns
 * a reason it is not one. Fractions beyond milliseconds are truncated. A time without an offset is rejected:
 * the instant would be ambiguous.
 */
export function parseDateTime(text: string): { timeMs: number; offsetMinutes: number } | string {
  return parseDateTimeFast(text) ?? parseDateTimeSlow(text);
}

/** `count` decimal digits of `s` from `from`, or -1 when one is not a digit. */
function digitsAt(s: string, from: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) {
    const d = s.charCodeAt(from + k) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The common case `YYYY-MM-DDTHH:MM:SS[.fff…](Z|±HH:MM)` with a valid date, without a regular expression (it
 * runs for every event); undefined for anything else, which parseDateTimeSlow then accepts or explains.
 */
function parseDateTimeFast(s: string): { timeMs: number; offsetMinutes: number } | undefined {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) {
    return undefined;
  }
  const year = digitsAt(s, 0, 4);
  const month = digitsAt(s, 5, 2);
  const day = digitsAt(s, 8, 2);
  const hour = digitsAt(s, 11, 2);
  const minute = digitsAt(s, 14, 2);
  const second = digitsAt(s, 17, 2);
  if (year < 100 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return undefined;
  }
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return undefined;
  let p = 19;
  let ms = 0;
  if (s.charCodeAt(p) === 46) {
    p++;
    const fractionStart = p;
    let scale = 100;
    for (let d = s.charCodeAt(p) - 48; d >= 0 && d <= 9; d = s.charCodeAt(p) - 48) {
      ms += d * scale;
      scale /= 10;
      p++;
    }
    if (p === fractionStart) return undefined;
    ms = Math.floor(ms);
  }
  let offsetMinutes: number;
  const z = s.charCodeAt(p);
  if (z === 90 && p === n - 1) offsetMinutes = 0;
  else if ((z === 43 || z === 45) && p === n - 6 && s.charCodeAt(p + 3) === 58) {
    const oh = digitsAt(s, p + 1, 2);
    const om = digitsAt(s, p + 4, 2);
    if (oh < 0 || om < 0 || om > 59) return undefined;
    offsetMinutes = (z === 45 ? -1 : 1) * (oh * 60 + om);
    if (Math.abs(offsetMinutes) > 14 * 60) return undefined;
  } else return undefined;
  return { timeMs: Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMinutes * 60_000, offsetMinutes };
}

function parseDateTimeSlow(text: string): { timeMs: number; offsetMinutes: number } | string {
  const m = DATE_TIME.exec(text);
  if (m === null) return `'${text}' is not an xs:dateTime; write e.g. 2024-03-31T09:30:00+02:00`;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = Number(m[6]);
  const ms = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  const zone = m[8];
  if (zone === undefined) return `'${text}' has no UTC offset; add one such as +01:00 or Z`;
  const offsetMinutes = zone === 'Z' ? 0 : (zone[0] === '-' ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (Math.abs(offsetMinutes) > 14 * 60 || Number(zone.slice(4, 6) || 0) > 59) {
    return `'${text}' has an impossible UTC offset ${zone}`;
  }
  if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return `'${text}' is not a valid date and time`;
  // Date.UTC maps years 0–99 to 1900–1999; no case event is that old.
  if (year < 100) return `'${text}' has a year before 100`;
  const local = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(local);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return `'${text}' is not a valid date (no such day)`;
  return { timeMs: local - offsetMinutes * 60_000, offsetMinutes };
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** The instant as local time with its offset, `YYYY-MM-DDTHH:MM:SS.sss±HH:MM` (the inverse of parseDateTime). */
export function formatDateTime(timeMs: number, offsetMinutes: number): string {
  const local = new Date(timeMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  const abs = Math.abs(offsetMinutes);
  return `${local}${offsetMinutes < 0 ? '-' : '+'}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** XES attribute elements (a switch: faster than hashing a fresh string for every element). */
function isAttributeElement(name: string): boolean {
  switch (name) {
    case 'string':
    case 'date':
    case 'int':
    case 'float':
    case 'boolean':
    case 'id':
    case 'list':
    case 'container':
      return true;
    default:
      return false;
  }
}

/**
 * Stores the string attribute `key` in `fields` when it names a CaseEvent field; false when it does not. Direct
 * property stores in a switch: this runs for every attribute of every event.
 */
function setField(fields: Fields, key: string, value: string): boolean {
  switch (key) {
    case 'event_id':
      fields.eventId = value;
      return true;
    case 'person_id':
      fields.personId = value;
      return true;
    case 'stage':
      fields.stage = value;
      return true;
    case 'track':
      fields.track = value;
      return true;
    case 'cohort':
      fields.cohort = value;
      return true;
    case 'location':
      fields.location = value;
      return true;
    case 'municipality':
      fields.municipality = value;
      return true;
    case 'outcome':
      fields.outcome = value;
      return true;
    case 'persons':
      fields.persons = value;
      return true;
    case 'children':
      fields.children = value;
      return true;
    default:
      return false;
  }
}

export interface XesReadOptions extends XmlReadOptions {
  /**
   * Receives events that cannot become CaseEvents (a lifecycle other than schedule/start/complete, a missing or
   * bad timestamp, no activity), located at the <event>. Without it the first such event stops the read with a
   * ModelError. Malformed XML always stops the read.
   */
  onReject?: (diagnostic: Diagnostic) => void;
}

export interface XesReadSummary {
  traces: number;
  events: number;
  rejected: number;
}

interface PendingEvent {
  line: number;
  col: number;
  activity: string | undefined;
  lifecycle: string | undefined;
  time: string | undefined;
  resource: string | undefined;
  group: string | undefined;
  fields: Fields;
}

type FieldKey = 'eventId' | 'personId' | EventAttribute | 'persons' | 'children';
type Fields = Record<FieldKey, string | undefined>;

/** A fresh record with every field present (one object shape for all events). */
function noFields(): Fields {
  return {
    eventId: undefined,
    personId: undefined,
    stage: undefined,
    track: undefined,
    cohort: undefined,
    location: undefined,
    municipality: undefined,
    outcome: undefined,
    persons: undefined,
    children: undefined,
  };
}

const IN_LOG = 1;
const IN_TRACE = 2;
const IN_EVENT = 3;
const SKIP = 4;

/**
 * Streams the XES file at `path`, calling `onEvent` for every event in file order with the line and column of
 * its <event> (a trace's events are passed on when the trace closes). Resolves with counts.
 */
export async function readXes(
  path: string,
  onEvent: (event: CaseEvent, line: number, col: number) => void,
  options: XesReadOptions = {},
): Promise<XesReadSummary> {
  const summary: XesReadSummary = { traces: 0, events: 0, rejected: 0 };
  const stack: number[] = [];
  let caseId: string | undefined;
  let traceLine = 0;
  let traceFields = noFields();
  let pending: PendingEvent[] = [];
  let current: PendingEvent | undefined;

  const located = (line: number, col: number, message: string): Diagnostic => ({ file: path, line, col, path: '', message });
  const reject = (d: Diagnostic): void => {
    if (options.onReject === undefined) throw new ModelError([d]);
    summary.rejected++;
    options.onReject(d);
  };

  const finishTrace = (): void => {
    summary.traces++;
    if (caseId === undefined) {
      // Each of its events is rejected (a trace without events holds nothing to import).
      for (const p of pending) reject(located(p.line, p.col, `the trace at line ${traceLine} has no concept:name (case id); add <string key="concept:name" value="…"/> to the trace`));
      pending = [];
      return;
    }
    for (let k = 0; k < pending.length; k++) {
      const p = pending[k];
      const where = (): string => `event ${k + 1} of the trace at line ${traceLine}`;
      if (p.activity === undefined) {
        reject(located(p.line, p.col, `${where()} has no concept:name (activity); add <string key="concept:name" value="…"/>`));
        continue;
      }
      const lifecycleText =
        p.lifecycle === undefined ? 'complete' : p.lifecycle === 'complete' || p.lifecycle === 'start' ? p.lifecycle : p.lifecycle.toLowerCase();
      if (!(LIFECYCLES as readonly string[]).includes(lifecycleText)) {
        reject(
          located(
            p.line,
            p.col,
            `${where()}: lifecycle:transition '${p.lifecycle}' is not one of ${LIFECYCLES.join(', ')}; doorstroom models waiting and service only, so map it to one of these or leave the event out`,
          ),
        );
        continue;
      }
      if (p.time === undefined) {
        reject(located(p.line, p.col, `${where()} has no time:timestamp; add <date key="time:timestamp" value="2024-01-31T09:00:00+01:00"/>`));
        continue;
      }
      const time = parseDateTime(p.time);
      if (typeof time === 'string') {
        reject(located(p.line, p.col, `${where()}: time:timestamp ${time}`));
        continue;
      }
      const field = (key: FieldKey): string => p.fields[key] ?? traceFields[key] ?? '';
      const personsText = field('persons');
      const childrenText = field('children');
      const persons = countOf(personsText, DEFAULT_PERSONS);
      const children = countOf(childrenText, DEFAULT_CHILDREN);
      if (!validHousehold(persons, children)) {
        reject(located(p.line, p.col, `${where()}: ${householdProblem(persons, personsText, children, childrenText).reason}`));
        continue;
      }
      summary.events++;
      onEvent({
        eventId: p.fields.eventId ?? traceFields.eventId ?? `${caseId}-${k + 1}`,
        caseId,
        personId: field('personId'),
        activity: p.activity,
        lifecycle: lifecycleText as Lifecycle,
        timeMs: time.timeMs,
        offsetMinutes: time.offsetMinutes,
        partner: p.resource ?? p.group ?? '',
        stage: field('stage'),
        track: field('track'),
        cohort: field('cohort'),
        location: field('location'),
        municipality: field('municipality'),
        outcome: field('outcome'),
        persons,
        children,
      }, p.line, p.col);
    }
    pending = [];
  };

  const keyOf = (name: string, attributes: XmlAttributes, line: number, col: number): string => {
    const key = attributes.get('key');
    if (key === undefined) throw new ModelError([located(line, col, `<${name}> has no key attribute; write <${name} key="…" value="…"/>`)]);
    return key;
  };

  await parseXmlFile(
    path,
    {
      open(name, attributes, line, col) {
        const parent = stack.length === 0 ? 0 : stack[stack.length - 1];
        if (parent === 0) {
          if (name !== 'log') throw new ModelError([located(line, col, `the root element is <${name}>, not <log>; is this an XES file?`)]);
          stack.push(IN_LOG);
        } else if (parent === IN_LOG) {
          if (name === 'trace') {
            caseId = undefined;
            traceFields = noFields();
            traceLine = line;
            stack.push(IN_TRACE);
          } else if (name === 'event') {
            throw new ModelError([located(line, col, 'an <event> directly in <log>; XES puts events inside a <trace>')]);
          } else stack.push(SKIP);
        } else if (parent === IN_TRACE) {
          if (name === 'event') {
            current = { line, col, activity: undefined, lifecycle: undefined, time: undefined, resource: undefined, group: undefined, fields: noFields() };
            stack.push(IN_EVENT);
          } else {
            if (isAttributeElement(name)) {
              const key = keyOf(name, attributes, line, col);
              const value = attributes.get('value');
              if (value !== undefined) {
                if (key === 'concept:name') caseId = value;
                else setField(traceFields, key, value);
              }
            }
            stack.push(SKIP);
          }
        } else if (parent === IN_EVENT) {
          if (isAttributeElement(name) && current !== undefined) {
            const key = keyOf(name, attributes, line, col);
            const value = attributes.get('value');
            if (value !== undefined) {
              switch (key) {
                case 'concept:name':
                  current.activity = value;
                  break;
                case 'lifecycle:transition':
                  current.lifecycle = value;
                  break;
                case 'time:timestamp':
                  current.time = value;
                  break;
                case 'org:resource':
                  current.resource = value;
                  break;
                case 'org:group':
                  current.group = value;
                  break;
                default:
                  setField(current.fields, key, value);
              }
            }
          }
          stack.push(SKIP);
        } else stack.push(SKIP);
      },
      close() {
        const kind = stack.pop();
        if (kind === IN_EVENT && current !== undefined) {
          pending.push(current);
          current = undefined;
        } else if (kind === IN_TRACE) finishTrace();
      },
    },
    options,
  );
  return summary;
}

/** Reads a whole XES file into memory; for large logs use readXes with a callback. */
export async function readXesEvents(path: string, options: XesReadOptions = {}): Promise<CaseEvent[]> {
  const events: CaseEvent[] = [];
  await readXes(path, (e) => events.push(e), options);
  return events;
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

const XES_HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<!-- Written by doorstroom. Case ids are pseudonyms. -->
<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
  <extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
  <extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
  <global scope="trace">
    <string key="concept:name" value="__INVALID__"/>
  </global>
  <global scope="event">
    <string key="concept:name" value="__INVALID__"/>
    <string key="lifecycle:transition" value="complete"/>
    <date key="time:timestamp" value="1970-01-01T00:00:00.000+00:00"/>
    <string key="event_id" value=""/>
  </global>
  <classifier name="Activity" keys="concept:name"/>
  <classifier name="Activity and transition" keys="concept:name lifecycle:transition"/>
  <string key="concept:name" value="doorstroom case events"/>
`;

function stringAttribute(key: string, value: string): string {
  return `<string key="${key}" value="${escapeXml(value)}"/>`;
}

function eventXml(e: CaseEvent): string {
  let s =
    '    <event>' +
    stringAttribute('concept:name', e.activity) +
    stringAttribute('lifecycle:transition', e.lifecycle) +
    `<date key="time:timestamp" value="${formatDateTime(e.timeMs, e.offsetMinutes)}"/>` +
    stringAttribute('event_id', e.eventId);
  if (e.partner !== '') s += stringAttribute('org:resource', e.partner);
  if (e.personId !== '') s += stringAttribute('person_id', e.personId);
  for (const a of EVENT_ATTRIBUTES) if (e[a] !== '') s += stringAttribute(a, e[a]);
  if (e.persons !== DEFAULT_PERSONS) s += `<int key="persons" value="${e.persons}"/>`;
  if (e.children !== DEFAULT_CHILDREN) s += `<int key="children" value="${e.children}"/>`;
  return s + '</event>\n';
}

/**
 * Writes `events` as an XES log, one trace per case in order of first appearance, each trace's events in input
 * order. Empty fields are left out (they read back as ''). The file is written whole or not at all.
 */
export function writeXes(path: string, events: Iterable<CaseEvent>): void {
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId);
    if (list === undefined) byCase.set(e.caseId, [e]);
    else list.push(e);
  }
  writeTextAtomically(path, (out) => {
    out.write(XES_HEADER);
    for (const [caseId, list] of byCase) {
      let s = `  <trace>${stringAttribute('concept:name', caseId)}\n`;
      for (const e of list) s += eventXml(e);
      out.write(s + '  </trace>\n');
    }
    out.write('</log>\n');
  });
}
