// Bad inputs for chain models: model YAML (validate, simulate), measure YAML (simulate --with) and the inflow CSV
// a model reads (validate, simulate). Every generated input ends in exit 0 or a located error (file:line:col),
// never an internal error, a hang (30 s) or a memory blow-up (1 GiB heap). DEVELOPERS.md, "Bad-input testing".
import { describe, expect, it } from 'vitest';
import { kindNamed } from './kinds.ts';
import { checkCases, fuzzSetup, propertyTimeout } from './property.ts';

const { runner, corpus } = fuzzSetup({ logs: false });

/** Runs per property: chosen so that the fuzz suite stays near 90 s on a 2-core machine (DEVELOPERS.md). */
const RUNS = { model: 60, measure: 16, inflow: 30 };

describe('bad chain-model inputs', () => {
  it(
    `model YAML: ${RUNS.model} mutants and generated models, validated or simulated (30 days), end in exit 0 or a located error`,
    async () => {
      const counts = await checkCases(runner, kindNamed('model').cases(corpus(), ['validate', 'simulate']), {
        numRuns: RUNS.model,
        freshEvery: 20,
      });
      // The generators reach both ends: models that load and run, and models that are refused with a location.
      expect(Object.keys(counts).some((k) => k.endsWith(': ok'))).toBe(true);
      expect(Object.keys(counts).some((k) => k.endsWith(': located'))).toBe(true);
    },
    propertyTimeout(RUNS.model, runner),
  );

  it(
    `measure YAML: ${RUNS.measure} mutants and generated measures on nl-baseline.yaml, simulated (30 days), end in exit 0 or a located error`,
    async () => {
      await checkCases(runner, kindNamed('measure').cases(corpus(), ['simulate']), {
        numRuns: RUNS.measure,
        freshEvery: 16,
      });
    },
    propertyTimeout(RUNS.measure, runner),
  );

  it(
    `inflow CSV: ${RUNS.inflow} mutants and generated monthly series read by nl-2014-2017.yaml and nl-forecast-2019.yaml end in exit 0 or a located error`,
    async () => {
      await checkCases(runner, kindNamed('inflow').cases(corpus(), ['validate', 'simulate']), {
        numRuns: RUNS.inflow,
        freshEvery: 15,
      });
    },
    propertyTimeout(RUNS.inflow, runner),
  );
});
