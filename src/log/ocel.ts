// OCEL 2.0 object-centric event logs, JSON and XML forms (keys and element names as in the OCEL 2.0
// specification, ocel-standard.org). Object types: application (the case), person, household and appeal.
//
// Writing: every CaseEvent becomes an OCEL event with id = eventId, type = activity, time = the instant with its
// UTC offset, attributes lifecycle, partner, stage, track, cohort, location, municipality and outcome (empty
// ones left out), and relationships to its application object (qualifier "case") and, when personId is not
// empty, its person object (qualifier "person"). Object ids are `application:<caseId>` and `person:<personId>`
// so a case and a person with the same pseudonym cannot collide; each application relates to its persons
// (qualifier "person"). Files are written whole or not at all.
//
// Reading: the related object of type application gives caseId (a relationship qualified "case" first), the
// related person gives personId; the `application:` / `person:` prefix is removed when present. A missing
// lifecycle reads as complete. Relationships to households, appeals and other objects are read past.
// Errors name the JSON path of the bad element with its line and column (JSON) or the line and column (XML);
// the JSON form is parsed whole (JSON.parse), the XML form is streamed. Object attributes, object-to-object
// relations and the attribute types declared under eventTypes/objectTypes are read past.
import { readFileSync } from 'node:fs';
import { type Diagnostic, ModelError } from '../model/diagnostics.ts';
import { type CaseEvent, EVENT_ATTRIBUTES, LIFECYCLES, type Lifecycle } from './event.ts';
import { formatDateTime, parseDateTime } from './xes.ts';
import { type XmlAttributes, type XmlReadOptions, escapeXml, parseXmlFile, xmlError } from './xml-stream.ts';
import { writeTextAtomically } from '../io/atomic-write.ts';

export const OCEL_OBJECT_TYPES = ['application', 'person', 'household', 'appeal'] as const;

/** Event attributes doorstroom writes, in this order. */
const OCEL_EVENT_ATTRIBUTES = ['lifecycle', 'partner', ...EVENT_ATTRIBUTES] as const;

const APPLICATION_PREFIX = 'application:';
const PERSON_PREFIX = 'person:';

function eventAttributeValues(e: CaseEvent): [string, string][] {
  const values: [string, string][] = [
    ['lifecycle', e.lifecycle],
    ['partner', e.partner],
  ];
  for (const a of EVENT_ATTRIBUTES) values.push([a, e[a]]);
  return values.filter(([, v]) => v !== '');
}

/** Activities in order of first appearance, and persons per case (for the application → person relations). */
function collect(events: readonly CaseEvent[]): { activities: string[]; cases: Map<string, Set<string>>; persons: Set<string> } {
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
  const attributeTypes = OCEL_EVENT_ATTRIBUTES.map((name) => ({ name, type: 'string' }));
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
    const attributeTypes = OCEL_EVENT_ATTRIBUTES.map((a) => `<attribute name="${a}" type="string"/>`).join('');
    for (const a of activities) out.write(`    <event-type name="${x(a)}"><attributes>${attributeTypes}</attributes></event-type>\n`);
    out.write('  </event-types>\n  <objects>\n');
    for (const [caseId, members] of cases) {
      const rel = [...members].map((p) => `<relationship object-id="${x(PERSON_PREFIX + p)}" qualifier="person"/>`).join('');
      out.write(`    <object id="${x(APPLICATION_PREFIX + caseId)}" type="application"><attributes/><objects>${rel}</objects></object>\n`);
    }
    for (const p of persons) out.write(`    <object id="${x(PERSON_PREFIX + p)}" type="person"><attributes/><objects/></object>\n`);
    out.write('  </objects>\n  <events>\n');
    for (const e of events) {
      let s = `    <event id="${x(e.eventId)}" type="${x(e.activity)}" time="${formatDateTime(e.timeMs, e.offsetMinutes)}"><attributes>`;
      for (const [name, value] of eventAttributeValues(e)) s += `<attribute name="${name}">${x(value)}</attribute>`;
      s += `</attributes><objects><relationship object-id="${x(APPLICATION_PREFIX + e.caseId)}" qualifier="case"/>`;
      if (e.personId !== '') s += `<relationship object-id="${x(PERSON_PREFIX + e.personId)}" qualifier="person"/>`;
      out.write(s + '</objects></event>\n');
    }
    out.write('  </events>\n</log>\n');
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Reading: both forms produce RawEvents, which one function turns into CaseEvents.

interface RawRelationship {
  objectId: string;
  qualifier: string;
  /** Locates this relationship's object id in the file. */
  where: (message: string) => Diagnostic;
}

interface RawEvent {
  id: string;
  type: string;
  time: string;
  attributes: Map<string, string>;
  relationships: RawRelationship[];
  /** Locates a problem with the event (`part` names the sub-element for JSON paths, e.g. `time`). */
  where: (part: string, message: string) => Diagnostic;
}

function stripPrefix(id: string, prefix: string): string {
  return id.startsWith(prefix) ? id.slice(prefix.length) : id;
}

function toCaseEvents(raw: readonly RawEvent[], objectTypes: ReadonlyMap<string, string>, problems: Diagnostic[]): CaseEvent[] {
  const events: CaseEvent[] = [];
  for (const r of raw) {
    let application: RawRelationship | undefined;
    let person: RawRelationship | undefined;
    let bad = false;
    for (const rel of r.relationships) {
      const type = objectTypes.get(rel.objectId);
      if (type === undefined) {
        problems.push(rel.where(`refers to object '${rel.objectId}', which is not among the objects; add it there or remove the relationship`));
        bad = true;
      } else if (type === 'application' && (application === undefined || (rel.qualifier === 'case' && application.qualifier !== 'case'))) {
        application = rel;
      } else if (type === 'person' && (person === undefined || (rel.qualifier === 'person' && person.qualifier !== 'person'))) {
        person = rel;
      }
    }
    if (application === undefined) {
      if (!bad) problems.push(r.where('relationships', `event '${r.id}' relates to no application object; add a relationship to its case (qualifier "case")`));
      continue;
    }
    const lifecycle = (r.attributes.get('lifecycle') ?? 'complete').toLowerCase();
    if (!(LIFECYCLES as readonly string[]).includes(lifecycle)) {
      problems.push(
        r.where('attributes', `event '${r.id}': lifecycle '${r.attributes.get('lifecycle')}' is not one of ${LIFECYCLES.join(', ')}; map it to one of these or leave the event out`),
      );
      continue;
    }
    const time = parseDateTime(r.time);
    if (typeof time === 'string') {
      problems.push(r.where('time', `event '${r.id}': time ${time}`));
      continue;
    }
    if (bad) continue;
    const attr = (name: string): string => r.attributes.get(name) ?? '';
    events.push({
      eventId: r.id,
      caseId: stripPrefix(application.objectId, APPLICATION_PREFIX),
      personId: person === undefined ? '' : stripPrefix(person.objectId, PERSON_PREFIX),
      activity: r.type,
      lifecycle: lifecycle as Lifecycle,
      timeMs: time.timeMs,
      offsetMinutes: time.offsetMinutes,
      partner: attr('partner'),
      stage: attr('stage'),
      track: attr('track'),
      cohort: attr('cohort'),
      location: attr('location'),
      municipality: attr('municipality'),
      outcome: attr('outcome'),
    });
  }
  return events;
}

/** Line and column of a JSON.parse failure, from V8's message (`… (line 3 column 7)` or `… at position 45`). */
function jsonSyntaxLocation(message: string, text: string): [number, number] {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc !== null) return [Number(lc[1]), Number(lc[2])];
  const pos = /position (\d+)/.exec(message);
  if (pos === null) return [1, 1];
  const before = text.slice(0, Number(pos[1]));
  const line = before.split('\n').length;
  return [line, before.length - before.lastIndexOf('\n')];
}

// Locating a JSON path in the text, for error messages only (JSON.parse keeps no positions).

function skipSpace(text: string, p: number): number {
  while (p < text.length && (text[p] === ' ' || text[p] === '\n' || text[p] === '\r' || text[p] === '\t')) p++;
  return p;
}

/** Index after the string literal starting at text[p] === '"'. */
function skipString(text: string, p: number): number {
  let i = p + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** Index after the JSON value starting at text[p]. */
function skipValue(text: string, p: number): number {
  if (text[p] === '"') return skipString(text, p);
  if (text[p] === '{' || text[p] === '[') {
    let depth = 0;
    let i = p;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
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

/** Line and column of the element at `jsonPath` (e.g. `events[3].time`), or of the nearest enclosing one present. */
function locateJsonPath(text: string, jsonPath: string): [number, number] {
  let p = skipSpace(text, 0);
  for (const m of jsonPath.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    const next = childAt(text, p, m[1] !== undefined ? Number(m[1]) : m[2]);
    if (next < 0) break;
    p = next;
  }
  const before = text.slice(0, p);
  const line = before.split('\n').length;
  return [line, p - before.lastIndexOf('\n')];
}

/** At most this many problems are located and reported from one file; the rest are counted. */
const MAX_REPORTED = 50;

/** Reads an OCEL 2.0 JSON file. Errors name the JSON path of the bad element and where it is in the file. */
export function readOcelJson(path: string): CaseEvent[] {
  const text = readFileSync(path, 'utf8');
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(json);
  } catch (error) {
    const message = (error as Error).message;
    const [line, col] = jsonSyntaxLocation(message, text);
    throw new ModelError([{ file: path, line, col, path: '', message: `not valid JSON: ${message}` }]);
  }
  const problems: Diagnostic[] = [];
  const at = (jsonPath: string, message: string): Diagnostic => ({ file: path, line: 1, col: 1, path: jsonPath, message });
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
  const str = (o: Record<string, unknown>, key: string, jsonPath: string): string | undefined => {
    const v = o[key];
    if (typeof v === 'string') return v;
    problems.push(at(`${jsonPath}.${key}`, v === undefined ? `missing; OCEL 2.0 requires "${key}" (a string)` : `must be a string, not ${JSON.stringify(v)}`));
    return undefined;
  };
  const array = (o: Record<string, unknown>, key: string, jsonPath: string, required: boolean): unknown[] => {
    const v = o[key];
    if (Array.isArray(v)) return v;
    if (v !== undefined || required) problems.push(at(jsonPath === '' ? key : `${jsonPath}.${key}`, v === undefined ? `missing; OCEL 2.0 requires "${key}" (an array)` : 'must be an array'));
    return [];
  };
  if (!isObject(doc)) throw new ModelError([at('', 'an OCEL 2.0 JSON file holds one object with objectTypes, eventTypes, objects and events')]);

  const objectTypes = new Map<string, string>();
  array(doc, 'objects', '', true).forEach((o, i) => {
    const p = `objects[${i}]`;
    if (!isObject(o)) return void problems.push(at(p, 'must be an object with id and type'));
    const id = str(o, 'id', p);
    const type = str(o, 'type', p);
    if (id !== undefined && type !== undefined) {
      if (objectTypes.has(id)) problems.push(at(`${p}.id`, `object id '${id}' appears twice; object ids are unique`));
      objectTypes.set(id, type);
    }
  });
  const raw: RawEvent[] = [];
  array(doc, 'events', '', true).forEach((e, i) => {
    const p = `events[${i}]`;
    if (!isObject(e)) return void problems.push(at(p, 'must be an object with id, type, time, attributes and relationships'));
    const id = str(e, 'id', p);
    const type = str(e, 'type', p);
    const time = str(e, 'time', p);
    const attributes = new Map<string, string>();
    array(e, 'attributes', p, false).forEach((a, j) => {
      const ap = `${p}.attributes[${j}]`;
      if (!isObject(a)) return void problems.push(at(ap, 'must be an object with name and value'));
      const name = str(a, 'name', ap);
      const value = a.value;
      if (value === undefined || value === null || typeof value === 'object') problems.push(at(`${ap}.value`, 'missing or not a string, number or boolean'));
      else if (name !== undefined) attributes.set(name, String(value));
    });
    const relationships: RawRelationship[] = [];
    array(e, 'relationships', p, false).forEach((r, j) => {
      const rp = `${p}.relationships[${j}]`;
      if (!isObject(r)) return void problems.push(at(rp, 'must be an object with objectId and qualifier'));
      const objectId = str(r, 'objectId', rp);
      const qualifier = typeof r.qualifier === 'string' ? r.qualifier : '';
      if (objectId !== undefined) relationships.push({ objectId, qualifier, where: (m) => at(`${rp}.objectId`, m) });
    });
    if (id !== undefined && type !== undefined && time !== undefined) {
      raw.push({ id, type, time, attributes, relationships, where: (part, m) => at(`${p}.${part}`, m) });
    }
  });
  const events = toCaseEvents(raw, objectTypes, problems);
  if (problems.length > 0) {
    const located = problems.slice(0, MAX_REPORTED).map((d) => {
      const [line, col] = locateJsonPath(json, d.path);
      return { ...d, line, col };
    });
    if (problems.length > MAX_REPORTED) {
      located.push({ file: path, line: 1, col: 1, path: '', message: `and ${problems.length - MAX_REPORTED} more problems` });
    }
    throw new ModelError(located);
  }
  return events;
}

/** Streams an OCEL 2.0 XML file (the events are held until the end, where object types are known). */
export async function readOcelXml(path: string, options: XmlReadOptions = {}): Promise<CaseEvent[]> {
  const objectTypes = new Map<string, string>();
  const raw: RawEvent[] = [];
  const problems: Diagnostic[] = [];
  const names: string[] = [];
  let current: RawEvent | undefined;
  let attributeName: string | undefined;
  let attributeText = '';
  const located = (line: number, col: number, message: string): Diagnostic => ({ file: path, line, col, path: '', message });
  const need = (name: string, attributes: XmlAttributes, key: string, line: number, col: number): string => {
    const v = attributes.get(key);
    if (v === undefined) throw xmlError(path, line, col, `<${name}> has no ${key} attribute; OCEL 2.0 requires it`);
    return v;
  };
  await parseXmlFile(
    path,
    {
      open(name, attributes, line, col) {
        const depth = names.length;
        const parent = depth === 0 ? '' : names[depth - 1];
        names.push(name);
        if (depth === 0) {
          if (name !== 'log') throw xmlError(path, line, col, `the root element is <${name}>, not <log>; is this an OCEL 2.0 XML file?`);
        } else if (depth === 2 && name === 'object' && parent === 'objects') {
          const id = need(name, attributes, 'id', line, col);
          if (objectTypes.has(id)) problems.push(located(line, col, `object id '${id}' appears twice; object ids are unique`));
          objectTypes.set(id, need(name, attributes, 'type', line, col));
        } else if (depth === 2 && name === 'event' && parent === 'events') {
          current = {
            id: need(name, attributes, 'id', line, col),
            type: need(name, attributes, 'type', line, col),
            time: need(name, attributes, 'time', line, col),
            attributes: new Map(),
            relationships: [],
            where: (_part, message) => located(line, col, message),
          };
        } else if (current !== undefined && depth === 4 && name === 'attribute' && parent === 'attributes') {
          attributeName = need(name, attributes, 'name', line, col);
          attributeText = '';
        } else if (current !== undefined && depth === 4 && parent === 'objects') {
          // <relationship object-id qualifier/> (pm4py and most tools); the XSD's <object object-id …/> reads too.
          current.relationships.push({
            objectId: need(name, attributes, 'object-id', line, col),
            qualifier: attributes.get('qualifier') ?? '',
            where: (message) => located(line, col, message),
          });
        }
      },
      close(name) {
        names.pop();
        if (name === 'attribute' && attributeName !== undefined && current !== undefined) {
          current.attributes.set(attributeName, attributeText);
          attributeName = undefined;
        } else if (name === 'event' && names.length === 2 && current !== undefined) {
          raw.push(current);
          current = undefined;
        }
      },
      text(text) {
        if (attributeName !== undefined) attributeText += text;
      },
    },
    options,
  );
  const events = toCaseEvents(raw, objectTypes, problems);
  if (problems.length > 0) throw new ModelError(problems);
  return events;
}
