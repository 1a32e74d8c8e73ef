// Small inline-SVG charts for self-contained reports: lines with uncertainty bands over time, and horizontal
// bars. Pure string building (no DOM, no network), accessible: every chart is an image with a title and a
// description, and the report puts a table with the same numbers beside it.

export interface BandSeries {
  label: string;
  color: string;
  mean: ArrayLike<number>;
  low?: ArrayLike<number>;
  high?: ArrayLike<number>;
  /** Draw the line dashed (e.g. capacity against occupancy). */
  dashed?: boolean;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

function formatTick(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1e9) return `${+(value / 1e9).toFixed(1)} bn`;
  if (abs >= 1e6) return `${+(value / 1e6).toFixed(1)} m`;
  if (abs >= 1e4) return `${+(value / 1e3).toFixed(0)}k`;
  return String(+value.toFixed(2));
}

/** Lines over time with optional P5–P95 bands; `xLabels` name the first and last points. */
export function bandChartSvg(
  title: string,
  series: BandSeries[],
  xLabels: [string, string],
  options: { width?: number; height?: number; yTitle?: string } = {},
): string {
  const width = options.width ?? 720;
  const height = options.height ?? 280;
  const left = 64;
  const right = 12;
  const top = 12;
  const bottom = 40;
  const n = Math.max(...series.map((s) => s.mean.length));
  let max = 0;
  for (const s of series) for (let i = 0; i < s.mean.length; i++) max = Math.max(max, s.high ? s.high[i] : s.mean[i]);
  const yMax = niceMax(max);
  const x = (i: number) => left + (n > 1 ? (i / (n - 1)) * (width - left - right) : 0);
  const y = (v: number) => top + (1 - v / yMax) * (height - top - bottom);
  const path = (values: ArrayLike<number>) =>
    Array.from(
      { length: values.length },
      (_, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(values[i]).toFixed(1)}`,
    ).join('');
  const parts: string[] = [];
  for (let k = 0; k <= 4; k++) {
    const v = (yMax * k) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`,
    );
    parts.push(
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="11" fill="#333">${formatTick(v)}</text>`,
    );
  }
  for (const s of series) {
    if (s.low && s.high) {
      const upper = Array.from(
        { length: s.high.length },
        (_, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(s.high![i]).toFixed(1)}`,
      ).join('');
      const lower = Array.from({ length: s.low.length }, (_, j) => {
        const i = s.low!.length - 1 - j;
        return `L${x(i).toFixed(1)},${y(s.low![i]).toFixed(1)}`;
      }).join('');
      parts.push(`<path d="${upper}${lower}Z" fill="${s.color}" fill-opacity="0.18" stroke="none"/>`);
    }
    parts.push(
      `<path d="${path(s.mean)}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`,
    );
  }
  parts.push(`<text x="${left}" y="${height - 14}" font-size="11" fill="#333">${escapeHtml(xLabels[0])}</text>`);
  parts.push(
    `<text x="${width - right}" y="${height - 14}" text-anchor="end" font-size="11" fill="#333">${escapeHtml(xLabels[1])}</text>`,
  );
  const legend = series.map(
    (s, i) =>
      `<g transform="translate(${left + i * 170},${height - 4})"><rect width="12" height="4" y="-4" fill="${s.color}"/><text x="16" font-size="11" fill="#333">${escapeHtml(s.label)}</text></g>`,
  );
  const description = `${series.map((s) => s.label).join(', ')} from ${xLabels[0]} to ${xLabels[1]}; mean lines${series.some((s) => s.low) ? ' with 5–95% bands across replications' : ''}. The table beside it holds the numbers.`;
  return `<svg role="img" aria-labelledby="t-${id(title)} d-${id(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="t-${id(title)}">${escapeHtml(title)}</title><desc id="d-${id(title)}">${escapeHtml(description)}</desc>${parts.join('')}${legend.join('')}</svg>`;
}

/** Horizontal bars (positive right, negative left of zero), one per label. */
export function barChartSvg(
  title: string,
  bars: { label: string; value: number; color?: string }[],
  options: { width?: number } = {},
): string {
  const width = options.width ?? 720;
  const rowHeight = 22;
  const labelWidth = 190;
  const height = bars.length * rowHeight + 24;
  const max = niceMax(Math.max(...bars.map((b) => Math.abs(b.value)), 0));
  const hasNegative = bars.some((b) => b.value < 0);
  const zero = hasNegative ? labelWidth + (width - labelWidth - 12) / 2 : labelWidth;
  const scale = (hasNegative ? (width - labelWidth - 12) / 2 : width - labelWidth - 12) / max;
  const rows = bars.map((b, i) => {
    const w = Math.abs(b.value) * scale;
    const x = b.value < 0 ? zero - w : zero;
    const yy = i * rowHeight + 4;
    return `<text x="${labelWidth - 8}" y="${yy + 14}" text-anchor="end" font-size="12" fill="#222">${escapeHtml(b.label)}</text><rect x="${x.toFixed(1)}" y="${yy}" width="${w.toFixed(1)}" height="${rowHeight - 6}" fill="${b.color ?? (b.value < 0 ? '#2b7a3d' : '#a33a2a')}"/>`;
  });
  const axis = `<line x1="${zero}" x2="${zero}" y1="0" y2="${height - 20}" stroke="#555"/><text x="${zero}" y="${height - 4}" text-anchor="middle" font-size="11" fill="#333">0</text><text x="${width - 12}" y="${height - 4}" text-anchor="end" font-size="11" fill="#333">${formatTick(max)}</text>`;
  return `<svg role="img" aria-labelledby="t-${id(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg"><title id="t-${id(title)}">${escapeHtml(title)}</title>${rows.join('')}${axis}</svg>`;
}

function id(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
