// The twin's tables from their declarations: a CSV per table in the result folder plus twin.json, the advice's
// unmeasured figures empty in CSV and null in JSON, the projection one row per measure and week.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { terminalTable } from '../../src/results/table.ts';
import { TWIN_DRAAIBOEK, TWIN_FILES, twinTables, writeTwinFiles } from '../../src/results/twin-files.ts';
import { adviseDraaiboek } from '../../src/twin/draaiboek.ts';
import { projectTwin } from '../../src/twin/project.ts';
import { tempDir } from '../helpers.ts';
import { FILLING_RULES, FILLING_WARM_START, fillingModel } from '../twin/fixtures.ts';

describe('twin files', async () => {
  const loaded = fillingModel(FILLING_RULES);
  const projection = await projectTwin(loaded, { weeks: 4, replications: 12, workers: 1 });
  const advice = await adviseDraaiboek(loaded, projection, { replications: 6, workers: 1 });
  const input = { projection, advice, warmStart: FILLING_WARM_START };

  it('writes a CSV per table and twin.json, the projection one row per measure and week', () => {
    const dir = join(tempDir(), 'twin');
    writeTwinFiles(input, dir);
    for (const file of TWIN_FILES) expect(readFileSync(join(dir, file), 'utf8').length, file).toBeGreaterThan(0);
    const rows = readFileSync(join(dir, 'projection.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('measure,kind,subject,unit,week,week_start,week_end,mean,p05,p25,p50,p75,p95,beds');
    expect(rows.length - 1).toBe(projection.measures.length * 4);
    // Week 3 (to 2026-12-21): the azc is full in most replications, its median at its 390 beds.
    const week3 = rows.find((r) => r.startsWith('reception.regular,reception,regular,persons,3,'))!.split(',');
    expect(week3.slice(5, 7)).toEqual(['2026-12-15', '2026-12-21']);
    expect([week3[10], week3[13]]).toEqual(['390', '390']);
    expect(rows.find((r) => r.startsWith('reception.regular,reception,regular,persons,1,'))!.endsWith(',390')).toBe(
      true,
    );
    const thresholds = readFileSync(join(dir, 'thresholds.csv'), 'utf8');
    expect(thresholds).toContain('overflow,overflow,,false,3,2026-12-15,3,2026-12-15,3,2026-12-15,1\n');
  });

  it('leaves what was not measured empty in CSV and null in JSON', () => {
    const dir = join(tempDir(), 'twin');
    writeTwinFiles(input, dir);
    const csv = readFileSync(join(dir, 'draaiboek.csv'), 'utf8').trim().split('\n');
    const header = csv[0].split(',');
    const close = csv.find((r) => r.includes(',close-azc,'))!.split(',');
    expect(close[header.indexOf('status')]).toBe('does not help against a threshold');
    expect(close[header.indexOf('decided_today')]).toBe('');
    expect(close[header.indexOf('latest_safe_date')]).toBe('');
    const json = JSON.parse(readFileSync(join(dir, 'twin.json'), 'utf8')) as {
      advice: { rule: string; decidedToday: number | null }[];
      warmStart: { openCases: number };
    };
    expect(json.advice.find((a) => a.rule === 'close-azc')!.decidedToday).toBeNull();
    expect(json.warmStart.openCases).toBe(40);
  });

  it('shows the advice on the terminal in Dutch, most urgent first', () => {
    const out = twinTables(input).find((o) => o.table.id === TWIN_DRAAIBOEK.id)!;
    const text = terminalTable(out.table, out.rows, 'nl', { columns: ['rank', 'label', 'status', 'latest_safe_date'] });
    expect(
      text
        .split('\n')
        .slice(1)
        .map((l) => l.replace(/\s+/g, ' ').trim()),
    ).toEqual([
      '1 tent-slow te laat 2026-11-24',
      '2 more-staff besluit uiterlijk 2026-12-08',
      '3 Tent openen (snel) besluit uiterlijk 2026-12-12',
      '4 close-azc helpt niet tegen een grens –',
    ]);
  });
});
