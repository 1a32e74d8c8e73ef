// `doorstroom import` across formats: CSV → XES/OCEL → CSV round trips give the same canonical CSV, malformed
// XES and OCEL files give a located error with exit code 2 and no output, duplicates in XES are counted, and
// with --pseudonymise no raw identifier of an XES or OCEL input reaches an output file, the terminal or an error.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
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
  await simulate(loadModel(join(examplesDir, 'nl-baseline.yaml')), { replications: 1, workers: 1, horizonDays: 2, tracePath: trace });
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
    writeFileSync(xes, `<log>\n<trace><string key="concept:name" value="c1"/>\n${ev('e1', 2)}\n${ev('e2', 1)}\n${ev('e1', 3)}\n</trace>\n</log>\n`);
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
    ['bad.xes', '<log>\n  <trace>\n    <event>\n      <string key="concept:name" value="a">\n    </event>\n  </trace>\n</log>\n', 'bad.xes:5:5: end tag </event> does not match <string> opened at 4:7'],
    ['bad.jsonocel', '{\n  "objects": [],\n  "events": [\n    {"id": "x1",, "type": "a"}\n  ]\n}\n', 'bad.jsonocel:4:17: not valid JSON: '],
    ['bad.xmlocel', '<log>\n  <objects>\n    <object id="A1" type="application">\n  </objects>\n</log>\n', 'bad.xmlocel:4:3: end tag </objects> does not match <object>'],
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

  it('refuses --mapping with an input that is not CSV, an --out without a known extension and an unknown --format', async () => {
    const dir = tempDir();
    const xes = join(dir, 'in.xes');
    writeXes(xes, []);
    writeFileSync(join(dir, 'm.yaml'), 'columns:\n  caseId: a\n  activity: b\n  timestamp: c\n');
    const mapped = await runCli(['import', xes, '--mapping', join(dir, 'm.yaml'), '--out', join(dir, 'out.csv')]);
    expect(mapped.code).toBe(2);
    expect(mapped.stderr).toContain(`--mapping maps the columns of a CSV file, but ${xes} is read as XES; leave out --mapping`);
    const badOut = await runCli(['import', xes, '--out', join(dir, 'out.txt')]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/--out .*out\.txt: the extension names the format to write; use \.csv \(CSV\), \.xes/);
    const badFormat = await runCli(['import', xes, '--format', 'ocel', '--out', join(dir, 'out.csv')]);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain('unknown event-log format "ocel"; --format takes csv, xes, ocel-json, ocel-xml');
    expect(readdirSync(dir).sort()).toEqual(['in.xes', 'm.yaml']);
  });
});

describe('no raw identifier of an XES or OCEL input reaches an output, the terminal or an error', () => {
  const base = caseEvent({ timeMs: Date.UTC(2025, 0, 1, 9), partner: 'IND', location: 'Ter Apel', persons: 2, children: 1 });
  // Raw V-numbers as case, person and event ids; one event out of order, one duplicate.
  const events: CaseEvent[] = [
    { ...base, eventId: `${V_NUMBERS[0]}-1`, caseId: `Z-${V_NUMBERS[0]}`, personId: V_NUMBERS[0] },
    { ...base, eventId: `${V_NUMBERS[0]}-2`, caseId: `Z-${V_NUMBERS[0]}`, personId: V_NUMBERS[0], timeMs: base.timeMs - 3_600_000 },
    { ...base, eventId: `${V_NUMBERS[1]}-1`, caseId: `Z-${V_NUMBERS[1]}`, personId: V_NUMBERS[1] },
    { ...base, eventId: `${V_NUMBERS[1]}-1`, caseId: `Z-${V_NUMBERS[1]}`, personId: V_NUMBERS[1] },
    { ...base, eventId: `${V_NUMBERS[2]}-1`, caseId: `Z-${V_NUMBERS[2]}`, personId: V_NUMBERS[2], persons: 1, children: 2 },
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
      expect(rejects).toMatch(/,rejected,".*children ""2"" is more than persons \(1\)"\n/);
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
    const strict = await withKey(() => runCli(['import', input, '--pseudonymise', '--strict', '--out', join(dir, 'strict.csv')]));
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(new RegExp(`${name.replace('.', '\\.')}:\\d+:\\d+: .*duplicate event id`));
    for (const v of V_NUMBERS) expect(strict.stderr).not.toContain(v.slice(1));
    expect(existsSync(join(dir, 'strict.csv'))).toBe(false);
    noTemporaryFiles(dir);
  });

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
