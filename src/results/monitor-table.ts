// The monitor's terminal summary: what a coordination table reads first — where cases wait and for how long,
// how many are open, which norms will be breached in the coming weeks, where the bottleneck is, moves of
// children and permit holders waiting for housing. Plain text, so it also reads in a log file. Dutch by default.
import type { MonitorResult } from '../monitor/metrics.ts';
import { BREACH_HORIZONS_DAYS } from '../monitor/metrics.ts';
import { formatNumber, formatPercent, type Lang } from '../core/locale.ts';
import { textTable } from './table.ts';

export function monitorSummaryText(result: MonitorResult, lang: Lang = 'nl'): string {
  const fmt = (v: number, digits = 0) => formatNumber(v, lang, digits);
  const pct = (v: number) => formatPercent(v, lang, 1);
  const L = (nl: string, en: string) => (lang === 'nl' ? nl : en);
  const lines: string[] = [];
  const log = result.log;
  lines.push(
    L(
      `venster ${result.window.from} – ${result.window.to} (open zaken geteld aan het eind) · ${fmt(log.events)} gebeurtenissen · ${fmt(log.cases)} zaken · ${fmt(log.visits)} fasebezoeken`,
      `window ${result.window.from} – ${result.window.to} (open cases counted at its end) · ${fmt(log.events)} events · ${fmt(log.cases)} cases · ${fmt(log.visits)} stage visits`,
    ),
  );
  for (const note of result.notes) lines.push(`${L('let op', 'note')}: ${note}`);
  if (log.carriedOverCases > 0)
    lines.push(
      L(
        `${fmt(log.carriedOverCases)} zaken waren al in de keten bij het begin van het log: niet in doorlooptijden en normen`,
        `${fmt(log.carriedOverCases)} cases were already in the chain when the log starts (initial): left out of lead times and norms`,
      ),
    );
  if (log.unknownActivities.length > 0) {
    lines.push(
      `${L('activiteiten die geen fase van het model zijn (niet gemeten)', 'activities that are not stages of the model (not measured)')}: ${log.unknownActivities
        .slice(0, 5)
        .map((u) => `${u.activity} (${fmt(u.events)})`)
        .join(', ')}${log.unknownActivities.length > 5 ? ', …' : ''}`,
    );
  }
  if (log.repeatedTransitions > 0)
    lines.push(
      L(
        `${fmt(log.repeatedTransitions)} herhaalde schedule/start-gebeurtenissen van een open fasebezoek genegeerd (de eerste telt)`,
        `${fmt(log.repeatedTransitions)} repeated schedule/start events of an open stage visit were ignored (the first counts)`,
      ),
    );
  lines.push('');

  const stageRows = [
    [
      L('fase', 'stage') + (result.by ? ` (${L('naar', 'by')} ${result.by})` : ''),
      L('afgerond', 'completed'),
      L('wachttijd P50 (d)', 'waiting P50 (d)'),
      L('wachttijd P90 (d)', 'waiting P90 (d)'),
      L('behandeltijd P50 (d)', 'processing P50 (d)'),
      L('totaal P50 (d)', 'total P50 (d)'),
      L('totaal P90 (d)', 'total P90 (d)'),
      L('binnen de norm', 'within norm'),
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
    L(
      'doorlooptijden van fasebezoeken afgerond in het venster (wachten: binnenkomst → start, behandeling: start → afgerond)',
      'lead times of stage visits completed in the window (waiting: entry → start, processing: start → complete)',
    ),
  );
  lines.push(textTable(stageRows), '');

  const e2e = [
    [
      L('instroom → uitstroom', 'arrival → exit'),
      L('zaken', 'cases'),
      'P50 (d)',
      'P90 (d)',
      L('gemiddeld (d)', 'mean (d)'),
    ],
  ];
  for (const e of result.endToEnd)
    e2e.push([e.exit, fmt(e.leadTime.n), fmt(e.leadTime.p50, 1), fmt(e.leadTime.p90, 1), fmt(e.leadTime.mean, 1)]);
  lines.push(textTable(e2e), '');

  if (result.norms.length > 0) {
    const normRows = [
      [
        'norm',
        L('termijn', 'term'),
        L('gemeten', 'measured'),
        L('binnen', 'within'),
        'P90 (d)',
        'open',
        L('over de termijn', 'past deadline'),
        ...BREACH_HORIZONS_DAYS.map((d) => L(`verloopt ≤ ${d / 7} wk`, `due ≤ ${d / 7} wk`)),
      ],
    ];
    for (const n of result.norms) {
      const term =
        n.termMonths > 0
          ? `${n.termMonths} ${L('maanden', 'months')}`
          : `${n.termDays} ${n.working ? L('werkdagen', 'working days') : L('dagen', 'days')}`;
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
      L(
        'normen: klokken gestopt in het venster; open klokken aan het eind, over hun termijn, en die binnen 1, 4 en 8 weken verlopen (ze overschrijden als er niets verandert)',
        'norms: clocks stopped in the window; open clocks at the end, past their deadline, and due within 1, 4 and 8 weeks (they breach if nothing changes)',
      ),
    );
    lines.push(textTable(normRows), '');
  }

  const openRows = [
    [
      L('open aan het eind', 'open at the end'),
      L('zaken', 'cases'),
      L('personen', 'persons'),
      L('in behandeling', 'in service'),
      L('gewacht P50 (d)', 'waited P50 (d)'),
      L('gewacht P90 (d)', 'waited P90 (d)'),
      L('langste (d)', 'longest (d)'),
    ],
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
      L('knelpunten', 'bottlenecks'),
      L('wachtende persoonsdagen', 'waiting person-days'),
      L('aandeel', 'share'),
      L('wachttijd P90 (d)', 'waiting P90 (d)'),
      L('voorraad begin → eind', 'stock start → end'),
      L('trend / week', 'trend / week'),
      L('bezettingsgraad', 'utilisation'),
    ],
  ];
  for (const b of result.bottlenecks.slice(0, 8)) {
    bRows.push([
      `${b.rank}. ${b.stage}${b.growing ? ` (${L('groeit', 'growing')})` : ''}`,
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
  const other = [[L('keten', 'chain'), L('waarde', 'value')]];
  other.push([
    L('zaken die de keten verlieten in het venster', 'cases that left the chain in the window'),
    fmt(m.exitedCases),
  ]);
  other.push([
    L('verhuizingen per persoon (van wie vertrok)', 'moves per person (of those who left)'),
    fmt(m.perPerson, 2),
  ]);
  other.push([L('verhuizingen per kind (van wie vertrok)', 'moves per child (of those who left)'), fmt(m.perChild, 2)]);
  other.push([
    L(
      'statushouders wachtend op huisvesting (zaken / personen)',
      'permit holders waiting for housing (cases / persons)',
    ),
    `${fmt(h.waitingCases)} / ${fmt(h.waitingPersons)}`,
  ]);
  other.push([
    L('  dagen sinds de vergunning, P50 / P90', '  days since the grant, P50 / P90'),
    `${fmt(h.waitingDays.p50, 1)} / ${fmt(h.waitingDays.p90, 1)}`,
  ]);
  other.push([
    L('  over de norm van de fase waar ze wachten', '  past the norm of the stage they wait at'),
    fmt(h.pastStageNorm),
  ]);
  other.push([
    L('gehuisvest in het venster: dagen na vergunning, P50 / P90', 'housed in the window: days from grant, P50 / P90'),
    `${fmt(h.grantToHoused.p50, 1)} / ${fmt(h.grantToHoused.p90, 1)} (${fmt(h.housedCases)} ${L('zaken', 'cases')})`,
  ]);
  lines.push(textTable(other));
  return lines.join('\n') + '\n';
}
