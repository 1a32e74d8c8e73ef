// The readable terminal summary of a simulation: the figures a coordination table asks for first, each as the
// mean across replications with its 5–95% range, in declared tables (the same declarations give the report's
// tables through `tableData`). Plain text, no colours, so it also reads in a log file. Dutch by default.
import type { SimulationResult } from '../sim/run/simulate.ts';
import { CHAIN_KPI } from '../sim/chain/keys.ts';
import type { NormSummary, Spread } from '../sim/run/aggregate.ts';
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { formatCount, formatNumber, type Lang, type Text, text } from '../core/locale.ts';
import { kpiInfo, kpiKey, keysOf, type ModelNames, parseKpi, summaryKeys } from './kpis.ts';
import { resultKpis, spreadInterval } from './simulation-files.ts';
import { FORMAT, type TableDecl, type TableOutput, output, terminalTable, UNIT } from './table.ts';
import { PENALTY_SUMMARY_TABLE, penaltyRegimesOf } from './penalty-tables.ts';
import { penaltyKpi } from '../sim/chain/keys.ts';

const t = text;

interface Figures {
  kpis: Record<string, Spread>;
  names: ModelNames;
}

interface KeyRow {
  key: string;
  figures: Figures;
  /** A figure shown in place of the KPI's own spread (overflow per day). */
  spread?: Spread;
}

const CHAIN_TABLE: TableDecl<KeyRow> = {
  id: 'chain',
  title: t('Keten', 'Chain'),
  columns: [
    { key: 'kpi', label: t('keten', 'chain'), format: FORMAT.text, value: (r) => labelWithUnit(r) },
    {
      key: 'value',
      label: t('waarde', 'value'),
      format: (r) => kpiInfo(r.key, r.figures.names).format,
      value: (r) => spreadInterval(r.figures.kpis[r.key]),
    },
  ],
};

function labelWithUnit(r: KeyRow): Text {
  const info = kpiInfo(r.key, r.figures.names);
  if (!info.unit) return info.label;
  return { nl: `${info.label.nl} (${info.unit.nl})`, en: `${info.label.en} (${info.unit.en})` };
}

interface StageRow {
  id: string;
  figures: Figures;
}

function stageFigure(measure: string, statistic?: string) {
  return (r: StageRow) => spreadInterval(r.figures.kpis[kpiKey({ kind: 'stage', id: r.id, measure, statistic })]);
}

const STAGE_TABLE: TableDecl<StageRow> = {
  id: 'stages',
  title: t('Fasen', 'Stages'),
  columns: [
    {
      key: 'stage',
      label: t('fase', 'stage'),
      format: FORMAT.text,
      value: (r) => r.figures.names.stages?.get(r.id) ?? r.id,
    },
    {
      key: 'waiting_mean',
      label: t('wachttijd gem.', 'waiting mean'),
      unit: t('d', 'd'),
      format: FORMAT.days(1),
      value: stageFigure('waiting', 'mean'),
    },
    {
      key: 'waiting_p90',
      label: t('wachttijd P90', 'waiting P90'),
      unit: t('d', 'd'),
      format: FORMAT.days(1),
      value: stageFigure('waiting', 'p90'),
    },
    {
      key: 'total_p50',
      label: t('in fase P50', 'in stage P50'),
      unit: t('d', 'd'),
      format: FORMAT.days(1),
      value: stageFigure('total', 'p50'),
    },
    {
      key: 'backlog_mean',
      label: t('voorraad gem.', 'backlog mean'),
      format: FORMAT.count,
      value: stageFigure('backlog', 'mean'),
    },
    {
      key: 'utilisation',
      label: t('bezettingsgraad', 'utilisation'),
      format: FORMAT.percent(0),
      value: stageFigure('utilisation'),
    },
  ],
};

/** A norm's term as people read it: months, working days or days. */
export function normTerm(n: Pick<NormSummary, 'termMonths' | 'termDays' | 'working'>): Text {
  if (n.termMonths > 0) return t(`${n.termMonths} maanden`, `${n.termMonths} months`);
  return n.working
    ? t(`${n.termDays} werkdagen`, `${n.termDays} working days`)
    : t(`${n.termDays} dagen`, `${n.termDays} days`);
}

export interface NormRow {
  norm: NormSummary;
  names: ModelNames;
}

export const NORM_TABLE: TableDecl<NormRow> = {
  id: 'norms',
  title: t('Normen', 'Norms'),
  columns: [
    {
      key: 'norm',
      label: t('norm', 'norm'),
      format: FORMAT.text,
      value: ({ norm: n, names }) =>
        n.scope === 'stage'
          ? t(`fase ${names.stages?.get(n.id) ?? n.id}`, `stage ${names.stages?.get(n.id) ?? n.id}`)
          : n.label,
    },
    { key: 'term', label: t('termijn', 'term'), format: FORMAT.text, value: (r) => normTerm(r.norm) },
    {
      key: 'within',
      label: t('binnen de norm', 'within norm'),
      format: FORMAT.percent(1),
      value: (r) => spreadInterval(r.norm.withinShare),
    },
    { key: 'p90', label: t('P90', 'P90'), unit: t('d', 'd'), format: FORMAT.days(1), value: (r) => r.norm.p90Days },
    {
      key: 'penalties',
      label: t('dwangsommen', 'penalties'),
      unit: UNIT.eur,
      format: FORMAT.euro,
      value: (r) => spreadInterval(r.norm.penaltyEur),
    },
  ],
};

interface LocationRow {
  label: Text | string;
  occupiedMean?: Spread;
  occupiedMax?: Spread;
  bedsMean?: Spread;
}

const LOCATION_TABLE: TableDecl<LocationRow> = {
  id: 'reception',
  title: t('Opvang', 'Reception'),
  columns: [
    { key: 'location', label: t('opvang', 'reception'), format: FORMAT.text, value: (r) => r.label },
    {
      key: 'occupied_mean',
      label: t('bezet gem.', 'occupied mean'),
      format: FORMAT.count,
      value: (r) => spreadInterval(r.occupiedMean),
    },
    {
      key: 'occupied_max',
      label: t('bezet max.', 'occupied max'),
      format: FORMAT.count,
      value: (r) => spreadInterval(r.occupiedMax),
    },
    {
      key: 'beds_mean',
      label: t('bedden gem.', 'beds mean'),
      format: FORMAT.count,
      value: (r) => (r.bedsMean ? spreadInterval(r.bedsMean) : ''),
    },
  ],
};

interface RuleRow {
  id: string;
  acted: number;
  replications: number;
  actions: number;
  firstEffect: string;
}

const PLAYBOOK_TABLE: TableDecl<RuleRow> = {
  id: 'playbook',
  title: t('Draaiboek', 'Playbook'),
  columns: [
    { key: 'rule', label: t('draaiboekregel', 'playbook rule'), format: FORMAT.text, value: (r) => r.id },
    {
      key: 'acted',
      label: t('trad op in', 'acted in'),
      format: FORMAT.text,
      value: (r) => t(`${r.acted} van ${r.replications} replicaties`, `${r.acted} of ${r.replications} replications`),
    },
    { key: 'actions', label: t('acties (gem.)', 'actions (mean)'), format: FORMAT.decimal(1), value: (r) => r.actions },
    {
      key: 'first_effect',
      label: t('eerste effect (mediaan)', 'first effect (median)'),
      format: FORMAT.date,
      value: (r) => r.firstEffect,
    },
  ],
};

const COST_TABLE: TableDecl<KeyRow> = {
  id: 'costs',
  title: t('Kosten', 'Costs'),
  columns: [
    {
      key: 'category',
      label: t('kosten (verslagperiode)', 'costs (reported period)'),
      unit: UNIT.eur,
      format: FORMAT.text,
      value: (r) => kpiInfo(r.key).label,
    },
    {
      key: 'value',
      label: t('waarde', 'value'),
      format: FORMAT.euro,
      value: (r) => spreadInterval(r.figures.kpis[r.key]),
    },
  ],
};

/** The summary's tables with their rows: the same declarations print on the terminal and render in a report. */
export function simulationSummaryTables(result: SimulationResult, names: ModelNames = {}): TableOutput[] {
  const kpis = resultKpis(result);
  const keys = Object.keys(kpis);
  const figures: Figures = { kpis, names };
  const tables: TableOutput[] = [];

  const showMoves = (kpis[CHAIN_KPI.movesPerPerson]?.mean ?? 0) > 0;
  const chainRows = summaryKeys('chain', keys)
    .filter((key) => {
      const kind = parseKpi(key)?.key.kind;
      if (kind === 'exit') return kpis[key].mean > 0;
      if (kind === 'moves') return showMoves;
      return true;
    })
    .map((key) => ({ key, figures }));
  tables.push(output(CHAIN_TABLE, chainRows));

  const stageIds = keysOf(keys, 'stage', 'waiting', 'mean').map((k) => k.id!);
  tables.push(
    output(
      STAGE_TABLE,
      stageIds.map((id) => ({ id, figures })),
    ),
  );

  if (result.aggregate.norms.length > 0)
    tables.push(
      output(
        NORM_TABLE,
        result.aggregate.norms.map((norm) => ({ norm, names })),
      ),
    );

  const regimes = penaltyRegimesOf(result, names);
  if (regimes.length > 0)
    tables.push(
      output(
        PENALTY_SUMMARY_TABLE,
        regimes.map(({ norm, regime, label }) => ({
          label,
          notices: spreadInterval(kpis[penaltyKpi('notices', norm, regime)]),
          days: spreadInterval(kpis[penaltyKpi('days', norm, regime)]),
          eur: spreadInterval(kpis[penaltyKpi('eur', norm, regime)]),
        })),
      ),
    );

  const locIds = keysOf(keys, 'location', 'occupied', 'mean').map((k) => k.id!);
  if (locIds.length > 0) {
    const days = Math.max(1, result.horizonDays - result.warmupDays);
    const overflow = kpis[kpiKey({ kind: 'reception', measure: 'overflow', statistic: 'personDays' })];
    const rows: LocationRow[] = locIds.map((id) => ({
      label: names.locations?.get(id) ?? id,
      occupiedMean: kpis[kpiKey({ kind: 'location', id, measure: 'occupied', statistic: 'mean' })],
      occupiedMax: kpis[kpiKey({ kind: 'location', id, measure: 'occupied', statistic: 'max' })],
      bedsMean: kpis[kpiKey({ kind: 'location', id, measure: 'beds', statistic: 'mean' })],
    }));
    rows.push({
      label: t('zonder bed (personen)', 'overflow (persons without a bed)'),
      occupiedMean: overflow
        ? { ...overflow, mean: overflow.mean / days, p5: overflow.p5 / days, p95: overflow.p95 / days }
        : undefined,
      occupiedMax: kpis[kpiKey({ kind: 'reception', measure: 'overflow', statistic: 'max' })],
    });
    tables.push(output(LOCATION_TABLE, rows));
  }

  const ruleIds = keysOf(keys, 'playbook', 'actions').map((k) => k.id!);
  if (ruleIds.length > 0) {
    const start = parseIsoDate(result.startDate);
    const R = result.replications.length;
    const rows = ruleIds.map((id): RuleRow => {
      const firstKey = kpiKey({ kind: 'playbook', id, measure: 'firstEffectDay' });
      const firsts = result.replications
        .map((r) => r.kpis[firstKey])
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      return {
        id,
        acted: firsts.length,
        replications: R,
        actions: kpis[kpiKey({ kind: 'playbook', id, measure: 'actions' })].mean,
        firstEffect: firsts.length > 0 ? formatIsoDate(start + firsts[Math.floor((firsts.length - 1) / 2)]) : '–',
      };
    });
    tables.push(output(PLAYBOOK_TABLE, rows));
  }

  const costKeys = summaryKeys('cost', keys).filter((k) => k === 'cost.total.eur' || (kpis[k]?.mean ?? 0) !== 0);
  // The total last.
  costKeys.sort((a, b) => Number(a === 'cost.total.eur') - Number(b === 'cost.total.eur'));
  tables.push(
    output(
      COST_TABLE,
      costKeys.map((key) => ({ key, figures })),
    ),
  );
  return tables;
}

const HEAD = {
  replications: t('replicaties', 'replications'),
  reported: t('verslagperiode', 'reported period'),
  warmup: t('inloop', 'warm-up'),
  days: t('dagen', 'days'),
  spread: t('gemiddelde over de replicaties [5e–95e percentiel]', 'mean across replications [5th–95th percentile]'),
};

export function simulationSummaryText(result: SimulationResult, names: ModelNames = {}, lang: Lang = 'nl'): string {
  const start = parseIsoDate(result.startDate);
  const lines: string[] = [];
  lines.push(
    `doorstroom ${result.version} · ${result.model.name} · ${formatCount(result.aggregate.replications, lang)} ${HEAD.replications[lang]} · seed ${result.seed}`,
  );
  lines.push(
    `${HEAD.reported[lang]} ${formatIsoDate(start + result.warmupDays)} – ${formatIsoDate(start + result.horizonDays - 1)} (${HEAD.warmup[lang]} ${result.warmupDays} ${HEAD.days[lang]}) · model ${result.model.hash.slice(0, 12)}`,
  );
  lines.push(HEAD.spread[lang]);
  lines.push('');
  const tables = simulationSummaryTables(result, names);
  tables.forEach(({ table, rows }, i) => {
    lines.push(terminalTable(table, rows, lang));
    if (i < tables.length - 1) lines.push('');
  });
  return lines.join('\n') + '\n';
}

/** The closing line of a run: events, time and where the results are. */
export function simulationDoneText(
  result: SimulationResult,
  written: { out?: string; trace?: string; xlsx?: string },
  lang: Lang,
): string {
  const where = [
    written.out ? (lang === 'nl' ? `resultaten in ${written.out}` : `results in ${written.out}`) : '',
    written.trace ? (lang === 'nl' ? `gebeurtenissenlog in ${written.trace}` : `event log in ${written.trace}`) : '',
    written.xlsx ? (lang === 'nl' ? `werkmap in ${written.xlsx}` : `workbook in ${written.xlsx}`) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  const events = lang === 'nl' ? 'gebeurtenissen in' : 'events in';
  return `\n${formatCount(result.aggregate.events, lang)} ${events} ${formatNumber(result.elapsedSeconds, lang, 2)} s${where ? ` · ${where}` : ''}\n`;
}
