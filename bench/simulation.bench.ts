// Simulator benchmarks named in the chain-model issue: customers per second through the tandem network from
// its model file, one year of nl-baseline, 100 replications of nl-baseline on all cores, and memory.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../src/model/load.ts';
import { compileChain } from '../src/sim/chain/compile.ts';
import { simulateReplication } from '../src/sim/chain/simulate.ts';
import { simulate } from '../src/sim/run/simulate.ts';
import type { Benchmark } from './harness.ts';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const tandem = loadModel(join(examples, 'tandem.yaml'));
const baseline = loadModel(join(examples, 'nl-baseline.yaml'));

let replication = 0;

export const benchmarks: Benchmark[] = [
  {
    name: 'sim.tandem-mm3x3.customers-per-second',
    unit: 'customers/s',
    higherIsBetter: true,
    target: '>= 1e6 (one thread)',
    measure() {
      const chain = compileChain(tandem, { horizonDays: 2000 });
      const started = performance.now();
      const r = simulateReplication(chain, { replication: replication++, seed: 1 });
      const seconds = (performance.now() - started) / 1000;
      return r.kpis['arrivals.persons'] / seconds;
    },
  },
  {
    name: 'sim.tandem-mm3x3.customers-per-second-all-cores',
    unit: 'customers/s',
    higherIsBetter: true,
    target: '>= 1e6',
    runs: 3,
    async measure() {
      // Replications on all cores through the public simulate(), aggregation included.
      const started = performance.now();
      const result = await simulate(tandem, { replications: 8, horizonDays: 2000, seed: replication++ });
      const seconds = (performance.now() - started) / 1000;
      return result.replications.reduce((a, r) => a + r.kpis['arrivals.persons'], 0) / seconds;
    },
  },
  {
    name: 'sim.kernel-and-chain.events-per-second',
    unit: 'events/s',
    higherIsBetter: true,
    measure() {
      const chain = compileChain(tandem, { horizonDays: 2000 });
      const started = performance.now();
      const r = simulateReplication(chain, { replication: replication++, seed: 1 });
      return r.events / ((performance.now() - started) / 1000);
    },
  },
  {
    name: 'sim.nl-baseline.one-replication-one-year',
    unit: 's',
    higherIsBetter: false,
    target: '< 0.3',
    runs: 7,
    measure() {
      // Load and compile included: what a user waits for, less Node's start-up.
      const started = performance.now();
      const chain = compileChain(loadModel(join(examples, 'nl-baseline.yaml')), { horizonDays: 365 });
      simulateReplication(chain, { replication: replication++, seed: 1 });
      return (performance.now() - started) / 1000;
    },
  },
  {
    name: 'sim.nl-baseline.100-replications-all-cores',
    unit: 's',
    higherIsBetter: false,
    target: '< 60 (2 cores; 7 simulated years of which 5 reported)',
    runs: 3,
    async measure() {
      const started = performance.now();
      await simulate(baseline, { replications: 100 });
      return (performance.now() - started) / 1000;
    },
  },
  ...[365, 2557].map(
    (days): Benchmark => ({
      name: `sim.nl-baseline.memory-${days}-days`,
      unit: 'MiB',
      higherIsBetter: false,
      target: 'bounded: grows with cases in the chain and days of series, not with events',
      runs: 3,
      measure() {
        // Heap plus typed-array memory held after one replication, its result included. Run with
        // `node --expose-gc` (npm run bench does) so that garbage is not counted.
        const chain = compileChain(baseline, { horizonDays: days });
        const used = () => {
          globalThis.gc?.();
          const m = process.memoryUsage();
          return m.heapUsed + m.arrayBuffers;
        };
        const before = used();
        const result = simulateReplication(chain, { replication: replication++, seed: 1 });
        const after = used();
        if (result.events <= 0) throw new Error('no events');
        return (after - before) / 2 ** 20;
      },
    }),
  ),
];
