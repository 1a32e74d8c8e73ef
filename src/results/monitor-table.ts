// The monitor's terminal summary: what a coordination table reads first — where cases wait and for how long,
// how many are open, which norms will be breached in the coming weeks, where the bottleneck is, moves of
// children and permit holders waiting for housing. Plain text, so it also reads in a log file. Dutch by default.
// The monitor report (src/report/monitor-report.ts) shows the same tables.
import type { BreachOutlook, MonitorResult, NormFigures, StageLeadTimes, WeeklyStageRow } from '../monitor/metrics.ts';
import { BREACH_HORIZONS_DAYS } from '../monitor/metrics.ts';
import { formatNumber, type Lang, type Text, text } from '../core/locale.ts';
import { groupLabel, leadTimeRows, MONITOR_BOTTLENECKS, MONITOR_LEADTIMES, MONITOR_OPEN } from './monitor-files.ts';
import { normTerm } from './simulation-table.ts';
import {
  type Column,
  FORMAT,
  output,
  type TableDecl,
  type TableOutput,
  type TerminalView,
  terminalTable,
  wideTable,
} from './table.ts';

const t = text;
const d = t('d', 'd');

/** The lead times per stage of the terminal and the report (the files hold them one measure per row in leadtimes.csv). */
function stageSummary(by: string | undefined): TableDecl<StageLeadTimes> {
  const days = (key: string, label: Text, value: (s: StageLeadTimes) => number): Column<StageLeadTimes> => ({
    key,
    label,
    unit: d,
    format: FORMAT.days(1),
    value,
  });
  return {
    id: 'stage-summary',
    title: t('Doorlooptijden per fase', 'Lead times per stage'),
    columns: [
      {
        key: 'stage',
        label: by ? t(`fase (naar ${by})`, `stage (by ${by})`) : t('fase', 'stage'),
        format: FORMAT.text,
        value: groupLabel,
      },
      { key: 'completed', label: t('afgerond', 'completed'), format: FORMAT.count, value: (s) => s.completed },
      days('waiting_p50', t('wachttijd P50', 'waiting P50'), (s) => s.waiting.p50),
      days('waiting_p90', t('wachttijd P90', 'waiting P90'), (s) => s.waiting.p90),
      days('processing_p50', t('behandeltijd P50', 'processing P50'), (s) => s.processing.p50),
      days('total_p50', t('totaal P50', 'total P50'), (s) => s.total.p50),
      days('total_p90', t('totaal P90', 'total P90'), (s) => s.total.p90),
      {
        key: 'within',
        label: t('binnen de norm', 'within norm'),
        format: FORMAT.percent(1),
        value: (s) => s.withinNorm,
      },
    ],
  };
}

/** The lead times per stage: `stages` are the result's, relabelled where a report knows better labels. */
export function stageLeadTimesOutput(result: MonitorResult, stages = result.stages): TableOutput {
  return output(stageSummary(result.by ?? undefined), stages);
}

/** Lead times from arrival to exit, per exit: the chain's rows of leadtimes.csv. */
export function endToEndOutput(result: MonitorResult): TableOutput {
  return output(
    MONITOR_LEADTIMES,
    leadTimeRows(result).filter((r) => r.scope === 'chain'),
  );
}

/** What the terminal and the report show of the lead times from arrival to exit. */
export const END_TO_END_VIEW: TerminalView = { columns: ['subject', 'count', 'p50_days', 'p90_days', 'mean_days'] };

interface NormRow {
  n: NormFigures;
  outlook?: BreachOutlook;
}

/** The norms with their breach outlook: `norms` are the result's, relabelled where a report knows better labels. */
export function normOutput(result: MonitorResult, norms = result.norms): TableOutput {
  return output(
    NORM_SUMMARY,
    norms.map((n) => ({ n, outlook: n.group === '' ? result.breaches.find((b) => b.id === n.id) : undefined })),
  );
}

/** The terminal's and the report's norms: the figures of norms.csv with the breach outlook of breaches.csv beside them. */
const NORM_SUMMARY: TableDecl<NormRow> = {
  id: 'norm-summary',
  title: t('Normen', 'Norms'),
  columns: [
    { key: 'norm', label: t('norm', 'norm'), format: FORMAT.text, value: ({ n }) => groupLabel(n) },
    {
      key: 'term',
      label: t('termijn', 'term'),
      format: FORMAT.text,
      value: ({ n }) => (n.group === '' ? normTerm(n) : ''),
    },
    { key: 'measured', label: t('gemeten', 'measured'), format: FORMAT.count, value: ({ n }) => n.measured },
    { key: 'within_share', label: t('binnen', 'within'), format: FORMAT.percent(1), value: ({ n }) => n.withinShare },
    { key: 'p90', label: t('P90', 'P90'), unit: d, format: FORMAT.days(1), value: ({ n }) => n.leadTime.p90 },
    { key: 'open', label: t('open', 'open'), format: FORMAT.count, value: ({ n }) => n.open },
    {
      key: 'open_past_deadline',
      label: t('over de termijn', 'past deadline'),
      format: FORMAT.count,
      value: ({ n }) => n.openPastDeadline,
    },
    ...BREACH_HORIZONS_DAYS.map((days, i): Column<NormRow> => ({
      key: `due_${days}`,
      label: t(`verloopt ≤ ${days / 7} wk`, `due ≤ ${days / 7} wk`),
      format: FORMAT.count,
      value: ({ outlook }) => (outlook ? outlook.within[i] : ''),
    })),
  ],
};

/** What the terminal and the report show of open.csv. */
export const OPEN_VIEW: TerminalView = {
  columns: ['label', 'cases', 'persons', 'in_service', 'age_p50_days', 'age_p90_days', 'age_max_days'],
};

/** The stock at the end of each week of `stages`, each with its weekly rows (weekly.csv's, in week order). */
export function stockOutput(
  stages: readonly { id: string; label: string; rows: readonly WeeklyStageRow[] }[],
): TableOutput {
  const weeks = stages[0]?.rows.map((r) => r.week) ?? [];
  const table = wideTable(
    {
      id: 'stock',
      title: t('Personen in de fase aan het eind van elke week', 'Persons in the stage at the end of each week'),
    },
    stages.map((s) => ({ key: `stock_end_${s.id}`, label: s.label })),
    FORMAT.count,
  );
  return output(
    table,
    weeks.map((date, w) => ({ date, values: stages.map((s) => s.rows[w]?.stockEnd) })),
  );
}

interface ChainRow {
  label: Text;
  value: string;
}

/** The figures of moves and housing, one per line, on the terminal and in the report. */
const CHAIN_SUMMARY: TableDecl<ChainRow> = {
  id: 'chain-summary',
  title: t('Keten', 'Chain'),
  columns: [
    { key: 'figure', label: t('keten', 'chain'), format: FORMAT.text, value: (r) => r.label },
    { key: 'value', label: t('waarde', 'value'), format: FORMAT.text, value: (r) => r.value },
  ],
};

/** Moves of persons who left the chain and permit holders waiting for housing, in `lang`. */
export function chainOutput(result: MonitorResult, lang: Lang): TableOutput {
  const fmt = (v: number, digits = 0) => formatNumber(v, lang, digits);
  const m = result.moves;
  const h = result.housing;
  const chain: ChainRow[] = [
    {
      label: t('zaken die de keten verlieten in het venster', 'cases that left the chain in the window'),
      value: fmt(m.exitedCases),
    },
    {
      label: t('verhuizingen per persoon (van wie vertrok)', 'moves per person (of those who left)'),
      value: fmt(m.perPerson, 2),
    },
    {
      label: t('verhuizingen per kind (van wie vertrok)', 'moves per child (of those who left)'),
      value: fmt(m.perChild, 2),
    },
    {
      label: t(
        'statushouders wachtend op huisvesting (zaken / personen)',
        'permit holders waiting for housing (cases / persons)',
      ),
      value: `${fmt(h.waitingCases)} / ${fmt(h.waitingPersons)}`,
    },
    {
      label: t('  dagen sinds de vergunning, P50 / P90', '  days since the grant, P50 / P90'),
      value: `${fmt(h.waitingDays.p50, 1)} / ${fmt(h.waitingDays.p90, 1)}`,
    },
    {
      label: t('  over de norm van de fase waar ze wachten', '  past the norm of the stage they wait at'),
      value: fmt(h.pastStageNorm),
    },
    {
      label: t(
        'gehuisvest in het venster: dagen na vergunning, P50 / P90',
        'housed in the window: days from grant, P50 / P90',
      ),
      value: `${fmt(h.grantToHoused.p50, 1)} / ${fmt(h.grantToHoused.p90, 1)} (${fmt(h.housedCases)} ${lang === 'nl' ? 'zaken' : 'cases'})`,
    },
  ];
  return output(CHAIN_SUMMARY, chain);
}

/** A table of a result on the terminal. */
function terminalOutput({ table, rows }: TableOutput, lang: Lang, view?: TerminalView): string {
  return terminalTable(table, rows, lang, view);
}

export function monitorSummaryText(result: MonitorResult, lang: Lang = 'nl'): string {
  const fmt = (v: number, digits = 0) => formatNumber(v, lang, digits);
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

  lines.push(
    L(
      'doorlooptijden van fasebezoeken afgerond in het venster (wachten: binnenkomst → start, behandeling: start → afgerond)',
      'lead times of stage visits completed in the window (waiting: entry → start, processing: start → complete)',
    ),
  );
  lines.push(terminalOutput(stageLeadTimesOutput(result), lang), '');

  lines.push(
    L('instroom → uitstroom', 'arrival → exit'),
    terminalOutput(endToEndOutput(result), lang, END_TO_END_VIEW),
    '',
  );

  if (result.norms.length > 0) {
    lines.push(
      L(
        'normen: klokken gestopt in het venster; open klokken aan het eind, over hun termijn, en die binnen 1, 4 en 8 weken verlopen (ze overschrijden als er niets verandert)',
        'norms: clocks stopped in the window; open clocks at the end, past their deadline, and due within 1, 4 and 8 weeks (they breach if nothing changes)',
      ),
    );
    lines.push(terminalOutput(normOutput(result), lang), '');
  }

  const open = result.open.filter((o) => o.cases > 0);
  lines.push(L('open aan het eind', 'open at the end'), terminalTable(MONITOR_OPEN, open, lang, OPEN_VIEW), '');

  lines.push(
    L('knelpunten', 'bottlenecks'),
    terminalTable(MONITOR_BOTTLENECKS, result.bottlenecks, lang, { top: 8 }),
    '',
  );

  lines.push(terminalOutput(chainOutput(result, lang), lang));
  return lines.join('\n') + '\n';
}
