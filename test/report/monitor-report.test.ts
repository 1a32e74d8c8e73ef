// The monitor report on the hand-made log of test/monitor: Dutch by default with the worst norm and the biggest
// bottleneck in the summary before any table, stages by the model's labels, English with { lang: 'en' }.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseIsoDate } from '../../src/core/calendar.ts';
import { chainForLog, loadEventTable } from '../../src/monitor/load.ts';
import { monitorFigures } from '../../src/monitor/metrics.ts';
import { readVisits } from '../../src/monitor/visits.ts';
import { monitorReportHtml } from '../../src/report/monitor-report.ts';
import { modelFromYaml, SCRIPTS_OR_FETCHES, tempDir } from '../helpers.ts';
import { HAND_LOG, HAND_MODEL } from '../monitor/fixtures.ts';

describe('monitorReportHtml', async () => {
  const file = join(tempDir(), 'events.csv');
  writeFileSync(file, HAND_LOG);
  // The hand-made model with labels on its stages and chain norm.
  const labelled = modelFromYaml(
    HAND_MODEL.replace('{ id: intake,', "{ id: intake, label: 'Intake & <registratie>',")
      .replace('  - id: decision\n', "  - id: decision\n    label: 'Beslissing'\n")
      .replace('{ id: decision-term,', "{ id: decision-term, label: 'Beslistermijn',"),
  );
  const { table } = await loadEventTable(file);
  const chain = chainForLog(labelled, table);
  const reading = readVisits(
    table,
    chain.stages.map((s) => s.id),
  );
  const result = monitorFigures(table, reading, {
    chain,
    fromDay: parseIsoDate('2025-01-01'),
    toDay: parseIsoDate('2025-02-28') + 1,
  });

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
