// Choropleth maps for self-contained reports: a TopoJSON object projected with d3-geo into one inline, accessible
// SVG (a titled <path> per feature, quantile classes in a colour-blind-safe palette, a hatched "no value" style),
// and the features' names and geographic centroids. Pure: the caller reads and parses the topology.
import { geoBounds, geoConicEqualArea, geoPath } from 'd3-geo';
import type { FeatureCollection } from 'geojson';
import { mapFeatures } from '../data/geography.ts';
import { DEFAULT_LANG, type Lang, numberLocale } from '../core/locale.ts';
import { type Html, html } from './html.ts';
import { formatFull, valueDigits } from './table.ts';
import { inLang } from './words.ts';

export { valueDigits } from './table.ts';
export { centroids, featureNames } from '../data/geography.ts';

/**
 * The default palette, lowest class first: after the darker half of viridis (teal to dark purple), its dark end
 * deepened so that neighbouring steps differ by ΔE ≈ 32. Lightness falls monotonically (L* 59 → 6), so it reads in
 * greyscale and for every form of colour blindness, and its lightest step still has a contrast of 3.3:1 against
 * white (WCAG 1.4.11 asks 3:1 for graphics).
 */
export const SEQUENTIAL_PALETTE: readonly string[] = ['#1f9e89', '#2a788e', '#3b528b', '#50247f', '#1c0833'];

const MISSING_FILL = '#f2f2f2';
const MISSING_HATCH = '#767676';

/** How choroplethSvg titles, classes and colours the map. */
export interface ChoroplethOptions {
  title: string;
  /** The SVG's <desc>; a sentence on the classes is appended. Defaults to a sentence on what is coloured. */
  description?: string;
  /** Shown after each value (`Amsterdam: 931,298 persons`) and as the legend heading. */
  unit?: string;
  /** Width of the whole SVG (map and legend on its right) in pixels; the height follows from the shape. Default 720. */
  width?: number;
  /** Number of quantile classes asked for (default 5); fewer when rounded breaks coincide. */
  classes?: number;
  /**
   * A sequential palette, lowest class first (default SEQUENTIAL_PALETTE). When the number of classes differs
   * from its length, colours are sampled evenly along it (linear in sRGB between neighbouring steps).
   */
  colors?: readonly string[];
  /** Legend label of the hatched features that have no value (default "geen waarde", or "no value" in English). */
  missingLabel?: string;
  /** The language of the legend and the numbers (default Dutch). */
  lang?: Lang;
  /** Decimals shown for values (default 0 when every value is an integer, else 2). */
  digits?: number;
}

/** `v` rounded to two significant digits (`23,456` → `23,000`), so that class breaks read easily. */
function roundSignificant(v: number): number {
  return v === 0 ? 0 : Number(v.toPrecision(2));
}

/**
 * The inner breaks of `classes` quantile classes of the finite `values`: the i/classes quantiles (linear
 * interpolation between order statistics), rounded to two significant digits, kept when they lie in (min, max]
 * and are strictly increasing — so there are at most classes − 1 and ties give fewer. Class j holds the
 * values from break j−1 (inclusive; the minimum for the first) up to break j (exclusive; the maximum, inclusive,
 * for the last).
 */
export function quantileBreaks(values: readonly number[], classes: number): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const min = sorted[0];
  const max = sorted[sorted.length - 1];
  const breaks: number[] = [];
  for (let i = 1; i < classes; i++) {
    const h = (sorted.length - 1) * (i / classes);
    const lo = Math.floor(h);
    const q = sorted[lo] + (h - lo) * (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]);
    const b = roundSignificant(q);
    if (b > min && b <= max && (breaks.length === 0 || b > breaks[breaks.length - 1])) breaks.push(b);
  }
  return breaks;
}

/** The class (0-based) of `v` given the inner `breaks`: how many breaks are at or below it. */
function classOf(v: number, breaks: readonly number[]): number {
  let k = 0;
  while (k < breaks.length && v >= breaks[k]) k++;
  return k;
}

function hexToRgb(hex: string): [number, number, number] {
  const m = /^#?([0-9a-f]{6})$/i.exec(hex.trim());
  if (!m) throw new Error(`map: colour "${hex}" is not of the form #rrggbb`);
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** `count` colours evenly along the palette (the ends included), interpolated linearly in sRGB. */
function samplePalette(palette: readonly string[], count: number): string[] {
  if (palette.length === 0) throw new Error('map: the palette is empty');
  if (count === palette.length) return [...palette];
  const rgb = palette.map(hexToRgb);
  return Array.from({ length: count }, (_, i) => {
    const t = count === 1 ? (palette.length - 1) / 2 : (i * (palette.length - 1)) / (count - 1);
    const lo = Math.floor(t);
    const hi = Math.min(lo + 1, palette.length - 1);
    const f = t - lo;
    return `#${rgb[lo]
      .map((c, j) =>
        Math.round(c + f * (rgb[hi][j] - c))
          .toString(16)
          .padStart(2, '0'),
      )
      .join('')}`;
  });
}

/** A value for people to read, in full with thousands separators (`931.298`, `12,50` in nl); non-finite as `–`. */
export function formatValue(v: number, digits: number, lang: Lang = DEFAULT_LANG): string {
  return Number.isFinite(v) ? formatFull(v, lang, digits) : '–';
}

/** A class break as it is (they have two significant digits): `20.000`, `0,012` in nl. */
function formatBreak(v: number, lang: Lang): string {
  return numberLocale(lang).format(',')(v);
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'map'
  );
}

/**
 * A choropleth of `values` (keyed by the features' `statcode`) over the GeometryCollection `objectName` of the
 * parsed TopoJSON `topology`, as one inline SVG: role="img" with <title> and <desc>; a conic equal-area projection
 * centred on the features and fitted to the map area with fitSize; one <path> per feature with geometry (path data
 * to 1 decimal, `data-code` its code) whose <title> child reads "Name: value unit"; quantile classes
 * (quantileBreaks) coloured from the palette; features without a finite value hatched grey. The legend on the
 * right lists each class with its range and count and, if any feature lacks a value, the hatched entry with the
 * count and (up to five) names of those features. Codes in `values` with no feature are ignored here.
 */
export function choroplethSvg(
  topology: unknown,
  objectName: string,
  values: ReadonlyMap<string, number>,
  options: ChoroplethOptions,
): string {
  const features = mapFeatures(topology, objectName);
  const width = options.width ?? 720;
  const unit = options.unit ?? '';
  const lang = options.lang ?? DEFAULT_LANG;
  const T = inLang(lang);
  const missingLabel = options.missingLabel ?? T('geen waarde', 'no value');
  const valueOf = (code: string) => {
    const v = values.get(code);
    return v !== undefined && Number.isFinite(v) ? v : undefined;
  };
  const present = features.map((f) => valueOf(f.code)).filter((v) => v !== undefined);
  const digits = options.digits ?? valueDigits(present);
  const breaks = quantileBreaks(present, Math.max(1, Math.floor(options.classes ?? 5)));
  const colors = samplePalette(options.colors ?? SEQUENTIAL_PALETTE, breaks.length + 1);
  const fmt = (v: number) => formatValue(v, digits, lang);
  const brk = (v: number) => formatBreak(v, lang);
  const withUnit = (text: string) => (unit ? `${text} ${unit}` : text);
  const id = slug(options.title);
  const hatch = `hatch-${id}`;

  // The legend first: its longest label sets how much width is left for the map.
  const counts = new Array<number>(colors.length).fill(0);
  for (const v of present) counts[classOf(v, breaks)]++;
  const missing = features.filter((f) => valueOf(f.code) === undefined).map((f) => f.name);
  const min = present.length > 0 ? Math.min(...present) : NaN;
  const max = present.length > 0 ? Math.max(...present) : NaN;
  const classes =
    present.length === 0
      ? []
      : colors.map((color, k) => {
          const last = k === colors.length - 1;
          const from = k === 0 ? min : breaks[k - 1];
          const to = last ? max : breaks[k];
          return {
            color,
            from,
            to,
            label: `${k === 0 ? fmt(from) : brk(from)} ${T('tot', 'to')} ${last ? fmt(to) : `${T('onder', 'under')} ${brk(to)}`} (${counts[k]})`,
          };
        });
  const missingLines =
    missing.length === 0
      ? []
      : [
          `${missingLabel} (${missing.length})`,
          ...missing.slice(0, 5),
          ...(missing.length > 5 ? [T(`en ${missing.length - 5} meer`, `and ${missing.length - 5} more`)] : []),
        ];
  const longest = Math.max(unit.length, ...classes.map((c) => c.label.length), ...missingLines.map((l) => l.length));
  // About 7 px a character at 12 px (digits are the widest), after the 26 px of the swatch.
  const legendWidth = Math.min(Math.round(width * 0.45), 26 + 7 * longest);
  const mapWidth = width - legendWidth - 12;

  const legend: Html[] = [
    html`<text x="0" y="14" font-size="13" font-weight="600" fill="#222">${unit || T('waarde', 'value')}</text>`,
  ];
  let y = 26;
  for (const c of classes) {
    legend.push(
      html`<g class="legend-class" data-from="${c.from}" data-to="${c.to}" transform="translate(0,${y})"><rect width="20" height="14" fill="${c.color}" stroke="#555" stroke-width="0.5"/><text x="26" y="12" font-size="12" fill="#222">${c.label}</text></g>`,
    );
    y += 22;
  }
  if (missingLines.length > 0) {
    legend.push(
      html`<g class="legend-missing" transform="translate(0,${y})"><rect width="20" height="14" fill="url(#${hatch})" stroke="#555" stroke-width="0.5"/>${missingLines.map((line, i) => html`<text x="26" y="${12 + i * 16}" font-size="${i === 0 ? 12 : 11}" fill="#222">${line}</text>`)}</g>`,
    );
    y += 16 * missingLines.length + 6;
  }

  // Fit the width first to learn the aspect ratio, then fit the map area it gives.
  const collection: FeatureCollection = { type: 'FeatureCollection', features: features.map((f) => f.feature) };
  const [[west, south], [east, north]] = geoBounds(collection);
  const projection = geoConicEqualArea()
    .rotate([-(west + east) / 2, 0])
    .parallels([south + (north - south) / 6, north - (north - south) / 6])
    .precision(0)
    .fitWidth(mapWidth, collection);
  const path = geoPath(projection).digits(1);
  const [[, y0], [, y1]] = path.bounds(collection);
  const mapHeight = Math.max(1, Math.ceil(y1 - y0));
  projection.fitSize([mapWidth, mapHeight], collection);
  const paths: Html[] = [];
  for (const f of features) {
    const d = path(f.feature);
    if (!d) continue;
    const v = valueOf(f.code);
    const fill = v === undefined ? `url(#${hatch})` : colors[classOf(v, breaks)];
    const title = `${f.name}: ${v === undefined ? missingLabel : withUnit(fmt(v))}`;
    paths.push(
      html`<path d="${d}" fill="${fill}" data-code="${f.code}"${v === undefined ? html` data-missing="true"` : ''}><title>${title}</title></path>`,
    );
  }

  const height = Math.max(mapHeight, y);
  const classSentence =
    present.length === 0
      ? T('Geen enkel gebied heeft een waarde.', 'No area has a value.')
      : lang === 'nl'
        ? `${colors.length} kwantielklasse${colors.length === 1 ? '' : 'n'} van ${withUnit(fmt(min))} tot ${withUnit(fmt(max))}, donkerder voor hogere waarden${breaks.length > 0 ? ` (grenzen bij ${breaks.map(brk).join('; ')})` : ''}${missing.length > 0 ? `; ${missing.length} gearceerd zonder waarde` : ''}.`
        : `${colors.length} quantile class${colors.length === 1 ? '' : 'es'} from ${withUnit(fmt(min))} to ${withUnit(fmt(max))}, darker for higher values${breaks.length > 0 ? ` (breaks at ${breaks.map(brk).join(', ')})` : ''}${missing.length > 0 ? `; ${missing.length} hatched without a value` : ''}.`;
  const description = `${options.description ?? T(`Kaart van ${features.length} gebieden gekleurd naar ${unit || 'waarde'}; de tabel ernaast geeft de getallen.`, `Map of ${features.length} areas coloured by ${unit || 'value'}; the table beside it holds the numbers.`)} ${classSentence}`;
  const defs = html`<defs><pattern id="${hatch}" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)"><rect width="6" height="6" fill="${MISSING_FILL}"/><line x1="0" y1="0" x2="0" y2="6" stroke="${MISSING_HATCH}" stroke-width="1.5"/></pattern></defs>`;
  return html`<svg role="img" aria-labelledby="t-${id} d-${id}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="t-${id}">${options.title}</title><desc id="d-${id}">${description}</desc>${defs}<g class="areas" stroke="#fff" stroke-width="0.5" stroke-linejoin="round">${paths}</g><g class="legend" transform="translate(${mapWidth + 12},0)">${legend}</g></svg>`
    .html;
}
