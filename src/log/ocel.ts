// OCEL 2.0 object-centric event logs, JSON and XML forms (keys and element names as in the OCEL 2.0
// specification, ocel-standard.org). Object types: application (the case), person, household and appeal.
//
// Writing: every CaseEvent becomes an OCEL event with id = eventId, type = activity, time = the instant with its
// UTC offset, attributes lifecycle, partner, stage, track, cohort, location, municipality and outcome (empty
// ones left out) and the integers persons and children (left out when 1 and 0), and relationships to its application object (qualifier "case") and, when personId is not
// empty, its person object (qualifier "person"). Object ids are `application:<caseId>` and `person:<personId>`
// so a case and a person with the same pseudonym cannot collide; each application relates to its persons
// (qualifier "person"). Files are written whole or not at all.
//
// Reading: the case of an event is the object related with qualifier "case", else the related object of type
// application — or, with a case type (--case-type), each related object of that type: an event related to
// several becomes one event per object, with event id `<event id>@<object id>`, as flattening tools do. A log
// none of whose events finds a case object is one error that names the object types present. The related
// person gives personId (none: the case is the person, as for a CSV file without a person column); the
// `application:` / `person:` prefix is removed when present. The attribute
// lifecycle (or lifecycle:transition) maps as in XES (vocabulary.ts; complete when absent), the activity is
// renamed by a mapping file, a time without offset is read in the stated zone, missing persons and children
// read as 1 and 0. Relationships to households, appeals and other objects are read past. An event that cannot
// become a CaseEvent is a reject (located, with the reason); a problem with the objects or the structure of
// the file stops the read, as does an OCEL 1.0 log (told apart by its keys and elements, with advice on
// converting it). Errors name the JSON path of the bad element with its line and column (JSON) or the line and
// column (XML), and never quote an event or object id. The JSON form is parsed whole (JSON.parse, at most
// FILE_LIMITS.ocelJson bytes), the XML form is streamed, plain or gzip-compressed (events are passed on as they
// close once the objects are known, which the specification puts first). Object attributes, object-to-object
// relations and the attribute types declared under eventTypes/objectTypes are read past.
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import { FILE_LIMITS, readTextFile } from '../core/read-file.ts';
import { type CaseEvent, DEFAULT_CHILDREN, DEFAULT_PERSONS, EVENT_ATTRIBUTES } from './event.ts';
import { countOf, householdProblem, validHousehold } from './checks.ts';
import { formatDateTime, parseProblem, parsedOffset, parseTimestamp } from './timestamp.ts';
import { defaultRules, type EventRules, lifecycleOf, shown, unknownLifecycleReason } from './vocabulary.ts';
import {
  MAX_XML_TOKEN,
  type XmlAttributes,
  type XmlReadOptions,
  escapeXml,
  parseXmlFile,
  shownXmlName,
  xmlError,
} from './xml-stream.ts';
import { writeTextAtomically } from '../core/atomic-write.ts';

export const OCEL_OBJECT_TYPES = ['application', 'person', 'household', 'appeal'] as const;

/** Event attributes doorstroom writes, in this order, with their OCEL 2.0 types. */
const OCEL_EVENT_ATTRIBUTES: readonly { name: string; type: 'string' | 'integer' }[] = [
  ...['lifecycle', 'partner', ...EVENT_ATTRIBUTES].map((name) => ({ name, type: 'string' as const })),
  { name: 'persons', type: 'integer' },
  { name: 'children', type: 'integer' },
];

const APPLICATION_PREFIX = 'application:';
const PERSON_PREFIX = 'person:';

/** The attributes of an event that are not empty (text) or not the default (persons 1, children 0). */
function eventAttributeValues(e: CaseEvent): [string, string | number][] {
  const values: [string, string | number][] = [['lifecycle', e.lifecycle]];
  if (e.partner !== '') values.push(['partner', e.partner]);
  for (const a of EVENT_ATTRIBUTES) if (e[a] !== '') values.push([a, e[a]]);
  if (e.persons !== DEFAULT_PERSONS) values.push(['persons', e.persons]);
  if (e.children !== DEFAULT_CHILDREN) values.push(['children', e.children]);
  return values;
}

/** Activities in order of first appearance, and persons per case (for the application → person relations). */
function collect(events: readonly CaseEvent[]): {
  activities: string[];
  cases: Map<string, Set<string>>;
  persons: Set<string>;
} {
  const activities = new Set<string>();
  const cases = new Map<string, Set<string>>();
  const persons = new Set<string>();
  for (const e of events) {
    activities.add(e.activity);
    let set = cases.get(e.caseId);
    if (set === undefined) cases.set(e.caseId, (set = new Set()));
    if (e.personId !== '') {
      set.add(e.personId);
      persons.add(e.personId);
    }
  }
  return { activities: [...activities], cases, persons };
}

// ---------------------------------------------------------------------------------------------------------------
// Writing

export function writeOcelJson(path: string, events: readonly CaseEvent[]): void {
  const { activities, cases, persons } = collect(events);
  const attributeTypes = OCEL_EVENT_ATTRIBUTES;
  writeTextAtomically(path, (out) => {
    out.write('{\n"objectTypes": ');
    out.write(JSON.stringify(OCEL_OBJECT_TYPES.map((name) => ({ name, attributes: [] }))));
    out.write(',\n"eventTypes": ');
    out.write(JSON.stringify(activities.map((name) => ({ name, attributes: attributeTypes }))));
    out.write(',\n"objects": [');
    let first = true;
    const object = (o: unknown): void => {
      out.write((first ? '\n' : ',\n') + JSON.stringify(o));
      first = false;
    };
    for (const [caseId, members] of cases) {
      object({
        id: APPLICATION_PREFIX + caseId,
        type: 'application',
        attributes: [],
        relationships: [...members].map((p) => ({ objectId: PERSON_PREFIX + p, qualifier: 'person' })),
      });
    }
    for (const p of persons) object({ id: PERSON_PREFIX + p, type: 'person', attributes: [] });
    out.write('\n],\n"events": [');
    first = true;
    for (const e of events) {
      const relationships = [{ objectId: APPLICATION_PREFIX + e.caseId, qualifier: 'case' }];
      if (e.personId !== '') relationships.push({ objectId: PERSON_PREFIX + e.personId, qualifier: 'person' });
      object({
        id: e.eventId,
        type: e.activity,
        time: formatDateTime(e.timeMs, e.offsetMinutes),
        attributes: eventAttributeValues(e).map(([name, value]) => ({ name, value })),
        relationships,
      });
    }
    out.write('\n]\n}\n');
  });
}

export function writeOcelXml(path: string, events: readonly CaseEvent[]): void {
  const { activities, cases, persons } = collect(events);
  const x = escapeXml;
  writeTextAtomically(path, (out) => {
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n<log>\n  <object-types>\n');
    for (const t of OCEL_OBJECT_TYPES) out.write(`    <object-type name="${t}"><attributes/></object-type>\n`);
    out.write('  </object-types>\n  <event-types>\n');
    const attributeTypes = OCEL_EVENT_ATTRIBUTES.map((a) => `<attribute name="${a.name}" type="${a.type}"/>`).join('');
    for (const a of activities)
      out.write(`    <event-type name="${x(a)}"><attributes>${attributeTypes}</attributes></event-type>\n`);
    out.write('  </event-types>\n  <objects>\n');
    for (const [caseId, members] of cases) {
      const rel = [...members]
        .map((p) => `<relationship object-id="${x(PERSON_PREFIX + p)}" qualifier="person"/>`)
        .join('');
      out.write(
        `    <object id="${x(APPLICATION_PREFIX + caseId)}" type="application"><attributes/><objects>${rel}</objects></object>\n`,
      );
    }
    for (const p of persons)
      out.write(`    <object id="${x(PERSON_PREFIX + p)}" type="person"><attributes/><objects/></object>\n`);
    out.write('  </objects>\n  <events>\n');
    for (const e of events) {
      let s = `    <event id="${x(e.eventId)}" type="${x(e.activity)}" time="${formatDateTime(e.timeMs, e.offsetMinutes)}"><attributes>`;
      for (const [name, value] of eventAttributeValues(e))
        s += `<attribute name="${name}">${typeof value === 'number' ? value : x(value)}</attribute>`;
      s += `</attributes><objects><relationship object-id="${x(APPLICATION_PREFIX + e.caseId)}" qualifier="case"/>`;
      if (e.personId !== '') s += `<relationship object-id="${x(PERSON_PREFIX + e.personId)}" qualifier="person"/>`;
      out.write(s + '</objects></event>\n');
    }
    out.write('  </events>\n</log>\n');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading: both forms produce RawEvents, which one converter turns into CaseEvents.

interface RawRelationship {
  objectId: string;
  qualifier: string;
  /** Locates this relationship's object id in the file. */
  where: (message: string) => Diagnostic;
}

interface RawEvent {
  type: string;
  id: string;
  time: string;
  attributes: Map<string, string>;
  relationships: RawRelationship[];
  /** Locates a problem with the event (`part` names the sub-element for JSON paths, e.g. `time`). */
  where: (part: string, message: string) => Diagnostic;
}

function stripPrefix(id: string, prefix: string): string {
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

function isDiagnostic<T extends object>(value: T | Diagnostic): value is Diagnostic {
  return (value as Diagnostic).message !== undefined;
}

/** What the OCEL readers are given: without onReject, problems with events are collected and thrown at the end. */
export interface OcelReadOptions {
  onReject?: (diagnostic: Diagnostic) => void;
  /** Time zone, renames, constant partner and quoting (default: Europe/Amsterdam, none, '', values quoted). */
  rules?: EventRules;
  /**
   * The object type whose objects are the cases (like --case-type): every event becomes one event of each
   * object of this type it relates to. Default: the object related with qualifier "case", else the related
   * object of type application.
   */
  caseType?: string;
}

/** How to convert an OCEL 1.0 log of form `form` into the OCEL 2.0 that doorstroom reads. */
function ocel1Advice(form: 'json' | 'xml'): string {
  return `doorstroom reads OCEL 2.0 only; convert the log first, e.g. with pm4py: ocel = pm4py.read_ocel_${form}("log.${form}ocel"); pm4py.write_ocel2_${form}(ocel, "log-2.0.${form}ocel")`;
}

/** The object types of a log with their object counts, for messages: `Invoice (3 objects), Payment (3 objects)`. */
function describeTypes(objectTypes: ReadonlyMap<string, string>): string {
  const counts = new Map<string, number>();
  for (const type of objectTypes.values()) counts.set(type, (counts.get(type) ?? 0) + 1);
  if (counts.size === 0) return 'the log has no objects';
  const listed = [...counts]
    .slice(0, 20)
    .map(([type, n]) => `${JSON.stringify(type.slice(0, 60))} (${n} object${n === 1 ? '' : 's'})`);
  return `the object types are ${listed.join(', ')}${counts.size > 20 ? ` and ${counts.size - 20} more` : ''}`;
}

/**
 * Turns raw events into CaseEvents once the objects are known: finds the case object(s) and the person,
 * maps the lifecycle, activity and time, checks the household counts. Counts events without a case object, so
 * that a log none of whose events has one is reported as one problem of the file (`finish`).
 */
class OcelConverter {
  private readonly file: string;
  private readonly objectTypes: ReadonlyMap<string, string>;
  private readonly rules: EventRules;
  private readonly caseType: string | undefined;
  private events = 0;
  private withoutCase = 0;

  constructor(file: string, objectTypes: ReadonlyMap<string, string>, options: OcelReadOptions) {
    this.file = file;
    this.objectTypes = objectTypes;
    this.rules = options.rules ?? defaultRules();
    this.caseType = options.caseType;
  }

  /** Throws when --case-type names a type that no object has (call once the objects are known). */
  checkCaseType(): void {
    const type = this.caseType;
    if (type === undefined) return;
    for (const t of this.objectTypes.values()) if (t === type) return;
    throw new InputError([
      {
        file: this.file,
        line: 1,
        col: 1,
        path: '',
        message: `no object has the type ${JSON.stringify(type)} that --case-type names; ${describeTypes(this.objectTypes)}`,
      },
    ]);
  }

  /** The CaseEvents of a raw event (more than one when it relates to several case objects), or the first reason it has none. */
  convert(r: RawEvent): CaseEvent[] | Diagnostic {
    this.events++;
    const rules = this.rules;
    const cases: string[] = [];
    let qualifiedCase: string | undefined;
    let application: string | undefined;
    let person: RawRelationship | undefined;
    for (const rel of r.relationships) {
      const type = this.objectTypes.get(rel.objectId);
      if (type === undefined)
        return rel.where(
          'refers to an object id that is not among the objects; add the object there or remove the relationship',
        );
      if (this.caseType !== undefined) {
        if (type === this.caseType && !cases.includes(rel.objectId)) cases.push(rel.objectId);
      } else if (rel.qualifier === 'case') qualifiedCase ??= rel.objectId;
      else if (type === 'application') application ??= rel.objectId;
      if (type === 'person' && (person === undefined || (rel.qualifier === 'person' && person.qualifier !== 'person')))
        person = rel;
    }
    if (this.caseType === undefined) {
      const found = qualifiedCase ?? application;
      if (found !== undefined) cases.push(found);
    }
    if (cases.length === 0) {
      this.withoutCase++;
      return r.where(
        'relationships',
        this.caseType !== undefined
          ? `the event relates to no object of type ${JSON.stringify(this.caseType)} (--case-type), so it belongs to no case`
          : 'the event relates to no case object (a relationship with qualifier "case", or an object of type application); name the object type whose objects are the cases with --case-type',
      );
    }
    const lifecycleName = r.attributes.has('lifecycle') ? 'lifecycle' : 'lifecycle:transition';
    const rawLifecycle = r.attributes.get(lifecycleName);
    const lifecycle = lifecycleOf(rawLifecycle, rules);
    if (lifecycle === undefined)
      return r.where('attributes', unknownLifecycleReason(lifecycleName, rawLifecycle!, rules));
    const timeMs = parseTimestamp(r.time, rules.zone);
    if (Number.isNaN(timeMs)) return r.where('time', `time${shown(r.time, rules)} ${parseProblem}`);
    const offsetMinutes = parsedOffset;
    const personsText = r.attributes.get('persons');
    const childrenText = r.attributes.get('children');
    const persons = countOf(personsText, DEFAULT_PERSONS);
    const children = countOf(childrenText, DEFAULT_CHILDREN);
    if (!validHousehold(persons, children))
      return r.where(
        'attributes',
        householdProblem(persons, personsText ?? '', children, childrenText ?? '', rules.quoteValues).reason,
      );
    const attr = (name: string): string => r.attributes.get(name) ?? '';
    const partner = attr('partner');
    return cases.map((objectId) => {
      const caseId = stripPrefix(objectId, APPLICATION_PREFIX);
      return {
        eventId: cases.length === 1 ? r.id : `${r.id}@${objectId}`,
        caseId,
        // An event related to no person is about the case, as in a CSV file without a person column.
        personId: person === undefined ? caseId : stripPrefix(person.objectId, PERSON_PREFIX),
        activity: rules.activities.get(r.type) ?? r.type,
        lifecycle,
        timeMs,
        offsetMinutes,
        partner: partner === '' ? rules.partner : partner,
        stage: attr('stage'),
        track: attr('track'),
        cohort: attr('cohort'),
        location: attr('location'),
        municipality: attr('municipality'),
        outcome: attr('outcome'),
        persons,
        children,
      };
    });
  }

  /** Throws when the log has events and none of them relates to a case object: the cases are not found at all. */
  finish(): void {
    if (this.events === 0 || this.withoutCase < this.events) return;
    const message =
      this.caseType !== undefined
        ? `no event relates to an object of type ${JSON.stringify(this.caseType)} (--case-type); ${describeTypes(this.objectTypes)}`
        : `no event relates to a case object: no relationship has the qualifier "case" and no object has the type application, as in logs of other tools; ${describeTypes(this.objectTypes)}. Name the type whose objects are the cases with --case-type <type>; every event related to an object of that type becomes an event of that object's case`;
    throw new InputError([{ file: this.file, line: 1, col: 1, path: '', message }]);
  }
}

/** At most this many problems are located and reported in one InputError; the rest are counted. */
const MAX_REPORTED = 50;

function throwProblems(file: string, problems: Diagnostic[]): never {
  const reported = problems.slice(0, MAX_REPORTED);
  if (problems.length > MAX_REPORTED)
    reported.push({ file, line: 1, col: 1, path: '', message: `and ${problems.length - MAX_REPORTED} more problems` });
  throw new InputError(reported);
}

// ---------------------------------------------------------------------------------------------------------------
// JSON: parsed whole; positions (which JSON.parse does not keep) are found in the text only for a problem.

const SPACE = new Uint8Array(128);
for (const c of [32, 9, 10, 13]) SPACE[c] = 1;

function skipSpace(text: string, p: number): number {
  while (p < text.length && SPACE[text.charCodeAt(p)] === 1) p++;
  return p;
}

/** Index after the string literal starting at text[p] === '"'. */
function skipString(text: string, p: number): number {
  let from = p + 1;
  for (;;) {
    const q = text.indexOf('"', from);
    if (q < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(q - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return q + 1;
    from = q + 1;
  }
}

/** Index after the JSON value starting at text[p]. */
function skipValue(text: string, p: number): number {
  const first = text.charCodeAt(p);
  if (first === 34) return skipString(text, p);
  if (first === 123 || first === 91) {
    let depth = 0;
    let i = p;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i = skipString(text, i);
        continue;
      }
      if (c === 123 || c === 91) depth++;
      else if (c === 125 || c === 93) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  let i = p;
  while (i < text.length && !',}] \n\r\t'.includes(text[i])) i++;
  return i;
}

/** Start of the value at `segment` (an array index or object key) of the container at text[p], or -1. */
function childAt(text: string, p: number, segment: number | string): number {
  const open = typeof segment === 'number' ? '[' : '{';
  if (text[p] !== open) return -1;
  let i = skipSpace(text, p + 1);
  for (let index = 0; i < text.length; index++) {
    let valueStart = i;
    let key: unknown;
    if (open === '{') {
      if (text[i] !== '"') return -1;
      const keyEnd = skipString(text, i);
      key = JSON.parse(text.slice(i, keyEnd));
      i = skipSpace(text, keyEnd);
      if (text[i] !== ':') return -1;
      valueStart = skipSpace(text, i + 1);
    }
    if (open === '[' ? index === segment : key === segment) return valueStart;
    i = skipSpace(text, skipValue(text, valueStart));
    if (text[i] !== ',') return -1;
    i = skipSpace(text, i + 1);
  }
  return -1;
}

/** How deep jsonErrorOffset follows arrays and objects (it recurses); an OCEL log nests about five deep. */
const MAX_JSON_SCAN_DEPTH = 1000;

/**
 * Offset of the first character at which `text` stops being JSON (to locate JSON.parse's complaint), -1 when it
 * is JSON; `deep` when the scan stopped there because arrays and objects nest more than MAX_JSON_SCAN_DEPTH.
 */
function jsonErrorOffset(text: string): { offset: number; deep: boolean } {
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  let i = 0;
  let deep = false;
  const string = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const value = (depth: number): boolean => {
    if (depth > MAX_JSON_SCAN_DEPTH) {
      deep = true;
      return false;
    }
    i = skipSpace(text, i);
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i = skipSpace(text, i + 1);
      if (text[i] === close) {
        i++;
        return true;
      }
      for (;;) {
        if (c === '{') {
          i = skipSpace(text, i);
          if (text[i] !== '"' || !string()) return false;
          i = skipSpace(text, i);
          if (text[i] !== ':') return false;
          i++;
        }
        if (!value(depth + 1)) return false;
        i = skipSpace(text, i);
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] !== close) return false;
        i++;
        return true;
      }
    }
    if (c === '"') return string();
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) return false;
    i = NUMBER.lastIndex;
    return true;
  };
  if (!value(0)) return { offset: i, deep };
  i = skipSpace(text, i);
  return { offset: i < text.length ? i : -1, deep };
}

/** Line and column of offsets and JSON paths in one text; the indexes it needs are built once, on first use. */
class JsonLocator {
  private readonly text: string;
  private lineStarts: number[] | undefined;
  /** Offsets of the elements of the top-level arrays `events` and `objects`, each found in one pass. */
  private readonly elementStarts = new Map<string, number[]>();

  constructor(text: string) {
    this.text = text;
  }

  position(offset: number): [number, number] {
    if (this.lineStarts === undefined) {
      const starts = [0];
      for (let k = this.text.indexOf('\n'); k >= 0; k = this.text.indexOf('\n', k + 1)) starts.push(k + 1);
      this.lineStarts = starts;
    }
    const starts = this.lineStarts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - starts[lo] + 1];
  }

  /** Line and column of the element at `jsonPath` (e.g. `events[3].time`), or of the nearest enclosing one present. */
  locate(jsonPath: string): [number, number] {
    const segments = [...jsonPath.matchAll(/\[(\d+)\]|([^.[\]]+)/g)].map((m): number | string =>
      m[1] !== undefined ? Number(m[1]) : m[2],
    );
    let p = skipSpace(this.text, 0);
    let from = 0;
    if ((segments[0] === 'events' || segments[0] === 'objects') && typeof segments[1] === 'number') {
      const starts = this.elements(segments[0]);
      if (segments[1] < starts.length) {
        p = starts[segments[1]];
        from = 2;
      }
    }
    for (let k = from; k < segments.length; k++) {
      const next = childAt(this.text, p, segments[k]);
      if (next < 0) break;
      p = next;
    }
    return this.position(p);
  }

  /** Offsets of the elements of the top-level array `key`, found in one pass (locating many problems stays linear). */
  private elements(key: string): number[] {
    const known = this.elementStarts.get(key);
    if (known !== undefined) return known;
    const text = this.text;
    const starts: number[] = [];
    const array = childAt(text, skipSpace(text, 0), key);
    if (array >= 0 && text[array] === '[') {
      let i = skipSpace(text, array + 1);
      while (i < text.length && text[i] !== ']') {
        starts.push(i);
        i = skipSpace(text, skipValue(text, i));
        if (text[i] !== ',') break;
        i = skipSpace(text, i + 1);
      }
    }
    this.elementStarts.set(key, starts);
    return starts;
  }
}

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function kindOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Why `o[key]` is not a string, or undefined when it is (values are never quoted: they may be identifiers). */
function notString(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  if (typeof v === 'string') return undefined;
  return v === undefined ? `missing; OCEL 2.0 requires "${key}" (a string)` : `must be a string, not ${kindOf(v)}`;
}

/** An OCEL 2.0 JSON file, parsed whole. `read` hands on its events; problems are located when they occur. */
export class OcelJsonLog {
  readonly path: string;
  private readonly doc: JsonObject;
  private readonly locator: JsonLocator;

  /** Reads and parses the file; throws a located InputError when it cannot be read or is not JSON. */
  constructor(path: string) {
    this.path = path;
    if (path.toLowerCase().endsWith('.gz')) {
      throw new InputError([
        {
          file: path,
          line: 1,
          col: 1,
          path: '',
          message:
            'a gzip-compressed OCEL JSON log is not read directly; decompress it first (gunzip), or convert it to OCEL 2.0 XML, which is read compressed too',
        },
      ]);
    }
    // Whole, up to FILE_LIMITS.ocelJson bytes: JSON.parse needs all of it (a byte-order mark is removed).
    const json = readTextFile(path, { maxBytes: FILE_LIMITS.ocelJson, what: 'an OCEL 2.0 JSON log' });
    this.locator = new JsonLocator(json);
    let doc: unknown;
    try {
      doc = JSON.parse(json);
    } catch (error) {
      // V8 quotes a piece of the text around the error ("…" is not valid JSON): left out, it may hold an identifier.
      const message = (error as Error).message;
      const lc = /\(line (\d+) column (\d+)\)/.exec(message);
      const { offset, deep } = lc !== null ? { offset: 0, deep: false } : jsonErrorOffset(json);
      const [line, col] =
        lc !== null
          ? [Number(lc[1]), Number(lc[2])]
          : this.locator.position(Math.max(0, offset < 0 ? json.length : offset));
      const reason = message
        .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
        .replace(/ in JSON at position \d+.*$/s, '');
      const where = deep
        ? ` (somewhere after this point, where arrays and objects nest more than ${MAX_JSON_SCAN_DEPTH} deep, deeper than an OCEL log)`
        : '';
      throw new InputError([{ file: path, line, col, path: '', message: `not valid JSON: ${reason}${where}` }]);
    }
    if (!isObject(doc))
      throw new InputError([
        this.at('', 'an OCEL 2.0 JSON file holds one object with objectTypes, eventTypes, objects and events'),
      ]);
    this.doc = doc;
    const ocel1 = ['ocel:global-log', 'ocel:events', 'ocel:objects', 'ocel:global-event'].find((key) => key in doc);
    if (ocel1 !== undefined && !('events' in doc))
      throw new InputError([
        this.at(ocel1, `this is an OCEL 1.0 log (it has "${ocel1}"), which is not supported; ${ocel1Advice('json')}`),
      ]);
  }

  /** A diagnostic at `jsonPath`, located in the file. */
  at(jsonPath: string, message: string): Diagnostic {
    const [line, col] = this.locator.locate(jsonPath);
    return { file: this.path, line, col, path: jsonPath, message };
  }

  /** Line and column of events[index]. */
  eventPosition(index: number): [number, number] {
    return this.locator.locate(`events[${index}]`);
  }

  /**
   * Calls onEvent for every event that becomes a CaseEvent (with its index in `events`), and onReject for every
   * one that cannot (or collects those and throws them at the end when there is no onReject). A problem with
   * the objects or a missing events array throws an InputError before any event is read.
   */
  read(onEvent: (event: CaseEvent, index: number) => void, options: OcelReadOptions = {}): void {
    const structure: Diagnostic[] = [];
    const arrayAt = (key: string): unknown[] => {
      const v = this.doc[key];
      if (Array.isArray(v)) return v;
      structure.push(
        this.at(key, v === undefined ? `missing; OCEL 2.0 requires "${key}" (an array)` : 'must be an array'),
      );
      return [];
    };
    const objectTypes = new Map<string, string>();
    arrayAt('objects').forEach((o, i) => {
      const p = `objects[${i}]`;
      if (!isObject(o)) return void structure.push(this.at(p, 'must be an object with id and type'));
      const bad = notString(o, 'id') ?? notString(o, 'type');
      if (bad !== undefined)
        return void structure.push(this.at(`${p}.${notString(o, 'id') !== undefined ? 'id' : 'type'}`, bad));
      if (objectTypes.has(o.id as string))
        structure.push(this.at(`${p}.id`, 'this object id appears twice; object ids are unique'));
      objectTypes.set(o.id as string, o.type as string);
    });
    const events = arrayAt('events');
    if (structure.length > 0) throwProblems(this.path, structure);
    const converter = new OcelConverter(this.path, objectTypes, options);
    converter.checkCaseType();
    const problems: Diagnostic[] = [];
    const reject = options.onReject ?? ((d: Diagnostic) => void problems.push(d));
    for (let i = 0; i < events.length; i++) {
      const raw = this.rawEvent(events[i], `events[${i}]`);
      const converted = isDiagnostic(raw) ? raw : converter.convert(raw);
      if (isDiagnostic(converted)) reject(converted);
      else for (const event of converted) onEvent(event, i);
    }
    converter.finish();
    if (problems.length > 0) throwProblems(this.path, problems);
  }

  /** The RawEvent of events[i], or the first problem with it. */
  private rawEvent(e: unknown, p: string): RawEvent | Diagnostic {
    if (!isObject(e)) return this.at(p, 'must be an object with id, type, time, attributes and relationships');
    for (const key of ['id', 'type', 'time']) {
      const bad = notString(e, key);
      if (bad !== undefined) return this.at(`${p}.${key}`, bad);
    }
    const attributes = new Map<string, string>();
    const list = (key: string): unknown[] | Diagnostic =>
      e[key] === undefined ? [] : Array.isArray(e[key]) ? e[key] : this.at(`${p}.${key}`, 'must be an array');
    const attributeList = list('attributes');
    if (!Array.isArray(attributeList)) return attributeList;
    for (let j = 0; j < attributeList.length; j++) {
      const a = attributeList[j];
      const ap = `${p}.attributes[${j}]`;
      if (!isObject(a)) return this.at(ap, 'must be an object with name and value');
      const bad = notString(a, 'name');
      if (bad !== undefined) return this.at(`${ap}.name`, bad);
      const value = a.value;
      if (value === undefined || value === null || typeof value === 'object')
        return this.at(`${ap}.value`, 'missing or not a string, number or boolean');
      attributes.set(a.name as string, String(value));
    }
    const relationshipList = list('relationships');
    if (!Array.isArray(relationshipList)) return relationshipList;
    const relationships: RawRelationship[] = [];
    for (let j = 0; j < relationshipList.length; j++) {
      const r = relationshipList[j];
      const rp = `${p}.relationships[${j}]`;
      if (!isObject(r)) return this.at(rp, 'must be an object with objectId and qualifier');
      const bad = notString(r, 'objectId');
      if (bad !== undefined) return this.at(`${rp}.objectId`, bad);
      relationships.push({
        objectId: r.objectId as string,
        qualifier: typeof r.qualifier === 'string' ? r.qualifier : '',
        where: (m) => this.at(`${rp}.objectId`, m),
      });
    }
    return {
      id: e.id as string,
      type: e.type as string,
      time: e.time as string,
      attributes,
      relationships,
      where: (part, m) => this.at(`${p}.${part}`, m),
    };
  }
}

/** Reads a whole OCEL 2.0 JSON file; every problem (up to 50, located) is thrown together in one InputError. */
export function readOcelJson(path: string): CaseEvent[] {
  const events: CaseEvent[] = [];
  new OcelJsonLog(path).read((e) => void events.push(e));
  return events;
}

// ---------------------------------------------------------------------------------------------------------------
// XML: streamed.

export interface OcelXmlReadOptions extends XmlReadOptions, OcelReadOptions {}

/**
 * Streams an OCEL 2.0 XML file, calling onEvent with the line and column of each <event> that becomes a
 * CaseEvent: as it closes when the objects have been read (the specification puts them first), else at the
 * end. Events that cannot become CaseEvents go to onReject, or are collected and thrown at the end.
 */
export async function streamOcelXml(
  path: string,
  onEvent: (event: CaseEvent, line: number, col: number) => void,
  options: OcelXmlReadOptions = {},
): Promise<void> {
  const objectTypes = new Map<string, string>();
  const pending: { raw: RawEvent; line: number; col: number }[] = [];
  const problems: Diagnostic[] = [];
  const reject = options.onReject ?? ((d: Diagnostic) => void problems.push(d));
  const quoteNames = options.rules?.quoteValues ?? true;
  const names: string[] = [];
  let objectsKnown = false;
  let current: { raw: RawEvent; line: number; col: number; problem: Diagnostic | undefined } | undefined;
  let attributeName: string | undefined;
  let attributeText = '';
  const located = (line: number, col: number, message: string): Diagnostic => ({
    file: path,
    line,
    col,
    path: '',
    message,
  });
  const need = (name: string, attributes: XmlAttributes, key: string, line: number, col: number): string => {
    const v = attributes.get(key);
    if (v === undefined)
      throw xmlError(
        path,
        line,
        col,
        `<${shownXmlName(name, quoteNames)}> has no ${key} attribute; OCEL 2.0 requires it`,
      );
    return v;
  };
  const converter = new OcelConverter(path, objectTypes, options);
  const objectsRead = (): void => {
    objectsKnown = true;
    converter.checkCaseType();
  };
  const convert = (raw: RawEvent, line: number, col: number): void => {
    const converted = converter.convert(raw);
    if (isDiagnostic(converted)) reject(converted);
    else for (const event of converted) onEvent(event, line, col);
  };
  await parseXmlFile(
    path,
    {
      open(name, attributes, line, col) {
        const depth = names.length;
        const parent = depth === 0 ? '' : names[depth - 1];
        names.push(name);
        if (depth === 0) {
          if (name !== 'log')
            throw xmlError(
              path,
              line,
              col,
              `the root element is <${shownXmlName(name, quoteNames)}>, not <log>; is this an OCEL 2.0 XML file?`,
            );
        } else if (depth === 1 && name === 'global') {
          throw xmlError(
            path,
            line,
            col,
            `this is an OCEL 1.0 log (it has <global> in <log>), which is not supported; ${ocel1Advice('xml')}`,
          );
        } else if (depth === 1 && name === 'trace') {
          throw xmlError(path, line, col, '<trace> in <log> is XES, not OCEL; name the file .xes or give --format xes');
        } else if (depth === 3 && parent === 'event' && attributes.get('key') !== undefined) {
          throw xmlError(
            path,
            line,
            col,
            `this is an OCEL 1.0 log (its events hold <${name} key="…">), which is not supported; ${ocel1Advice('xml')}`,
          );
        } else if (depth === 2 && name === 'object' && parent === 'objects') {
          const id = need(name, attributes, 'id', line, col);
          if (objectTypes.has(id))
            throw xmlError(path, line, col, 'this object id appears twice; object ids are unique');
          objectTypes.set(id, need(name, attributes, 'type', line, col));
        } else if (depth === 2 && name === 'event' && parent === 'events') {
          const missing = ['id', 'type', 'time'].find((key) => attributes.get(key) === undefined);
          current = {
            raw: {
              id: attributes.get('id') ?? '',
              type: attributes.get('type') ?? '',
              time: attributes.get('time') ?? '',
              attributes: new Map(),
              relationships: [],
              where: (_part, message) => located(line, col, message),
            },
            line,
            col,
            problem:
              missing === undefined
                ? undefined
                : located(line, col, `<event> has no ${missing} attribute; OCEL 2.0 requires it`),
          };
        } else if (current !== undefined && depth === 4 && name === 'attribute' && parent === 'attributes') {
          attributeName = attributes.get('name');
          attributeText = '';
          if (attributeName === undefined)
            current.problem ??= located(line, col, '<attribute> has no name attribute; OCEL 2.0 requires it');
        } else if (current !== undefined && depth === 4 && parent === 'objects') {
          // <relationship object-id qualifier/> (pm4py and most tools); the XSD's <object object-id …/> reads too.
          const objectId = attributes.get('object-id');
          if (objectId === undefined)
            current.problem ??= located(
              line,
              col,
              `<${shownXmlName(name, quoteNames)}> has no object-id attribute; OCEL 2.0 requires it`,
            );
          else
            current.raw.relationships.push({
              objectId,
              qualifier: attributes.get('qualifier') ?? '',
              where: (message) => located(line, col, message),
            });
        }
      },
      close(name) {
        names.pop();
        if (name === 'attribute' && attributeName !== undefined && current !== undefined) {
          current.raw.attributes.set(attributeName, attributeText);
          attributeName = undefined;
        } else if (name === 'event' && names.length === 2 && current !== undefined) {
          if (current.problem !== undefined) reject(current.problem);
          else if (objectsKnown) convert(current.raw, current.line, current.col);
          else pending.push(current);
          current = undefined;
        } else if (name === 'objects' && names.length === 1) objectsRead();
      },
      text(text, line, col) {
        if (attributeName === undefined) return;
        if (attributeText.length + text.length > MAX_XML_TOKEN)
          throw xmlError(
            path,
            line,
            col,
            `the value of attribute ${shownXmlName(attributeName, quoteNames)} is longer than ${MAX_XML_TOKEN} characters, more than any event log needs`,
          );
        attributeText += text;
      },
    },
    { ...options, quoteNames },
  );
  if (!objectsKnown) objectsRead();
  for (const p of pending) convert(p.raw, p.line, p.col);
  converter.finish();
  if (problems.length > 0) throwProblems(path, problems);
}

/** Reads a whole OCEL 2.0 XML file (streamed); problems with events are thrown together at the end. */
export async function readOcelXml(path: string, options: XmlReadOptions = {}): Promise<CaseEvent[]> {
  const events: CaseEvent[] = [];
  await streamOcelXml(path, (e) => void events.push(e), options);
  return events;
}
