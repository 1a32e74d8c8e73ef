// The forecast report in a real browser: it renders, makes no network request, shows a table beside every
// chart, and has no accessibility violations (axe).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli, tempDir } from '../helpers.ts';
import { chromiumForTests, openFile } from './chromium.ts';

describe('forecast report in Chromium', () => {
  const browser = chromiumForTests();

  it('renders fan charts with tables, self-contained, with zero axe violations', async () => {
    const dir = tempDir();
    const report = join(dir, 'report.html');
    const { code } = await runCli([
      'forecast',
      join(repoRoot, 'data/asylum_applicants_monthly_nl_de_2012_2019.csv'),
      '--horizon',
      '12',
      '--out',
      join(dir, 'fc'),
      '--report',
      report,
      '--quiet',
    ]);
    expect(code).toBe(0);
    // Nothing to fetch: no external scripts, stylesheets, images or fonts (the SVG namespace is only a name).
    expect(readFileSync(report, 'utf8')).not.toMatch(
      /<script[^>]+src=|<link[^>]+href=|(src|href)="https?:|url\(\s*['"]?https?:/,
    );

    const { page, foreignRequests } = await openFile(browser(), report);
    // Dutch by default, the next month's forecast of each series with its interval before any table.
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('.summary li').allTextContents()).toEqual([
      expect.stringMatching(
        /^NL: verwacht voor 2019-05 [\d.]+ \[[\d.,]+ … [\d.]+, 95%-interval\]; laatst waargenomen \(2019-04\)/,
      ),
      expect.stringMatching(/^DE: verwacht voor 2019-05 /),
    ]);
    const charts = await page.locator('svg').count();
    expect(charts).toBeGreaterThanOrEqual(2); // NL and DE
    expect(await page.locator('table').count()).toBeGreaterThanOrEqual(charts);
    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(foreignRequests).toEqual([]);
    await page.close();
  });
});
