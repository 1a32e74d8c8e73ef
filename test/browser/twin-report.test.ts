// The twin report in a real browser, on the filling model (test/twin/fixtures.ts): the summary for the coordination
// table says what breaks when and what to decide by when, most urgent first, with the warm start's counts; every
// fan chart has its table beside it and its legend inside its drawing; no request leaves the page; zero axe
// violations — in Dutch and in English.
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { describe, expect, it } from 'vitest';
import { twinReportHtml } from '../../src/report/twin-report.ts';
import { adviseDraaiboek } from '../../src/twin/draaiboek.ts';
import { projectTwin } from '../../src/twin/project.ts';
import { SCRIPTS_OR_FETCHES, tempDir } from '../helpers.ts';
import { FILLING_RULES, FILLING_WARM_START, fillingModel } from '../twin/fixtures.ts';
import { chromiumForTests, expectLegendsInside, openFile } from './chromium.ts';

describe('twin report in Chromium', async () => {
  const browser = chromiumForTests();
  const loaded = fillingModel(FILLING_RULES);
  const projection = await projectTwin(loaded, { weeks: 4, replications: 40, workers: 1 });
  const advice = await adviseDraaiboek(loaded, projection, { replications: 20, workers: 1 });
  const input = { projection, advice, warmStart: FILLING_WARM_START };

  it('summarises what breaks when and what to decide by when, with fan charts and tables, and zero axe violations', async () => {
    const dir = tempDir();
    const report = join(dir, 'twin.html');
    const html = twinReportHtml(input, { model: loaded.model });
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
    writeFileSync(report, html);

    const { page, foreignRequests } = await openFile(browser(), report);
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
    expect(await page.locator('h2').allTextContents()).toEqual([
      'Samenvatting',
      'Projectie',
      'Grenzen',
      'Draaiboek',
      'Warme start',
    ]);
    const summary = await page.locator('.summary li').allTextContents();
    expect(summary[0]).toMatch(/^Op 1 december 2026 staan 40 zaken open \(40 personen\)/);
    // What breaks when: the norm in week 2, the azc and persons without a bed in week 3.
    expect(summary.slice(1, 4)).toEqual([
      'zaken over de termijn: term: 50% en 90% kans in de week van 8 december 2026.',
      'reguliere opvang vol: 50% en 90% kans in de week van 15 december 2026.',
      'mensen zonder bed: 50% en 90% kans in de week van 15 december 2026.',
    ]);
    // What to decide by when: too late first, then by the latest safe date.
    const decisions = summary.slice(4);
    expect(decisions[0]).toMatch(
      /^tent-slow: te laat om mensen zonder bed met 90% kans te voorkomen: vandaag besloten werkt de regel vanaf 22 december 2026, maar de kans is vanaf 15 december 2026 al 10% of meer\. Vandaag besloten dalen de verwachte persoonsdagen zonder bed van [\d.]+ naar [\d.]+\.$/,
    );
    expect(decisions[1]).toMatch(/^more-staff: besluit uiterlijk 8 december 2026 \(doorlooptijd 0 dagen\)/);
    expect(decisions[2]).toMatch(
      /^Tent openen \(snel\): besluit uiterlijk 12 december 2026 \(doorlooptijd 3 dagen\) om mensen zonder bed met 90% kans te voorkomen\. Vandaag besloten dalen de verwachte persoonsdagen zonder bed van [\d.]+ naar 0, op de uiterste datum naar 0\.$/,
    );
    expect(decisions[3]).toBe('Geen besluit nodig binnen de horizon: close-azc (helpt niet tegen een grens).');

    // A fan chart per measure that is not zero throughout, each with its table; the breach probability chart.
    const figures = await page.locator('figure').count();
    expect(figures).toBe(5); // waiting, regular reception, without a bed, past the norm; breach probability
    expect(await page.locator('.pair > figure + table').count()).toBe(figures);
    // The regular reception's chart draws its beds as a line, and its bands.
    const regular = page.locator('svg#fan-reception-regular, svg:has(title:text("In reguliere opvang"))').first();
    expect(await regular.locator('path.band').count()).toBe(2);
    expect(await regular.locator('.legend-item').allTextContents()).toEqual([
      'mediaan',
      'bedden',
      '90%-band (P5–P95)',
      '50%-band (P25–P75)',
    ]);
    await expectLegendsInside(page);
    const screenshot = join(dir, 'twin.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(50_000);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
    expect(foreignRequests).toEqual([]);
  });

  it('writes English with lang en', async () => {
    const dir = tempDir();
    const report = join(dir, 'twin-en.html');
    writeFileSync(report, twinReportHtml(input, { model: loaded.model, lang: 'en' }));
    const { page } = await openFile(browser(), report);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const summary = await page.locator('.summary li').allTextContents();
    expect(summary[0]).toMatch(/^On 1 December 2026 there are 40 open cases \(40 persons\)/);
    expect(summary.some((s) => s.startsWith('Tent openen (snel): decide by 12 December 2026'))).toBe(true);
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  });
});
