// XES (IEEE 1849-2016) event logs: a streaming reader (through the XML tokenizer, never a DOM; plain or
// gzip-compressed) that maps traces and events to CaseEvents, and a writer that produces a log with the standard
// extensions declared.
//
// Mapping: the trace's concept:name is the case id, the event's concept:name the activity (renamed by a mapping
// file's activities); lifecycle:transition the lifecycle (a mapping file's lifecycles first, then the XES
// standard model onto schedule/start/complete, see vocabulary.ts; complete when absent); time:timestamp the
// instant and offset (xs:dateTime; without an offset read in the stated time zone); org:resource, or else
// org:group, the partner (else the mapping file's constant partner); string attributes named event_id,
// person_id, stage, track, cohort, location, municipality and outcome the fields of the same name; int
// attributes persons and children the household counts (1 and 0 when absent, and written only when
// different). Those attributes on a trace are defaults for its events. Nested attributes and log-level
// attributes are read past. An event without event_id gets `<case>-<n>`, n counting the trace's events from 1;
// one without person_id is about the case (the person id is the case id, as for a CSV file without that column).
// Messages locate an event by line and column and never quote an identifier (case, event or person id), nor
// any value when identifiers are pseudonymised.
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import { type CaseEvent, DEFAULT_CHILDREN, DEFAULT_PERSONS, EVENT_ATTRIBUTES, type EventAttribute } from './event.ts';
import { countOf, householdProblem, validHousehold } from './checks.ts';
import type { IdentifierField } from './mapping.ts';
import { formatDateTime, parseTimestamp, parseProblem, parsedOffset } from './timestamp.ts';
import { defaultRules, type EventRules, lifecycleOf, shown, unknownLifecycleReason } from './vocabulary.ts';
import { type XmlAttributes, type XmlReadOptions, escapeXml, parseXmlFile, shownXmlName } from './xml-stream.ts';
import { writeTextAtomically } from '../core/atomic-write.ts';

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
   * Receives events that cannot become CaseEvents (a lifecycle transition that no table maps, a missing or bad
   * timestamp, no activity), located at the <event>. Without it the first such event stops the read with a
   * InputError. Malformed XML always stops the read.
   */
  onReject?: (diagnostic: Diagnostic) => void;
  /** Time zone, renames, constant partner and quoting (default: Europe/Amsterdam, none, '', values quoted). */
  rules?: EventRules;
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
  const rules = options.rules ?? defaultRules();
  const stack: number[] = [];
  let caseId: string | undefined;
  let traceLine = 0;
  let traceFields = noFields();
  let pending: PendingEvent[] = [];
  let current: PendingEvent | undefined;

  const located = (line: number, col: number, message: string): Diagnostic => ({
    file: path,
    line,
    col,
    path: '',
    message,
  });
  const reject = (d: Diagnostic): void => {
    if (options.onReject === undefined) throw new InputError([d]);
    summary.rejected++;
    options.onReject(d);
  };

  const finishTrace = (): void => {
    summary.traces++;
    if (caseId === undefined) {
      // Each of its events is rejected (a trace without events holds nothing to import).
      for (const p of pending)
        reject(
          located(
            p.line,
            p.col,
            `the trace at line ${traceLine} has no concept:name (case id); add <string key="concept:name" value="…"/> to the trace`,
          ),
        );
      pending = [];
      return;
    }
    for (let k = 0; k < pending.length; k++) {
      const p = pending[k];
      const where = (): string => `event ${k + 1} of the trace at line ${traceLine}`;
      if (p.activity === undefined) {
        reject(
          located(
            p.line,
            p.col,
            `${where()} has no concept:name (activity); add <string key="concept:name" value="…"/>`,
          ),
        );
        continue;
      }
      const lifecycle = lifecycleOf(p.lifecycle, rules);
      if (lifecycle === undefined) {
        reject(
          located(p.line, p.col, `${where()}: ${unknownLifecycleReason('lifecycle:transition', p.lifecycle!, rules)}`),
        );
        continue;
      }
      if (p.time === undefined) {
        reject(
          located(
            p.line,
            p.col,
            `${where()} has no time:timestamp; add <date key="time:timestamp" value="2024-01-31T09:00:00+01:00"/>`,
          ),
        );
        continue;
      }
      const timeMs = parseTimestamp(p.time, rules.zone);
      if (Number.isNaN(timeMs)) {
        reject(located(p.line, p.col, `${where()}: time:timestamp${shown(p.time, rules)} ${parseProblem}`));
        continue;
      }
      const offsetMinutes = parsedOffset;
      const field = (key: FieldKey): string => p.fields[key] ?? traceFields[key] ?? '';
      const personsText = field('persons');
      const childrenText = field('children');
      const persons = countOf(personsText, DEFAULT_PERSONS);
      const children = countOf(childrenText, DEFAULT_CHILDREN);
      if (!validHousehold(persons, children)) {
        reject(
          located(
            p.line,
            p.col,
            `${where()}: ${householdProblem(persons, personsText, children, childrenText, rules.quoteValues).reason}`,
          ),
        );
        continue;
      }
      summary.events++;
      onEvent(
        {
          eventId: p.fields.eventId ?? traceFields.eventId ?? `${caseId}-${k + 1}`,
          caseId,
          // An event that names no person is about the case, as in a CSV file without a person column.
          personId: field('personId') || caseId,
          activity: rules.activities.get(p.activity) ?? p.activity,
          lifecycle,
          timeMs,
          offsetMinutes,
          partner: p.resource ?? p.group ?? rules.partner,
          stage: field('stage'),
          track: field('track'),
          cohort: field('cohort'),
          location: field('location'),
          municipality: field('municipality'),
          outcome: field('outcome'),
          persons,
          children,
        },
        p.line,
        p.col,
      );
    }
    pending = [];
  };

  const keyOf = (name: string, attributes: XmlAttributes, line: number, col: number): string => {
    const key = attributes.get('key');
    if (key === undefined)
      throw new InputError([
        located(
          line,
          col,
          `<${shownXmlName(name, rules.quoteValues)}> has no key attribute; write <${shownXmlName(name, rules.quoteValues)} key="…" value="…"/>`,
        ),
      ]);
    return key;
  };

  await parseXmlFile(
    path,
    {
      open(name, attributes, line, col) {
        const parent = stack.length === 0 ? 0 : stack[stack.length - 1];
        if (parent === 0) {
          if (name !== 'log')
            throw new InputError([
              located(
                line,
                col,
                `the root element is <${shownXmlName(name, rules.quoteValues)}>, not <log>; is this an XES file?`,
              ),
            ]);
          stack.push(IN_LOG);
        } else if (parent === IN_LOG) {
          if (name === 'trace') {
            caseId = undefined;
            traceFields = noFields();
            traceLine = line;
            stack.push(IN_TRACE);
          } else if (name === 'event') {
            throw new InputError([
              located(line, col, 'an <event> directly in <log>; XES puts events inside a <trace>'),
            ]);
          } else if (name === 'events' || name === 'objects' || name === 'object-types' || name === 'event-types') {
            throw new InputError([
              located(
                line,
                col,
                `<${name}> in <log> is OCEL, not XES; name the file .xmlocel or give --format ocel-xml`,
              ),
            ]);
          } else stack.push(SKIP);
        } else if (parent === IN_TRACE) {
          if (name === 'event') {
            current = {
              line,
              col,
              activity: undefined,
              lifecycle: undefined,
              time: undefined,
              resource: undefined,
              group: undefined,
              fields: noFields(),
            };
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
    { ...options, quoteNames: rules.quoteValues },
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

const XES_HEADER = `<log xes.version="1849-2016" xes.features="" xmlns="http://www.xes-standard.org/">
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

const ID_NAMES: Record<IdentifierField, string> = { caseId: 'case ids', eventId: 'event ids', personId: 'person ids' };

/** The comment that opens a written log: what is true of its identifiers. */
export function identifierNote(pseudonymised: readonly IdentifierField[]): string {
  const done = (['caseId', 'eventId', 'personId'] as const).filter((f) => pseudonymised.includes(f));
  const rest = (['caseId', 'eventId', 'personId'] as const).filter((f) => !pseudonymised.includes(f));
  if (done.length === 0)
    return 'Written by doorstroom. Identifiers are as they were read: doorstroom did not pseudonymise them.';
  const list = (fields: readonly IdentifierField[]): string => fields.map((f) => ID_NAMES[f]).join(', ');
  return `Written by doorstroom. Keyed pseudonyms (doorstroom import): ${list(done)}.${rest.length > 0 ? ` As they were read: ${list(rest)}.` : ''}`;
}

export interface XesWriteOptions {
  /** The identifier fields that doorstroom pseudonymised while reading (stated in the file's opening comment). */
  pseudonymised?: readonly IdentifierField[];
}

/**
 * Writes `events` as an XES log, one trace per case in order of first appearance, each trace's events in input
 * order. Empty fields are left out (they read back as ''). Characters that XML 1.0 does not allow are written
 * as U+FFFD (escapeXml). The file is written whole or not at all.
 */
export function writeXes(path: string, events: Iterable<CaseEvent>, options: XesWriteOptions = {}): void {
  const byCase = new Map<string, CaseEvent[]>();
  for (const e of events) {
    const list = byCase.get(e.caseId);
    if (list === undefined) byCase.set(e.caseId, [e]);
    else list.push(e);
  }
  writeTextAtomically(path, (out) => {
    out.write(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- ${identifierNote(options.pseudonymised ?? [])} -->\n${XES_HEADER}`,
    );
    for (const [caseId, list] of byCase) {
      let s = `  <trace>${stringAttribute('concept:name', caseId)}\n`;
      for (const e of list) s += eventXml(e);
      out.write(s + '  </trace>\n');
    }
    out.write('</log>\n');
  });
}
