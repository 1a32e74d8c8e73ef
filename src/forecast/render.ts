// A forecast with its series name and periods, and its rows as text: the shape the result files
// (src/results/forecast-files.ts) and the HTML report (src/report/forecast-report.ts) both render.
import type { BacktestResult } from './backtest.ts';
import type { Forecast } from './forecast.ts';

export interface NamedForecast {
  name: string;
  /** Period labels of the history and of the forecast steps. */
  historyPeriods: string[];
  history: number[];
  forecastPeriods: string[];
  forecast: Forecast;
  backtest?: BacktestResult;
}

const round = (v: number): string => (Math.abs(v) >= 100 ? Math.round(v).toString() : v.toFixed(1));

/** Column headers and rows of the forecast table: period, mean, then lower/upper per level. */
export function forecastRows(item: NamedForecast): { header: string[]; rows: string[][] } {
  const fc = item.forecast;
  const header = ['period', 'mean', ...fc.intervals.flatMap((i) => [`lo${i.level}`, `hi${i.level}`])];
  const rows = item.forecastPeriods.map((period, h) => [
    period,
    round(fc.mean[h]),
    ...fc.intervals.flatMap((i) => [round(i.lower[h]), round(i.upper[h])]),
  ]);
  return { header, rows };
}
