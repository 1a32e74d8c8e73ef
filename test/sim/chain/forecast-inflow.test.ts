// Forecast inflow: observed months arrive as observed, every later month comes from the replication's own
// sample path of the forecast, so forecast uncertainty reaches occupancy and backlogs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Forecast, forecast, samplePath } from '../../../src/forecast/forecast.ts';
import { InputError } from '../../../src/core/diagnostics.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { examplesDir, modelFromYaml, repoRoot } from '../../helpers.ts';

const history = readFileSync(join(repoRoot, 'data/asylum_applicants_monthly_nl_de_2012_2019.csv'), 'utf8')
  .split('\n')
  .filter((l) => /^\d{4}-\d\d,/.test(l))
  .map((l) => ({ month: l.slice(0, 7), nl: Number(l.split(',')[1]) }));

const model = (extra = '') => `doorstroom: 1
name: forecast inflow
seed: 5
time: { start: 2019-01-01, horizonDays: 365 }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow:
  entry: { first: s }
  process: exact
  forecast: { path: ../data/asylum_applicants_monthly_nl_de_2012_2019.csv, columns: { first: NL }, method: ets, historyFrom: 2016-06${extra} }
stages:
  - { id: s, partner: p, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }
`;

/** The path of inflow stream `streamId` in replication r under the model's seed: forecast stream `streamId`. */
const streamPath = (fc: Forecast, seed: number, r: number, streamId: number) =>
  samplePath(fc, seed, r, undefined, streamId);

/** Persons arriving per calendar month of 2019 (the run starts on 1 January 2019). */
function monthlyArrivals(series: Float64Array): number[] {
  const out: number[] = [];
  let day = 0;
  for (let m = 0; day < series.length; m++) {
    const length = new Date(Date.UTC(2019, m + 1, 0)).getUTCDate();
    let sum = 0;
    for (let d = day; d < Math.min(series.length, day + length); d++) sum += series[d];
    out.push(sum);
    day += length;
  }
  return out;
}

describe('forecast inflow', () => {
  it('keeps observed months and draws each later month from the replication’s own sample path', async () => {
    const loaded = modelFromYaml(model());
    const result = await simulate(loaded, { replications: 3, workers: 1 });
    const observed = history.filter((h) => h.month >= '2016-06').map((h) => h.nl);
    const fc = forecast(observed, { horizon: 8, period: 12, method: 'ets' });
    const paths = result.replications.map((r) => monthlyArrivals(r.series['arrivals.all']));
    for (let r = 0; r < 3; r++) {
      // January - April 2019 are observed: exactly the counts in the file.
      expect(paths[r].slice(0, 4)).toEqual(history.filter((h) => h.month >= '2019-01').map((h) => h.nl));
      // May - December 2019: the replication's path, rounded up or down to whole persons.
      const path = streamPath(fc, 5, r, 0);
      for (let m = 4; m < 12; m++) expect(Math.abs(paths[r][m] - path[m - 4])).toBeLessThan(1);
    }
    expect(paths[0].slice(4)).not.toEqual(paths[1].slice(4));
    // The spread across replications shows in the aggregate bands.
    const arrivals = result.aggregate.kpis['arrivals.persons'];
    expect(arrivals.p95).toBeGreaterThan(arrivals.p5);
  });

  it('applies stress templates to every path: explicit multipliers and a sudden stop', async () => {
    const stressed = model(
      ', stress: [{ from: 2019-06, multipliers: [2, 3] }, { from: 2019-09, stop: { depth: 0, holdMonths: 2, recoveryMonths: 0 } }]',
    );
    const result = await simulate(modelFromYaml(stressed), { replications: 2, workers: 1 });
    const observed = history.filter((h) => h.month >= '2016-06').map((h) => h.nl);
    const fc = forecast(observed, { horizon: 8, period: 12, method: 'ets' });
    for (let r = 0; r < 2; r++) {
      const months = monthlyArrivals(result.replications[r].series['arrivals.all']);
      const path = streamPath(fc, 5, r, 0);
      expect(Math.abs(months[4] - path[0])).toBeLessThan(1); // May: unstressed
      expect(Math.abs(months[5] - 2 * path[1])).toBeLessThan(1); // June: x2
      expect(Math.abs(months[6] - 3 * path[2])).toBeLessThan(1); // July: x3
      expect(months.slice(8, 10)).toEqual([0, 0]); // September and October: stopped
      expect(Math.abs(months[10] - path[6])).toBeLessThan(1); // November: back to the forecast
    }
  });

  it('rejects a stress on an observed month', () => {
    expect(() => modelFromYaml(model(', stress: [{ from: 2019-02, multipliers: [2] }]'), 'f.yaml')).toThrow(
      /stress\[0\]\.from: 2019-02 is an observed month; a stress applies to forecast months, from 2019-05 on/,
    );
  });

  it('gives the same paths with 1 and 2 workers', async () => {
    const loaded = modelFromYaml(model());
    const one = await simulate(loaded, { replications: 2, workers: 1 });
    const two = await simulate(loaded, { replications: 2, workers: 2 });
    expect(two.replications[1].series['arrivals.all']).toEqual(one.replications[1].series['arrivals.all']);
  });

  it('rejects a history that starts after the run starts, which would leave its first months empty', () => {
    expect(() => modelFromYaml(model().replace('historyFrom: 2016-06', 'historyFrom: 2019-03'), 'f.yaml')).toThrow(
      /inflow\.forecast\.historyFrom: 2019-03 is after the model's start \(2019-01-01\)/,
    );
  });

  it('rejects a history that starts after it ends, at the field', () => {
    expect(() => modelFromYaml(model().replace('historyFrom: 2016-06', 'historyFrom: 2020-01'), 'f.yaml')).toThrow(
      InputError,
    );
    try {
      modelFromYaml(model().replace('historyFrom: 2016-06', 'historyFrom: 2020-01'), 'f.yaml');
    } catch (error) {
      expect((error as InputError).message).toMatch(
        /^f\.yaml:\d+:\d+: inflow\.forecast\.historyFrom: 2020-01 is after the last month of the history/,
      );
    }
  });

  it('runs the forecast example as it is', () => {
    expect(() => modelFromYaml(readFileSync(join(examplesDir, 'nl-forecast-2019.yaml'), 'utf8'))).not.toThrow();
  });
});
