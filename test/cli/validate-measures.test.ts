// `doorstroom validate` on measure files: checked on their own (their schema) and, with --base, applied to a
// model; `doorstroom schema --measure` publishes their JSON Schema. A measure given as a model, or a model given
// as a measure, is one clear error, not a list of fields that do not belong.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli, tempDir } from '../helpers.ts';

const measures = [
  ...readdirSync(join(examplesDir, 'measures')).map((f) => join(examplesDir, 'measures', f)),
  ...readdirSync(join(examplesDir, 'measures-2015')).map((f) => join(examplesDir, 'measures-2015', f)),
];

describe('doorstroom validate with measure files', () => {
  it('checks every shipped measure on its own', async () => {
    const { code, stdout, stderr } = await runCli(['validate', ...measures]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(measures.length);
    expect(stdout).toMatch(
      /faster-housing\.yaml: ok \(measure "Faster housing of permit holders", 1 change, 1 cost; give --base model\.yaml to check it applied to a model\)/,
    );
  });

  it('checks the measures applied to a base model, and models beside them as models', async () => {
    const { code, stdout } = await runCli([
      'validate',
      '--base',
      join(examplesDir, 'nl-baseline.yaml'),
      join(examplesDir, 'measures', 'emergency-3000.yaml'),
      join(examplesDir, 'mmc.yaml'),
    ]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /emergency-3000\.yaml: ok \(measure "Acute emergency capacity \(3,000 places\)", 5 changes, 1 cost, applied to .*nl-baseline\.yaml: model [0-9a-f]{12}\)/,
    );
    expect(stdout).toMatch(/mmc\.yaml: ok \(1 stages, 1 cohorts, model [0-9a-f]{12}\)/);
  });

  it('locates a measure’s own mistakes, and those it makes in the base', async () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'doorstroom-measure: 1\nname: bad\nchanges:\n  - scale: stages[aa].capacity.servers\n');
    const alone = await runCli(['validate', bad]);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toMatch(/bad\.yaml:4:12: changes\[0\]\.scale: scale needs "by": the factor/);
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(
      wrong,
      'doorstroom-measure: 1\nname: wrong\nchanges:\n  - set: stages[aa].capacity.servers\n    value: -5\n',
    );
    const applied = await runCli(['validate', '--base', join(examplesDir, 'nl-baseline.yaml'), wrong]);
    expect(applied.code).toBe(2);
    expect(applied.stderr).toMatch(/wrong\.yaml:5:12: stages\[aa\]\.capacity\.servers: must be at least 0/);
  });

  it('says in one line that a measure is not a model, and a model not a measure', async () => {
    const measure = join(examplesDir, 'measures', 'faster-housing.yaml');
    const asModel = await runCli(['simulate', measure, '-r', '1']);
    expect(asModel.code).toBe(2);
    expect(asModel.stderr).toMatch(
      /^.*faster-housing\.yaml:3:1: this is a measure file, not a chain model: apply it to a model with --with .*\ndoorstroom: 1 problem found/,
    );
    const asMeasure = await runCli([
      'simulate',
      join(examplesDir, 'mmc.yaml'),
      '--with',
      join(examplesDir, 'tandem.yaml'),
      '-r',
      '1',
    ]);
    expect(asMeasure.code).toBe(2);
    expect(asMeasure.stderr).toMatch(/tandem\.yaml:6:1: this is a chain model, not a measure file/);
  });
});

describe('doorstroom schema', () => {
  it('prints the model schema, and with --measure the measure schema', async () => {
    const model = JSON.parse((await runCli(['schema'])).stdout);
    expect(model.title).toBe('doorstroom chain model');
    const measure = await runCli(['schema', '--measure']);
    expect(measure.code).toBe(0);
    const json = JSON.parse(measure.stdout);
    expect(json.title).toBe('doorstroom measure');
    // `changes` may be left out by a measure that only has costs (the file check asks for one of the two).
    expect(json.required).toEqual(['doorstroom-measure', 'name']);
    expect(json.properties.costs.items.properties.actor.enum).toContain('municipalities');
    expect(json.properties.changes.items.properties.scale.type).toBe('string');
  });
});
