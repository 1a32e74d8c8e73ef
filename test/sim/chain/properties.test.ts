// Invariants of the chain simulation: persons are conserved every day, results do not depend on the number
// of workers, the same seed gives the same persons (common random numbers), and capacity, calendar, norm and
// cost rules do what the model file says.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadModel } from '../../../src/model/load.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulateReplication } from '../../../src/sim/chain/simulate.ts';
import { csvTraceSink } from '../../../src/sim/run/trace.ts';
import { examplesDir, modelFromYaml, tempDir } from '../../helpers.ts';

const baseline = loadModel(join(examplesDir, 'nl-baseline.yaml'));

function traceOf(yaml: string, replication = 0): string[] {
  const chain = compileChain(modelFromYaml(yaml));
  const lines: string[] = [];
  const sink = csvTraceSink(chain, replication, (text) => lines.push(...text.split('\n').filter(Boolean)));
  simulateReplication(chain, { replication, seed: 7, trace: sink });
  sink.flush();
  return lines;
}

describe('conservation of persons', () => {
  it('every day: initial + arrivals - exits = persons in the chain = persons over all stages = beds used + overflow', () => {
    const chain = compileChain(baseline, { horizonDays: 900 });
    const r = simulateReplication(chain, { replication: 0, seed: 3 });
    const exitKeys = Object.keys(r.series).filter((k) => k.startsWith('exits.'));
    const stageKeys = Object.keys(r.series).filter((k) => k.endsWith('.inStage'));
    const occKeys = Object.keys(r.series).filter((k) => k.startsWith('location.') && k.endsWith('.occupied'));
    const typeKeys = Object.keys(r.series).filter((k) => k.startsWith('locationType.') && k.endsWith('.occupied'));
    expect(typeKeys.sort()).toEqual([
      'locationType.central.occupied',
      'locationType.emergency.occupied',
      'locationType.regular.occupied',
    ]);
    let cumulative = r.kpis['chain.initialPersons'];
    expect(cumulative).toBe(15270);
    for (let d = 0; d < 900; d++) {
      cumulative += r.series['arrivals.all'][d];
      for (const k of exitKeys) cumulative -= r.series[k][d];
      const inChain = r.series['chain.inChain'][d];
      expect(inChain).toBe(cumulative);
      expect(stageKeys.reduce((a, k) => a + r.series[k][d], 0)).toBe(inChain);
      expect(occKeys.reduce((a, k) => a + r.series[k][d], 0) + r.series['reception.overflow'][d]).toBe(inChain);
      expect(typeKeys.reduce((a, k) => a + r.series[k][d], 0) + r.series['reception.overflow'][d]).toBe(inChain);
    }
  });

  it('arrivals by kind add up to all arrivals, and family members arrive only after grants', () => {
    const r = simulateReplication(compileChain(baseline, { horizonDays: 730 }), { replication: 0, seed: 1 });
    const sum = (k: string) => r.series[k].reduce((a, b) => a + b, 0);
    expect(sum('arrivals.first') + sum('arrivals.repeat') + sum('arrivals.familyReunification')).toBe(
      sum('arrivals.all'),
    );
    expect(sum('arrivals.familyReunification')).toBeGreaterThan(1000);
    const text = readFileSync(join(examplesDir, 'nl-baseline.yaml'), 'utf8').replaceAll(
      'membersPerGrantedCase: 0.55',
      'membersPerGrantedCase: 0',
    );
    const none = simulateReplication(compileChain(modelFromYaml(text), { horizonDays: 730 }), {
      replication: 0,
      seed: 1,
    });
    expect(none.series['arrivals.familyReunification'].reduce((a, b) => a + b, 0)).toBe(0);
    expect(none.series['arrivals.first']).toEqual(r.series['arrivals.first']);
  });
});

describe('reproducibility', () => {
  it('gives identical replications with 1 and with 2 worker threads', async () => {
    const one = await simulate(baseline, { replications: 3, workers: 1, horizonDays: 400, seed: 11 });
    const two = await simulate(baseline, { replications: 3, workers: 2, horizonDays: 400, seed: 11 });
    for (let i = 0; i < 3; i++) {
      expect(two.replications[i].kpis).toEqual(one.replications[i].kpis);
      expect(two.replications[i].series['chain.inChain']).toEqual(one.replications[i].series['chain.inChain']);
    }
    expect(two.aggregate.kpis).toEqual(one.aggregate.kpis);
  });

  it('gives different replications different random numbers, and another seed other results', async () => {
    const a = await simulate(baseline, { replications: 2, workers: 1, horizonDays: 200, seed: 1 });
    const b = await simulate(baseline, { replications: 1, workers: 1, horizonDays: 200, seed: 2 });
    expect(a.replications[0].kpis['arrivals.persons']).not.toBe(a.replications[1].kpis['arrivals.persons']);
    expect(b.replications[0].kpis['arrivals.persons']).not.toBe(a.replications[0].kpis['arrivals.persons']);
  });

  it('common random numbers: the same seed and model give identical person paths; a capacity change keeps the same arrivals', () => {
    const yaml = readFileSync(join(examplesDir, 'tandem.yaml'), 'utf8')
      .replace('horizonDays: 3650', 'horizonDays: 5')
      .replace('warmupDays: 30', 'warmupDays: 0');
    const first = traceOf(yaml);
    expect(traceOf(yaml)).toEqual(first);
    const faster = traceOf(yaml.replace('capacity: { servers: 3 }', 'capacity: { servers: 4 }'));
    const arrivals = (lines: string[]) =>
      lines.filter((l) => l.includes(',arrival,')).map((l) => l.split(',').slice(1, 6).join(','));
    expect(arrivals(first).length).toBeGreaterThan(1000);
    expect(arrivals(faster)).toEqual(arrivals(first));
    // Each person's service times are their own: station B and C times only depend on the person, so with
    // more servers at A the same persons are served, in a different order, with the same durations at C.
    expect(faster).not.toEqual(first);
  });
});

const tinyModel = (stage: string, extra = '') => `doorstroom: 1
name: tiny
time: { start: 2025-01-01, horizonDays: 400 }
calendar: { holidays: nl }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow:
  entry: { first: s }
  process: exact
  monthly: [{ month: 2025-01, first: 40 }]
  afterLastMonth: zero
stages:
${stage}
${extra}`;

describe('stage rules', () => {
  it('a working-days-only stage does not work at weekends or on Dutch holidays', () => {
    const lines = traceOf(
      tinyModel(`  - id: s
    partner: p
    workingDaysOnly: true
    serviceTime: { dist: fixed, days: 1 }
    next: [{ exit: other }]`),
    );
    const byCase = new Map<string, { start?: string; end?: string }>();
    for (const l of lines) {
      const f = l.split(',');
      const entry = byCase.get(f[1]) ?? {};
      if (f[3] === 's' && f[4] === 'start') entry.start = f[5];
      if (f[3] === 's' && f[4] === 'complete') entry.end = f[5];
      byCase.set(f[1], entry);
    }
    let checked = 0;
    for (const { start, end } of byCase.values()) {
      if (!start || !end) continue;
      const endDate = new Date(end.slice(0, 10) + 'T00:00:00Z');
      const weekday = endDate.getUTCDay();
      // Work ends on a working day, never on a weekend or on New Year's Day.
      expect(weekday === 0 || weekday === 6).toBe(false);
      expect(end.slice(0, 10)).not.toBe('2025-01-01');
      // One working day started on a Friday ends on the Monday, at the same time of day.
      if (new Date(start.slice(0, 10) + 'T00:00:00Z').getUTCDay() === 5 && start.slice(11, 19) !== '00:00:00') {
        expect((Date.parse(end.slice(0, 10)) - Date.parse(start.slice(0, 10))) / 86_400_000).toBe(3);
        expect(end.slice(11, 19)).toBe(start.slice(11, 19));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('a throughput capacity per half year is never exceeded (by more than one household)', async () => {
    const model = modelFromYaml(
      tinyModel(`  - id: s
    partner: p
    capacity: { throughput: { amount: 10, per: halfYear, unit: persons } }
    next: [{ exit: housed }]`),
    );
    const r = (await simulate(model, { replications: 1, workers: 1 })).replications[0];
    const done = r.series['stage.s.completed'];
    const firstHalf = done.slice(0, 181).reduce((a, b) => a + b, 0);
    expect(firstHalf).toBeGreaterThanOrEqual(9);
    expect(firstHalf).toBeLessThanOrEqual(11);
    expect(r.kpis['stage.s.backlog.end']).toBeGreaterThan(15);
  });

  it('a decision term in months with a penalty per day late costs exactly days late x rate', async () => {
    const model = modelFromYaml(
      tinyModel(
        `  - id: s
    partner: p
    serviceTime: { dist: fixed, days: 200 }
    next: [{ exit: other }]`,
        `norms:
  - { id: term, to: { stages: [s] }, months: 6, penaltyPerDayLateEur: 100, penaltyMaxEur: 1500 }`,
      ),
    );
    const r = (await simulate(model, { replications: 1, workers: 1 })).replications[0];
    const norm = r.norms.find((n) => n.id === 'term')!;
    expect(norm.measured).toBe(40);
    expect(norm.withinNorm).toBe(0);
    // Arrivals in January: six months later is in July (181 days from January dates), so each case is
    // 200 - 181 = 19 days late; 19 x 100 = 1,900, capped at 1,500.
    expect(norm.daysLate).toBeCloseTo(40 * 19, 6);
    expect(norm.penaltyEur).toBe(40 * 1500);
    expect(r.kpis['cost.penalties.eur']).toBe(40 * 1500);
  });
});

describe('reception', () => {
  const receptionModel = (beds: number, serviceTime = '{ dist: fixed, days: 60 }') =>
    tinyModel(
      `  - id: s
    partner: p
    location: [azc, emergency]
    serviceTime: ${serviceTime}
    next: [{ exit: housed }]`,
      `reception:
  locations:
    - { id: azc, type: regular, beds: ${beds}, costPerOccupiedBedDayEur: 80, costPerEmptyBedDayEur: 40 }
    - { id: emergency, type: emergency, beds: 5, costPerOccupiedBedDayEur: 200, costPerEmptyBedDayEur: 50 }
  overflowCostPerPersonDayEur: 150
  costPerMoveEur: 100`,
    );

  it('counts and costs overflow when beds run out, never loses anyone', async () => {
    const r = (await simulate(modelFromYaml(receptionModel(20)), { replications: 1, workers: 1 })).replications[0];
    expect(r.kpis['reception.overflow.max']).toBe(15);
    expect(r.kpis['location.azc.occupied.max']).toBe(20);
    expect(r.kpis['location.emergency.occupied.max']).toBe(5);
    expect(r.kpis['exits.housed.persons']).toBe(40);
    const overflowDays = r.series['reception.overflow'].reduce((a, b) => a + b, 0);
    expect(overflowDays).toBeGreaterThan(0);
    expect(r.kpis['cost.overflow.eur']).toBeCloseTo(r.kpis['reception.overflow.personDays'] * 150, -1);
  });

  it('costs add up: occupied bed-days x rate, empty bed-days x rate, per location', async () => {
    const r = (await simulate(modelFromYaml(receptionModel(100)), { replications: 1, workers: 1 })).replications[0];
    const days = 400;
    const occAzc = r.kpis['location.azc.occupied.mean'] * days;
    const occEmergency = r.kpis['location.emergency.occupied.mean'] * days;
    expect(occAzc).toBeCloseTo(40 * 60, 6); // 40 persons, 60 days each, all within the run
    expect(occEmergency).toBe(0);
    expect(r.kpis['cost.receptionOccupied.eur']).toBeCloseTo(occAzc * 80, 4);
    expect(r.kpis['cost.receptionEmpty.eur']).toBeCloseTo((100 * days - occAzc) * 40 + 5 * days * 50, 4);
    expect(r.kpis['cost.total.eur']).toBeCloseTo(
      r.kpis['cost.receptionOccupied.eur'] + r.kpis['cost.receptionEmpty.eur'],
      4,
    );
  });

  it('moves persons up from emergency to regular when a regular bed frees, and counts the moves', async () => {
    const yaml = receptionModel(20, '{ dist: triangular, minDays: 10, modeDays: 30, maxDays: 90 }');
    const r = (await simulate(modelFromYaml(yaml), { replications: 1, workers: 1 })).replications[0];
    // 40 arrive in January for 20 regular and 5 emergency beds: 15 wait in overflow, then move in.
    expect(r.kpis['moves.personMoves']).toBeGreaterThanOrEqual(15);
    expect(r.kpis['moves.perPerson']).toBeGreaterThan(0);
    expect(r.kpis['location.azc.occupied.max']).toBe(20);
    expect(r.kpis['cost.moves.eur']).toBe(r.kpis['moves.personMoves'] * 100);
  });
});

describe('trace', () => {
  it('writes the event log to its file only when complete', async () => {
    const dir = tempDir();
    const path = join(dir, 'events.csv');
    await simulate(modelFromYaml(readFileSync(join(examplesDir, 'tandem.yaml'), 'utf8')), {
      replications: 2,
      workers: 2,
      horizonDays: 2,
      tracePath: path,
      traceReplication: 1,
    });
    const lines = readFileSync(path, 'utf8').trim().split('\n');
    expect(lines[0]).toBe(
      'event_id,case_id,person_id,activity,lifecycle,timestamp,partner,stage,track,cohort,location,outcome,persons,children,replication',
    );
    expect(lines.length).toBeGreaterThan(1000);
    expect(lines.slice(1).every((l) => l.endsWith(',1'))).toBe(true);
    expect(lines[1]).toMatch(/^r1-e0,c[0-9a-z]+,c[0-9a-z]+-p1,arrival,complete,2025-01-01T\d\d:\d\d:\d\d\+01:00,/);
  });
});
