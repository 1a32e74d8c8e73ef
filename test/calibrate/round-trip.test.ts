// The round trip of issue "Case event logs": simulate a known model with --trace, calibrate a skeleton of it from
// that log, and recover the model's parameters within the tolerances stated in each test name.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { ChainModel } from '../../src/model/schema.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { modelFromYaml, runCli, tempDir } from '../helpers.ts';
import { MONTHS, SKELETON, TRUE, roundTripModel } from './round-trip-model.ts';

let fitted: ChainModel;
let validation: string[][];
let stderr: string;
let trace: string;

beforeAll(async () => {
  const dir = tempDir();
  trace = join(dir, 'trace.csv');
  await simulate(modelFromYaml(roundTripModel(TRUE)), { replications: 1, workers: 1, tracePath: trace });
  writeFileSync(join(dir, 'skeleton.yaml'), roundTripModel(SKELETON));
  const run = await runCli([
    'calibrate',
    trace,
    '--model',
    join(dir, 'skeleton.yaml'),
    '--fitted',
    join(dir, 'fitted.yaml'),
    '--out',
    join(dir, 'cal'),
    '--validate',
    '2',
  ]);
  stderr = run.stderr;
  expect(run.code, run.stderr).toBe(0);
  fitted = parse(readFileSync(join(dir, 'fitted.yaml'), 'utf8')) as ChainModel;
  validation = readFileSync(join(dir, 'cal', 'validation.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
}, 120_000);

const cohort = (id: string) => fitted.cohorts.find((c) => c.id === id)!;
const stage = (id: string) => fitted.stages.find((s) => s.id === id)!;
const within = (value: number, target: number, relative: number) =>
  expect(Math.abs(value / target - 1), `${value} vs ${target}`).toBeLessThan(relative);

describe('calibration recovers a simulated model', () => {
  it('the window, the monthly inflow per cohort exactly as in the log, and the cohort shares (±0.02)', () => {
    expect(fitted.time).toEqual({ start: '2021-01-01', horizonDays: 1461, warmupDays: 0 });
    const rows = fitted.inflow.monthly!;
    expect(rows).toHaveLength(MONTHS * 2);
    // Persons of first applications arriving per month and cohort, counted from the trace itself.
    const counted = new Map<string, number>();
    for (const line of readFileSync(trace, 'utf8').split('\n').slice(1)) {
      const f = line.split(',');
      if (f[3] !== 'intake' || f[4] !== 'schedule') continue;
      const key = `${f[5].slice(0, 7)}|${f[9]}`;
      counted.set(key, (counted.get(key) ?? 0) + Number(f[12]));
    }
    for (const row of rows)
      expect(row.first, `${row.month} ${row.cohort}`).toBe(counted.get(`${row.month}|${row.cohort}`) ?? 0);
    const total = rows.reduce((a, r) => a + (r.first ?? 0), 0);
    let expected = 0;
    for (let m = 0; m < MONTHS; m++) expected += TRUE.perMonth(m);
    within(total, expected, 0.02);
    expect(Math.abs((cohort('a').shareOfInflow as number) - TRUE.shareA)).toBeLessThan(0.02);
  });

  it('households (weights ±0.03) and child shares (±0.02)', () => {
    const sizes = cohort('a').householdSize!;
    expect(sizes.sizes).toEqual([1, 2, 4]);
    [0.6, 0.2, 0.2].forEach((w, i) => expect(Math.abs(sizes.weights[i] - w)).toBeLessThan(0.03));
    expect(Math.abs(cohort('a').childShare - TRUE.childShareA)).toBeLessThan(0.02);
  });

  it('grant chances per cohort and stage, routing shares and the departure mix (±0.03)', () => {
    expect(Math.abs(cohort('a').grantProbability.procedure - TRUE.grant.a)).toBeLessThan(0.03);
    expect(Math.abs(cohort('b').grantProbability.procedure - TRUE.grant.b)).toBeLessThan(0.03);
    expect(Math.abs(cohort('a').grantProbability.appeal - TRUE.appealGrant)).toBeLessThan(0.03);
    const next = stage('procedure').next as { to?: string; probability: number }[];
    expect(Math.abs(next.find((b) => b.to === 'appeal')!.probability - TRUE.toAppeal)).toBeLessThan(0.03);
    expect(
      next.find((b) => b.to === 'appeal')!.probability + next.find((b) => b.to === 'departure')!.probability,
    ).toBeCloseTo(1, 9);
    const departure = cohort('a').departure!;
    expect(Math.abs(departure.independent! - 0.4)).toBeLessThan(0.03);
    expect(Math.abs(departure.untraced! - 0.4)).toBeLessThan(0.03);
  });

  it('service times by maximum likelihood (family by AIC; mean within 5%, sd within 12%), censored services included', () => {
    const procedure = stage('procedure').serviceTime as { dist: string; meanDays: number; sdDays: number };
    expect(procedure.dist).toBe('gamma');
    within(procedure.meanDays, 20, 0.05);
    within(procedure.sdDays, 10, 0.12);
    const appeal = stage('appeal').serviceTime as { dist: string; meanDays: number; sdDays: number };
    expect(appeal.dist).toBe('lognormal');
    within(appeal.meanDays, 90, 0.05);
    within(appeal.sdDays, 40, 0.12);
    const intake = stage('intake').serviceTime as { dist: string; meanDays: number; sdDays: number };
    expect(intake.dist).toBe('lognormal');
    within(intake.meanDays, 2, 0.05);
    const departure = stage('departure').serviceTime as { meanDays: number };
    within(departure.meanDays, 30, 0.05);
    expect(stage('housing').serviceTime).toEqual({ dist: 'fixed', days: 14 });
  });

  it('effective capacities: servers within 2%, the weekly housing quota within 5%', () => {
    within((stage('procedure').capacity as { servers: number }).servers, TRUE.procedureServers, 0.02);
    within(
      (stage('housing').capacity as { throughput: { amount: number } }).throughput.amount as number,
      TRUE.housingPerWeek,
      0.05,
    );
  });

  it('family reunification: members per granted case within 10%, delay mean within 15%', () => {
    const fr = cohort('a').familyReunification!;
    within(fr.membersPerGrantedCase, TRUE.members, 0.1);
    within((fr.delay as { meanDays: number }).meanDays, 120, 0.15);
  });

  it('the validation table compares simulated with observed time in stage: every stage within KS D 0.06', () => {
    expect(validation[0]).toEqual([
      'subject',
      'observed_n',
      'simulated_n',
      'observed_p50_days',
      'simulated_p50_days',
      'observed_p90_days',
      'simulated_p90_days',
      'ks_d',
      'ks_p_value',
      'wasserstein_days',
    ]);
    const rows = validation.slice(1);
    expect(rows.map((r) => r[0])).toEqual([
      'intake',
      'procedure',
      'appeal',
      'nareis-intake',
      'housing',
      'departure',
      'arrival → exit',
    ]);
    for (const r of rows) expect(Number(r[7]), `${r[0]}: ${stderr}`).toBeLessThan(0.06);
  });
});
