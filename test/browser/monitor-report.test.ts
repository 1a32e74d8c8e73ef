// The monitor report in a real browser, on a simulator trace of nl-baseline: lead times, stock over time, norms
// with the breach outlook and bottlenecks as charts, each with a table beside it; no request leaves the page;
// zero axe violations.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { examplesDir, runCli, tempDir, SCRIPTS_OR_FETCHES } from '../helpers.ts';
import { chromiumForTests, expectLegendsInside, openFile } from './chromium.ts';

describe('monitor report in Chromium', () => {
  const browser = chromiumForTests();

  it('shows every chart with a table, makes no request and has zero axe violations', async () => {
    const dir = tempDir();
    const trace = join(dir, 'trace.csv');
    const model = join(examplesDir, 'nl-baseline.yaml');
    expect(
      (await runCli(['simulate', model, '-r', '1', '-w', '1', '--horizon-days', '120', '--trace', trace, '-q'])).code,
    ).toBe(0);
    const report = join(dir, 'monitor.html');
    const { code, stderr } = await runCli([
      'monitor',
      trace,
      '--model',
      model,
      '--from',
      '2023-02-01',
      '--report',
      report,
      '-q',
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
    // Aggregates only: no case pseudonym of the trace appears in the report.
    const someCase = readFileSync(trace, 'utf8').split('\n')[1].split(',')[1];
    expect(html).not.toContain(someCase);

    const { page, foreignRequests } = await openFile(browser(), report);
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toEqual([
      'Samenvatting',
      'Doorlooptijden per fase',
      'Van aankomst tot uitstroom',
      'Voorraad per fase in de tijd',
      'Normen en de verwachte overschrijdingen',
      'Knelpunten',
      'Open zaken aan het eind van het venster',
      'Verhuizingen en statushouders',
    ]);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    const summary = await page.locator('.summary li').allTextContents();
    expect(summary[0]).toMatch(/^Slechtst gehaalde norm: /);
    expect(summary[1]).toMatch(/^Grootste knelpunt: .* van alle wachtdagen/);
    // Every legend lies inside its drawing.
    await expectLegendsInside(page);
    const figures = await page.locator('figure').count();
    expect(figures).toBe(4);
    expect(await page.locator('.pair > figure + table').count()).toBe(figures);
    const screenshot = join(dir, 'monitor.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });
});
