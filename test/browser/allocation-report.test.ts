// The allocation report in a real browser, on the 342 municipalities with their CBS population (the shipped data/):
// both maps render with a path per area beside a table of the same numbers, no request leaves the page, the
// layout keeps figures and tables apart, and axe finds zero violations.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/locale.ts';
import { type AllocationRow, allocationReportHtml } from '../../src/report/allocation-report.ts';
import { FORMAT } from '../../src/results/table.ts';
import { repoRoot, tempDir, SCRIPTS_OR_FETCHES } from '../helpers.ts';
import { chromiumForTests, openFile } from './chromium.ts';

const shippedData = join(repoRoot, 'data');

/** nl_municipalities.csv: a `#` source line, a header, then rows; a quoted field may hold a comma. */
function populationRows(): AllocationRow[] {
  const lines = readFileSync(join(shippedData, 'nl_municipalities.csv'), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));
  expect(lines[0]).toBe('cbs_code,name,province_code,province_name,population');
  return lines.slice(1).map((line) => {
    const [code, name, , province, population] = line
      .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
      .map((f) => f.replace(/^"|"$/g, ''));
    return { code, name, province, value: Number(population) };
  });
}

describe('allocation report in Chromium', () => {
  const browser = chromiumForTests();

  it('shows both maps beside their tables, makes no request and has zero axe violations', async () => {
    const rows = populationRows();
    expect(rows).toHaveLength(342);
    expect(rows.find((r) => r.code === 'GM0820')?.name).toBe('Nuenen, Gerwen en Nederwetten');
    const total = rows.reduce((a, r) => a + r.value, 0);
    expect(total).toBe(17_942_942);
    const html = allocationReportHtml({
      title: 'Population per municipality, 1 January 2024',
      intro: 'Population on 1 January 2024 (CBS StatLine 70072NED) on the municipal division of 2026.',
      level: 'municipality',
      topology: JSON.parse(readFileSync(join(shippedData, 'nl_municipalities.topojson'), 'utf8')),
      objectName: 'gemeente_2026',
      provinceTopology: JSON.parse(readFileSync(join(shippedData, 'nl_provinces.topojson'), 'utf8')),
      mapSource: 'Boundaries: CBS/PDOK Gebiedsindelingen 2026, CC BY 4.0.',
      value: { label: 'Population', unit: 'persons' },
      rows,
      columns: [
        { key: 'share', label: text('aandeel', 'share'), format: FORMAT.percent(2), value: (r) => r.value / total },
      ],
      extraSections: [{ heading: 'Sources', html: '<p>CBS StatLine 70072NED; CBS/PDOK boundaries (CC BY 4.0).</p>' }],
    });
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
    const firstSvg = /<svg[\s\S]*?<\/svg>/.exec(html)![0];
    expect(Buffer.byteLength(firstSvg)).toBeLessThan(250_000);
    const dir = tempDir();
    const report = join(dir, 'allocation.html');
    writeFileSync(report, html);

    const { page, foreignRequests } = await openFile(browser(), report);
    // Dutch by default (stated change: the words and numbers of the report around the caller's labels).
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Samenvatting',
      'Population per gemeente',
      'Population per provincie',
      'Sources',
    ]);
    expect(await page.locator('.summary li').first().textContent()).toBe(
      'Totaal: 17.942.942 persons over 342 gemeenten.',
    );
    const figures = page.locator('figure');
    expect(await figures.count()).toBe(2);
    expect(await page.locator('.pair > figure + table').count()).toBe(2);
    expect(await figures.nth(0).locator('svg path').count()).toBe(342);
    expect(await figures.nth(1).locator('svg path').count()).toBe(12);
    expect(await page.locator('[data-missing]').count()).toBe(0);
    // Every map has been laid out at its size, and its table does not overlap it.
    for (let i = 0; i < 2; i++) {
      const svgBox = (await figures.nth(i).locator('svg').boundingBox())!;
      expect(svgBox.width).toBeGreaterThan(600);
      expect(svgBox.height).toBeGreaterThan(500);
      const figureBox = (await figures.nth(i).boundingBox())!;
      const tableBox = (await page.locator('.pair > table').nth(i).boundingBox())!;
      expect(tableBox.x >= figureBox.x + figureBox.width || tableBox.y >= figureBox.y + figureBox.height).toBe(true);
    }
    // The same numbers in the map's hover titles and in the tables.
    expect(await page.locator('path[data-code="GM0363"] > title').textContent()).toBe('Amsterdam: 931.298 persons');
    const municipalityTable = page.locator('table').nth(0);
    expect(await municipalityTable.locator('tbody tr').count()).toBe(342);
    expect(await municipalityTable.locator('tbody tr', { hasText: 'GM0363' }).locator('td').allTextContents()).toEqual([
      'GM0363',
      'Noord-Holland',
      '931.298',
      '5,19%',
    ]);
    const northHolland = rows.filter((r) => r.province === 'Noord-Holland').reduce((a, r) => a + r.value, 0);
    const northHollandText = northHolland.toLocaleString('nl-NL');
    expect(await page.locator('path[data-code="PV27"] > title').textContent()).toBe(
      `Noord-Holland: ${northHollandText} persons`,
    );
    expect(
      await page
        .locator('table')
        .nth(1)
        .locator('tbody tr', { hasText: 'Noord-Holland' })
        .locator('td')
        .allTextContents(),
    ).toEqual(['PV27', '44', northHollandText]);
    expect(await page.locator('table').nth(1).locator('tbody tr').last().locator('td').allTextContents()).toEqual([
      '',
      '342',
      '17.942.942',
    ]);
    // The legends: five classes each, the first from the smallest value, the last to the largest.
    expect(await figures.nth(0).locator('.legend-class').count()).toBe(5);
    expect(await figures.nth(0).locator('.legend-class').first().getAttribute('data-from')).toBe(
      String(Math.min(...rows.map((r) => r.value))),
    );
    expect(await figures.nth(0).locator('.legend-class').last().getAttribute('data-to')).toBe('931298');

    await figures.nth(0).screenshot({ path: join(dir, 'municipalities.png') });
    await figures.nth(1).screenshot({ path: join(dir, 'provinces.png') });
    const screenshot = join(dir, 'allocation.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
