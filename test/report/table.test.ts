// Tables of a report from the declarations in src/results: the declaration's title, labels with units and formats
// in the report's locale (numbers in full), intervals as on the terminal, the first text column as row header,
// `–` for a missing figure, text escaped, and a view that picks columns, rows and a title of its own.
import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/locale.ts';
import { declaredTableHtml, formatFull } from '../../src/report/table.ts';
import { FORMAT, type Interval, type TableDecl, UNIT } from '../../src/results/table.ts';

interface Row {
  stage: string;
  persons: number;
  p90: number;
  cost: number;
  within?: Interval;
}

const TABLE: TableDecl<Row> = {
  id: 'waiting',
  file: 'waiting.csv',
  title: text('Wachtenden <per> fase', 'Waiting <per> stage'),
  columns: [
    { key: 'stage', label: text('fase', 'stage'), format: FORMAT.text, value: (r) => r.stage },
    { key: 'persons', label: text('personen', 'persons'), format: FORMAT.count, value: (r) => r.persons },
    { key: 'p90', label: text('P90', 'P90'), unit: UNIT.days, format: FORMAT.days(1), value: (r) => r.p90 },
    { key: 'cost', label: text('kosten', 'cost'), unit: UNIT.eur, format: FORMAT.euro, value: (r) => r.cost },
    {
      key: 'within',
      label: text('binnen de norm', 'within the norm'),
      format: FORMAT.percent(1),
      interval: true,
      value: (r) => r.within,
    },
    { key: 'id', label: text('id', 'id'), format: FORMAT.text, value: (r) => r.stage, only: 'files' },
  ],
};

const row = (stage: string, persons: number, p90: number, cost: number, within?: Interval): Row => ({
  stage,
  persons,
  p90,
  cost,
  within,
});
const ROWS = [
  row('Aanmelding & registratie', 12_500, 3.25, 2_345_678, { mean: 0.9, low: 0.85, high: 0.95 }),
  row('AA', 1_234_567, NaN, 0),
];

describe('declaredTableHtml', () => {
  it('shows the declaration in Dutch by default style and English on request: title, units, formats in full', () => {
    const nl = declaredTableHtml(TABLE, ROWS, 'nl').html;
    expect(nl).toContain('<caption>Wachtenden &lt;per&gt; fase</caption>');
    expect(nl).toContain(
      '<thead><tr><th scope="col" class="text">fase</th><th scope="col" class="num">personen</th><th scope="col" class="num">P90 (dagen)</th><th scope="col" class="num">kosten (EUR)</th><th scope="col" class="num">binnen de norm</th></tr></thead>',
    );
    // The first text column heads its row; numbers by the column's format, in full (no `2,3 mln`).
    expect(nl).toContain(
      '<tr><th scope="row">Aanmelding &amp; registratie</th><td class="num">12.500</td><td class="num">3,3</td><td class="num">€ 2.345.678</td><td class="num">90,0% [85,0%–95,0%]</td></tr>',
    );
    // A missing figure is a dash, as on the terminal; a files-only column is not shown.
    expect(nl).toContain(
      '<td class="num">1.234.567</td><td class="num">–</td><td class="num">€ 0</td><td class="num">–</td></tr>',
    );
    expect(nl).not.toContain('>id<');
    const en = declaredTableHtml(TABLE, ROWS, 'en').html;
    expect(en).toContain('<caption>Waiting &lt;per&gt; stage</caption>');
    expect(en).toContain('<td class="num">12,500</td><td class="num">3.3</td><td class="num">€2,345,678</td>');
  });

  it('shows an interval of a change as mean [low … high], as the terminal does', () => {
    const change: TableDecl<Interval> = {
      id: 'change',
      title: text('Verschil', 'Difference'),
      columns: [
        { key: 'what', label: text('wat', 'what'), format: FORMAT.text, value: () => 'wachttijd' },
        {
          key: 'difference',
          label: text('verschil', 'difference'),
          format: { ...FORMAT.days(1), signed: true },
          value: (r) => r,
        },
      ],
    };
    const html = declaredTableHtml(change, [{ mean: -3.74, low: -4.9, high: -2.5 }], 'nl').html;
    expect(html).toContain('<th scope="row">wachttijd</th><td class="num">−3,7 [−4,9 … −2,5]</td>');
  });

  it('shows what a view picks: columns in its order, the first rows, and a title of its own', () => {
    const html = declaredTableHtml(TABLE, ROWS, 'en', {
      columns: ['stage', 'p90'],
      top: 1,
      title: text('Top stage', 'Top stage <1>'),
    }).html;
    expect(html).toBe(
      '<table><caption>Top stage &lt;1&gt;</caption><thead><tr><th scope="col" class="text">stage</th><th scope="col" class="num">P90 (days)</th></tr></thead><tbody><tr><th scope="row">Aanmelding &amp; registratie</th><td class="num">3.3</td></tr></tbody></table>',
    );
  });

  it('heads no row when the first column is a number', () => {
    const html = declaredTableHtml(TABLE, ROWS, 'nl', { columns: ['persons', 'stage'] }).html;
    expect(html).toContain('<tr><td class="num">12.500</td><td class="text">Aanmelding &amp; registratie</td></tr>');
    expect(html).not.toContain('scope="row"');
  });

  it('formats in full, never −0, and NaN as a dash', () => {
    expect(formatFull(17_942_942, 'nl')).toBe('17.942.942');
    expect(formatFull(-0.01, 'nl', 1)).toBe('0,0');
    expect(formatFull(NaN, 'en')).toBe('–');
  });
});
