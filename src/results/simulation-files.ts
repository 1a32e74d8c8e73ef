// A simulation result as declared tables (kpis, replications, daily, weekly, lead times, norms, costs, actions)
// and the files a planner and a spreadsheet read: summary.json plus one tidy CSV per table (one observation per
// row). The folder is built beside its place and swapped in whole (core/result-folder.ts), so a crash or an
// interruption never leaves a half-written file or a mix of two runs behind. The same result gives
// byte-identical files.
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import type { SimulationResult } from '../sim/run/simulate.ts';
import { type PooledLeadTime, type NormSummary, type Spread, spreadOf } from '../sim/run/aggregate.ts';
import { COST_CATEGORIES, COST_CATEGORY_LABELS, costsByYear, reportedYears } from '../sim/run/costs.ts';
import type { PlaybookAction } from '../sim/chain/results.ts';
import { writeResultFolder } from '../core/result-folder.ts';
import type { Text } from '../core/locale.ts';
import { isFlowSeries, kpiInfo, kpiSpreads, type ModelNames, replicationKpis } from './kpis.ts';
import {
  type Column,
  FORMAT,
  type Interval,
  jsonText,
  output,
  type TableDecl,
  type TableOutput,
  tableCsv,
  UNIT,
} from './table.ts';
import { text } from '../core/locale.ts';
import { normIdColumns, normTermColumns } from './norm-columns.ts';
import { type PenaltyYearRow, penaltyYearRows } from './penalty-tables.ts';

export const SIMULATION_FILES = [
  'summary.json',
  'kpis.csv',
  'replications.csv',
  'daily.csv',
  'weekly.csv',
  'leadtimes.csv',
  'norms.csv',
  'costs.csv',
  'actions.csv',
] as const;

export { isFlowSeries };

const t = text;

/** A spread as an interval for people: the mean with its 5th–95th percentile range. */
export function spreadInterval(s: Spread | undefined): Interval | undefined {
  if (!s || s.n === 0) return undefined;
  return { mean: s.mean, low: s.p5, high: s.p95 };
}

/** The five spread columns of a table of spreads: mean, sd, p5, p50, p95 (and n). */
export function spreadColumns<R>(spread: (row: R) => Spread, suffix = '', unit?: Text): Column<R>[] {
  return [
    {
      key: `mean${suffix}`,
      label: t('gemiddelde', 'mean'),
      unit,
      format: FORMAT.decimal(1),
      value: (r) => spread(r).mean,
    },
    {
      key: `sd${suffix}`,
      label: t('standaardafwijking', 'sd'),
      unit,
      format: FORMAT.decimal(1),
      value: (r) => spread(r).sd,
    },
    { key: `p5${suffix}`, label: t('P5', 'P5'), unit, format: FORMAT.decimal(1), value: (r) => spread(r).p5 },
    { key: `p50${suffix}`, label: t('P50', 'P50'), unit, format: FORMAT.decimal(1), value: (r) => spread(r).p50 },
    { key: `p95${suffix}`, label: t('P95', 'P95'), unit, format: FORMAT.decimal(1), value: (r) => spread(r).p95 },
  ];
}

export interface KpiRow {
  key: string;
  spread: Spread;
}

/** kpis.csv: every KPI's spread across replications; people read the catalogue's label and format. */
export function kpiTable(names: ModelNames = {}): TableDecl<KpiRow> {
  const format = (r: KpiRow) => kpiInfo(r.key, names).format;
  return {
    id: 'kpis',
    file: 'kpis.csv',
    title: t('Kengetallen', 'Key figures'),
    columns: [
      { key: 'kpi', label: t('kengetal', 'KPI'), format: FORMAT.text, value: (r) => r.key, only: 'files' },
      {
        key: 'label',
        label: t('kengetal', 'KPI'),
        format: FORMAT.text,
        value: (r) => kpiInfo(r.key, names).label,
        only: 'terminal',
      },
      { key: 'mean', label: t('gemiddelde', 'mean'), format, value: (r) => r.spread.mean },
      { key: 'sd', label: t('standaardafwijking', 'sd'), format, value: (r) => r.spread.sd },
      { key: 'p5', label: t('P5', 'P5'), format, value: (r) => r.spread.p5 },
      { key: 'p50', label: t('P50', 'P50'), format, value: (r) => r.spread.p50 },
      { key: 'p95', label: t('P95', 'P95'), format, value: (r) => r.spread.p95 },
      { key: 'n', label: t('replicaties', 'replications'), format: FORMAT.count, value: (r) => r.spread.n },
    ],
  };
}

interface ReplicationRow {
  replication: number;
  kpi: string;
  value: number;
}

export const REPLICATIONS_TABLE: TableDecl<ReplicationRow> = {
  id: 'replications',
  file: 'replications.csv',
  title: t('Kengetallen per replicatie', 'Key figures per replication'),
  columns: [
    { key: 'replication', label: t('replicatie', 'replication'), format: FORMAT.count, value: (r) => r.replication },
    { key: 'kpi', label: t('kengetal', 'KPI'), format: FORMAT.text, value: (r) => r.kpi },
    { key: 'value', label: t('waarde', 'value'), format: FORMAT.decimal(2), value: (r) => r.value },
  ],
};

interface SeriesRow {
  date: string;
  series: string;
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

function seriesTable(id: string, file: string, dateKey: string, title: Text): TableDecl<SeriesRow> {
  return {
    id,
    file,
    title,
    columns: [
      { key: dateKey, label: t('datum', 'date'), format: FORMAT.date, value: (r) => r.date },
      { key: 'series', label: t('reeks', 'series'), format: FORMAT.text, value: (r) => r.series },
      { key: 'mean', label: t('gemiddelde', 'mean'), format: FORMAT.decimal(1), value: (r) => r.mean },
      { key: 'p5', label: t('P5', 'P5'), format: FORMAT.decimal(1), value: (r) => r.p5 },
      { key: 'p50', label: t('P50', 'P50'), format: FORMAT.decimal(1), value: (r) => r.p50 },
      { key: 'p95', label: t('P95', 'P95'), format: FORMAT.decimal(1), value: (r) => r.p95 },
    ],
  };
}

export const DAILY_TABLE = seriesTable('daily', 'daily.csv', 'date', t('Dagreeksen', 'Daily series'));
export const WEEKLY_TABLE = seriesTable('weekly', 'weekly.csv', 'week_start', t('Weekreeksen', 'Weekly series'));

export const LEADTIMES_TABLE: TableDecl<PooledLeadTime> = {
  id: 'leadtimes',
  file: 'leadtimes.csv',
  title: t('Doorlooptijden', 'Lead times'),
  columns: [
    { key: 'scope', label: t('bereik', 'scope'), format: FORMAT.text, value: (l) => l.scope },
    { key: 'subject', label: t('onderwerp', 'subject'), format: FORMAT.text, value: (l) => l.subject },
    { key: 'measure', label: t('maat', 'measure'), format: FORMAT.text, value: (l) => l.measure },
    { key: 'by', label: t('naar', 'by'), format: FORMAT.text, value: (l) => l.by },
    { key: 'group', label: t('groep', 'group'), format: FORMAT.text, value: (l) => l.group },
    { key: 'count', label: t('aantal', 'count'), format: FORMAT.count, value: (l) => l.count },
    {
      key: 'mean_days',
      label: t('gemiddeld', 'mean'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (l) => l.meanDays,
    },
    {
      key: 'p50_days',
      label: t('mediaan', 'median'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (l) => l.p50Days,
    },
    { key: 'p90_days', label: t('P90', 'P90'), unit: UNIT.days, format: FORMAT.days(1), value: (l) => l.p90Days },
  ],
};

export const NORMS_TABLE: TableDecl<NormSummary> = {
  id: 'norms',
  file: 'norms.csv',
  title: t('Normen', 'Norms'),
  columns: [
    ...normIdColumns<NormSummary>(),
    ...normTermColumns<NormSummary>(),
    { key: 'measured_mean', label: t('gemeten', 'measured'), format: FORMAT.count, value: (n) => n.measured.mean },
    {
      key: 'within_share_mean',
      label: t('binnen de norm', 'within the norm'),
      format: FORMAT.percent(1),
      value: (n) => n.withinShare.mean,
    },
    {
      key: 'within_share_p5',
      label: t('binnen de norm P5', 'within the norm P5'),
      format: FORMAT.percent(1),
      value: (n) => n.withinShare.p5,
    },
    {
      key: 'within_share_p95',
      label: t('binnen de norm P95', 'within the norm P95'),
      format: FORMAT.percent(1),
      value: (n) => n.withinShare.p95,
    },
    {
      key: 'p50_days',
      label: t('mediaan', 'median'),
      unit: UNIT.days,
      format: FORMAT.days(1),
      value: (n) => n.p50Days,
    },
    { key: 'p90_days', label: t('P90', 'P90'), unit: UNIT.days, format: FORMAT.days(1), value: (n) => n.p90Days },
    {
      key: 'days_late_mean',
      label: t('dagen te laat', 'days late'),
      unit: UNIT.days,
      format: FORMAT.count,
      value: (n) => n.daysLate.mean,
    },
    {
      key: 'penalty_eur_mean',
      label: t('dwangsommen', 'penalties'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (n) => n.penaltyEur.mean,
    },
    {
      key: 'penalty_eur_p5',
      label: t('dwangsommen P5', 'penalties P5'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (n) => n.penaltyEur.p5,
    },
    {
      key: 'penalty_eur_p95',
      label: t('dwangsommen P95', 'penalties P95'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (n) => n.penaltyEur.p95,
    },
    {
      key: 'open_past_deadline_mean',
      label: t('open na de termijn', 'open past the deadline'),
      format: FORMAT.count,
      value: (n) => n.openPastDeadline.mean,
    },
  ],
};

/** The file of penalties.csv, written only for a model with penalty regimes. */
export const PENALTIES_FILE = 'penalties.csv';

/**
 * penalties.csv: per calendar year of the reported period (a partial year covers its days in it) and penalty
 * regime, the notices of default given, the penalty days run and their euros, spread across replications.
 */
export const PENALTIES_TABLE: TableDecl<PenaltyYearRow> = {
  id: 'penalties',
  file: PENALTIES_FILE,
  title: t('Dwangsommen per jaar', 'Penalties per year'),
  columns: [
    { key: 'year', label: t('jaar', 'year'), format: FORMAT.text, value: (r) => r.year },
    { key: 'norm', label: t('norm', 'norm'), format: FORMAT.text, value: (r) => r.ref.norm, only: 'files' },
    { key: 'regime', label: t('regeling', 'regime'), format: FORMAT.text, value: (r) => r.ref.regime, only: 'files' },
    { key: 'label', label: t('regeling', 'regime'), format: FORMAT.text, value: (r) => r.ref.label, only: 'terminal' },
    ...spreadColumns<PenaltyYearRow>((r) => r.spread.notices, '_notices', UNIT.cases),
    ...spreadColumns<PenaltyYearRow>((r) => r.spread.days, '_days', UNIT.days),
    ...spreadColumns<PenaltyYearRow>((r) => r.spread.eur, '_eur', UNIT.eur),
    { key: 'n', label: t('replicaties', 'replications'), format: FORMAT.count, value: (r) => r.spread.eur.n },
  ],
};

interface CostRow {
  year: number;
  category: string;
  spread: Spread;
}

export const COSTS_TABLE: TableDecl<CostRow> = {
  id: 'costs',
  file: 'costs.csv',
  title: t('Kosten per jaar', 'Costs per year'),
  columns: [
    { key: 'year', label: t('jaar', 'year'), format: FORMAT.text, value: (r) => r.year },
    {
      key: 'category',
      label: t('categorie', 'category'),
      format: FORMAT.text,
      value: (r) => r.category,
      only: 'files',
    },
    {
      key: 'category_label',
      label: t('categorie', 'category'),
      format: FORMAT.text,
      value: (r) => COST_CATEGORY_LABELS[r.category as keyof typeof COST_CATEGORY_LABELS] ?? t('totaal', 'total'),
      only: 'terminal',
    },
    {
      key: 'mean_eur',
      label: t('gemiddelde', 'mean'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => r.spread.mean,
    },
    { key: 'p5_eur', label: t('P5', 'P5'), unit: UNIT.eur, format: FORMAT.euro, value: (r) => r.spread.p5 },
    { key: 'p50_eur', label: t('P50', 'P50'), unit: UNIT.eur, format: FORMAT.euro, value: (r) => r.spread.p50 },
    { key: 'p95_eur', label: t('P95', 'P95'), unit: UNIT.eur, format: FORMAT.euro, value: (r) => r.spread.p95 },
  ],
};

export interface ActionRow {
  replication: number;
  action: PlaybookAction;
  decided: string;
  effective: string;
}

export const ACTIONS_TABLE: TableDecl<ActionRow> = {
  id: 'actions',
  file: 'actions.csv',
  title: t('Draaiboekacties', 'Playbook actions'),
  columns: [
    { key: 'replication', label: t('replicatie', 'replication'), format: FORMAT.count, value: (r) => r.replication },
    { key: 'rule', label: t('regel', 'rule'), format: FORMAT.text, value: (r) => r.action.rule },
    { key: 'kind', label: t('soort', 'kind'), format: FORMAT.text, value: (r) => r.action.kind },
    { key: 'decided', label: t('besloten', 'decided'), format: FORMAT.date, value: (r) => r.decided },
    { key: 'effective', label: t('van kracht', 'effective'), format: FORMAT.date, value: (r) => r.effective },
    { key: 'target', label: t('doel', 'target'), format: FORMAT.text, value: (r) => r.action.target },
    { key: 'change', label: t('wijziging', 'change'), format: FORMAT.decimal(0), value: (r) => r.action.change },
    { key: 'reason', label: t('reden', 'reason'), format: FORMAT.text, value: (r) => r.action.reason },
  ],
};

/** The KPIs of a result with their spreads: the simulator's and the catalogue's derived ones. */
export function resultKpis(result: Pick<SimulationResult, 'aggregate' | 'replications'>): Record<string, Spread> {
  return kpiSpreads(result.aggregate.kpis, result.replications);
}

export function summaryJson(result: SimulationResult): Record<string, unknown> {
  const start = parseIsoDate(result.startDate);
  return {
    doorstroom: result.version,
    model: result.model,
    seed: result.seed,
    replications: result.aggregate.replications,
    start: result.startDate,
    horizonDays: result.horizonDays,
    warmupDays: result.warmupDays,
    reportedPeriod: {
      from: formatIsoDate(start + result.warmupDays),
      to: formatIsoDate(start + result.horizonDays - 1),
    },
    kpis: resultKpis(result),
    norms: result.aggregate.norms,
    leadTimes: result.aggregate.leadTimes,
    units: {
      kpis: 'persons, days, EUR or shares as the key says; leadTime and waiting in calendar days; norm lead times in the norm’s days',
      spread: 'mean, sd and percentiles across replications',
    },
  };
}

/** Per replication: one value per week (flows summed, stocks averaged over the week's days). */
function weekly(values: Float64Array, flow: boolean): Float64Array {
  const weeks = Math.ceil(values.length / 7);
  const out = new Float64Array(weeks);
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    const end = Math.min(values.length, w * 7 + 7);
    for (let d = w * 7; d < end; d++) sum += values[d];
    out[w] = flow ? sum : sum / (end - w * 7);
  }
  return out;
}

function costRows(result: SimulationResult): CostRow[] {
  // Costs per calendar year of the reported period and category, spread across replications.
  const years = reportedYears(result.startDate, result.warmupDays, result.horizonDays);
  const perReplication = result.replications.map((r) => costsByYear(r, years));
  const rows: CostRow[] = [];
  years.forEach(({ year }, y) => {
    COST_CATEGORIES.forEach((category, c) =>
      rows.push({ year, category, spread: spreadOf(perReplication.map((costs) => costs[y][c])) }),
    );
    rows.push({
      year,
      category: 'total',
      spread: spreadOf(perReplication.map((costs) => costs[y].reduce((a, b) => a + b, 0))),
    });
  });
  return rows;
}

/** The rows of actions.csv: every playbook action of `replications`, its days as dates from `start` (a day number). */
export function actionRows(
  replications: readonly Pick<SimulationResult['replications'][number], 'replication' | 'actions'>[],
  start: number,
): ActionRow[] {
  const date = (day: number) => (day >= 0 ? formatIsoDate(start + day) : '');
  return replications.flatMap((r) =>
    r.actions.map((a) => ({
      replication: r.replication,
      action: a,
      decided: date(a.decidedDay),
      effective: date(a.effectiveDay),
    })),
  );
}

/** The declared tables of a simulation result with their rows, in the order of the files. */
export function simulationTables(result: SimulationResult, names: ModelNames = {}): TableOutput[] {
  const start = parseIsoDate(result.startDate);
  const agg = result.aggregate;
  const kpis = resultKpis(result);

  const replicationRows: ReplicationRow[] = [];
  for (const r of result.replications)
    for (const [kpi, value] of Object.entries(replicationKpis(r.kpis)))
      replicationRows.push({ replication: r.replication, kpi, value });

  const daily: SeriesRow[] = [];
  for (const s of agg.series)
    for (let d = 0; d < s.mean.length; d++)
      daily.push({
        date: formatIsoDate(start + d),
        series: s.key,
        mean: s.mean[d],
        p5: s.p5[d],
        p50: s.p50[d],
        p95: s.p95[d],
      });

  const weeklyRows: SeriesRow[] = [];
  for (const s of agg.series) {
    const flow = isFlowSeries(s.key);
    const perRep = result.replications.map((r) => weekly(r.series[s.key], flow));
    for (let w = 0; w < perRep[0].length; w++) {
      const sp = spreadOf(perRep.map((v) => v[w]));
      weeklyRows.push({
        date: formatIsoDate(start + w * 7),
        series: s.key,
        mean: sp.mean,
        p5: sp.p5,
        p50: sp.p50,
        p95: sp.p95,
      });
    }
  }

  const actions = actionRows(result.replications, start);

  return [
    output(
      kpiTable(names),
      Object.entries(kpis).map(([key, spread]) => ({ key, spread })),
    ),
    output(REPLICATIONS_TABLE, replicationRows),
    output(DAILY_TABLE, daily),
    output(WEEKLY_TABLE, weeklyRows),
    output(LEADTIMES_TABLE, agg.leadTimes),
    output(NORMS_TABLE, agg.norms),
    output(COSTS_TABLE, costRows(result)),
    output(ACTIONS_TABLE, actions),
    ...penaltyOutputs(result, names),
  ];
}

/** penalties.csv with its rows, for a model with penalty regimes; nothing for others. */
function penaltyOutputs(result: SimulationResult, names: ModelNames): TableOutput[] {
  const rows = penaltyYearRows(result, names);
  return rows.length > 0 ? [output(PENALTIES_TABLE, rows)] : [];
}

/** Writes the tables' CSV files and any JSON documents into a result folder, as one unit. */
export function writeTables(
  outDir: string,
  tables: readonly TableOutput[],
  json: Record<string, unknown> = {},
): string[] {
  return writeResultFolder(outDir, (folder) => {
    for (const [name, value] of Object.entries(json)) folder.write(name, jsonText(value));
    for (const { table, rows } of tables) if (table.file) folder.write(table.file, tableCsv(table, rows));
  });
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in); returns the files' paths. */
export function writeSimulationFiles(result: SimulationResult, outDir: string, names: ModelNames = {}): string[] {
  return writeTables(outDir, simulationTables(result, names), { 'summary.json': summaryJson(result) });
}

export { COST_CATEGORY_LABELS };
