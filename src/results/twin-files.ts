// The twin's tables, each declared once: the projection's bands per measure and week, the breach probability per
// threshold and week, the threshold crossings (first weeks at 10%, 50% and 90%), the draaiboek advice, and the
// warm start's counts and stages. CSV, JSON, the terminal, the report and Excel derive from these declarations.
// Rows carry ids for files and the model's labels for people.
import type { Text } from '../core/locale.ts';
import { type ResultFolder, writeResultFolder } from '../core/result-folder.ts';
import { text } from '../core/locale.ts';
import type { DraaiboekAdvice } from '../twin/draaiboek.ts';
import type { TwinMeasure, TwinProjection, TwinThreshold } from '../twin/project.ts';
import type { WarmStartStage, WarmStartSummary } from '../twin/types.ts';
import { type ModelNames, subjectName } from './kpis.ts';
import {
  type Column,
  FORMAT,
  type Format,
  jsonText,
  output,
  type TableDecl,
  type TableOutput,
  tableCsv,
  UNIT,
} from './table.ts';

const t = text;

/** The files of the twin's tables, in the order of twinTables. */
export const TWIN_FILES = [
  'projection.csv',
  'breach-probability.csv',
  'thresholds.csv',
  'draaiboek.csv',
  'warm-start-summary.csv',
  'warm-start.csv',
] as const;

/** What the twin's tables are made from: the projection, the advice, and (from an event log) the warm start. */
export interface TwinTablesInput {
  projection: TwinProjection;
  advice: readonly DraaiboekAdvice[];
  warmStart?: WarmStartSummary;
  /** The model's labels for stages, locations and norms. */
  names?: ModelNames;
}

/** Location types for people. */
export const LOCATION_TYPE_LABEL: Record<string, Text> = {
  central: t('centrale opvang', 'central reception'),
  regular: t('reguliere opvang', 'regular reception'),
  emergency: t('noodopvang', 'emergency reception'),
  gvl: t('gemeentelijke voorziening', 'municipal facility'),
  crisis: t('crisisnoodopvang', 'crisis reception'),
  other: t('overige opvang', 'other reception'),
};

const typeLabel = (type: string): Text => LOCATION_TYPE_LABEL[type] ?? t(type, type);
const normName = (id: string, names: ModelNames) => subjectName({ kind: 'norm', id, measure: '' }, names);
const stageName = (id: string, names: ModelNames) => subjectName({ kind: 'stage', id, measure: '' }, names);

/** What a projected measure is, in the model's words. */
export function measureLabel(m: Pick<TwinMeasure, 'kind' | 'subject'>, names: ModelNames = {}): Text {
  switch (m.kind) {
    case 'backlog': {
      const s = stageName(m.subject, names);
      return t(`Wachtend: ${s}`, `Waiting: ${s}`);
    }
    case 'reception': {
      const l = typeLabel(m.subject);
      return t(`In ${l.nl}`, `In ${l.en}`);
    }
    case 'overflow':
      return t('Zonder bed', 'Without a bed');
    case 'permitHolders':
      return t('Statushouders die wachten op huisvesting', 'Permit holders waiting for housing');
    case 'pastNorm': {
      const n = normName(m.subject, names);
      return t(`Over de termijn: ${n}`, `Past the deadline: ${n}`);
    }
    case 'penaltyWeek':
      return t('Dwangsommen per week', 'Penalties per week');
    case 'penaltyCumulative':
      return t('Dwangsommen opgeteld', 'Penalties, cumulative');
  }
}

/** What a threshold's breach is, in the model's words. */
export function thresholdLabel(th: Pick<TwinThreshold, 'kind' | 'subject'>, names: ModelNames = {}): Text {
  if (th.kind === 'reception') {
    const l = typeLabel(th.subject);
    return t(`${l.nl} vol`, `${l.en} full`);
  }
  if (th.kind === 'overflow') return t('mensen zonder bed', 'persons without a bed');
  const n = normName(th.subject, names);
  return t(`zaken over de termijn: ${n}`, `cases past the deadline: ${n}`);
}

/** The label of a threshold by its id, from the projection. */
export function thresholdLabelById(projection: TwinProjection, id: string, names: ModelNames = {}): Text {
  const th = projection.thresholds.find((x) => x.id === id);
  return th ? thresholdLabel(th, names) : t(id, id);
}

// ---- Projection bands -----------------------------------------------------------------------------------------

interface BandRow {
  measure: TwinMeasure;
  label: Text;
  week: number;
  weekStart: string;
  weekEnd: string;
}

const unitOf = (m: TwinMeasure): Text => (m.unit === 'EUR' ? UNIT.eur : m.unit === 'cases' ? UNIT.cases : UNIT.persons);
const measureFormat = (r: BandRow): Format => (r.measure.unit === 'EUR' ? FORMAT.euro : FORMAT.decimal(1));

const bandColumn = (key: keyof TwinMeasure['bands'], label: Text): Column<BandRow> => ({
  key,
  label,
  format: measureFormat,
  value: (r) => r.measure.bands[key][r.week - 1],
});

export const TWIN_PROJECTION: TableDecl<BandRow> = {
  id: 'projection',
  file: 'projection.csv',
  title: t('Projectie per week', 'Projection per week'),
  columns: [
    { key: 'measure', label: t('maat', 'measure'), format: FORMAT.text, value: (r) => r.measure.id, only: 'files' },
    { key: 'label', label: t('maat', 'measure'), format: FORMAT.text, value: (r) => r.label, only: 'terminal' },
    { key: 'kind', label: t('soort', 'kind'), format: FORMAT.text, value: (r) => r.measure.kind, only: 'files' },
    {
      key: 'subject',
      label: t('onderwerp', 'subject'),
      format: FORMAT.text,
      value: (r) => r.measure.subject,
      only: 'files',
    },
    { key: 'unit', label: t('eenheid', 'unit'), format: FORMAT.text, value: (r) => unitOf(r.measure) },
    { key: 'week', label: t('week', 'week'), format: FORMAT.count, value: (r) => r.week },
    { key: 'week_start', label: t('week vanaf', 'week from'), format: FORMAT.date, value: (r) => r.weekStart },
    {
      key: 'week_end',
      label: t('week tot en met', 'week to'),
      format: FORMAT.date,
      value: (r) => r.weekEnd,
    },
    bandColumn('mean', t('gemiddeld', 'mean')),
    bandColumn('p05', t('P5', 'P5')),
    bandColumn('p25', t('P25', 'P25')),
    bandColumn('p50', t('mediaan', 'median')),
    bandColumn('p75', t('P75', 'P75')),
    bandColumn('p95', t('P95', 'P95')),
    {
      key: 'beds',
      label: t('bedden', 'beds'),
      format: FORMAT.decimal(0),
      value: (r) => r.measure.beds?.[r.week - 1],
    },
  ],
};

function bandRows(projection: TwinProjection, names: ModelNames): BandRow[] {
  const rows: BandRow[] = [];
  for (const measure of projection.measures) {
    const label = measureLabel(measure, names);
    for (let w = 1; w <= projection.weeks; w++)
      rows.push({
        measure,
        label,
        week: w,
        weekStart: projection.weekStarts[w - 1],
        weekEnd: projection.weekEnds[w - 1],
      });
  }
  return rows;
}

// ---- Breach probability and crossings -------------------------------------------------------------------------

/** A threshold's id in the files and its label for people. */
function thresholdColumns<R extends { threshold: TwinThreshold; label: Text }>(): Column<R>[] {
  return [
    {
      key: 'threshold',
      label: t('grens', 'threshold'),
      format: FORMAT.text,
      value: (r) => r.threshold.id,
      only: 'files',
    },
    { key: 'label', label: t('grens', 'threshold'), format: FORMAT.text, value: (r) => r.label, only: 'terminal' },
  ];
}

interface ProbabilityRow {
  threshold: TwinThreshold;
  label: Text;
  week: number;
  weekStart: string;
}

export const TWIN_BREACH_PROBABILITY: TableDecl<ProbabilityRow> = {
  id: 'breach-probability',
  file: 'breach-probability.csv',
  title: t('Kans op overschrijding per week', 'Breach probability per week'),
  columns: [
    ...thresholdColumns(),
    { key: 'week', label: t('week', 'week'), format: FORMAT.count, value: (r) => r.week },
    { key: 'week_start', label: t('week vanaf', 'week from'), format: FORMAT.date, value: (r) => r.weekStart },
    {
      key: 'probability',
      label: t('kans', 'probability'),
      format: FORMAT.percent(0),
      value: (r) => r.threshold.probability[r.week - 1],
    },
  ],
};

/** A week of a threshold's crossing as the first day of that week, or nothing when not within the horizon. */
const weekStartOf = (projection: TwinProjection, week: number | null) =>
  week === null ? undefined : projection.weekStarts[week - 1];

interface CrossingRow {
  threshold: TwinThreshold;
  label: Text;
  date10?: string;
  date50?: string;
  date90?: string;
  maxProbability: number;
}

/** The week and date (its first day) a threshold's breach probability first reaches `percent`. */
function crossingColumns(
  percent: number,
  at: (r: CrossingRow) => [number | null, string | undefined],
): Column<CrossingRow>[] {
  return [
    {
      key: `week_${percent}`,
      label: t(`week ${percent}%`, `week ${percent}%`),
      format: FORMAT.count,
      value: (r) => at(r)[0],
      only: 'files',
    },
    {
      key: `date_${percent}`,
      label: t(`${percent}% vanaf`, `${percent}% from`),
      format: FORMAT.date,
      value: (r) => at(r)[1],
    },
  ];
}

export const TWIN_THRESHOLDS: TableDecl<CrossingRow> = {
  id: 'thresholds',
  file: 'thresholds.csv',
  title: t('Wanneer grenzen worden overschreden', 'When thresholds are crossed'),
  columns: [
    ...thresholdColumns(),
    { key: 'kind', label: t('soort', 'kind'), format: FORMAT.text, value: (r) => r.threshold.kind, only: 'files' },
    {
      key: 'subject',
      label: t('onderwerp', 'subject'),
      format: FORMAT.text,
      value: (r) => r.threshold.subject,
      only: 'files',
    },
    {
      key: 'already_at_start',
      label: t('nu al', 'already now'),
      format: FORMAT.text,
      value: (r) => r.threshold.alreadyAtStart,
    },
    ...crossingColumns(10, (r) => [r.threshold.week10, r.date10]),
    ...crossingColumns(50, (r) => [r.threshold.week50, r.date50]),
    ...crossingColumns(90, (r) => [r.threshold.week90, r.date90]),
    {
      key: 'max_probability',
      label: t('hoogste kans', 'highest probability'),
      format: FORMAT.percent(0),
      value: (r) => r.maxProbability,
    },
  ],
};

function crossingRows(projection: TwinProjection, names: ModelNames): CrossingRow[] {
  return projection.thresholds.map((threshold) => ({
    threshold,
    label: thresholdLabel(threshold, names),
    date10: weekStartOf(projection, threshold.week10),
    date50: weekStartOf(projection, threshold.week50),
    date90: weekStartOf(projection, threshold.week90),
    maxProbability: Math.max(0, ...threshold.probability),
  }));
}

// ---- Draaiboek advice -----------------------------------------------------------------------------------------

/** An advice's status for people. */
export const ADVICE_STATUS_LABEL: Record<DraaiboekAdvice['status'], Text> = {
  'too-late': t('te laat', 'too late'),
  'decide-by': t('besluit uiterlijk', 'decide by'),
  'no-breach': t('niet nodig binnen de horizon', 'not needed within the horizon'),
  'no-effect': t('helpt niet tegen een grens', 'does not help against a threshold'),
};

/** What an advice's effect is measured in. */
export const EXPOSURE_LABEL: Record<NonNullable<DraaiboekAdvice['exposure']>, Text> = {
  overflowPersonDays: t('persoonsdagen zonder bed', 'person-days without a bed'),
  pastNormCaseDays: t('zaakdagen over de termijn', 'case-days past the deadline'),
  backlogPersonDays: t('wachtende persoonsdagen', 'waiting person-days'),
};

interface AdviceRow {
  advice: DraaiboekAdvice;
  rank: number;
  threshold?: Text;
}

const advised = (key: string, label: Text, value: (a: DraaiboekAdvice) => number | null): Column<AdviceRow> => ({
  key,
  label,
  format: FORMAT.decimal(0),
  value: (r) => value(r.advice) ?? undefined,
});

const euro = (key: string, label: Text, value: (a: DraaiboekAdvice) => number | null): Column<AdviceRow> => ({
  key,
  label,
  unit: UNIT.eur,
  format: FORMAT.euro,
  value: (r) => value(r.advice) ?? undefined,
});

export const TWIN_DRAAIBOEK: TableDecl<AdviceRow> = {
  id: 'draaiboek',
  file: 'draaiboek.csv',
  title: t('Draaiboek: wat wanneer te besluiten', 'Draaiboek: what to decide by when'),
  columns: [
    { key: 'rank', label: t('urgentie', 'urgency'), format: FORMAT.count, value: (r) => r.rank },
    { key: 'rule', label: t('regel', 'rule'), format: FORMAT.text, value: (r) => r.advice.rule, only: 'files' },
    { key: 'label', label: t('regel', 'rule'), format: FORMAT.text, value: (r) => r.advice.label, width: 40 },
    {
      key: 'status',
      label: t('advies', 'advice'),
      format: FORMAT.text,
      value: (r) => ADVICE_STATUS_LABEL[r.advice.status],
    },
    {
      key: 'latest_safe_date',
      label: t('uiterlijk besluiten', 'latest safe decision'),
      format: FORMAT.date,
      value: (r) => r.advice.latestSafeDate,
    },
    { key: 'action', label: t('actie', 'action'), format: FORMAT.text, value: (r) => r.advice.action, only: 'files' },
    { key: 'target', label: t('waar', 'where'), format: FORMAT.text, value: (r) => r.advice.target, only: 'files' },
    {
      key: 'change',
      label: t('verandering', 'change'),
      format: FORMAT.decimal(2),
      value: (r) => r.advice.change,
      only: 'files',
    },
    {
      key: 'lead_time_days',
      label: t('doorlooptijd', 'lead time'),
      unit: UNIT.days,
      format: FORMAT.count,
      value: (r) => r.advice.leadTimeDays,
    },
    {
      key: 'threshold',
      label: t('grens', 'threshold'),
      format: FORMAT.text,
      value: (r) => r.advice.threshold,
      only: 'files',
    },
    {
      key: 'threshold_label',
      label: t('grens', 'threshold'),
      format: FORMAT.text,
      value: (r) => r.threshold,
      only: 'terminal',
    },
    {
      key: 'breach_10',
      label: t('10% kans vanaf', '10% chance from'),
      format: FORMAT.date,
      value: (r) => r.advice.breach10,
    },
    {
      key: 'breach_50',
      label: t('50% kans vanaf', '50% chance from'),
      format: FORMAT.date,
      value: (r) => r.advice.breach50,
      only: 'files',
    },
    {
      key: 'breach_90',
      label: t('90% kans vanaf', '90% chance from'),
      format: FORMAT.date,
      value: (r) => r.advice.breach90,
      only: 'files',
    },
    {
      key: 'effect_if_today',
      label: t('effect bij besluit vandaag', 'effect if decided today'),
      format: FORMAT.date,
      value: (r) => r.advice.effectIfToday,
    },
    {
      key: 'exposure',
      label: t('gemeten in', 'measured in'),
      format: FORMAT.text,
      value: (r) => (r.advice.exposure ? EXPOSURE_LABEL[r.advice.exposure] : undefined),
    },
    advised('without', t('zonder de regel', 'without the rule'), (a) => a.without),
    advised('decided_today', t('besloten vandaag', 'decided today'), (a) => a.decidedToday),
    advised(
      'decided_at_safe_date',
      t('besloten op de uiterste datum', 'decided at the safe date'),
      (a) => a.decidedAtSafeDate,
    ),
    euro('cost_at_effect', t('kosten bij ingang', 'cost at effect'), (a) => a.costs.atEffectEur),
    euro('cost_per_day', t('kosten per dag', 'cost per day'), (a) => a.costs.perDayEur),
    euro('cost_today', t('draaiboekkosten, vandaag besloten', 'draaiboek cost, decided today'), (a) => a.costToday),
    euro(
      'cost_at_safe_date',
      t('draaiboekkosten, op de uiterste datum', 'draaiboek cost, at the safe date'),
      (a) => a.costAtSafeDate,
    ),
    {
      key: 'replications',
      label: t('replicaties', 'replications'),
      format: FORMAT.count,
      value: (r) => r.advice.replications,
    },
  ],
};

function adviceRows(input: TwinTablesInput): AdviceRow[] {
  const names = input.names ?? {};
  return input.advice.map((advice, i) => ({
    advice,
    rank: i + 1,
    threshold: advice.threshold ? thresholdLabelById(input.projection, advice.threshold, names) : undefined,
  }));
}

// ---- Warm start -----------------------------------------------------------------------------------------------

export const TWIN_WARM_START: TableDecl<WarmStartSummary> = {
  id: 'warm-start-summary',
  file: 'warm-start-summary.csv',
  title: t('Warme start uit het gebeurtenissenlog', 'Warm start from the event log'),
  columns: [
    { key: 'as_of', label: t('peildatum', 'as of'), format: FORMAT.date, value: (w) => w.asOf },
    {
      key: 'log_cases',
      label: t('zaken in het log', 'cases in the log'),
      format: FORMAT.count,
      value: (w) => w.logCases,
    },
    { key: 'open_cases', label: t('open zaken', 'open cases'), format: FORMAT.count, value: (w) => w.openCases },
    {
      key: 'open_persons',
      label: t('open personen', 'open persons'),
      format: FORMAT.count,
      value: (w) => w.openPersons,
    },
    {
      key: 'closed_cases',
      label: t('afgesloten zaken', 'closed cases'),
      format: FORMAT.count,
      value: (w) => w.closedCases,
    },
    {
      key: 'events_after_as_of',
      label: t('gebeurtenissen na de peildatum (genegeerd)', 'events after the as-of date (ignored)'),
      format: FORMAT.count,
      value: (w) => w.eventsAfterAsOf,
    },
    {
      key: 'cases_after_as_of',
      label: t('zaken die na de peildatum beginnen', 'cases starting after the as-of date'),
      format: FORMAT.count,
      value: (w) => w.casesAfterAsOf,
    },
    {
      key: 'capacity_source',
      label: t('capaciteit uit', 'capacity from'),
      format: FORMAT.text,
      value: (w) => (w.capacitySource === 'log' ? t('het log', 'the log') : t('het model', 'the model')),
    },
  ],
};

interface WarmStageRow {
  stage: WarmStartStage;
  label: string;
}

/** The warm start's open cases per stage (the file and columns the twin command writes as warm-start.csv). */
export const TWIN_WARM_START_STAGES: TableDecl<WarmStageRow> = {
  id: 'warm-start',
  file: 'warm-start.csv',
  title: t('Open zaken per fase op de peildatum', 'Open cases per stage at the as-of date'),
  columns: [
    { key: 'stage', label: t('fase', 'stage'), format: FORMAT.text, value: (r) => r.stage.stage, only: 'files' },
    { key: 'label', label: t('fase', 'stage'), format: FORMAT.text, value: (r) => r.label, only: 'terminal' },
    { key: 'cases', label: t('zaken', 'cases'), format: FORMAT.count, value: (r) => r.stage.cases },
    { key: 'persons', label: t('personen', 'persons'), format: FORMAT.count, value: (r) => r.stage.persons },
    {
      key: 'in_service',
      label: t('in behandeling', 'in service'),
      format: FORMAT.count,
      value: (r) => r.stage.inService,
    },
    {
      key: 'capacity_model',
      label: t('capaciteit volgens model', 'capacity in the model'),
      format: FORMAT.decimal(1),
      value: (r) => r.stage.capacityModel,
    },
    {
      key: 'capacity_log',
      label: t('capaciteit volgens log', 'capacity in the log'),
      format: FORMAT.decimal(1),
      value: (r) => r.stage.capacityLog,
    },
  ],
};

// ---- All tables -----------------------------------------------------------------------------------------------

/** The projection's bands as rows (for a report's table of one measure, or all of them). */
export function projectionOutput(projection: TwinProjection, names: ModelNames = {}, measure?: string): TableOutput {
  const rows = bandRows(projection, names);
  return output(TWIN_PROJECTION, measure === undefined ? rows : rows.filter((r) => r.measure.id === measure));
}

export function thresholdsOutput(projection: TwinProjection, names: ModelNames = {}): TableOutput {
  return output(TWIN_THRESHOLDS, crossingRows(projection, names));
}

export function adviceOutput(input: TwinTablesInput): TableOutput {
  return output(TWIN_DRAAIBOEK, adviceRows(input));
}

export function warmStartOutputs(warmStart: WarmStartSummary, names: ModelNames = {}): TableOutput[] {
  return [
    output(TWIN_WARM_START, [warmStart]),
    output(
      TWIN_WARM_START_STAGES,
      warmStart.stages.map((stage) => ({ stage, label: stageName(stage.stage, names) })),
    ),
  ];
}

/** The twin's tables with their rows, in the order of TWIN_FILES (the warm start's only when there is one). */
export function twinTables(input: TwinTablesInput): TableOutput[] {
  const names = input.names ?? {};
  const { projection } = input;
  const probability: ProbabilityRow[] = projection.thresholds.flatMap((threshold) => {
    const label = thresholdLabel(threshold, names);
    return threshold.probability.map((_, i) => ({
      threshold,
      label,
      week: i + 1,
      weekStart: projection.weekStarts[i],
    }));
  });
  return [
    projectionOutput(projection, names),
    output(TWIN_BREACH_PROBABILITY, probability),
    thresholdsOutput(projection, names),
    adviceOutput(input),
    ...(input.warmStart ? warmStartOutputs(input.warmStart, names) : []),
  ];
}

/** The whole result as JSON (NaN as null): the projection, the advice and the warm start. */
export function twinJson(input: TwinTablesInput): string {
  return jsonText({ projection: input.projection, advice: input.advice, warmStart: input.warmStart ?? null });
}

/** Writes the twin's result folder as one unit: a CSV per table and twin.json. Returns the files' paths. */
export function writeTwinFiles(
  input: TwinTablesInput,
  outDir: string,
  also?: (folder: ResultFolder) => void,
): string[] {
  return writeResultFolder(outDir, (folder) => {
    for (const { table, rows } of twinTables(input)) folder.write(table.file!, tableCsv(table, rows));
    folder.write('twin.json', twinJson(input));
    also?.(folder);
  });
}
