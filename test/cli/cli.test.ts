// The command line: exit code 2 and a located message for user errors, files written on success.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SIMULATION_FILES } from '../../src/results/simulation-files.ts';
import { examplesDir, runCli, tempDir } from '../helpers.ts';

describe('doorstroom CLI', () => {
  it('simulate writes summary.json and the tidy CSV files, and prints the summary table', async () => {
    const out = join(tempDir(), 'out');
    const { code, stdout } = await runCli([
      'simulate',
      join(examplesDir, 'nl-baseline.yaml'),
      '-r',
      '2',
      '-w',
      '1',
      '--horizon-days',
      '120',
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('nl-baseline · 2 replicaties · seed 2025');
    for (const f of SIMULATION_FILES) expect(existsSync(join(out, f)), f).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.model.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(summary.replications).toBe(2);
    expect(readFileSync(join(out, 'daily.csv'), 'utf8').split('\n')[0]).toBe('date,series,mean,p5,p50,p95');
  });

  it('the same command twice writes byte-identical files', async () => {
    const dir = tempDir();
    for (const name of ['a', 'b']) {
      const { code } = await runCli([
        'simulate',
        join(examplesDir, 'tandem.yaml'),
        '-r',
        '2',
        '-w',
        '2',
        '--horizon-days',
        '30',
        '--out',
        join(dir, name),
        '-q',
      ]);
      expect(code).toBe(0);
    }
    for (const f of SIMULATION_FILES)
      expect(readFileSync(join(dir, 'b', f), 'utf8')).toBe(readFileSync(join(dir, 'a', f), 'utf8'));
  });

  it('exits with 2 and a located message for a bad model', async () => {
    const file = join(tempDir(), 'bad.yaml');
    writeFileSync(file, readFileSync(join(examplesDir, 'mmc.yaml'), 'utf8').replace('servers: 3', 'servers: -3'));
    const { code, stderr } = await runCli(['simulate', file, '-r', '1']);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bad\.yaml:\d+:\d+: stages\[0\]\.capacity\.servers: /);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it('exits with 2 for a missing file and for a bad option', async () => {
    expect((await runCli(['simulate', 'nope.yaml'])).code).toBe(2);
    const bad = await runCli(['simulate', join(examplesDir, 'mmc.yaml'), '--replications', 'zero']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--replications must be a whole number >= 1');
  });

  it('validate checks several files and schema prints a JSON Schema', async () => {
    const ok = await runCli(['validate', join(examplesDir, 'mmc.yaml'), join(examplesDir, 'tandem.yaml')]);
    expect(ok.code).toBe(0);
    expect(ok.stdout.split('\n').filter((l) => l.endsWith(')')).length).toBe(2);
    const schema = await runCli(['schema']);
    const json = JSON.parse(schema.stdout);
    expect(json.properties.stages.type).toBe('array');
    expect(json.additionalProperties).toBe(false);
  });
});
