// The monitor report on the hand-made log of test/monitor: Dutch by default with the worst norm and the biggest
// bottleneck in the summary before any table, stages by the model's labels, English with { lang: 'en' }.
import { describe, expect, it } from 'vitest';
import { monitorReportHtml } from '../../src/report/monitor-report.ts';
import { modelFromYaml, SCRIPTS_OR_FETCHES } from '../helpers.ts';
import { HAND_MODEL, handMonitorResult } from '../monitor/fixtures.ts';

describe('monitorReportHtml', async () => {
  // The hand-made model with labels on its stages and chain norm.
  const labelled = modelFromYaml(
    HAND_MODEL.replace('{ id: intake,', "{ id: intake, label: 'Intake & <registratie>',")
      .replace('  - id: decision\n', "  - id: decision\n    label: 'Beslissing'\n")
      .replace('{ id: decision-term,', "{ id: decision-term, label: 'Beslistermijn',"),
  );
  const result = await handMonitorResult(labelled);
  it('is Dutch by default, summary first, with the labels of the stages', () => {
    const html = monitorReportHtml(result, { log: 'events.csv' });
    expect(html).toContain('<html lang="nl">');
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
    const summary = /<section class="summary"[^>]*>(.*?)<\/section>/s.exec(html)![1];
    expect(summary).toMatch(
      /Slechtst gehaalde norm: <strong>[^<]+<\/strong> — [\d,]+% van \d+ gemeten zaken binnen de termijn/,
    );
    expect(summary).toMatch(/Grootste knelpunt: <strong>[^<]+<\/strong> — [\d,]+% van alle wachtdagen/);
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('<table>'));
    expect(html).toContain('<th scope="row">Intake &amp; &lt;registratie&gt;</th>');
    expect(html).not.toContain('<th scope="row">intake</th>');
    expect(html).toContain('<h2>Doorlooptijden per fase</h2>');
  });

  it('is English with { lang: "en" }', () => {
    const html = monitorReportHtml(result, { log: 'events.csv' }, { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h2 id="summary">Summary</h2>');
    expect(html).toContain('<h2>Lead times per stage</h2>');
    expect(html).toMatch(/Worst-kept norm: <strong>[^<]+<\/strong> — [\d.]+% of \d+ measured cases/);
    expect(html).not.toContain('Doorlooptijden');
  });
});
