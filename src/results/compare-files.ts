// A comparison of scenarios as declared tables and files: compare.json holds what a reader needs (the paired
// differences with their intervals, the precision, the MKBA, every replication's headline figures and each
// scenario's KPI spreads, norms and lead times); the bulky per-day series go to daily.csv, every replication's
// KPIs to replications.csv, the differences and the MKBA's yearly streams to their own CSV files. The terminal
// text shows the headline differences and the MKBA of each scenario, Dutch by default; the comparison report
// (src/report/compare-report.ts) shows the same tables, and the weekly bands, norms and playbook actions below.
import { formatPercent, type Lang, type Text, text } from '../core/locale.ts';

/** A share as a percentage with a decimal only where it has one: 5%, 2,5%. */
function shareText(share: number, lang: Lang): string {
  const pct = share * 100;
  return formatPercent(share, lang, Math.abs(pct - Math.round(pct)) < 1e-9 ? 0 : 1);
}
import type { ComparisonResult, PairedDifference } from '../sim/run/compare.ts';
import type { AggregateResult } from '../sim/run/aggregate.ts';
import {
  type ActorItem,
  isTransfer,
  type Mkba,
  type SensitivityAssumption,
  TRANSFER_CATEGORIES,
} from '../plan/mkba.ts';
import { ACTOR_LABELS, type Actor } from '../model/actors.ts';
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { COST_CATEGORY_LABELS } from '../sim/run/costs.ts';
import { kpiInfo, kpiKey, type ModelNames } from './kpis.ts';
import { type ActionRow, actionRows, ACTIONS_TABLE, writeTables } from './simulation-files.ts';
import { NORM_TABLE, type NormRow } from './simulation-table.ts';
import {
  type Column,
  FORMAT,
  type Interval,
  output,
  type TableDecl,
  type TableOutput,
  terminalTable,
  UNIT,
  wideTable,
  type WideRow,
} from './table.ts';

const t = text;

/** The KPIs compare shows first and keeps per replication in compare.json. */
export const HEADLINE_KPIS: readonly string[] = [
  kpiKey({ kind: 'cost', id: 'total', measure: 'eur' }),
  kpiKey({ kind: 'leadTime', measure: 'chain', statistic: 'mean' }),
  kpiKey({ kind: 'leadTime', measure: 'chain', statistic: 'p50' }),
  kpiKey({ kind: 'chain', measure: 'inChain', statistic: 'mean' }),
  kpiKey({ kind: 'chain', measure: 'permitHoldersWaiting', statistic: 'mean' }),
  kpiKey({ kind: 'reception', measure: 'overflow', statistic: 'personDays' }),
  kpiKey({ kind: 'moves', measure: 'perChild' }),
];

interface DifferenceRow {
  scenario: string;
  d: PairedDifference;
}

export const DIFFERENCES_TABLE: TableDecl<DifferenceRow> = {
  id: 'differences',
  file: 'differences.csv',
  title: t('Verschillen', 'Differences'),
  columns: [
    { key: 'scenario', label: t('scenario', 'scenario'), format: FORMAT.text, value: (r) => r.scenario },
    { key: 'kpi', label: t('kengetal', 'KPI'), format: FORMAT.text, value: (r) => r.d.kpi },
    { key: 'base_mean', label: t('basis', 'base'), format: FORMAT.decimal(2), value: (r) => r.d.baseMean },
    {
      key: 'scenario_mean',
      label: t('scenario', 'scenario'),
      format: FORMAT.decimal(2),
      value: (r) => r.d.scenarioMean,
    },
    { key: 'difference_mean', label: t('verschil', 'difference'), format: FORMAT.decimal(2), value: (r) => r.d.mean },
    {
      key: 'difference_low',
      label: t('verschil ondergrens', 'difference low'),
      format: FORMAT.decimal(2),
      value: (r) => r.d.low,
    },
    {
      key: 'difference_high',
      label: t('verschil bovengrens', 'difference high'),
      format: FORMAT.decimal(2),
      value: (r) => r.d.high,
    },
    {
      key: 'difference_sd',
      label: t('standaardafwijking verschil', 'difference sd'),
      format: FORMAT.decimal(2),
      value: (r) => r.d.sd,
    },
    { key: 'n', label: t('replicaties', 'replications'), format: FORMAT.count, value: (r) => r.d.n },
  ],
};

interface MkbaRow {
  m: Mkba;
  /** A cost category of the model, or `measure:<id>` for a measure's own cost. */
  category: string;
  year: number;
  difference: number;
}

/** The category column of a measure's own cost in mkba.csv. */
const measureCostCategory = (id: string) => `measure:${id}`;

export const MKBA_TABLE: TableDecl<MkbaRow> = {
  id: 'mkba',
  file: 'mkba.csv',
  title: t('MKBA per jaar', 'MKBA per year'),
  columns: [
    { key: 'scenario', label: t('scenario', 'scenario'), format: FORMAT.text, value: (r) => r.m.scenario },
    { key: 'year', label: t('jaar', 'year'), format: FORMAT.text, value: (r) => r.year },
    { key: 'category', label: t('categorie', 'category'), format: FORMAT.text, value: (r) => r.category },
    {
      key: 'difference_eur',
      label: t('verschil', 'difference'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => r.difference,
    },
    {
      key: 'discount_factor',
      label: t('disconteringsfactor', 'discount factor'),
      format: FORMAT.decimal(4),
      value: (r) => 1 / (1 + r.m.discountRate) ** (r.year - r.m.baseYear),
    },
  ],
};

interface ReplicationRow {
  scenario: string;
  replication: number;
  kpi: string;
  value: number;
}

export const COMPARE_REPLICATIONS_TABLE: TableDecl<ReplicationRow> = {
  id: 'replications',
  file: 'replications.csv',
  title: t('Kengetallen per replicatie', 'Key figures per replication'),
  columns: [
    { key: 'scenario', label: t('scenario', 'scenario'), format: FORMAT.text, value: (r) => r.scenario },
    { key: 'replication', label: t('replicatie', 'replication'), format: FORMAT.count, value: (r) => r.replication },
    { key: 'kpi', label: t('kengetal', 'KPI'), format: FORMAT.text, value: (r) => r.kpi },
    { key: 'value', label: t('waarde', 'value'), format: FORMAT.decimal(2), value: (r) => r.value },
  ],
};

interface DailyRow {
  scenario: string;
  date: string;
  series: string;
  mean: number;
  p5: number;
  p50: number;
  p95: number;
}

/** Numbers exactly as computed (not rounded), so daily.csv holds what compare.json held before. */
const exact = (v: number): string => (Number.isFinite(v) ? String(v) : '');

export const COMPARE_DAILY_TABLE: TableDecl<DailyRow> = {
  id: 'daily',
  file: 'daily.csv',
  title: t('Dagreeksen', 'Daily series'),
  columns: [
    { key: 'scenario', label: t('scenario', 'scenario'), format: FORMAT.text, value: (r) => r.scenario },
    { key: 'date', label: t('datum', 'date'), format: FORMAT.date, value: (r) => r.date },
    { key: 'series', label: t('reeks', 'series'), format: FORMAT.text, value: (r) => r.series },
    { key: 'mean', label: t('gemiddelde', 'mean'), format: FORMAT.decimal(1), value: (r) => r.mean, csv: exact },
    { key: 'p5', label: t('P5', 'P5'), format: FORMAT.decimal(1), value: (r) => r.p5, csv: exact },
    { key: 'p50', label: t('P50', 'P50'), format: FORMAT.decimal(1), value: (r) => r.p50, csv: exact },
    { key: 'p95', label: t('P95', 'P95'), format: FORMAT.decimal(1), value: (r) => r.p95, csv: exact },
  ],
};

function scenarioNames(result: ComparisonResult): string[] {
  return [result.base.name, ...result.scenarios.map((s) => s.name)];
}

/** The comparison's file tables with their rows. */
export function comparisonTables(result: ComparisonResult, analyses: readonly Mkba[]): TableOutput[] {
  const names = scenarioNames(result);
  const replications: ReplicationRow[] = [];
  result.runs.forEach((reps, i) =>
    reps.forEach((r) =>
      Object.entries(r.kpis).forEach(([kpi, value]) =>
        replications.push({ scenario: names[i], replication: r.replication, kpi, value }),
      ),
    ),
  );
  const differences: DifferenceRow[] = result.scenarios.flatMap((s) =>
    s.differences.map((d) => ({ scenario: s.name, d })),
  );
  const mkbaRows: MkbaRow[] = analyses.flatMap((m) => [
    ...m.categories.flatMap((c) =>
      c.differenceByYear.map((difference, y) => ({ m, category: c.category, year: m.years[y], difference })),
    ),
    ...m.measureCosts.flatMap((c) =>
      c.costByYear.map((difference, y) => ({
        m,
        category: measureCostCategory(c.id),
        year: m.years[y],
        difference,
      })),
    ),
  ]);
  const start = parseIsoDate(result.startDate);
  const actions = result.runs.flatMap((reps, i) =>
    actionRows(reps, start).map((row) => ({ ...row, scenario: names[i] })),
  );
  const daily: DailyRow[] = [];
  [result.base.aggregate, ...result.scenarios.map((s) => s.aggregate)].forEach((agg, i) => {
    for (const s of agg.series)
      for (let d = 0; d < s.mean.length; d++)
        daily.push({
          scenario: names[i],
          date: formatIsoDate(start + d),
          series: s.key,
          mean: s.mean[d],
          p5: s.p5[d],
          p50: s.p50[d],
          p95: s.p95[d],
        });
  });
  return [
    output(DIFFERENCES_TABLE, differences),
    output(MKBA_TABLE, mkbaRows),
    output(MKBA_ACTORS_TABLE, analyses.flatMap(actorTableRows)),
    output(
      SENSITIVITY_TABLE,
      analyses.flatMap((m) => m.sensitivity.map((s) => ({ m, s }))),
    ),
    output(COMPARE_REPLICATIONS_TABLE, replications),
    output(COMPARE_DAILY_TABLE, daily),
    output(COMPARE_ACTIONS_TABLE, actions),
  ];
}

/** An aggregate without its daily series (they are in daily.csv). */
function withoutSeries(aggregate: AggregateResult): Omit<AggregateResult, 'series'> {
  const { series: _series, ...rest } = aggregate;
  return rest;
}

/** compare.json: differences, intervals, precision, MKBA, per-replication headline figures and KPI spreads. */
export function comparisonJson(result: ComparisonResult, analyses: readonly Mkba[]): Record<string, unknown> {
  const { runs, base, scenarios, ...summary } = result;
  const names = scenarioNames(result);
  const headline = HEADLINE_KPIS.filter((k) => k in runs[0][0].kpis);
  return {
    ...summary,
    base: { ...base, aggregate: withoutSeries(base.aggregate) },
    scenarios: scenarios.map((s) => ({ ...s, aggregate: withoutSeries(s.aggregate) })),
    mkba: analyses,
    replicationFigures: {
      kpis: headline,
      scenarios: runs.map((reps, i) => ({
        name: names[i],
        replications: reps.map((r) => r.replication),
        values: headline.map((k) => reps.map((r) => r.kpis[k])),
      })),
    },
    files: {
      'daily.csv': 'the daily series of every scenario: mean and 5th/50th/95th percentiles across replications',
      'replications.csv': 'every KPI of every replication of every scenario',
      'differences.csv': 'the paired difference of every KPI',
      'mkba.csv': 'the MKBA cost differences per scenario, year and category',
      'mkba-actors.csv': 'the MKBA per scenario, actor and item: present value of costs, of benefits, and net',
      'mkba-sensitivity.csv':
        'the net present value under the low and high value of each assumption, with 95% intervals',
      'actions.csv': 'the playbook actions of every scenario and replication, with their reasons',
    },
  };
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in). */
export function writeComparisonFiles(result: ComparisonResult, analyses: readonly Mkba[], outDir: string): string[] {
  return writeTables(outDir, comparisonTables(result, analyses), { 'compare.json': comparisonJson(result, analyses) });
}

// ---- The terminal -------------------------------------------------------------------------------------------

interface HeadlineRow {
  d: PairedDifference;
  names: ModelNames;
  needed?: number;
}

const differenceInterval = (d: PairedDifference): Interval => ({ mean: d.mean, low: d.low, high: d.high });

function headlineTable(target: number): TableDecl<HeadlineRow> {
  const format = (r: HeadlineRow) => kpiInfo(r.d.kpi, r.names).format;
  return {
    id: 'headline',
    title: t('Kerncijfers', 'Headline figures'),
    columns: [
      {
        key: 'kpi',
        label: t('kengetal', 'KPI'),
        format: FORMAT.text,
        value: (r) => {
          const info = kpiInfo(r.d.kpi, r.names);
          return info.unit ? t(`${info.label.nl} (${info.unit.nl})`, `${info.label.en} (${info.unit.en})`) : info.label;
        },
      },
      { key: 'base', label: t('basis', 'base'), format, value: (r) => r.d.baseMean },
      { key: 'scenario', label: t('scenario', 'scenario'), format, value: (r) => r.d.scenarioMean },
      {
        key: 'difference',
        label: t('verschil', 'difference'),
        format: (r) => ({ ...format(r), signed: true }),
        value: (r) => differenceInterval(r.d),
      },
      {
        key: 'needed',
        label: t(`replicaties voor ±${shareText(target, 'nl')}`, `replications for ±${shareText(target, 'en')}`),
        format: FORMAT.text,
        value: (r) =>
          r.needed === undefined
            ? ''
            : Number.isFinite(r.needed)
              ? String(r.needed)
              : t('meer dan mogelijk', 'more than any'),
      },
    ],
  };
}

interface MoneyRow {
  label: Text;
  value: number | Interval;
  format?: 'ratio';
}

const MKBA_SUMMARY: TableDecl<MoneyRow> = {
  id: 'mkba-summary',
  title: t('MKBA', 'MKBA'),
  columns: [
    { key: 'item', label: t('post', 'item'), format: FORMAT.text, value: (r) => r.label },
    {
      key: 'value',
      label: t('contante waarde', 'present value'),
      format: (r) => (r.format === 'ratio' ? FORMAT.decimal(2) : FORMAT.euro),
      value: (r) => r.value,
    },
  ],
};

interface UnpricedRow {
  u: Mkba['unpriced'][number];
  names: ModelNames;
}

const UNPRICED_TABLE: TableDecl<UnpricedRow> = {
  id: 'unpriced',
  title: t('Niet geprijsd', 'Not priced'),
  columns: [
    {
      key: 'effect',
      label: t('niet geprijsd', 'not priced'),
      format: FORMAT.text,
      value: ({ u, names }) => {
        const info = kpiInfo(u.kpi, names);
        const better =
          info.direction === 'higher'
            ? t('hoger is beter', 'higher is better')
            : t('lager is beter', 'lower is better');
        return t(`${info.label.nl} (${better.nl})`, `${info.label.en} (${better.en})`);
      },
    },
    {
      key: 'difference',
      label: t('verschil', 'difference'),
      format: ({ u, names }) => ({ ...kpiInfo(u.kpi, names).format, signed: true }),
      value: ({ u }) => differenceInterval(u),
    },
  ],
};

/** The scenario column of a file table of MKBA rows (the terminal and report show one scenario at a time). */
function scenarioOfMkba<R extends { m: Mkba }>(): Column<R> {
  return {
    key: 'scenario',
    label: t('scenario', 'scenario'),
    format: FORMAT.text,
    value: (r) => r.m.scenario,
    only: 'files',
  };
}

interface SensitivityRow {
  m: Mkba;
  s: Mkba['sensitivity'][number];
}

/** The net present value under each assumption's low and high value, with their 95% intervals (a tornado). */
export const SENSITIVITY_TABLE: TableDecl<SensitivityRow> = {
  id: 'sensitivity',
  file: 'mkba-sensitivity.csv',
  title: t('MKBA-gevoeligheid', 'MKBA sensitivity'),
  columns: [
    scenarioOfMkba(),
    {
      key: 'assumption',
      label: t('gevoeligheid van de NCW', 'sensitivity of the NPV'),
      format: FORMAT.text,
      value: (r) => sensitivityLabel(r.s.assumption),
    },
    {
      key: 'low',
      label: t('NCW bij laag', 'NPV at low'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => ({ mean: r.s.low, ...r.s.lowInterval }),
      interval: true,
    },
    {
      key: 'high',
      label: t('NCW bij hoog', 'NPV at high'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => ({ mean: r.s.high, ...r.s.highInterval }),
      interval: true,
    },
  ],
};

/**
 * An assumption of the sensitivity analysis in words: `prijs van opvang ±25%`, `kosten van training ±25%`,
 * `discontovoet 0% … 4%`.
 */
export function sensitivityLabel(assumption: SensitivityAssumption): Text {
  const percent = (x: number) => `${Math.round(x * 100)}%`;
  if (assumption.kind === 'discountRate') {
    const range = `${percent(assumption.rateLow)} … ${percent(assumption.rateHigh)}`;
    return t(`discontovoet ${range}`, `discount rate ${range}`);
  }
  const swing = `±${Math.round(((assumption.factorHigh - assumption.factorLow) / 2) * 100)}%`;
  if (assumption.kind === 'measureCost')
    return t(`bedrag van ${assumption.label} ${swing}`, `amount of ${assumption.label} ${swing}`);
  const label = COST_CATEGORY_LABELS[assumption.category];
  return t(`prijs van ${label.nl} ${swing}`, `price of ${label.en} ${swing}`);
}

// ---- The MKBA per actor -----------------------------------------------------------------------------------------

interface ActorTableRow {
  m: Mkba;
  /** undefined on the total row. */
  actor?: Actor;
  /** undefined on an actor's subtotal and on the total row. */
  item?: ActorItem;
  costs: number;
  benefits: number;
  net: number;
}

/** An item of the per-actor table in words: a cost category (a transfer said so), or a measure's own cost. */
export function actorItemLabel(item: ActorItem): Text {
  if (item.kind === 'measureCost') return t(`${item.label} (maatregel)`, `${item.label} (measure)`);
  const label = COST_CATEGORY_LABELS[item.category];
  return isTransfer(item) ? t(`${label.nl} (overdracht)`, `${label.en} (transfer)`) : label;
}

/** The rows of one scenario's per-actor table: its items, a subtotal per actor with several, and the total. */
export function actorTableRows(m: Mkba): ActorTableRow[] {
  const rows: ActorTableRow[] = [];
  const sum = (list: readonly { presentValueCosts: number; presentValueBenefits: number; net: number }[]) => ({
    costs: list.reduce((a, r) => a + r.presentValueCosts, 0),
    benefits: list.reduce((a, r) => a + r.presentValueBenefits, 0),
    net: list.reduce((a, r) => a + r.net, 0),
  });
  const actors = [...new Set(m.actors.map((r) => r.actor))];
  for (const actor of actors) {
    const items = m.actors.filter((r) => r.actor === actor);
    for (const r of items)
      rows.push({ m, actor, item: r.item, costs: r.presentValueCosts, benefits: r.presentValueBenefits, net: r.net });
    if (items.length > 1) rows.push({ m, actor, ...sum(items) });
  }
  // Society: the transfers' two rows cancel, so its costs and benefits are those of the other rows.
  rows.push({ m, ...sum(m.actors.filter((r) => !isTransfer(r.item))) });
  return rows;
}

export const MKBA_ACTORS_TABLE: TableDecl<ActorTableRow> = {
  id: 'mkba-actors',
  file: 'mkba-actors.csv',
  title: t('MKBA per actor', 'MKBA per actor'),
  columns: [
    scenarioOfMkba(),
    { key: 'actor', label: t('actor', 'actor'), format: FORMAT.text, value: (r) => r.actor ?? '', only: 'files' },
    {
      key: 'item',
      label: t('post', 'item'),
      format: FORMAT.text,
      value: (r) =>
        r.item === undefined
          ? r.actor === undefined
            ? 'total'
            : 'subtotal'
          : r.item.kind === 'category'
            ? r.item.category
            : measureCostCategory(r.item.id),
      only: 'files',
    },
    {
      key: 'actor_label',
      label: t('actor', 'actor'),
      format: FORMAT.text,
      value: (r) => (r.actor === undefined ? t('totaal (samenleving)', 'total (society)') : ACTOR_LABELS[r.actor]),
      only: 'terminal',
    },
    {
      key: 'item_label',
      label: t('post', 'item'),
      format: FORMAT.text,
      value: (r) =>
        r.item === undefined ? (r.actor === undefined ? '' : t('subtotaal', 'subtotal')) : actorItemLabel(r.item),
      only: 'terminal',
    },
    {
      key: 'present_value_costs_eur',
      label: t('kosten', 'costs'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => r.costs,
    },
    {
      key: 'present_value_benefits_eur',
      label: t('baten', 'benefits'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => r.benefits,
    },
    {
      key: 'net_eur',
      label: t('saldo', 'net'),
      unit: UNIT.eur,
      format: { ...FORMAT.euro, signed: true },
      value: (r) => r.net,
    },
  ],
};

/** The headline differences of scenario `j` against the base, with the replications each needs for the target. */
export function headlineOutput(result: ComparisonResult, j: number, names: ModelNames = {}): TableOutput {
  const s = result.scenarios[j];
  const target = result.precision.target ?? 0.05;
  const headline: HeadlineRow[] = [];
  for (const kpi of HEADLINE_KPIS) {
    const d = s.differences.find((x) => x.kpi === kpi);
    if (!d || d.n === 0) continue;
    const needed = result.precision.needed.find((n) => n.scenario === s.name && n.kpi === kpi);
    headline.push({ d, names, needed: needed?.replications });
  }
  return output(headlineTable(target), headline);
}

/** The sensitivities the terminal shows: the largest swings. */
const SENSITIVITY_SHOWN = 6;

/**
 * The tables of a scenario's MKBA: present values per category with the net present value and ratio, then the
 * effects without a price and the sensitivity of the net present value (the first `sensitivityShown`), when any.
 */
export function mkbaOutputs(m: Mkba, names: ModelNames = {}, sensitivityShown = Infinity): TableOutput[] {
  const money: MoneyRow[] = [];
  const line = (label: Text, presentValue: number, transfer = false) =>
    money.push({
      label: transfer
        ? t(`${label.nl} (overdracht, niet in het saldo)`, `${label.en} (transfer, not in the net)`)
        : presentValue > 0
          ? t(`${label.nl} (kosten)`, `${label.en} (cost)`)
          : t(`${label.nl} (baten)`, `${label.en} (benefit)`),
      value: Math.abs(presentValue),
    });
  for (const c of m.categories)
    if (c.presentValue !== 0)
      line(COST_CATEGORY_LABELS[c.category], c.presentValue, TRANSFER_CATEGORIES.includes(c.category));
  for (const c of m.measureCosts)
    if (c.presentValue !== 0) line(actorItemLabel({ kind: 'measureCost', id: c.id, label: c.label }), c.presentValue);
  money.push({ label: t('kosten', 'costs'), value: m.presentValueCosts });
  money.push({ label: t('baten', 'benefits'), value: m.presentValueBenefits });
  money.push({
    label: t('netto contante waarde', 'net present value'),
    value: { mean: m.netPresentValue.mean, low: m.netPresentValue.low, high: m.netPresentValue.high },
  });
  money.push({ label: t('baten/kosten-verhouding', 'benefit/cost ratio'), value: m.benefitCostRatio, format: 'ratio' });
  const tables = [output(MKBA_SUMMARY, money)];
  if (m.actors.length > 0) tables.push(output(MKBA_ACTORS_TABLE, actorTableRows(m)));
  const effects = [...m.unpriced, ...m.penaltyEffects];
  if (effects.length > 0)
    tables.push(
      output(
        UNPRICED_TABLE,
        effects.map((u) => ({ u, names })),
      ),
    );
  if (m.sensitivity.length > 0)
    tables.push(
      output(
        SENSITIVITY_TABLE,
        m.sensitivity.slice(0, sensitivityShown).map((s) => ({ m, s })),
      ),
    );
  return tables;
}

/** The terminal tables of one scenario: headline differences, MKBA, unpriced effects and sensitivity. */
export function scenarioTables(result: ComparisonResult, j: number, m: Mkba, names: ModelNames = {}): TableOutput[] {
  return [headlineOutput(result, j, names), ...mkbaOutputs(m, names, SENSITIVITY_SHOWN)];
}

// ---- The report's further tables ------------------------------------------------------------------------------

/** A weekly series per scenario: a column per scenario (the base first) of the mean with its 5–95% range. */
export function bandTable(names: readonly string[]): TableDecl<WideRow> {
  return wideTable(
    {
      id: 'weekly-bands',
      title: t('Weekgemiddelden per scenario: gemiddelde [5–95%]', 'Weekly means per scenario: mean [5–95%]'),
    },
    names.map((name, i) => ({ key: `scenario_${i}`, label: name })),
    FORMAT.count,
    true,
  );
}

interface ScenarioNormRow extends NormRow {
  scenario: string;
}

/** The norms of every scenario: the simulation's norm table with the scenario beside the norm, and the median. */
export const COMPARE_NORMS_TABLE: TableDecl<ScenarioNormRow> = {
  id: 'norms',
  title: t('Doorlooptijden tegenover de normen', 'Lead times against the norms'),
  columns: [
    NORM_TABLE.columns[0],
    { key: 'scenario', label: t('scenario', 'scenario'), format: FORMAT.text, value: (r) => r.scenario },
    ...NORM_TABLE.columns.slice(1, 3),
    { key: 'p50', label: t('P50', 'P50'), unit: t('d', 'd'), format: FORMAT.days(1), value: (r) => r.norm.p50Days },
    ...NORM_TABLE.columns.slice(3),
  ],
};

/** The norms of the base and each scenario, norm by norm; `scenarios` names the base and the scenarios. */
export function compareNormsOutput(
  result: ComparisonResult,
  scenarios: readonly string[],
  names: ModelNames = {},
): TableOutput {
  const aggregates = [result.base.aggregate, ...result.scenarios.map((s) => s.aggregate)];
  const rows = result.base.aggregate.norms.flatMap((_, j) =>
    aggregates.flatMap((agg, i) => {
      const norm = agg.norms[j];
      return norm ? [{ norm, names, scenario: scenarios[i] }] : [];
    }),
  );
  return output(COMPARE_NORMS_TABLE, rows);
}

/** Playbook actions of every scenario and replication: simulate's actions.csv with the scenario first. */
export const COMPARE_ACTIONS_TABLE: TableDecl<ActionRow & { scenario: string }> = {
  id: 'actions',
  file: 'actions.csv',
  title: ACTIONS_TABLE.title,
  columns: [
    { key: 'scenario', label: t('scenario', 'scenario'), format: FORMAT.text, value: (r) => r.scenario },
    ...ACTIONS_TABLE.columns,
  ],
};

export function comparisonText(
  result: ComparisonResult,
  analyses: readonly Mkba[],
  lang: Lang = 'nl',
  names: ModelNames = {},
): string {
  const nl = lang === 'nl';
  const lines: string[] = [];
  lines.push(
    nl
      ? `doorstroom compare · basis ${result.base.model.name} · ${result.replications} gepaarde replicaties · seed ${result.seed}`
      : `doorstroom compare · base ${result.base.model.name} · ${result.replications} paired replications · seed ${result.seed}`,
  );
  lines.push(
    nl
      ? 'verschillen zijn scenario − basis, gemiddelde [95%-interval uit gepaarde replicaties]'
      : 'differences are scenario − base, mean [95% interval from paired replications]',
  );
  result.scenarios.forEach((s, j) => {
    const m = analyses[j];
    lines.push('', `scenario ${s.name}`);
    const [headline, money, ...rest] = scenarioTables(result, j, m, names);
    lines.push(terminalTable(headline.table, headline.rows, lang));
    const rate = formatPercent(m.discountRate, lang, 2);
    lines.push(
      '',
      nl
        ? `MKBA ${m.years[0]}–${m.years[m.years.length - 1]}, verdisconteerd tegen ${rate} naar ${m.baseYear} (EUR)`
        : `MKBA ${m.years[0]}–${m.years[m.years.length - 1]}, discounted at ${rate} to ${m.baseYear} (EUR)`,
    );
    lines.push(terminalTable(money.table, money.rows, lang));
    for (const table of rest) lines.push('', terminalTable(table.table, table.rows, lang));
  });
  if (result.precision.target !== undefined && !result.precision.met) {
    const target = shareText(result.precision.target, lang);
    lines.push(
      '',
      nl
        ? `de gevraagde precisie (±${target}) is niet bereikt binnen het maximum aantal replicaties; verhoog --max-replications`
        : `the stated precision (±${target}) was not reached within the maximum number of replications; raise --max-replications`,
    );
  }
  return lines.join('\n') + '\n';
}
