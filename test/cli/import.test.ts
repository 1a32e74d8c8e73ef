// `doorstroom import` across formats: CSV → XES/OCEL → CSV round trips give the same canonical CSV, malformed
// XES and OCEL files give a located error with exit code 2 and no output, duplicates in XES are counted, and
// with --pseudonymise no raw identifier of an XES, OCEL or CSV input reaches an output file, the terminal or an
// error (planted in every column of a CSV, a file without header, swapped columns, fields mapped onto ids);
// outputs that are folders or inputs are refused, new folders are made, the rejects file is one result with the
// events, and an import that accepts too little writes nothing.
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeOcelJson, writeOcelXml } from '../../src/log/ocel.ts';
import type { CaseEvent } from '../../src/log/event.ts';
import { writeXes } from '../../src/log/xes.ts';
import { loadModel } from '../../src/model/load.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { examplesDir, runCli, tempDir } from '../helpers.ts';
import { caseEvent, withPseudonymKey } from '../log/events.ts';

const KEY = '0123456789abcdef0123456789abcdef-test';
const V_NUMBERS = ['V1234567890', 'V2345678901', 'V3456789012'];

const withKey = <T>(run: () => Promise<T>): Promise<T> => withPseudonymKey(KEY, run);

async function importOk(args: string[]): Promise<string> {
  const result = await runCli(['import', ...args]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

/** A simulator trace with households of several sizes, imported once as canonical CSV. */
async function canonicalTrace(dir: string): Promise<string> {
  const trace = join(dir, 'trace.csv');
  await simulate(loadModel(join(examplesDir, 'nl-baseline.yaml')), {
    replications: 1,
    workers: 1,
    horizonDays: 2,
    tracePath: trace,
  });
  const canonical = join(dir, 'a.csv');
  await importOk([trace, '--out', canonical, '-q']);
  return canonical;
}

function noTemporaryFiles(dir: string): void {
  expect(readdirSync(dir).filter((n) => n.includes('.tmp-'))).toEqual([]);
}

describe('doorstroom import across formats', () => {
  it('CSV → OCEL JSON → CSV and CSV → OCEL XML → CSV give the identical canonical CSV, households included', async () => {
    const dir = tempDir();
    const a = await canonicalTrace(dir);
    const text = readFileSync(a, 'utf8');
    expect(text.split('\n')[0]).toMatch(/,outcome,persons,children$/);
    // The trace has households of more than one person and with minors: the counts take part in the round trip.
    expect(text).toMatch(/,[2-9],[1-9]\n/);
    for (const ext of ['jsonocel', 'json', 'xmlocel', 'xml']) {
      const ocel = join(dir, `b.${ext}`);
      const back = join(dir, `c-${ext}.csv`);
      await importOk([a, '--out', ocel, '-q']);
      const stdout = await importOk([ocel, '--out', back]);
      expect(stdout).toMatch(/^events {8}\d/);
      expect(stdout).toMatch(/rejected {6}0\n/);
      expect(readFileSync(back, 'utf8'), ext).toBe(text);
    }
    noTemporaryFiles(dir);
  });

  it('CSV → XES → CSV gives the identical canonical CSV for a log whose events come case by case', async () => {
    const dir = tempDir();
    const a = await canonicalTrace(dir);
    // XES holds one trace per case: a log ordered case by case comes back unchanged (the trace is in time order).
    const [header, ...rows] = readFileSync(a, 'utf8').trimEnd().split('\n');
    const byCase = new Map<string, string[]>();
    for (const row of rows) {
      const c = row.split(',')[1];
      byCase.set(c, [...(byCase.get(c) ?? []), row]);
    }
    const grouped = join(dir, 'grouped.csv');
    const text = `${[header, ...[...byCase.values()].flat()].join('\n')}\n`;
    writeFileSync(grouped, text);
    await importOk([grouped, '--out', join(dir, 'b.xes'), '-q']);
    expect(readFileSync(join(dir, 'b.xes'), 'utf8')).toMatch(/<int key="persons" value="[2-9]"\/>/);
    await importOk([join(dir, 'b.xes'), '--out', join(dir, 'c.csv'), '-q']);
    expect(readFileSync(join(dir, 'c.csv'), 'utf8')).toBe(text);
    // An explicit --format reads a file whatever its name.
    writeFileSync(join(dir, 'export.dat'), readFileSync(join(dir, 'b.xes')));
    await importOk([join(dir, 'export.dat'), '--format', 'xes', '--out', join(dir, 'd.csv'), '-q']);
    expect(readFileSync(join(dir, 'd.csv'), 'utf8')).toBe(text);
    noTemporaryFiles(dir);
  });

  it('counts duplicates in an XES input, lists them in the rejects file and removes a stale rejects file', async () => {
    const dir = tempDir();
    const xes = join(dir, 'in.xes');
    const ev = (id: string, day: number) =>
      `<event><string key="concept:name" value="a"/><date key="time:timestamp" value="2024-01-0${day}T00:00:00+01:00"/><string key="event_id" value="${id}"/></event>`;
    writeFileSync(
      xes,
      `<log>\n<trace><string key="concept:name" value="c1"/>\n${ev('e1', 2)}\n${ev('e2', 1)}\n${ev('e1', 3)}\n</trace>\n</log>\n`,
    );
    const out = join(dir, 'out.csv');
    const stdout = await importOk([xes, '--out', out]);
    expect(stdout).toMatch(/events {8}3\n/);
    expect(stdout).toMatch(/accepted {6}2 /);
    expect(stdout).toMatch(/duplicates {4}1 /);
    expect(stdout).toMatch(/out of order {2}1 .*line 4\)/);
    expect(readFileSync(join(dir, 'out.rejects.csv'), 'utf8')).toBe(
      'line,kind,reason\n5,duplicate,duplicate event id (an earlier event has the same one); the event was not imported\n',
    );
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(3);
    // A clean import to XES removes a rejects file of the same name left by an earlier run.
    writeFileSync(xes, `<log>\n<trace><string key="concept:name" value="c1"/>\n${ev('e1', 2)}\n</trace>\n</log>\n`);
    writeFileSync(join(dir, 'out.xes.rejects.csv'), 'line,kind,reason\n1,rejected,old\n');
    await importOk([xes, '--out', join(dir, 'out.xes'), '-q']);
    expect(existsSync(join(dir, 'out.xes.rejects.csv'))).toBe(false);
  });

  it.each([
    [
      'bad.xes',
      '<log>\n  <trace>\n    <event>\n      <string key="concept:name" value="a">\n    </event>\n  </trace>\n</log>\n',
      'bad.xes:5:5: end tag </event> does not match <string> opened at 4:7',
    ],
    [
      'bad.jsonocel',
      '{\n  "objects": [],\n  "events": [\n    {"id": "x1",, "type": "a"}\n  ]\n}\n',
      'bad.jsonocel:4:17: not valid JSON: ',
    ],
    [
      'bad.xmlocel',
      '<log>\n  <objects>\n    <object id="A1" type="application">\n  </objects>\n</log>\n',
      'bad.xmlocel:4:3: end tag </objects> does not match <object>',
    ],
  ])('a malformed %s gives a located error, exit code 2 and no output file', async (name, content, message) => {
    const dir = tempDir();
    const input = join(dir, name);
    writeFileSync(input, content);
    for (const out of ['out.csv', 'out.xes', 'out.jsonocel', 'out.xmlocel']) {
      const result = await runCli(['import', input, '--out', join(dir, out)]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`${dir}/${message}`);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readdirSync(dir)).toEqual([name]);
  });

  it('refuses a mapping of CSV columns with an input that is not CSV, an --out without a known extension and an unknown --format', async () => {
    const dir = tempDir();
    const xes = join(dir, 'in.xes');
    writeXes(xes, []);
    writeFileSync(join(dir, 'm.yaml'), 'columns:\n  caseId: a\n  activity: b\n  timestamp: c\n');
    const mapped = await runCli(['import', xes, '--mapping', join(dir, 'm.yaml'), '--out', join(dir, 'out.csv')]);
    expect(mapped.code).toBe(2);
    expect(mapped.stderr).toMatch(/m\.yaml:\d+:\d+: columns: .*map the columns of a CSV file; .*in\.xes is XES/);
    const badOut = await runCli(['import', xes, '--out', join(dir, 'out.txt')]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(
      /--out .*out\.txt: the extension names the format to write; use \.csv \(CSV\), \.xes/,
    );
    const badFormat = await runCli(['import', xes, '--format', 'ocel', '--out', join(dir, 'out.csv')]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown event-log format "ocel"; --format takes csv, xes, ocel-json, ocel-xml');
    expect(readdirSync(dir).sort()).toEqual(['in.xes', 'm.yaml']);
  });
});

describe('no raw identifier of an XES or OCEL input reaches an output, the terminal or an error', () => {
  const base = caseEvent({
    timeMs: Date.UTC(2025, 0, 1, 9),
    partner: 'IND',
    location: 'Ter Apel',
    persons: 2,
    children: 1,
  });
  // Raw V-numbers as case, person and event ids; one event out of order, one duplicate.
  const events: CaseEvent[] = [
    { ...base, eventId: `${V_NUMBERS[0]}-1`, caseId: `Z-${V_NUMBERS[0]}`, personId: V_NUMBERS[0] },
    {
      ...base,
      eventId: `${V_NUMBERS[0]}-2`,
      caseId: `Z-${V_NUMBERS[0]}`,
      personId: V_NUMBERS[0],
      timeMs: base.timeMs - 3_600_000,
    },
    { ...base, eventId: `${V_NUMBERS[1]}-1`, caseId: `Z-${V_NUMBERS[1]}`, personId: V_NUMBERS[1] },
    { ...base, eventId: `${V_NUMBERS[1]}-1`, caseId: `Z-${V_NUMBERS[1]}`, personId: V_NUMBERS[1] },
    {
      ...base,
      eventId: `${V_NUMBERS[2]}-1`,
      caseId: `Z-${V_NUMBERS[2]}`,
      personId: V_NUMBERS[2],
      persons: 1,
      children: 2,
    },
  ];
  const inputs = [
    ['in.xes', writeXes],
    ['in.jsonocel', writeOcelJson],
    ['in.xmlocel', writeOcelXml],
  ] as const;

  it.each(inputs)('%s with --pseudonymise', async (name, write) => {
    const dir = tempDir();
    const input = join(dir, name);
    write(input, events);
    for (const out of ['out.csv', 'out.xes', 'out.jsonocel', 'out.xmlocel']) {
      const result = await withKey(() => runCli(['import', input, '--pseudonymise', '--out', join(dir, out)]));
      expect(result.code, out).toBe(0);
      expect(result.stdout).toMatch(/accepted {6}3 /);
      expect(result.stdout).toMatch(/rejected {6}1 /);
      expect(result.stdout).toMatch(/duplicates {4}1 /);
      expect(result.stdout).toMatch(/out of order {2}1 /);
      const written = readFileSync(join(dir, out), 'utf8');
      const rejects = readFileSync(join(dir, out.endsWith('.csv') ? 'out.rejects.csv' : `${out}.rejects.csv`), 'utf8');
      expect(rejects).toMatch(/,rejected,.*children .*persons"?\n/);
      expect(rejects).toMatch(/,duplicate,/);
      for (const v of V_NUMBERS) {
        for (const text of [written, rejects, result.stdout, result.stderr]) {
          expect(text).not.toContain(v);
          expect(text).not.toContain(v.slice(1));
        }
      }
      expect(written).toContain('Ter Apel');
    }
    // Strict mode stops with a located error that quotes no identifier.
    const strict = await withKey(() =>
      runCli(['import', input, '--pseudonymise', '--strict', '--out', join(dir, 'strict.csv')]),
    );
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+: .*duplicate event id`));
    for (const v of V_NUMBERS) expect(strict.stderr).not.toContain(v.slice(1));
    expect(existsSync(join(dir, 'strict.csv'))).toBe(false);
    noTemporaryFiles(dir);
  });

  it.each([
    [
      'in.xes',
      `<?xml version="1.0"?>\n<log xes.version="1849-2016">\n  <trace><string key="concept:name" value="x"/><event></${V_NUMBERS[0]}></trace>\n</log>\n`,
    ],
    [
      'in.xmlocel',
      `<?xml version="1.0"?>\n<log>\n  <objects><object id="a" type="application"></${V_NUMBERS[0]}></objects>\n</log>\n`,
    ],
  ])(
    'a damaged %s where an identifier stands as an element name is reported without it, and with it when not pseudonymising',
    async (name, text) => {
      const dir = tempDir();
      const input = join(dir, name);
      writeFileSync(input, text);
      const result = await withKey(() => runCli(['import', input, '--pseudonymise', '--out', join(dir, 'out.csv')]));
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:3:\\d+: end tag </…> does not match`));
      expect(result.stderr).not.toContain(V_NUMBERS[0].slice(1));
      const plain = await runCli(['import', input, '--out', join(dir, 'out.csv')]);
      expect(plain.code).toBe(2);
      expect(plain.stderr).toContain(`end tag </${V_NUMBERS[0]}> does not match`);
      expect(readdirSync(dir)).toEqual([name]);
    },
  );

  it('a malformed OCEL JSON file with an identifier at the error is reported without it', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jsonocel');
    writeFileSync(input, `{"objects": [{"id": ${V_NUMBERS[0]}, "type": "person"}], "events": []}`);
    const result = await withKey(() => runCli(['import', input, '--pseudonymise', '--out', join(dir, 'out.csv')]));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`${input}:1:21: not valid JSON: Unexpected token 'V'`);
    expect(result.stderr).not.toContain(V_NUMBERS[0].slice(1));
    expect(readdirSync(dir)).toEqual(['in.jsonocel']);
  });
});

describe('no raw identifier of a CSV input reaches an output, the terminal or an error while pseudonymising', () => {
  const HEADER = 'Mutatie,Vnummer,Zaaknummer,Handeling,Status,Datum,Gezin';
  const MAPPING = `columns:
  eventId: Mutatie
  personId: Vnummer
  caseId: Zaaknummer
  activity: Handeling
  lifecycle: Status
  timestamp: Datum
  persons: Gezin
lifecycles:
  afgerond: complete
timestamp:
  format: amsterdam-local
pseudonymise: [eventId, caseId, personId]
`;
  /** The raw identifiers of row i: an event id, a V-number and a case number, each recognisable in any text. */
  const ids = (i: number) => [`MUT-RAW-000${i}`, `V400000000${i}`, `Z2025-100${i}`];
  const row = (i: number) => [...ids(i), 'Aanmelding', 'afgerond', `2025-01-0${i + 1} 10:00`, '2'];
  const PLANTED = 'V9999999999';
  const ALL_RAW = [...[0, 1, 2, 3].flatMap(ids), PLANTED];

  /** Every text a run leaves: its terminal output and every file in the folder but the input and the mapping. */
  function texts(dir: string, result: { stdout: string; stderr: string }, inputs: string[]): string[] {
    const files = readdirSync(dir).filter((name) => !inputs.includes(name));
    return [result.stdout, result.stderr, ...files.map((name) => readFileSync(join(dir, name), 'utf8'))];
  }

  function expectNoRaw(all: string[], except: string[] = []): void {
    for (const raw of ALL_RAW) {
      if (except.includes(raw)) continue;
      for (const text of all) {
        expect(text).not.toContain(raw);
        expect(text).not.toContain(raw.slice(1));
      }
    }
  }

  async function run(dir: string, lines: string[], mapping: string, extra: string[] = []) {
    writeFileSync(join(dir, 'in.csv'), `${lines.join('\n')}\n`);
    writeFileSync(join(dir, 'm.yaml'), mapping);
    return withKey(() =>
      runCli([
        'import',
        join(dir, 'in.csv'),
        '--mapping',
        join(dir, 'm.yaml'),
        '--out',
        join(dir, 'out.csv'),
        ...extra,
      ]),
    );
  }

  it('a raw identifier planted in every column position is pseudonymised, rejected without being quoted, or ignored', async () => {
    const columns = HEADER.split(',');
    for (let k = 0; k < columns.length + 1; k++) {
      const dir = tempDir();
      const planted = row(1);
      if (k < columns.length) planted[k] = PLANTED;
      // One column more than the header (an unnamed one) is a wrong number of fields.
      else planted.push(PLANTED);
      const result = await run(dir, [HEADER, row(0).join(','), planted.join(','), row(2).join(',')], MAPPING, [
        '--min-accepted',
        '0',
      ]);
      expect(result.code, columns[k]).toBe(0);
      const all = texts(dir, result, ['in.csv', 'm.yaml']);
      // The activity column is free text, copied as it is (docs/event-log.md): the one place a planted id stays.
      if (columns[k] === 'Handeling') {
        expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain(`,${PLANTED},`);
        expectNoRaw([result.stdout, result.stderr], []);
        expectNoRaw(all.slice(0, 2));
      } else expectNoRaw(all);
      const rejected = ['Status', 'Datum', 'Gezin', undefined].includes(columns[k]);
      expect(result.stdout, columns[k]).toMatch(rejected ? /rejected {6}1 / : /rejected {6}0\n/);
      if (rejected) {
        const strict = await run(dir, [HEADER, row(0).join(','), planted.join(','), row(2).join(',')], MAPPING, [
          '--strict',
        ]);
        expect(strict.code).toBe(2);
        expect(strict.stderr).toMatch(/in\.csv:3:\d+: /);
        expectNoRaw([strict.stdout, strict.stderr]);
      }
    }
  });

  it('a file without a header row: the error names the line and says what is missing, not the first row', async () => {
    const dir = tempDir();
    const result = await run(dir, [row(0).join(','), row(1).join(',')], MAPPING);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /m\.yaml:3:\d+: columns\.personId: column "Vnummer" is not in the header of .*in\.csv \(line 1\); the header has 7 columns \(their names are not shown while identifiers are pseudonymised\); line 1 names none of the mapped columns: does the file start with a header row\?/,
    );
    expectNoRaw(texts(dir, result, ['in.csv', 'm.yaml']));
    expect(readdirSync(dir).sort()).toEqual(['in.csv', 'm.yaml']);
  });

  it('swapped columns: every row rejected, the reasons counted by kind, no value quoted, nothing written', async () => {
    const dir = tempDir();
    // The header names the columns in another order than the data has them: ids land in Status, Datum and Gezin.
    const swapped = 'Mutatie,Datum,Status,Gezin,Vnummer,Zaaknummer,Handeling';
    const lines = [swapped, ...[0, 1, 2, 3].map((i) => row(i).join(','))];
    const refused = await run(dir, lines, MAPPING);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('in.csv: none of its 4 rows was accepted; nothing was written');
    expect(refused.stderr).toMatch(
      /\n\s+4 × e\.g\. line 2: column 3 \(Status\): unknown lifecycle \(a value of 10 characters, not shown while identifiers are pseudonymised\); expected /,
    );
    expect(readdirSync(dir).sort()).toEqual(['in.csv', 'm.yaml']);
    expectNoRaw(texts(dir, refused, ['in.csv', 'm.yaml']));
    const counted = await run(dir, lines, MAPPING, ['--min-accepted', '0']);
    expect(counted.code).toBe(0);
    expect(readFileSync(join(dir, 'out.rejects.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    expectNoRaw(texts(dir, counted, ['in.csv', 'm.yaml']));
    const strict = await run(dir, lines, MAPPING, ['--strict']);
    expect(strict.code).toBe(2);
    expectNoRaw([strict.stdout, strict.stderr]);
  });

  it('fields mapped onto an identifier column: a located error in the mapping, or rejects that quote nothing', async () => {
    const dir = tempDir();
    const lines = [HEADER, ...[0, 1, 2].map((i) => row(i).join(','))];
    for (const field of ['timestamp', 'lifecycle', 'persons', 'activity']) {
      const onId = MAPPING.replace(new RegExp(`^  ${field}: .*$`, 'm'), `  ${field}: Vnummer`);
      const result = await run(dir, lines, onId);
      expect(result.code, field).toBe(2);
      expect(result.stderr).toMatch(
        new RegExp(
          `m\\.yaml:\\d+:\\d+: columns\\.${field}: column "Vnummer" holds the identifiers of personId, which are pseudonymised; read as ${field} too, its raw values would be written: map ${field} to another column`,
        ),
      );
      expectNoRaw(texts(dir, result, ['in.csv', 'm.yaml']));
    }
    // A column of ids that the mapping does not name as one: read as timestamps, lifecycles or counts, the rows
    // are rejected and no value is quoted.
    for (const field of ['timestamp', 'lifecycle', 'persons']) {
      const onId = MAPPING.replace('  personId: Vnummer\n', '').replace(
        new RegExp(`^  ${field}: .*$`, 'm'),
        `  ${field}: Vnummer`,
      );
      const strict = await run(dir, lines, onId, ['--strict']);
      expect(strict.code, field).toBe(2);
      expect(strict.stderr).toMatch(/in\.csv:2:2: column 2 \(Vnummer\): /);
      expectNoRaw([strict.stdout, strict.stderr]);
      const counted = await run(dir, lines, onId, ['--min-accepted', '0']);
      expect(counted.code, field).toBe(0);
      expectNoRaw(texts(dir, counted, ['in.csv', 'm.yaml']));
    }
  });
});

describe('where the import writes', () => {
  const LOG =
    'event_id,case_id,person_id,activity,lifecycle,timestamp\ne1,c1,p1,a,complete,2025-01-01T10:00:00+01:00\n';

  it('creates missing folders for --out, for CSV and XES alike', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'in.csv'), LOG);
    for (const out of ['new/deeper/x.csv', 'other/x.xes']) {
      await importOk([join(dir, 'in.csv'), '--out', join(dir, out), '-q']);
      expect(readFileSync(join(dir, out), 'utf8')).toContain('c1');
    }
    noTemporaryFiles(join(dir, 'new', 'deeper'));
  });

  it('refuses --out that is a folder, the input itself (also through a link) or whose rejects file is the input', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, LOG);
    mkdirSync(join(dir, 'folder.csv'));
    symlinkSync(input, join(dir, 'link.csv'));
    writeFileSync(join(dir, 'a.rejects.csv'), LOG);
    const cases: [string[], RegExp][] = [
      [
        [input, '--out', join(dir, 'folder.csv')],
        /--out .*folder\.csv is a folder; give the name of the file to write/,
      ],
      [
        [input, '--out', input],
        /--out .*in\.csv is the log to import \(.*in\.csv\); the import would write over it: give another --out/,
      ],
      [[join(dir, 'link.csv'), '--out', input], /--out .*in\.csv is the log to import \(.*link\.csv\)/],
      [
        [join(dir, 'a.rejects.csv'), '--out', join(dir, 'a.csv')],
        /the rejects file of --out .*a\.csv would be .*a\.rejects\.csv, which is the log to import/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(['import', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    expect(readFileSync(input, 'utf8')).toBe(LOG);
    expect(readFileSync(join(dir, 'a.rejects.csv'), 'utf8')).toBe(LOG);
    expect(readdirSync(dir).sort()).toEqual(['a.rejects.csv', 'folder.csv', 'in.csv', 'link.csv']);
  });

  it('writes the rejects file with the events, and removes a stale one when there are no rejects', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, `${LOG}e2,c1,p1,a,nope,2025-01-01T11:00:00+01:00\n`);
    const out = join(dir, 'out.csv');
    await importOk([input, '--out', out, '-q']);
    expect(readFileSync(join(dir, 'out.rejects.csv'), 'utf8')).toMatch(
      /^line,kind,reason\n3,rejected,"column 5 \(lifecycle\): unknown lifecycle ""nope""/,
    );
    writeFileSync(input, LOG);
    await importOk([input, '--out', out, '-q']);
    expect(existsSync(join(dir, 'out.rejects.csv'))).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['in.csv', 'out.csv']);
  });
});

describe('the accepted share', () => {
  const HEAD = 'event_id,case_id,person_id,activity,lifecycle,timestamp';
  const good = (i: number) => `e${i},c1,p1,a,complete,2025-01-0${i}T10:00:00+01:00`;
  const bad = (i: number) => `e${i},c1,p1,a,complete,day ${i}`;

  it('an import that accepts nothing, or less than --min-accepted, exits 2 with the reasons counted and writes nothing', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.csv');
    writeFileSync(input, [HEAD, good(1), bad(2), bad(3), `e4,c1,p1,a,start`, good(1)].join('\n') + '\n');
    writeFileSync(join(dir, 'out.rejects.csv'), 'line,kind,reason\n1,rejected,from an earlier import\n');
    const half = await runCli(['import', input, '--out', join(dir, 'out.csv'), '--min-accepted', '50%']);
    expect(half.code).toBe(2);
    const lines = half.stderr.split('\n');
    expect(lines[0]).toBe(
      `doorstroom: ${input}: 1 of its 5 rows were accepted (20.0%), fewer than --min-accepted 0.5 asks; nothing was written`,
    );
    expect(lines[1]).toBe('3 rejected and 1 duplicate, by kind:');
    // Timestamps of two rows, one kind: the first is shown.
    expect(lines[2]).toMatch(
      /^ {8}2 × e\.g\. line 3: column 6 \(timestamp\): timestamp "day 2" is not valid; expected /,
    );
    expect(lines.slice(3)).toEqual([
      '        1 × e.g. line 5: has 5 fields; the header has 6 (quote fields that contain commas)',
      '        1 × e.g. line 6: column 1 (event_id): duplicate event id (an earlier row has the same one); the row was not imported',
      'fix the log or the mapping (docs/event-log.md), or give --min-accepted <share> (0 to 1; 0 accepts any share)',
      '',
    ]);
    expect(readdirSync(dir).sort()).toEqual(['in.csv', 'out.rejects.csv']);
    expect(readFileSync(join(dir, 'out.rejects.csv'), 'utf8')).toContain('from an earlier import');
    const fifth = await runCli(['import', input, '--out', join(dir, 'out.csv'), '--min-accepted', '0.2', '-q']);
    expect(fifth.code).toBe(0);
    expect(readFileSync(join(dir, 'out.rejects.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
    writeFileSync(input, [HEAD, bad(2)].join('\n') + '\n');
    const none = await runCli(['import', input, '--out', join(dir, 'none.csv')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/in\.csv: none of its 1 row was accepted; nothing was written\n/);
    expect(existsSync(join(dir, 'none.csv'))).toBe(false);
    writeFileSync(input, `${HEAD}\n`);
    const empty = await runCli(['import', input, '--out', join(dir, 'none.csv')]);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/in\.csv: no row to read: the log has no data rows; nothing was written\n/);
    const anyShare = await runCli(['import', input, '--out', join(dir, 'none.csv'), '--min-accepted', '0', '-q']);
    expect(anyShare.code).toBe(0);
    expect(readFileSync(join(dir, 'none.csv'), 'utf8')).toMatch(/^event_id,case_id,/);
    for (const value of ['2', '-0.1', 'half', '150%']) {
      const wrong = await runCli(['import', input, '--out', join(dir, 'x.csv'), '--min-accepted', value]);
      expect(wrong.code, value).toBe(2);
      expect(wrong.stderr).toContain(
        `--min-accepted takes a share from 0 to 1 (e.g. 0.95) or a percentage (95%); got "${value}"`,
      );
    }
  });
});
