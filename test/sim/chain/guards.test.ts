// The simulator's guards against a model that validates but cannot be run: a case going round a loop without
// time passing (never a hang), a draw that is not a number of days (never a kernel crash), a working-day draw far
// beyond the horizon (never a calendar of a billion days). Each failure is a located InputError.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/model/load.ts';
import { InputError, formatDiagnostic } from '../../../src/core/diagnostics.ts';
import { type StepSchedule, compileChain, valueAt } from '../../../src/sim/chain/compile.ts';
import { SimulationError, resultShape } from '../../../src/sim/chain/results.ts';
import { MAX_STAGE_ENTRIES_PER_DAY, simulateReplication } from '../../../src/sim/chain/simulate.ts';
import { ReplicationRunner } from '../../../src/sim/run/replicate.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { asyncErrorOf, examplesDir, modelFromYaml, tempDir } from '../../helpers.ts';
import { smallModelYaml } from '../../model/small-model.ts';

const FAMILY =
  '{ id: all, grantProbability: { a: 1 }, familyReunification: { membersPerGrantedCase: 1, delay: { dist: fixed, days: 1 } } }';

function model(stages: string, horizonDays = 30, perDay = 5, cohort = '{ id: all }'): string {
  return smallModelYaml({
    stages,
    horizonDays,
    perDay,
    cohort,
    entry: cohort === FAMILY ? 'familyReunification: a' : undefined,
  });
}

/** A loop a ↔ b whose service times validate (positive means) but are far too short to move the clock. */
const instantLoop = model(`  - { id: a, partner: p, serviceTime: { dist: exponential, meanDays: 0.000001 }, next: b }
  - { id: b, partner: p, next: a }
`);

describe('the loop guard', () => {
  it(`stops a case after ${MAX_STAGE_ENTRIES_PER_DAY} stage entries in a day, naming the loop, at the loop's first stage`, async () => {
    const loaded = modelFromYaml(instantLoop);
    const message = await asyncErrorOf(() => simulate(loaded, { replications: 1, workers: 1 }));
    expect(message).toMatch(
      /^test-model\.yaml:8:5: stages\[0\]: replication 0, day 0: a case entered stages 10000 times within one day, going round (a → b → a|b → a → b)/,
    );
  });

  it('reports the same located error from a worker thread', async () => {
    const message = await asyncErrorOf(() => simulate(modelFromYaml(instantLoop), { replications: 2, workers: 2 }));
    expect(message).toMatch(
      /^test-model\.yaml:8:5: stages\[0\]: replication [01], day 0: a case entered stages 10000 times within one day/,
    );
  });

  it('lets a case through a loop that takes time, however often it goes round', () => {
    const loop = model(
      `  - { id: a, partner: p, serviceTime: { dist: exponential, meanDays: 0.01 }, next: [{ to: a, probability: 0.99 }, { exit: other, probability: 0.01 }] }
`,
      60,
    );
    const r = simulateReplication(compileChain(modelFromYaml(loop)), { replication: 0, seed: 1 });
    expect(r.kpis['stage.a.completed.cases']).toBeGreaterThan(10_000);
  });
});

describe('impossible draws', () => {
  const plain = model(
    `  - { id: a, partner: p, decides: grant, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: housed, when: { kind: [first] } }, { exit: other, when: { kind: [familyReunification] } }] }
`,
    30,
    5,
    FAMILY,
  );

  it('turn a service time that is not a number of days into a SimulationError at the stage’s serviceTime', () => {
    const chain = compileChain(modelFromYaml(plain));
    chain.stages[0].service = () => Number.NaN;
    expect(() => simulateReplication(chain, { replication: 0, seed: 1 })).toThrow(SimulationError);
    try {
      simulateReplication(chain, { replication: 0, seed: 1 });
    } catch (error) {
      expect((error as SimulationError).path).toBe('stages[0].serviceTime');
      expect((error as Error).message).toMatch(/a draw of the service time of stage "a" gave NaN days/);
    }
  });

  it('locate it in the model file when a runner has the model, for family delays too', () => {
    const runner = new ReplicationRunner(modelFromYaml(plain));
    runner.chain.cohorts[0].familyDelay = () => Infinity;
    let caught: unknown;
    try {
      runner.run({ replication: 0, seed: 1 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InputError);
    expect(formatDiagnostic((caught as InputError).diagnostics[0])).toMatch(
      /^test-model\.yaml:5:\d+: cohorts\[0\]\.familyReunification\.delay: replication 0, day \d+: a draw of the family reunification delay of cohort "all" gave Infinity days/,
    );
  });

  it('never build a working calendar for a draw far beyond the horizon (a lognormal’s tail)', () => {
    const heavy = model(
      `  - { id: a, partner: p, workingDaysOnly: true, serviceTime: { dist: lognormal, meanDays: 36600, sdDays: 3660000 }, next: [{ exit: other }] }
`,
      365,
      50,
    );
    const chain = compileChain(modelFromYaml(heavy));
    chain.stages[0].service = () => 1e15; // a calendar to here would need 10^15 days of tables
    const r = simulateReplication(chain, { replication: 0, seed: 3 });
    expect(r.kpis['arrivals.persons']).toBeGreaterThan(10_000);
    expect(r.kpis['stage.a.completed.cases']).toBe(0);
  });
});

describe('a forecast path', () => {
  it('with more persons than a replication may hold stops the run at the inflow, before any arrival', async () => {
    const dir = tempDir();
    const months = Array.from(
      { length: 36 },
      (_, i) => `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')},100000`,
    );
    writeFileSync(join(dir, 'history.csv'), ['month,n', ...months].join('\n') + '\n');
    const text = smallModelYaml({
      horizonDays: 365,
      stages: '  - { id: a, partner: p, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }\n',
    })
      .replace(
        'perDay: { first: 5 }',
        'forecast: { path: history.csv, columns: { first: n }, method: naive, stress: [{ from: 2023-01, multipliers: [100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100] }] }',
      )
      .replace('2025-01-01', '2023-01-01');
    const loaded = modelFromYaml(text, 'forecast.yaml', dir);
    const message = await asyncErrorOf(() => simulate(loaded, { replications: 1, workers: 1 }));
    expect(message).toMatch(
      /^forecast\.yaml:6:42: inflow: replication 0: the forecast's sample path brings \d+ persons over the run, more than the 4000000 a replication may hold/,
    );
  });
});

describe('result shape', () => {
  it('counts the daily series and KPIs a replication makes, for the size checks', () => {
    for (const file of ['nl-baseline.yaml', 'nl-2014-2017.yaml', 'nl-2022-2026.yaml', 'mmc.yaml']) {
      const loaded = loadModel(join(examplesDir, file));
      const r = simulateReplication(compileChain(loaded, { horizonDays: 40 }), { replication: 0, seed: 1 });
      expect(resultShape(loaded.model), file).toEqual({
        dailySeries: Object.keys(r.series).length,
        kpis: Object.keys(r.kpis).length,
      });
    }
  });
});

describe('valueAt', () => {
  it('finds the step in force by binary search, as a scan from the end would', () => {
    const schedule: StepSchedule = {
      fromDay: Float64Array.of(-Infinity, 0, 3, 3, 10, 50),
      value: Float64Array.of(1, 2, 3, 4, 5, 6),
    };
    const scan = (t: number) => {
      let i = schedule.fromDay.length - 1;
      while (i > 0 && schedule.fromDay[i] > t) i--;
      return schedule.value[i];
    };
    for (const t of [-5, -0.5, 0, 1, 2.99, 3, 4, 9.5, 10, 49, 50, 1e9])
      expect(valueAt(schedule, t), String(t)).toBe(scan(t));
  });
});
