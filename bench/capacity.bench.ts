// Capacity planning speed (issue "Planning": a capacity plan for 24 months of nl-baseline in < 2 minutes on 2
// cores): the unconstrained run for the analytic bounds, then the simulated search until the decision term and
// the housing norm hold in 90% of 10 replications — the command's defaults, on all cores.
import { loadModel } from '../src/model/load.ts';
import { planCapacity } from '../src/plan/capacity.ts';
import type { Benchmark } from './harness.ts';

const modelFile = new URL('../examples/nl-baseline.yaml', import.meta.url).pathname;

export const benchmarks: Benchmark[] = [
  {
    name: 'plan.capacity-nl-baseline-24-months.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 120 (2 cores)',
    async measure() {
      const started = performance.now();
      const plan = await planCapacity(loadModel(modelFile), {
        months: 24,
        targets: [
          { norm: 'decision-term', withinShare: 0.9 },
          { norm: 'stage.housing', withinShare: 0.9 },
        ],
        planningOccupancy: 0.91,
        confidence: 0.9,
        replications: 10,
      });
      const seconds = (performance.now() - started) / 1000;
      if (plan.stages.length === 0) throw new Error('bench: no plan');
      return seconds;
    },
  },
];
