// The keys of a replication's daily series, built and read in one place: the simulator names its series with
// them and every consumer (plans, aggregation, the monitor's norm ids, the KPI catalogue) finds a series through
// them, never by assembling or matching strings of its own.

/** Daily series of a stage. */
export type StageMeasure = 'inStage' | 'waiting' | 'inServiceCases' | 'completed';
/** Daily series of a reception location or location type. */
export type LocationMeasure = 'beds' | 'occupied';
/** Daily series of a norm. */
export type NormMeasure = 'measured' | 'within' | 'withinShare' | 'daysLate' | 'openPastDeadline' | 'penaltyEur';

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
