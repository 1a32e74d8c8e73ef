// The HTML rendering of forecasts: a self-contained report with inline SVG fan charts (no scripts, no network),
// each beside its table. The files and the terminal text are in src/results/forecast-files.ts.
import type { BacktestResult } from './backtest.ts';
import type { Forecast } from './forecast.ts';
import { escapeHtml } from '../report/svg.ts';

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

/** An SVG fan chart: history line, interval bands (widest lightest) and the point forecast. */
export function fanChartSvg(item: NamedForecast, width = 720, height = 300, historyShown = 48): string {
  const history = item.history.slice(-historyShown);
  const fc = item.forecast;
  const n = history.length + fc.horizon;
  const pad = { left: 60, right: 10, top: 10, bottom: 30 };
  let max = 0;
  for (const v of history) max = Math.max(max, v);
  for (const i of fc.intervals) for (const v of i.upper) max = Math.max(max, v);
  for (const v of fc.mean) max = Math.max(max, v);
  if (!(max > 0)) max = 1;
  const x = (i: number) => pad.left + (i / Math.max(1, n - 1)) * (width - pad.left - pad.right);
  const y = (v: number) => pad.top + (1 - v / max) * (height - pad.top - pad.bottom);
  const parts: string[] = [];
  const title = `Forecast for ${item.name}: ${fc.label}`;
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">`,
  );
  parts.push(`<title>${escapeHtml(title)}</title>`);
  for (let k = 0; k <= 4; k++) {
    const v = (max * k) / 4;
    parts.push(
      `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${pad.left - 6}" y="${(y(v) + 4).toFixed(1)}" font-size="11" text-anchor="end">${round(v)}</text>`,
    );
  }
  const sorted = [...fc.intervals].sort((a, b) => b.level - a.level);
  const shades = ['#c6dbef', '#6baed6', '#3182bd'];
  sorted.forEach((interval, k) => {
    const top = Array.from(interval.upper, (v, h) => `${x(history.length + h).toFixed(1)},${y(v).toFixed(1)}`);
    const bottom = Array.from(
      interval.lower,
      (v, h) => `${x(history.length + h).toFixed(1)},${y(v).toFixed(1)}`,
    ).reverse();
    parts.push(
      `<polygon points="${[...top, ...bottom].join(' ')}" fill="${shades[Math.min(k, shades.length - 1)]}" opacity="0.8"><title>${interval.level}% interval</title></polygon>`,
    );
  });
  parts.push(
    `<polyline fill="none" stroke="#222" stroke-width="1.5" points="${history.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`,
  );
  const meanPoints = [
    `${x(history.length - 1).toFixed(1)},${y(history[history.length - 1] ?? 0).toFixed(1)}`,
    ...Array.from(fc.mean, (v, h) => `${x(history.length + h).toFixed(1)},${y(v).toFixed(1)}`),
  ];
  parts.push(
    `<polyline fill="none" stroke="#08519c" stroke-width="2" stroke-dasharray="4 2" points="${meanPoints.join(' ')}"/>`,
  );
  const firstLabel = item.historyPeriods[item.historyPeriods.length - history.length] ?? '';
  const lastLabel = item.forecastPeriods[item.forecastPeriods.length - 1] ?? '';
  parts.push(`<text x="${pad.left}" y="${height - 8}" font-size="11">${escapeHtml(firstLabel)}</text>`);
  parts.push(
    `<text x="${width - pad.right}" y="${height - 8}" font-size="11" text-anchor="end">${escapeHtml(lastLabel)}</text>`,
  );
  parts.push('</svg>');
  return parts.join('\n');
}

/** One self-contained HTML file: per series a fan chart with its table beside it, notes and backtest. */
export function htmlReport(items: NamedForecast[], title = 'doorstroom forecast'): string {
  const sections = items.map((item) => {
    const { header, rows } = forecastRows(item);
    const table = `<table><caption>${escapeHtml(item.name)}: ${escapeHtml(item.forecast.label)}</caption><thead><tr>${header
      .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
      .join(
        '',
      )}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`).join('')}</tbody></table>`;
    const notes = item.forecast.notes.length
      ? `<ul>${item.forecast.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>`
      : '';
    let backtest = '';
    if (item.backtest) {
      const b = item.backtest;
      const bh = [
        'step',
        'forecasts',
        'MASE',
        'sMAPE',
        ...b.levels.map((l) => `coverage ${l}%`),
        ...b.levels.map((l) => `MSIS ${l}%`),
        'scaled CRPS',
      ];
      const br = b.perStep.map((s) => [
        String(s.step),
        String(s.count),
        s.mase.toFixed(3),
        s.smape.toFixed(1),
        ...s.coverage.map((c) => (100 * c).toFixed(0)),
        ...s.msis.map((m) => m.toFixed(2)),
        s.scaledCrps.toFixed(3),
      ]);
      backtest = `<h3>Backtest (${b.origins.length} origins)</h3><table><thead><tr>${bh.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${br
        .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
        .join('')}</tbody></table>`;
    }
    return `<section><h2>${escapeHtml(item.name)}</h2><div class="pair"><figure>${fanChartSvg(item)}<figcaption>Observed (black), forecast (dashed) and ${item.forecast.intervals
      .map((i) => `${i.level}%`)
      .join(
        ' and ',
      )} intervals (bands). The table beside it holds the same numbers.</figcaption></figure>${table}</div>${notes}${backtest}</section>`;
  });
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}.pair{display:flex;flex-wrap:wrap;gap:1.5rem;align-items:flex-start}
table{border-collapse:collapse;font-size:13px}th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}caption{text-align:left;font-weight:600}
figure{margin:0}svg{max-width:100%;height:auto}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>
${sections.join('\n')}
</main></body></html>
`;
}
