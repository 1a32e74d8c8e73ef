// The fitted model has no file of its own until it is written: a problem in it is reported at the same field of
// the skeleton model (whose text it keeps), saying it concerns the model fitted to the log. And every fitted
// duration is one the simulator takes, or it is not chosen.
import { describe, expect, it } from 'vitest';
import { loadFittedModel } from '../../src/calibrate/fit-model.ts';
import { fitDuration } from '../../src/calibrate/fit.ts';
import { parseYamlDocument } from '../../src/core/yaml-source.ts';
import { errorsOf, examplesDir } from '../helpers.ts';
import { smallModelYaml } from '../model/small-model.ts';

const skeletonText = smallModelYaml({
  stages: '  - id: a\n    partner: p\n    serviceTime: { dist: fixed, days: 1 }\n    next: [{ exit: other }]\n',
});

describe('loadFittedModel', () => {
  it('loads a fitted model that is right', () => {
    const fitted = loadFittedModel(
      skeletonText,
      parseYamlDocument(skeletonText, 'skeleton.yaml'),
      'events.csv',
      examplesDir,
    );
    expect(fitted.model.name).toBe('t');
    expect(fitted.file).toBe('skeleton.yaml');
  });

  it('reports a problem of the fitted values at the skeleton’s field, naming the log', () => {
    // What the calibration might write: a fitted service time the model does not take.
    const fittedText = skeletonText.replace(
      '{ dist: fixed, days: 1 }',
      '{ dist: gamma, meanDays: 2, sdDays: 50 } # fitted: n=40',
    );
    const errors = errorsOf(() =>
      loadFittedModel(fittedText, parseYamlDocument(skeletonText, 'skeleton.yaml'), 'events.csv', examplesDir),
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^skeleton\.yaml:10:18: stages\[0\]\.serviceTime(\.sdDays)?: in the model fitted to events\.csv: a gamma duration needs sdDays/,
      ),
    ]);
    expect(errors[0]).not.toMatch(/fitted model:/);
  });
});

describe('fitDuration', () => {
  it('leaves out a fitted gamma whose spread the simulator does not take', () => {
    // Mostly tiny values and a few huge ones: the gamma's maximum-likelihood shape is far below 1/16.
    const sample = Float64Array.from({ length: 1000 }, (_, i) => (i % 500 === 0 ? 1e4 : 1e-8 * (1 + (i % 7))));
    const fit = fitDuration(sample, { candidates: ['exponential', 'gamma'] });
    expect(fit.excluded.find((e) => e.dist === 'gamma')?.reason).toMatch(/lies outside the range the simulator takes/);
    expect(fit.duration.dist).toBe('exponential');
  });
});
