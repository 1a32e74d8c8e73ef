// Simulator benchmarks named in the chain-model issue: customers per second through the tandem network from
// its model file, one year of nl-baseline, 100 replications of nl-baseline on all cores, and memory.
import { execFileSync } from 'node:child_process';
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
  ...[365, 2557].map((days): Benchmark => ({
    name: `sim.nl-baseline.peak-rss-${days}-days`,
    unit: 'MiB',
    higherIsBetter: false,
    target: 'bounded: grows with cases in the chain and days of series, not with events',
    runs: 3,
    measure() {
      // Peak resident memory of a fresh Node process that loads nl-baseline and runs one replication (Node's
      // own ~50 MiB included). Compare the two horizons: seven years process 7x the events of one.
      const script = [
        `const { loadModel } = await import(${JSON.stringify(new URL('../src/model/load.ts', import.meta.url).href)});`,
        `const { compileChain } = await import(${JSON.stringify(new URL('../src/sim/chain/compile.ts', import.meta.url).href)});`,
        `const { simulateReplication } = await import(${JSON.stringify(new URL('../src/sim/chain/simulate.ts', import.meta.url).href)});`,
        `const chain = compileChain(loadModel(${JSON.stringify(join(examples, 'nl-baseline.yaml'))}), { horizonDays: ${days} });`,
        `const r = simulateReplication(chain, { replication: 0, seed: 1 });`,
        `process.stdout.write(JSON.stringify({ events: r.events, maxRssKiB: process.resourceUsage().maxRSS }));`,
      ].join('\n');
      const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
      const { maxRssKiB } = JSON.parse(out) as { events: number; maxRssKiB: number };
      return maxRssKiB / 1024;
    },
  })),
];
