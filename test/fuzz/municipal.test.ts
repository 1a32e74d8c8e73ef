// Bad inputs for the municipal files and series: allocate placement (households with raw ids, targets, housing,
// labour, coordinates; mostly --pseudonymise), allocate taakstelling and key (arrears, scores, existing places,
// municipality lists) and forecast (series CSV). Every generated input ends in exit 0 or a located error, never an
// internal error, a hang (30 s) or a memory blow-up (1 GiB heap); with --pseudonymise no planted household id
// appears in standard output or error or any file written. DEVELOPERS.md, "Bad-input testing".
import { describe, expect, it } from 'vitest';
import { kindNamed } from './kinds.ts';
import { checkCases, fuzzSetup, propertyTimeout } from './property.ts';

const { runner, corpus } = fuzzSetup({ logs: false });

/** Runs per property: chosen so that the fuzz suite stays near 90 s on a 2-core machine (DEVELOPERS.md). */
const RUNS = { placement: 30, allocate: 40, forecast: 40 };

describe('bad municipal files and series', () => {
  it(
    `allocate placement: ${RUNS.placement} households, targets, housing, labour and coordinates files end in exit 0 or a located error and leak no household id`,
    async () => {
      const counts = await checkCases(runner, kindNamed('placement').cases(corpus()), {
        numRuns: RUNS.placement,
        freshEvery: 15,
      });
      expect(counts['allocate placement: ok'] ?? 0).toBeGreaterThan(0);
    },
    propertyTimeout(RUNS.placement, runner),
  );

  it(
    `allocate taakstelling and key: ${RUNS.allocate} arrears, scores, existing-places and municipality files end in exit 0 or a located error`,
    async () => {
      await checkCases(runner, kindNamed('allocate').cases(corpus()), { numRuns: RUNS.allocate, freshEvery: 20 });
    },
    propertyTimeout(RUNS.allocate, runner),
  );

  it(
    `forecast: ${RUNS.forecast} mutants of data/*.csv and generated series end in exit 0 or a located error`,
    async () => {
      await checkCases(runner, kindNamed('forecast').cases(corpus()), { numRuns: RUNS.forecast, freshEvery: 20 });
    },
    propertyTimeout(RUNS.forecast, runner),
  );
});
