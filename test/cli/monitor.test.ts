// `doorstroom monitor` and `doorstroom calibrate` as a user meets them: files written, bad input answered with a
// located message and exit code 2, nothing half-written, the same figures from CSV and from XES.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readZip } from '../results/zip-reader.ts';
import { describe, expect, it } from 'vitest';
import { RESULT_MARKER } from '../../src/core/result-folder.ts';
import { MONITOR_FILES } from '../../src/results/monitor-files.ts';
import { runCli, tempDir } from '../helpers.ts';
import { HAND_LOG, HAND_MODEL } from '../monitor/fixtures.ts';

function handFiles(log = HAND_LOG): { dir: string; log: string; model: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'events.csv'), log);
  writeFileSync(join(dir, 'model.yaml'), HAND_MODEL);
  return { dir, log: join(dir, 'events.csv'), model: join(dir, 'model.yaml') };
}

describe('doorstroom monitor', () => {
  it('speaks Dutch by default and writes its tables as an Excel workbook', async () => {
    const { dir, log, model } = handFiles();
    const xlsx = join(dir, 'monitor.xlsx');
    const { code, stdout } = await runCli(['monitor', log, '--model', model, '--xlsx', xlsx]);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`23 van 23 gebeurtenissen gelezen uit ${log}`);
    expect(stdout).toMatch(/^decision-term +20 dagen +2 +100,0%/m);
    const workbook = readZip(readFileSync(xlsx)).get('xl/workbook.xml')!;
    expect([...workbook.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1])).toEqual([
      'Doorlooptijden',
      'Normen',
      'Open aan het eind',
      'Per week',
      'Dreigende overschrijdingen',
      'Knelpunten',
    ]);
  });

  it('prints the summary, writes every tidy file and the report, and no case pseudonym reaches them', async () => {
    const { dir, log, model } = handFiles();
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli([
      'monitor',
      log,
      '--model',
      model,
      '--from',
      '2025-01-01',
      '--to',
      '2025-02-09',
      '--out',
      out,
      '--report',
      join(dir, 'r.html'),
      '--lang',
      'en',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe(`read 23 of 23 events of ${log}`);
    expect(stdout).toMatch(/^intake +2 +/m);
    expect(stdout).toMatch(/^decision-term +20 days +2 +100\.0%/m);
    expect(readdirSync(out).sort()).toEqual([RESULT_MARKER, ...MONITOR_FILES].sort());
    expect(readFileSync(join(out, 'breaches.csv'), 'utf8')).toBe(
      'norm,scope,overdue,within_1_week,within_4_weeks,within_8_weeks\nstage.housing,stage,0,0,0,0\ndecision-term,chain,0,1,1,1\n',
    );
    for (const f of [...MONITOR_FILES.map((f) => join(out, f)), join(dir, 'r.html')]) {
      const text = readFileSync(f, 'utf8');
      expect(text, f).not.toMatch(/"a"|,a,|\ba1\b|\bb7\b/);
    }
  });

  it('gives the same figures for the log read from XES and from OCEL JSON', async () => {
    const { dir, log, model } = handFiles();
    for (const ext of ['xes', 'jsonocel'])
      expect((await runCli(['import', log, '--out', join(dir, `events.${ext}`), '-q'])).code).toBe(0);
    const json = async (file: string) => {
      const r = await runCli(['monitor', file, '--model', model, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { source: _source, ...figures } = JSON.parse(r.stdout) as Record<string, unknown>;
      return figures;
    };
    const fromCsv = await json(log);
    expect(await json(join(dir, 'events.xes'))).toEqual(fromCsv);
    expect(await json(join(dir, 'events.jsonocel'))).toEqual(fromCsv);
  });

  it('reads a partner export through a mapping file to the same figures, and refuses a mapping that pseudonymises', async () => {
    const { dir, log, model } = handFiles();
    // The partner's own column names and activity names, local times without an offset.
    const [header, ...rows] = HAND_LOG.trim().split('\n');
    expect(header).toBe(
      'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,municipality,outcome,persons,children',
    );
    const partnerRows = rows.map((r) => {
      const f = r.split(',');
      return [
        f[0],
        f[1],
        f[3] === 'intake' ? 'Aanmeldgehoor' : f[3],
        f[4],
        f[5].slice(0, 16).replace('T', ' '),
        f[6],
        f[9],
        f[10],
        f[12],
        f[13],
        f[14],
      ].join(',');
    });
    writeFileSync(
      join(dir, 'partner.csv'),
      ['Mutatie,Zaak,Handeling,Status,Datum,Organisatie,Cohort,Locatie,Besluit,Personen,Kinderen', ...partnerRows].join(
        '\n',
      ) + '\n',
    );
    const mapping = `columns:\n  eventId: Mutatie\n  caseId: Zaak\n  activity: Handeling\n  lifecycle: Status\n  timestamp: Datum\n  partner: Organisatie\n  persons: Personen\n  children: Kinderen\n  attributes:\n    cohort: Cohort\n    location: Locatie\n    outcome: Besluit\nactivities:\n  Aanmeldgehoor: intake\ntimestamp:\n  format: amsterdam-local\n`;
    writeFileSync(join(dir, 'partner.yaml'), mapping);
    const figures = async (args: string[]) => {
      const r = await runCli(['monitor', ...args, '--model', model, '--json']);
      expect(r.code, r.stderr).toBe(0);
      const { source: _source, ...rest } = JSON.parse(r.stdout) as Record<string, unknown>;
      return rest;
    };
    expect(await figures([join(dir, 'partner.csv'), '--mapping', join(dir, 'partner.yaml')])).toEqual(
      await figures([log]),
    );
    writeFileSync(join(dir, 'pseudo.yaml'), mapping + 'pseudonymise: [caseId]\n');
    const refused = await runCli(['monitor', join(dir, 'partner.csv'), '--mapping', join(dir, 'pseudo.yaml')]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/pseudo\.yaml: the mapping pseudonymises identifiers; import the log first/);
  });

  it('counts a bad row and lists it in rejects.csv, or with --strict stops at its line and writes nothing', async () => {
    const bad = HAND_LOG.replace(
      'b3,b,b,intake,start,2025-01-10T09:00:00+01:00',
      'b3,b,b,intake,start,10-01-2025 09:00',
    );
    const { dir, log, model } = handFiles(bad);
    const out = join(dir, 'out');
    const counted = await runCli(['monitor', log, '--model', model, '--out', out, '--lang', 'en']);
    expect(counted.code).toBe(0);
    expect(counted.stdout.split('\n')[0]).toBe(
      `read 22 of 23 events of ${log} · 1 rejected, 0 duplicates (listed in ${join(out, 'rejects.csv')})`,
    );
    expect(readFileSync(join(out, 'rejects.csv'), 'utf8')).toMatch(
      /^line,kind,reason\n17,rejected,"column 6 \(timestamp\): timestamp ""10-01-2025 09:00"" is not valid/,
    );
    const strictOut = join(dir, 'strict');
    const strict = await runCli(['monitor', log, '--model', model, '--strict', '--out', strictOut]);
    expect(strict.code).toBe(2);
    expect(strict.stderr).toMatch(
      new RegExp(`^${log.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:17:6: column 6 \\(timestamp\\)`),
    );
    expect(existsSync(strictOut)).toBe(false);
  });

  it('refuses an unknown --by, a malformed date, a window that ends before it starts, and a missing file, with exit code 2', async () => {
    const { log, model } = handFiles();
    const cases: [string[], RegExp][] = [
      [['--by', 'nationality'], /--by must be one of track, cohort, location, partner \(got "nationality"\)/],
      [['--from', '2025-13-01'], /--from must be a date YYYY-MM-DD \(got "2025-13-01"\)/],
      [['--from', '2025-02-01', '--to', '2025-01-01'], /--to 2025-01-01 is before --from 2025-02-01/],
      [['--format', 'parquet'], /unknown event-log format "parquet"; --format takes csv, xes, ocel-json, ocel-xml/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['monitor', log, '--model', model, ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    const missing = await runCli(['monitor', join(log, '..', 'nope.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv:1:1: cannot read file/);
  });
});

describe('doorstroom calibrate', () => {
  it('says when the log does not cover a whole month, and leaves no fitted file', async () => {
    const { dir, model } = handFiles();
    const short = HAND_LOG.split('\n')
      .filter((l) => !l.includes('2025-02-05'))
      .join('\n')
      .replace(/2025-01-/g, '2025-03-');
    writeFileSync(join(dir, 'short.csv'), short);
    const fitted = join(dir, 'fitted.yaml');
    const r = await runCli(['calibrate', join(dir, 'short.csv'), '--model', model, '--fitted', fitted]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /short\.csv: the log does not cover a whole calendar month \(2025-03-06 – 2025-03-30\); calibration needs at least one/,
    );
    expect(existsSync(fitted)).toBe(false);
  });

  it('names the problem of a bad skeleton at its line', async () => {
    const { dir, log } = handFiles();
    writeFileSync(join(dir, 'bad.yaml'), HAND_MODEL.replace('servers: 1', 'servers: -1'));
    const r = await runCli(['calibrate', log, '--model', join(dir, 'bad.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: stages\[0\]\.capacity/);
  });
});
