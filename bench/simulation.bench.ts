// Simulator benchmarks: customers per second through the tandem network from its model file, one year of
// nl-baseline, 100 replications of nl-baseline and of nl-2022-2026 on all cores, and memory.
//
// The tandem on one thread is also stated as a share of a hand-written typed-array loop of the same network, when
// the project machine has it beside the repository (`../shared/bench/bench_js_typed.mjs`, not part of doorstroom):
// each run times doorstroom and that loop (a child process) one after the other, alternating which goes first,
// and divides the two figures of the pair, so a machine that is slower for a while slows both.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
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
const today = loadModel(join(examples, 'nl-2022-2026.yaml'));

let replication = 0;

/** One replication of the tandem over 2,000 days on this thread (about 480,000 customers), compile untimed. */
function tandemOneThread(): { customersPerSecond: number; customers: number; meanDays: number } {
  const chain = compileChain(tandem, { horizonDays: 2000 });
  const started = performance.now();
  const r = simulateReplication(chain, { replication: replication++, seed: 1 });
  const seconds = (performance.now() - started) / 1000;
  const customers = r.kpis['arrivals.persons'];
  return { customersPerSecond: customers / seconds, customers, meanDays: r.kpis['leadTime.chain.mean'] };
}

// The tandem's mean time through the network by Jackson's theorem (examples/tandem.yaml: 3 × M/M/3, λ = 240/day,
// μ = 100/day per server), and the hand-written loop's own (its model.json: λ = 1, μ = 0.4, so 3 × 6.011).
const TANDEM_MEAN_DAYS = 0.062361;
const REFERENCE_MEAN_SOJOURN = 18.03;

const referenceLoop = fileURLToPath(new URL('../../shared/bench/bench_js_typed.mjs', import.meta.url));
/** The loop's own figures of the pairs timed so far, for the benchmark that reports them. */
const referenceFigures: number[] = [];
let pairs = 0;
let lastCustomers = 480_000;

/** Runs the hand-written loop for `customers` customers in a child process; its customers/s and mean sojourn. */
function runReferenceLoop(customers: number, seed: number): { customersPerSecond: number; meanSojourn: number } {
  const out = execFileSync(process.execPath, [referenceLoop, String(customers), String(seed)], { encoding: 'utf8' });
  const line = JSON.parse(out.trim().split('\n').pop()!) as { customers_per_s: number; mean_sojourn: number };
  return { customersPerSecond: line.customers_per_s, meanSojourn: line.mean_sojourn };
}

/** One pair, alternating which runs first: doorstroom's customers/s divided by the loop's, the loop's recorded. */
function tandemPair(): number {
  const pair = pairs++;
  let ours: ReturnType<typeof tandemOneThread> | undefined;
  if (pair % 2 === 0) ours = tandemOneThread();
  // As many customers as doorstroom's run (its previous run's count when the loop goes first).
  const reference = runReferenceLoop(Math.round(ours?.customers ?? lastCustomers), 12345 + pair);
  ours ??= tandemOneThread();
  lastCustomers = ours.customers;
  referenceFigures.push(reference.customersPerSecond);
  const ratio = ours.customersPerSecond / reference.customersPerSecond;
  console.log(
    `  pair ${pair + 1} (${pair % 2 === 0 ? 'doorstroom first' : 'loop first'}): doorstroom ` +
      `${(ours.customersPerSecond / 1e6).toFixed(3)} million customers/s (mean time in the network ` +
      `${ours.meanDays.toFixed(5)} days, analytic ${TANDEM_MEAN_DAYS}), hand-written loop ` +
      `${(reference.customersPerSecond / 1e6).toFixed(3)} million/s (mean sojourn ${reference.meanSojourn.toFixed(2)}, ` +
      `analytic ${REFERENCE_MEAN_SOJOURN}): ratio ${ratio.toFixed(3)}`,
  );
  return ratio;
}

const shareOfHandWrittenLoop: Benchmark[] = existsSync(referenceLoop)
  ? [
      {
        name: 'sim.tandem-mm3x3.share-of-hand-written-loop',
        unit: 'ratio',
        higherIsBetter: true,
        target: '>= 0.65 (one thread, same run)',
        runs: 6,
        measure: tandemPair,
      },
      {
        name: 'sim.tandem-mm3x3.hand-written-loop.customers-per-second',
        unit: 'customers/s',
        higherIsBetter: true,
        target: 'the pairs above (a child process each)',
        runs: 6,
        measure() {
          // The loop's figures of the pairs the ratio was measured on; pairs of its own when that was filtered out.
          if (referenceFigures.length === 0) tandemPair();
          return referenceFigures.shift()!;
        },
      },
    ]
  : [
      {
        name: 'sim.tandem-mm3x3.share-of-hand-written-loop',
        unit: 'ratio',
        higherIsBetter: true,
        runs: 1,
        measure() {
          console.log(
            `  the hand-written reference loop is absent (${referenceLoop}): no ratio, only the absolute figure ` +
              'sim.tandem-mm3x3.customers-per-second',
          );
          return Number.NaN;
        },
      },
    ];

export const benchmarks: Benchmark[] = [
  {
    name: 'sim.tandem-mm3x3.customers-per-second',
    unit: 'customers/s',
    higherIsBetter: true,
    target: '>= 1e6 (one thread)',
    measure: () => tandemOneThread().customersPerSecond,
  },
  ...shareOfHandWrittenLoop,
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
  {
    name: 'sim.nl-2022-2026.100-replications-all-cores',
    unit: 's',
    higherIsBetter: false,
    target: '< 90 (2 cores; four years from the end-2022 state, nothing warmed up)',
    runs: 3,
    async measure() {
      const started = performance.now();
      await simulate(today, { replications: 100 });
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
