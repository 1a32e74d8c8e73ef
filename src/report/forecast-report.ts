// The forecast report: one self-contained HTML file with a summary of the next period's forecast per series
// and its interval, then per series a fan chart (history, point forecast, interval bands) beside the table of
// its numbers, the method's notes and the backtest. Dutch by default, English with `{ lang: 'en' }`.
import { DEFAULT_LANG, type Lang, formatNumber, formatPercent, text } from '../core/locale.ts';
import type { NamedForecast } from '../forecast/render.ts';
import { lineChart } from './chart.ts';
import { type Html, html } from './html.ts';
import { chartWithTable, reportPage, section } from './page.ts';
import { backtestOutput, forecastOutput } from '../results/forecast-files.ts';
import { outputTableHtml } from './table.ts';
import { inLang } from './words.ts';

/** One forecast series as the report draws it: forecasting's named forecast. */
export type ForecastReportItem = NamedForecast;

export interface ForecastReportOptions {
  /** The language of the report (default Dutch). */
  lang?: Lang;
  /** Observations shown before the forecast in each chart (default 48). */
  historyShown?: number;
}

/** A fan chart: the last observations, the point forecast and its interval bands (widest lightest). */
export function fanChart(item: ForecastReportItem, lang: Lang = DEFAULT_LANG, historyShown = 48): Html {
  const T = inLang(lang);
  const history = item.history.slice(-historyShown);
  const fc = item.forecast;
  const h0 = history.length;
  const n = h0 + fc.horizon;
  const labels = [...item.historyPeriods.slice(item.historyPeriods.length - h0), ...item.forecastPeriods].slice(0, n);
  const observed = Float64Array.from({ length: n }, (_, i) => (i < h0 ? history[i] : NaN));
  // The forecast line starts at the last observation, so the two lines join.
  const mean = Float64Array.from({ length: n }, (_, i) =>
    i === h0 - 1 ? history[i] : i >= h0 ? fc.mean[i - h0] : NaN,
  );
  const widestFirst = [...fc.intervals].sort((a, b) => b.level - a.level);
  const bands = widestFirst.map((iv) => ({
    label: T(`${iv.level}%-interval`, `${iv.level}% interval`),
    low: Float64Array.from({ length: n }, (_, i) => (i >= h0 ? iv.lower[i - h0] : NaN)),
    high: Float64Array.from({ length: n }, (_, i) => (i >= h0 ? iv.upper[i - h0] : NaN)),
  }));
  return lineChart({
    title: T(`Prognose voor ${item.name}: ${fc.label}`, `Forecast for ${item.name}: ${fc.label}`),
    description: T(
      `Waargenomen aantallen van ${labels[0] ?? ''} (doorgetrokken lijn), de prognose tot ${labels[n - 1] ?? ''} (gestreepte lijn) en de ${fc.intervals.map((i) => `${i.level}%`).join(' en ')}-intervallen (banden). De tabel ernaast geeft de getallen.`,
      `Observed counts from ${labels[0] ?? ''} (solid line), the forecast to ${labels[n - 1] ?? ''} (dashed line) and the ${fc.intervals.map((i) => `${i.level}%`).join(' and ')} intervals (bands). The table beside it holds the numbers.`,
    ),
    lang,
    x: { labels },
    series: [
      { label: T('waargenomen', 'observed'), values: observed },
      { label: T('prognose', 'forecast'), values: mean, bands },
    ],
    height: 260,
  });
}

/** One self-contained HTML file: a summary, then per series a fan chart with its table, notes and backtest. */
export function htmlReport(items: ForecastReportItem[], title?: string, options: ForecastReportOptions = {}): string {
  const lang = options.lang ?? DEFAULT_LANG;
  const T = inLang(lang);
  const num = (v: number) => formatNumber(v, lang, Math.abs(v) >= 100 ? 0 : 1);

  const summary: Html[] = items.map((item) => {
    const fc = item.forecast;
    const widest = [...fc.intervals].sort((a, b) => b.level - a.level)[0];
    const next = fc.mean[0];
    const last = item.history[item.history.length - 1];
    const change = Number.isFinite(last) && last !== 0 ? (next - last) / last : NaN;
    const interval = widest
      ? ` [${num(widest.lower[0])} … ${num(widest.upper[0])}, ${T(`${widest.level}%-interval`, `${widest.level}% interval`)}]`
      : '';
    const changeText = Number.isFinite(change) ? `${change > 0 ? '+' : ''}${formatPercent(change, lang, 1)}` : '';
    return html`<strong>${item.name}</strong>: ${T('verwacht voor', 'forecast for')} ${item.forecastPeriods[0] ?? ''} ${num(next)}${interval}; ${T('laatst waargenomen', 'last observed')} (${item.historyPeriods[item.historyPeriods.length - 1] ?? ''}) ${num(last)}${changeText ? ` (${changeText})` : ''}.`;
  });

  const sections = items.map((item) => {
    const fc = item.forecast;
    const table = outputTableHtml(forecastOutput(item), lang, {
      title: text(`${item.name}: ${fc.label}`, `${item.name}: ${fc.label}`),
    });
    const notes = fc.notes.length > 0 ? html`<ul>${fc.notes.map((n) => html`<li>${n}</li>`)}</ul>` : '';
    const b = item.backtest;
    const backtest = b
      ? html`<h3>${T(`Terugtoets (${b.origins.length} startpunten)`, `Backtest (${b.origins.length} origins)`)}</h3>${outputTableHtml(
          backtestOutput(item.name, b),
          lang,
          { title: text(`Terugtoets van ${item.name}`, `Backtest of ${item.name}`) },
        )}`
      : '';
    const caption = T(
      `Waargenomen (doorgetrokken), prognose (gestreept) en ${fc.intervals.map((i) => `${i.level}%`).join(' en ')}-intervallen (banden). De tabel ernaast geeft dezelfde getallen.`,
      `Observed (solid), forecast (dashed) and ${fc.intervals.map((i) => `${i.level}%`).join(' and ')} intervals (bands). The table beside it holds the same numbers.`,
    );
    return section(
      item.name,
      chartWithTable(fanChart(item, lang, options.historyShown), caption, table),
      notes,
      backtest,
    );
  });
  return reportPage({
    lang,
    title: title ?? T('doorstroom prognose', 'doorstroom forecast'),
    summary,
    sections,
  });
}
