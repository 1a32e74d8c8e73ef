// The reports show the declared tables of src/results: a column added to a declaration appears in the CSV file,
// on the terminal and in the report's table with no other change, and a report's table carries the columns of the
// CSV file of the same result (a files-only column such as an id stands in the report by its terminal label),
// with the same figures in the column's format.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { text } from '../../src/core/locale.ts';
import type { Bottleneck } from '../../src/monitor/metrics.ts';
import { monitorReportHtml } from '../../src/report/monitor-report.ts';
import { MONITOR_BOTTLENECKS, monitorTables, writeMonitorFiles } from '../../src/results/monitor-files.ts';
import { monitorSummaryText } from '../../src/results/monitor-table.ts';
import { forecastTable, backtestTable } from '../../src/results/forecast-files.ts';
import { type Column, columnHeading, FORMAT, formatCell, type TableDecl, tableCsv } from '../../src/results/table.ts';
import { modelFromYaml, repoRoot, runCli, tempDir } from '../helpers.ts';
import { HAND_MODEL, handMonitorResult } from '../monitor/fixtures.ts';

/** The table of a report with this caption: its column headings and its rows, as the text of their cells. */
function reportTable(html: string, caption: string): { headings: string[]; rows: string[][] } {
  const escaped = caption.replace(/[()[\]]/g, '\\$&');
  const table = new RegExp(
    `<table><caption>${escaped}</caption><thead><tr>(.*?)</tr></thead><tbody>(.*?)</tbody></table>`,
  ).exec(html);
  if (!table) throw new Error(`no table "${caption}"`);
  const cells = (row: string) => [...row.matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]);
  return { headings: cells(table[1]), rows: [...table[2].matchAll(/<tr>(.*?)<\/tr>/g)].map((r) => cells(r[1])) };
}

/** Unescapes the few entities the html template writes. */
const unescape = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');

/**
 * Checks that the report's table carries the CSV's columns: every CSV column but the files-only ones, in the CSV's
 * order, headed as declared; the report may add the declaration's terminal-only columns (a label for an id).
 * Returns, per CSV column shown, its index in the report's row.
 */
function sameColumns<R>(table: TableDecl<R>, csvHeader: string[], headings: string[]): Map<string, number> {
  const byKey = new Map(table.columns.map((c) => [c.key, c]));
  const shown = csvHeader.filter((k) => byKey.get(k)?.only !== 'files' && byKey.has(k));
  // Every CSV column is declared (or an interval's _low/_high, which a report shows inside its column).
  for (const key of csvHeader) expect(byKey.has(key) || byKey.has(key.replace(/_(low|high)$/, ''))).toBe(true);
  const terminalOnly = new Set(table.columns.filter((c) => c.only === 'terminal').map((c) => columnHeading(c, 'nl')));
  const unescaped = headings.map(unescape);
  expect(unescaped.filter((h) => !terminalOnly.has(h))).toEqual(shown.map((k) => columnHeading(byKey.get(k)!, 'nl')));
  return new Map(shown.map((k) => [k, unescaped.indexOf(columnHeading(byKey.get(k)!, 'nl'))]));
}

describe('the reports show the declared tables', async () => {
  const result = await handMonitorResult(modelFromYaml(HAND_MODEL));
  const ranking = 'Rangschikking van knelpunten';

  it('a column added to a declaration appears in its CSV file, on the terminal and in the report, with no other change', () => {
    const weeks: Column<Bottleneck> = {
      key: 'waiting_person_weeks',
      label: text('wachtende persoonsweken', 'waiting person-weeks'),
      format: FORMAT.decimal(1),
      value: (b) => b.waitingPersonDays / 7,
    };
    const before = reportTable(monitorReportHtml(result, { log: 'events.csv' }), ranking);
    const columns = MONITOR_BOTTLENECKS.columns as Column<Bottleneck>[];
    columns.push(weeks);
    try {
      const bottlenecks = monitorTables(result).find((t) => t.table === MONITOR_BOTTLENECKS)!;
      const csv = tableCsv(bottlenecks.table, bottlenecks.rows).split('\n');
      expect(csv[0].split(',').at(-1)).toBe('waiting_person_weeks');
      const top = result.bottlenecks[0];
      expect(top.waitingPersonDays).toBeGreaterThan(0);
      expect(Number(csv[1].split(',').at(-1))).toBeCloseTo(top.waitingPersonDays / 7, 5);
      expect(monitorSummaryText(result, 'nl')).toContain('wachtende persoonsweken');
      expect(monitorSummaryText(result, 'en')).toContain('waiting person-weeks');

      const after = reportTable(monitorReportHtml(result, { log: 'events.csv' }), ranking);
      expect(after.headings).toEqual([...before.headings, 'wachtende persoonsweken']);
      expect(after.rows[0]).toEqual([
        ...before.rows[0],
        formatCell(top.waitingPersonDays / 7, FORMAT.decimal(1), 'nl'),
      ]);
    } finally {
      columns.splice(columns.indexOf(weeks), 1);
    }
    expect(reportTable(monitorReportHtml(result, { log: 'events.csv' }), ranking)).toEqual(before);
  });

  it('the monitor report’s bottleneck ranking carries the columns and figures of bottlenecks.csv', () => {
    const out = join(tempDir(), 'monitor');
    writeMonitorFiles(result, out, { log: 'events.csv' });
    const csv = readFileSync(join(out, 'bottlenecks.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(','));
    const report = reportTable(monitorReportHtml(result, { log: 'events.csv' }), ranking);
    const at = sameColumns(MONITOR_BOTTLENECKS, csv[0], report.headings);
    expect(report.rows).toHaveLength(csv.length - 1);
    // The figures of each row in the column's format (the files hold them unformatted).
    csv.slice(1).forEach((line, i) => {
      for (const [key, j] of at) {
        const column = MONITOR_BOTTLENECKS.columns.find((c) => c.key === key)!;
        const raw = line[csv[0].indexOf(key)];
        const value =
          raw === ''
            ? undefined
            : raw === 'true' || raw === 'false'
              ? raw === 'true'
              : column.format === FORMAT.text || typeof column.format === 'function'
                ? raw
                : Number(raw);
        const format = typeof column.format === 'function' ? FORMAT.text : column.format;
        expect(unescape(report.rows[i][j])).toBe(formatCell(value, format, 'nl', true));
      }
    });
  });

  it('the forecast report’s tables carry the columns of forecast.csv and backtest.csv of the same run', async () => {
    const dir = tempDir();
    const run = await runCli([
      'forecast',
      join(repoRoot, 'data', 'asylum_applicants_monthly_nl_de_2012_2019.csv'),
      '--column',
      'NL',
      '--backtest',
      '--method',
      'theta',
      '--origins',
      '3',
      '--horizon',
      '2',
      '--out',
      join(dir, 'out'),
      '--report',
      join(dir, 'report.html'),
      '--quiet',
    ]);
    expect(run.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    const header = (name: string) =>
      readFileSync(join(dir, 'out', name), 'utf8')
        .split('\n')[0]
        .split(',');
    const forecastCaption = /<table><caption>(NL: [^<]*)<\/caption>/.exec(html)![1];
    sameColumns(forecastTable([80, 95]), header('forecast.csv'), reportTable(html, unescape(forecastCaption)).headings);
    const backtest = reportTable(html, 'Terugtoets van NL');
    sameColumns(backtestTable([80, 95]), header('backtest.csv'), backtest.headings);
    // A row per step ahead, then the scores over all steps; backtest.csv has the same rows.
    expect(backtest.rows.map((r) => r[0])).toEqual(['1', '2', 'alle']);
    const csvRows = readFileSync(join(dir, 'out', 'backtest.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1);
    expect(csvRows.map((l) => l.split(',')[1])).toEqual(['1', '2', 'all']);
    // The terminal prints the same backtest table.
    expect(run.stdout).toMatch(
      /stap\s+prognoses\s+MASE\s+sMAPE\s+dekking 80%\s+dekking 95%\s+MSIS 80%\s+MSIS 95%\s+geschaalde CRPS/,
    );
  });
});
