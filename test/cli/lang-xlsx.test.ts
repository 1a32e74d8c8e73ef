// Every command that prints results speaks Dutch by default and English with --lang en, refuses another
// language naming nl and en, and writes its tables as an Excel workbook with --xlsx.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli, tempDir } from '../helpers.ts';
import { readZip } from '../results/zip-reader.ts';

function sheetNames(file: string): string[] {
  const files = readZip(readFileSync(file));
  return [...files.get('xl/workbook.xml')!.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
}

const SIMULATE = ['simulate', join(examplesDir, 'tandem.yaml'), '-r', '2', '-w', '1', '--horizon-days', '30'];

describe('--lang and --xlsx', () => {
  it('simulate prints Dutch by default and English with --lang en', async () => {
    const nl = await runCli(SIMULATE);
    expect(nl.code).toBe(0);
    expect(nl.stdout).toContain('2 replicaties');
    expect(nl.stdout).toContain('gemiddelde over de replicaties');
    expect(nl.stdout).toContain('gebeurtenissen in');
    const en = await runCli([...SIMULATE, '--lang', 'en']);
    expect(en.code).toBe(0);
    expect(en.stdout).toContain('2 replications');
    expect(en.stdout).toContain('mean across replications');
  });

  it('compare prints Dutch by default and writes its tables as a workbook', async () => {
    const dir = tempDir();
    const file = join(dir, 'compare.xlsx');
    const measure = join(dir, 'more-servers.yaml');
    writeFileSync(
      measure,
      'doorstroom-measure: 1\nname: One more server\nchanges:\n  - set: stages[service].capacity.servers\n    value: 4\n',
    );
    const run = await runCli([
      'compare',
      join(examplesDir, 'mmc.yaml'),
      '--with',
      measure,
      '-r',
      '2',
      '-w',
      '1',
      '--horizon-days',
      '20',
      '--xlsx',
      file,
    ]);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('gepaarde replicaties');
    expect(run.stdout).toContain('netto contante waarde');
    expect(sheetNames(file)).toEqual([
      'Verschillen',
      'MKBA per jaar',
      'MKBA per actor',
      'MKBA-gevoeligheid',
      'Kengetallen per replicatie',
      'Dagreeksen',
      'Draaiboekacties',
    ]);
  });

  it('forecast prints Dutch by default and writes its table as a workbook', async () => {
    const file = join(tempDir(), 'forecast.xlsx');
    const run = await runCli([
      'forecast',
      join(examplesDir, '..', 'data', 'asylum_applicants_monthly_nl_de_2012_2019.csv'),
      '--horizon',
      '3',
      '--column',
      'NL',
      '--method',
      'naive',
      '--quiet',
      '--xlsx',
      file,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('NL (88 waarnemingen)');
    expect(run.stdout).toMatch(/periode +verwacht +ondergrens 80%/);
    expect(run.stdout).toContain(`geschreven ${file}`);
    expect(sheetNames(file)).toEqual(['Prognose']);
    const sheet = readZip(readFileSync(file)).get('xl/worksheets/sheet1.xml')!;
    expect(sheet).toMatch(/<c r="D2"><v>\d/);
  });

  it('plan capacity prints Dutch by default with the model’s stage labels and writes its tables as a workbook', async () => {
    const file = join(tempDir(), 'plan.xlsx');
    const run = await runCli([
      'plan',
      'capacity',
      join(examplesDir, 'nl-baseline.yaml'),
      '--months',
      '1',
      '-r',
      '2',
      '-w',
      '1',
      '--max-iterations',
      '1',
      '--target',
      'decision-term=0.9',
      '--xlsx',
      file,
    ]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^capaciteitsplan voor .*nl-baseline\.yaml: /);
    expect(run.stdout).toContain('Algemene asielprocedure');
    expect(sheetNames(file)).toEqual([
      'Capaciteit per fase',
      'Opvangbedden',
      'Normdoelen',
      'Huisvesting per halfjaar',
      'Taakstelling per gemeente',
    ]);
  });

  it('refuses a language other than nl and en, naming both', async () => {
    const bad = await runCli([...SIMULATE, '--lang', 'de']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--lang must be nl or en (got "de")');
  });

  it('simulate --xlsx writes a workbook with one sheet per table and numbers as numbers', async () => {
    const file = join(tempDir(), 'result.xlsx');
    const run = await runCli([...SIMULATE, '--xlsx', file, '-q']);
    expect(run.code).toBe(0);
    expect(sheetNames(file)).toEqual([
      'Kengetallen',
      'Kengetallen per replicatie',
      'Dagreeksen',
      'Weekreeksen',
      'Doorlooptijden',
      'Normen',
      'Kosten per jaar',
      'Draaiboekacties',
    ]);
    const kpis = readZip(readFileSync(file)).get('xl/worksheets/sheet1.xml')!;
    expect(kpis).toMatch(/<c r="B2"><v>-?\d/);
  });
});
