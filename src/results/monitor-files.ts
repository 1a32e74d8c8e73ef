// The monitor's figures as declared tables and tidy files (one observation per row) for spreadsheets and
// dashboards, plus summary.json with everything. The folder is built beside its place and swapped in whole; the
// same figures give byte-identical files. Only aggregates are written: no case pseudonym reaches these files.
import type { ResultFolder } from '../core/result-folder.ts';
import { writeResultFolder } from '../core/result-folder.ts';
import type { Text } from '../core/locale.ts';
import type {
  Bottleneck,
  BreachOutlook,
  Distribution,
  MonitorResult,
  NormFigures,
  OpenAtStage,
  WeeklyStageRow,
} from '../monitor/metrics.ts';
import { type Column, FORMAT, jsonText, output, type TableDecl, type TableOutput, tableCsv, UNIT } from './table.ts';
import { text } from '../core/locale.ts';
import { normIdColumns, normTermColumns } from './norm-columns.ts';

export const MONITOR_FILES = [
  'summary.json',
  'leadtimes.csv',
  'norms.csv',
  'open.csv',
  'weekly.csv',
  'breaches.csv',
  'bottlenecks.csv',
] as const;

const t = text;

/** A stage's row for people: the model's label, or the group indented under it. */
export function groupLabel(r: { label: string; group: string }): string {
  return r.group === '' ? r.label : `  ${r.group}`;
}

/** The five columns of a distribution of days: count, mean, P50, P90 and maximum; `what` names the days for people. */
function distributionColumns<R>(d: (row: R) => Distribution, prefix = '', what?: Text): Column<R>[] {
  const days = FORMAT.days(1);
  const label = (nl: string, en: string): Text => (what ? t(`${what.nl} ${nl}`, `${what.en} ${en}`) : t(nl, en));
  return [
    { key: `${prefix}count`, label: t('aantal', 'count'), format: FORMAT.count, value: (r) => d(r).n },
    {
      key: `${prefix}mean_days`,
      label: label('gemiddeld', 'mean'),
      unit: UNIT.days,
      format: days,
      value: (r) => d(r).mean,
    },
    { key: `${prefix}p50_days`, label: label('P50', 'P50'), unit: UNIT.days, format: days, value: (r) => d(r).p50 },
    { key: `${prefix}p90_days`, label: label('P90', 'P90'), unit: UNIT.days, format: days, value: (r) => d(r).p90 },
    { key: `${prefix}max_days`, label: label('langste', 'max'), unit: UNIT.days, format: days, value: (r) => d(r).max },
  ];
}

interface LeadTimeRow {
  scope: 'stage' | 'chain';
  subject: string;
  group: string;
  measure: string;
  d: Distribution;
}

export const MONITOR_LEADTIMES: TableDecl<LeadTimeRow> = {
  id: 'leadtimes',
  file: 'leadtimes.csv',
  title: t('Doorlooptijden', 'Lead times'),
  columns: [
    { key: 'scope', label: t('bereik', 'scope'), format: FORMAT.text, value: (r) => r.scope },
    { key: 'subject', label: t('onderwerp', 'subject'), format: FORMAT.text, value: (r) => r.subject },
    { key: 'group', label: t('groep', 'group'), format: FORMAT.text, value: (r) => r.group },
    { key: 'measure', label: t('maat', 'measure'), format: FORMAT.text, value: (r) => r.measure },
    ...distributionColumns<LeadTimeRow>((r) => r.d),
  ],
};

export const MONITOR_NORMS: TableDecl<NormFigures> = {
  id: 'norms',
  file: 'norms.csv',
  title: t('Normen', 'Norms'),
  columns: [
    ...normIdColumns<NormFigures>(),
    { key: 'group', label: t('groep', 'group'), format: FORMAT.text, value: (n) => n.group },
    ...normTermColumns<NormFigures>(),
    { key: 'measured', label: t('gemeten', 'measured'), format: FORMAT.count, value: (n) => n.measured },
    { key: 'within', label: t('binnen de norm', 'within'), format: FORMAT.count, value: (n) => n.withinNorm },
    {
      key: 'within_share',
      label: t('aandeel binnen de norm', 'within share'),
      format: FORMAT.percent(1),
      value: (n) => n.withinShare,
    },
    {
      key: 'mean_days',
      label: t('gemiddeld', 'mean'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (n) => n.leadTime.mean,
    },
    { key: 'p50_days', label: t('P50', 'P50'), unit: UNIT.days, format: FORMAT.days(1), value: (n) => n.leadTime.p50 },
    { key: 'p90_days', label: t('P90', 'P90'), unit: UNIT.days, format: FORMAT.days(1), value: (n) => n.leadTime.p90 },
    { key: 'open', label: t('open', 'open'), format: FORMAT.count, value: (n) => n.open },
    {
      key: 'open_past_deadline',
      label: t('open na de termijn', 'open past the deadline'),
      format: FORMAT.count,
      value: (n) => n.openPastDeadline,
    },
  ],
};

export const MONITOR_OPEN: TableDecl<OpenAtStage> = {
  id: 'open',
  file: 'open.csv',
  title: t('Open aan het eind', 'Open at the end'),
  columns: [
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (o) => o.stage, only: 'files' },
    { key: 'label', label: t('fase', 'stage'), format: FORMAT.text, value: groupLabel, only: 'terminal' },
    { key: 'group', label: t('groep', 'group'), format: FORMAT.text, value: (o) => o.group, only: 'files' },
    { key: 'cases', label: t('zaken', 'cases'), format: FORMAT.count, value: (o) => o.cases },
    { key: 'persons', label: t('personen', 'persons'), format: FORMAT.count, value: (o) => o.persons },
    { key: 'in_service', label: t('in behandeling', 'in service'), format: FORMAT.count, value: (o) => o.inService },
    ...distributionColumns<OpenAtStage>((o) => o.age, 'age_', t('gewacht', 'waited')),
  ],
};

export const MONITOR_WEEKLY: TableDecl<WeeklyStageRow> = {
  id: 'weekly',
  file: 'weekly.csv',
  title: t('Per week', 'Per week'),
  columns: [
    { key: 'week_start', label: t('week vanaf', 'week start'), format: FORMAT.date, value: (w) => w.week },
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (w) => w.stage },
    { key: 'stock_end', label: t('voorraad eind', 'stock at the end'), format: FORMAT.count, value: (w) => w.stockEnd },
    {
      key: 'in_service_end',
      label: t('in behandeling eind', 'in service at the end'),
      format: FORMAT.count,
      value: (w) => w.inServiceEnd,
    },
    {
      key: 'stock_mean',
      label: t('voorraad gem.', 'stock mean'),
      format: FORMAT.decimal(1),
      value: (w) => w.stockMean,
    },
    {
      key: 'entered_cases',
      label: t('ingestroomd (zaken)', 'entered (cases)'),
      format: FORMAT.count,
      value: (w) => w.enteredCases,
    },
    {
      key: 'entered_persons',
      label: t('ingestroomd (personen)', 'entered (persons)'),
      format: FORMAT.count,
      value: (w) => w.enteredPersons,
    },
    {
      key: 'completed_cases',
      label: t('afgerond (zaken)', 'completed (cases)'),
      format: FORMAT.count,
      value: (w) => w.completedCases,
    },
    {
      key: 'completed_persons',
      label: t('afgerond (personen)', 'completed (persons)'),
      format: FORMAT.count,
      value: (w) => w.completedPersons,
    },
    {
      key: 'utilisation',
      label: t('bezettingsgraad', 'utilisation'),
      format: FORMAT.percent(0),
      value: (w) => w.utilisation,
    },
  ],
};

export const MONITOR_BREACHES: TableDecl<BreachOutlook> = {
  id: 'breaches',
  file: 'breaches.csv',
  title: t('Dreigende overschrijdingen', 'Breach outlook'),
  columns: [
    { key: 'norm', label: t('norm', 'norm'), format: FORMAT.text, value: (b) => b.id },
    { key: 'scope', label: t('bereik', 'scope'), format: FORMAT.text, value: (b) => b.scope },
    { key: 'overdue', label: t('over de termijn', 'overdue'), format: FORMAT.count, value: (b) => b.overdue },
    {
      key: 'within_1_week',
      label: t('binnen 1 week', 'within 1 week'),
      format: FORMAT.count,
      value: (b) => b.within[0],
    },
    {
      key: 'within_4_weeks',
      label: t('binnen 4 weken', 'within 4 weeks'),
      format: FORMAT.count,
      value: (b) => b.within[1],
    },
    {
      key: 'within_8_weeks',
      label: t('binnen 8 weken', 'within 8 weeks'),
      format: FORMAT.count,
      value: (b) => b.within[2],
    },
  ],
};

export const MONITOR_BOTTLENECKS: TableDecl<Bottleneck> = {
  id: 'bottlenecks',
  file: 'bottlenecks.csv',
  title: t('Knelpunten', 'Bottlenecks'),
  columns: [
    { key: 'label', label: t('fase', 'stage'), format: FORMAT.text, value: (b) => b.label, only: 'terminal' },
    { key: 'rank', label: t('rang', 'rank'), format: FORMAT.count, value: (b) => b.rank },
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (b) => b.stage, only: 'files' },
    {
      key: 'waiting_person_days',
      label: t('wachtende persoonsdagen', 'waiting person-days'),
      format: FORMAT.count,
      value: (b) => b.waitingPersonDays,
    },
    { key: 'waiting_share', label: t('aandeel', 'share'), format: FORMAT.percent(1), value: (b) => b.waitingShare },
    {
      key: 'waiting_p90_days',
      label: t('wachttijd P90', 'waiting P90'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (b) => b.waitingP90Days,
    },
    {
      key: 'stock_start',
      label: t('voorraad begin', 'stock at the start'),
      format: FORMAT.count,
      value: (b) => b.stockStart,
    },
    { key: 'stock_end', label: t('voorraad eind', 'stock at the end'), format: FORMAT.count, value: (b) => b.stockEnd },
    {
      key: 'stock_trend_per_week',
      label: t('trend per week', 'trend per week'),
      format: FORMAT.decimal(1),
      value: (b) => b.stockTrendPerWeek,
    },
    {
      key: 'utilisation',
      label: t('bezettingsgraad', 'utilisation'),
      format: FORMAT.percent(1),
      value: (b) => b.utilisation,
    },
    { key: 'growing', label: t('groeiend', 'growing'), format: FORMAT.text, value: (b) => b.growing },
  ],
};

/** The monitor's tables with their rows, in the order of the files. */
export function monitorTables(result: MonitorResult): TableOutput[] {
  return [
    output(MONITOR_LEADTIMES, leadTimeRows(result)),
    output(MONITOR_NORMS, result.norms),
    output(MONITOR_OPEN, result.open),
    output(MONITOR_WEEKLY, result.weekly),
    output(MONITOR_BREACHES, result.breaches),
    output(MONITOR_BOTTLENECKS, result.bottlenecks),
  ];
}

/** The rows of leadtimes.csv: each stage's waiting, processing and total, then end to end per exit. */
export function leadTimeRows(result: MonitorResult): LeadTimeRow[] {
  const lead: LeadTimeRow[] = [];
  for (const s of result.stages)
    for (const measure of ['waiting', 'processing', 'total'] as const)
      lead.push({ scope: 'stage', subject: s.stage, group: s.group, measure, d: s[measure] });
  for (const e of result.endToEnd)
    lead.push({ scope: 'chain', subject: e.exit, group: '', measure: 'total', d: e.leadTime });
  return lead;
}

/** The result as JSON: NaN (no observation) becomes null. */
export function monitorJson(result: MonitorResult, source: { log: string; model?: string }): string {
  return jsonText({ source, ...result });
}

/**
 * Writes the result folder `outDir` as one unit (built beside it and swapped in); `also` adds files of the
 * same run (the rejects file). Returns the files' paths.
 */
export function writeMonitorFiles(
  result: MonitorResult,
  outDir: string,
  source: { log: string; model?: string },
  also?: (folder: ResultFolder) => void,
): string[] {
  return writeResultFolder(outDir, (folder) => {
    for (const { table, rows } of monitorTables(result)) folder.write(table.file!, tableCsv(table, rows));
    folder.write('summary.json', monitorJson(result, source));
    also?.(folder);
  });
}
