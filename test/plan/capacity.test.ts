// The capacity planner: analytic bounds against queueing theory, and a simulated plan that meets its target, lies
// above the fluid bound and within the square-root range queueing theory predicts; an impossible target is
// explained, not a crash.
import { describe, expect, it } from 'vitest';
import { bedBound, halfinWhittBeta, poissonQuantile, staffingBound } from '../../src/plan/capacity-analytic.ts';
import { normalCdf } from '../../src/forecast/stats.ts';
import { durationMeanDays, planCapacity } from '../../src/plan/capacity.ts';
import { erlangC } from '../../src/sim/theory/queueing.ts';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFromYaml, runCli, tempDir } from '../helpers.ts';

const pdf = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

describe('analytic capacity bounds', () => {
  it('Halfin–Whitt β gives back its probability of waiting, and β(0.5) ≈ 0.506', () => {
    for (const alpha of [0.05, 0.1, 0.2, 0.5, 0.8]) {
      const beta = halfinWhittBeta(alpha);
      expect(1 / (1 + (beta * normalCdf(beta)) / pdf(beta))).toBeCloseTo(alpha, 6);
    }
    expect(halfinWhittBeta(0.5)).toBeCloseTo(0.506, 2); // β = 0.5 gives α = 1 / (1 + 0.5·Φ(0.5)/φ(0.5)) = 0.5046
    expect(halfinWhittBeta(1)).toBe(0);
  });

  it('square-root staffing lands near its target probability of waiting by Erlang C, above the fluid bound', () => {
    for (const load of [50, 200, 1000]) {
      const b = staffingBound(load, 0.2);
      expect(b.fluid).toBe(load);
      expect(b.squareRoot).toBeGreaterThan(b.fluid);
      expect(Math.abs(b.erlangCAtSquareRoot - 0.2)).toBeLessThan(0.06);
      expect(erlangC(b.squareRoot - 2, load, 1)).toBeGreaterThan(0.2);
    }
  });

  it('Poisson quantiles are exact for small means and beds follow the planning occupancy', () => {
    expect(poissonQuantile(3, 0.9)).toBe(5); // P(X ≤ 4) = 0.815, P(X ≤ 5) = 0.916
    expect(poissonQuantile(0, 0.9)).toBe(0);
    expect(poissonQuantile(10_000, 0.5)).toBe(10_000);
    expect(bedBound(3, 0.9, 0.91)).toEqual({ meanPersons: 3, personsAtConfidence: 5, beds: 6 });
  });

  it('knows the mean of every duration', () => {
    expect(durationMeanDays({ dist: 'triangular', minDays: 1, modeDays: 2, maxDays: 6 })).toBe(3);
    expect(durationMeanDays({ dist: 'empirical', valuesDays: [6, 9], weights: [0.8, 0.2] })).toBeCloseTo(6.6, 12);
  });
});

// One queue with λ = 40 a day and exponential service of mean 1 day: offered load R = 40. Its stage norm asks for
// 90% of cases done within 3 days, waiting included (service alone: P(S ≤ 3) = 95%). The model's own 45 servers
// hold in the warm-up; the plan starts from square-root staffing.
const queue = (norm: string, servers = 45) => `doorstroom: 1
name: one queue
seed: 11
time: { start: 2025-01-01, horizonDays: 200, warmupDays: 31 }
calendar: { holidays: none, workingWeekdays: [mon, tue, wed, thu, fri, sat, sun] }
partners: [{ id: office }]
cohorts: [{ id: all }]
inflow: { entry: { first: desk }, perDay: { first: 40 } }
stages:
  - id: desk
    partner: office
    capacity: { servers: ${servers} }
    serviceTime: { dist: exponential, meanDays: 1 }
    norm: ${norm}
    staff: { ftePerServer: 1, costPerFteYearEur: 73000 }
    next: [{ exit: other }]
`;

describe('the capacity plan', () => {
  it('meets the target at the confidence, above the fluid bound and within R + 3√R', async () => {
    const plan = await planCapacity(modelFromYaml(queue('{ days: 3 }')), {
      months: 3,
      targets: [{ norm: 'stage.desk', withinShare: 0.9 }],
      planningOccupancy: 0.91,
      confidence: 0.8,
      replications: 5,
      workers: 1,
    });
    expect(plan.feasible).toBe(true);
    expect(plan.months).toEqual(['2025-02', '2025-03', '2025-04']);
    for (const s of plan.stages) {
      expect(s.offered).toBeGreaterThan(38);
      expect(s.offered).toBeLessThan(42);
      expect(s.fluidBound).toBeLessThan(s.plan);
      expect(s.plan).toBeLessThanOrEqual(Math.ceil(s.offered + 3 * Math.sqrt(s.offered)));
      expect(s.fte).toBe(s.plan);
    }
    expect(plan.targets.every((t) => t.holds && t.measured > 1000)).toBe(true);
    expect(plan.cost.staffEur).toBeGreaterThan(plan.cost.analyticStaffEur);
    // The planned model runs as it is.
    expect(
      (plan.plannedModel.stages[0].capacity as { servers: { from: string; value: number }[] }).servers.map(
        (s) => s.from,
      ),
    ).toEqual(['2025-01-01', '2025-02-01', '2025-03-01', '2025-04-01']);
  }, 60_000);

  it('says a target cannot be met when even unlimited capacity does not reach it', async () => {
    // Service alone takes 1 day on average: 99% within 1 day is impossible whatever the staff (P(S ≤ 1) = 63%).
    const plan = await planCapacity(modelFromYaml(queue('{ days: 1 }')), {
      months: 2,
      targets: [{ norm: 'stage.desk', withinShare: 0.99 }],
      planningOccupancy: 0.91,
      confidence: 0.8,
      replications: 3,
      workers: 1,
      maxIterations: 4,
    });
    expect(plan.feasible).toBe(false);
    expect(plan.iterations).toBe(0);
    expect(plan.notes.join('\n')).toMatch(
      /stage\.desk \(99% within the term\) cannot be met by any capacity: with unlimited capacity at every adjustable stage it reaches 6\d\.\d% in 2025-02/,
    );
  }, 60_000);

  it('refuses a target for a norm the model does not have, listing the ones it has', async () => {
    await expect(
      planCapacity(modelFromYaml(queue('{ days: 3 }')), {
        months: 1,
        targets: [{ norm: 'decision-term', withinShare: 0.9 }],
        planningOccupancy: 0.91,
        confidence: 0.8,
        replications: 2,
        workers: 1,
      }),
    ).rejects.toThrow(/--target decision-term: the model has no such norm; its norms are stage\.desk/);
  });
});

describe('doorstroom plan capacity', () => {
  it('writes the plan files, a planned model that loads, and refuses a run without targets or with a malformed one', async () => {
    const dir = tempDir();
    const model = join(dir, 'queue.yaml');
    writeFileSync(model, queue('{ days: 3 }'));
    const out = join(dir, 'plan');
    const r = await runCli([
      'plan',
      'capacity',
      model,
      '--months',
      '2',
      '--target',
      'stage.desk=0.9',
      '--confidence',
      '0.8',
      '-r',
      '3',
      '-w',
      '1',
      '--out',
      out,
      '--lang',
      'en',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^capacity plan for .*queue\.yaml: 2025-02 – 2025-03 · \d+ search iterations? · every target holds/,
    );
    expect(r.stdout).toMatch(/^desk \(office\) +servers/m);
    expect(readdirSync(out).sort()).toEqual([
      '.doorstroom',
      'beds.csv',
      'housing-municipalities.csv',
      'housing.csv',
      'plan.json',
      'planned-model.yaml',
      'stages.csv',
      'targets.csv',
    ]);
    expect(readFileSync(join(out, 'targets.csv'), 'utf8').split('\n')[0]).toBe(
      'month,norm,target,achieved,held_in,measured,holds',
    );
    expect((await runCli(['validate', join(out, 'planned-model.yaml')])).code).toBe(0);
    const none = await runCli(['plan', 'capacity', model]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give at least one --target norm=share; the model's norms are stage\.desk/);
    const bad = await runCli(['plan', 'capacity', model, '--target', 'stage.desk:0.9']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--target takes norm=share, e\.g\. decision-term=0\.9/);
  }, 60_000);
});
