// Staff pools: a partner's staff shared by several stages, its hours divided each working day by priority order,
// fixed shares or backlog. Hand-worked cases give the exact start days; a larger model keeps conservation of
// persons and Little's law; validation names each bad field; measures change a pool's FTE and its division.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../../src/model/measures.ts';
import { planCapacity } from '../../../src/plan/capacity.ts';
import { isFlowSeries, kpiInfo, kpiLabel, summaryKeys } from '../../../src/results/kpis.ts';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { resultShape } from '../../../src/sim/chain/results.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import type { TraceSink } from '../../../src/sim/chain/simulate.ts';
import { errorsOf, modelFromYaml, runCli, tempDir } from '../../helpers.ts';

interface PoolModel {
  division: string;
  /** Persons (households of one) waiting at a and b at the start. */
  a?: number;
  b?: number;
  aCapacity?: string;
  bCapacity?: string;
  aNext?: string;
  aService?: string;
  start?: string;
  horizonDays?: number;
  fte?: string;
  hoursPerFteDay?: number;
  pool?: string;
  inflow?: string;
  cohort?: string;
}

/** Two stages a and b of partner ind sharing pool `staff` (1 FTE × 8 hours, 4 hours a case at each). */
function poolModel(m: PoolModel): string {
  const initial = [m.a ? `{ stage: a, persons: ${m.a} }` : '', m.b ? `{ stage: b, persons: ${m.b} }` : ''].filter(
    Boolean,
  );
  return `doorstroom: 1
name: pools
time: { start: ${m.start ?? '2025-01-06'}, horizonDays: ${m.horizonDays ?? 10} }
calendar: { holidays: none }
partners: [{ id: ind }, { id: coa }]
cohorts: [${m.cohort ?? '{ id: all }'}]
inflow: ${m.inflow ?? '{ entry: { first: a }, perDay: { first: 0 } }'}
staffPools:
${
  m.pool ??
  `  - id: staff
    partner: ind
    fte: ${m.fte ?? 1}
    hoursPerFteDay: ${m.hoursPerFteDay ?? 8}
    costPerFteYearEur: 73000
    division: ${m.division}`
}
stages:
  - id: a
    partner: ind
    capacity: ${m.aCapacity ?? '{ pool: staff, hoursPerCase: 4 }'}
    serviceTime: ${m.aService ?? '{ dist: fixed, days: 1 }'}
    next: ${m.aNext ?? '[{ exit: other }]'}
  - id: b
    partner: ind
    capacity: ${m.bCapacity ?? '{ pool: staff, hoursPerCase: 4 }'}
    serviceTime: { dist: fixed, days: 1 }
    next: [{ exit: other }]
${initial.length > 0 ? `initialState: [${initial.join(', ')}]\n` : ''}`;
}

/** The start events of a run: `stage@time`, in the order they happened. */
function starts(yaml: string, seed = 1): string[] {
  return startsOf(compileChain(modelFromYaml(yaml)), seed);
}

function startsOf(chain: ReturnType<typeof compileChain>, seed = 1): string[] {
  const out: string[] = [];
  const sink: TraceSink = {
    event(_key, _persons, _children, activity, lifecycle, time) {
      if (lifecycle === 'start') out.push(`${activity}@${time}`);
    },
  };
  simulateReplication(chain, { replication: 0, seed, trace: sink });
  return out;
}

describe('a staff pool divides its hours each working day', () => {
  it('priority order: a shared pool serves stage A before B (8 hours, 4 hours a case, 3 at A and 2 at B)', () => {
    // Day 0: A needs 12 hours and gets all 8 → 2 cases of A. Day 1: A needs 4, B gets the other 4 → 1 of A, 1 of B.
    // Day 2: B needs 4 → its last case.
    expect(starts(poolModel({ division: '{ rule: priority, order: [a, b] }', a: 3, b: 2 }))).toEqual([
      'a@0',
      'a@0',
      'a@1',
      'b@1',
      'b@2',
    ]);
    // The other order serves B first.
    expect(starts(poolModel({ division: '{ rule: priority, order: [b, a] }', a: 3, b: 2 }))).toEqual([
      'b@0',
      'b@0',
      'a@1',
      'a@1',
      'a@2',
    ]);
  });

  it('has no hours on days that are not working days: a Friday start serves the rest on Monday', () => {
    // 2025-01-10 is a Friday: day 0 serves 2, Saturday and Sunday (days 1, 2) nothing, Monday (day 3) 2, Tuesday 1.
    expect(starts(poolModel({ division: '{ rule: priority, order: [a, b] }', a: 5, start: '2025-01-10' }))).toEqual([
      'a@0',
      'a@0',
      'a@3',
      'a@3',
      'a@4',
    ]);
  });

  it('keeps the hours a priority division leaves over for cases that join later that day', () => {
    // One case at A takes 4 of the 8 hours; it moves on to B at day 0.5 and starts there at once on the other 4.
    expect(
      starts(
        poolModel({
          division: '{ rule: priority, order: [a, b] }',
          a: 1,
          aService: '{ dist: fixed, days: 0.5 }',
          aNext: 'b',
        }),
      ),
    ).toEqual(['a@0', 'b@0.5']);
    // Two cases at A take all 8 hours: at B they wait for the next day's hours.
    expect(
      starts(
        poolModel({
          division: '{ rule: priority, order: [a, b] }',
          a: 2,
          aService: '{ dist: fixed, days: 0.5 }',
          aNext: 'b',
        }),
      ),
    ).toEqual(['a@0', 'a@0', 'b@1', 'b@1']);
  });

  it('fixed shares: each stage gets its share every day, and a share its stage does not need lapses', () => {
    // 8 hours, A 75% (6 hours, 1.5 cases of 4 hours), B 25% (2 hours). A starts while its budget is above 0, so a
    // case may overdraw it: day 0 (6) → 2 cases (−2); day 1 (4) → 1 (0); day 2 (6) → 2 (−2); day 3 (4) → 1.
    // B's 2 hours a day are unused (nobody waits there) and are not given to A.
    expect(starts(poolModel({ division: '{ rule: shares, shares: { a: 0.75, b: 0.25 } }', a: 6 }))).toEqual([
      'a@0',
      'a@0',
      'a@1',
      'a@2',
      'a@2',
      'a@3',
    ]);
    // B with 4 waiting: 2 hours a day, so a case of 4 hours every other day (0: 2 → 1 case, −2; 1: 0; 2: 2 → …).
    expect(starts(poolModel({ division: '{ rule: shares, shares: { a: 0.75, b: 0.25 } }', b: 3 }))).toEqual([
      'b@0',
      'b@2',
      'b@4',
    ]);
  });

  it('backlog: the hours go in proportion to the hours each backlog needs, never more than it needs', () => {
    // A 12 cases of 1 hour, B 4 of 1 hour: 16 hours needed, 8 available → A 6, B 2 on day 0; day 1 A 6, B 2 (all).
    const yaml = poolModel({
      division: '{ rule: backlog }',
      a: 12,
      b: 4,
      aCapacity: '{ pool: staff, hoursPerCase: 1 }',
      bCapacity: '{ pool: staff, hoursPerCase: 1 }',
    });
    const count = (list: string[], x: string) => list.filter((s) => s === x).length;
    const s = starts(yaml);
    expect([count(s, 'a@0'), count(s, 'b@0'), count(s, 'a@1'), count(s, 'b@1'), s.length]).toEqual([6, 2, 6, 2, 16]);
  });

  it('a dated change of division moves the staff between the stages from that date on', () => {
    // Priority A first until day 2 (2025-01-08), then B first: A 2, A 2, B 2, B 2, then B's last and A's last
    // (once divided, the stages start their cases in model order).
    const division = `
      - { from: 2025-01-01, rule: priority, order: [a, b] }
      - { from: 2025-01-08, rule: priority, order: [b, a] }`;
    expect(starts(poolModel({ division, a: 5, b: 5 }))).toEqual([
      'a@0',
      'a@0',
      'a@1',
      'a@1',
      'b@2',
      'b@2',
      'b@3',
      'b@3',
      'a@4',
      'b@4',
    ]);
  });

  it('reports the hours available and used per day and per stage, the utilisation and the staff cost', () => {
    const yaml = poolModel({ division: '{ rule: priority, order: [a, b] }', a: 3, b: 2, horizonDays: 7 });
    const r = simulateReplication(compileChain(modelFromYaml(yaml)), { replication: 0, seed: 1 });
    // 2025-01-06 is a Monday: 5 working days of 8 hours, then a weekend.
    expect([...r.series['pool.staff.hoursAvailable']]).toEqual([8, 8, 8, 8, 8, 0, 0]);
    expect([...r.series['pool.staff.hoursUsed']]).toEqual([8, 8, 4, 0, 0, 0, 0]);
    expect([...r.series['stage.a.poolHours']]).toEqual([8, 4, 0, 0, 0, 0, 0]);
    expect([...r.series['stage.b.poolHours']]).toEqual([0, 4, 4, 0, 0, 0, 0]);
    expect([...r.series['stage.b.poolHoursAllocated']]).toEqual([0, 4, 4, 0, 0, 0, 0]);
    expect(r.kpis['pool.staff.hoursAvailable']).toBe(40);
    expect(r.kpis['pool.staff.hoursUsed']).toBe(20);
    expect(r.kpis['pool.staff.utilisation']).toBe(0.5);
    expect(r.kpis['stage.a.poolHours']).toBe(12);
    expect(r.kpis['stage.b.poolShare']).toBe(0.4);
    // Staff are paid every day, busy or not: 1 FTE × 73,000 / 365 = 200 a day.
    expect([...r.series['cost.staff']]).toEqual([200, 200, 200, 200, 200, 200, 200]);
    expect(r.kpis['cost.staff.eur']).toBe(1400);
  });
});

/** IND stages sharing one pool, Poisson arrivals of households of 1–4 persons, by the given division. */
function indModel(division: string, seed = 5): string {
  return `doorstroom: 1
name: ind-pool
seed: ${seed}
time: { start: 2025-01-01, horizonDays: 730, warmupDays: 100 }
partners: [{ id: ind }]
cohorts:
  - id: all
    householdSize: { sizes: [1, 2, 4], weights: [0.6, 0.25, 0.15] }
    grantProbability: { aa: 0.7, va: 0.6 }
inflow: { entry: { first: intake }, perDay: { first: 20 } }
staffPools:
  - id: ind-staff
    partner: ind
    fte: [{ from: 2025-01-01, value: 100 }, { from: 2025-07-01, value: 110 }]
    hoursPerFteDay: 6
    costPerFteYearEur: 90000
    division: ${division}
stages:
  - id: intake
    partner: ind
    capacity: { pool: ind-staff, hoursPerPerson: 1.5 }
    serviceTime: { dist: exponential, meanDays: 2 }
    next: aa
  - id: aa
    partner: ind
    capacity: { pool: ind-staff, hoursPerCase: 12 }
    workingDaysOnly: true
    serviceTime: { dist: gamma, meanDays: 8, sdDays: 4 }
    decides: grant
    next:
      - { exit: housed, when: { outcome: [grant] }, probability: 0.75 }
      - { to: va, when: { outcome: [grant] }, probability: 0.25 }
      - { to: va, when: { outcome: [reject] } }
  - id: va
    partner: ind
    capacity: { pool: ind-staff, hoursPerCase: 30 }
    serviceTime: { dist: lognormal, meanDays: 20, sdDays: 10 }
    decides: grant
    next:
      - { exit: housed, when: { outcome: [grant] } }
      - { exit: departed-independent, when: { outcome: [reject] } }
`;
}

describe('with staff pools on', () => {
  const divisions = [
    '{ rule: priority, order: [va, aa, intake] }',
    '{ rule: shares, shares: { intake: 0.12, aa: 0.4, va: 0.48 } }',
    '{ rule: backlog }',
  ];

  it.each(divisions)('persons are conserved every day and the pool hours match the persons started (%s)', (d) => {
    const chain = compileChain(modelFromYaml(indModel(d)));
    const r = simulateReplication(chain, { replication: 0, seed: 5 });
    const exitKeys = Object.keys(r.series).filter((k) => k.startsWith('exits.'));
    const stageKeys = Object.keys(r.series).filter((k) => k.endsWith('.inStage'));
    let cumulative = 0;
    let intakeCompleted = 0;
    for (let d = 0; d < 730; d++) {
      cumulative += r.series['arrivals.all'][d];
      for (const k of exitKeys) cumulative -= r.series[k][d];
      expect(r.series['chain.inChain'][d]).toBe(cumulative);
      expect(stageKeys.reduce((a, k) => a + r.series[k][d], 0)).toBe(cumulative);
      intakeCompleted += r.series['stage.intake.completed'][d];
    }
    expect(cumulative).toBeGreaterThan(0);
    // Intake counts its hours per person: 1.5 × the persons that started there (finished or still in service).
    const inService = r.series['stage.intake.inStage'][729] - r.series['stage.intake.waiting'][729];
    const hours = r.series['stage.intake.poolHours'].reduce((a, b) => a + b, 0);
    expect(hours).toBeCloseTo(1.5 * (intakeCompleted + inService), 6);
    // The pool never uses more hours than it had, beyond one case's overdraft at the end.
    const available = r.series['pool.ind-staff.hoursAvailable'].reduce((a, b) => a + b, 0);
    const used = r.series['pool.ind-staff.hoursUsed'].reduce((a, b) => a + b, 0);
    expect(used).toBeLessThanOrEqual(available + 3 * 30);
    expect(r.kpis['pool.ind-staff.utilisation']).toBeGreaterThan(0.5);
  });

  it.each(divisions)("Little's law L = lambda W holds at every pool stage within 2% (%s)", (d) => {
    const r = simulateReplication(compileChain(modelFromYaml(indModel(d))), { replication: 0, seed: 5 });
    let checked = 0;
    for (const id of ['intake', 'aa', 'va']) {
      const L = r.kpis[`stage.${id}.little.meanCases`];
      const lambda = r.kpis[`stage.${id}.little.casesPerDay`];
      const W = r.kpis[`stage.${id}.total.mean`];
      if (L < 5) continue;
      expect(Math.abs(lambda * W - L) / L, `stage ${id}: L=${L}, lambda*W=${lambda * W}`).toBeLessThan(0.02);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });

  it('the same seed gives the same run; another seed another', () => {
    const chain = compileChain(modelFromYaml(indModel('{ rule: backlog }')));
    const one = simulateReplication(chain, { replication: 0, seed: 9 });
    const two = simulateReplication(chain, { replication: 0, seed: 9 });
    const other = simulateReplication(chain, { replication: 0, seed: 10 });
    expect(two.kpis).toEqual(one.kpis);
    expect(two.series['pool.ind-staff.hoursUsed']).toEqual(one.series['pool.ind-staff.hoursUsed']);
    expect(other.kpis['pool.ind-staff.hoursUsed']).not.toBe(one.kpis['pool.ind-staff.hoursUsed']);
  });

  it('the pool costs its FTE every day, 100 FTE then 110 from July', () => {
    const r = simulateReplication(compileChain(modelFromYaml(indModel('{ rule: backlog }'))), {
      replication: 0,
      seed: 5,
    });
    expect(r.series['cost.staff'][0]).toBeCloseTo((100 * 90000) / 365, 6);
    expect(r.series['cost.staff'][200]).toBeCloseTo((110 * 90000) / 365, 6);
  });
});

describe('validation of staff pools', () => {
  const priority = '{ rule: priority, order: [a, b] }';
  /** The located errors of a pool model (file pools.yaml). */
  const errors = (m: PoolModel) => errorsOf(() => modelFromYaml(poolModel(m), 'pools.yaml'));
  const pool = (lines: string) => `  - id: staff\n    partner: ind\n${lines}`;
  const withPool = 'fte: 1\n    hoursPerFteDay: 8\n    division: { rule: backlog }';

  it('accepts the pool models of these tests', () => {
    for (const division of [priority, '{ rule: shares, shares: { a: 0.5, b: 0.5 } }', '{ rule: backlog }'])
      expect(() => modelFromYaml(poolModel({ division }))).not.toThrow();
  });

  it.each([
    [
      'an unknown pool',
      { aCapacity: '{ pool: staf, hoursPerCase: 4 }', division: '{ rule: backlog }' },
      /pools\.yaml:18:23: stages\[0\]\.capacity\.pool: unknown staff pool "staf"; known: staff/,
    ],
    [
      'hoursPerCase 0',
      { aCapacity: '{ pool: staff, hoursPerCase: 0 }', division: priority },
      /pools\.yaml:18:\d+: stages\[0\]\.capacity(\.hoursPerCase)?: .*(greater than 0|>0|too small)/i,
    ],
    [
      'hoursPerCase negative',
      { aCapacity: '{ pool: staff, hoursPerCase: -2 }', division: priority },
      /pools\.yaml:18:\d+: stages\[0\]\.capacity/,
    ],
    [
      'both hoursPerCase and hoursPerPerson',
      { aCapacity: '{ pool: staff, hoursPerCase: 4, hoursPerPerson: 2 }', division: priority },
      /stages\[0\]\.capacity: .*exactly one of "hoursPerCase" or "hoursPerPerson"/,
    ],
    [
      'neither hoursPerCase nor hoursPerPerson',
      { aCapacity: '{ pool: staff }', division: priority },
      /stages\[0\]\.capacity: .*exactly one of "hoursPerCase" or "hoursPerPerson"/,
    ],
    [
      'pool together with servers',
      { aCapacity: '{ pool: staff, hoursPerCase: 4, servers: 3 }', division: priority },
      /pools\.yaml:18:15: stages\[0\]\.capacity: does not match any allowed form: .*unknown field "servers"/,
    ],
    [
      'a stage in the order that does not use the pool',
      { bCapacity: '{ servers: 1 }', division: priority },
      /pools\.yaml:14:\d+: staffPools\[0\]\.division\.order\[1\]: stage "b" does not use this pool; the stages of pool "staff" are a/,
    ],
    [
      'a pool stage missing from the order',
      { division: '{ rule: priority, order: [a] }' },
      /staffPools\[0\]\.division\.order: missing b: the order lists every stage of the pool once/,
    ],
    [
      'a stage twice in the order',
      { division: '{ rule: priority, order: [a, b, a] }' },
      /staffPools\[0\]\.division\.order\[2\]: stage "a" is listed twice/,
    ],
    [
      'shares that do not sum to 1',
      { division: '{ rule: shares, shares: { a: 0.5, b: 0.4 } }' },
      /pools\.yaml:14:\d+: staffPools\[0\]\.division\.shares: the shares sum to 0\.9; they must sum to 1/,
    ],
    [
      'a share of a stage outside the pool',
      { bCapacity: '{ servers: 1 }', division: '{ rule: shares, shares: { a: 0.5, b: 0.5 } }' },
      /staffPools\[0\]\.division\.shares\.b: stage "b" does not use this pool/,
    ],
    [
      'a pool stage without a share',
      { division: '{ rule: shares, shares: { a: 1 } }' },
      /staffPools\[0\]\.division\.shares: missing b: give every stage of the pool a share \(0 for none\)/,
    ],
    [
      'a share above 1',
      { division: '{ rule: shares, shares: { a: 1.5, b: -0.5 } }' },
      /staffPools\[0\]\.division\.shares\.a: /,
    ],
    ['an unknown rule', { division: '{ rule: fairness }' }, /pools\.yaml:14:\d+: staffPools\[0\]\.division/],
    [
      'a dated division that starts after the start',
      { division: '[{ from: 2025-02-01, rule: backlog }]' },
      /staffPools\[0\]\.division\[0\]\.from: the first rule \(2025-02-01\) must hold from on or before the start date 2025-01-06/,
    ],
    [
      'dated rules out of order',
      {
        division:
          '[{ from: 2025-01-01, rule: backlog }, { from: 2025-03-01, rule: backlog }, { from: 2025-02-01, rule: backlog }]',
      },
      /staffPools\[0\]\.division\[2\]\.from: the rules must be in date order; 2025-02-01 follows 2025-03-01/,
    ],
    ['a dated rule without a date', { division: '[{ rule: backlog }]' }, /staffPools\[0\]\.division/],
    [
      'a pool no stage uses',
      { aCapacity: '{ servers: 1 }', bCapacity: '{ servers: 1 }', division: '{ rule: backlog }' },
      /pools\.yaml:9:5: staffPools\[0\]: no stage uses staff pool "staff"/,
    ],
    [
      'an unknown partner',
      { pool: pool(`    ${withPool}`).replace('partner: ind', 'partner: dji'), division: '' },
      /staffPools\[0\]\.partner: unknown partner "dji"/,
    ],
    [
      'a stage of another partner',
      { pool: pool(`    ${withPool}`).replace('partner: ind', 'partner: coa'), division: '' },
      /stages\[0\]\.capacity\.pool: stage "a" belongs to partner "ind" and pool "staff" to partner "coa"/,
    ],
    ['fte below 0', { fte: '-1', division: priority }, /pools\.yaml:11:\d+: staffPools\[0\]\.fte/],
    [
      'an fte schedule that starts after the start',
      { fte: '[{ from: 2025-02-01, value: 1 }]', division: priority },
      /staffPools\[0\]\.fte\[0\]\.from: the first step \(2025-02-01\) must be on or before the start date/,
    ],
    [
      'hoursPerFteDay 0',
      { hoursPerFteDay: 0, division: priority },
      /pools\.yaml:12:\d+: staffPools\[0\]\.hoursPerFteDay/,
    ],
    ['hoursPerFteDay above 24', { hoursPerFteDay: 25, division: priority }, /staffPools\[0\]\.hoursPerFteDay/],
    [
      'a missing hoursPerFteDay',
      { pool: pool('    fte: 1\n    division: { rule: backlog }'), division: '' },
      /staffPools\[0\](\.hoursPerFteDay)?: .*hoursPerFteDay|staffPools\[0\]\.hoursPerFteDay/,
    ],
    [
      'a negative cost',
      { pool: pool(`    ${withPool}\n    costPerFteYearEur: -5`), division: '' },
      /staffPools\[0\]\.costPerFteYearEur/,
    ],
    [
      'a pool id used twice',
      { pool: `${pool(`    ${withPool}`)}\n${pool(`    ${withPool}`)}`, division: '' },
      /^pools\.yaml:14:9: staffPools\[1\]\.id: staff pool id "staff" is used twice \(also at staffPools\[0\]\)$/,
    ],
  ])('rejects %s with a located error', (_what, m, pattern) => {
    expect(errors(m as PoolModel).join('\n')).toMatch(pattern);
  });

  it('doorstroom validate exits with 2 and the located errors of a bad pool', async () => {
    const dir = tempDir('doorstroom-pools-');
    const file = join(dir, 'pools.yaml');
    writeFileSync(file, poolModel({ division: '{ rule: shares, shares: { a: 0.5, b: 0.4 } }', hoursPerFteDay: 0 }));
    const { code, stderr } = await runCli(['validate', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('pools.yaml:12:21: staffPools[0].hoursPerFteDay: must be greater than 0');
    const good = join(dir, 'good.yaml');
    writeFileSync(good, poolModel({ division: priority }));
    expect((await runCli(['validate', good])).code).toBe(0);
  });

  it('rejects stage staff on a pool stage (the pool counts their cost)', () => {
    const yaml = poolModel({ division: priority }).replace(
      '  - id: b\n    partner: ind\n',
      '  - id: b\n    partner: ind\n    staff: { fte: 2, costPerFteYearEur: 1 }\n',
    );
    expect(errorsOf(() => modelFromYaml(yaml, 'pools.yaml')).join('\n')).toMatch(
      /stages\[1\]\.staff: stage "b" takes its staff from pool "staff", whose costPerFteYearEur counts their cost; remove "staff" here/,
    );
  });
});

describe('measures on staff pools', () => {
  const base = poolModel({ division: '{ rule: priority, order: [a, b] }', a: 5, b: 5 });
  function scenario(changes: string): ReturnType<typeof loadScenario> {
    const dir = tempDir('doorstroom-pools-');
    writeFileSync(join(dir, 'base.yaml'), base);
    writeFileSync(join(dir, 'm.yaml'), `doorstroom-measure: 1\nname: staff\nchanges:\n${changes}`);
    return loadScenario(join(dir, 'base.yaml'), [join(dir, 'm.yaml')]);
  }

  it('a measure sets the FTE of a pool from a date, and the pool has those hours from then on', () => {
    const loaded = scenario('  - set: staffPools[staff].fte\n    from: 2025-01-08\n    value: 2\n');
    expect(loaded.model.staffPools![0].fte).toEqual([
      { from: '2025-01-06', value: 1 },
      { from: '2025-01-08', value: 2 },
    ]);
    const r = simulateReplication(compileChain(loaded), { replication: 0, seed: 1 });
    expect([...r.series['pool.staff.hoursAvailable'].slice(0, 4)]).toEqual([8, 8, 16, 16]);
  });

  it('a measure replaces the division, or adds a dated rule to a dated division', () => {
    const replaced = scenario('  - set: staffPools[staff].division\n    value: { rule: priority, order: [b, a] }\n');
    expect(startsOf(compileChain(replaced)).slice(0, 2)).toEqual(['b@0', 'b@0']);
    const dated = scenario(`  - set: staffPools[staff].division
    value: [{ from: 2025-01-01, rule: priority, order: [a, b] }]
  - add: staffPools[staff].division
    value: { from: 2025-01-08, rule: priority, order: [b, a] }
`);
    expect(startsOf(compileChain(dated)).slice(0, 6)).toEqual(['a@0', 'a@0', 'a@1', 'a@1', 'b@2', 'b@2']);
  });

  it('a measure that breaks a pool is reported in the measure file', () => {
    const lines = errorsOf(() =>
      scenario('  - set: staffPools[staff].division\n    value: { rule: shares, shares: { a: 0.5 } }\n'),
    );
    expect(lines.join('\n')).toMatch(/m\.yaml:5:36: staffPools\[staff\]\.division\.shares: missing b/);
  });
});

describe('the playbook changes a pool’s FTE', () => {
  const rule = (pool: string) => `playbook:
  - id: extra-staff
    when: { backlog: { stage: a, atLeast: 5 } }
    then: { poolFte: { pool: ${pool}, add: 1 } }
`;

  it('adds an FTE when the backlog is high: the pool has its hours from that day on and pays for them', () => {
    // Day 0: 10 waiting at A, so the rule adds 1 FTE before the day's hours are divided: 16 hours, 4 cases a day.
    const yaml = poolModel({ division: '{ rule: priority, order: [a, b] }', a: 10, horizonDays: 5 }) + rule('staff');
    const chain = compileChain(modelFromYaml(yaml));
    expect(startsOf(chain)).toEqual(['a@0', 'a@0', 'a@0', 'a@0', 'a@1', 'a@1', 'a@1', 'a@1', 'a@2', 'a@2']);
    const r = simulateReplication(chain, { replication: 0, seed: 1 });
    expect([...r.series['pool.staff.hoursAvailable']]).toEqual([16, 16, 16, 16, 16]);
    expect(r.series['cost.staff'][0]).toBe(400);
    expect(r.actions.map((a) => [a.target, a.change, a.effectiveDay])).toEqual([['FTE of pool staff', 1, 0]]);
  });

  it('rejects an unknown pool with a located error', () => {
    const yaml = poolModel({ division: '{ rule: backlog }', a: 1 }) + rule('staf');
    expect(errorsOf(() => modelFromYaml(yaml, 'pools.yaml')).join('\n')).toMatch(
      /pools\.yaml:\d+:\d+: playbook\[0\]\.then\.poolFte\.pool: unknown staff pool "staf"; known: staff/,
    );
  });
});

describe('the result shape of a model with staff pools', () => {
  it('counts the pool series and KPIs a replication makes', () => {
    const loaded = modelFromYaml(poolModel({ division: '{ rule: backlog }', a: 3 }));
    const r = simulateReplication(compileChain(loaded), { replication: 0, seed: 1 });
    expect(resultShape(loaded.model)).toEqual({
      dailySeries: Object.keys(r.series).length,
      kpis: Object.keys(r.kpis).length,
    });
  });
});

describe('a capacity plan of a model with a staff pool', () => {
  it('keeps the pool as the model gives it, plans the other stages and says so', async () => {
    const yaml = `doorstroom: 1
name: plan
time: { start: 2025-01-01, horizonDays: 200 }
calendar: { holidays: none }
partners: [{ id: ind }]
cohorts: [{ id: all }]
inflow: { entry: { first: a }, perDay: { first: 10 } }
staffPools:
  - { id: staff, partner: ind, fte: 20, hoursPerFteDay: 6, division: { rule: priority, order: [a, b] } }
stages:
  - { id: a, partner: ind, capacity: { pool: staff, hoursPerCase: 4 }, serviceTime: { dist: exponential, meanDays: 1 }, next: b }
  - { id: b, partner: ind, capacity: { pool: staff, hoursPerCase: 4 }, serviceTime: { dist: exponential, meanDays: 1 }, next: c }
  - { id: c, partner: ind, capacity: { servers: 5 }, serviceTime: { dist: exponential, meanDays: 1 }, norm: { days: 10 }, staff: { ftePerServer: 1, costPerFteYearEur: 1000 }, next: [{ exit: other }] }
`;
    const plan = await planCapacity(modelFromYaml(yaml), {
      months: 2,
      targets: [{ norm: 'stage.c', withinShare: 0.9 }],
      replications: 2,
      workers: 1,
      confidence: 0.8,
      planningOccupancy: 0.91,
    });
    expect([...new Set(plan.stages.map((s) => s.stage))]).toEqual(['c']);
    expect(plan.notes[0]).toMatch(
      /^stages a, b take their capacity from staff pool "staff": the plan keeps the pool's FTE/,
    );
    expect(plan.plannedModel.stages[0].capacity).toEqual({ pool: 'staff', hoursPerCase: 4 });
    expect(plan.plannedModel.staffPools).toEqual(modelFromYaml(yaml).model.staffPools);
  }, 60_000);
});

describe('the KPI catalogue knows the pool figures', () => {
  it('labels them in Dutch and English with the pool’s and stage’s names, and sums their series per week', () => {
    const names = { pools: new Map([['ind-staff', 'IND-medewerkers']]), stages: new Map([['aa', 'AA']]) };
    expect(kpiLabel('pool.ind-staff.utilisation', names)).toEqual({
      nl: 'IND-medewerkers: benutting',
      en: 'IND-medewerkers: utilisation',
    });
    expect(kpiLabel('pool.ind-staff.hoursUsed', names).en).toBe('IND-medewerkers: hours used');
    expect(kpiLabel('pool.ind-staff.hoursAvailable', names).nl).toBe('IND-medewerkers: beschikbare uren');
    expect(kpiLabel('stage.aa.poolHours', names).en).toBe('AA: hours from the staff pool');
    expect(kpiLabel('stage.aa.poolShare', names).nl).toBe('AA: aandeel in de uren van de personeelspool');
    expect(kpiInfo('pool.ind-staff.hoursUsed').series).toBe('pool.ind-staff.hoursUsed');
    for (const key of ['pool.ind-staff.hoursAvailable', 'pool.ind-staff.hoursUsed', 'stage.aa.poolHours'])
      expect(isFlowSeries(key), key).toBe(true);
    expect(summaryKeys('chain', ['pool.ind-staff.utilisation', 'pool.ind-staff.hoursUsed'])).toEqual([
      'pool.ind-staff.utilisation',
    ]);
  });
});
