// The choropleth and centroids on the CBS 2026 municipality and province boundaries (the shipped data/): one titled
// path per feature inside the view box, legend classes that cover the values and colour each path by its class,
// the hatched style for areas without a value, centroids of known cities, and quantile breaks.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEQUENTIAL_PALETTE, centroids, choroplethSvg, featureNames, quantileBreaks } from '../../src/report/map.ts';
import { repoRoot } from '../helpers.ts';

const shippedData = join(repoRoot, 'data');
const municipalities: unknown = JSON.parse(readFileSync(join(shippedData, 'nl_municipalities.topojson'), 'utf8'));
const provinces: unknown = JSON.parse(readFileSync(join(shippedData, 'nl_provinces.topojson'), 'utf8'));

/** A value per municipality that differs between them: the number in its code (GM0363 → 363). */
function codeValues(): Map<string, number> {
  return new Map(
    [...featureNames(municipalities, 'gemeente_2026').keys()].map((code) => [code, Number(code.slice(2))]),
  );
}

interface DrawnPath {
  code: string;
  fill: string;
  title: string;
  missing: boolean;
  d: string;
}

function paths(svg: string): DrawnPath[] {
  return [
    ...svg.matchAll(
      /<path d="([^"]*)" fill="([^"]*)" data-code="([^"]*)"( data-missing="true")?><title>([^<]*)<\/title><\/path>/g,
    ),
  ].map((m) => ({ d: m[1], fill: m[2], code: m[3], missing: m[4] !== undefined, title: m[5] }));
}

function legendClasses(svg: string): { from: number; to: number; color: string; label: string }[] {
  return [
    ...svg.matchAll(
      /<g class="legend-class" data-from="([^"]*)" data-to="([^"]*)"[^>]*><rect [^>]*fill="([^"]*)"[^>]*\/><text[^>]*>([^<]*)<\/text><\/g>/g,
    ),
  ].map((m) => ({ from: Number(m[1]), to: Number(m[2]), color: m[3], label: m[4] }));
}

function viewBox(svg: string): { width: number; height: number } {
  const m = /viewBox="0 0 (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)"/.exec(svg);
  if (!m) throw new Error('no viewBox');
  return { width: Number(m[1]), height: Number(m[2]) };
}

function points(d: string): [number, number][] {
  return [...d.matchAll(/(-?\d+(?:\.\d+)?),(-?\d+(?:\.\d+)?)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function relativeLuminance(hex: string): number {
  const [r, g, b] = [1, 3, 5]
    .map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

describe('choroplethSvg', () => {
  const values = codeValues();
  const svg = choroplethSvg(municipalities, 'gemeente_2026', values, {
    title: 'Code number per municipality',
    lang: 'en',
    unit: 'units',
  });

  it('draws one path per municipality (342) and per province (12), each once, all inside the view box', () => {
    const drawn = paths(svg);
    expect(drawn).toHaveLength(342);
    expect(new Set(drawn.map((p) => p.code)).size).toBe(342);
    const provinceSvg = choroplethSvg(provinces, 'provincie_2026', new Map([['PV27', 1]]), { title: 'Provinces' });
    expect(
      paths(provinceSvg)
        .map((p) => p.code)
        .sort(),
    ).toEqual(['PV20', 'PV21', 'PV22', 'PV23', 'PV24', 'PV25', 'PV26', 'PV27', 'PV28', 'PV29', 'PV30', 'PV31']);
    const box = viewBox(svg);
    const all = drawn.flatMap((p) => points(p.d));
    expect(Math.min(...all.map((p) => p[0]))).toBeGreaterThanOrEqual(-0.5);
    expect(Math.min(...all.map((p) => p[1]))).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...all.map((p) => p[1]))).toBeLessThanOrEqual(box.height + 0.5);
    // The map fills its area: the Netherlands is taller than wide (about 1.2 : 1 in an equal-area projection).
    const mapWidth = Math.max(...all.map((p) => p[0]));
    const mapHeight = Math.max(...all.map((p) => p[1]));
    expect(mapHeight / mapWidth).toBeGreaterThan(1.05);
    expect(mapHeight / mapWidth).toBeLessThan(1.35);
  });

  it('is an image with a title and description, and keeps path data to one decimal and the file under 250 kB', () => {
    expect(svg).toMatch(
      /^<svg role="img" aria-labelledby="t-code-number-per-municipality d-code-number-per-municipality"/,
    );
    expect(svg).toContain('<title id="t-code-number-per-municipality">Code number per municipality</title>');
    expect(svg).toMatch(
      /<desc id="d-code-number-per-municipality">Map of 342 areas coloured by units; the table beside it holds the numbers\. 5 quantile classes from 14 units to 1,992 units/,
    );
    expect(paths(svg).every((p) => !/\d\.\d\d/.test(p.d))).toBe(true);
    expect(Buffer.byteLength(svg)).toBeLessThan(250_000);
  });

  it("gives every area's title its name, value and unit", () => {
    const amsterdam = paths(svg).find((p) => p.code === 'GM0363');
    expect(amsterdam?.title).toBe('Amsterdam: 363 units');
    const withPopulation = choroplethSvg(
      municipalities,
      'gemeente_2026',
      new Map([
        ['GM0363', 931298],
        ['GM0014', 243768.5],
      ]),
      { title: 'Population', unit: 'persons', digits: 1, lang: 'en' },
    );
    expect(paths(withPopulation).find((p) => p.code === 'GM0363')?.title).toBe('Amsterdam: 931,298.0 persons');
    expect(paths(withPopulation).find((p) => p.code === 'GM0014')?.title).toBe('Groningen: 243,768.5 persons');
  });

  it('has legend classes that run from the minimum to the maximum without gaps and colour each area by its class', () => {
    const classes = legendClasses(svg);
    const all = [...values.values()];
    expect(classes).toHaveLength(5);
    expect(classes[0].from).toBe(Math.min(...all));
    expect(classes[4].to).toBe(Math.max(...all));
    for (let k = 1; k < classes.length; k++) expect(classes[k].from).toBe(classes[k - 1].to);
    expect(classes.map((c) => c.color)).toEqual(SEQUENTIAL_PALETTE);
    expect(classes[0].label).toMatch(/^14 to under [\d,]+ \(\d+\)$/);
    expect(classes[4].label).toMatch(/^[\d,]+ to 1,992 \(\d+\)$/);
    const counted = classes.reduce((a, c) => a + Number(/\((\d+)\)$/.exec(c.label)![1]), 0);
    expect(counted).toBe(342);
    for (const p of paths(svg)) {
      const v = values.get(p.code)!;
      const k = classes.findIndex((c, i) => v >= c.from && (i === classes.length - 1 ? v <= c.to : v < c.to));
      expect(p.fill, p.code).toBe(classes[k].color);
    }
  });

  it('draws an area without a value hatched, says so in its title and lists it in the legend', () => {
    const some = codeValues();
    some.delete('GM0014');
    some.set('GM0363', NaN);
    const hatched = choroplethSvg(municipalities, 'gemeente_2026', some, {
      title: 'With gaps',
      unit: 'units',
      missingLabel: 'not allocated',
    });
    const missing = paths(hatched).filter((p) => p.missing);
    expect(missing.map((p) => p.code).sort()).toEqual(['GM0014', 'GM0363']);
    expect(missing.every((p) => p.fill === 'url(#hatch-with-gaps)')).toBe(true);
    expect(missing.find((p) => p.code === 'GM0014')?.title).toBe('Groningen: not allocated');
    expect(hatched).toContain('<pattern id="hatch-with-gaps"');
    const legend = /<g class="legend-missing"[^>]*><rect [^>]*fill="url\(#hatch-with-gaps\)"[^>]*\/>(.*?)<\/g>/.exec(
      hatched,
    );
    expect(legend).not.toBeNull();
    expect([...legend![1].matchAll(/>([^<]+)<\/text>/g)].map((m) => m[1])).toEqual([
      'not allocated (2)',
      'Groningen',
      'Amsterdam',
    ]);
    expect(legendClasses(hatched).reduce((a, c) => a + Number(/\((\d+)\)$/.exec(c.label)![1]), 0)).toBe(340);
    // Without a missing area there is no missing entry.
    expect(svg).not.toContain('legend-missing');
  });

  it('samples the palette evenly for another number of classes and escapes names', () => {
    const three = choroplethSvg(municipalities, 'gemeente_2026', codeValues(), { title: 'Three', classes: 3 });
    expect(legendClasses(three).map((c) => c.color)).toEqual([
      SEQUENTIAL_PALETTE[0],
      SEQUENTIAL_PALETTE[2],
      SEQUENTIAL_PALETTE[4],
    ]);
    const square = tinyTopology(
      [
        [5, 52],
        [5, 53],
        [6, 53],
        [6, 52],
        [5, 52],
      ],
      'A & <B>',
    );
    expect(choroplethSvg(square, 'areas', new Map([['X1', 2]]), { title: 'Tiny' })).toContain(
      '<title>A &amp; &lt;B&gt;: 2</title>',
    );
  });

  it('draws a polygon the same whichever way its ring is wound', () => {
    const clockwise = choroplethSvg(
      tinyTopology(
        [
          [5, 52],
          [5, 53],
          [6, 53],
          [6, 52],
          [5, 52],
        ],
        'Square',
      ),
      'areas',
      new Map([['X1', 1]]),
      { title: 'Square' },
    );
    const anticlockwise = choroplethSvg(
      tinyTopology(
        [
          [5, 52],
          [6, 52],
          [6, 53],
          [5, 53],
          [5, 52],
        ],
        'Square',
      ),
      'areas',
      new Map([['X1', 1]]),
      { title: 'Square' },
    );
    const sorted = (s: string) =>
      points(paths(s)[0].d)
        .map((p) => p.join(','))
        .sort();
    expect(sorted(anticlockwise)).toEqual(sorted(clockwise));
    const box = viewBox(clockwise);
    expect(points(paths(clockwise)[0].d).every(([x, y]) => x >= -0.5 && y >= -0.5 && y <= box.height + 0.5)).toBe(true);
  });

  it('rejects a missing object, naming the ones there are', () => {
    expect(() => choroplethSvg(municipalities, 'gemeente_2025', new Map(), { title: 'x' })).toThrow(
      'the topology has no GeometryCollection "gemeente_2025" (objects: gemeente_2026)',
    );
    expect(() => centroids({ type: 'FeatureCollection' }, 'x')).toThrow('not a TopoJSON Topology');
  });
});

/** A topology with one polygon (code X1) whose ring is given in coordinates, without quantisation. */
function tinyTopology(ring: number[][], name: string): unknown {
  return {
    type: 'Topology',
    arcs: [ring],
    objects: {
      areas: {
        type: 'GeometryCollection',
        geometries: [{ type: 'Polygon', arcs: [[0]], properties: { statcode: 'X1', statnaam: name } }],
      },
    },
  };
}

describe('choroplethSvg in Dutch (the default)', () => {
  it('writes values, legend and description with Dutch numbers and words', () => {
    const svg = choroplethSvg(
      municipalities,
      'gemeente_2026',
      new Map([
        ['GM0363', 931_298],
        ['GM0014', 12.5],
      ]),
      {
        title: 'Inwoners',
        unit: 'personen',
      },
    );
    expect(paths(svg).find((p) => p.code === 'GM0363')?.title).toBe('Amsterdam: 931.298,00 personen');
    expect(paths(svg).find((p) => p.code === 'GM0344')?.title).toBe('Utrecht: geen waarde');
    expect(svg).toMatch(/<desc [^>]*>Kaart van 342 gebieden gekleurd naar personen;/);
    expect(svg).toContain('tot 931.298,00 (1)');
    expect(svg).toContain('geen waarde (340)');
  });
});

describe('the default palette', () => {
  it('has five or more steps, each with at least 3:1 contrast against white, darkening step by step', () => {
    expect(SEQUENTIAL_PALETTE.length).toBeGreaterThanOrEqual(5);
    const luminance = SEQUENTIAL_PALETTE.map(relativeLuminance);
    for (const y of luminance) expect(1.05 / (y + 0.05)).toBeGreaterThanOrEqual(3);
    for (let k = 1; k < luminance.length; k++) expect(luminance[k]).toBeLessThan(luminance[k - 1]);
  });
});

describe('centroids', () => {
  const all = centroids(municipalities, 'gemeente_2026');

  it('puts Amsterdam within 0.1° of (4.9, 52.37) and Groningen within 0.2° of (6.6, 53.2)', () => {
    expect(all.size).toBe(342);
    const amsterdam = all.get('GM0363')!;
    expect(amsterdam.name).toBe('Amsterdam');
    expect(Math.abs(amsterdam.lon - 4.9)).toBeLessThan(0.1);
    expect(Math.abs(amsterdam.lat - 52.37)).toBeLessThan(0.1);
    const groningen = all.get('GM0014')!;
    expect(groningen.name).toBe('Groningen');
    expect(Math.abs(groningen.lon - 6.6)).toBeLessThan(0.2);
    expect(Math.abs(groningen.lat - 53.2)).toBeLessThan(0.2);
  });

  it('keeps every centroid inside the bounding box of the Netherlands, and works for provinces', () => {
    for (const c of all.values()) {
      expect(c.lon).toBeGreaterThan(3.3);
      expect(c.lon).toBeLessThan(7.3);
      expect(c.lat).toBeGreaterThan(50.7);
      expect(c.lat).toBeLessThan(53.6);
    }
    const utrecht = centroids(provinces, 'provincie_2026').get('PV26')!;
    expect(utrecht.name).toBe('Utrecht');
    expect(Math.abs(utrecht.lon - 5.2)).toBeLessThan(0.2);
    expect(Math.abs(utrecht.lat - 52.08)).toBeLessThan(0.15);
  });
});

describe('quantileBreaks', () => {
  it('rounds the quantiles to two significant digits and keeps them inside (min, max]', () => {
    expect(
      quantileBreaks(
        Array.from({ length: 100 }, (_, i) => i + 1),
        5,
      ),
    ).toEqual([21, 41, 60, 80]);
    expect(quantileBreaks([929, 12_345, 23_456, 45_678, 931_298], 2)).toEqual([23_000]);
    expect(quantileBreaks([0.0112, 0.0234, 0.0456], 2)).toEqual([0.023]);
  });

  it('gives fewer breaks for ties and none for a single value or no finite values', () => {
    expect(quantileBreaks([0, 0, 0, 0, 10], 5)).toEqual([2]);
    expect(quantileBreaks([7, 7, 7], 5)).toEqual([]);
    expect(quantileBreaks([NaN, Infinity], 5)).toEqual([]);
  });
});
