// The KPI catalogue: every figure a replication reports, as a typed key (kind, the stage/location/norm/... id,
// measure, statistic) with its label (in the model's words), unit, format, the direction that counts as better
// and the daily series it belongs to. The simulator's key strings (`stage.intake.waiting.p90`) are parsed and
// formatted here and nowhere else; tables, compare, the MKBA and the reports ask the catalogue.
//
// Extension point: `declareKpi` adds a KPI derived from a replication's figures (an accessor over its KPIs);
// it then appears in kpis.csv, replications.csv, the terminal summary and the report's tables with no other
// change (see `replicationKpis` and `kpiSpreads`).
import type { Text } from '../core/locale.ts';
import { COST_CATEGORIES, COST_CATEGORY_LABELS, type CostCategory } from '../sim/run/costs.ts';
import { type Spread, spreadOf } from '../sim/run/aggregate.ts';
import { FORMAT, type Format, UNIT } from './table.ts';
import { text } from '../core/locale.ts';
import { CHAIN_SERIES, exitsSeries } from '../sim/chain/keys.ts';
import { type PenaltyMeasure, penaltyRegimeId } from '../sim/chain/keys.ts';

export type KpiKind =
  | 'arrivals'
  | 'chain'
  | 'familyReunification'
  | 'exit'
  | 'leadTime'
  | 'stage'
  | 'pool'
  | 'norm'
  | 'location'
  | 'reception'
  | 'moves'
  | 'playbook'
  | 'cost'
  | 'penalty'
  | 'derived';

/** A KPI's address: `{ kind: 'stage', id: 'intake', measure: 'waiting', statistic: 'p90' }`. */
export interface KpiKey {
  kind: KpiKind;
  /** The stage, staff pool, location, norm, exit reason, playbook rule or cost category; absent for chain-wide figures. */
  id?: string;
  measure: string;
  statistic?: string;
}

export type Direction = 'lower' | 'higher' | 'neutral';

/** Where a KPI shows in the terminal summary of a simulation. */
export type SummaryGroup = 'chain' | 'stage' | 'location' | 'cost';

/** The model's own names for ids, so people read labels, not ids. */
export interface ModelNames {
  stages?: ReadonlyMap<string, string>;
  locations?: ReadonlyMap<string, string>;
  norms?: ReadonlyMap<string, string>;
  /** Penalty regimes by `<norm id>.<regime id>`: the norm's and the regime's labels. */
  penalties?: ReadonlyMap<string, string>;
  pools?: ReadonlyMap<string, string>;
}

interface Named {
  id: string;
  label?: string;
}

/**
 * The names of a model's stages, locations, norms, penalty regimes and staff pools (a ChainModel fits; a part it
 * lacks names nothing).
 */
export function modelNames(model: {
  stages?: readonly Named[];
  reception?: { locations?: readonly Named[] };
  norms?: readonly (Named & { penalties?: readonly Named[] })[];
  staffPools?: readonly Named[];
}): ModelNames {
  return {
    stages: new Map((model.stages ?? []).map((s) => [s.id, s.label ?? s.id])),
    locations: new Map((model.reception?.locations ?? []).map((l) => [l.id, l.label ?? l.id])),
    norms: new Map((model.norms ?? []).map((n) => [n.id, n.label ?? n.id])),
    penalties: new Map(
      (model.norms ?? []).flatMap((n) =>
        (n.penalties ?? []).map(
          (r) => [penaltyRegimeId(n.id, r.id), `${n.label ?? n.id}: ${r.label ?? r.id}`] as const,
        ),
      ),
    ),
    pools: new Map((model.staffPools ?? []).map((p) => [p.id, p.label ?? p.id])),
  };
}

export interface KpiDefinition {
  kind: KpiKind;
  /** Whether keys of this definition carry an id. */
  hasId: boolean;
  measure: string;
  statistic?: string;
  /** The label, given the subject's name (the model's label of the id). */
  label: (subject: string) => Text;
  unit?: Text;
  format: Format;
  direction: Direction;
  /** The daily series the KPI summarises, if any. */
  series?: (id: string | undefined) => string;
  /** Shown in the simulation summary's table of that group, in catalogue order. */
  summary?: SummaryGroup;
  /** Only for derived KPIs: the figure of one replication from its other figures. */
  derive?: (kpis: Readonly<Record<string, number>>) => number;
}

const PREFIX: Record<KpiKind, string> = {
  arrivals: 'arrivals',
  chain: 'chain',
  familyReunification: 'familyReunification',
  exit: 'exits',
  leadTime: 'leadTime',
  stage: 'stage',
  pool: 'pool',
  norm: 'norm',
  location: 'location',
  reception: 'reception',
  moves: 'moves',
  playbook: 'playbook',
  cost: 'cost',
  penalty: 'penalty',
  derived: 'derived',
};
const KIND_OF_PREFIX = new Map(Object.entries(PREFIX).map(([kind, prefix]) => [prefix, kind as KpiKind]));

const t = text;

function def(d: Omit<KpiDefinition, 'hasId'> & { hasId?: boolean }): KpiDefinition {
  return { hasId: false, ...d };
}

function stageDef(
  measure: string,
  statistic: string | undefined,
  nl: string,
  en: string,
  unit: Text | undefined,
  format: Format,
  direction: Direction,
  series?: string,
): KpiDefinition {
  return def({
    kind: 'stage',
    hasId: true,
    measure,
    statistic,
    label: (s) => t(`${s}: ${nl}`, `${s}: ${en}`),
    unit,
    format,
    direction,
    series: series ? (id) => `stage.${id}.${series}` : undefined,
  });
}

/** The ways out of the chain (the model's exit reasons). */
export const EXIT_REASONS: Record<string, Text> = {
  housed: t('gehuisvest', 'housed'),
  'departed-independent': t('zelfstandig vertrokken', 'departed independently'),
  'departed-forced': t('gedwongen vertrokken', 'departed under escort'),
  'departed-untraced': t('met onbekende bestemming', 'departed untraced'),
  transferred: t('overgedragen (Dublin)', 'transferred (Dublin)'),
  other: t('overig', 'other'),
};

/** The catalogue, in the order the tables list the KPIs. */
export const KPI_CATALOGUE: KpiDefinition[] = [
  def({
    kind: 'arrivals',
    measure: 'persons',
    label: () => t('instroom', 'arrivals'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
    series: () => CHAIN_SERIES.arrivals,
    summary: 'chain',
  }),
  def({
    kind: 'exit',
    hasId: true,
    measure: 'persons',
    label: (s) => {
      const reason = EXIT_REASONS[s];
      return reason ? t(`uitstroom: ${reason.nl}`, `exit: ${reason.en}`) : t(`uitstroom: ${s}`, `exit: ${s}`);
    },
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
    series: (id) => exitsSeries(id!),
    summary: 'chain',
  }),
  def({
    kind: 'chain',
    measure: 'initialPersons',
    label: () => t('in de keten bij de start', 'in the chain at the start'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
  }),
  def({
    kind: 'chain',
    measure: 'inChain',
    statistic: 'end',
    label: () => t('in de keten aan het eind', 'in the chain at the end'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => CHAIN_SERIES.inChain,
    summary: 'chain',
  }),
  def({
    kind: 'chain',
    measure: 'inChain',
    statistic: 'mean',
    label: () => t('personen in de keten (gemiddeld)', 'persons in the chain (mean)'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => CHAIN_SERIES.inChain,
  }),
  def({
    kind: 'chain',
    measure: 'permitHoldersWaiting',
    statistic: 'mean',
    label: () => t('statushouders wachtend op huisvesting (gemiddeld)', 'permit holders waiting for housing (mean)'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => CHAIN_SERIES.permitHoldersWaiting,
    summary: 'chain',
  }),
  def({
    kind: 'chain',
    measure: 'permitHoldersWaiting',
    statistic: 'end',
    label: () => t('statushouders wachtend aan het eind', 'permit holders waiting at the end'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => CHAIN_SERIES.permitHoldersWaiting,
  }),
  def({
    kind: 'familyReunification',
    measure: 'generatedPersons',
    label: () => t('nareizigers', 'family reunification arrivals'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
  }),
  def({
    kind: 'familyReunification',
    measure: 'openApplications',
    statistic: 'mean',
    label: () => t('openstaande nareisaanvragen (gemiddeld)', 'open family reunification applications (mean)'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => 'familyReunification.openApplications',
    summary: 'chain',
  }),
  def({
    kind: 'familyReunification',
    measure: 'openApplications',
    statistic: 'end',
    label: () => t('openstaande nareisaanvragen aan het eind', 'open family reunification applications at the end'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => 'familyReunification.openApplications',
  }),
  def({
    kind: 'familyReunification',
    measure: 'openApplicationCases',
    statistic: 'end',
    label: () =>
      t(
        'openstaande nareisaanvragen aan het eind (zaken)',
        'open family reunification applications at the end (cases)',
      ),
    unit: UNIT.cases,
    format: FORMAT.count,
    direction: 'lower',
    series: () => 'familyReunification.openApplicationCases',
  }),
  def({
    kind: 'familyReunification',
    measure: 'filedPersons',
    label: () => t('ingediende nareisaanvragen', 'family reunification applications filed'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
  }),
  def({
    kind: 'familyReunification',
    measure: 'withdrawnPersons',
    label: () =>
      t('nareisaanvragen afgesloten zonder aankomst', 'family reunification applications closed without arrival'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
  }),
  def({
    kind: 'leadTime',
    measure: 'chain',
    statistic: 'mean',
    label: () => t('doorlooptijd instroom → uitstroom, gemiddeld', 'lead time arrival → exit, mean'),
    unit: UNIT.days,
    format: FORMAT.days(1),
    direction: 'lower',
  }),
  def({
    kind: 'leadTime',
    measure: 'chain',
    statistic: 'p50',
    label: () => t('doorlooptijd instroom → uitstroom, mediaan', 'lead time arrival → exit, median'),
    unit: UNIT.days,
    format: FORMAT.days(1),
    direction: 'lower',
    summary: 'chain',
  }),
  def({
    kind: 'leadTime',
    measure: 'chain',
    statistic: 'p90',
    label: () => t('doorlooptijd instroom → uitstroom, P90', 'lead time arrival → exit, P90'),
    unit: UNIT.days,
    format: FORMAT.days(1),
    direction: 'lower',
    summary: 'chain',
  }),
  def({
    kind: 'moves',
    measure: 'perPerson',
    label: () => t('verhuizingen per persoon (over het verblijf)', 'moves per person (over their stay)'),
    format: FORMAT.decimal(2),
    direction: 'lower',
    summary: 'chain',
  }),
  def({
    kind: 'moves',
    measure: 'perChild',
    label: () => t('verhuizingen per kind', 'moves per child'),
    format: FORMAT.decimal(2),
    direction: 'lower',
    summary: 'chain',
  }),
  def({
    kind: 'moves',
    measure: 'personMoves',
    label: () => t('verhuizingen van personen', 'moves of persons'),
    format: FORMAT.count,
    direction: 'lower',
  }),
  def({
    kind: 'moves',
    measure: 'childMoves',
    label: () => t('verhuizingen van kinderen', 'moves of children'),
    format: FORMAT.count,
    direction: 'lower',
  }),
  stageDef('waiting', 'mean', 'wachttijd gemiddeld', 'waiting mean', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('waiting', 'p50', 'wachttijd mediaan', 'waiting median', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('waiting', 'p90', 'wachttijd P90', 'waiting P90', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('processing', 'mean', 'behandeltijd gemiddeld', 'processing mean', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('total', 'mean', 'tijd in fase gemiddeld', 'in stage mean', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('total', 'p50', 'tijd in fase mediaan', 'in stage median', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('total', 'p90', 'tijd in fase P90', 'in stage P90', UNIT.days, FORMAT.days(1), 'lower'),
  stageDef('backlog', 'mean', 'voorraad gemiddeld', 'backlog mean', UNIT.persons, FORMAT.count, 'lower', 'waiting'),
  stageDef(
    'backlog',
    'end',
    'voorraad aan het eind',
    'backlog at the end',
    UNIT.persons,
    FORMAT.count,
    'lower',
    'waiting',
  ),
  stageDef('completed', 'cases', 'afgerond', 'completed', UNIT.cases, FORMAT.count, 'higher', 'completed'),
  stageDef(
    'little',
    'meanCases',
    'zaken in fase (Little)',
    'cases in stage (Little)',
    UNIT.cases,
    FORMAT.decimal(1),
    'neutral',
  ),
  stageDef(
    'little',
    'casesPerDay',
    'afgerond per dag (Little)',
    'completed per day (Little)',
    UNIT.perDay,
    FORMAT.decimal(2),
    'neutral',
  ),
  stageDef(
    'utilisation',
    undefined,
    'bezettingsgraad',
    'utilisation',
    undefined,
    FORMAT.percent(0),
    'neutral',
    'inServiceCases',
  ),
  stageDef(
    'poolHours',
    undefined,
    'uren uit de personeelspool',
    'hours from the staff pool',
    UNIT.hours,
    FORMAT.count,
    'neutral',
    'poolHours',
  ),
  stageDef(
    'poolShare',
    undefined,
    'aandeel in de uren van de personeelspool',
    'share of the staff pool’s hours',
    undefined,
    FORMAT.percent(1),
    'neutral',
    'poolHours',
  ),
  def({
    kind: 'pool',
    hasId: true,
    measure: 'hoursAvailable',
    label: (s) => t(`${s}: beschikbare uren`, `${s}: hours available`),
    unit: UNIT.hours,
    format: FORMAT.count,
    direction: 'neutral',
    series: (id) => `pool.${id}.hoursAvailable`,
  }),
  def({
    kind: 'pool',
    hasId: true,
    measure: 'hoursUsed',
    label: (s) => t(`${s}: gebruikte uren`, `${s}: hours used`),
    unit: UNIT.hours,
    format: FORMAT.count,
    direction: 'neutral',
    series: (id) => `pool.${id}.hoursUsed`,
  }),
  def({
    kind: 'pool',
    hasId: true,
    measure: 'utilisation',
    label: (s) => t(`${s}: benutting`, `${s}: utilisation`),
    format: FORMAT.percent(0),
    direction: 'neutral',
    series: (id) => `pool.${id}.hoursUsed`,
    summary: 'chain',
  }),
  def({
    kind: 'norm',
    hasId: true,
    measure: 'withinShare',
    label: (s) => t(`${s}: binnen de norm`, `${s}: within the norm`),
    format: FORMAT.percent(1),
    direction: 'higher',
    series: (id) => `norm.${id}.within`,
  }),
  def({
    kind: 'norm',
    hasId: true,
    measure: 'p50',
    label: (s) => t(`${s}: doorlooptijd mediaan`, `${s}: lead time median`),
    unit: UNIT.days,
    format: FORMAT.days(1),
    direction: 'lower',
  }),
  def({
    kind: 'norm',
    hasId: true,
    measure: 'p90',
    label: (s) => t(`${s}: doorlooptijd P90`, `${s}: lead time P90`),
    unit: UNIT.days,
    format: FORMAT.days(1),
    direction: 'lower',
  }),
  def({
    kind: 'norm',
    hasId: true,
    measure: 'daysLate',
    label: (s) => t(`${s}: dagen te laat`, `${s}: days late`),
    unit: UNIT.days,
    format: FORMAT.count,
    direction: 'lower',
  }),
  def({
    kind: 'norm',
    hasId: true,
    measure: 'penaltyEur',
    label: (s) => t(`${s}: dwangsommen`, `${s}: penalties`),
    unit: UNIT.eur,
    format: FORMAT.euro,
    direction: 'lower',
  }),
  def({
    kind: 'norm',
    hasId: true,
    measure: 'openPastDeadline',
    label: (s) => t(`${s}: open na de termijn`, `${s}: open past the deadline`),
    unit: UNIT.cases,
    format: FORMAT.count,
    direction: 'lower',
  }),
  def({
    kind: 'location',
    hasId: true,
    measure: 'occupied',
    statistic: 'mean',
    label: (s) => t(`${s}: bezet gemiddeld`, `${s}: occupied mean`),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
    series: (id) => `location.${id}.occupied`,
    summary: 'location',
  }),
  def({
    kind: 'location',
    hasId: true,
    measure: 'occupied',
    statistic: 'max',
    label: (s) => t(`${s}: bezet maximum`, `${s}: occupied max`),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'neutral',
    series: (id) => `location.${id}.occupied`,
    summary: 'location',
  }),
  def({
    kind: 'location',
    hasId: true,
    measure: 'beds',
    statistic: 'mean',
    label: (s) => t(`${s}: bedden gemiddeld`, `${s}: beds mean`),
    unit: UNIT.beds,
    format: FORMAT.count,
    direction: 'neutral',
    series: (id) => `location.${id}.beds`,
    summary: 'location',
  }),
  def({
    kind: 'reception',
    measure: 'overflow',
    statistic: 'personDays',
    label: () => t('zonder regulier bed', 'without a regular bed'),
    unit: { nl: 'persoonsdagen', en: 'person-days' },
    format: FORMAT.count,
    direction: 'lower',
    series: () => CHAIN_SERIES.overflow,
  }),
  def({
    kind: 'reception',
    measure: 'overflow',
    statistic: 'max',
    label: () => t('zonder regulier bed (piek)', 'persons without a regular bed (peak)'),
    unit: UNIT.persons,
    format: FORMAT.count,
    direction: 'lower',
    series: () => CHAIN_SERIES.overflow,
  }),
  def({
    kind: 'playbook',
    hasId: true,
    measure: 'actions',
    label: (s) => t(`draaiboek ${s}: acties`, `playbook ${s}: actions`),
    format: FORMAT.decimal(1),
    direction: 'neutral',
  }),
  def({
    kind: 'playbook',
    hasId: true,
    measure: 'firstEffectDay',
    label: (s) => t(`draaiboek ${s}: eerste effect (dag)`, `playbook ${s}: first effect (day)`),
    format: FORMAT.count,
    direction: 'neutral',
  }),
  def({
    kind: 'cost',
    hasId: true,
    measure: 'eur',
    label: (s) =>
      COST_CATEGORY_LABELS[s as CostCategory] ?? (s === 'total' ? t('totale kosten', 'total cost') : t(s, s)),
    unit: UNIT.eur,
    format: FORMAT.euro,
    direction: 'lower',
    series: (id) => `cost.${id}`,
    summary: 'cost',
  }),
  ...penaltyDefs('notices', 'ingebrekestellingen', 'notices of default', UNIT.cases, FORMAT.count),
  ...penaltyDefs('days', 'dwangsomdagen', 'penalty days', UNIT.days, FORMAT.count),
  ...penaltyDefs('eur', 'dwangsommen', 'penalties', UNIT.eur, FORMAT.euro),
];

/** The KPIs of penalty regimes: per regime (`penalty.<norm>.<regime>.<measure>`) and of all (`penalty.<measure>`). */
function penaltyDefs(measure: PenaltyMeasure, nl: string, en: string, unit: Text, format: Format): KpiDefinition[] {
  return [
    def({
      kind: 'penalty',
      measure,
      label: () => t(`dwangsomregelingen: ${nl}`, `penalty regimes: ${en}`),
      unit,
      format,
      direction: 'lower',
    }),
    def({
      kind: 'penalty',
      hasId: true,
      measure,
      label: (s) => t(`${s}: ${nl}`, `${s}: ${en}`),
      unit,
      format,
      direction: 'lower',
      series: (id) => `penalty.${id}.${measure}`,
    }),
  ];
}

/** Adds a KPI to the catalogue; a derived one (with `derive`) is computed for every replication. */
export function declareKpi(definition: Omit<KpiDefinition, 'hasId'> & { hasId?: boolean }): KpiDefinition {
  const d = def(definition);
  KPI_CATALOGUE.push(d);
  return d;
}

/** The simulator's key string of a KPI. */
export function kpiKey(key: KpiKey): string {
  return [
    PREFIX[key.kind],
    ...(key.id !== undefined ? [key.id] : []),
    key.measure,
    ...(key.statistic ? [key.statistic] : []),
  ].join('.');
}

function tailOf(d: KpiDefinition): string {
  return d.statistic ? `${d.measure}.${d.statistic}` : d.measure;
}

/** The catalogue's definition and typed key of a key string; undefined for a key the catalogue does not know. */
export function parseKpi(key: string): { key: KpiKey; definition: KpiDefinition } | undefined {
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  const kind = KIND_OF_PREFIX.get(key.slice(0, dot));
  if (!kind) return undefined;
  const rest = key.slice(dot + 1);
  for (const d of KPI_CATALOGUE) {
    if (d.kind !== kind) continue;
    const tail = tailOf(d);
    if (!d.hasId) {
      if (rest === tail) return { key: { kind, measure: d.measure, statistic: d.statistic }, definition: d };
    } else if (rest.length > tail.length + 1 && rest.endsWith(`.${tail}`)) {
      const id = rest.slice(0, rest.length - tail.length - 1);
      return { key: { kind, id, measure: d.measure, statistic: d.statistic }, definition: d };
    }
  }
  return undefined;
}

/** The keys among `keys` of one definition, in their order, with their ids. */
export function keysOf(keys: Iterable<string>, kind: KpiKind, measure: string, statistic?: string): KpiKey[] {
  const out: KpiKey[] = [];
  for (const k of keys) {
    const p = parseKpi(k);
    if (p && p.key.kind === kind && p.key.measure === measure && p.key.statistic === statistic) out.push(p.key);
  }
  return out;
}

/** The name a person reads for an id: the model's label where it has one. */
export function subjectName(key: KpiKey, names: ModelNames = {}): string {
  const id = key.id ?? '';
  if (key.kind === 'stage') return names.stages?.get(id) ?? id;
  if (key.kind === 'location') return names.locations?.get(id) ?? id;
  if (key.kind === 'penalty') return names.penalties?.get(id) ?? id;
  if (key.kind === 'pool') return names.pools?.get(id) ?? id;
  if (key.kind === 'norm') {
    if (id.startsWith('stage.')) {
      const stage = id.slice(6);
      return names.norms?.get(id) ?? names.stages?.get(stage) ?? stage;
    }
    return names.norms?.get(id) ?? id;
  }
  return id;
}

/** The label of a key string in the model's words; the key itself when the catalogue does not know it. */
export function kpiLabel(key: string, names: ModelNames = {}): Text {
  const p = parseKpi(key);
  if (!p) return { nl: key, en: key };
  return p.definition.label(subjectName(p.key, names));
}

/** Everything the catalogue knows of a key string. */
export function kpiInfo(
  key: string,
  names: ModelNames = {},
): { label: Text; unit?: Text; format: Format; direction: Direction; series?: string } {
  const p = parseKpi(key);
  if (!p) return { label: { nl: key, en: key }, format: FORMAT.decimal(2), direction: 'neutral' };
  const d = p.definition;
  return {
    label: d.label(subjectName(p.key, names)),
    unit: d.unit,
    format: d.format,
    direction: d.direction,
    series: d.series?.(p.key.id),
  };
}

/** The derived KPIs of the catalogue. */
function derivedDefinitions(): KpiDefinition[] {
  return KPI_CATALOGUE.filter((d) => d.derive !== undefined);
}

/** One replication's KPIs: the simulator's, then the catalogue's derived ones. */
export function replicationKpis(kpis: Readonly<Record<string, number>>): Record<string, number> {
  const derived = derivedDefinitions();
  if (derived.length === 0) return kpis as Record<string, number>;
  const out = { ...kpis };
  for (const d of derived) out[kpiKey({ kind: d.kind, measure: d.measure, statistic: d.statistic })] = d.derive!(kpis);
  return out;
}

/** The spread across replications of every KPI: the aggregate's, then the derived ones. */
export function kpiSpreads(
  aggregate: Readonly<Record<string, Spread>>,
  replications: readonly { kpis: Readonly<Record<string, number>> }[],
): Record<string, Spread> {
  const derived = derivedDefinitions();
  if (derived.length === 0) return aggregate as Record<string, Spread>;
  const out = { ...aggregate };
  for (const d of derived)
    out[kpiKey({ kind: d.kind, measure: d.measure, statistic: d.statistic })] = spreadOf(
      replications.map((r) => d.derive!(r.kpis)),
    );
  return out;
}

/** The KPIs a summary group shows, in catalogue order, among the keys present. */
export function summaryKeys(group: SummaryGroup, keys: readonly string[]): string[] {
  const present = new Set(keys);
  const out: string[] = [];
  for (const d of KPI_CATALOGUE) {
    if (d.summary !== group) continue;
    if (!d.hasId) {
      const k = kpiKey({ kind: d.kind, measure: d.measure, statistic: d.statistic });
      if (present.has(k)) out.push(k);
    } else
      for (const k of keys) {
        const p = parseKpi(k);
        if (p && p.definition === d) out.push(k);
      }
  }
  return out;
}

// ---- Series --------------------------------------------------------------------------------------------------

/** Whether a daily series is a flow (summed over a week) rather than a stock (averaged over a week). */
export function isFlowSeries(key: string): boolean {
  return (
    key.startsWith('arrivals.') ||
    key.startsWith('exits.') ||
    key.endsWith('.completed') ||
    key.startsWith('cost.') ||
    key.startsWith('norm.') ||
    key.startsWith('penalty.') ||
    key.startsWith('pool.') ||
    key.endsWith('.poolHours') ||
    key.endsWith('.poolHoursAllocated')
  );
}

export { costSeries, locationOfSeries, stageOfSeries } from '../sim/chain/keys.ts';

export { COST_CATEGORIES };
