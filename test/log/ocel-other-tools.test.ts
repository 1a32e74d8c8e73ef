// OCEL logs as other process-mining tools write them: no "case" qualifiers (the case object type named with
// --case-type, as flattening tools do), local times without an offset, XES lifecycle transitions; OCEL 1.0 logs
// told apart with advice on converting them; an OCEL JSON log over its size limit; a gzip-compressed OCEL XML.
import { truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ImportReject } from '../../src/log/checks.ts';
import type { CaseEvent } from '../../src/log/event.ts';
import { readEventLog, type ReadEventLogOptions } from '../../src/log/read.ts';
import { FILE_LIMITS } from '../../src/core/read-file.ts';
import { asyncErrorOf, tempDir } from '../helpers.ts';

interface Ev {
  id: string;
  type: string;
  time: string;
  objects: [string, string][];
  attributes?: [string, string][];
}

const OBJECTS: [string, string][] = [
  ['o1', 'order'],
  ['o2', 'order'],
  ['i1', 'item'],
  ['i2', 'item'],
  ['i3', 'item'],
];

/** Orders and items, qualifiers as tools write them ("order", "item", "part of"), local times without an offset. */
const EVENTS: Ev[] = [
  {
    id: 'e1',
    type: 'place order',
    time: '2024-03-30T10:00:00',
    objects: [
      ['o1', 'order'],
      ['i1', 'item'],
      ['i2', 'item'],
    ],
  },
  { id: 'e2', type: 'pick item', time: '2024-03-31T09:00:00.25', objects: [['i1', 'item']] },
  {
    id: 'e3',
    type: 'pay order',
    time: '2024-04-01T12:00:00+02:00',
    objects: [['o1', 'order']],
    attributes: [['lifecycle:transition', 'start']],
  },
  {
    id: 'e4',
    type: 'merge orders',
    time: '2024-04-02T08:00:00',
    objects: [
      ['o1', 'part of'],
      ['o2', 'part of'],
      ['o1', 'again'],
    ],
  },
  {
    id: 'e5',
    type: 'ship',
    time: '2024-04-03T08:00:00',
    objects: [['o2', 'order']],
    attributes: [['lifecycle', 'suspend']],
  },
];

function ocelJson(events: Ev[] = EVENTS): string {
  return JSON.stringify(
    {
      objectTypes: [
        { name: 'order', attributes: [] },
        { name: 'item', attributes: [] },
      ],
      eventTypes: [...new Set(events.map((e) => e.type))].map((name) => ({ name, attributes: [] })),
      objects: OBJECTS.map(([id, type]) => ({ id, type, attributes: [], relationships: [] })),
      events: events.map((e) => ({
        id: e.id,
        type: e.type,
        time: e.time,
        attributes: (e.attributes ?? []).map(([name, value]) => ({ name, value })),
        relationships: e.objects.map(([objectId, qualifier]) => ({ objectId, qualifier })),
      })),
    },
    null,
    2,
  );
}

function ocelXml(events: Ev[] = EVENTS): string {
  const objects = OBJECTS.map(
    ([id, type]) => `    <object id="${id}" type="${type}"><attributes/><objects/></object>`,
  ).join('\n');
  const body = events
    .map(
      (e) =>
        `    <event id="${e.id}" type="${e.type}" time="${e.time}">\n      <attributes>${(e.attributes ?? []).map(([n, v]) => `<attribute name="${n}">${v}</attribute>`).join('')}</attributes>\n      <objects>${e.objects.map(([o, q]) => `<relationship object-id="${o}" qualifier="${q}"/>`).join('')}</objects>\n    </event>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<log>
  <object-types><object-type name="order"><attributes/></object-type><object-type name="item"><attributes/></object-type></object-types>
  <event-types/>
  <objects>
${objects}
  </objects>
  <events>
${body}
  </events>
</log>
`;
}

async function readLog(file: string, options: Partial<ReadEventLogOptions> = {}) {
  const events: CaseEvent[] = [];
  const rejects: ImportReject[] = [];
  const summary = await readEventLog(file, {
    ...options,
    onEvents: (batch) => void events.push(...batch),
    onReject: (r) => rejects.push(r),
  });
  return { events, rejects, summary };
}

const FORMS = [
  ['JSON', 'log.jsonocel', ocelJson],
  ['XML', 'log.xmlocel', ocelXml],
] as const;

describe('OCEL 2.0 from other tools', () => {
  for (const [form, name, write] of FORMS) {
    it(`${form}: without "case" qualifiers and without --case-type, one error names the object types and suggests --case-type`, async () => {
      const file = join(tempDir(), name);
      writeFileSync(file, write());
      expect(await asyncErrorOf(() => readLog(file))).toBe(
        `${file}:1:1: no event relates to a case object: no relationship has the qualifier "case" and no object has the type application, as in logs of other tools; the object types are "order" (2 objects), "item" (3 objects). Name the type whose objects are the cases with --case-type <type>; every event related to an object of that type becomes an event of that object's case`,
      );
      expect(await asyncErrorOf(() => readLog(file, { caseType: 'customer' }))).toBe(
        `${file}:1:1: no object has the type "customer" that --case-type names; the object types are "order" (2 objects), "item" (3 objects)`,
      );
    });

    it(`${form}: --case-type order makes each order a case; an event of two orders is an event of each; events of items only are rejected`, async () => {
      const file = join(tempDir(), name);
      writeFileSync(file, write());
      const { events, rejects, summary } = await readLog(file, { caseType: 'order' });
      expect(summary).toMatchObject({
        dataRows: 6,
        accepted: 5,
        rejected: 1,
        duplicates: 0,
        timeZone: 'Europe/Amsterdam',
      });
      expect(events.map((e) => [e.eventId, e.caseId, e.activity, e.lifecycle, e.timeMs, e.offsetMinutes])).toEqual([
        ['e1', 'o1', 'place order', 'complete', Date.UTC(2024, 2, 30, 9), 60],
        ['e3', 'o1', 'pay order', 'start', Date.UTC(2024, 3, 1, 10), 120],
        ['e4@o1', 'o1', 'merge orders', 'complete', Date.UTC(2024, 3, 2, 6), 120],
        ['e4@o2', 'o2', 'merge orders', 'complete', Date.UTC(2024, 3, 2, 6), 120],
        ['e5', 'o2', 'ship', 'start', Date.UTC(2024, 3, 3, 6), 120],
      ]);
      expect(rejects).toHaveLength(1);
      expect(rejects[0].reason).toMatch(
        /the event relates to no object of type "order" \(--case-type\), so it belongs to no case$/,
      );
      // The items are cases too, when asked: the event of an order and two items is one event of each item.
      const byItem = await readLog(file, { caseType: 'item', timeZone: 'UTC' });
      expect(byItem.events.map((e) => [e.eventId, e.caseId, e.timeMs])).toEqual([
        ['e1@i1', 'i1', Date.UTC(2024, 2, 30, 10)],
        ['e1@i2', 'i2', Date.UTC(2024, 2, 30, 10)],
        ['e2', 'i1', Date.UTC(2024, 2, 31, 9, 0, 0, 250)],
      ]);
    });
  }

  it('reads a gzip-compressed OCEL XML log; refuses a compressed JSON one with advice', async () => {
    const dir = tempDir();
    const xml = join(dir, 'log.xmlocel.gz');
    writeFileSync(xml, gzipSync(ocelXml()));
    expect((await readLog(xml, { caseType: 'order' })).summary).toMatchObject({ accepted: 5, rejected: 1 });
    const json = join(dir, 'log.jsonocel.gz');
    writeFileSync(json, gzipSync(ocelJson()));
    expect(await asyncErrorOf(() => readLog(json))).toBe(
      `${json}:1:1: a gzip-compressed OCEL JSON log is not read directly; decompress it first (gunzip), or convert it to OCEL 2.0 XML, which is read compressed too`,
    );
  });

  it(`refuses an OCEL JSON log larger than ${FILE_LIMITS.ocelJson / 2 ** 20} MiB before reading it`, async () => {
    const file = join(tempDir(), 'huge.jsonocel');
    writeFileSync(file, '');
    truncateSync(file, FILE_LIMITS.ocelJson + 1); // sparse: no disk used
    expect(await asyncErrorOf(() => readLog(file))).toBe(
      `${file}:1:1: the file is larger than 512 MiB, the limit for an OCEL 2.0 JSON log; check that this is the right file, or split it`,
    );
  });
});

describe('OCEL JSON against hostile input', () => {
  it('answers JSON nested a million deep with a located error, valid or not', async () => {
    const file = join(tempDir(), 'deep.jsonocel');
    const n = 1_000_000;
    writeFileSync(file, `{"objects": [], "events": ${'['.repeat(n)}`);
    expect(await asyncErrorOf(() => readLog(file))).toBe(
      `${file}:1:1027: not valid JSON: Unexpected end of JSON input (somewhere after this point, where arrays and objects nest more than 1000 deep, deeper than an OCEL log)`,
    );
    writeFileSync(
      file,
      `{"objects": [], "events": [{"id": "e", "type": "t", "time": "2024-01-01T00:00:00Z", "attributes": [{"name": "x", "value": ${'{"a":'.repeat(n)}1${'}'.repeat(n)}}]}]}`,
    );
    const { rejects, summary } = await readLog(file);
    expect(summary).toMatchObject({ accepted: 0, rejected: 1 });
    expect(rejects.map((r) => r.reason)).toEqual([
      'events[0].attributes[0].value: missing or not a string, number or boolean',
    ]);
  });
});

describe('OCEL 1.0', () => {
  it('is told apart in JSON and XML, with how to convert it to OCEL 2.0', async () => {
    const dir = tempDir();
    const json = join(dir, 'v1.jsonocel');
    writeFileSync(
      json,
      JSON.stringify(
        {
          'ocel:global-event': { 'ocel:activity': '__INVALID__' },
          'ocel:global-log': { 'ocel:version': '1.0', 'ocel:object-types': ['order'] },
          'ocel:events': {
            e1: {
              'ocel:activity': 'place order',
              'ocel:timestamp': '1980-01-01T00:00:00',
              'ocel:omap': ['o1'],
              'ocel:vmap': {},
            },
          },
          'ocel:objects': { o1: { 'ocel:type': 'order', 'ocel:ovmap': {} } },
        },
        null,
        2,
      ),
    );
    expect(await asyncErrorOf(() => readLog(json))).toBe(
      `${json}:5:22: ocel:global-log: this is an OCEL 1.0 log (it has "ocel:global-log"), which is not supported; doorstroom reads OCEL 2.0 only; convert the log first, e.g. with pm4py: ocel = pm4py.read_ocel_json("log.jsonocel"); pm4py.write_ocel2_json(ocel, "log-2.0.jsonocel")`,
    );
    const xml = join(dir, 'v1.xmlocel');
    writeFileSync(
      xml,
      `<?xml version='1.0' encoding='UTF-8'?>
<log>
  <global scope="event"><string key="ocel:activity" value="__INVALID__"/></global>
  <events>
    <event><string key="id" value="e1"/><date key="timestamp" value="1980-01-01T00:00:00"/><string key="activity" value="place order"/><list key="omap"><string key="object-id" value="o1"/></list></event>
  </events>
  <objects><object><string key="id" value="o1"/><string key="type" value="order"/></object></objects>
</log>
`,
    );
    expect(await asyncErrorOf(() => readLog(xml))).toBe(
      `${xml}:3:3: this is an OCEL 1.0 log (it has <global> in <log>), which is not supported; doorstroom reads OCEL 2.0 only; convert the log first, e.g. with pm4py: ocel = pm4py.read_ocel_xml("log.xmlocel"); pm4py.write_ocel2_xml(ocel, "log-2.0.xmlocel")`,
    );
    // Without the <global> elements, the events give it away.
    writeFileSync(
      xml,
      `<log>\n  <events>\n    <event>\n      <string key="id" value="e1"/>\n    </event>\n  </events>\n</log>\n`,
    );
    expect(await asyncErrorOf(() => readLog(xml))).toMatch(
      new RegExp(
        `^${xml}:4:7: this is an OCEL 1.0 log \\(its events hold <string key="…">\\), which is not supported; `,
      ),
    );
  });

  it('and an XES log given as OCEL XML, or an OCEL XML log given as XES, is named for what it is', async () => {
    const dir = tempDir();
    const file = join(dir, 'log.xml');
    writeFileSync(file, '<log>\n  <trace><string key="concept:name" value="c1"/></trace>\n</log>\n');
    expect(await asyncErrorOf(() => readLog(file))).toBe(
      `${file}:2:3: <trace> in <log> is XES, not OCEL; name the file .xes or give --format xes`,
    );
    const xes = join(dir, 'log.xes');
    writeFileSync(xes, ocelXml());
    expect(await asyncErrorOf(() => readLog(xes))).toBe(
      `${xes}:3:3: <object-types> in <log> is OCEL, not XES; name the file .xmlocel or give --format ocel-xml`,
    );
  });
});
