// The chart module: ticks from d3-scale labelled in the report's locale, dates at round points, lines that differ
// in dash as well as colour, a legend that wraps onto more rows (the drawing grows to hold it), and accessible
// SVG (role, title, description) with hostile labels escaped.
import { describe, expect, it } from 'vitest';
import { barChart, dateTicks, lineChart, numberTicks, SERIES_COLORS, SERIES_DASHES } from '../../src/report/chart.ts';

const labels = (ticks: { label: string }[]) => ticks.map((t) => t.label);

describe('numberTicks', () => {
  it('puts ticks at 0, 10.000, 20.000 and 30.000 on the range 0–37,500 in nl, and with commas in en', () => {
    expect(labels(numberTicks([0, 37_500], 'nl'))).toEqual(['0', '10.000', '20.000', '30.000']);
    expect(labels(numberTicks([0, 37_500], 'en'))).toEqual(['0', '10,000', '20,000', '30,000']);
  });

  it('keeps the decimals the step needs: 12.500 is not rounded to 13k', () => {
    expect(labels(numberTicks([0, 12_500], 'nl', 5))).toEqual([
      '0',
      '2.000',
      '4.000',
      '6.000',
      '8.000',
      '10.000',
      '12.000',
    ]);
    expect(labels(numberTicks([0, 1], 'nl', 4))).toEqual(['0,0', '0,2', '0,4', '0,6', '0,8', '1,0']);
    expect(labels(numberTicks([0, 3_750_000], 'nl', 4))).toEqual(['0', '1 mln', '2 mln', '3 mln']);
    expect(labels(numberTicks([0, 1_500_000], 'en', 3))).toEqual(['0', '0.5 m', '1.0 m', '1.5 m']);
    expect(labels(numberTicks([-20, 20], 'nl', 4))).toEqual(['−20', '−10', '0', '10', '20']);
  });
});

describe('dateTicks', () => {
  it('uses years over a long span and Dutch month names over a short one', () => {
    const years = dateTicks(new Date('2019-06-01T00:00:00Z'), new Date('2024-06-01T00:00:00Z'), 'nl', 6);
    expect(labels(years)).toEqual(['2020', '2021', '2022', '2023', '2024']);
    const months = dateTicks(new Date('2024-01-01T00:00:00Z'), new Date('2024-06-30T00:00:00Z'), 'nl', 6);
    expect(labels(months)).toEqual(['jan 2024', 'feb 2024', 'mrt 2024', 'apr 2024', 'mei 2024', 'jun 2024']);
  });
});

function series(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    label: `Fase ${i + 1} met een langere naam`,
    values: Float64Array.from({ length: 20 }, (_, d) => 1000 * (i + 1) + d * 37.5),
  }));
}

const heightOf = (svg: string) => Number(/height="([\d.]+)"/.exec(svg)![1]);

describe('lineChart', () => {
  it('is an image with a title and description, draws each series with its own dash, and nice ticks', () => {
    const svg = lineChart({
      title: 'Voorraad <per> fase',
      description: 'Beschrijving & meer',
      lang: 'nl',
      x: { dates: Array.from({ length: 20 }, (_, d) => `2024-01-${String(d + 1).padStart(2, '0')}`) },
      series: series(3),
    }).html;
    expect(svg).toMatch(/^<svg role="img" aria-labelledby="t-voorraad-per-fase d-voorraad-per-fase"/);
    expect(svg).toContain('<title id="t-voorraad-per-fase">Voorraad &lt;per&gt; fase</title>');
    expect(svg).toContain('<desc id="d-voorraad-per-fase">Beschrijving &amp; meer</desc>');
    const lines = [
      ...svg.matchAll(
        /<path class="line"[^>]*stroke="(#[0-9a-f]+)"(?: stroke-width="2")?(?: stroke-dasharray="([^"]+)")?/g,
      ),
    ];
    expect(lines.map((m) => m[1])).toEqual(SERIES_COLORS.slice(0, 3));
    expect(lines.map((m) => m[2])).toEqual([undefined, SERIES_DASHES[1], SERIES_DASHES[2]]);
    // The y axis runs from 0 to the nice maximum above 3,712.5 in Dutch numbers.
    expect(svg).toContain('>4.000</text>');
    expect(svg).not.toContain('k</text>');
  });

  it('wraps a legend of 8 series onto more rows, growing the drawing instead of spilling out of it', () => {
    const input = {
      title: 't',
      description: 'd',
      lang: 'nl' as const,
      x: { labels: Array.from({ length: 20 }, (_, i) => `w${i}`) },
    };
    const two = lineChart({ ...input, series: series(2) }).html;
    const eight = lineChart({ ...input, series: series(8) }).html;
    expect(heightOf(eight)).toBeGreaterThan(heightOf(two) + 2 * 18 - 1);
    const ys = [...eight.matchAll(/class="legend-item" transform="translate\(([\d.]+),([\d.]+)\)"/g)].map((m) => [
      Number(m[1]),
      Number(m[2]),
    ]);
    expect(ys).toHaveLength(8);
    expect(new Set(ys.map((p) => p[1])).size).toBeGreaterThan(2);
    for (const [, y] of ys) expect(y).toBeLessThan(heightOf(eight));
  });

  it('breaks a line at missing values and draws bands as closed shapes', () => {
    const svg = lineChart({
      title: 'fan',
      description: 'd',
      lang: 'en',
      x: { labels: ['a', 'b', 'c', 'd'] },
      series: [
        { label: 'observed', values: [1, 2, NaN, NaN] },
        {
          label: 'forecast',
          values: [NaN, 2, 3, 4],
          bands: [{ label: '95% interval', low: [NaN, NaN, 2, 3], high: [NaN, NaN, 4, 5] }],
        },
      ],
    }).html;
    expect(svg).toMatch(/<path class="band" d="M[^"]*Z"/);
    expect(svg).toContain('95% interval');
  });
});

describe('barChart', () => {
  it('writes each value beside its bar in the locale, bars left of zero for negatives', () => {
    const svg = barChart({
      title: 'b',
      description: 'd',
      lang: 'nl',
      bars: [
        { label: 'opvang', value: 1_234_567 },
        { label: 'besparing', value: -250_000 },
      ],
    }).html;
    expect(svg).toContain('>1,2 mln</text>');
    expect(svg).toContain('>−250.000</text>');
    expect(svg).toContain('<title>besparing: −250.000</title>');
  });
});

describe('series colours', () => {
  const luminance = (hex: string) => {
    const [r, g, b] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };

  it('have at least 4.5:1 contrast against white, and as many distinct dash patterns as colours', () => {
    for (const c of SERIES_COLORS) expect(1.05 / (luminance(c) + 0.05)).toBeGreaterThanOrEqual(4.5);
    expect(new Set(SERIES_DASHES).size).toBe(SERIES_COLORS.length);
    expect(new Set(SERIES_COLORS).size).toBe(SERIES_COLORS.length);
  });
});
