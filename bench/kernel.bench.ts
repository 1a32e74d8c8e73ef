// Throughput of the engine core: the kernel under the classic "hold model" (a steady queue of N pending events;
// each event schedules one successor at now + an exponential increment) and the random streams it draws from.
// Each run times a fixed amount of work of about 1–2 s after an untimed warm-up.
import { Kernel } from '../src/sim/engine/kernel.ts';
import { RandomStream, replicationStream, substream } from '../src/core/random.ts';
import type { Benchmark } from './harness.ts';

const SEED = 20240601;

/** Events per second of the hold model with `pendingEvents` events in the queue. */
function holdModel(pendingEvents: number, timedEvents: number): number {
  const kernel = new Kernel(pendingEvents);
  const rng = replicationStream(SEED, 0);
  const meanIncrementDays = 1;
  let processed = 0;
  const hold = kernel.on((payload) => {
    processed++;
    kernel.schedule(kernel.now - meanIncrementDays * Math.log(rng.uniformOpen()), hold, payload);
  });
  for (let i = 0; i < pendingEvents; i++) kernel.schedule(-meanIncrementDays * Math.log(rng.uniformOpen()), hold, i);
  // Warm-up: let the JIT optimise the loop and the queue reach its steady-state shape.
  for (let i = 0; i < 2_000_000; i++) kernel.step();
  processed = 0;
  const start = performance.now();
  while (processed < timedEvents) kernel.step();
  const seconds = (performance.now() - start) / 1000;
  return processed / seconds;
}

function drawsPerSecond(rng: RandomStream, draws: number): number {
  let sink = 0;
  for (let i = 0; i < 1_000_000; i++) sink += rng.uniform();
  const start = performance.now();
  for (let i = 0; i < draws; i++) sink += rng.uniform();
  const seconds = (performance.now() - start) / 1000;
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return draws / seconds;
}

function substreamsPerSecond(creations: number): number {
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += substream(SEED, 0, 1, i).uniform();
  const start = performance.now();
  // One draw per sub-stream, as a simulated person takes at least one: the figure is creation plus first use.
  for (let i = 0; i < creations; i++) sink += substream(SEED, 3, 1, i).uniform();
  const seconds = (performance.now() - start) / 1000;
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return creations / seconds;
}

/** The same as substreamsPerSecond, with one stream object put in each sub-stream's state in turn. */
function substreamResetsPerSecond(resets: number): number {
  const stream = new RandomStream();
  let sink = 0;
  for (let i = 0; i < 200_000; i++) sink += stream.resetToSubstream(SEED, 0, 1, i).uniform();
  const start = performance.now();
  for (let i = 0; i < resets; i++) sink += stream.resetToSubstream(SEED, 3, 1, i).uniform();
  const seconds = (performance.now() - start) / 1000;
  if (sink < 0) throw new Error('unreachable: keeps the loop from being optimised away');
  return resets / seconds;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'kernel.hold-model',
    unit: 'events/s',
    higherIsBetter: true,
    target: '>= 8e6',
    runs: 5,
    measure: () => holdModel(10_000, 12_000_000),
  },
  {
    name: 'kernel.hold-model-1000',
    unit: 'events/s',
    higherIsBetter: true,
    target: '>= 8e6',
    runs: 5,
    measure: () => holdModel(1_000, 15_000_000),
  },
  {
    name: 'random.uniform',
    unit: 'draws/s',
    higherIsBetter: true,
    runs: 5,
    measure: () => drawsPerSecond(replicationStream(SEED, 1), 50_000_000),
  },
  {
    name: 'random.substream',
    unit: 'streams/s',
    higherIsBetter: true,
    runs: 5,
    measure: () => substreamsPerSecond(5_000_000),
  },
  {
    name: 'random.substream-reset',
    unit: 'streams/s',
    higherIsBetter: true,
    runs: 5,
    measure: () => substreamResetsPerSecond(5_000_000),
  },
];
