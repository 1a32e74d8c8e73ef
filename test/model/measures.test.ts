// Measures as overlays: a measure changes exactly the fields it names, each operation does what it says, and
// every mistake (a path that does not exist, a change that does not fit, two changes of one field, an unknown
// field, an invalid result) is a located InputError in the file that causes it.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { describeMeasure, diffModels, loadScenario, parseMeasurePath } from '../../src/model/measures.ts';
import { errorsOf, examplesDir, runCli, tempDir } from '../helpers.ts';

const baseYaml = `doorstroom: 1
name: small
time: { start: 2025-01-01, horizonDays: 400 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: p }]
cohorts:
  - id: one
    shareOfInflow: 0.5
    grantProbability: { decide: 0.6 }
  - id: two
    shareOfInflow: 0.5
    grantProbability: { decide: 0.2 }
inflow: { entry: { first: intake }, perDay: { first: 10 } }
stages:
  - id: intake
    label: Intake
    partner: p
    location: [azc]
    capacity: { servers: 4 }
    serviceTime: { dist: exponential, meanDays: 0.2 }
    staff: { ftePerServer: 1, costPerFteYearEur: 90000 }
    next: decide
  - id: decide
    partner: p
    capacity:
      servers:
        - { from: 2025-01-01, value: 10 }
        - { from: 2025-06-01, value: 20 }
    serviceTime: { dist: lognormal, meanDays: 0.5, sdDays: 0.2 }
    decides: grant
    location: [azc]
    next:
      - exit: other
reception:
  locations:
    - { id: azc, type: regular, beds: 100, costPerOccupiedBedDayEur: 80, costPerEmptyBedDayEur: 40 }
  overflowCostPerPersonDayEur: 150
`;

function setUp(measures: Record<string, string>): { dir: string; base: string; path: (name: string) => string } {
  const dir = tempDir('doorstroom-measures-');
  const base = join(dir, 'base.yaml');
  writeFileSync(base, baseYaml);
  for (const [name, text] of Object.entries(measures)) writeFileSync(join(dir, name), text);
  return { dir, base, path: (name) => join(dir, name) };
}

function measure(changes: string, header = ''): string {
  return `doorstroom-measure: 1\nname: test measure\n${header}changes:\n${changes}`;
}

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  if (i < 0) throw new Error(`"${needle}" not in text`);
  return i + 1;
}

describe('measure paths', () => {
  it('reads fields and ids, and refuses positions and empty brackets', () => {
    expect(parseMeasurePath('cohorts[one].grantProbability.decide')).toEqual([
      { key: 'cohorts' },
      { id: 'one' },
      { key: 'grantProbability' },
      { key: 'decide' },
    ]);
    expect(parseMeasurePath('stages[0].capacity')).toMatch(/selects by position/);
    expect(parseMeasurePath('stages[].capacity')).toMatch(/empty brackets/);
    expect(parseMeasurePath('stages..capacity')).toMatch(/cannot read ""/);
  });
});

describe('applying measures', () => {
  it('changes exactly what the measure says and nothing else', () => {
    const text = measure(`  - set: stages[intake].capacity.servers
    value: 6
  - scale: stages[decide].serviceTime.meanDays
    by: 0.5
  - set: cohorts[two].grantProbability.decide
    value: 0.3
  - add: reception.locations
    value: { id: emergency, type: emergency, beds: 50, costPerOccupiedBedDayEur: 190.14, costPerEmptyBedDayEur: 47 }
  - add: stages[decide].location
    value: emergency
  - remove: stages[intake].staff
`);
    const { base, path } = setUp({ 'm.yaml': text });
    const before = loadModel(base).model;
    const after = loadScenario(base, [path('m.yaml')]).model;
    expect(diffModels(before, after)).toEqual([
      { path: 'cohorts[two].grantProbability.decide', before: 0.2, after: 0.3 },
      { path: 'stages[intake].capacity.servers', before: 4, after: 6 },
      { path: 'stages[intake].staff', before: { ftePerServer: 1, costPerFteYearEur: 90000 }, after: undefined },
      { path: 'stages[decide].serviceTime.meanDays', before: 0.5, after: 0.25 },
      { path: 'stages[decide].location', before: ['azc'], after: ['azc', 'emergency'] },
      {
        path: 'reception.locations[emergency]',
        before: undefined,
        after: {
          id: 'emergency',
          type: 'emergency',
          beds: 50,
          costPerOccupiedBedDayEur: 190.14,
          costPerEmptyBedDayEur: 47,
        },
      },
    ]);
  });

  it('set replaces a value, and a list element by id (keeping its id)', () => {
    const { base, path } = setUp({
      'm.yaml': measure(`  - set: stages[intake].serviceTime
    value: { dist: fixed, days: 1 }
  - set: reception.locations[azc]
    value: { type: regular, beds: 70, costPerOccupiedBedDayEur: 81 }
`),
    });
    const model = loadScenario(base, [path('m.yaml')]).model;
    expect(model.stages[0].serviceTime).toEqual({ dist: 'fixed', days: 1 });
    expect(model.reception!.locations).toEqual([
      { id: 'azc', type: 'regular', beds: 70, costPerOccupiedBedDayEur: 81, costPerEmptyBedDayEur: 0 },
    ]);
  });

  it('set with from keeps the earlier steps and replaces the value from that date on', () => {
    const { base, path } = setUp({
      'm.yaml': measure(`  - set: stages[decide].capacity.servers
    value: 15
    from: 2025-03-01
  - set: stages[intake].capacity.servers
    value: 8
    from: 2025-04-01
`),
    });
    const model = loadScenario(base, [path('m.yaml')]).model;
    expect(model.stages[1].capacity).toEqual({
      servers: [
        { from: '2025-01-01', value: 10 },
        { from: '2025-03-01', value: 15 },
      ],
    });
    expect(model.stages[0].capacity).toEqual({
      servers: [
        { from: '2025-01-01', value: 4 },
        { from: '2025-04-01', value: 8 },
      ],
    });
  });

  it('scale with from on a constant splits it at that date', () => {
    const { base, path } = setUp({
      'm.yaml': measure(`  - scale: reception.locations[azc].beds\n    by: 1.5\n    from: 2025-07-01\n`),
    });
    const model = loadScenario(base, [path('m.yaml')]).model;
    expect(model.reception!.locations[0].beds).toEqual([
      { from: '2025-01-01', value: 100 },
      { from: '2025-07-01', value: 150 },
    ]);
  });

  it('scale with from on a schedule splits the step in force and scales every later step', () => {
    const { base, path } = setUp({
      'mid.yaml': measure(`  - scale: stages[decide].capacity.servers\n    by: 0.5\n    from: 2025-03-01\n`),
      'on-step.yaml': measure(`  - scale: stages[decide].capacity.servers\n    by: 3\n    from: 2025-06-01\n`),
      'all.yaml': measure(`  - scale: stages[decide].capacity.servers\n    by: 0.1\n`),
    });
    const servers = (name: string) =>
      (loadScenario(base, [path(name)]).model.stages[1].capacity as { servers: unknown }).servers;
    expect(servers('mid.yaml')).toEqual([
      { from: '2025-01-01', value: 10 },
      { from: '2025-03-01', value: 5 },
      { from: '2025-06-01', value: 10 },
    ]);
    expect(servers('on-step.yaml')).toEqual([
      { from: '2025-01-01', value: 10 },
      { from: '2025-06-01', value: 60 },
    ]);
    expect(servers('all.yaml')).toEqual([
      { from: '2025-01-01', value: 1 },
      { from: '2025-06-01', value: 2 },
    ]);
  });

  it('applies measures in order: a later scale multiplies an earlier set', () => {
    const { base, path } = setUp({
      'a.yaml': measure(`  - set: stages[intake].capacity.servers\n    value: 10\n`),
      'b.yaml': measure(`  - scale: stages[intake].capacity.servers\n    by: 1.5\n`),
    });
    const loaded = loadScenario(base, [path('a.yaml'), path('b.yaml')]);
    expect(loaded.model.stages[0].capacity).toEqual({ servers: 15 });
    expect(loaded.file).toBe(`${base} + ${path('a.yaml')} + ${path('b.yaml')}`);
  });

  it('changes the hash when a measure changes something, and keeps it when the measures change nothing', () => {
    const { base, path } = setUp({
      'change.yaml': measure(`  - set: stages[intake].capacity.servers\n    value: 5\n`),
      'same.yaml': measure(
        `  - set: stages[intake].capacity.servers\n    value: 4\n  - scale: reception.locations[azc].beds\n    by: 1\n`,
      ),
      'label.yaml': measure(`  - set: stages[intake].label\n    value: Aanmelding\n`),
    });
    const baseHash = loadModel(base).hash;
    expect(loadScenario(base, []).hash).toBe(baseHash);
    expect(loadScenario(base, [path('same.yaml')]).hash).toBe(baseHash);
    expect(loadScenario(base, [path('change.yaml')]).hash).not.toBe(baseHash);
    expect(loadScenario(base, [path('label.yaml')]).hash).not.toBe(baseHash);
  });
});

describe('mistakes in measures', () => {
  it('reports a path that does not exist at the measure line, naming the ids there', () => {
    const text = measure(
      `  - set: stages[intake].capacity.servers\n    value: 5\n  - set: stages[decdie].capacity.servers\n    value: 5\n  - scale: stages[intake].capacity.sevrers\n    by: 2\n`,
    );
    const { base, path } = setUp({ 'm.yaml': text });
    const lines = errorsOf(() => loadScenario(base, [path('m.yaml')]));
    expect(lines).toEqual([
      `${path('m.yaml')}:${lineOf(text, 'decdie')}:10: stages[decdie].capacity.servers: no stage "decdie" (did you mean "decide"?); stages are: intake, decide`,
      expect.stringMatching(
        new RegExp(
          `^${path('m.yaml')}:${lineOf(text, 'sevrers')}:12: stages\\[intake\\]\\.capacity\\.sevrers: no field "sevrers" in stages\\[intake\\]\\.capacity \\(did you mean "servers"\\?\\)`,
        ),
      ),
    ]);
  });

  it('reports a change that does not fit the value it targets', () => {
    const text = measure(
      `  - scale: stages[intake].label\n    by: 2\n  - add: stages[intake].capacity\n    value: 3\n  - add: reception.locations\n    value: { id: azc, type: regular, beds: 1, costPerOccupiedBedDayEur: 1 }\n`,
    );
    const { base, path } = setUp({ 'm.yaml': text });
    const lines = errorsOf(() => loadScenario(base, [path('m.yaml')]));
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(
      new RegExp(`:${lineOf(text, 'scale: stages[intake].label')}:\\d+: stages\\[intake\\]\\.label: cannot scale text`),
    );
    expect(lines[1]).toMatch(
      new RegExp(
        `:${lineOf(text, 'add: stages[intake].capacity')}:\\d+: .*add appends to a list; stages\\[intake\\]\\.capacity is a mapping`,
      ),
    );
    expect(lines[2]).toMatch(
      new RegExp(
        `:${lineOf(text, 'value: { id: azc')}:\\d+: reception\\.locations: .*already has an element with id "azc"`,
      ),
    );
    // serviceTime.meanDays is a plain number, not a schedule: "from" makes it a list, which the model check refuses.
    const withFrom = measure(`  - set: stages[intake].serviceTime.meanDays\n    value: 3\n    from: 2025-02-01\n`);
    const second = setUp({ 'm.yaml': withFrom });
    const [schemaError] = errorsOf(() => loadScenario(second.base, [second.path('m.yaml')]));
    expect(schemaError).toMatch(
      new RegExp(
        `^${second.path('m.yaml')}:${lineOf(withFrom, 'value: 3')}:\\d+: stages\\[intake\\]\\.serviceTime\\.meanDays: expected a number, got a list`,
      ),
    );
  });

  it('reports two measures that set the same field, naming both files and lines', () => {
    const a = measure(`  - set: stages[intake].capacity.servers\n    value: 6\n`);
    const b = measure(
      `  - scale: stages[decide].serviceTime.meanDays\n    by: 2\n  - remove: stages[intake].capacity\n`,
    );
    const { base, path } = setUp({ 'a.yaml': a, 'b.yaml': b });
    const lines = errorsOf(() => loadScenario(base, [path('a.yaml'), path('b.yaml')]));
    expect(lines).toEqual([
      `${path('b.yaml')}:${lineOf(b, 'remove:')}:13: stages[intake].capacity: conflicts with "set: stages[intake].capacity.servers" at ${path('a.yaml')}:${lineOf(a, 'set:')}:10; a field may be set or removed by one change only — combine the two, or drop one`,
    ]);
  });

  it('reports an element added twice once, as a conflict', () => {
    const add = `  - add: reception.locations\n    value: { id: extra, type: emergency, beds: 5, costPerOccupiedBedDayEur: 1 }\n`;
    const { base, path } = setUp({ 'a.yaml': measure(add), 'b.yaml': measure(add) });
    const lines = errorsOf(() => loadScenario(base, [path('a.yaml'), path('b.yaml')]));
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${path('b.yaml')}:4:10: reception\\.locations: conflicts with "add: reception\\.locations" at ${path('a.yaml')}:4:10`,
        ),
      ),
    ]);
  });

  it('reports two changes of one field within one measure', () => {
    const text = measure(
      `  - set: reception.locations[azc].beds\n    value: 5\n  - set: reception.locations[azc].beds\n    value: 6\n`,
    );
    const { base, path } = setUp({ 'm.yaml': text });
    const lines = errorsOf(() => loadScenario(base, [path('m.yaml')]));
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${path('m.yaml')}:6:10: .*conflicts with .* at ${path('m.yaml')}:4:10`)),
    ]);
  });

  it('reports an unknown field in a measure file with the allowed fields', () => {
    const text = measure(`  - set: stages[intake].capacity.servers\n    vaule: 6\n`, 'sourcs: [x]\n');
    const { base, path } = setUp({ 'm.yaml': text });
    const lines = errorsOf(() => loadScenario(base, [path('m.yaml')]));
    expect(
      lines.some((l) =>
        l.startsWith(
          `${path('m.yaml')}:${lineOf(text, 'sourcs')}:1: sourcs: unknown field "sourcs" (did you mean "sources"?)`,
        ),
      ),
    ).toBe(true);
    expect(
      lines.some((l) =>
        l.startsWith(
          `${path('m.yaml')}:${lineOf(text, 'vaule')}:5: changes[0].vaule: unknown field "vaule" (did you mean "value"?)`,
        ),
      ),
    ).toBe(true);
  });

  it('places errors of the combined model in the change that made them, others in the base file', () => {
    const text = measure(
      `  - set: stages[intake].capacity.servers\n    value: -1\n  - scale: cohorts[one].shareOfInflow\n    by: 2\n  - remove: stages[decide]\n`,
    );
    const { base, path } = setUp({ 'm.yaml': text });
    const lines = errorsOf(() => loadScenario(base, [path('m.yaml')]));
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${path('m.yaml')}:${lineOf(text, 'value: -1')}:\\d+: stages\\[intake\\]\\.capacity\\.servers: must be at least 0`,
        ),
      ),
    ]);
    const removed = measure(`  - remove: stages[decide]\n`);
    const second = setUp({ 'm.yaml': removed });
    const errors = errorsOf(() => loadScenario(second.base, [second.path('m.yaml')]));
    expect(errors).toContain(
      `${second.base}:${lineOf(baseYaml, 'next: decide')}:11: stages[intake].next: after applying measures: unknown stage "decide"; known: intake`,
    );
  });
});

describe('describing measures', () => {
  it('gives one line per change, with the base values when a base is given', () => {
    const text = measure(
      `  - set: stages[intake].capacity.servers\n    value: 7\n    from: 2025-03-01\n  - scale: reception.locations[azc].beds\n    by: 1.5\n  - remove: stages[intake].staff\n`,
      'sources: [a source]\nassumptions: [an assumption]\n',
    );
    const { base, path } = setUp({ 'm.yaml': text });
    expect(describeMeasure(path('m.yaml'), base)).toEqual({
      name: 'test measure',
      description: '',
      sources: ['a source'],
      assumptions: ['an assumption'],
      changes: [
        'stages[intake].capacity.servers: 4 → 7 from 2025-03-01',
        'reception.locations[azc].beds: 100 → 150 (× 1.5)',
        'stages[intake].staff: { ftePerServer: 1, costPerFteYearEur: 90000 } → (removed)',
      ],
    });
    expect(describeMeasure(path('m.yaml')).changes).toEqual([
      'stages[intake].capacity.servers → 7 from 2025-03-01',
      'reception.locations[azc].beds × 1.5',
      'stages[intake].staff: removed',
    ]);
  });
});

describe('the shipped example measures', () => {
  const measuresDir = join(examplesDir, 'measures');
  const files = readdirSync(measuresDir).filter((f) => f.endsWith('.yaml'));
  const baseline = join(examplesDir, 'nl-baseline.yaml');

  it('are all there', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
  });

  it.each(files)('%s loads against nl-baseline, changes something, and states its sources and assumptions', (file) => {
    const loaded = loadScenario(baseline, [join(measuresDir, file)]);
    expect(loaded.hash).not.toBe(loadModel(baseline).hash);
    expect(diffModels(loadModel(baseline).model, loaded.model).length).toBeGreaterThan(0);
    const description = describeMeasure(join(measuresDir, file), baseline);
    expect(description.sources.length).toBeGreaterThan(0);
    expect(description.assumptions.length).toBeGreaterThan(0);
  });

  it('load together when they touch different fields', () => {
    const together = [
      'repeat-applications-faster.yaml',
      'faster-housing.yaml',
      'emergency-3000.yaml',
      'legal-aid-after-intended-rejection.yaml',
    ];
    const loaded = loadScenario(
      baseline,
      together.map((f) => join(measuresDir, f)),
    );
    expect(loaded.model.reception!.locations.map((l) => l.id)).toContain('emergency-3000');
  });
});

describe('doorstroom simulate --with', () => {
  it('runs the base with the measures applied, and exits with 2 on a dangling path', async () => {
    const { base, path } = setUp({
      'more.yaml': measure(`  - set: stages[intake].capacity.servers\n    value: 40\n`),
      'bad.yaml': measure(`  - set: stages[intaek].capacity.servers\n    value: 40\n`),
    });
    const ok = await runCli([
      'simulate',
      base,
      '--with',
      path('more.yaml'),
      '-r',
      '2',
      '-w',
      '1',
      '--horizon-days',
      '30',
      '--json',
    ]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).model.file).toBe(`${base} + ${path('more.yaml')}`);
    const bad = await runCli(['simulate', base, '--with', path('more.yaml'), '--with', path('bad.yaml'), '-r', '1']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${path('bad.yaml')}:4:10: stages[intaek].capacity.servers: no stage "intaek" (did you mean "intake"?)`,
    );
  });
});

describe('conflicts between a scale or an add and a later set', () => {
  const mmc = join(examplesDir, 'mmc.yaml');
  const write = (dir: string, name: string, changes: string) => {
    const file = join(dir, name);
    writeFileSync(file, `doorstroom-measure: 1\nname: ${name}\nchanges:\n${changes}`);
    return file;
  };

  it('reports a set that would silently undo an earlier scale, and allows a scale after a set', () => {
    const dir = tempDir();
    const scale = write(dir, 'scale.yaml', '  - scale: stages[service].serviceTime.meanDays\n    by: 0.9\n');
    const set = write(dir, 'set.yaml', '  - set: stages[service].serviceTime.meanDays\n    value: 0.02\n');
    expect(errorsOf(() => loadScenario(mmc, [scale, set])).join('\n')).toMatch(
      /set\.yaml:4:\d+: .*conflicts with "scale: stages\[service\]\.serviceTime\.meanDays" at .*scale\.yaml:4:\d+/,
    );
    const scenario = loadScenario(mmc, [set, scale]);
    const stage = scenario.model.stages[0];
    expect(stage.serviceTime).toEqual({ dist: 'exponential', meanDays: 0.018 });
  });
});
