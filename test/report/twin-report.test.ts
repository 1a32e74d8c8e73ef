// The twin report's summary as plain text for a terminal: the report's summary lines without markup, with the
// model's labels as written (an ampersand stays an ampersand), most urgent decision first.
import { describe, expect, it } from 'vitest';
import { twinReportHtml, twinSummaryText } from '../../src/report/twin-report.ts';
import { adviseDraaiboek } from '../../src/twin/draaiboek.ts';
import { projectTwin } from '../../src/twin/project.ts';
import { FILLING_RULES, FILLING_WARM_START, fillingModel, fillingModelYaml } from '../twin/fixtures.ts';
import { modelFromYaml } from '../helpers.ts';

describe('twin summary text', async () => {
  const loaded = fillingModel(FILLING_RULES.replace('Tent openen (snel)', 'Tent & bedden <snel>'));
  const projection = await projectTwin(loaded, { weeks: 4, replications: 12, workers: 1 });
  const advice = await adviseDraaiboek(loaded, projection, { replications: 6, workers: 1 });
  const input = { projection, advice, warmStart: FILLING_WARM_START };

  it('gives the report summary without markup, labels as the model writes them', () => {
    const lines = twinSummaryText(input, { model: loaded.model });
    expect(lines[0]).toBe(
      'Op 1 december 2026 staan 40 zaken open (40 personen); 1.210 zaken in het log zijn afgesloten. 17 gebeurtenissen na de peildatum zijn genegeerd.',
    );
    expect(lines.find((l) => l.startsWith('Tent & bedden <snel>: besluit uiterlijk 12 december 2026'))).toBeDefined();
    // The HTML escapes the same label.
    expect(twinReportHtml(input, { model: loaded.model })).toContain('Tent &amp; bedden &lt;snel&gt;');
  });

  it('writes English with lang en', () => {
    const lines = twinSummaryText(input, { model: loaded.model, lang: 'en' });
    expect(lines[1]).toBe('cases past the deadline: term: 50% and 90% chance in the week of 8 December 2026.');
  });

  it('says a limit passed already at the as-of date, with how far past it the first week ends', async () => {
    // The 40 open cases arrived 30 days before the as-of date under a 10-day norm: all past it from the start.
    const late = modelFromYaml(fillingModelYaml().replace('days: 3 }', 'days: 30 }'));
    const p = await projectTwin(late, { weeks: 2, replications: 4, workers: 1 });
    expect(twinSummaryText({ projection: p, advice: [] })).toContain(
      'zaken over de termijn: term: nu al, op de peildatum. Eind week 1 (mediaan): 40 zaken.',
    );
  });
});
