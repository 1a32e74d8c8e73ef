// readEventLog: one entry point for CSV, XES and OCEL 2.0 (JSON and XML) with the same guarantees for each:
// every event accepted, rejected (line and reason) or duplicate; out-of-order events counted with their lines;
// strict mode stops at the first problem; batches of the asked size; pseudonymised ids the same in every format.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReject } from '../../src/log/checks.ts';
import type { CaseEvent } from '../../src/log/event.ts';
import { loadMapping } from '../../src/log/mapping.ts';
import { writeOcelJson, writeOcelXml } from '../../src/log/ocel.ts';
import { pseudonymiser } from '../../src/log/pseudonymise.ts';
import { eventLogFormat, readEventLog, type ReadEventLogOptions } from '../../src/log/read.ts';
import { writeCanonicalCsv } from '../../src/log/csv-write.ts';
import { writeXes } from '../../src/log/xes.ts';
import { asyncErrorOf, tempDir } from '../helpers.ts';
import { caseEvent } from './events.ts';

const KEY = '0123456789abcdef0123456789abcdef-test';

const event = (overrides: Partial<CaseEvent>): CaseEvent => caseEvent({ partner: 'IND', ...overrides });

/** Three cases; case b has an event earlier than its previous one (out of order); households of several sizes. */
const EVENTS: CaseEvent[] = [
  event({ eventId: 'a1', caseId: 'a', personId: 'a-p1', persons: 3, children: 1 }),
  event({
    eventId: 'a2',
    caseId: 'a',
    personId: 'a-p1',
    activity: 'gehoor',
    lifecycle: 'start',
    timeMs: Date.UTC(2024, 5, 1, 7),
    offsetMinutes: 120,
    persons: 3,
    children: 1,
  }),
  event({ eventId: 'b1', caseId: 'b', personId: 'b-p1', timeMs: Date.UTC(2024, 1, 1), location: 'Ter Apel' }),
  event({
    eventId: 'b2',
    caseId: 'b',
    personId: 'b-p1',
    activity: 'gehoor',
    timeMs: Date.UTC(2024, 0, 20),
    outcome: 'verleend',
  }),
  event({
    eventId: 'c1',
    caseId: 'c',
    personId: 'c-p2',
    timeMs: Date.UTC(2024, 2, 1),
    persons: 6,
    children: 4,
    partner: 'COA',
  }),
];

const WRITERS = {
  csv: (path: string, events: CaseEvent[]) => writeCanonicalCsv(path, events),
  xes: writeXes,
  'ocel-json': writeOcelJson,
  'ocel-xml': writeOcelXml,
} as const;
const EXTENSION = { csv: 'csv', xes: 'xes', 'ocel-json': 'jsonocel', 'ocel-xml': 'xmlocel' } as const;
const FORMATS = Object.keys(WRITERS) as (keyof typeof WRITERS)[];

async function readAll(file: string, options: Omit<ReadEventLogOptions, 'onEvents'> = {}) {
  const batches: number[] = [];
  const events: CaseEvent[] = [];
  const rejects: ImportReject[] = [];
  const summary = await readEventLog(file, {
    ...options,
    onEvents: async (batch) => {
      batches.push(batch.length);
      await Promise.resolve();
      events.push(...batch);
    },
    onReject: (r) => rejects.push(r),
  });
  return { events, rejects, summary, batches };
}

describe('eventLogFormat', () => {
  it('tells the format by extension (any case); an explicit format wins', () => {
    expect(['a.csv', 'a.XES', 'a.jsonocel', 'a.json', 'a.xmlocel', 'a.xml'].map((f) => eventLogFormat(f))).toEqual([
      'csv',
      'xes',
      'ocel-json',
      'ocel-json',
      'ocel-xml',
      'ocel-xml',
    ]);
    expect(['a.xes.gz', 'a.XES.GZ', 'a.xmlocel.gz'].map((f) => eventLogFormat(f))).toEqual(['xes', 'xes', 'ocel-xml']);
    expect(eventLogFormat('export.txt', 'xes')).toBe('xes');
    expect(eventLogFormat('a.csv', 'ocel-json')).toBe('ocel-json');
  });

  it('names the file and what is accepted for an unknown extension or format', async () => {
    expect(await asyncErrorOf(() => eventLogFormat('data/export.txt'))).toBe(
      'data/export.txt:1:1: cannot tell the event-log format from the extension .txt; name the file .csv (CSV), .xes or .xes.gz (XES), .jsonocel or .json (OCEL 2.0 JSON), .xmlocel or .xml (OCEL 2.0 XML, also .gz), or give --format csv|xes|ocel-json|ocel-xml',
    );
    expect(await asyncErrorOf(() => eventLogFormat('export'))).toMatch(
      /^export:1:1: cannot tell the event-log format from a name without extension/,
    );
    expect(await asyncErrorOf(() => eventLogFormat('a.csv', 'ocel'))).toBe(
      'a.csv:1:1: unknown event-log format "ocel"; --format takes csv, xes, ocel-json, ocel-xml',
    );
  });
});

describe('readEventLog', () => {
  it.each(FORMATS)(
    'reads %s with the same events, counts and out-of-order lines, in batches of the asked size',
    async (format) => {
      const file = join(tempDir(), `log.${EXTENSION[format]}`);
      WRITERS[format](file, EVENTS);
      const { events, rejects, summary, batches } = await readAll(file, { batchSize: 2 });
      expect(events).toEqual(EVENTS);
      expect(rejects).toEqual([]);
      expect(batches).toEqual([2, 2, 1]);
      expect(summary).toMatchObject({ dataRows: 5, accepted: 5, rejected: 0, duplicates: 0, outOfOrder: 1 });
      expect(summary.outOfOrderLines).toHaveLength(1);
      // The line is where the out-of-order event (b2) starts in the file.
      const lines = readFileSync(file, 'utf8').split('\n');
      expect(lines[summary.outOfOrderLines[0] - 1]).toMatch(
        format === 'csv' ? /^b2,/ : format === 'ocel-json' ? /"id":"b2"/ : /b2/,
      );
    },
  );

  it.each(FORMATS)('gives the same pseudonyms for %s input as for CSV input, so logs join', async (format) => {
    const dir = tempDir();
    const csv = join(dir, 'log.csv');
    const file = join(dir, `log.${EXTENSION[format]}`);
    writeCanonicalCsv(csv, EVENTS);
    WRITERS[format](file, EVENTS);
    const options = { pseudonymise: pseudonymiser(KEY), pseudonymiseIds: true };
    const fromCsv = await readAll(csv, options);
    const other = await readAll(file, options);
    expect(other.events).toEqual(fromCsv.events);
    const p = pseudonymiser(KEY);
    expect(other.events[0]).toMatchObject({ eventId: p('a1'), caseId: p('a'), personId: p('a-p1') });
  });

  it('counts duplicates in XES and rejects bad events with their lines; every event is counted once; strict stops at the first', async () => {
    const file = join(tempDir(), 'dup.xes');
    const ev = (id: string, time: string, extra = '') =>
      `<event><string key="concept:name" value="a"/><date key="time:timestamp" value="${time}"/><string key="event_id" value="${id}"/>${extra}</event>`;
    writeFileSync(
      file,
      [
        '<log>',
        '<trace><string key="concept:name" value="c1"/>',
        ev('e1', '2024-01-02T00:00:00Z'),
        ev('e2', '2024-01-01T00:00:00Z'),
        ev('e1', '2024-01-03T00:00:00Z'),
        ev('e3', '2024-01-03T00:00:00Z', '<int key="persons" value="0"/>'),
        '</trace>',
        '<trace><string key="concept:name" value="c2"/>',
        ev('e2', '2024-01-01T00:00:00Z'),
        ev('e4', 'gisteren'),
        '</trace>',
        '</log>',
      ].join('\n'),
    );
    const { events, rejects, summary } = await readAll(file);
    expect(events.map((e) => e.eventId)).toEqual(['e1', 'e2']);
    expect(summary).toEqual({
      dataRows: 6,
      accepted: 2,
      rejected: 2,
      duplicates: 2,
      outOfOrder: 1,
      outOfOrderLines: [4],
      blankLines: 0,
      timeZone: 'Europe/Amsterdam',
    });
    expect(rejects.map((r) => [r.line, r.kind])).toEqual([
      [5, 'duplicate'],
      [6, 'rejected'],
      [9, 'duplicate'],
      [10, 'rejected'],
    ]);
    expect(rejects[0].reason).toBe(
      'duplicate event id (an earlier event has the same one); the event was not imported',
    );
    expect(rejects[1].reason).toBe('event 4 of the trace at line 2: persons "0" must be a whole number of at least 1');
    expect(await asyncErrorOf(() => readAll(file, { strict: true }))).toBe(
      `${file}:5:1: duplicate event id (an earlier event has the same one); the event was not imported (stopped: --strict stops at the first bad event; without it bad events go to a rejects file)`,
    );
  });

  it('counts duplicates in OCEL JSON and XML with the line of the event', async () => {
    const dir = tempDir();
    const events = [EVENTS[0], EVENTS[1], { ...EVENTS[2], eventId: 'a1' }, EVENTS[3]];
    for (const format of ['ocel-json', 'ocel-xml'] as const) {
      const file = join(dir, `dup.${EXTENSION[format]}`);
      WRITERS[format](file, events);
      const { summary, rejects } = await readAll(file);
      expect(summary, format).toMatchObject({ dataRows: 4, accepted: 3, rejected: 0, duplicates: 1 });
      const line =
        readFileSync(file, 'utf8')
          .split('\n')
          .findIndex((l) => l.includes('Ter Apel')) + 1;
      expect(
        rejects.map((r) => [r.line, r.kind]),
        format,
      ).toEqual([[line, 'duplicate']]);
      expect(rejects[0].reason).toMatch(
        format === 'ocel-json' ? /^events\[2\]\.id: duplicate event id/ : /^duplicate event id/,
      );
    }
  });

  it('rejects bad OCEL JSON events located by JSON path, and stops at the first in strict mode', async () => {
    const file = join(tempDir(), 'bad.jsonocel');
    const rel = [{ objectId: 'A1', qualifier: 'case' }];
    writeFileSync(
      file,
      JSON.stringify(
        {
          objects: [{ id: 'A1', type: 'application' }],
          events: [
            { id: 'x1', type: 'a', time: '2024-02-01T12:00:00Z', relationships: rel },
            { id: 'x2', type: 'a', time: '0001-02-01T12:00:00', relationships: rel },
            {
              id: 'x3',
              type: 'a',
              time: '2024-02-01T12:00:00Z',
              attributes: [{ name: 'children', value: 2 }],
              relationships: rel,
            },
          ],
        },
        null,
        1,
      ),
    );
    const { events, rejects, summary } = await readAll(file);
    expect(events.map((e) => e.eventId)).toEqual(['x1']);
    expect(summary).toMatchObject({ dataRows: 3, accepted: 1, rejected: 2 });
    expect(rejects).toEqual([
      {
        line: 23,
        kind: 'rejected',
        reason: "events[1].time: time '0001-02-01T12:00:00' has a year outside 1900–2199, the years doorstroom reads",
      },
      { line: 35, kind: 'rejected', reason: 'events[2].attributes: children "2" is more than persons (1)' },
    ]);
    expect(await asyncErrorOf(() => readAll(file, { strict: true }))).toMatch(
      new RegExp(`^${file}:23:\\d+: events\\[1\\]\\.time: time .* \\(stopped: --strict`),
    );
  });

  it('refuses a mapping that names CSV columns or a CSV timestamp format for a file that is not CSV, at the line of the mapping', async () => {
    const dir = tempDir();
    const file = join(dir, 'log.xes');
    writeXes(file, EVENTS);
    const mappingFile = join(dir, 'm.yaml');
    writeFileSync(
      mappingFile,
      'activities:\n  gehoor: hearing\ncolumns:\n  caseId: Zaak\n  activity: Handeling\n  timestamp: Datum\n',
    );
    expect(await asyncErrorOf(() => readAll(file, { mapping: loadMapping(mappingFile) }))).toBe(
      `${mappingFile}:3:1: columns: columns: map the columns of a CSV file; ${file} is XES, whose fields the format names; remove columns: from this mapping (activities, lifecycles, partner and timestamp.timezone apply)`,
    );
    writeFileSync(mappingFile, 'timestamp:\n  format: epoch-ms\n');
    expect(await asyncErrorOf(() => readAll(file, { mapping: loadMapping(mappingFile) }))).toMatch(
      new RegExp(`^${mappingFile}:2:3: timestamp.format: timestamp.format applies to CSV`),
    );
    const csv = join(dir, 'log.csv');
    writeCanonicalCsv(csv, EVENTS);
    writeFileSync(mappingFile, 'activities:\n  gehoor: hearing\n');
    expect(await asyncErrorOf(() => readAll(csv, { mapping: loadMapping(mappingFile) }))).toMatch(
      new RegExp(`^${mappingFile}:1:1: columns: the mapping names no columns:, which a CSV file needs`),
    );
  });

  it('applies a mapping file to XES and OCEL: activity renames, lifecycle values, a constant partner and the time zone', async () => {
    const dir = tempDir();
    const mappingFile = join(dir, 'm.yaml');
    writeFileSync(
      mappingFile,
      'activities:\n  gehoor: hearing\nlifecycles:\n  In Progress: start\npartner: COA\ntimestamp:\n  timezone: America/New_York\n',
    );
    const mapping = loadMapping(mappingFile);
    const source = [
      event({ eventId: 'a1', caseId: 'a', activity: 'gehoor', partner: '' }),
      event({ eventId: 'a2', caseId: 'a', activity: 'besluit', partner: 'IND' }),
    ];
    for (const format of ['xes', 'ocel-json', 'ocel-xml'] as const) {
      const file = join(dir, `m.${EXTENSION[format]}`);
      WRITERS[format](file, source);
      // The file's lifecycle and time: a custom transition and a clock time without offset.
      writeFileSync(
        file,
        readFileSync(file, 'utf8')
          .replaceAll('complete', 'In Progress')
          .replaceAll('2024-01-15T09:00:00.000+01:00', '2024-07-01T09:00:00'),
      );
      const { events, summary } = await readAll(file, { mapping });
      expect(summary.timeZone, format).toBe('America/New_York');
      expect(
        events.map((e) => [e.activity, e.lifecycle, e.partner, e.offsetMinutes, e.timeMs]),
        format,
      ).toEqual([
        ['hearing', 'start', 'COA', -240, Date.UTC(2024, 6, 1, 13)],
        ['besluit', 'start', 'IND', -240, Date.UTC(2024, 6, 1, 13)],
      ]);
      // --timezone wins over the mapping file's zone.
      const utc = await readAll(file, { mapping, timeZone: 'UTC' });
      expect(utc.summary.timeZone).toBe('UTC');
      expect(utc.events[0].timeMs, format).toBe(Date.UTC(2024, 6, 1, 9));
    }
  });

  it('reads by an explicit format whatever the extension, and locates a file that cannot be read', async () => {
    const file = join(tempDir(), 'export.dat');
    writeXes(file, EVENTS);
    expect((await readAll(file, { format: 'xes' })).events).toEqual(EVENTS);
    for (const format of FORMATS) {
      expect(await asyncErrorOf(() => readAll(join(tempDir(), 'missing'), { format }))).toMatch(
        /missing:1:1: cannot read file: ENOENT/,
      );
    }
  });
});
