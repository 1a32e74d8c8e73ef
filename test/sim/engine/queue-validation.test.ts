// The engine as a whole against queueing theory: an M/M/c queue built on the kernel, random streams and samplers
// must reproduce the Erlang C mean wait. A bias in any of them (ordering, stream mixing, the exponential
// sampler) shows up here as a mean wait outside the statistical margin.
import { describe, expect, it } from 'vitest';
import { compileDistribution } from '../../../src/sim/engine/distributions.ts';
import { Kernel } from '../../../src/sim/engine/kernel.ts';
import { replicationStream, substream } from '../../../src/core/random.ts';
import { Welford } from '../../../src/sim/stats/summary.ts';
import { mmcMeanWait } from '../../../src/sim/theory/queueing.ts';

const SERVICE_STREAM = 1;

/** Waiting times (days) of `customers` customers through c servers, FIFO; service draws from per-customer sub-streams. */
function simulateMMc(servers: number, arrivalsPerDay: number, servicesPerDay: number, customers: number, seed: number) {
  const kernel = new Kernel();
  const arrivalRng = replicationStream(seed, 0);
  const interarrivalDays = compileDistribution({ kind: 'exponential', mean: 1 / arrivalsPerDay });
  const serviceDays = compileDistribution({ kind: 'exponential', mean: 1 / servicesPerDay });
  const arrivalDay = new Float64Array(customers);
  const waitDays = new Float64Array(customers);
  const waiting = new Int32Array(customers); // FIFO: waiting[head … tail)
  let head = 0;
  let tail = 0;
  let serversBusy = 0;

  const startService = (customer: number) => {
    waitDays[customer] = kernel.now - arrivalDay[customer];
    serversBusy++;
    const rng = substream(seed, 0, SERVICE_STREAM, customer);
    kernel.schedule(kernel.now + serviceDays(rng), departure, customer);
  };
  const arrival = kernel.on((customer) => {
    arrivalDay[customer] = kernel.now;
    if (serversBusy < servers) startService(customer);
    else waiting[tail++] = customer;
    if (customer + 1 < customers) kernel.schedule(kernel.now + interarrivalDays(arrivalRng), arrival, customer + 1);
  });
  const departure = kernel.on(() => {
    serversBusy--;
    if (head < tail) startService(waiting[head++]);
  });
  kernel.schedule(0, arrival, 0);
  kernel.run(Infinity);
  return waitDays;
}

/** Mean and its standard error by batch means, after dropping the warm-up (waits are autocorrelated). */
function batchMeans(values: Float64Array, warmUp: number, batches: number) {
  const batchSize = Math.floor((values.length - warmUp) / batches);
  const perBatch = new Welford();
  for (let b = 0; b < batches; b++) {
    let sum = 0;
    for (let i = 0; i < batchSize; i++) sum += values[warmUp + b * batchSize + i];
    perBatch.add(sum / batchSize);
  }
  return { mean: perBatch.mean, standardError: perBatch.standardError };
}

describe('engine against queueing theory', () => {
  // Many servers make waits short and rare, so that case needs more customers for the same relative precision.
  const cases = [
    [1, 0.7, 1, 400_000],
    [3, 2.4, 1, 600_000],
    [20, 15, 0.9, 1_200_000],
  ];
  for (const [servers, arrivalsPerDay, servicesPerDay, customers] of cases) {
    it(`M/M/${servers} at rho ${(arrivalsPerDay / (servers * servicesPerDay)).toFixed(2)}: mean wait matches Erlang C`, () => {
      const waits = simulateMMc(servers, arrivalsPerDay, servicesPerDay, customers, 2024 + servers);
      const { mean, standardError } = batchMeans(waits, 20_000, 40);
      const theory = mmcMeanWait(servers, arrivalsPerDay, servicesPerDay);
      expect(standardError / theory).toBeLessThan(0.03); // precise enough to catch a few-percent bias
      expect(Math.abs(mean - theory)).toBeLessThan(4 * standardError);
    });
  }
});
