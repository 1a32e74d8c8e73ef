// OCEL 2.0 JSON and XML: round trips, the specification's keys and element names, reading a log written by
// another tool (household objects, no lifecycle), and located errors for malformed files.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseEvent } from '../../src/log/event.ts';
import { readOcelJson, readOcelXml, streamOcelXml, writeOcelJson, writeOcelXml } from '../../src/log/ocel.ts';
import { tempDir } from '../helpers.ts';
import { asRead, caseEvent } from './events.ts';
import { asyncErrorOf as errorOf } from '../helpers.ts';

const base = caseEvent({ caseId: 'V&1 "<x>"', personId: 'persoon-ü' });

/** Odd characters, +01:00 and +02:00, an event without person, a case id that equals a person id, households. */
const SAMPLE: CaseEvent[] = [
  {
    ...base,
    eventId: 'e1',
    activity: 'aanmelding',
    lifecycle: 'schedule',
    timeMs: Date.UTC(2024, 0, 10, 9),
    offsetMinutes: 60,
    partner: "IND 'Zevenaar'",
    track: 'AA & "spoor"',
  },
  {
    ...base,
    eventId: 'e2',
    activity: 'gehoor <1>',
    lifecycle: 'start',
    timeMs: Date.UTC(2024, 6, 1, 6, 5, 4, 3),
    offsetMinutes: 120,
    location: 'Budel-Cranendonck',
    outcome: 'ĳ – “ok”',
    persons: 3,
    children: 1,
  },
  {
    ...base,
    eventId: 'e3',
    activity: 'gehoor <1>',
    lifecycle: 'complete',
    timeMs: Date.UTC(2024, 6, 2, 6),
    offsetMinutes: 120,
    personId: '',
    municipality: 'Súdwest-Fryslân',
    persons: 2,
  },
  {
    ...base,
    eventId: 'e4',
    caseId: 'same',
    personId: 'same',
    activity: 'huisvesting',
    lifecycle: 'complete',
    timeMs: Date.UTC(2024, 11, 31, 22, 59, 59, 999),
    offsetMinutes: 60,
    cohort: '2024-Q4',
    stage: 'huisvesting',
  },
];

describe('OCEL 2.0 JSON', () => {
  it('reads back exactly what it wrote, with the specification keys and no temporary file left', () => {
    const dir = tempDir();
    const file = join(dir, 'log.jsonocel');
    writeOcelJson(file, SAMPLE);
    expect(readdirSync(dir)).toEqual(['log.jsonocel']);
    expect(readOcelJson(file)).toEqual(asRead(SAMPLE));
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(Object.keys(doc)).toEqual(['objectTypes', 'eventTypes', 'objects', 'events']);
    expect(doc.objectTypes.map((t: { name: string }) => t.name)).toEqual([
      'application',
      'person',
      'household',
      'appeal',
    ]);
    expect(doc.eventTypes[0].attributes.slice(-2)).toEqual([
      { name: 'persons', type: 'integer' },
      { name: 'children', type: 'integer' },
    ]);
    // Default counts (1 person, 0 children) are left out.
    expect(doc.events[0].attributes.map((a: { name: string }) => a.name)).toEqual(['lifecycle', 'partner', 'track']);
    expect(doc.events[2].attributes).toContainEqual({ name: 'persons', value: 2 });
    expect(doc.events[2].attributes.map((a: { name: string }) => a.name)).not.toContain('children');
    expect(doc.events[1]).toEqual({
      id: 'e2',
      type: 'gehoor <1>',
      time: '2024-07-01T08:05:04.003+02:00',
      attributes: [
        { name: 'lifecycle', value: 'start' },
        { name: 'location', value: 'Budel-Cranendonck' },
        { name: 'outcome', value: 'ĳ – “ok”' },
        { name: 'persons', value: 3 },
        { name: 'children', value: 1 },
      ],
      relationships: [
        { objectId: 'application:V&1 "<x>"', qualifier: 'case' },
        { objectId: 'person:persoon-ü', qualifier: 'person' },
      ],
    });
  });

  it('reads a log from another tool: unprefixed ids, household relations, no lifecycle (complete), numeric attributes', () => {
    const file = join(tempDir(), 'other.json');
    writeFileSync(
      file,
      JSON.stringify({
        objectTypes: [
          { name: 'application', attributes: [] },
          { name: 'person', attributes: [] },
          { name: 'household', attributes: [] },
        ],
        eventTypes: [{ name: 'besluit', attributes: [] }],
        objects: [
          { id: 'A1', type: 'application' },
          { id: 'P1', type: 'person' },
          { id: 'H1', type: 'household' },
        ],
        events: [
          {
            id: 'x1',
            type: 'besluit',
            time: '2024-02-01T12:00:00Z',
            attributes: [
              { name: 'cohort', value: 2024 },
              { name: 'persons', value: 5 },
              { name: 'children', value: '2' },
            ],
            relationships: [
              { objectId: 'H1', qualifier: 'household' },
              { objectId: 'P1', qualifier: 'applicant' },
              { objectId: 'A1', qualifier: 'about' },
            ],
          },
        ],
      }),
    );
    expect(readOcelJson(file)).toEqual([
      {
        ...base,
        eventId: 'x1',
        caseId: 'A1',
        personId: 'P1',
        activity: 'besluit',
        lifecycle: 'complete',
        timeMs: Date.UTC(2024, 1, 1, 12),
        offsetMinutes: 0,
        cohort: '2024',
        persons: 5,
        children: 2,
      },
    ]);
  });

  it('names the JSON path, line and column of each bad element, quoting no id', async () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(
      file,
      JSON.stringify(
        {
          objects: [
            { id: 'A1', type: 'application' },
            { id: 7, type: 'person' },
            { id: 'A1', type: 'application' },
          ],
          events: [],
        },
        null,
        2,
      ),
    );
    expect((await errorOf(() => readOcelJson(file))).split('\n')).toEqual([
      `${file}:8:13: objects[1].id: must be a string, not a number`,
      `${file}:12:13: objects[2].id: this object id appears twice; object ids are unique`,
    ]);
    writeFileSync(
      file,
      JSON.stringify(
        {
          objects: [
            { id: 'A1', type: 'application' },
            { id: 'V1234567890', type: 'person' },
          ],
          events: [
            { id: 'x1', type: 'a', time: '01-02-2024 12:00', relationships: [{ objectId: 'A1', qualifier: 'case' }] },
            {
              id: 'x2',
              type: 'a',
              time: '2024-02-01T12:00:00Z',
              relationships: [{ objectId: 'V2345678901', qualifier: 'case' }],
            },
            {
              id: 'x3',
              type: 'a',
              time: '2024-02-01T12:00:00Z',
              attributes: [{ name: 'lifecycle', value: 'pause' }],
              relationships: [{ objectId: 'A1' }],
            },
            {
              id: 'x4',
              type: 'a',
              time: '2024-02-01T12:00:00Z',
              attributes: [
                { name: 'persons', value: 2 },
                { name: 'children', value: 4 },
              ],
              relationships: [{ objectId: 'A1' }],
            },
            {
              id: 'x5',
              type: 'a',
              time: '2024-02-01T12:00:00Z',
              relationships: [{ objectId: 'V1234567890', qualifier: 'person' }],
            },
            { id: ['V1234567890'], type: 'a', time: '2024-02-01T12:00:00Z' },
          ],
        },
        null,
        2,
      ),
    );
    const message = await errorOf(() => readOcelJson(file));
    expect(message.split('\n')).toEqual([
      `${file}:16:15: events[0].time: time '01-02-2024 12:00' is not a date and time such as 2024-03-31T09:30:00+02:00 or 2024-03-31T09:30:00`,
      `${file}:30:23: events[1].relationships[0].objectId: refers to an object id that is not among the objects; add the object there or remove the relationship`,
      `${file}:39:21: events[2].attributes: lifecycle 'pause' is not a transition of the XES standard lifecycle model (schedule, assign, reassign, start, suspend, resume, complete, autoskip, manualskip, withdraw, ate_abort, pi_abort, unknown); map it to schedule, start or complete under lifecycles: in a mapping file (--mapping)`,
      `${file}:55:21: events[3].attributes: children "4" is more than persons (2)`,
      `${file}:75:24: events[4].relationships: the event relates to no case object (a relationship with qualifier "case", or an object of type application); name the object type whose objects are the cases with --case-type`,
      `${file}:83:13: events[5].id: must be a string, not an array`,
    ]);
    expect(message).not.toMatch(/V\d/);
    writeFileSync(file, '{"objects": [],\n "events": [\n  {"id": "x", "type": "a", "relationships": []}\n]}');
    expect(await errorOf(() => readOcelJson(file))).toBe(
      `${file}:3:3: events[0].time: missing; OCEL 2.0 requires "time" (a string)`,
    );
    writeFileSync(file, '{\n  "objects": [\n    {"id": "a",}\n  ]\n}');
    expect(await errorOf(() => readOcelJson(file))).toBe(
      `${file}:3:16: not valid JSON: Expected double-quoted property name`,
    );
    // V8 quotes the text around some errors; that text (which may hold an identifier) is left out, the place found.
    writeFileSync(file, '{\n  "objects": [\n    {"id": V1234567890}\n  ]\n}');
    expect(await errorOf(() => readOcelJson(file))).toBe(`${file}:3:12: not valid JSON: Unexpected token 'V'`);
    writeFileSync(file, '{"objects": [], "events": [{"id": "V1234567890"');
    expect(await errorOf(() => readOcelJson(file))).toBe(
      `${file}:1:48: not valid JSON: Expected ',' or '}' after property value`,
    );
  });
});

describe('OCEL 2.0 XML', () => {
  it('reads back exactly what it wrote, at every chunk size, with the specification element names', async () => {
    const dir = tempDir();
    const file = join(dir, 'log.xmlocel');
    writeOcelXml(file, SAMPLE);
    expect(readdirSync(dir)).toEqual(['log.xmlocel']);
    for (const chunkSize of [undefined, 1, 3, 17])
      expect(await readOcelXml(file, { chunkSize }), `chunk ${chunkSize}`).toEqual(asRead(SAMPLE));
    const text = readFileSync(file, 'utf8');
    for (const element of [
      '<log>',
      '<object-types>',
      '<object-type name="household">',
      '<event-types>',
      '<objects>',
      '<events>',
    ]) {
      expect(text).toContain(element);
    }
    expect(text).toContain(
      '<event id="e2" type="gehoor &lt;1&gt;" time="2024-07-01T08:05:04.003+02:00"><attributes><attribute name="lifecycle">start</attribute>',
    );
    expect(text).toContain('<relationship object-id="application:V&amp;1 &quot;&lt;x&gt;&quot;" qualifier="case"/>');
  });

  it('reads the same log from JSON and XML', async () => {
    const dir = tempDir();
    writeOcelJson(join(dir, 'a.json'), SAMPLE);
    writeOcelXml(join(dir, 'a.xml'), SAMPLE);
    expect(await readOcelXml(join(dir, 'a.xml'))).toEqual(readOcelJson(join(dir, 'a.json')));
  });

  it('gives located errors for malformed XML and for bad content', async () => {
    const file = join(tempDir(), 'bad.xml');
    writeFileSync(file, '<log>\n  <objects>\n    <object id="A1" type="application">\n  </objects>\n</log>\n');
    expect(await errorOf(() => readOcelXml(file))).toBe(
      `${file}:4:3: end tag </objects> does not match <object> opened at 3:5; write </object>`,
    );
    writeFileSync(
      file,
      `<log>
  <objects><object id="A1" type="application"/></objects>
  <events>
    <event id="x1" type="a"><objects><relationship object-id="A1" qualifier="case"/></objects></event>
    <event id="x2" type="a" time="2024-01-01T00:00:00Z"><objects><relationship object-id="P9" qualifier="person"/></objects></event>
  </events>
</log>`,
    );
    expect((await errorOf(() => readOcelXml(file))).split('\n')).toEqual([
      `${file}:4:5: <event> has no time attribute; OCEL 2.0 requires it`,
      `${file}:5:66: refers to an object id that is not among the objects; add the object there or remove the relationship`,
    ]);
    writeFileSync(
      file,
      `<log>
  <objects><object id="A1" type="application"/></objects>
  <events>
    <event id="x2" type="a" time="2024-01-01T00:00:00Z"><objects><object object-id="P9" qualifier="person"/></objects></event>
    <event id="x3" type="a" time="2024-01-01T00:00:00Z"><objects/></event>
    <event id="x4" type="a" time="2024-01-01T00:00:00Z"><attributes><attribute name="persons">two</attribute></attributes><objects><relationship object-id="A1"/></objects></event>
  </events>
</log>`,
    );
    expect((await errorOf(() => readOcelXml(file))).split('\n')).toEqual([
      `${file}:4:66: refers to an object id that is not among the objects; add the object there or remove the relationship`,
      `${file}:5:5: the event relates to no case object (a relationship with qualifier "case", or an object of type application); name the object type whose objects are the cases with --case-type`,
      `${file}:6:5: persons "two" must be a whole number of at least 1`,
    ]);
    writeFileSync(
      file,
      '<log>\n  <objects>\n    <object id="V1234567890" type="person"/>\n    <object id="V1234567890" type="person"/>\n  </objects>\n</log>',
    );
    expect(await errorOf(() => readOcelXml(file))).toBe(
      `${file}:4:5: this object id appears twice; object ids are unique`,
    );
  });

  it('passes events on as they close once the objects are known, and at the end when the objects come last', async () => {
    const file = join(tempDir(), 'order.xml');
    const event = (id: string) =>
      `<event id="${id}" type="a" time="2024-01-01T00:00:00Z"><objects><relationship object-id="A1" qualifier="case"/></objects></event>`;
    const objects = '<objects><object id="A1" type="application"/></objects>';
    const seen: string[] = [];
    const handlers = {
      onChunk: () => void seen.push('chunk'),
      onReject: () => seen.push('reject'),
    };
    writeFileSync(file, `<log>${objects}<events>${event('x1')}${event('x2')}</events></log>`);
    await streamOcelXml(file, (e, line, col) => seen.push(`${e.eventId}@${line}:${col}`), {
      ...handlers,
      chunkSize: 1 << 20,
    });
    expect(seen).toEqual(['x1@1:69', 'x2@1:195', 'chunk', 'chunk']);
    seen.length = 0;
    writeFileSync(file, `<log><events>${event('x1')}</events>${objects}</log>`);
    await streamOcelXml(file, (e) => seen.push(e.eventId), handlers);
    expect(seen).toEqual(['chunk', 'chunk', 'x1']);
  });
});
