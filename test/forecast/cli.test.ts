import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStress } from '../../src/cli/forecast.ts';
import { runCli } from '../helpers.ts';

const dataFile = join(import.meta.dirname, '..', '..', 'data', 'asylum_applicants_monthly_nl_de_2012_2019.csv');

/** The forecast command through the real CLI entry point (shared runner in test/helpers.ts). */
async function run(args: string[]): Promise<{ out: string; err: string; code: number | undefined }> {
  const result = await runCli(['forecast', ...args]);
  return { out: result.stdout, err: result.stderr, code: result.code === 0 ? undefined : result.code };
}

describe('doorstroom forecast', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('prints a table and chart per series and writes CSV, JSON, paths and a self-contained HTML report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const prefix = join(dir, 'out');
    const report = join(dir, 'report.html');
    const result = await run([dataFile, '--horizon', '6', '--method', 'theta', '--out', prefix, '--report', report, '--paths', '3', '--column', 'NL']);
    expect(result.code).toBeUndefined();
    expect(result.out).toMatch(/NL \(88 observations\): Theta/);
    expect(result.out).toMatch(/2019-05/);
    const csv = readFileSync(`${prefix}.csv`, 'utf8').trim().split('\n');
    expect(csv[0]).toBe('series,period,method,mean,lo80,hi80,lo95,hi95');
    expect(csv).toHaveLength(7);
    const json = JSON.parse(readFileSync(`${prefix}.json`, 'utf8'));
    expect(json[0].periods[5]).toBe('2019-10');
    expect(readFileSync(`${prefix}.paths.csv`, 'utf8').trim().split('\n')).toHaveLength(1 + 3 * 6);
    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/<svg/);
    expect(html).toMatch(/<table>/);
    expect(html).not.toMatch(/<script|src=|href=/);
    // No temporary files are left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('reads the quarterly CBS file (quoted notes with commas) and names the line of a gap in a series', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const quarterly = join(import.meta.dirname, '..', '..', 'data', 'nl_first_requests_quarterly_2013_2024.csv');
    const result = await run([quarterly, '--horizon', '4', '--method', 'theta', '--column', 'first_asylum_requests', '--out', join(dir, 'q'), '--quiet']);
    expect(result.code).toBeUndefined();
    expect(result.out).toMatch(/first_asylum_requests \(47 observations\)/);
    expect(result.out).toMatch(/2024-Q4/);
    // Without --column every numeric column is read; family reunification has gaps (2023-Q4, 2024-Q2).
    const all = await run([quarterly, '--horizon', '4', '--out', join(dir, 'q2'), '--quiet']);
    expect(all.code).toBe(2);
    expect(all.err).toMatch(/nl_first_requests_quarterly_2013_2024\.csv:46 \(nareizigers\): the value is missing/);
  });

  it('prints a backtest per step ahead with --backtest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const result = await run([dataFile, '--horizon', '3', '--method', 'snaive', '--backtest', '--origins', '2', '--column', 'DE', '--out', join(dir, 'o'), '--quiet']);
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
    expect(result.err).toMatch(/^doorstroom: .*bad\.csv:3 \(inflow\): 'oops' is not a number/);
    expect(result.err).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).toEqual(['bad.csv']);

    expect((await run([join(dir, 'missing.csv')])).err).toMatch(/file not found/);
    expect((await run([dataFile, '--horizon', '0'])).code).toBe(2);
    expect((await run([dataFile, '--method', 'magic'])).err).toMatch(/--method magic/);
    expect((await run([dataFile, '--break', '1999-01', '--out', join(dir, 'o')])).err).toMatch(/no such period/);
  });

  it('applies a stress profile measured from the 2015 surge', async () => {
    const profile = parseStress('surge2015');
    expect(profile.multipliers).toHaveLength(8);
    expect(Math.max(...profile.multipliers)).toBeGreaterThan(4);
    const dir = mkdtempSync(join(tmpdir(), 'forecast-cli-'));
    const plain = await run([dataFile, '--horizon', '8', '--method', 'naive', '--column', 'NL', '--out', join(dir, 'a'), '--quiet']);
    const stressed = await run([dataFile, '--horizon', '8', '--method', 'naive', '--column', 'NL', '--stress', 'surge2015', '--out', join(dir, 'b'), '--quiet']);
    expect(plain.code).toBeUndefined();
    expect(stressed.out).toMatch(/stress profile surge2015/);
    const mean = (file: string) => readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[3]));
    const ratio = mean(join(dir, 'b.csv'))[4] / mean(join(dir, 'a.csv'))[4];
    expect(ratio).toBeCloseTo(profile.multipliers[4], 3);
    expect(() => parseStress('tsunami')).toThrow(/unknown --stress/);
  });
});
