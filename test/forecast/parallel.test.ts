import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast/forecast.ts';
import { forecastMany } from '../../src/forecast/parallel-node.ts';
import { asylumApplicants } from './helpers.ts';

describe('forecasting many series on worker threads', () => {
  it('gives the same forecasts, in order, as forecasting each series in this thread', async () => {
    const nl = asylumApplicants('NL');
    const de = asylumApplicants('DE');
    const tasks = [nl, de, nl.slice(0, 60)].map((values) => ({
      values,
      options: { horizon: 6, period: 12, method: 'theta' as const },
    }));
    const results = await forecastMany(tasks, 2);
    expect(results).toHaveLength(3);
    tasks.forEach((task, i) => {
      const local = forecast(task.values, task.options);
      expect(results[i].mean).toEqual(Array.from(local.mean));
      expect(results[i].intervals[1].upper).toEqual(Array.from(local.intervals[1].upper));
    });
  });

  it('reports a failing series as an error instead of stopping the batch', async () => {
    const results = await forecastMany(
      [
        { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], options: { horizon: 2, period: 1, method: 'naive' } },
        { values: [], options: { horizon: 2, period: 1 } },
      ],
      2,
    );
    expect(results[0].error).toBeUndefined();
    expect(results[1].error).toMatch(/empty/);
  });
});
