// Import of case-event CSVs: a partner file through a mapping (renames, Amsterdam local time across summer-time
// changes, pseudonymised V-numbers that appear in no output), bad rows, strict mode, duplicates, out-of-order
// events, records split across read chunks, and the simulator's trace imported unchanged.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { importCsv, HashSet64, type ImportReject } from '../../src/log/csv-import.ts';
import { formatIsoWithOffset, writeCanonicalCsv } from '../../src/log/csv-write.ts';
import {
  canonicalMapping,
  loadMapping,
  parseAmsterdamLocal,
  parseEpochMs,
  parseIsoWithOffset,
  parsedOffset,
} from '../../src/log/mapping.ts';
import { pseudonymiser } from '../../src/log/pseudonymise.ts';
import type { CaseEvent } from '../../src/log/event.ts';
import { registerImport, runImport } from '../../src/cli/import.ts';
import { loadModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { asyncErrorOf, examplesDir, tempDir } from '../helpers.ts';
import { caseEvent, withPseudonymKey } from './events.ts';

const KEY = '0123456789abcdef0123456789abcdef-test';
const OTHER_KEY = 'fedcba9876543210fedcba9876543210-test';
const V_NUMBERS = ['V1234567890', 'V2345678901', 'V3456789012'];

const PARTNER_CSV = `Mutatie,Vnummer,Zaaknummer,Handeling,Status,Datum,Locatie,Opmerking
m1,V1234567890,Z-V1234567890,Aanmelding,afgerond,2025-03-30 01:30,ter-apel,"eerste, met komma"
m2,V1234567890,Z-V1234567890,Gehoor,gestart,2025-03-30 03:15,ter-apel,"regel 1
regel 2"
m3,V2345678901,Z-V2345678901,Aanmelding,afgerond,2025-10-26 02:30,budel,
m4,V2345678901,Z-V2345678901,Gehoor,gestart,2025-10-26 03:30,budel,
m5,V3456789012,Z-V3456789012,Aanmelding,afgerond,2025-03-30 02:30,budel,
m6,V3456789012,Z-V3456789012,Aanmelding,geannuleerd,2025-04-01 10:00,budel,
m7,V3456789012,,Aanmelding,afgerond,2025-04-01 10:00,budel,
m8,V3456789012,Z-V3456789012,Gehoor,afgerond,2025-04-02 10:00,budel,
m8,V3456789012,Z-V3456789012,Gehoor,afgerond,2025-04-02 10:00,budel,
m9,V3456789012,Z-V3456789012,Aanmelding,afgerond,2025-04-01 09:00,budel,
`;

const MAPPING_YAML = `columns:
  eventId: Mutatie
  caseId: Zaaknummer
  personId: Vnummer
  activity: Handeling
  lifecycle: Status
  timestamp: Datum
  attributes:
    location: Locatie
partner: ind
activities:
  Aanmelding: arrival
  Gehoor: aa-hearing
lifecycles:
  gestart: start
  afgerond: complete
  ingepland: schedule
timestamp:
  format: amsterdam-local
pseudonymise: [eventId, caseId, personId]
`;

function partnerFiles(): { dir: string; csv: string; mapping: string; out: string } {
  const dir = tempDir('doorstroom-import-');
  const csv = join(dir, 'partner.csv');
  const mapping = join(dir, 'mapping.yaml');
  writeFileSync(csv, PARTNER_CSV);
  writeFileSync(mapping, MAPPING_YAML);
  return { dir, csv, mapping, out: join(dir, 'events.csv') };
}

async function readAll(file: string, options: Omit<Parameters<typeof importCsv>[1], 'onEvents'> = {}) {
  const events: CaseEvent[] = [];
  const rejects: ImportReject[] = [];
  const summary = await importCsv(file, {
    ...options,
    onEvents: (b) => void events.push(...b),
    onReject: (r) => rejects.push(r),
  });
  return { events, rejects, summary };
}

const withKey = withPseudonymKey;

describe('Amsterdam local time', () => {
  it('uses UTC+1 in winter and UTC+2 in summer, refuses the skipped hour and reads the repeated hour as summer time', () => {
    expect(parseAmsterdamLocal('2025-03-30 01:59')).toBe(Date.parse('2025-03-30T00:59:00Z'));
    expect(Number.isNaN(parseAmsterdamLocal('2025-03-30 02:30'))).toBe(true);
    expect(parseAmsterdamLocal('2025-03-30 03:00')).toBe(Date.parse('2025-03-30T01:00:00Z'));
    expect(parseAmsterdamLocal('2025-10-26 02:30')).toBe(Date.parse('2025-10-26T00:30:00Z'));
    expect(parseAmsterdamLocal('2025-10-26 03:00:05')).toBe(Date.parse('2025-10-26T02:00:05Z'));
    expect(parseAmsterdamLocal('2024-07-01 12:00')).toBe(Date.parse('2024-07-01T10:00:00Z'));
    expect(Number.isNaN(parseAmsterdamLocal('2025-02-29 12:00'))).toBe(true);
  });

  it('reads and writes ISO 8601 with the offset unchanged', () => {
    for (const s of [
      '2025-01-01T00:04:05+01:00',
      '2025-07-01T23:59:59+02:00',
      '2025-07-01T12:00:00.250-05:30',
      '2025-07-01T12:00:00Z',
    ]) {
      const t = parseIsoWithOffset(s);
      expect(t).toBe(Date.parse(s));
      const offset = s.endsWith('Z')
        ? 0
        : (s.at(-6) === '-' ? -1 : 1) * (Number(s.slice(-5, -3)) * 60 + Number(s.slice(-2)));
      expect(formatIsoWithOffset(t, offset)).toBe(s);
    }
    expect(Number.isNaN(parseIsoWithOffset('2025-01-01T00:04:05'))).toBe(true);
    expect(parseEpochMs('1743297300000')).toBe(1743297300000); // 2025-03-30T01:15:00Z, summer time
    expect(parsedOffset).toBe(120);
    expect(parseEpochMs('1743294600000')).toBe(1743294600000); // 00:30Z, still winter time
    expect(parsedOffset).toBe(60);
    expect(Number.isNaN(parseEpochMs('17.5'))).toBe(true);
    expect(Number.isNaN(parseIsoWithOffset('2025-13-01T00:04:05+01:00'))).toBe(true);
  });
});

describe('importing a partner CSV through a mapping', () => {
  it('renames, converts local times across both summer-time changes, pseudonymises, and counts every row', async () => {
    const f = partnerFiles();
    const { events, rejects, summary } = await readAll(f.csv, {
      mapping: loadMapping(f.mapping),
      pseudonymise: pseudonymiser(KEY),
    });
    expect(summary).toMatchObject({
      dataRows: 10,
      accepted: 6,
      rejected: 3,
      duplicates: 1,
      outOfOrder: 1,
      outOfOrderLines: [12],
    });
    expect(summary.accepted + summary.rejected + summary.duplicates).toBe(summary.dataRows);
    expect(events.map((e) => e.activity)).toEqual([
      'arrival',
      'aa-hearing',
      'arrival',
      'aa-hearing',
      'aa-hearing',
      'arrival',
    ]);
    expect(events.map((e) => e.lifecycle)).toEqual(['complete', 'start', 'complete', 'start', 'complete', 'complete']);
    expect(events.map((e) => formatIsoWithOffset(e.timeMs, e.offsetMinutes))).toEqual([
      '2025-03-30T01:30:00+01:00',
      '2025-03-30T03:15:00+02:00',
      '2025-10-26T02:30:00+02:00',
      '2025-10-26T03:30:00+01:00',
      '2025-04-02T10:00:00+02:00',
      '2025-04-01T09:00:00+02:00',
    ]);
    expect(events[1].timeMs - events[0].timeMs).toBe(45 * 60_000); // 01:30 → 03:15 across the jump is 45 minutes
    expect(events[3].timeMs - events[2].timeMs).toBe(2 * 3_600_000); // 02:30 summer → 03:30 winter is two hours
    expect(events.every((e) => e.partner === 'ind' && (e.location === 'ter-apel' || e.location === 'budel'))).toBe(
      true,
    );
    expect(events[0].caseId).toBe(pseudonymiser(KEY)('Z-V1234567890'));
    expect(events[0].personId).toBe(pseudonymiser(KEY)('V1234567890'));
    expect(rejects.map((r) => [r.line, r.kind])).toEqual([
      [7, 'rejected'],
      [8, 'rejected'],
      [9, 'rejected'],
      [11, 'duplicate'],
    ]);
    // Identifiers are pseudonymised: no cell value is quoted, whatever the column.
    expect(rejects[0].reason).toMatch(
      /column 6 \(Datum\): timestamp \(a value of 16 characters, not shown while identifiers are pseudonymised\) is not valid; expected YYYY-MM-DD HH:mm/,
    );
    expect(rejects[1].reason).toMatch(
      /column 5 \(Status\): unknown lifecycle \(a value of 11 characters, not shown while identifiers are pseudonymised\); expected/,
    );
    expect(rejects[2].reason).toMatch(/column 3 \(Zaaknummer\): the case id is empty/);
  });

  it('the same key gives the same pseudonyms, another key others', async () => {
    const f = partnerFiles();
    const ids = async (key: string) =>
      (await readAll(f.csv, { mapping: loadMapping(f.mapping), pseudonymise: pseudonymiser(key) })).events.map(
        (e) => `${e.eventId}/${e.caseId}/${e.personId}`,
      );
    const first = await ids(KEY);
    expect(await ids(KEY)).toEqual(first);
    const other = await ids(OTHER_KEY);
    for (let i = 0; i < first.length; i++) expect(other[i]).not.toBe(first[i]);
  });

  it('the command writes events and rejects in which no raw V-number appears, nor in its output', async () => {
    const f = partnerFiles();
    const program = new Command().exitOverride();
    registerImport(program);
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) => (out.push(String(chunk)), true)) as typeof process.stdout.write;
    try {
      await withKey(KEY, () =>
        program.parseAsync(['node', 'doorstroom', 'import', f.csv, '--mapping', f.mapping, '--out', f.out]),
      );
    } finally {
      process.stdout.write = write;
    }
    const events = readFileSync(f.out, 'utf8');
    const rejects = readFileSync(join(f.dir, 'events.rejects.csv'), 'utf8');
    expect(events.split('\n')[0]).toBe(
      'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,municipality,outcome,persons,children',
    );
    expect(events.trim().split('\n')).toHaveLength(7);
    expect(
      rejects
        .trim()
        .split('\n')
        .map((l) => l.split(',').slice(0, 2).join(',')),
    ).toEqual(['line,kind', '7,rejected', '8,rejected', '9,rejected', '11,duplicate']);
    const text = out.join('');
    expect(text).toMatch(/accepted\s+6/);
    expect(text).toMatch(/rejected\s+3/);
    expect(text).toMatch(/duplicates\s+1/);
    expect(text).toMatch(/out of order\s+1 .*line 12/);
    for (const v of V_NUMBERS) {
      expect(events).not.toContain(v);
      expect(rejects).not.toContain(v);
      expect(text).not.toContain(v);
      expect(events).not.toContain(v.slice(1));
    }
    expect(readdirSync(f.dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('strict mode stops at the first bad row with its line, leaves no output, and does not quote identifiers', async () => {
    const f = partnerFiles();
    const error = await withKey(KEY, () =>
      runImport(f.csv, { mapping: f.mapping, out: f.out, strict: true }).then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    expect(error?.message).toMatch(/partner\.csv:7:6: column 6 \(Datum\): timestamp/);
    for (const v of V_NUMBERS) expect(error?.message).not.toContain(v);
    expect(readdirSync(f.dir).sort()).toEqual(['mapping.yaml', 'partner.csv']);
    // A missing case id is reported by column only.
    writeFileSync(
      f.csv,
      'Mutatie,Vnummer,Zaaknummer,Handeling,Status,Datum,Locatie\nm1,V1234567890,,Aanmelding,afgerond,2025-01-01 10:00,budel\n',
    );
    const missing = await withKey(KEY, () =>
      runImport(f.csv, { mapping: f.mapping, out: f.out, strict: true }).then(
        () => undefined,
        (e: Error) => e,
      ),
    );
    expect(missing?.message).toMatch(/partner\.csv:2:3: column 3 \(Zaaknummer\): the case id is empty/);
    expect(missing?.message).not.toContain('V1234567890');
  });

  it('refuses to pseudonymise without a key and names a mapped column missing from the header', async () => {
    const f = partnerFiles();
    await expect(withKey('', () => runImport(f.csv, { mapping: f.mapping, out: f.out }))).rejects.toThrow(
      /pseudonymising needs a key/,
    );
    writeFileSync(f.mapping, MAPPING_YAML.replace('Locatie', 'Plaats'));
    await expect(withKey(KEY, () => runImport(f.csv, { mapping: f.mapping, out: f.out }))).rejects.toThrow(
      /mapping\.yaml:9:\d+: columns\.location: column "Plaats" is not in the header/,
    );
    // Through the command: a user error, exit code 2, and no file written.
    const program = new Command().exitOverride();
    registerImport(program);
    const err: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    const previousCode = process.exitCode;
    process.stderr.write = ((chunk: string) => (err.push(String(chunk)), true)) as typeof process.stderr.write;
    let code: number | string | null | undefined;
    try {
      await withKey(KEY, () =>
        program.parseAsync(['node', 'doorstroom', 'import', f.csv, '--mapping', f.mapping, '--out', f.out]),
      );
      code = process.exitCode;
    } finally {
      process.stderr.write = write;
      process.exitCode = previousCode;
    }
    expect(code).toBe(2);
    expect(err.join('')).toMatch(/column "Plaats" is not in the header/);
    expect(err.join('')).not.toMatch(/ at /);
    writeFileSync(f.mapping, `${MAPPING_YAML}extra: 1\n`);
    await expect(withKey(KEY, () => runImport(f.csv, { mapping: f.mapping, out: f.out }))).rejects.toThrow(/extra/);
    expect(existsSync(f.out)).toBe(false);
  });
});

describe('streaming', () => {
  it('reads records split across tiny chunks, with quoted commas, quotes and newlines, identically to one chunk', async () => {
    const dir = tempDir();
    const file = join(dir, 'quoted.csv');
    const rows = [
      'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,municipality,outcome',
      'e1,c1,c1-p1,"arrival, first",complete,2025-01-01T10:00:00+01:00,,,,,"a ""quoted"" place",,',
      'e2,c1,c1-p1,"multi\nline\r\nactivity",start,2025-01-02T10:00:00+01:00,coa,,,,,"Den Haag, Zuid",',
      'é3,c2,c2-p1,aanmelding ✓,complete,2025-01-03T10:00:00+01:00,,,,,,,"""x"""',
      'e4,c2,c2-p1,"",complete,2025-01-03T10:00:00+01:00,,,,,,,',
      'e5,c2,c2-p1,"unclosed,complete,2025-01-03T10:00:00+01:00,,,,,,,',
    ];
    writeFileSync(file, rows.join('\r\n') + '\r\n');
    const whole = await readAll(file);
    expect(whole.events.map((e) => e.activity)).toEqual(['arrival, first', 'multi\nline\r\nactivity', 'aanmelding ✓']);
    expect(whole.events.map((e) => e.location)).toEqual(['a "quoted" place', '', '']);
    expect(whole.events[1].municipality).toBe('Den Haag, Zuid');
    expect(whole.events[2].outcome).toBe('"x"');
    expect(whole.rejects.map((r) => r.line)).toEqual([7, 8]);
    expect(whole.rejects[1].reason).toMatch(
      /^a quote at line 8, column 13 opens a field that runs on to the end of the file \(a stray quote\?\)/,
    );
    for (const chunkSize of [1, 2, 3, 5, 7, 16]) {
      const small = await readAll(file, { chunkSize, batchSize: 2 });
      expect(small.events, `chunk ${chunkSize}`).toEqual(whole.events);
      expect(small.rejects, `chunk ${chunkSize}`).toEqual(whole.rejects);
      expect(small.summary).toEqual(whole.summary);
    }
  });

  it('counts a 64-bit hash set correctly through growth', () => {
    const set = new HashSet64(4);
    for (let i = 0; i < 50_000; i++) expect(set.add(`r0-e${i}`)).toBe(true);
    for (let i = 0; i < 50_000; i += 997) expect(set.add(`r0-e${i}`)).toBe(false);
    expect(set.size).toBe(50_000);
  });
});

describe('household counts', () => {
  const HEADER = 'event_id,case_id,person_id,activity,lifecycle,timestamp,persons,children';
  const row = (id: string, persons: string, children: string) =>
    `${id},c1,c1-p1,arrival,complete,2025-01-01T10:00:00+01:00,${persons},${children}`;

  it('reads persons and children (empty as 1 and 0) and rejects bad counts naming the column and quoting the value', async () => {
    const file = join(tempDir(), 'household.csv');
    // [persons, children] of events e1, e2, …: four good ones (e4 quoted), then bad ones.
    const counts = [
      ['4', '2'],
      ['', ''],
      ['12', '0'],
      ['"3"', '"3"'],
      ['0', ''],
      ['2.5', '0'],
      ['2', '-1'],
      ['2', '3'],
      ['', '2'],
      [' 2', ''],
      ['1234567890', ''],
      ['"x,y"', ''],
    ];
    const rows = counts.map(([persons, children], i) => row(`e${i + 1}`, persons, children));
    writeFileSync(file, `${HEADER}\n${rows.join('\n')}\n`);
    const { events, rejects, summary } = await readAll(file);
    expect(events.map((e) => [e.eventId, e.persons, e.children])).toEqual([
      ['e1', 4, 2],
      ['e2', 1, 0],
      ['e3', 12, 0],
      ['e4', 3, 3],
    ]);
    expect(summary).toMatchObject({ dataRows: 12, accepted: 4, rejected: 8, duplicates: 0 });
    expect(rejects.map((r) => `${r.line}: ${r.reason}`)).toEqual([
      '6: column 7 (persons): persons "0" must be a whole number of at least 1',
      '7: column 7 (persons): persons "2.5" must be a whole number of at least 1',
      '8: column 8 (children): children "-1" must be a whole number of at least 0',
      '9: column 8 (children): children "3" is more than persons (2)',
      '10: column 8 (children): children "2" is more than persons (1)',
      '11: column 7 (persons): persons " 2" must be a whole number of at least 1',
      '12: column 7 (persons): persons "1234567890" (at most 9 digits) must be a whole number of at least 1',
      '13: column 7 (persons): persons "x,y" must be a whole number of at least 1',
    ]);
    // In strict mode the first bad count stops the import, located at its column.
    await expect(readAll(file, { strict: true })).rejects.toThrow(
      /household\.csv:6:7: column 7 \(persons\): persons "0" must be/,
    );
    // The same at every chunk size (counts are read in place from the chunk's text).
    for (const chunkSize of [1, 3, 8]) expect((await readAll(file, { chunkSize })).events).toEqual(events);
  });

  it('defaults to one person without children when the columns are absent, and reads them through a mapping', async () => {
    const dir = tempDir();
    const file = join(dir, 'partner.csv');
    writeFileSync(
      file,
      'Zaak,Handeling,Datum,Gezin,Minderjarig\nZ1,Aanmelding,2025-01-01 10:00,5,3\nZ2,Aanmelding,2025-01-01 11:00,,\n',
    );
    const mapping = join(dir, 'm.yaml');
    writeFileSync(
      mapping,
      'columns:\n  caseId: Zaak\n  activity: Handeling\n  timestamp: Datum\n  persons: Gezin\n  children: Minderjarig\ntimestamp:\n  format: amsterdam-local\n',
    );
    const mapped = await readAll(file, { mapping: loadMapping(mapping) });
    expect(mapped.events.map((e) => [e.caseId, e.persons, e.children])).toEqual([
      ['Z1', 5, 3],
      ['Z2', 1, 0],
    ]);
    writeFileSync(
      mapping,
      'columns:\n  caseId: Zaak\n  activity: Handeling\n  timestamp: Datum\ntimestamp:\n  format: amsterdam-local\n',
    );
    expect((await readAll(file, { mapping: loadMapping(mapping) })).events.map((e) => [e.persons, e.children])).toEqual(
      [
        [1, 0],
        [1, 0],
      ],
    );
    writeFileSync(
      mapping,
      'columns:\n  caseId: Zaak\n  activity: Handeling\n  timestamp: Datum\n  children: Kinderen\ntimestamp:\n  format: amsterdam-local\n',
    );
    await expect(readAll(file, { mapping: loadMapping(mapping) })).rejects.toThrow(
      /m\.yaml:5:\d+: columns\.children: column "Kinderen" is not in the header/,
    );
  });

  it('writes the counts as the last two canonical columns and reads them back', async () => {
    const file = join(tempDir(), 'out.csv');
    const event = caseEvent({
      eventId: 'e1',
      caseId: 'c1',
      personId: 'p1',
      activity: 'a',
      lifecycle: 'start',
      timeMs: Date.UTC(2025, 0, 1),
      persons: 7,
      children: 6,
    });
    writeCanonicalCsv(file, [event, { ...event, eventId: 'e2', persons: 1, children: 0 }]);
    expect(readFileSync(file, 'utf8').split('\n').slice(1, 3)).toEqual([
      'e1,c1,p1,a,start,2025-01-01T01:00:00+01:00,,,,,,,,7,6',
      'e2,c1,p1,a,start,2025-01-01T01:00:00+01:00,,,,,,,,1,0',
    ]);
    expect((await readAll(file)).events).toEqual([event, { ...event, eventId: 'e2', persons: 1, children: 0 }]);
  });
});

describe('canonical logs', () => {
  it('imports the simulator trace unchanged: no rejects, one event per data row, and writes it back', async () => {
    const dir = tempDir();
    const trace = join(dir, 't.csv');
    await simulate(loadModel(join(examplesDir, 'tandem.yaml')), {
      replications: 1,
      workers: 1,
      horizonDays: 2,
      tracePath: trace,
    });
    const lines = readFileSync(trace, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    const { events, rejects, summary } = await readAll(trace, { mapping: canonicalMapping() });
    expect(rejects).toEqual([]);
    expect(summary).toMatchObject({
      dataRows: lines.length - 1,
      accepted: lines.length - 1,
      rejected: 0,
      duplicates: 0,
      outOfOrder: 0,
    });
    const header = lines[0].split(',');
    const first = lines[1].split(',');
    expect(events[0].eventId).toBe(first[header.indexOf('event_id')]);
    // The trace's household columns are read: one row per household, its persons and children.
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(events.map((e) => [e.persons, e.children])).toEqual(
      rows.map((r) => [Number(r[header.indexOf('persons')]), Number(r[header.indexOf('children')])]),
    );
    expect(formatIsoWithOffset(events[0].timeMs, events[0].offsetMinutes)).toBe(first[header.indexOf('timestamp')]);
    expect(events.every((e) => e.municipality === '')).toBe(true);
    // Written canonically and read again: the same events.
    const canonical = join(dir, 'canonical.csv');
    writeCanonicalCsv(canonical, events);
    expect((await readAll(canonical)).events).toEqual(events);
    // Through the command, with --pseudonymise: other ids, same count.
    const out = join(dir, 'events.csv');
    writeFileSync(join(dir, 'events.rejects.csv'), 'line,kind,reason\n1,rejected,from an earlier run\n');
    const summary2 = await withKey(KEY, () => runImport(trace, { out, pseudonymise: true }));
    expect(summary2.accepted).toBe(lines.length - 1);
    expect(readFileSync(out, 'utf8')).not.toContain(`,${first[header.indexOf('case_id')]},`);
    expect(existsSync(join(dir, 'events.rejects.csv'))).toBe(false);
  });

  it('refuses a header that names a column the mapping reads twice, at the second one; other repeated names are ignored', async () => {
    const file = join(tempDir(), 'twice.csv');
    writeFileSync(
      file,
      'event_id,case_id,person_id,activity,lifecycle,timestamp,note,case_id,note\ne1,c1,p1,a,complete,2025-01-01T00:00:00Z,x,c2,y\n',
    );
    expect(await asyncErrorOf(() => readAll(file))).toBe(
      `${file}:1:62: column 8: the header names "case_id" again (first as column 2); caseId would be read from it and which column is meant cannot be told: rename or remove one of them`,
    );
    // With a byte-order mark and a quoted header, the column is still that of the name.
    writeFileSync(file, '\ufeffevent_id,"case_id",person_id,activity,lifecycle,timestamp,"case_id"\n');
    expect(await asyncErrorOf(() => readAll(file))).toMatch(
      /twice\.csv:1:59: column 7: the header names "case_id" again/,
    );
    writeFileSync(
      file,
      'event_id,case_id,person_id,activity,lifecycle,timestamp,note,note\ne1,c1,p1,a,complete,2025-01-01T00:00:00Z,x,y\n',
    );
    expect((await readAll(file)).events).toHaveLength(1);
  });

  it('says which canonical columns a header lacks', async () => {
    const file = join(tempDir(), 'bad.csv');
    writeFileSync(file, 'event_id,case_id,activity,timestamp\ne1,c1,a,2025-01-01T00:00:00Z\n');
    await expect(readAll(file)).rejects.toThrow(
      /bad\.csv:1:1: the header lacks the canonical columns person_id, lifecycle; .*--mapping/,
    );
  });
});
