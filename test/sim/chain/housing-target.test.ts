// The housing target with arrears: each half year the share `realisationShare` of the target plus the arrears
// carried in is realised (the stage's capacity for that half year), and the rest is carried into the next one.
import { describe, expect, it } from 'vitest';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import { errorsOf, modelFromYaml } from '../../helpers.ts';

/**
 * A housing stage (fixed 1 day) with `throughput`. Without `decide`, 5,000 permit holders wait there at the start;
 * with it, 300 persons first pass a stage that grants each a permit on day 10 (2025-01-11).
 */
function housingModel(throughput: string, options: { decide?: boolean } = {}): string {
  const decide = options.decide === true;
  const decideStage = `  - id: decide
    partner: ind
    serviceTime: { dist: fixed, days: 10 }
    decides: grant
    next: [{ to: housing, when: { outcome: [grant] } }, { exit: other, when: { outcome: [reject] } }]
`;
  return `doorstroom: 1
name: housing target
time: { start: 2025-01-01, horizonDays: 546 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: ind }, { id: gemeenten }]
cohorts: [{ id: all${decide ? ', grantProbability: { decide: 1 }' : ''} }]
inflow: { entry: { first: ${decide ? 'decide' : 'housing'} }, perDay: { first: 0 } }
stages:
${decide ? decideStage : ''}  - id: housing
    partner: gemeenten
    capacity:
      throughput: ${throughput}
    serviceTime: { dist: fixed, days: 1 }
    next: [{ exit: housed }]
initialState:
  - ${decide ? '{ stage: decide, persons: 300 }' : '{ stage: housing, persons: 5000, granted: true }'}
`;
}

/** The capacity released in each half year of the run (2025-H1, 2025-H2, 2026-H1). */
function halfYears(yaml: string): number[] {
  const quota = compileChain(modelFromYaml(yaml)).stages.find((st) => st.id === 'housing')!.dailyQuota!;
  const sum = (from: number, to: number) => quota.subarray(from, to).reduce((a, b) => a + b, 0);
  return [sum(0, 181), sum(181, 365), sum(365, 546)];
}

describe('a housing target with arrears (worked by hand)', () => {
  it('realises the share of target plus arrears and carries the rest', () => {
    // Target 1,000 a half year, half of it realised, 200 arrears at the start:
    // 2025-H1 due 1,200 → 600 (600 carried); 2025-H2 due 1,600 → 800 (800); 2026-H1 due 1,800 → 900.
    const got = halfYears(
      housingModel('{ amount: 1000, per: halfYear, unit: persons, realisationShare: 0.5, arrearsAtStart: 200 }'),
    );
    expect(got[0]).toBeCloseTo(600, 9);
    expect(got[1]).toBeCloseTo(800, 9);
    expect(got[2]).toBeCloseTo(900, 9);
  });

  it('takes the target and the share of each half year from their schedules', () => {
    // 2025-H1: 1,000 × 0.8 = 800 (200 carried); 2025-H2: (2,000 + 200) × 1 = 2,200 (0); 2026-H1: 2,000 × 0.5.
    const got = halfYears(
      housingModel(`
        amount: [{ from: 2025-01-01, value: 1000 }, { from: 2025-07-01, value: 2000 }]
        per: halfYear
        realisationShare: [{ from: 2025-01-01, value: 0.8 }, { from: 2025-07-01, value: 1 }, { from: 2026-01-01, value: 0.5 }]`),
    );
    expect(got).toEqual([800, 2200, 1000].map((x) => expect.closeTo(x, 9)));
  });

  it('with a share of 1 and no arrears is the plain target', () => {
    const plain = halfYears(housingModel('{ amount: 1000, per: halfYear }'));
    const withShare = halfYears(housingModel('{ amount: 1000, per: halfYear, realisationShare: 1 }'));
    expect(withShare).toEqual(plain);
  });

  it('houses what the realised capacity allows', () => {
    const r = simulateReplication(
      compileChain(
        modelFromYaml(housingModel('{ amount: 1000, per: halfYear, realisationShare: 0.5, arrearsAtStart: 200 }')),
      ),
      { replication: 0, seed: 1 },
    );
    // 600 + 800 + 900 start service (the last case of a day may overdraw its budget by less than one person).
    const started = 5000 - r.kpis['stage.housing.backlog.end'];
    expect(started).toBeGreaterThanOrEqual(2299);
    expect(started).toBeLessThanOrEqual(2301);
  });
});

describe('a housing target with arrears: bad values', () => {
  it.each([
    ['{ amount: 1000, per: month, realisationShare: 0.8 }', /capacity\.throughput\.realisationShare: .*per: halfYear/],
    [
      '{ amount: 1000, per: halfYear, arrearsAtStart: 100 }',
      /capacity\.throughput\.arrearsAtStart: .*realisationShare/,
    ],
    ['{ amount: 1000, per: halfYear, realisationShare: 1.2 }', /capacity\.throughput\.realisationShare/],
    [
      '{ amount: 1000, per: halfYear, realisationShare: 0.5, arrearsAtStart: -1 }',
      /capacity\.throughput\.arrearsAtStart/,
    ],
  ])('rejects %s with a located error', (throughput, message) => {
    const errors = errorsOf(() => modelFromYaml(housingModel(throughput)));
    expect(
      errors.some((e) => message.test(e) && /test-model\.yaml:\d+:\d+/.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });
});

describe('a housing target from the chain’s own permits (worked by hand)', () => {
  // 300 persons are granted a permit on day 10 (2025-01-11). The target of 2025-H1 is 0 (amount); from 2025-07-01
  // each half year's target is the permits of the half year before: 2025-H2 gets 300, half of it realised (150,
  // 150 carried); 2026-H1 gets 0 new permits plus 150 arrears, half realised (75).
  const model = (throughput: string) => housingModel(throughput, { decide: true });

  it('sets each half year’s target from the permits of the half year before, with the arrears carried', () => {
    const r = simulateReplication(
      compileChain(
        modelFromYaml(
          model('{ amount: 0, per: halfYear, realisationShare: 0.5, targetFromPermits: { from: 2025-07-01 } }'),
        ),
      ),
      { replication: 0, seed: 1 },
    );
    const housed = r.series['exits.housed'];
    const sum = (from: number, to: number) => housed.subarray(from, to).reduce((a, b) => a + b, 0);
    expect(sum(0, 182)).toBe(0); // 2025-H1: a target of 0
    // 2025-H2 starts 150 (each housed a day later); 2026-H1 starts 75.
    expect(sum(182, 366)).toBeGreaterThanOrEqual(149);
    expect(sum(182, 366)).toBeLessThanOrEqual(151);
    expect(sum(182, 546) + r.series['stage.housing.inStage'][545]).toBe(300);
    expect(300 - r.kpis['stage.housing.backlog.end']).toBeGreaterThanOrEqual(224);
    expect(300 - r.kpis['stage.housing.backlog.end']).toBeLessThanOrEqual(226);
  });

  it.each([
    ['{ amount: 0, per: halfYear, targetFromPermits: { from: 2025-07-01 } }', /targetFromPermits: .*realisationShare/],
    [
      '{ amount: 0, per: halfYear, realisationShare: 0.5, targetFromPermits: { from: 2025-08-01 } }',
      /targetFromPermits\.from: .*1 January or 1 July/,
    ],
    [
      '{ amount: 0, per: halfYear, realisationShare: 0.5, targetFromPermits: { from: 2025-01-01 } }',
      /targetFromPermits\.from: .*six months after the start/,
    ],
  ])('rejects %s with a located error', (throughput, message) => {
    const errors = errorsOf(() => modelFromYaml(model(throughput)));
    expect(
      errors.some((e) => message.test(e) && /test-model\.yaml:\d+:\d+/.test(e)),
      errors.join('\n'),
    ).toBe(true);
  });
});

describe('a housing target from permits in a model restarted after its switch (as the twin restarts a model)', () => {
  it('carries the arrears of the first half year into the first one that follows the permits', () => {
    // The model of the test above with 100 arrears at its start, restarted on 2025-09-01 (after the switch of
    // 2025-07-01): 2025-H2 realises half of 0 + 100 (over its 122 days in the run) and carries 50 into 2026-H1
    // (day 122), whose target is the 300 permits of the run (granted on day 10): half of 350 = 175 housed there.
    const loaded = modelFromYaml(
      housingModel(
        '{ amount: 0, per: halfYear, realisationShare: 0.5, arrearsAtStart: 100, targetFromPermits: { from: 2025-07-01 } }',
        { decide: true },
      ),
    );
    const restarted = {
      ...loaded,
      model: { ...loaded.model, time: { start: '2025-09-01', horizonDays: 304, warmupDays: 0 } },
    };
    const chain = compileChain(restarted);
    expect(chain.stages.find((s) => s.id === 'housing')!.permitTarget!.arrears).toBe(50);
    const r = simulateReplication(chain, { replication: 0, seed: 1 });
    const housed = r.series['exits.housed'];
    const sum = (from: number, to: number) => housed.subarray(from, to).reduce((a, b) => a + b, 0);
    expect(sum(122, 304)).toBeGreaterThanOrEqual(174);
    expect(sum(122, 304)).toBeLessThanOrEqual(176);
  });
});
