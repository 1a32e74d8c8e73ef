// The monitor report: one self-contained HTML file in the style of the simulation reports — lead times per
// stage, stock per stage over the weeks, norms with the breach outlook, the bottleneck ranking, open cases,
// moves and permit holders waiting — every chart with a table of the same numbers beside it.
import type { MonitorResult } from '../monitor/metrics.ts';
import { BREACH_HORIZONS_DAYS } from '../monitor/metrics.ts';
import { formatNumber as fmt } from '../results/format.ts';
import { chartWithTable, htmlTable, reportPage } from './html.ts';
import { type BandSeries, bandChartSvg, barChartSvg, escapeHtml } from './svg.ts';

const COLORS = ['#1f4e79', '#b35806', '#2b7a3d', '#6a3d9a', '#a33a2a', '#4d4d4d'];
const pct = (v: number) => (Number.isFinite(v) ? `${fmt(v * 100, 1)}%` : '–');

export function monitorReportHtml(result: MonitorResult, source: { log: string; model?: string }): string {
  const sections: string[] = [];
  const all = result.stages.filter((s) => s.group === '');

  const leadRows = result.stages.map((s) => [
    s.group === '' ? s.stage : `${s.stage} · ${s.group}`,
    fmt(s.completed),
    fmt(s.waiting.p50, 1),
    fmt(s.waiting.p90, 1),
    fmt(s.processing.p50, 1),
    fmt(s.total.p50, 1),
    fmt(s.total.p90, 1),
    pct(s.withinNorm),
  ]);
  const leadChart = barChartSvg(
    '90th percentile of time in stage, entry to complete (days)',
    all.map((s) => ({ label: s.stage, value: Number.isFinite(s.total.p90) ? s.total.p90 : 0, color: COLORS[0] })),
  );
  sections.push(
    `<section><h2>Lead times per stage</h2><p>Stage visits completed in the window. Waiting runs from the entry (the schedule event, or else the complete of the previous stage) to the start of service; processing from start to complete; total from entry to complete.</p>${chartWithTable(leadChart, 'The 90th percentile of the time from entering a stage to completing it; the table gives medians, waiting and processing and the share within the stage norm.', htmlTable('Lead times per stage (days)', ['stage', 'completed', 'waiting P50', 'waiting P90', 'processing P50', 'total P50', 'total P90', 'within norm'], leadRows))}</section>`,
  );

  const e2eRows = result.endToEnd.map((e) => [
    e.exit,
    fmt(e.leadTime.n),
    fmt(e.leadTime.p50, 1),
    fmt(e.leadTime.p90, 1),
    fmt(e.leadTime.mean, 1),
  ]);
  sections.push(
    `<section><h2>Arrival to exit</h2>${htmlTable('Days from arrival to leaving the chain, cases that left in the window', ['exit', 'cases', 'P50', 'P90', 'mean'], e2eRows)}</section>`,
  );

  // Stock over time for the stages with the largest mean stock.
  const byStage = new Map<string, typeof result.weekly>();
  for (const w of result.weekly) {
    let list = byStage.get(w.stage);
    if (!list) byStage.set(w.stage, (list = []));
    list.push(w);
  }
  const ranked = [...byStage.entries()]
    .map(([stage, rows]) => ({
      stage,
      rows,
      mean: rows.reduce((a, r) => a + r.stockMean, 0) / Math.max(1, rows.length),
    }))
    .sort((a, b) => b.mean - a.mean)
    .slice(0, COLORS.length);
  if (ranked.length > 0 && ranked[0].rows.length > 0) {
    const weeks = ranked[0].rows.map((r) => r.week);
    const series: BandSeries[] = ranked.map((r, i) => ({
      label: r.stage,
      color: COLORS[i],
      mean: Float64Array.from(r.rows, (x) => x.stockEnd),
    }));
    const rows = weeks.map((week, w) => [week, ...ranked.map((r) => fmt(r.rows[w].stockEnd))]);
    sections.push(
      `<section><h2>Stock per stage over time</h2>${chartWithTable(bandChartSvg('Persons in the stage at the end of each week', series, [weeks[0], weeks[weeks.length - 1]]), 'Persons at each stage (waiting or in service) at the end of each ISO week, for the stages with the largest stock; weekly.csv has every stage with entries, completions and utilisation.', htmlTable('Persons in the stage at the end of the week', ['week from', ...ranked.map((r) => r.stage)], rows))}</section>`,
    );
  }

  if (result.norms.length > 0) {
    const normRows = result.norms.map((n) => {
      const outlook = n.group === '' ? result.breaches.find((b) => b.id === n.id) : undefined;
      const term = n.termMonths > 0 ? `${n.termMonths} months` : `${n.termDays} ${n.working ? 'working ' : ''}days`;
      return [
        n.group === '' ? n.id : `${n.id} · ${n.group}`,
        term,
        fmt(n.measured),
        pct(n.withinShare),
        fmt(n.leadTime.p90, 1),
        fmt(n.open),
        fmt(n.openPastDeadline),
        ...BREACH_HORIZONS_DAYS.map((_, i) => (outlook ? fmt(outlook.within[i]) : '')),
      ];
    });
    const bars = result.breaches.flatMap((b) => [
      { label: `${b.id}: overdue`, value: b.overdue, color: COLORS[4] },
      ...BREACH_HORIZONS_DAYS.map((d, i) => ({
        label: `${b.id}: due ≤ ${d / 7} wk`,
        value: b.within[i],
        color: COLORS[1],
      })),
    ]);
    sections.push(
      `<section><h2>Norms and the breach outlook</h2><p>Clocks that stopped in the window, within their term or not; clocks still running at the end, past their deadline, and due within one, four and eight weeks — those breach their norm if nothing changes.</p>${chartWithTable(barChartSvg('Open norm clocks past or near their deadline (cases)', bars), 'Cases whose norm clock is running at the end of the window: already past the deadline, and due within 1, 4 and 8 weeks (cumulative).', htmlTable('Norms', ['norm', 'term', 'measured', 'within', 'P90 (days)', 'open', 'past deadline', ...BREACH_HORIZONS_DAYS.map((d) => `due ≤ ${d / 7} weeks`)], normRows))}</section>`,
    );
  }

  const bRows = result.bottlenecks.map((b) => [
    `${b.rank}. ${b.stage}`,
    fmt(b.waitingPersonDays),
    pct(b.waitingShare),
    fmt(b.waitingP90Days, 1),
    fmt(b.stockStart),
    fmt(b.stockEnd),
    fmt(b.stockTrendPerWeek, 1),
    pct(b.utilisation),
    b.growing ? 'yes' : 'no',
  ]);
  sections.push(
    `<section><h2>Bottlenecks</h2><p>Stages ranked by the person-days of waiting they hold in the window; a stage whose stock rose and trends upward is marked growing.</p>${chartWithTable(
      barChartSvg(
        'Share of all waiting in the window, per stage',
        result.bottlenecks.map((b) => ({
          label: b.stage,
          value: b.waitingShare * 100,
          color: b.growing ? COLORS[4] : COLORS[0],
        })),
      ),
      'Percentage of all person-days of waiting that each stage holds; red bars are stages whose stock is growing.',
      htmlTable(
        'Bottleneck ranking',
        [
          'stage',
          'waiting person-days',
          'share',
          'waiting P90 (days)',
          'stock at start',
          'stock at end',
          'trend per week',
          'utilisation',
          'growing',
        ],
        bRows,
      ),
    )}</section>`,
  );

  const openRows = result.open
    .filter((o) => o.cases > 0)
    .map((o) => [
      o.group === '' ? o.stage : `${o.stage} · ${o.group}`,
      fmt(o.cases),
      fmt(o.persons),
      fmt(o.inService),
      fmt(o.age.p50, 1),
      fmt(o.age.p90, 1),
      fmt(o.age.max, 1),
    ]);
  sections.push(
    `<section><h2>Cases open at the end of the window</h2>${htmlTable('Open stage visits and days since their entry', ['stage', 'cases', 'persons', 'in service', 'waited P50', 'waited P90', 'longest'], openRows)}</section>`,
  );

  const m = result.moves;
  const h = result.housing;
  sections.push(
    `<section><h2>Moves and permit holders</h2>${htmlTable(
      'Moves of persons who left the chain in the window, and permit holders waiting for housing',
      ['figure', 'value'],
      [
        ['cases that left the chain', fmt(m.exitedCases)],
        ['moves per person', fmt(m.perPerson, 2)],
        ['moves per child', fmt(m.perChild, 2)],
        ['permit holders waiting (cases)', fmt(h.waitingCases)],
        ['permit holders waiting (persons)', fmt(h.waitingPersons)],
        ['days since the grant, P50', fmt(h.waitingDays.p50, 1)],
        ['days since the grant, P90', fmt(h.waitingDays.p90, 1)],
        ['waiting past the norm of their stage', fmt(h.pastStageNorm)],
        ['housed in the window (cases)', fmt(h.housedCases)],
        ['grant to housed, P50 (days)', fmt(h.grantToHoused.p50, 1)],
        ['grant to housed, P90 (days)', fmt(h.grantToHoused.p90, 1)],
      ],
    )}</section>`,
  );

  const log = result.log;
  const intro = `<p>Event log ${escapeHtml(source.log)}${source.model ? `, chain model ${escapeHtml(source.model)}` : ''}; window ${escapeHtml(result.window.from)} – ${escapeHtml(result.window.to)} (open cases counted at its end); ${fmt(log.events)} events, ${fmt(log.cases)} cases, ${fmt(log.visits)} stage visits${log.carriedOverCases > 0 ? `; ${fmt(log.carriedOverCases)} cases already in the chain when the log starts are left out of lead times and norms` : ''}. Only aggregates are shown.</p>`;
  return reportPage(`doorstroom monitor: ${source.log}`, intro, sections);
}
