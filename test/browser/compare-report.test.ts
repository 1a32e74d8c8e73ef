// The comparison report in a real browser: the 2015 playbook against nl-2014-2017 — charts of reception and
// backlog with bands, lead times against norms, the MKBA and the playbook timeline, each with a table; no
// request leaves the page; zero axe violations.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli, tempDir, SCRIPTS_OR_FETCHES } from '../helpers.ts';
import { chromiumForTests, openFile } from './chromium.ts';

describe('comparison report in Chromium', () => {
  const browser = chromiumForTests();

  it('shows every chart with a table, makes no request and has zero axe violations', async () => {
    const dir = tempDir();
    const report = join(dir, 'compare.html');
    const { code, stderr } = await runCli([
      'compare',
      join(examplesDir, 'nl-2014-2017.yaml'),
      '--with',
      join(examplesDir, 'measures-2015/emergency-playbook.yaml'),
      '-r',
      '2',
      '-w',
      '2',
      '--horizon-days',
      '1100',
      '--report',
      report,
      '-q',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);

    const { page, foreignRequests } = await openFile(browser(), report);
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toEqual(
      expect.arrayContaining([
        'Samenvatting',
        'Verschillen met de basis',
        'Personen in de opvang of zonder bed',
        'Achterstand: wachtende personen in alle fasen',
        'Doorlooptijden tegenover de normen',
        'MKBA: emergency-playbook',
        'Draaiboekacties',
      ]),
    );
    // Dutch by default, with a summary of the headline differences and their intervals before any table.
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('.summary li').first().textContent()).toMatch(
      /^emergency-playbook tegenover de basis: .+ \[.+ … .+\]/,
    );
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('<table>'));
    const figures = await page.locator('figure').count();
    expect(figures).toBeGreaterThanOrEqual(5);
    // Every figure sits beside a table with the same numbers.
    expect(await page.locator('.pair > figure + table').count()).toBe(figures);
    expect(await page.locator('text=open-3000').count()).toBeGreaterThan(0);
    const screenshot = join(dir, 'compare.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
