// `doorstroom compare`: scenarios from measure files, paired differences and an MKBA in the terminal and in files.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli, tempDir } from '../helpers.ts';

describe('doorstroom compare', () => {
  it('compares a measure with the base: differences with intervals, MKBA, and files', async () => {
    const dir = tempDir();
    const measure = join(dir, 'more-servers.yaml');
    writeFileSync(
      measure,
      'doorstroom-measure: 1\nname: One more server\nchanges:\n  - set: stages[service].capacity.servers\n    value: 4\n',
    );
    const out = join(dir, 'out');
    const { code, stdout, stderr } = await runCli([
      'compare',
      join(examplesDir, 'mmc.yaml'),
      '--with',
      measure,
      '-r',
      '3',
      '-w',
      '2',
      '--horizon-days',
      '60',
      '--out',
      out,
      '--lang',
      'en',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('scenario more-servers');
    expect(stdout).toMatch(/net present value/);
    for (const f of ['compare.json', 'differences.csv', 'mkba.csv', 'replications.csv', 'daily.csv', 'actions.csv'])
      expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'daily.csv'), 'utf8').split('\n')[0]).toBe('scenario,date,series,mean,p5,p50,p95');
    expect(readFileSync(join(out, 'replications.csv'), 'utf8').split('\n')[0]).toBe('scenario,replication,kpi,value');
    // The MKBA per actor and its sensitivity, as files too.
    expect(readFileSync(join(out, 'mkba-actors.csv'), 'utf8').split('\n')[0]).toBe(
      'scenario,actor,item,present_value_costs_eur,present_value_benefits_eur,net_eur',
    );
    expect(readFileSync(join(out, 'mkba-sensitivity.csv'), 'utf8').split('\n')[0]).toBe(
      'scenario,assumption,low,low_low,low_high,high,high_low,high_high',
    );
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    const wait = json.scenarios[0].differences.find((d: { kpi: string }) => d.kpi === 'stage.service.waiting.mean');
    expect(wait.high).toBeLessThan(0);
    expect(json.mkba[0].discountRate).toBe(0.0225);
    // The daily series are in daily.csv, not in compare.json; every replication's headline figures are.
    expect(json.base.aggregate.series).toBeUndefined();
    const figures = json.replicationFigures;
    expect(figures.kpis).toContain('cost.total.eur');
    expect(figures.scenarios.map((s: { name: string }) => s.name)).toEqual(['base', 'more-servers']);
    expect(figures.scenarios[1].values[0]).toHaveLength(3);
  });

  it('shows, for the 2015 surge, the overflow the emergency playbook avoids and the empty-bed cost it brings, with intervals', async () => {
    const out = join(tempDir(), 'out');
    const { code } = await runCli([
      'compare',
      join(examplesDir, 'nl-2014-2017.yaml'),
      '--with',
      join(examplesDir, 'measures-2015/emergency-playbook.yaml'),
      '-r',
      '3',
      '-w',
      '2',
      '--horizon-days',
      '1300',
      '--out',
      out,
      '-q',
    ]);
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(join(out, 'compare.json'), 'utf8'));
    const diff = (kpi: string) => json.scenarios[0].differences.find((d: { kpi: string }) => d.kpi === kpi);
    const overflow = diff('reception.overflow.personDays');
    expect(overflow.mean).toBeLessThan(0);
    expect(overflow.high).toBeLessThan(0); // avoided, and the interval says so
    const empty = json.mkba[0].categories.find((c: { category: string }) => c.category === 'receptionEmpty');
    expect(empty.presentValue).toBeGreaterThan(0); // empty emergency beds cost money
    const playbook = json.mkba[0].categories.find((c: { category: string }) => c.category === 'playbook');
    expect(playbook.presentValue).toBeGreaterThan(0); // opening costs
    // Every action of a playbook, per scenario and replication, is in actions.csv (simulate's columns): the base
    // model's own rules (COA's temporary places, the IND's hiring) in both, the measure's rules in its scenario only.
    const actions = readFileSync(join(out, 'actions.csv'), 'utf8').trim().split('\n');
    expect(actions[0]).toBe('scenario,replication,rule,kind,decided,effective,target,change,reason');
    const rows = actions.slice(1).map((l) => l.split(','));
    const scenariosOf = (rule: string) => new Set(rows.filter((r) => r[2] === rule).map((r) => r[0]));
    expect(scenariosOf('coa-open')).toEqual(new Set(['base', json.scenarios[0].name]));
    expect(scenariosOf('open-3000')).toEqual(new Set([json.scenarios[0].name]));
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set(['0', '1', '2']));
    expect(json.mkba[0].netPresentValue.low).toBeLessThanOrEqual(json.mkba[0].netPresentValue.high);
    // The measure's own cost (the host municipalities' cost per occupied emergency bed) is theirs, and counts.
    const own = json.mkba[0].measureCosts[0];
    expect([own.id, own.actor]).toEqual(['host-municipalities', 'municipalities']);
    expect(own.presentValue).toBeGreaterThan(0);
    const actors = json.mkba[0].actors as { actor: string; net: number }[];
    expect(actors.find((a) => a.actor === 'municipalities')!.net).toBeCloseTo(-own.presentValue, 6);
  });

  it('names scenarios from the same file apart', async () => {
    const dir = tempDir();
    const measure = join(dir, 'm.yaml');
    writeFileSync(
      measure,
      'doorstroom-measure: 1\nname: M\nchanges:\n  - scale: stages[service].serviceTime.meanDays\n    by: 0.9\n',
    );
    const { code, stdout } = await runCli([
      'compare',
      join(examplesDir, 'mmc.yaml'),
      '--with',
      measure,
      '--with',
      measure,
      '-r',
      '2',
      '-w',
      '1',
      '--horizon-days',
      '40',
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain('scenario m\n');
    expect(stdout).toContain('scenario m#2\n');
  });

  it('exits with 2 without a scenario, and for a measure that points nowhere', async () => {
    expect((await runCli(['compare', join(examplesDir, 'mmc.yaml')])).code).toBe(2);
    const dir = tempDir();
    const compareWith = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return runCli(['compare', join(examplesDir, 'mmc.yaml'), '--with', join(dir, name), '-r', '2']);
    };
    const bad = await compareWith(
      'bad.yaml',
      'doorstroom-measure: 1\nname: Bad\nchanges:\n  - set: stages[servise].capacity.servers\n    value: 4\n',
    );
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:4:\d+: .*servise/);
    const costError = await compareWith(
      'bad-cost.yaml',
      'doorstroom-measure: 1\nname: Bad cost\ncosts:\n  - { id: c, label: C, actor: ind, perCaseEur: 5, stage: servise, assumption: x }\n',
    );
    expect(costError.code).toBe(2);
    expect(costError.stderr).toMatch(/bad-cost\.yaml:4:\d+: costs\[c\]\.stage: no stage "servise"/);
  });
});
