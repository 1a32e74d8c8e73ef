// The chart module in a real browser: a line chart with 8 series (long labels) wraps its legend onto several rows,
// and every legend entry lies inside the drawing; the tick labels on 0–37,500 read 0, 10.000, 20.000, 30.000 in nl;
// the page of charts has zero axe violations.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { barChart, lineChart } from '../../src/report/chart.ts';
import { chartWithTable, reportPage, section } from '../../src/report/page.ts';
import { text } from '../../src/core/locale.ts';
import { declaredTableHtml } from '../../src/report/table.ts';
import { FORMAT, type TableDecl } from '../../src/results/table.ts';
import { tempDir } from '../helpers.ts';
import { chromiumForTests, openFile } from './chromium.ts';

describe('charts in Chromium', () => {
  const browser = chromiumForTests();

  it('keeps a legend of 8 series inside its drawing, on more than one row, with Dutch ticks and no axe violation', async () => {
    const days = Array.from({ length: 60 }, (_, d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
    const series = Array.from({ length: 8 }, (_, i) => ({
      label: `Fase ${i + 1}: ${['Aanmelding', 'Algemene asielprocedure', 'Verlengde procedure', 'Opvang COA', 'Huisvesting gemeente', 'Terugkeer', 'Dublinprocedure', 'Nareis'][i]}`,
      values: Float64Array.from({ length: 60 }, (_, d) => Math.min(37_500, 4_700 * (i + 1) + d * 10)),
    }));
    const chart = lineChart({
      title: 'Personen per fase',
      description: 'Acht fasen over zestig dagen.',
      lang: 'nl',
      x: { dates: days },
      series,
      yLabel: 'personen',
    });
    const bars = barChart({
      title: 'Wachtenden',
      description: 'Staven met hun getal.',
      lang: 'nl',
      bars: series.map((s, i) => ({ label: s.label, value: 1000 * i - 2000, style: i })),
      legend: series.map((s, i) => ({ label: s.label, style: i })),
    });
    const lastDay: TableDecl<(typeof series)[number]> = {
      id: 'last-day',
      title: text('Personen op de laatste dag', 'Persons on the last day'),
      columns: [
        { key: 'stage', label: text('fase', 'stage'), format: FORMAT.text, value: (s) => s.label },
        { key: 'persons', label: text('personen', 'persons'), format: FORMAT.count, value: (s) => s.values[59] },
      ],
    };
    const table = declaredTableHtml(lastDay, series, 'nl');
    const page0 = reportPage({
      lang: 'nl',
      title: 'Grafieken',
      summary: ['Acht reeksen.'],
      sections: [
        section('Lijnen', chartWithTable(chart, 'Acht fasen.', table)),
        section('Staven', chartWithTable(bars, 'Staven.', table)),
      ],
    });
    const file = join(tempDir(), 'charts.html');
    writeFileSync(file, page0);
    const { page, foreignRequests } = await openFile(browser(), file);
    const svgs = await page.locator('figure svg').all();
    expect(svgs).toHaveLength(2);
    for (const svg of svgs) {
      const box = (await svg.boundingBox())!;
      const items = await svg.locator('.legend-item').all();
      expect(items).toHaveLength(8);
      const rows = new Set<number>();
      for (const item of items) {
        const b = (await item.boundingBox())!;
        rows.add(Math.round(b.y));
        expect(b.x).toBeGreaterThanOrEqual(box.x);
        expect(b.y).toBeGreaterThanOrEqual(box.y);
        expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
        expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height);
      }
      expect(rows.size).toBeGreaterThan(1);
    }
    // The vertical axis: 0 to the nice 40.000 above 37,500, in Dutch numbers.
    const ticks = await svgs[0].locator('text[text-anchor="end"]').allTextContents();
    expect(ticks).toEqual(['0', '10.000', '20.000', '30.000', '40.000']);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
