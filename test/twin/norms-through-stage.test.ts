// Which norms a capacity rule at a stage can keep: the stage's own norm, and each chain norm whose clock can run
// while a case is there (its start can lead to the stage, its stop can follow it) — on nl-baseline's routing.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../src/model/load.ts';
import { normsThroughStage } from '../../src/twin/draaiboek.ts';
import { examplesDir } from '../helpers.ts';

describe('normsThroughStage', () => {
  const model = loadModel(join(examplesDir, 'nl-baseline.yaml')).model;

  it('gives the decision term for the stages before the decision, and the housing norm for housing alone', () => {
    const of = (stage: string) => normsThroughStage(model, stage);
    expect(of('registration')).toEqual(['decision-term']);
    expect(of('aa')).toEqual(['decision-term']);
    expect(of('aa-decision')).toEqual(['decision-term']);
    expect(of('housing')).toEqual(['stage.housing']);
    expect(of('departure')).toEqual([]);
  });
});
