// A measure's own costs in its measure file: every bad value is a located error in the measure file (line,
// field, what to do), and good costs reach the scenario without changing the model or its hash.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { loadScenario } from '../../src/model/measures.ts';
import { errorsOf, examplesDir, queueModelYaml, tempDir } from '../helpers.ts';

const baseYaml =
  `${queueModelYaml({ arrivalsPerDay: 2, servers: 1, meanServiceDays: 0.2, horizonDays: 400, warmupDays: 30 })}reception:
  locations:
    - { id: azc, type: regular, beds: 100, costPerOccupiedBedDayEur: 80 }
  overflowCostPerPersonDayEur: 150
`.replace('    partner: p\n', '    partner: p\n    location: [azc]\n');

function setUp(costs: string): { base: string; file: string; text: string } {
  const dir = tempDir('doorstroom-measure-costs-');
  const base = join(dir, 'base.yaml');
  writeFileSync(base, baseYaml);
  const file = join(dir, 'm.yaml');
  const text = `doorstroom-measure: 1\nname: costs\ncosts:\n${costs}`;
  writeFileSync(file, text);
  return { base, file, text };
}

const lineOf = (text: string, needle: string, from = 0) =>
  text.split('\n').findIndex((l, i) => i >= from && l.includes(needle)) + 1;

describe('measure costs', () => {
  it('reach the scenario as written, and leave the model and its hash alone', () => {
    const { base, file } = setUp(
      `  - { id: training, label: Training, actor: ind, oneOffEur: 50000, date: 2025-03-01, source: "a budget line" }
  - { id: per-bed, label: Extra care, actor: coa, perBedDayEur: 2, locations: [azc], assumption: "two euros a night" }
  - { id: per-case, label: Interpreter, actor: ind, perCaseEur: 40, stage: service, assumption: "one hour" }
  - { id: yearly, label: Licence, actor: ministry, perYearEur: 12000, from: 2025-02-01, assumption: "a quote" }
`,
    );
    const scenario = loadScenario(base, [file]);
    expect(scenario.hash).toBe(loadModel(base).hash);
    expect(scenario.measureCosts?.map((c) => [c.id, c.actor, c.measure])).toEqual([
      ['training', 'ind', 'costs'],
      ['per-bed', 'coa', 'costs'],
      ['per-case', 'ind', 'costs'],
      ['yearly', 'ministry', 'costs'],
    ]);
  });

  it('reports every bad value at its line and field, saying what to do', () => {
    const { base, file, text } = setUp(
      `  - id: no-source
    label: No source
    actor: coa
    perYearEur: 1
  - id: two-amounts
    label: Two amounts
    actor: coa
    perYearEur: 1
    oneOffEur: 2
    assumption: x
  - id: no-date
    label: No date
    actor: coa
    oneOffEur: 2
    assumption: x
  - id: stray-stage
    label: Stray stage
    actor: coa
    perYearEur: 1
    stage: service
    assumption: x
  - id: bad-actor
    label: Bad actor
    actor: gemeente
    perYearEur: 1
    assumption: x
  - id: backwards
    label: Backwards
    actor: coa
    perYearEur: 1
    from: 2025-06-01
    until: 2025-01-01
    assumption: x
  - id: no-amount
    label: No amount
    actor: coa
    assumption: x
  - id: no-amount
    label: Twice
    actor: coa
    perYearEur: 1
    assumption: x
`,
    );
    const lines = errorsOf(() => loadScenario(base, [file]));
    const at = (needle: string, from = 0) => `${file}:${lineOf(text, needle, from)}:`;
    expect(lines).toEqual([
      expect.stringMatching(new RegExp(`^${at('id: no-source')}.*needs a "source".*or an "assumption"`)),
      expect.stringMatching(
        new RegExp(
          `^${at('perYearEur: 1', lineOf(text, 'two-amounts'))}.*a cost has one amount; this one has .* split it`,
        ),
      ),
      expect.stringMatching(new RegExp(`^${at('oneOffEur: 2', 12)}.*oneOffEur .* needs "date"; add it`)),
      expect.stringMatching(new RegExp(`^${at('stage: service')}.*"stage" does not belong to perYearEur.*remove it`)),
      expect.stringMatching(new RegExp(`^${at('actor: gemeente')}.*ministry`)),
      expect.stringMatching(new RegExp(`^${at('until: 2025-01-01')}.*not after from.*give a later date`)),
      expect.stringMatching(new RegExp(`^${at('id: no-amount')}.*needs one amount: oneOffEur, perYearEur`)),
    ]);
  });

  it('reports a stage, location or date that does not fit the model, in the measure file', () => {
    const { base, file, text } = setUp(
      `  - { id: a, label: A, actor: ind, perCaseEur: 1, stage: servise, assumption: x }
  - { id: b, label: B, actor: coa, perBedDayEur: 1, locations: [azc, acz], assumption: x }
  - { id: c, label: C, actor: coa, oneOffEur: 1, date: 2025-01-10, assumption: x }
  - { id: d, label: D, actor: coa, perYearEur: 1, from: 2030-01-01, assumption: x }
  - { id: a, label: Again, actor: coa, perYearEur: 1, assumption: x }
`,
    );
    const lines = errorsOf(() => loadScenario(base, [file]));
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file}:${lineOf(text, 'servise')}:\\d+: .*no stage "servise" in the model \\(did you mean "service"\\?\\)`,
        ),
      ),
      expect.stringMatching(new RegExp(`^${file}:${lineOf(text, 'acz')}:\\d+: .*no reception location "acz"`)),
      expect.stringMatching(
        new RegExp(
          `^${file}:${lineOf(text, '2025-01-10')}:\\d+: .*outside the reported period \\(2025-01-31 to 2026-02-04\\)`,
        ),
      ),
      expect.stringMatching(new RegExp(`^${file}:${lineOf(text, '2030-01-01')}:\\d+: .*nothing of this yearly amount`)),
      expect.stringMatching(new RegExp(`^${file}:${lineOf(text, 'Again')}:\\d+: .*a second cost with id "a"`)),
    ]);
  });

  it('lets a measure that only costs have no changes, but not a measure with neither', () => {
    const dir = tempDir('doorstroom-measure-costs-');
    const base = join(dir, 'base.yaml');
    writeFileSync(base, baseYaml);
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, 'doorstroom-measure: 1\nname: nothing\n');
    expect(errorsOf(() => loadScenario(base, [empty]))[0]).toMatch(/at least one change .* "costs" list/);
  });

  it('are carried by every shipped measure, each with its actor and a source or an assumption', () => {
    const shipped = [
      ...readdirSync(join(examplesDir, 'measures')).map((f) => ['nl-baseline.yaml', join('measures', f)]),
      ...readdirSync(join(examplesDir, 'measures-2015')).map((f) => ['nl-2014-2017.yaml', join('measures-2015', f)]),
    ];
    expect(shipped.length).toBeGreaterThanOrEqual(9);
    for (const [base, measure] of shipped) {
      const costs = loadScenario(join(examplesDir, base), [join(examplesDir, measure)]).measureCosts ?? [];
      expect(costs.length, measure).toBeGreaterThan(0);
      for (const c of costs) expect(c.source ?? c.assumption, `${measure} ${c.id}`).toBeTruthy();
    }
  });
});
