// The warm start reads the open cases of a log exactly as the simulator held them: a model's own trace, cut at
// day D, gives per stage the persons and the cases in service of the simulator's state at the start of day D.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIsoDate, parseIsoDate } from '../../src/core/calendar.ts';
import { loadEventTable } from '../../src/monitor/load.ts';
import type { EventTable } from '../../src/monitor/event-table.ts';
import type { LoadedModel } from '../../src/model/load.ts';
import { type SimulationResult, simulate } from '../../src/sim/run/simulate.ts';
import { stageSeries } from '../../src/sim/chain/keys.ts';
import { warmStart } from '../../src/twin/warm-start.ts';
import { twinModel } from '../../src/twin/twin-model.ts';
import { errorsOf, modelFromYaml, tempDir } from '../helpers.ts';
import { twinTestModelYaml } from './twin-model.ts';

let loaded: LoadedModel;
let table: EventTable;
let run: SimulationResult;

beforeAll(async () => {
  const trace = join(tempDir(), 'trace.csv');
  loaded = modelFromYaml(twinTestModelYaml());
  run = await simulate(loaded, { replications: 1, workers: 1, tracePath: trace });
  table = (await loadEventTable(trace)).table;
}, 60_000);

describe('the warm start from a trace', () => {
  it.each([120, 301, 450])('at day %i holds per stage the persons and cases in service the simulator held', (d) => {
    const asOf = formatIsoDate(parseIsoDate(loaded.model.time.start) + d);
    const { summary, rows } = warmStart(table, loaded, asOf);
    const series = run.replications[0].series;
    // The snapshot of day d − 1 is taken at the edge of day d, before anything happens at d.
    for (const stage of summary.stages) {
      expect(stage.persons, `${stage.stage} persons`).toBe(series[stageSeries(stage.stage, 'inStage')][d - 1]);
      expect(stage.inService, `${stage.stage} in service`).toBe(
        series[stageSeries(stage.stage, 'inServiceCases')][d - 1],
      );
    }
    expect(summary.openCases).toBe(rows.length);
    expect(summary.openCases).toBe(summary.stages.reduce((a, s) => a + s.cases, 0));
    expect(summary.openCases + summary.closedCases + summary.casesAfterAsOf).toBe(summary.logCases);
    expect(summary.openPersons).toBe(rows.reduce((a, r) => a + r.persons, 0));
    expect(summary.openCases).toBeGreaterThan(100);
  });

  it('keeps each open case’s history: dates on or before the as-of date, in order, and the norm clocks', () => {
    const asOf = formatIsoDate(parseIsoDate(loaded.model.time.start) + 301);
    const { rows } = warmStart(table, loaded, asOf);
    for (const r of rows) {
      expect(r.arrived <= r.enteredStage && r.enteredStage < asOf).toBe(true);
      if (r.startedService !== null) expect(r.startedService >= r.enteredStage).toBe(true);
    }
    // The clock of the first decision runs from arrival until the procedure ends, and then it has stopped.
    const beforeDecision = rows.filter((r) => r.stage === 'registration' || r.stage === 'procedure');
    const afterDecision = rows.filter((r) => r.stage !== 'registration' && r.stage !== 'procedure');
    expect(beforeDecision.length).toBeGreaterThan(0);
    expect(afterDecision.length).toBeGreaterThan(0);
    for (const r of beforeDecision) expect(r.clocks['first-decision']).toBe(r.arrived);
    for (const r of afterDecision) expect(r.clocks['first-decision']).toBe('stopped');
    // Cases after their decision: granted exactly when they wait for housing after a grant.
    expect(rows.filter((r) => r.stage === 'housing').every((r) => r.granted)).toBe(true);
    expect(rows.filter((r) => r.stage === 'departure').every((r) => !r.granted)).toBe(true);
  });

  it('reads both capacities; with `log` the twin runs the stage with servers on the log’s mean in service', () => {
    const asOf = formatIsoDate(parseIsoDate(loaded.model.time.start) + 301);
    const warm = warmStart(table, loaded, asOf, { capacity: 'log' });
    const stage = (id: string) => warm.summary.stages.find((s) => s.stage === id)!;
    // The procedure's 40 officers are busy all the time (its queue grows): the log shows 40 in service.
    expect(stage('procedure').capacityModel).toBe(40);
    expect(stage('procedure').capacityLog).toBeCloseTo(40, 6);
    expect(stage('registration').capacityModel).toBeNull();
    expect(stage('registration').capacityLog).toBeGreaterThan(0);
    expect(stage('housing').capacityModel).toBeCloseTo(25 / 7, 9);
    const twin = twinModel(loaded, {
      ...warm,
      summary: {
        ...warm.summary,
        stages: warm.summary.stages.map((s) => (s.stage === 'procedure' ? { ...s, capacityLog: 31.6 } : s)),
      },
    });
    const capacity = (id: string) => twin.model.stages.find((s) => s.id === id)!.capacity;
    expect(capacity('procedure')).toEqual({ servers: 32 });
    expect(capacity('registration')).toBe('unlimited');
    expect(capacity('housing')).toEqual(loaded.model.stages.find((s) => s.id === 'housing')!.capacity);
    expect(twinModel(loaded, { ...warm, summary: { ...warm.summary, capacitySource: 'model' } }).model.stages).toEqual(
      loaded.model.stages,
    );
  });

  it('stops with the model’s inflow error, at its inflow, when the projection runs past the inflow series', () => {
    const warm = warmStart(table, loaded, '2025-05-01');
    // 19 months (579 days) in whole weeks, 581 days, end in December 2026; 20 months run into January 2027.
    expect(twinModel(loaded, warm, { months: 19 }).model.time.horizonDays).toBe(581);
    expect(errorsOf(() => twinModel(loaded, warm, { months: 20 }))).toEqual([
      expect.stringMatching(
        /^test-model\.yaml:\d+:\d+: inflow: the inflow ends in 2026-12 but the run lasts until 2027-01-06; add months, give fewer --months, or set inflow\.afterLastMonth/,
      ),
    ]);
  });
});
