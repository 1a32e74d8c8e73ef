// `doorstroom compare`: scenarios from measure files, paired differences and an MKBA in the terminal and in files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli, tempDir } from '../helpers.ts';

describe('doorstroom compare', () => {
  it('compares a measure with the base: differences with intervals, MKBA, and files', async () => {
    const dir = tempDir();
    const measure = join(dir, 'more-servers.yaml');
    writeFileSync(measure, 'doorstroom-measure: 1\nname: One more server\nchanges:\n  - set: stages[service].capacity.servers\n    value: 4\n');
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli(['compare', join(examplesDir, 'mmc.yaml'), '--with', measure, '-r', '3', '-w', '2', '--horizon-days', '60', '--out', out]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('scenario more-servers');
    expect(stdout).toMatch(/net present value/);
    for (const f of ['compare.json', 'differences.csv', 'mkba.csv', 'replications.csv']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'replications.csv'), 'utf8').split('\n')[0]).toBe('scenario,replication,kpi,value');
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    const wait = json.scenarios[0].differences.find((d: { kpi: string }) => d.kpi === 'stage.service.waiting.mean');
    expect(wait.high).toBeLessThan(0);
    expect(json.mkba[0].discountRate).toBe(0.0225);
  });

  it('names scenarios from the same file apart', async () => {
    const dir = tempDir();
    const measure = join(dir, 'm.yaml');
    writeFileSync(measure, 'doorstroom-measure: 1\nname: M\nchanges:\n  - scale: stages[service].serviceTime.meanDays\n    by: 0.9\n');
    const { code, stdout } = await runCli(['compare', join(examplesDir, 'mmc.yaml'), '--with', measure, '--with', measure, '-r', '2', '-w', '1', '--horizon-days', '40']);
    expect(code).toBe(0);
    expect(stdout).toContain('scenario m\n');
    expect(stdout).toContain('scenario m#2\n');
  });

  it('exits with 2 without a scenario, and for a measure that points nowhere', async () => {
    expect((await runCli(['compare', join(examplesDir, 'mmc.yaml')])).code).toBe(2);
    const dir = tempDir();
    const measure = join(dir, 'bad.yaml');
    writeFileSync(measure, 'doorstroom-measure: 1\nname: Bad\nchanges:\n  - set: stages[servise].capacity.servers\n    value: 4\n');
    const bad = await runCli(['compare', join(examplesDir, 'mmc.yaml'), '--with', measure, '-r', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:4:\d+: .*servise/);
  });
});
