// The monitor's terminal summary: what a coordination table reads first — where cases wait and for how long,
// how many are open, which norms will be breached in the coming weeks, where the bottleneck is, moves of
// children and permit holders waiting for housing. Plain text, so it also reads in a log file.
import type { MonitorResult } from '../monitor/metrics.ts';
import { BREACH_HORIZONS_DAYS } from '../monitor/metrics.ts';
import { formatNumber as fmt, textTable } from './format.ts';

const pct = (v: number) => (Number.isFinite(v) ? `${fmt(v * 100, 1)}%` : '–');

export function monitorSummaryText(result: MonitorResult): string {
  const lines: string[] = [];
  const log = result.log;
  lines.push(
    `window ${result.window.from} – ${result.window.to} (open cases counted at its end) · ${fmt(log.events)} events · ${fmt(log.cases)} cases · ${fmt(log.visits)} stage visits`,
  );
  for (const note of result.notes) lines.push(`note: ${note}`);
  if (log.carriedOverCases > 0)
    lines.push(
      `${fmt(log.carriedOverCases)} cases were already in the chain when the log starts (initial): left out of lead times and norms`,
    );
  if (log.unknownActivities.length > 0) {
    lines.push(
      `activities that are not stages of the model (not measured): ${log.unknownActivities
        .slice(0, 5)
        .map((u) => `${u.activity} (${fmt(u.events)})`)
        .join(', ')}${log.unknownActivities.length > 5 ? ', …' : ''}`,
    );
  }
  if (log.repeatedTransitions > 0)
    lines.push(
      `${fmt(log.repeatedTransitions)} repeated schedule/start events of an open stage visit were ignored (the first counts)`,
    );
  lines.push('');

  const stageRows = [
    [
      'stage' + (result.by ? ` (by ${result.by})` : ''),
      'completed',
      'waiting P50 (d)',
      'waiting P90 (d)',
      'processing P50 (d)',
      'total P50 (d)',
      'total P90 (d)',
      'within norm',
    ],
  ];
  for (const s of result.stages) {
    stageRows.push([
      s.group === '' ? s.stage : `  ${s.group}`,
      fmt(s.completed),
      fmt(s.waiting.p50, 1),
      fmt(s.waiting.p90, 1),
      fmt(s.processing.p50, 1),
      fmt(s.total.p50, 1),
      fmt(s.total.p90, 1),
      pct(s.withinNorm),
    ]);
  }
  lines.push(
    'lead times of stage visits completed in the window (waiting: entry → start, processing: start → complete)',
  );
  lines.push(textTable(stageRows), '');

  const e2e = [['arrival → exit', 'cases', 'P50 (d)', 'P90 (d)', 'mean (d)']];
  for (const e of result.endToEnd)
    e2e.push([e.exit, fmt(e.leadTime.n), fmt(e.leadTime.p50, 1), fmt(e.leadTime.p90, 1), fmt(e.leadTime.mean, 1)]);
  lines.push(textTable(e2e), '');

  if (result.norms.length > 0) {
    const normRows = [
      [
        'norm',
        'term',
        'measured',
        'within',
        'P90 (d)',
        'open',
        'past deadline',
        ...BREACH_HORIZONS_DAYS.map((d) => `due ≤ ${d / 7} wk`),
      ],
    ];
    for (const n of result.norms) {
      const term = n.termMonths > 0 ? `${n.termMonths} months` : `${n.termDays} ${n.working ? 'working ' : ''}days`;
      const outlook = n.group === '' ? result.breaches.find((b) => b.id === n.id) : undefined;
      normRows.push([
        n.group === '' ? n.id : `  ${n.group}`,
        n.group === '' ? term : '',
        fmt(n.measured),
        pct(n.withinShare),
        fmt(n.leadTime.p90, 1),
        fmt(n.open),
        fmt(n.openPastDeadline),
        ...BREACH_HORIZONS_DAYS.map((_, i) => (outlook ? fmt(outlook.within[i]) : '')),
      ]);
    }
    lines.push(
      'norms: clocks stopped in the window; open clocks at the end, past their deadline, and due within 1, 4 and 8 weeks (they breach if nothing changes)',
    );
    lines.push(textTable(normRows), '');
  }

  const openRows = [
    ['open at the end', 'cases', 'persons', 'in service', 'waited P50 (d)', 'waited P90 (d)', 'longest (d)'],
  ];
  for (const o of result.open) {
    if (o.cases === 0) continue;
    openRows.push([
      o.group === '' ? o.stage : `  ${o.group}`,
      fmt(o.cases),
      fmt(o.persons),
      fmt(o.inService),
      fmt(o.age.p50, 1),
      fmt(o.age.p90, 1),
      fmt(o.age.max, 1),
    ]);
  }
  lines.push(textTable(openRows), '');

  const bRows = [
    [
      'bottlenecks',
      'waiting person-days',
      'share',
      'waiting P90 (d)',
      'stock start → end',
      'trend / week',
      'utilisation',
    ],
  ];
  for (const b of result.bottlenecks.slice(0, 8)) {
    bRows.push([
      `${b.rank}. ${b.stage}${b.growing ? ' (growing)' : ''}`,
      fmt(b.waitingPersonDays),
      pct(b.waitingShare),
      fmt(b.waitingP90Days, 1),
      `${fmt(b.stockStart)} → ${fmt(b.stockEnd)}`,
      fmt(b.stockTrendPerWeek, 1),
      pct(b.utilisation),
    ]);
  }
  lines.push(textTable(bRows), '');

  const m = result.moves;
  const h = result.housing;
  const other = [['chain', 'value']];
  other.push(['cases that left the chain in the window', fmt(m.exitedCases)]);
  other.push(['moves per person (of those who left)', fmt(m.perPerson, 2)]);
  other.push(['moves per child (of those who left)', fmt(m.perChild, 2)]);
  other.push([
    'permit holders waiting for housing (cases / persons)',
    `${fmt(h.waitingCases)} / ${fmt(h.waitingPersons)}`,
  ]);
  other.push(['  days since the grant, P50 / P90', `${fmt(h.waitingDays.p50, 1)} / ${fmt(h.waitingDays.p90, 1)}`]);
  other.push(['  past the norm of the stage they wait at', fmt(h.pastStageNorm)]);
  other.push([
    'housed in the window: days from grant, P50 / P90',
    `${fmt(h.grantToHoused.p50, 1)} / ${fmt(h.grantToHoused.p90, 1)} (${fmt(h.housedCases)} cases)`,
  ]);
  lines.push(textTable(other));
  return lines.join('\n') + '\n';
}
