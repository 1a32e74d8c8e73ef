// Bad inputs for case-event logs: canonical CSV, a partner CSV with its mapping file, XES (plain and gzip), OCEL
// 2.0 JSON and XML — imported (mostly with --pseudonymise, into every output format) or monitored. Every generated
// input ends in exit 0 or a located error, never an internal error, a hang (30 s) or a memory blow-up (1 GiB
// heap); with --pseudonymise no planted raw identifier (V-number, case number, event number) appears in standard
// output or error, the log written, its rejects file or any other file. DEVELOPERS.md, "Bad-input testing".
import { describe, expect, it } from 'vitest';
import { kindNamed } from './kinds.ts';
import { checkCases, fuzzSetup, propertyTimeout } from './property.ts';
import { plantedIn } from './values.ts';

// A trace of examples/tandem.yaml (simulate --trace) with raw identifiers, and its exports (import).
const { runner, corpus } = fuzzSetup({ logs: true });

/** Runs per property: chosen so that the fuzz suite stays near 90 s on a 2-core machine (DEVELOPERS.md). */
const RUNS = { 'event-csv': 80, mapping: 80, xes: 60, 'ocel-json': 60, 'ocel-xml': 60 } as const;
const FORMATS = {
  'event-csv': 'canonical CSV',
  mapping: 'partner CSV with a mapping file',
  xes: 'XES',
  'ocel-json': 'OCEL 2.0 JSON',
  'ocel-xml': 'OCEL 2.0 XML',
} as const;

describe('bad event logs', () => {
  it('start from logs with raw identifiers in every format', () => {
    for (const text of Object.values(corpus().log)) expect(plantedIn(text).length).toBeGreaterThan(20);
  });

  for (const [kind, runs] of Object.entries(RUNS) as [keyof typeof RUNS, number][]) {
    it(
      `${FORMATS[kind]}: ${runs} mutants and generated logs, imported or monitored, end in exit 0 or a located error and leak no planted identifier`,
      async () => {
        const counts = await checkCases(runner, kindNamed(kind).cases(corpus(), ['import', 'monitor']), {
          numRuns: runs,
          freshEvery: 25,
        });
        expect(counts['import: ok'] ?? 0).toBeGreaterThan(0);
      },
      propertyTimeout(runs, runner),
    );
  }
});
