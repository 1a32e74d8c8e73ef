import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStress } from '../../src/cli/forecast.ts';
import { runCli } from '../helpers.ts';

const dataFile = join(import.meta.dirname, '..', '..', 'data', 'asylum_applicants_monthly_nl_de_2012_2019.csv');

/** The forecast command through the real CLI entry point (shared runner in test/helpers.ts), in English. */
async function run(args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const result = await runCli(['forecast', ...args, '--lang', 'en']);
  return { out: result.stdout, err: result.stderr, code: result.code === 0 ? undefined : result.code };
}

describe('doorstroom forecast', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints a table and chart per series and writes the result folder (CSV, JSON, paths) and a self-contained HTML report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const out = join(dir, 'out');
    const report = join(dir, 'report.html');
    const result = await run([
      dataFile,
      '--horizon',
      '6',
      '--method',
      'theta',
      '--out',
      out,
      '--report',
      report,
      '--paths',
      '3',
      '--column',
      'NL',
    ]);
    expect(result.code).toBeUndefined();
    expect(result.out).toMatch(/NL \(88 observations\): Theta/);
    expect(result.out).toMatch(/2019-05/);
    expect(readdirSync(out).sort()).toEqual(['.doorstroom', 'forecast.csv', 'forecast.json', 'paths.csv']);
    const csv = readFileSync(join(out, 'forecast.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('series,period,method,mean,lo80,hi80,lo95,hi95');
    expect(csv).toHaveLength(7);
    const json = JSON.parse(readFileSync(join(out, 'forecast.json'), 'utf8'));
    expect(json[0].periods[5]).toBe('2019-10');
    expect(readFileSync(join(out, 'paths.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 6);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/<table>/);
    expect(html).not.toMatch(/<script|src=|href=/);
    // Only the folder and the report: no temporary files are left behind.
    expect(readdirSync(dir).sort()).toEqual(['out', 'report.html']);
    // The folder is replaced whole: a second run without --paths leaves no paths.csv of the first.
    expect(
      (await run([dataFile, '--horizon', '6', '--method', 'naive', '--out', out, '--column', 'NL', '--quiet'])).code,
    ).toBeUndefined();
    expect(readdirSync(out).sort()).toEqual(['.doorstroom', 'forecast.csv', 'forecast.json']);
  });

  it('writes no file without --out or --report, neither beside the input nor in the working folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const input = join(dir, 'inflow.csv');
    writeFileSync(input, readFileSync(dataFile));
    const cwd = process.cwd();
    const before = readdirSync(cwd).sort();
    const result = await run([input, '--horizon', '3', '--method', 'naive', '--column', 'NL', '--quiet']);
    expect(result.code).toBeUndefined();
    expect(result.out).toContain('no files written (--out <folder> writes forecast.csv and forecast.json');
    expect(readdirSync(dir)).toEqual(['inflow.csv']);
    expect(readdirSync(cwd).sort()).toEqual(before);
  });

  it('refuses a result folder holding files doorstroom did not write, and --paths without --out, before reading anything', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    writeFileSync(join(dir, 'mine.txt'), 'keep me');
    const foreign = await run([dataFile, '--out', dir, '--column', 'NL']);
    expect(foreign.code).toBe(2);
    expect(foreign.err).toMatch(
      /cannot write the result folder .*: it holds files doorstroom did not write \(mine\.txt\)/,
    );
    expect(readdirSync(dir)).toEqual(['mine.txt']);
    const paths = await run([dataFile, '--paths', '10', '--column', 'NL']);
    expect(paths.code).toBe(2);
    expect(paths.err).toMatch(/--paths writes paths\.csv into the result folder; give --out <folder> too/);
    const inside = await run([
      dataFile,
      '--out',
      join(dir, 'o'),
      '--report',
      join(dir, 'o', 'r.html'),
      '--column',
      'NL',
    ]);
    expect(inside.code).toBe(2);
    expect(inside.err).toMatch(/--report .* lies inside --out/);
  });

  it('bounds --horizon, --paths, --origins, --seed, --level and the --stress parameters with option errors, exit code 2 and no stack', async () => {
    const cases: [string[], RegExp][] = [
      [['--horizon', '1e6'], /--horizon must be a whole number >= 1 and <= 2400 \(got "1e6"\)/],
      [['--horizon', '0'], /--horizon must be a whole number >= 1 and <= 2400/],
      [['--paths', '1e7', '--out', 'x'], /--paths must be a whole number >= 1 and <= 10000 \(got "1e7"\)/],
      [['--origins', '500'], /--origins must be a whole number >= 1 and <= 50/],
      [['--seed', '-1'], /--seed must be a whole number >= 0 and <= 4294967295/],
      [['--level', '80,80'], /--level must be up to 10 different percentages/],
      [['--level', '80,abc'], /--level must be up to 10 different percentages/],
      [
        ['--stress', 'stop:1e308:3:6'],
        /--stress stop:1e308:3:6: the depth must be a multiplier from 0 to 1 \(got "1e308"\)/,
      ],
      [
        ['--stress', 'stop:0.3:1e308'],
        /--stress stop:0\.3:1e308: the hold must be a whole number of periods from 0 to 2400/,
      ],
      [['--stress', 'surge:1e308'], /the peak must be a multiplier above 0 and at most 100/],
      [['--stress', 'surge:3::2'], /the ramp must be a whole number of periods/],
      [['--stress', 'surge:1:2:3:4:5'], /a surge has at most four parameters/],
      [['--stress', 'surge2015:2'], /--stress surge2015 takes no parameters/],
      [['--stress-start', '2020-01'], /--stress-start says where the profile of --stress begins; give --stress too/],
      [['--delimiter', '|'], /--delimiter must be "," or ";" or tab/],
    ];
    for (const [args, message] of cases) {
      const result = await run([dataFile, '--column', 'NL', ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.err, args.join(' ')).toMatch(message);
      expect(result.err).not.toMatch(/\n\s+at /);
    }
  });

  it('refuses more rows of sample paths than it writes, naming the product', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run([
      dataFile,
      '--paths',
      '10000',
      '--horizon',
      '120',
      '--method',
      'naive',
      '--out',
      join(dir, 'o'),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /--paths 10000 × --horizon 120 × 2 series makes 2,400,000 rows of paths\.csv, more than 1,000,000/,
    );
    expect(existsSync(join(dir, 'o'))).toBe(false);
  });

  it('reads a series file as Dutch Excel saves it: Windows-1252 names, ";", decimal commas, CRLF', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const input = join(dir, 'instroom.csv');
    const lines = [
      'maand;Súdwest-Fryslân;Noardeast-Fryslân',
      ...Array.from(
        { length: 24 },
        (_, i) =>
          `${2023 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')};${10 + (i % 5)},5;${20 + (i % 3)}`,
      ),
    ];
    writeFileSync(input, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
    const out = join(dir, 'out');
    const result = await run([input, '--horizon', '2', '--method', 'naive', '--out', out, '--quiet']);
    expect(result.err).toBe('');
    expect(result.code).toBeUndefined();
    expect(result.out).toContain('Súdwest-Fryslân (24 observations)');
    const json = JSON.parse(readFileSync(join(out, 'forecast.json'), 'utf8'));
    expect(json.map((s: { series: string }) => s.series)).toEqual(['Súdwest-Fryslân', 'Noardeast-Fryslân']);
    expect(json[0].mean).toEqual([13.5, 13.5]);
  });

  it('reads the quarterly CBS file (quoted notes with commas) and names the line of a gap in a series', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const quarterly = join(import.meta.dirname, '..', '..', 'data', 'nl_first_requests_quarterly_2013_2024.csv');
    const result = await run([
      quarterly,
      '--horizon',
      '4',
      '--method',
      'theta',
      '--column',
      'first_asylum_requests',
      '--out',
      join(dir, 'q'),
      '--quiet',
    ]);
    expect(result.err).toBe('');
    expect(result.code).toBeUndefined();
    expect(result.out).toMatch(/first_asylum_requests \(47 observations\)/);
    expect(result.out).toMatch(/2024-Q4/);
    // Without --column every numeric column is read; family reunification has gaps (2023-Q4, 2024-Q2).
    const all = await run([quarterly, '--horizon', '4', '--out', join(dir, 'q2'), '--quiet']);
    expect(all.code).toBe(2);
    expect(all.err).toMatch(/nl_first_requests_quarterly_2013_2024\.csv:46:\d+: nareizigers: the value is missing/);
  });

  it('prints a backtest per step ahead with --backtest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run([
      dataFile,
      '--horizon',
      '3',
      '--method',
      'snaive',
      '--backtest',
      '--origins',
      '2',
      '--column',
      'DE',
      '--out',
      join(dir, 'o'),
      '--quiet',
    ]);
    expect(result.out).toMatch(/backtest over 2 origins/);
    expect(result.out).toMatch(/MASE/);
    expect(result.out).toMatch(/OWA against Naive2 over the same origins: \d\.\d{3}/);
  });

  it('reports a user error with exit code 2 and no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'month,inflow\n2020-01,5\n2020-02,oops\n');
    const result = await run([bad, '--out', join(dir, 'o')]);
    expect(result.code).toBe(2);
    expect(result.err).toMatch(/^.*bad\.csv:3:9: inflow: "oops" is not a number; fill in the count/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['bad.csv']);

    expect((await run([join(dir, 'missing.csv')])).err).toMatch(/missing\.csv:1:1: cannot read file: ENOENT/);
    const zero = await run(['/dev/zero']);
    expect(zero.code).toBe(2);
    expect(zero.err).toMatch(/^\/dev\/zero:1:1: the file is larger than 256 MiB, the limit for a CSV input file/);
    expect((await run([dataFile, '--horizon', '0'])).code).toBe(2);
    expect((await run([dataFile, '--method', 'magic'])).err).toMatch(/--method magic/);
    expect((await run([dataFile, '--break', '1999-01', '--out', join(dir, 'o')])).err).toMatch(/no such period/);
  });

  it('applies a stress profile measured from the 2015 surge', async () => {
    const profile = parseStress('surge2015');
    expect(profile.multipliers).toHaveLength(8);
    expect(Math.max(...profile.multipliers)).toBeGreaterThan(4);
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const plain = await run([
      dataFile,
      '--horizon',
      '8',
      '--method',
      'naive',
      '--column',
      'NL',
      '--out',
      join(dir, 'a'),
      '--quiet',
    ]);
    const stressed = await run([
      dataFile,
      '--horizon',
      '8',
      '--method',
      'naive',
      '--column',
      'NL',
      '--stress',
      'surge2015',
      '--out',
      join(dir, 'b'),
      '--quiet',
    ]);
    expect(plain.code).toBeUndefined();
    expect(stressed.out).toMatch(/stress profile surge2015/);
    const mean = (file: string) =>
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => Number(l.split(',')[3]));
    const ratio = mean(join(dir, 'b', 'forecast.csv'))[4] / mean(join(dir, 'a', 'forecast.csv'))[4];
    expect(ratio).toBeCloseTo(profile.multipliers[4], 3);
    expect(() => parseStress('tsunami')).toThrow(/unknown --stress/);
  });
});
