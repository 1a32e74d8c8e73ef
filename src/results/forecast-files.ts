// Forecast results as declared tables: forecast.csv (one row per series and period), backtest.csv (the scores per
// step ahead, with --backtest), forecast.json, paths.csv, the terminal table and chart per series and the backtest
// table, Dutch by default. The HTML page (src/report/forecast-report.ts) shows the same tables.
import type { Lang } from '../core/locale.ts';
import { formatNumber, text } from '../core/locale.ts';
import type { BacktestResult, HorizonScores } from '../forecast/backtest.ts';
import type { NamedForecast } from '../forecast/render.ts';
import {
  type Column,
  FORMAT,
  jsonText,
  output,
  type TableDecl,
  type TableOutput,
  tableCsv,
  terminalTable,
} from './table.ts';

const t = text;

/** Numbers of forecast files: three decimals, as they always were. */
const threeDecimals = (v: number): string => (Number.isFinite(v) ? v.toFixed(3) : '');

/** Counts of a hundred and more whole, smaller ones with a decimal. */
const magnitude = (v: number | undefined) => (v !== undefined && Math.abs(v) >= 100 ? FORMAT.count : FORMAT.decimal(1));

interface ForecastRow {
  item: NamedForecast;
  h: number;
}

/** forecast.csv (and the terminal table without its first columns): mean and interval bounds per level. */
export function forecastTable(levels: readonly number[]): TableDecl<ForecastRow> {
  const at = (r: ForecastRow, level: number) => r.item.forecast.intervals.find((i) => i.level === level);
  return {
    id: 'forecast',
    file: 'forecast.csv',
    title: t('Prognose', 'Forecast'),
    columns: [
      { key: 'series', label: t('reeks', 'series'), format: FORMAT.text, value: (r) => r.item.name, only: 'files' },
      { key: 'period', label: t('periode', 'period'), format: FORMAT.text, value: (r) => r.item.forecastPeriods[r.h] },
      {
        key: 'method',
        label: t('methode', 'method'),
        format: FORMAT.text,
        value: (r) => r.item.forecast.label,
        only: 'files',
      },
      {
        key: 'mean',
        label: t('verwacht', 'mean'),
        format: (r) => magnitude(r.item.forecast.mean[r.h]),
        value: (r) => r.item.forecast.mean[r.h],
        csv: threeDecimals,
      },
      ...levels.flatMap((level) => [
        {
          key: `lo${level}`,
          label: t(`ondergrens ${level}%`, `lo${level}`),
          format: (r: ForecastRow) => magnitude(at(r, level)?.lower[r.h]),
          value: (r: ForecastRow) => at(r, level)?.lower[r.h],
          csv: threeDecimals,
        },
        {
          key: `hi${level}`,
          label: t(`bovengrens ${level}%`, `hi${level}`),
          format: (r: ForecastRow) => magnitude(at(r, level)?.upper[r.h]),
          value: (r: ForecastRow) => at(r, level)?.upper[r.h],
          csv: threeDecimals,
        },
      ]),
    ],
  };
}

function rowsOf(items: readonly NamedForecast[]): ForecastRow[] {
  return items.flatMap((item) => item.forecastPeriods.map((_, h) => ({ item, h })));
}

/** The rows of one series' forecast, for its terminal table and its table in the report. */
export function forecastOutput(item: NamedForecast): TableOutput {
  return output(forecastTable(item.forecast.intervals.map((i) => i.level)), rowsOf([item]));
}

interface BacktestRow {
  series: string;
  /** The step ahead; none for the scores over all steps. */
  step?: number;
  scores: Omit<HorizonScores, 'step'>;
}

/** backtest.csv (and the terminal's and the report's backtest table): the scores per step ahead, then over all. */
export function backtestTable(levels: readonly number[]): TableDecl<BacktestRow> {
  const perLevel = (
    key: string,
    label: (level: number) => { nl: string; en: string },
    format: typeof FORMAT.count,
    of: (s: BacktestRow['scores']) => number[],
  ) =>
    levels.map((level, i): Column<BacktestRow> => ({
      key: `${key}${level}`,
      label: label(level),
      format,
      value: (r) => of(r.scores)[i],
    }));
  const columns: Column<BacktestRow>[] = [
    { key: 'series', label: t('reeks', 'series'), format: FORMAT.text, value: (r) => r.series, only: 'files' },
    { key: 'step', label: t('stap', 'step'), format: FORMAT.text, value: (r) => r.step ?? t('alle', 'all') },
    { key: 'count', label: t('prognoses', 'forecasts'), format: FORMAT.count, value: (r) => r.scores.count },
    { key: 'mase', label: t('MASE', 'MASE'), format: FORMAT.decimal(3), value: (r) => r.scores.mase },
    { key: 'smape', label: t('sMAPE', 'sMAPE'), format: FORMAT.decimal(1), value: (r) => r.scores.smape },
    ...perLevel(
      'coverage',
      (l) => t(`dekking ${l}%`, `coverage ${l}%`),
      FORMAT.percent(0),
      (s) => s.coverage,
    ),
    ...perLevel(
      'msis',
      (l) => t(`MSIS ${l}%`, `MSIS ${l}%`),
      FORMAT.decimal(2),
      (s) => s.msis,
    ),
    {
      key: 'scaled_crps',
      label: t('geschaalde CRPS', 'scaled CRPS'),
      format: FORMAT.decimal(3),
      value: (r) => r.scores.scaledCrps,
    },
  ];
  return { id: 'backtest', file: 'backtest.csv', title: t('Terugtoets', 'Backtest'), columns };
}

/** A series' backtest as a table: a row per step ahead, then the scores over all steps. */
export function backtestOutput(series: string, b: BacktestResult): TableOutput {
  const rows: BacktestRow[] = [
    ...b.perStep.map(({ step, ...scores }) => ({ series, step, scores })),
    { series, scores: b.overall },
  ];
  return output(backtestTable(b.levels), rows);
}

/** The tables of a forecast, for the files and the workbook: the forecast, and the backtests when there are. */
export function forecastTables(items: readonly NamedForecast[]): TableOutput[] {
  const levels = items[0]?.forecast.intervals.map((i) => i.level) ?? [];
  const tables = [output(forecastTable(levels), rowsOf(items))];
  const tested = items.filter((item) => item.backtest !== undefined);
  if (tested.length > 0)
    tables.push({
      table: backtestTable(tested[0].backtest!.levels),
      rows: tested.flatMap((item) => backtestOutput(item.name, item.backtest!).rows),
    } as TableOutput);
  return tables;
}

/** Long CSV: one line per series and period. */
export function forecastCsv(items: readonly NamedForecast[]): string {
  return forecastCsvFiles(items)['forecast.csv'];
}

/** The CSV files of a forecast by name: forecast.csv (one line per series and period), backtest.csv when tested. */
export function forecastCsvFiles(items: readonly NamedForecast[]): Record<string, string> {
  return Object.fromEntries(forecastTables(items).map(({ table, rows }) => [table.file!, tableCsv(table, rows)]));
}

export function forecastJson(items: readonly NamedForecast[]): string {
  return jsonText(
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
  );
}

/** paths.csv: sample paths per series, drawn by `draw` into `out` (one row per series, path and period). */
export function pathsCsv(
  items: readonly NamedForecast[],
  pathCount: number,
  draw: (k: number, r: number, out: Float64Array<ArrayBuffer>) => void,
): string {
  const table: TableDecl<{ series: string; replication: number; period: string; value: number }> = {
    id: 'paths',
    file: 'paths.csv',
    title: t('Steekproefpaden', 'Sample paths'),
    columns: [
      { key: 'series', label: t('reeks', 'series'), format: FORMAT.text, value: (r) => r.series },
      { key: 'replication', label: t('pad', 'path'), format: FORMAT.count, value: (r) => r.replication },
      { key: 'period', label: t('periode', 'period'), format: FORMAT.text, value: (r) => r.period },
      {
        key: 'value',
        label: t('waarde', 'value'),
        format: FORMAT.decimal(1),
        value: (r) => r.value,
        csv: threeDecimals,
      },
    ],
  };
  const rows: { series: string; replication: number; period: string; value: number }[] = [];
  items.forEach((item, k) => {
    const out = new Float64Array(item.forecast.horizon);
    for (let r = 0; r < pathCount; r++) {
      draw(k, r, out);
      for (let h = 0; h < out.length; h++)
        rows.push({ series: item.name, replication: r, period: item.forecastPeriods[h], value: out[h] });
    }
  });
  return tableCsv(table, rows);
}

const round = (v: number, lang: Lang): string => formatNumber(v, lang, Math.abs(v) >= 100 ? 0 : 1);

/**
 * A terminal chart: the last `historyShown` observations ('*'), the point forecast ('o') and the widest
 * interval ('|'), one column per period, `height` rows.
 */
export function terminalChart(item: NamedForecast, lang: Lang = 'nl', height = 12, historyShown = 36): string {
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
  const label = (r: number) => round((max * (height - 1 - r)) / (height - 1), lang).padStart(8);
  const lines = grid.map((cells, r) => `${label(r)} ┤${cells.join('')}`);
  const nl = lang === 'nl';
  const widestText = widest ? (nl ? `, | = ${widest.level}%-interval` : `, | = ${widest.level}% interval`) : '';
  lines.push(`${' '.repeat(9)}└${'─'.repeat(columns)}`);
  lines.push(
    `${' '.repeat(10)}${item.historyPeriods[item.historyPeriods.length - history.length] ?? ''} … ${item.forecastPeriods[item.forecastPeriods.length - 1] ?? ''}   (${nl ? '* waargenomen, o prognose' : '* observed, o forecast'}${widestText})`,
  );
  return lines.join('\n');
}

/** The terminal table of one series' forecast. */
export function forecastText(item: NamedForecast, lang: Lang = 'nl'): string {
  const { table, rows } = forecastOutput(item);
  return terminalTable(table, rows, lang);
}

/** The backtest's scores per step ahead and overall, on the terminal. */
export function backtestText(b: BacktestResult, lang: Lang = 'nl'): string {
  const { table, rows } = backtestOutput('', b);
  return terminalTable(table, rows, lang);
}
