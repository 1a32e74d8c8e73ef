// The model's limits and the checks that keep a file that validates from hanging or crashing a run: zero-time
// loops, distribution parameters the samplers cannot draw from, sizes past what memory holds, nesting too deep
// for the YAML parser, an endless inflow file. Each expectation names the file, line, column and field.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/model/schema.ts';
import { loadModel } from '../../src/model/load.ts';
import { loadScenario } from '../../src/model/measures.ts';
import { canTakeNoTime } from '../../src/model/validate.ts';
import { excessiveNesting, parseYamlDocument } from '../../src/core/yaml-source.ts';
import { errorsOf, examplesDir, modelFromYaml, tempDir } from '../helpers.ts';
import { smallModelYaml } from './small-model.ts';

const model = (stages: string, extra = '', perDay = 5, horizonDays = 30): string =>
  smallModelYaml({ stages, extra, perDay, horizonDays });

describe('zero-time loops', () => {
  it('rejects two stages without service time that send cases to each other, at the first one’s next', () => {
    const errors = errorsOf(() =>
      modelFromYaml(model('  - { id: a, partner: p, next: b }\n  - { id: b, partner: p, next: a }\n')),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^test-model\.yaml:8:32: stages\[0\]\.next: cases can go round a → b → a without time passing/,
      ),
    ]);
  });

  it('finds a loop through a branch with a probability, and through an empirical duration with a 0', () => {
    const stages = `  - { id: a, partner: p, serviceTime: { dist: empirical, valuesDays: [0, 3], weights: [1, 1] }, next: [{ to: b, probability: 0.5 }, { exit: other, probability: 0.5 }] }
  - { id: b, partner: p, serviceTime: { dist: fixed, days: 0 }, next: a }
`;
    expect(errorsOf(() => modelFromYaml(model(stages)))[0]).toMatch(/stages\[0\]\.next: cases can go round a → b → a/);
  });

  it('finds a loop that only a track’s route makes, and one that only a playbook diversion makes', () => {
    const tracks = `  - { id: a, partner: p, decides: track }
  - { id: b, partner: p }
  - { id: c, partner: p, next: [{ to: b, when: { track: [t1] } }, { exit: other, when: { track: [t2] } }] }
tracks:
  - { id: t1, route: [b, c] }
  - { id: t2, route: [c] }
`;
    const withTracks = model(tracks).replace('{ id: all }', '{ id: all, trackProbabilities: { t1: 0.5, t2: 0.5 } }');
    expect(errorsOf(() => modelFromYaml(withTracks))[0]).toMatch(/cases can go round b → c → b without time passing/);
    const diverted = `  - { id: a, partner: p, next: b }
  - { id: b, partner: p, next: [{ exit: other }] }
playbook:
  - { id: back, when: { date: { from: 2025-01-10 } }, then: { route: { stage: b, to: a, share: 0.5 } } }
`;
    expect(errorsOf(() => modelFromYaml(model(diverted)))[0]).toMatch(
      /stages\[0\]\.next: cases can go round a → b → a/,
    );
  });

  it('accepts a loop in which one stage takes time, and a track route that only passes by', () => {
    const stages = `  - { id: a, partner: p, serviceTime: { dist: exponential, meanDays: 2 }, next: b }
  - { id: b, partner: p, next: [{ to: a, probability: 0.2 }, { exit: other, probability: 0.8 }] }
`;
    expect(modelFromYaml(model(stages)).model.stages).toHaveLength(2);
  });

  it('rejects the loop a measure makes, as a problem after applying it', () => {
    const dir = tempDir();
    const base = join(dir, 'base.yaml');
    writeFileSync(
      base,
      model(
        `  - { id: a, partner: p, next: b }\n  - { id: b, partner: p, serviceTime: { dist: fixed, days: 1 }, next: a }\n`,
      ),
    );
    const measure = join(dir, 'instant.yaml');
    writeFileSync(
      measure,
      'doorstroom-measure: 1\nname: instant\nchanges:\n  - set: stages[b].serviceTime\n    value: { dist: fixed, days: 0 }\n',
    );
    expect(loadModel(base).model.stages).toHaveLength(2);
    expect(errorsOf(() => loadScenario(base, [measure]))[0]).toMatch(
      /base\.yaml:8:32: stages\[a\]\.next: after applying measures: cases can go round a → b → a/,
    );
  });

  it('counts a duration as taking no time only when it has mass at 0', () => {
    expect(canTakeNoTime({ dist: 'fixed', days: 0 })).toBe(true);
    expect(canTakeNoTime({ dist: 'fixed', days: 1e-9 })).toBe(true);
    expect(canTakeNoTime({ dist: 'empirical', valuesDays: [0, 1], weights: [0, 1] })).toBe(false);
    expect(canTakeNoTime({ dist: 'empirical', valuesDays: [0, 1] })).toBe(true);
    expect(canTakeNoTime({ dist: 'triangular', minDays: 0, modeDays: 0, maxDays: 1 })).toBe(false);
    expect(canTakeNoTime({ dist: 'exponential', meanDays: 1e-6 })).toBe(false);
  });
});

describe('distribution parameters', () => {
  it('rejects a gamma and a lognormal whose spread the samplers cannot draw from, at sdDays', () => {
    const stages = `  - { id: a, partner: p, serviceTime: { dist: gamma, meanDays: 1, sdDays: 1e-300 }, next: b }
  - { id: b, partner: p, serviceTime: { dist: lognormal, meanDays: 1, sdDays: 1e200 }, next: [{ exit: other }] }
`;
    const errors = errorsOf(() => modelFromYaml(model(stages)));
    expect(errors).toEqual([
      expect.stringMatching(
        /:8:75: stages\[0\]\.serviceTime\.sdDays: a gamma duration needs sdDays between 0\.000001 × meanDays and 4 × meanDays/,
      ),
      expect.stringMatching(
        /:9:79: stages\[1\]\.serviceTime\.sdDays: a lognormal duration needs sdDays between 0\.000001 × meanDays and 100 × meanDays/,
      ),
    ]);
  });

  it('rejects means and values outside 10^-6 … 36,600 days', () => {
    const stages = `  - { id: a, partner: p, serviceTime: { dist: exponential, meanDays: 1e-300 }, next: b }
  - { id: b, partner: p, serviceTime: { dist: fixed, days: 1e12 }, next: [{ exit: other }] }
`;
    const errors = errorsOf(() => modelFromYaml(model(stages)));
    expect(errors[0]).toMatch(/stages\[0\]\.serviceTime\.meanDays: must be at least 0\.000001/);
    expect(errors[1]).toMatch(/stages\[1\]\.serviceTime\.days: must be at most 36600/);
  });
});

describe('sizes', () => {
  const oneStage = '  - { id: a, partner: p, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }\n';

  it('bounds persons per day, and the persons a run brings in all', () => {
    expect(errorsOf(() => modelFromYaml(model(oneStage, '', 1e12)))[0]).toMatch(
      /:6:49: inflow\.perDay\.first: must be at most 100000/,
    );
    const errors = errorsOf(() => modelFromYaml(model(oneStage, '', 10_000, 3000)));
    expect(errors).toEqual([
      expect.stringMatching(
        /:6:40: inflow\.perDay: a run of 3000 days would simulate 30000000 expected arrivals, more than the 4000000 persons/,
      ),
    ]);
  });

  it('bounds monthly counts, and the months and the initial state a file may hold', () => {
    const monthly = model(oneStage).replace('perDay: { first: 5 }', 'monthly: [{ month: 2025-01, first: 1e9 }]');
    expect(errorsOf(() => modelFromYaml(monthly))[0]).toMatch(/inflow\.monthly\[0\]\.first: must be at most 3000000/);
    const initial = model(
      oneStage,
      'initialState:\n  - { stage: a, persons: 700000 }\n  - { stage: a, persons: 700000 }\n',
    );
    expect(errorsOf(() => modelFromYaml(initial))).toEqual([
      expect.stringMatching(
        /:10:3: initialState: the initial state holds 1400000 persons, more than the 1000000 allowed/,
      ),
    ]);
  });

  it('bounds the daily values one replication keeps by the horizon', () => {
    const locations = Array.from(
      { length: 200 },
      (_, i) => `    - { id: l${i}, type: regular, beds: 10, costPerOccupiedBedDayEur: 1 }`,
    ).join('\n');
    const text = model(
      '  - { id: a, partner: p, location: [l0], serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }\n',
      `reception:\n  overflowCostPerPersonDayEur: 1\n  locations:\n${locations}\n`,
      5,
      36_600,
    );
    expect(errorsOf(() => modelFromYaml(text))[0]).toMatch(
      /time\.horizonDays: the model keeps 426 daily series .* over 36600 days: 15\.6 million values per replication, more than the 5 million allowed; shorten the horizon to at most 11737 days/,
    );
  });

  it('keeps a run within 1900–9999 and Dutch holidays from 1980 on', () => {
    expect(
      errorsOf(() =>
        modelFromYaml(model(oneStage).replace('2025-01-01, horizonDays: 30', '9999-12-01, horizonDays: 60')),
      )[0],
    ).toMatch(/time\.start: the run must lie between 1900-01-01 and 9999-12-31/);
    expect(errorsOf(() => modelFromYaml(model(oneStage).replace('2025-01-01', '1950-01-01')))[0]).toMatch(
      /calendar\.holidays: Dutch public holidays are known from 1980 on/,
    );
  });

  it('reads an endless inflow file to its limit and reports it at inflow.file.path', () => {
    const text = model(oneStage).replace('perDay: { first: 5 }', 'file: { path: /dev/zero, columns: { first: n } }');
    expect(errorsOf(() => modelFromYaml(text))).toEqual([
      expect.stringMatching(
        /^test-model\.yaml:6:46: inflow\.file\.path: .*dev\/zero: the file is larger than 256 MiB, the limit for an inflow CSV file/,
      ),
    ]);
  });

  it('reports an inflow file with a header but no rows at inflow.file.path', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'inflow.csv'), 'month,n\n# no rows yet\n');
    const text = model(oneStage).replace('perDay: { first: 5 }', 'file: { path: inflow.csv, columns: { first: n } }');
    expect(errorsOf(() => modelFromYaml(text, 'test-model.yaml', dir))).toEqual([
      expect.stringMatching(/^test-model\.yaml:6:46: inflow\.file\.path: .*inflow\.csv has a header but no rows/),
    ]);
  });

  it('bounds the changes of a measure file (each is checked against every other)', () => {
    const dir = tempDir();
    const file = join(dir, 'many.yaml');
    const change = '  - { op: set, path: seed, value: 2 }\n';
    writeFileSync(file, `doorstroom-measure: 1\nname: many\nchanges:\n${change.repeat(LIMITS.measureChanges + 1)}`);
    expect(errorsOf(() => loadScenario(join(examplesDir, 'tandem.yaml'), [file]))).toEqual([
      `${file}:4:3: changes: must have at most ${LIMITS.measureChanges} items, got ${LIMITS.measureChanges + 1}`,
    ]);
  });

  it('refuses a measure file given as a model, in one line', () => {
    expect(errorsOf(() => loadModel(join(examplesDir, 'measures', 'faster-housing.yaml')))).toEqual([
      expect.stringMatching(
        /faster-housing\.yaml:3:1: this is a measure file, not a chain model: apply it to a model with --with/,
      ),
    ]);
  });

  it('states the limits the docs list', () => {
    expect(LIMITS.horizonDays).toBe(36_600);
    expect(LIMITS.personsPerRun).toBeGreaterThanOrEqual(1_000 * 3_650);
  });
});

describe('nesting depth', () => {
  const cases: [string, string][] = [
    ['10,000 open brackets', `sources: ${'['.repeat(10_000)}`],
    ['10,000 closed brackets', `sources: ${'['.repeat(10_000)}${']'.repeat(10_000)}`],
    ['10,000 sequence dashes on a line', `${'- '.repeat(10_000)}x`],
    ['5,000 indented mappings', Array.from({ length: 5_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1'],
    ['3,000 nested flow mappings', `a: ${'{a: '.repeat(3_000)}1${'}'.repeat(3_000)}`],
  ];
  for (const [name, text] of cases) {
    it(`stops ${name} with one located error before parsing`, () => {
      const errors = errorsOf(() => parseYamlDocument(text, 'deep.yaml'));
      expect(errors).toEqual([
        expect.stringMatching(/^deep\.yaml:\d+:\d+: lists and mappings are nested more than 64 levels deep here/),
      ]);
    });
  }

  it('counts levels, not brackets in text, comments or block scalars', () => {
    const text = `a: "[[[[" # [[[[\nb: |\n  ${'['.repeat(100)}\nc:\n  - - - [x, {y: [1]}]\n`;
    expect(excessiveNesting(text, 8)).toBeUndefined();
    expect(excessiveNesting(text, 5)).toEqual({ line: 5, col: 13 });
    expect(parseYamlDocument(text, 'ok.yaml').value).toMatchObject({ c: [[[['x', { y: [1] }]]]] });
  });
});
