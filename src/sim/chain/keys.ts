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
