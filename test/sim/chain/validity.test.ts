// The simulator against queueing theory: mean waits of M/M/1 and M/M/c within 2% of their closed forms over
// long runs, a tandem network per Burke's theorem, and Little's law at every stage of the Dutch baseline.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadModel } from '../../../src/model/load.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { mm1MeanWait, mmcMeanWait } from '../../../src/sim/theory/queueing.ts';
import { examplesDir, modelFromYaml, queueModelYaml } from '../../helpers.ts';

const relativeError = (simulated: number, theory: number) => Math.abs(simulated - theory) / theory;

describe('validity against queueing theory', () => {
  it('M/M/1 at utilisation 0.8: mean wait within 2% of rho/(mu - lambda)', async () => {
    const lambda = 80;
    const mu = 100;
    const model = modelFromYaml(
      queueModelYaml({
        arrivalsPerDay: lambda,
        servers: 1,
        meanServiceDays: 1 / mu,
        horizonDays: 10_000,
        warmupDays: 10,
      }),
    );
    const result = await simulate(model, { replications: 4, workers: 1 });
    const wait = result.aggregate.kpis['stage.service.waiting.mean'].mean;
    expect(relativeError(wait, mm1MeanWait(lambda, mu))).toBeLessThan(0.02);
    expect(result.aggregate.kpis['stage.service.utilisation'].mean).toBeCloseTo(0.8, 2);
  });

  it('M/M/3 (examples/mmc.yaml): mean wait and time in system within 2% of Erlang C', async () => {
    const result = await simulate(loadModel(join(examplesDir, 'mmc.yaml')), { replications: 4, workers: 2 });
    const wq = mmcMeanWait(3, 240, 100);
    expect(wq).toBeCloseTo(0.010787, 5);
    expect(relativeError(result.aggregate.kpis['stage.service.waiting.mean'].mean, wq)).toBeLessThan(0.02);
    expect(relativeError(result.aggregate.kpis['stage.service.total.mean'].mean, wq + 0.01)).toBeLessThan(0.02);
  });

  it('tandem M/M/3 x 3: every station waits as an independent M/M/3 (Burke), within 2%', async () => {
    const result = await simulate(loadModel(join(examplesDir, 'tandem.yaml')), { replications: 4, workers: 2 });
    const wq = mmcMeanWait(3, 240, 100);
    for (const station of ['station-a', 'station-b', 'station-c']) {
      expect(relativeError(result.aggregate.kpis[`stage.${station}.waiting.mean`].mean, wq)).toBeLessThan(0.02);
    }
    expect(relativeError(result.aggregate.kpis['leadTime.chain.mean'].mean, 3 * (wq + 0.01))).toBeLessThan(0.02);
  });

  it("Little's law L = lambda W holds at every stage of nl-baseline within 2%", async () => {
    const result = await simulate(loadModel(join(examplesDir, 'nl-baseline.yaml')), {
      replications: 1,
      workers: 1,
      horizonDays: 1461,
    });
    const r = result.replications[0];
    const stages = Object.keys(r.kpis)
      .filter((k) => k.endsWith('.little.meanCases'))
      .map((k) => k.slice(6, -17));
    expect(stages.length).toBeGreaterThan(10);
    let checked = 0;
    for (const id of stages) {
      const L = r.kpis[`stage.${id}.little.meanCases`];
      const lambda = r.kpis[`stage.${id}.little.casesPerDay`];
      const W = r.kpis[`stage.${id}.total.mean`];
      if (L < 5) continue; // stages that hold almost nobody have too few cases for a 2% comparison
      expect(relativeError(lambda * W, L), `stage ${id}: L=${L}, lambda*W=${lambda * W}`).toBeLessThan(0.02);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });
});
