// Text renderings of forecasts: a terminal table and chart, CSV and JSON records. The HTML report with its fan
// charts is src/report/forecast-report.ts (reports stand above forecasting, never the other way round).
import type { BacktestResult } from './backtest.ts';
import type { Forecast } from './forecast.ts';
import { csvField } from '../core/csv.ts';

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

export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * A terminal chart: the last `historyShown` observations ('*'), the point forecast ('o') and the widest
 * interval ('|'), one column per period, `height` rows.
 */
export function terminalChart(item: NamedForecast, height = 12, historyShown = 36): string {
  const history = item.history.slice(-historyShown);
  const fc = item.forecast;
  const widest = fc.intervals[fc.intervals.length - 1];
  const columns = history.length + fc.horizon;
  let max = 0;
  for (const v of history) max = Math.max(max, v);
  for (let h = 0; h < fc.horizon; h++) max = Math.max(max, widest ? widest.upper[h] : fc.mean[h], fc.mean[h]);
  if (!(max > 0)) max = 1;
  const grid = Array.from({ length: height }, () => new Array<string>(columns).fill(' '));
  const row = (v: number) => Math.min(height - 1, Math.max(0, height - 1 - Math.round((v / max) * (height - 1))));
  history.forEach((v, i) => (grid[row(v)][i] = '*'));
  for (let h = 0; h < fc.horizon; h++) {
    const c = history.length + h;
    if (widest) for (let r = row(widest.upper[h]); r <= row(widest.lower[h]); r++) grid[r][c] = '|';
    grid[row(fc.mean[h])][c] = 'o';
  }
  const label = (r: number) => round((max * (height - 1 - r)) / (height - 1)).padStart(8);
  const lines = grid.map((cells, r) => `${label(r)} ┤${cells.join('')}`);
  const widestText = widest ? `, | = ${widest.level}% interval` : '';
  lines.push(`${' '.repeat(9)}└${'─'.repeat(columns)}`);
  lines.push(
    `${' '.repeat(10)}${item.historyPeriods[item.historyPeriods.length - history.length] ?? ''} … ${item.forecastPeriods[item.forecastPeriods.length - 1] ?? ''}   (* observed, o forecast${widestText})`,
  );
  return lines.join('\n');
}

/** Long CSV: one line per series and period. */
export function forecastCsv(items: NamedForecast[]): string {
  const levels = items[0]?.forecast.intervals.map((i) => i.level) ?? [];
  const header = ['series', 'period', 'method', 'mean', ...levels.flatMap((l) => [`lo${l}`, `hi${l}`])];
  const lines = [header.join(',')];
  for (const item of items) {
    const fc = item.forecast;
    item.forecastPeriods.forEach((period, h) => {
      lines.push(
        [
          csvField(item.name),
          period,
          csvField(fc.label),
          fc.mean[h].toFixed(3),
          ...fc.intervals.flatMap((i) => [i.lower[h].toFixed(3), i.upper[h].toFixed(3)]),
        ].join(','),
      );
    });
  }
  return lines.join('\n') + '\n';
}

export function forecastJson(items: NamedForecast[]): string {
  return (
    JSON.stringify(
      items.map((item) => ({
        series: item.name,
        method: item.forecast.method,
        model: item.forecast.label,
        observations: item.forecast.observations,
        notes: item.forecast.notes,
        selection: item.forecast.selection,
        periods: item.forecastPeriods,
        mean: Array.from(item.forecast.mean),
        intervals: item.forecast.intervals.map((i) => ({
          level: i.level,
          lower: Array.from(i.lower),
          upper: Array.from(i.upper),
        })),
        backtest: item.backtest,
      })),
      null,
      2,
    ) + '\n'
  );
}
