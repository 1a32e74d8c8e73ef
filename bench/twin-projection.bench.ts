// The twin's projection: nl-2022-2026 (69,000 open cases at its start) projected 26 weeks ahead over 200
// replications on all cores — the simulation part of a twin run, whose whole must stay under 30 s on 2 cores —
// and the same replications through simulate() alone, so the projection's own cost (chunks, weekly reduction,
// thresholds) shows as the difference.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/run/simulate.ts';
import { projectTwin, withoutPlaybook } from '../src/twin/project.ts';
import type { Benchmark } from './harness.ts';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const today = loadModel(join(examples, 'nl-2022-2026.yaml'));
const WEEKS = 26;
const REPLICATIONS = 200;

export const benchmarks: Benchmark[] = [
  {
    name: 'twin.projection.nl-2022-2026.200-replications-26-weeks',
    unit: 's',
    higherIsBetter: false,
    target: '< 30 for the whole twin run (2 cores)',
    runs: 3,
    async measure() {
      const started = performance.now();
      await projectTwin(today, { weeks: WEEKS, replications: REPLICATIONS });
      return (performance.now() - started) / 1000;
    },
  },
  {
    name: 'twin.simulate-only.nl-2022-2026.200-replications-26-weeks',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    async measure() {
      const started = performance.now();
      await simulate(withoutPlaybook(today), { replications: REPLICATIONS, horizonDays: WEEKS * 7 });
      return (performance.now() - started) / 1000;
    },
  },
];
