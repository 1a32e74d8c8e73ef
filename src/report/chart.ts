// Charts for self-contained reports, as inline SVG: lines (with bands or a filled area) over dates or labelled
// points, and horizontal bars. Scales and ticks come from d3-scale (nice domains, round ticks), tick labels from
// the report's number locale (d3-format: 10.000 in nl, 10,000 in en; millions as `1,5 mln`). Every chart is an
// image with a <title> and <desc> in the report's language; series differ in dash pattern as well as colour (and
// bars carry their value as text), so nothing is told by colour alone; the legend wraps onto as many rows as it
// needs and the drawing grows to hold it.
import { precisionFixed } from 'd3-format';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { type Lang, formatNumber, numberLocale } from '../core/locale.ts';
import { type Html, html } from './html.ts';

/** Series colours, each with at least 4.5:1 contrast against white (dark enough for lines and text). */
export const SERIES_COLORS: readonly string[] = [
  '#1f4e79',
  '#b35806',
  '#2b7a3d',
  '#6a3d9a',
  '#a33a2a',
  '#4d4d4d',
  '#0b6e78',
  '#8c510a',
];
/** Dash patterns, one per series, so lines differ without colour too (the first is solid). */
export const SERIES_DASHES: readonly string[] = [
  '',
  '8 4',
  '2 3',
  '10 3 2 3',
  '16 4',
  '3 7',
  '6 2 2 2',
  '12 3 3 3 3 3',
];

const TEXT = '#222';
const MUTED = '#444';
const GRID = '#dddddd';
const FONT = 11;
/** Width of a character at `size` px, generous (digits and capitals of system-ui are about 0.6 em). */
const charWidth = (size: number) => size * 0.62;
const textWidth = (text: string, size: number) => Math.ceil(text.length * charWidth(size));

const style = (i: number) => ({
  color: SERIES_COLORS[i % SERIES_COLORS.length],
  dash: SERIES_DASHES[i % SERIES_DASHES.length],
});

const BIG: Record<Lang, [string, string]> = { nl: ['mln', 'mld'], en: ['m', 'bn'] };

/** A tick: its value and its label. */
export interface Tick {
  value: number;
  label: string;
}

/** A formatter for the ticks `values`: as many decimals as their step needs, millions and billions abbreviated. */
function tickFormat(values: readonly number[], lang: Lang): (v: number) => string {
  const locale = numberLocale(lang);
  const step = values.length > 1 ? Math.abs(values[1] - values[0]) : Math.abs(values[0] ?? 1) || 1;
  const max = Math.max(0, ...values.map(Math.abs));
  if (max >= 1e6) {
    const [divisor, word] = max >= 1e9 ? [1e9, BIG[lang][1]] : [1e6, BIG[lang][0]];
    const f = locale.format(`,.${precisionFixed(step / divisor)}f`);
    return (v) => (v === 0 ? '0' : `${f(v / divisor)} ${word}`);
  }
  const f = locale.format(`,.${precisionFixed(step)}f`);
  return (v) => f(v);
}

/** Round ticks inside `domain` (d3-scale's linear ticks), labelled in the language's number format. */
export function numberTicks(domain: readonly [number, number], lang: Lang, count = 5): Tick[] {
  const values = scaleLinear().domain(domain).ticks(count);
  const format = tickFormat(values, lang);
  return values.map((value) => ({ value, label: format(value) }));
}

const MONTHS: Record<Lang, string[]> = {
  nl: ['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'],
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** Round dates between `from` and `to` (d3-scale's UTC ticks): years, months or days, as the span asks. */
export function dateTicks(from: Date, to: Date, lang: Lang, count = 7): { date: Date; label: string }[] {
  const dates = scaleUtc().domain([from, to]).ticks(count);
  const years = dates.every((d) => d.getUTCMonth() === 0 && d.getUTCDate() === 1);
  const months = dates.every((d) => d.getUTCDate() === 1);
  const label = (d: Date) =>
    years
      ? String(d.getUTCFullYear())
      : months
        ? `${MONTHS[lang][d.getUTCMonth()]} ${d.getUTCFullYear()}`
        : `${d.getUTCDate()} ${MONTHS[lang][d.getUTCMonth()]}`;
  return dates.map((date) => ({ date, label: label(date) }));
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'chart'
  );
}

const f1 = (v: number) => (Math.round(v * 10) / 10).toString();

/** A legend entry: a line sample (with the series' dash) or a filled swatch, and its text. */
interface LegendEntry {
  label: string;
  color: string;
  dash?: string;
  swatch?: { opacity: number };
}

const LEGEND_ROW = 18;
const LEGEND_SAMPLE = 28;
const LEGEND_SIZE = 12;

/**
 * The legend laid out in rows across `width`: each entry as wide as its text, a new row when the next does not fit;
 * a label too long for a whole row is shortened with an ellipsis (its full text in a <title>). Returns the markup
 * at (x0, y0) and the height it takes.
 */
function legend(entries: readonly LegendEntry[], x0: number, y0: number, width: number): { svg: Html; height: number } {
  if (entries.length === 0) return { svg: html``, height: 0 };
  const items: Html[] = [];
  let x = 0;
  let row = 0;
  const maxChars = Math.max(4, Math.floor((width - LEGEND_SAMPLE - 6) / charWidth(LEGEND_SIZE)));
  for (const e of entries) {
    const shown = e.label.length > maxChars ? `${e.label.slice(0, maxChars - 1)}…` : e.label;
    const w = LEGEND_SAMPLE + 6 + textWidth(shown, LEGEND_SIZE);
    if (x > 0 && x + w > width) {
      row++;
      x = 0;
    }
    const sample = e.swatch
      ? html`<rect x="0" y="-9" width="${LEGEND_SAMPLE}" height="10" fill="${e.color}" fill-opacity="${e.swatch.opacity}" stroke="${e.color}" stroke-width="0.5"/>`
      : html`<line x1="0" x2="${LEGEND_SAMPLE}" y1="-4" y2="-4" stroke="${e.color}" stroke-width="2.5"${e.dash ? html` stroke-dasharray="${e.dash}"` : ''}/>`;
    items.push(
      html`<g class="legend-item" transform="translate(${f1(x0 + x)},${f1(y0 + row * LEGEND_ROW + 13)})">${sample}<text x="${LEGEND_SAMPLE + 6}" font-size="${LEGEND_SIZE}" fill="${TEXT}">${shown !== e.label ? html`<title>${e.label}</title>` : ''}${shown}</text></g>`,
    );
    x += w + 18;
  }
  return { svg: html`<g class="legend">${items}</g>`, height: (row + 1) * LEGEND_ROW + 6 };
}

function svgFrame(
  id: string,
  width: number,
  height: number,
  title: string,
  description: string,
  body: readonly Html[],
): Html {
  return html`<svg role="img" aria-labelledby="t-${id} d-${id}" viewBox="0 0 ${width} ${f1(height)}" width="${width}" height="${f1(height)}" xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif"><title id="t-${id}">${title}</title><desc id="d-${id}">${description}</desc>${body}</svg>`;
}

/** One series of a line chart: a value per point (NaN where it has none), with optional bands or area. */
export interface LineSeries {
  label: string;
  values: ArrayLike<number>;
  /** Uncertainty bands around the line, widest first (drawn lightest); their labels go into the legend. */
  bands?: { label: string; low: ArrayLike<number>; high: ArrayLike<number> }[];
  /** Fill the area between the line and zero. */
  area?: boolean;
  /** Palette position (colour and dash) when it should not follow the series' order. */
  style?: number;
}

export interface LineChartInput {
  title: string;
  /** What the chart shows, in words, in the report's language (the SVG's <desc>). */
  description: string;
  lang: Lang;
  /** The points: ISO dates (a time axis) or labels (evenly spaced, some of them shown). */
  x: { dates: readonly string[] } | { labels: readonly string[] };
  series: readonly LineSeries[];
  /** The quantity on the vertical axis, with its unit: shown above it. */
  yLabel?: string;
  width?: number;
  height?: number;
  id?: string;
}

function pathOf(values: ArrayLike<number>, x: (i: number) => number, y: (v: number) => number): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${f1(x(i))},${f1(y(v))}`;
    pen = true;
  }
  return d;
}

/** Closed shapes between `high` (left to right) and `low` (back), one per run of points where both are finite. */
function bandOf(
  low: ArrayLike<number>,
  high: ArrayLike<number>,
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  let d = '';
  const n = Math.min(low.length, high.length);
  let i = 0;
  while (i < n) {
    while (i < n && !(Number.isFinite(low[i]) && Number.isFinite(high[i]))) i++;
    const start = i;
    while (i < n && Number.isFinite(low[i]) && Number.isFinite(high[i])) i++;
    if (i - start < 1) continue;
    for (let k = start; k < i; k++) d += `${k === start ? 'M' : 'L'}${f1(x(k))},${f1(y(high[k]))}`;
    for (let k = i - 1; k >= start; k--) d += `L${f1(x(k))},${f1(y(low[k]))}`;
    d += 'Z';
  }
  return d;
}

function extent(series: readonly LineSeries[]): [number, number] {
  let lo = 0;
  let hi = 0;
  const see = (values: ArrayLike<number>) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (Number.isFinite(v)) {
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
  };
  for (const s of series) {
    see(s.values);
    for (const b of s.bands ?? []) {
      see(b.low);
      see(b.high);
    }
  }
  return hi > lo ? [lo, hi] : [lo, lo + 1];
}

/**
 * The ticks of a horizontal axis whose labels do not collide: each label centred on its tick (or starting at it
 * near the left edge, ending at it near the right), kept only when it clears the previous one by 12 px and fits
 * inside the drawing.
 */
function spacedTicks(
  ticks: readonly { x: number; label: string }[],
  left: number,
  width: number,
): { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[] {
  const kept: { x: number; label: string; anchor: 'start' | 'middle' | 'end' }[] = [];
  let lastRight = -Infinity;
  for (const t of ticks) {
    const w = textWidth(t.label, FONT);
    const anchor = t.x - w / 2 < left - 8 ? 'start' : t.x + w / 2 > width - 2 ? 'end' : 'middle';
    const from = anchor === 'start' ? t.x : anchor === 'end' ? t.x - w : t.x - w / 2;
    if (from < lastRight + 12 || from < 0 || from + w > width) continue;
    kept.push({ ...t, anchor });
    lastRight = from + w;
  }
  return kept;
}

/** Days since 1970 of an ISO date, as a UTC Date. */
const isoToDate = (iso: string) => new Date(`${iso.slice(0, 10)}T00:00:00Z`);

/** Lines over dates or labelled points, with optional bands and areas, a nice vertical scale and a legend. */
export function lineChart(input: LineChartInput): Html {
  const { lang, series } = input;
  const width = input.width ?? 720;
  const plotHeight = input.height ?? 240;
  const id = input.id ?? slug(input.title);
  const [lo, hi] = extent(series);
  const y = scaleLinear().domain([lo, hi]).nice(5);
  const ticks = numberTicks(y.domain() as [number, number], lang, 5);
  const left = Math.max(40, 10 + Math.max(...ticks.map((t) => textWidth(t.label, FONT))));
  const right = 16;
  const top = input.yLabel ? 24 : 10;
  y.range([top + plotHeight, top]);
  const n = Math.max(1, ...series.map((s) => s.values.length));

  let xOf: (i: number) => number;
  let xTicks: { x: number; label: string }[];
  if ('dates' in input.x) {
    const dates = input.x.dates.map(isoToDate);
    const first = dates[0] ?? new Date(0);
    const last = dates[dates.length - 1] ?? first;
    const t = scaleUtc()
      .domain([first, last > first ? last : new Date(first.getTime() + 86_400_000)])
      .range([left, width - right]);
    xOf = (i) => t(dates[Math.min(i, dates.length - 1)] ?? first);
    const most = Math.max(2, Math.floor((width - left - right) / 80));
    xTicks = dateTicks(first, last > first ? last : first, lang, Math.min(7, most)).map((d) => ({
      x: t(d.date),
      label: d.label,
    }));
  } else {
    const labels = input.x.labels;
    const s = scaleLinear()
      .domain([0, Math.max(1, n - 1)])
      .range([left, width - right]);
    xOf = (i) => s(i);
    const longest = Math.max(1, ...labels.map((l) => textWidth(l, FONT)));
    const most = Math.max(2, Math.floor((width - left - right) / (longest + 16)));
    xTicks = s
      .ticks(Math.min(most, n))
      .filter((i) => Number.isInteger(i) && i < labels.length)
      .map((i) => ({ x: s(i), label: labels[i] }));
  }
  const yOf = (v: number) => y(v);

  const body: Html[] = [];
  if (input.yLabel)
    body.push(html`<text x="4" y="${FONT + 2}" font-size="${FONT}" fill="${MUTED}">${input.yLabel}</text>`);
  for (const t of ticks) {
    const yy = f1(yOf(t.value));
    body.push(
      html`<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="${t.value === 0 ? '#888' : GRID}"/><text x="${left - 6}" y="${f1(yOf(t.value) + 4)}" text-anchor="end" font-size="${FONT}" fill="${MUTED}">${t.label}</text>`,
    );
  }
  const axisY = top + plotHeight;
  for (const t of spacedTicks(xTicks, left, width)) {
    const anchor = t.anchor;
    body.push(
      html`<line x1="${f1(t.x)}" x2="${f1(t.x)}" y1="${axisY}" y2="${axisY + 4}" stroke="#888" /><text x="${f1(t.x)}" y="${axisY + 17}" text-anchor="${anchor}" font-size="${FONT}" fill="${MUTED}">${t.label}</text>`,
    );
  }
  const entries: LegendEntry[] = [];
  // Each band label once in the legend: in its series' colour, or grey when several series share it.
  const bandLabels = new Map<string, { opacity: number; color: string }>();
  series.forEach((s, i) => {
    const { color } = style(s.style ?? i);
    (s.bands ?? []).forEach((b, k) => {
      const opacity = 0.14 + 0.12 * k;
      body.push(
        html`<path class="band" d="${bandOf(b.low, b.high, xOf, yOf)}" fill="${color}" fill-opacity="${opacity}" stroke="none"/>`,
      );
      const seen = bandLabels.get(b.label);
      if (!seen) bandLabels.set(b.label, { opacity, color });
      else if (seen.color !== color) seen.color = '#555555';
    });
    if (s.area) {
      const zero = Array.from({ length: s.values.length }, () => 0);
      body.push(
        html`<path class="area" d="${bandOf(zero, s.values, xOf, yOf)}" fill="${color}" fill-opacity="0.15" stroke="none"/>`,
      );
    }
  });
  series.forEach((s, i) => {
    const { color, dash } = style(s.style ?? i);
    body.push(
      html`<path class="line" d="${pathOf(s.values, xOf, yOf)}" fill="none" stroke="${color}" stroke-width="2"${dash ? html` stroke-dasharray="${dash}"` : ''}><title>${s.label}</title></path>`,
    );
    entries.push({ label: s.label, color, dash });
  });
  for (const [label, { opacity, color }] of bandLabels) entries.push({ label, color, swatch: { opacity } });
  const legendTop = axisY + 26;
  const { svg: legendSvg, height: legendHeight } = legend(entries, left, legendTop, width - left - right);
  body.push(legendSvg);
  return svgFrame(id, width, legendTop + legendHeight, input.title, input.description, body);
}

/** One bar: its label, value, and palette position (the legend says what the colours mean). */
export interface Bar {
  label: string;
  value: number;
  style?: number;
}

export interface BarChartInput {
  title: string;
  description: string;
  lang: Lang;
  bars: readonly Bar[];
  /** Decimals of the value written at each bar (default 0). */
  digits?: number;
  /** What the colours mean, when bars differ in colour (palette position and text). */
  legend?: readonly { label: string; style: number }[];
  width?: number;
  id?: string;
}

/** Horizontal bars, one per label, from zero (negative to the left), each with its value written beside it. */
export function barChart(input: BarChartInput): Html {
  const { lang, bars } = input;
  const width = input.width ?? 720;
  const id = input.id ?? slug(input.title);
  const rowHeight = 22;
  const labelChars = Math.floor((width * 0.4) / charWidth(12));
  const shown = bars.map((b) => (b.label.length > labelChars ? `${b.label.slice(0, labelChars - 1)}…` : b.label));
  const labelWidth = Math.min(Math.round(width * 0.4), 12 + Math.max(20, ...shown.map((l) => textWidth(l, 12))));
  const values = bars.map((b) => (Number.isFinite(b.value) ? b.value : 0));
  const lo = Math.min(0, ...values);
  const hi = Math.max(0, ...values);
  const x = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .nice(5);
  const valueText = (v: number) => formatNumber(v, lang, input.digits ?? 0);
  const room = 12 + Math.max(...bars.map((b) => textWidth(valueText(b.value), FONT)), 10);
  x.range([labelWidth + (lo < 0 ? room : 0), width - room]);
  const ticks = numberTicks(x.domain() as [number, number], lang, 5);
  const top = 4;
  const plotHeight = bars.length * rowHeight;
  const body: Html[] = [];
  for (const t of ticks) {
    const xx = f1(x(t.value));
    body.push(
      html`<line x1="${xx}" x2="${xx}" y1="${top}" y2="${top + plotHeight + 4}" stroke="${t.value === 0 ? '#555' : GRID}"/><text x="${xx}" y="${top + plotHeight + 18}" text-anchor="middle" font-size="${FONT}" fill="${MUTED}">${t.label}</text>`,
    );
  }
  bars.forEach((b, i) => {
    const v = values[i];
    const x0 = x(Math.min(0, v));
    const w = Math.abs(x(v) - x(0));
    const yy = top + i * rowHeight;
    const { color } = style(b.style ?? 0);
    const label = valueText(b.value);
    const valueX = v < 0 ? x0 - 4 : x0 + w + 4;
    body.push(
      html`<g class="bar"><text x="${labelWidth - 8}" y="${yy + 15}" text-anchor="end" font-size="12" fill="${TEXT}">${shown[i] !== b.label ? html`<title>${b.label}</title>` : ''}${shown[i]}</text><rect x="${f1(x0)}" y="${yy + 3}" width="${f1(w)}" height="${rowHeight - 6}" fill="${color}"><title>${b.label}: ${label}</title></rect><text x="${f1(valueX)}" y="${yy + 15}" text-anchor="${v < 0 ? 'end' : 'start'}" font-size="${FONT}" fill="${TEXT}">${label}</text></g>`,
    );
  });
  const legendTop = top + plotHeight + 26;
  const { svg: legendSvg, height: legendHeight } = legend(
    (input.legend ?? []).map((l) => ({ label: l.label, color: style(l.style).color, swatch: { opacity: 1 } })),
    8,
    legendTop,
    width - 16,
  );
  body.push(legendSvg);
  return svgFrame(id, width, legendTop + legendHeight, input.title, input.description, body);
}

/** One row of a tornado: the outcome at an assumption's low and high value, each with its interval. */
export interface TornadoBar {
  label: string;
  low: number;
  high: number;
  lowInterval?: { low: number; high: number };
  highInterval?: { low: number; high: number };
}

export interface TornadoChartInput {
  title: string;
  description: string;
  lang: Lang;
  /** The outcome under the central assumptions: the line the bars start from. */
  center: number;
  /** Rows, largest swing first (as given). */
  bars: readonly TornadoBar[];
  /** Legend words: the bar of the low value, the bar of the high value, the central line, an interval. */
  legend: { low: string; high: string; center: string; interval: string };
  width?: number;
  id?: string;
}

/**
 * A tornado: per assumption a bar from the central outcome to the outcome at its low value and one to the outcome
 * at its high value (two colours and patterns: solid and hatched), each end with its interval as a whisker, and the
 * two outcomes written beside the bars; a vertical line marks the central outcome.
 */
export function tornadoChart(input: TornadoChartInput): Html {
  const { lang, bars, center } = input;
  const width = input.width ?? 720;
  const id = input.id ?? slug(input.title);
  const rowHeight = 26;
  const labelChars = Math.floor((width * 0.4) / charWidth(12));
  const shown = bars.map((b) => (b.label.length > labelChars ? `${b.label.slice(0, labelChars - 1)}…` : b.label));
  const labelWidth = Math.min(Math.round(width * 0.4), 12 + Math.max(20, ...shown.map((l) => textWidth(l, 12))));
  const finite = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? [v] : []);
  const all = [
    center,
    ...bars.flatMap((b) => [
      ...finite(b.low),
      ...finite(b.high),
      ...finite(b.lowInterval?.low),
      ...finite(b.lowInterval?.high),
      ...finite(b.highInterval?.low),
      ...finite(b.highInterval?.high),
    ]),
  ].filter(Number.isFinite);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const x = scaleLinear()
    .domain([lo, hi > lo ? hi : lo + 1])
    .nice(5);
  const ticks = numberTicks(x.domain() as [number, number], lang, 5);
  const money = (v: number) => formatNumber(v, lang, 0);
  const room =
    8 + Math.max(40, ...bars.flatMap((b) => [textWidth(money(b.low), FONT), textWidth(money(b.high), FONT)]));
  x.range([labelWidth + room, width - room]);
  const top = 4;
  const plotHeight = Math.max(1, bars.length) * rowHeight;
  const body: Html[] = [];
  const hatch = `hatch-${id}`;
  const lowStyle = style(0);
  const highStyle = style(1);
  body.push(
    html`<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="#fff"/><line x1="0" y1="0" x2="0" y2="6" stroke="${highStyle.color}" stroke-width="3"/></pattern></defs>`,
  );
  for (const t of ticks) {
    const xx = f1(x(t.value));
    body.push(
      html`<line x1="${xx}" x2="${xx}" y1="${top}" y2="${top + plotHeight + 4}" stroke="${GRID}"/><text x="${xx}" y="${top + plotHeight + 18}" text-anchor="middle" font-size="${FONT}" fill="${MUTED}">${t.label}</text>`,
    );
  }
  const whisker = (interval: { low: number; high: number } | undefined, yy: number) => {
    if (!interval || !Number.isFinite(interval.low) || !Number.isFinite(interval.high)) return html``;
    if (interval.high - interval.low <= 0) return html``;
    const [a, b] = [f1(x(interval.low)), f1(x(interval.high))];
    return html`<path d="M${a},${yy - 4}V${yy + 4}M${a},${yy}H${b}M${b},${yy - 4}V${yy + 4}" stroke="${TEXT}" stroke-width="1.2" fill="none"/>`;
  };
  bars.forEach((b, i) => {
    const yy = top + i * rowHeight;
    const mid = yy + rowHeight / 2;
    const x0 = x(center);
    const part = (v: number, fill: string, name: string) => {
      if (!Number.isFinite(v)) return html``;
      const a = Math.min(x0, x(v));
      const w = Math.max(1, Math.abs(x(v) - x0));
      return html`<rect x="${f1(a)}" y="${yy + 5}" width="${f1(w)}" height="${rowHeight - 10}" fill="${fill}" stroke="${highStyle.color}" stroke-width="${fill === lowStyle.color ? 0 : 1}"><title>${b.label}, ${name}: ${money(v)}</title></rect>`;
    };
    const leftValue = Math.min(b.low, b.high);
    const rightValue = Math.max(b.low, b.high);
    const leftEnd = Math.min(
      x(leftValue),
      x0,
      ...finite(b.lowInterval?.low).map(x),
      ...finite(b.highInterval?.low).map(x),
    );
    const rightEnd = Math.max(
      x(rightValue),
      x0,
      ...finite(b.lowInterval?.high).map(x),
      ...finite(b.highInterval?.high).map(x),
    );
    body.push(
      html`<g class="tornado-bar"><text x="${labelWidth - 8}" y="${mid + 4}" text-anchor="end" font-size="12" fill="${TEXT}">${shown[i] !== b.label ? html`<title>${b.label}</title>` : ''}${shown[i]}</text>${part(b.low, lowStyle.color, input.legend.low)}${part(b.high, `url(#${hatch})`, input.legend.high)}${whisker(b.lowInterval, mid)}${whisker(b.highInterval, mid)}<text x="${f1(leftEnd - 4)}" y="${mid + 4}" text-anchor="end" font-size="${FONT}" fill="${TEXT}">${money(leftValue)}</text><text x="${f1(rightEnd + 4)}" y="${mid + 4}" text-anchor="start" font-size="${FONT}" fill="${TEXT}">${money(rightValue)}</text></g>`,
    );
  });
  const cx = f1(x(center));
  body.push(
    html`<line x1="${cx}" x2="${cx}" y1="${top}" y2="${top + plotHeight + 4}" stroke="${TEXT}" stroke-width="1.5"/>`,
  );
  const legendTop = top + plotHeight + 26;
  const { svg: legendSvg, height: legendHeight } = legend(
    [
      { label: input.legend.low, color: lowStyle.color, swatch: { opacity: 1 } },
      { label: input.legend.high, color: highStyle.color, swatch: { opacity: 0.35 } },
      { label: input.legend.center, color: TEXT },
      { label: input.legend.interval, color: TEXT, dash: '1 0' },
    ],
    8,
    legendTop,
    width - 16,
  );
  body.push(legendSvg);
  return svgFrame(id, width, legendTop + legendHeight, input.title, input.description, body);
}
