// Scenario comparison with common random numbers: paired differences, their confidence intervals, and the
// number of replications chosen for a stated precision.
import { describe, expect, it } from 'vitest';
import { compareScenarios, pairedDifference } from '../../../src/sim/run/compare.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { studentTQuantile } from '../../../src/sim/stats/student-t.ts';
import { modelFromYaml, queueModelYaml } from '../../helpers.ts';

const base = modelFromYaml(
  queueModelYaml({ arrivalsPerDay: 80, servers: 1, meanServiceDays: 0.01, horizonDays: 60, warmupDays: 5 }),
);
const faster = modelFromYaml(
  queueModelYaml({ arrivalsPerDay: 80, servers: 1, meanServiceDays: 0.009, horizonDays: 60, warmupDays: 5 }),
);

describe('compareScenarios', () => {
  it('gives exactly zero differences, with a zero-width interval, for an unchanged scenario', async () => {
    const result = await compareScenarios({ name: 'base', model: base }, [{ name: 'same', model: base }], {
      replications: 5,
      workers: 1,
    });
    const diffs = result.scenarios[0].differences;
    expect(diffs.length).toBeGreaterThan(10);
    for (const d of diffs) {
      if (d.n === 0) continue;
      expect(d.mean, d.kpi).toBe(0);
      expect(d.halfWidth, d.kpi).toBe(0);
    }
  });

  it('pairs replication r of each scenario, so the interval of a difference is narrower than from independent runs', async () => {
    const result = await compareScenarios({ name: 'base', model: base }, [{ name: 'faster', model: faster }], {
      replications: 8,
      workers: 2,
    });
    const wait = result.scenarios[0].differences.find((d) => d.kpi === 'stage.service.waiting.mean')!;
    expect(wait.n).toBe(8);
    expect(wait.high).toBeLessThan(0); // faster service: less waiting, and the interval says so
    // The same difference from independent runs (another seed for the scenario) has a wider interval.
    const a = await simulate(base, { replications: 8, workers: 1, seed: 1 });
    const b = await simulate(faster, { replications: 8, workers: 1, seed: 99 });
    const sd = (xs: number[]) => {
      const m = xs.reduce((p, x) => p + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((p, x) => p + (x - m) ** 2, 0) / (xs.length - 1));
    };
    const values = (r: typeof a) => r.replications.map((x) => x.kpis['stage.service.waiting.mean']);
    const independentHalfWidth =
      studentTQuantile(0.975, 14) * Math.sqrt(sd(values(a)) ** 2 / 8 + sd(values(b)) ** 2 / 8);
    expect(wait.halfWidth).toBeLessThan(independentHalfWidth);
  });

  it('computes the paired interval as mean ± t(0.975, n−1)·sd/√n', () => {
    const rep = (v: number) => ({ kpis: { x: v } }) as never;
    const d = pairedDifference('x', [rep(1), rep(2), rep(3), rep(4)], [rep(2), rep(2), rep(5), rep(5)]);
    // differences 1, 0, 2, 1: mean 1, sd sqrt(2/3)
    expect(d.mean).toBe(1);
    expect(d.sd).toBeCloseTo(Math.sqrt(2 / 3), 12);
    expect(d.halfWidth).toBeCloseTo((3.182446305 * Math.sqrt(2 / 3)) / 2, 6);
    expect(d.baseMean).toBe(2.5);
  });

  it('adds replications until the stated precision is reached', async () => {
    const result = await compareScenarios({ name: 'base', model: base }, [{ name: 'faster', model: faster }], {
      replications: 3,
      workers: 2,
      precision: 0.05,
      precisionKpis: ['stage.service.waiting.mean'],
    });
    expect(result.replications).toBeGreaterThan(3);
    expect(result.precision.met).toBe(true);
    const wait = result.scenarios[0].differences.find((d) => d.kpi === 'stage.service.waiting.mean')!;
    expect(wait.n).toBe(result.replications);
    expect(wait.relativeHalfWidth).toBeLessThanOrEqual(0.05);
  });
});

describe('compareScenarios time frame', () => {
  it('refuses a scenario whose period differs from the base', async () => {
    const longer = modelFromYaml(
      queueModelYaml({ arrivalsPerDay: 80, servers: 1, meanServiceDays: 0.01, horizonDays: 61, warmupDays: 5 }),
      'longer.yaml',
    );
    await expect(
      compareScenarios({ name: 'base', model: base }, [{ name: 'longer', model: longer }], {
        replications: 2,
        workers: 1,
      }),
    ).rejects.toThrow(
      /longer\.yaml:1:1: time\.horizonDays: scenario "longer" has time\.horizonDays 61 but the base has 60/,
    );
  });
});
