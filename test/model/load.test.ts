// Loading chain model files: every example loads; each kind of bad input is a located InputError listing all
// problems at once, never a crash or a silently ignored field.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { loadModel } from '../../src/model/load.ts';
import { errorsOf, examplesDir, modelFromYaml, tempDir } from '../helpers.ts';

const mmc = readFileSync(join(examplesDir, 'mmc.yaml'), 'utf8');

describe('loading models', () => {
  it('loads every example and gives each a stable content hash', () => {
    const files = readdirSync(examplesDir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const a = loadModel(join(examplesDir, f));
      expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(loadModel(join(examplesDir, f)).hash).toBe(a.hash);
    }
  });

  it('changes the hash when a number changes', () => {
    expect(modelFromYaml(mmc).hash).not.toBe(modelFromYaml(mmc.replace('servers: 3', 'servers: 4')).hash);
  });

  it('reports a missing file with its path and no stack trace', () => {
    const [line] = errorsOf(() => loadModel('does/not/exist.yaml'));
    expect(line).toMatch(/^does\/not\/exist\.yaml:1:1: cannot read file: ENOENT/);
  });

  it('reports malformed YAML at its line', () => {
    const lines = errorsOf(() => modelFromYaml(mmc.replace('  perDay:\n', '  perDay: [\n'), 'bad.yaml'));
    expect(lines[0]).toMatch(/^bad\.yaml:\d+:\d+: /);
  });

  it('reports a wrong type, an unknown field and a negative capacity together, each located', () => {
    const yaml = mmc
      .replace('horizonDays: 3650', 'horizonDays: ten')
      .replace('      servers: 3', '      sevrers: 3')
      .replace('      meanDays: 0.01', '      meanDays: -1');
    const lines = errorsOf(() => modelFromYaml(yaml, 'm.yaml'));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    const horizonLine = yaml.split('\n').findIndex((l) => l.includes('horizonDays: ten')) + 1;
    expect(
      lines.some((l) => l.startsWith(`m.yaml:${horizonLine}:`) && l.includes('time.horizonDays') && /number/.test(l)),
    ).toBe(true);
    expect(lines.some((l) => l.includes('"sevrers"') && l.includes('servers'))).toBe(true);
    expect(lines.some((l) => l.includes('stages[0].serviceTime.meanDays'))).toBe(true);
  });

  it('rejects a negative number of servers', () => {
    const lines = errorsOf(() => modelFromYaml(mmc.replace('servers: 3', 'servers: -3'), 'm.yaml'));
    expect(lines.join('\n')).toMatch(/stages\[0\]\.capacity\.servers/);
  });

  it('rejects routing probabilities that do not sum to 1, naming the cohort and outcome', () => {
    const yaml = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8').replace(
      '{ to: appeal, when: { outcome: [reject] }, probability: 0.8 }      # assumption',
      '{ to: appeal, when: { outcome: [reject] }, probability: 0.7 }',
    );
    const lines = errorsOf(() => modelFromYaml(yaml, 'nl.yaml'));
    expect(
      lines.some((l) =>
        /^nl\.yaml:\d+:\d+: stages\[\d+\]\.next: .*outcome "reject".* sum to 0\.9; they must sum to 1$/.test(l),
      ),
    ).toBe(true);
  });

  it('rejects references to stages, cohorts and locations that do not exist', () => {
    const yaml = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8')
      .replace('next: intake', 'next: intak')
      .replace('location: [ter-apel]', 'location: [terapel]');
    const lines = errorsOf(() => modelFromYaml(yaml, 'nl.yaml'));
    expect(lines.some((l) => l.includes('unknown stage "intak"'))).toBe(true);
    expect(lines.some((l) => l.includes('unknown location "terapel"'))).toBe(true);
  });

  it('reports an inflow CSV row that is not a count with the CSV file and line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'inflow.csv'), '# source: test\nmonth,first\n2025-01,100\n2025-02,many\n2025-03,120\n');
    const yaml = mmc.replace(
      '  perDay:\n    first: 240\n',
      '  file: { path: inflow.csv, columns: { first: first } }\n  afterLastMonth: hold-last\n',
    );
    const lines = errorsOf(() => modelFromYaml(yaml, join(dir, 'm.yaml'), dir));
    expect(lines).toEqual([expect.stringMatching(/inflow\.csv:4:1: first: "many" is not a count of persons/)]);
  });

  it('reports an inflow that does not cover the run unless afterLastMonth says what follows', () => {
    const yaml = mmc.replace('  perDay:\n    first: 240\n', '  monthly:\n    - { month: 2025-01, first: 100 }\n');
    expect(errorsOf(() => modelFromYaml(yaml, 'm.yaml')).join('\n')).toMatch(
      /inflow ends in 2025-01 .* set inflow\.afterLastMonth/,
    );
    expect(
      modelFromYaml(yaml.replace('  monthly:', '  afterLastMonth: hold-last\n  monthly:')).inflow.streams[0].persons,
    ).toEqual([100]);
  });

  it('rejects a staffing plan that starts after the start date', () => {
    const yaml = mmc.replace('servers: 3', 'servers: [{ from: 2025-02-01, value: 3 }]');
    expect(errorsOf(() => modelFromYaml(yaml, 'm.yaml')).join('\n')).toMatch(
      /first step \(2025-02-01\) must be on or before the start date 2025-01-01/,
    );
  });
});

describe('monthly inflow per cohort', () => {
  const base = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8');
  const monthlyStart = base.indexOf('  monthly:\n');
  const monthlyEnd = base.indexOf('\ntracks:');
  const withRows = (rows: string) =>
    (base.slice(0, monthlyStart) + `  monthly:\n${rows}` + base.slice(monthlyEnd)).replace(
      'afterLastMonth: repeat-last-year',
      'afterLastMonth: zero',
    );

  it('gives one stream per kind and cohort when every row names its cohort', () => {
    const rows = ['2023-01', '2023-02']
      .flatMap((m, i) => [
        `    - { month: ${m}, cohort: high-recognition, first: ${100 + i} }`,
        `    - { month: ${m}, cohort: safe-country, first: ${10 + i}, repeat: 3 }`,
      ])
      .join('\n');
    const loaded = modelFromYaml(withRows(rows));
    const streams = loaded.inflow.streams.map((s) => [s.kind, s.cohort, s.persons]);
    expect(streams).toEqual([
      ['first', 0, [100, 101]],
      ['first', 2, [10, 11]],
      ['repeat', 2, [3, 3]],
    ]);
  });

  it('locates a row without a cohort among rows with one, an unknown cohort and a month given twice', () => {
    const rows = [
      '    - { month: 2023-01, cohort: high-recognition, first: 100 }',
      '    - { month: 2023-01, cohort: high-recognition, first: 100 }',
      '    - { month: 2023-02, first: 100 }',
      '    - { month: 2023-02, cohort: syria, first: 100 }',
    ].join('\n');
    const lines = errorsOf(() => modelFromYaml(withRows(rows), 'rows.yaml'));
    expect(
      lines.some((l) =>
        /^rows\.yaml:\d+:\d+: inflow\.monthly\[1\]\.month: month 2023-01 of cohort high-recognition is given twice/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(lines.some((l) => /inflow\.monthly\[2\]: the first row names its cohort, this one does not/.test(l))).toBe(
      true,
    );
    expect(lines.some((l) => /inflow\.monthly\[3\]\.cohort: unknown cohort "syria"/.test(l))).toBe(true);
  });
});
