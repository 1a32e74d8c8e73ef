// The keys of a replication's daily series, built and read in one place: the simulator names its series with
// them and every consumer (plans, aggregation, the monitor's norm ids, the KPI catalogue) finds a series through
// them, never by assembling or matching strings of its own.

/** Daily series of a stage. */
export type StageMeasure =
  | 'inStage'
  | 'waiting'
  | 'inServiceCases'
  | 'completed'
  /** At a stage of a staff pool: staff hours its started cases took, and hours the pool gave it, per day. */
  | 'poolHours'
  | 'poolHoursAllocated';
/** Daily series of a staff pool: its hours of the day, and the hours its stages' started cases took. */
export type PoolMeasure = 'hoursAvailable' | 'hoursUsed';
/** Daily series of a reception location or location type. */
export type LocationMeasure = 'beds' | 'occupied';
/** Daily series of a norm. */
export type NormMeasure =
  | 'measured'
  | 'within'
  | 'withinShare'
  | 'daysLate'
  | 'openPastDeadline'
  | 'penaltyEur'
  /** Sum of the lead times (days) of the clocks that stopped that day: with `measured`, their mean per period. */
  | 'leadDays';

/** The id of a stage's own norm, beside the model's chain norms: `stage.<id>`. */
export function stageNormId(stageId: string): string {
  return `stage.${stageId}`;
}

/** The stage id of a stage-norm id, or undefined for a chain norm. */
export function stageOfNormId(normId: string): string | undefined {
  return normId.startsWith('stage.') ? normId.slice(6) : undefined;
}

export function stageSeries(stageId: string, measure: StageMeasure): string {
  return `stage.${stageId}.${measure}`;
}

export function poolSeries(poolId: string, measure: PoolMeasure): string {
  return `pool.${poolId}.${measure}`;
}

export function locationSeries(locationId: string, measure: LocationMeasure): string {
  return `location.${locationId}.${measure}`;
}

export function locationTypeSeries(type: string, measure: LocationMeasure): string {
  return `locationType.${type}.${measure}`;
}

export function normSeries(normId: string, measure: NormMeasure): string {
  return `norm.${normId}.${measure}`;
}

/** The daily series of a cost category (EUR a day), or of all together (`total`). */
export function costSeries(category: string): string {
  return `cost.${category}`;
}

/** The stage id of a stage series key with this measure, or undefined. */
export function stageOfSeries(key: string, measure: StageMeasure): string | undefined {
  const suffix = `.${measure}`;
  return key.startsWith('stage.') && key.endsWith(suffix) ? key.slice(6, -suffix.length) : undefined;
}

/** The location id of a location series key with this measure, or undefined. */
export function locationOfSeries(key: string, measure: LocationMeasure): string | undefined {
  const suffix = `.${measure}`;
  return key.startsWith('location.') && key.endsWith(suffix) ? key.slice(9, -suffix.length) : undefined;
}

/** Daily series of the whole chain. */
export const CHAIN_SERIES = {
  /** Persons arrived per day, all kinds together. */
  arrivals: 'arrivals.all',
  /** Persons in the chain at the end of each day. */
  inChain: 'chain.inChain',
  /** Permit holders in the chain (waiting for housing) at the end of each day. */
  permitHoldersWaiting: 'chain.permitHoldersWaiting',
  /** Persons without a bed in any location at the end of each day. */
  overflow: 'reception.overflow',
} as const;

/** Persons arrived per day of one kind of application. */
export function arrivalsSeries(kind: string): string {
  return `arrivals.${kind}`;
}

/** Persons who left the chain per day for one exit reason. */
export function exitsSeries(reason: string): string {
  return `exits.${reason}`;
}

/**
 * The scalar KPIs of a replication that belong to the whole chain, by name. The simulator writes them under
 * these keys and every consumer (comparison, MKBA, reports, the KPI catalogue) reads them through this table.
 */
export const CHAIN_KPI = {
  arrivals: 'arrivals.persons',
  initialPersons: 'chain.initialPersons',
  familyGenerated: 'familyReunification.generatedPersons',
  inChainEnd: 'chain.inChain.end',
  inChainMean: 'chain.inChain.mean',
  permitHoldersWaitingMean: 'chain.permitHoldersWaiting.mean',
  permitHoldersWaitingEnd: 'chain.permitHoldersWaiting.end',
  leadTimeMean: 'leadTime.chain.mean',
  leadTimeP50: 'leadTime.chain.p50',
  leadTimeP90: 'leadTime.chain.p90',
  movesPerPerson: 'moves.perPerson',
  movesPerChild: 'moves.perChild',
  personMoves: 'moves.personMoves',
  childMoves: 'moves.childMoves',
  overflowPersonDays: 'reception.overflow.personDays',
  overflowMax: 'reception.overflow.max',
  costTotal: 'cost.total.eur',
} as const;
export type ChainKpi = (typeof CHAIN_KPI)[keyof typeof CHAIN_KPI];

/** Scalar KPIs of a stage: lead-time statistics, backlog, completions, Little's law and utilisation. */
export type StageKpi =
  | `${'waiting' | 'total'}.${'mean' | 'p50' | 'p90'}`
  | 'processing.mean'
  | 'backlog.mean'
  | 'backlog.end'
  | 'completed.cases'
  | 'little.meanCases'
  | 'little.casesPerDay'
  | 'utilisation'
  /** At a pool stage: the staff hours its cases took, and their share of the pool's hours used. */
  | 'poolHours'
  | 'poolShare';

export function stageKpi(stageId: string, kpi: StageKpi): string {
  return `stage.${stageId}.${kpi}`;
}

/** Scalar KPIs of a norm (a chain norm's id, or a stage norm's `stage.<id>`). */
export type NormKpi = 'withinShare' | 'p50' | 'p90' | 'daysLate' | 'penaltyEur' | 'openPastDeadline';

export function normKpi(normId: string, kpi: NormKpi): string {
  return `norm.${normId}.${kpi}`;
}

/** Scalar KPIs of a reception location. */
export type LocationKpi = 'occupied.mean' | 'occupied.max' | 'beds.mean';

export function locationKpi(locationId: string, kpi: LocationKpi): string {
  return `location.${locationId}.${kpi}`;
}

/** Scalar KPIs of a staff pool: its hours available and used, and their ratio. */
export type PoolKpi = 'hoursAvailable' | 'hoursUsed' | 'utilisation';

export function poolKpi(poolId: string, kpi: PoolKpi): string {
  return `pool.${poolId}.${kpi}`;
}

/** Daily series of the open family-reunification applications abroad (models with abroad stages). */
export const NAREIS_SERIES = {
  openPersons: 'familyReunification.openApplications',
  openCases: 'familyReunification.openApplicationCases',
} as const;

/** Scalar KPIs of family reunification as a process (models with abroad stages). */
export const NAREIS_KPI = {
  openPersonsMean: 'familyReunification.openApplications.mean',
  openPersonsEnd: 'familyReunification.openApplications.end',
  openCasesEnd: 'familyReunification.openApplicationCases.end',
  filedPersons: 'familyReunification.filedPersons',
  withdrawnPersons: 'familyReunification.withdrawnPersons',
} as const;

/** Persons who left the chain for one exit reason in the reported period. */
export function exitKpi(reason: string): string {
  return `exits.${reason}.persons`;
}

/** Cost of one category over the reported period (EUR). */
export function costKpi(category: string): string {
  return `cost.${category}.eur`;
}

/** Scalar KPIs of a playbook rule. */
export type PlaybookKpi = 'actions' | 'firstEffectDay';

export function playbookKpi(ruleId: string, kpi: PlaybookKpi): string {
  return `playbook.${ruleId}.${kpi}`;
}

/** Daily series and KPIs of a penalty regime: notices of default given, penalty days run, euros charged. */
export type PenaltyMeasure = 'notices' | 'days' | 'eur';

/** A penalty regime's id among all the chain's: `<norm id>.<regime id>` (the id of its KPIs). */
export function penaltyRegimeId(normId: string, regimeId: string): string {
  return `${normId}.${regimeId}`;
}

/** The daily series of penalty regime `regimeId` of chain norm `normId`. */
export function penaltySeries(normId: string, regimeId: string, measure: PenaltyMeasure): string {
  return `penalty.${penaltyRegimeId(normId, regimeId)}.${measure}`;
}

/** The KPI of a penalty regime over the reported period (its series' key), or of all regimes together. */
export function penaltyKpi(measure: PenaltyMeasure, normId?: string, regimeId?: string): string {
  return normId === undefined || regimeId === undefined
    ? `penalty.${measure}`
    : penaltySeries(normId, regimeId, measure);
}

/** The norm and regime of a penalty series key with this measure, or undefined (ids hold no dots). */
export function penaltyOfSeries(key: string, measure: PenaltyMeasure): { norm: string; regime: string } | undefined {
  const parts = key.split('.');
  if (parts.length !== 4 || parts[0] !== 'penalty' || parts[3] !== measure) return undefined;
  return { norm: parts[1], regime: parts[2] };
}
