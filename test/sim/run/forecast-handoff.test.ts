// The inflow forecast is fitted once per model load and carried to the workers: plain data on the loaded model,
// used by compileChain as it is (no second fit), and refitted once, in the main thread, for a run whose
// horizon needs another number of months.
import { describe, expect, it } from 'vitest';
import { forecast } from '../../../src/forecast/forecast.ts';
import { withInflowForecastFor } from '../../../src/model/load.ts';
import { compileChain } from '../../../src/sim/chain/compile.ts';
import { simulate } from '../../../src/sim/run/simulate.ts';
import { modelFromYaml } from '../../helpers.ts';

const model = (horizonDays = 365) => `doorstroom: 1
name: forecast inflow
seed: 5
time: { start: 2019-01-01, horizonDays: ${horizonDays} }
partners: [{ id: p }]
cohorts: [{ id: all }]
inflow:
  entry: { first: s, repeat: s }
  process: exact
  forecast: { path: ../data/asylum_applicants_monthly_nl_de_2012_2019.csv, columns: { first: NL, repeat: NL }, method: theta, historyFrom: 2016-06 }
stages:
  - { id: s, partner: p, serviceTime: { dist: fixed, days: 1 }, next: [{ exit: other }] }
`;

describe('the inflow forecast fitted at load', () => {
  it('is on the loaded model, one forecast per stream for the months the run needs, and survives structured clone', () => {
    const loaded = modelFromYaml(model());
    const carried = loaded.inflowForecast!;
    expect(carried.horizonMonths).toBe(8); // May to December 2019
    expect(carried.streams.map((f) => f.horizon)).toEqual([8, 8]);
    expect(carried.streams[0]).toEqual(
      forecast(loaded.inflow.streams[0].persons, { horizon: 8, period: 12, method: 'theta' }),
    );
    expect(structuredClone(carried)).toEqual(carried);
    expect(modelFromYaml(model().replace(/forecast: \{.*\}/, 'perDay: { first: 10 }')).inflowForecast).toBeUndefined();
  });

  it('is what compileChain uses, not a second fit', () => {
    const loaded = modelFromYaml(model());
    const chain = compileChain(loaded);
    expect(chain.streams.map((s) => s.forecast)).toEqual(loaded.inflowForecast!.streams);
    expect(chain.streams[0].forecast).toBe(loaded.inflowForecast!.streams[0]);
    expect(chain.streams[1].forecast).toBe(loaded.inflowForecast!.streams[1]);
  });

  it('is fitted again, once, for a run that overrides the horizon, and then gives what a model with that horizon gives', async () => {
    const loaded = modelFromYaml(model());
    expect(withInflowForecastFor(loaded, 365)).toBe(loaded);
    const longer = withInflowForecastFor(loaded, 500);
    expect(longer.inflowForecast!.horizonMonths).toBe(13);
    expect(longer.inflowForecast!.streams[0]).toEqual(modelFromYaml(model(500)).inflowForecast!.streams[0]);
    const chain = compileChain(longer, { horizonDays: 500 });
    expect(chain.streams[0].forecast).toBe(longer.inflowForecast!.streams[0]);

    const overridden = await simulate(loaded, { replications: 2, workers: 2, horizonDays: 500 });
    const direct = await simulate(modelFromYaml(model(500)), { replications: 2, workers: 1 });
    for (let r = 0; r < 2; r++)
      expect(overridden.replications[r].series['arrivals.all']).toEqual(direct.replications[r].series['arrivals.all']);
  });
});
