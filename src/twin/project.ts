// The twin's projection: the chain run forward from the open cases at the as-of date (a model that starts then,
// with those cases as its initial state), reduced per week ahead to the distribution over replications of the
// backlogs, reception against beds, overflow, permit holders waiting, cases past each norm and penalty exposure,
// and, per threshold (a location type full, anyone without a bed, a case past a norm), the chance of a breach per
// week and the first weeks that chance reaches 10%, 50% and 90%. Replications run in chunks through simulate()
// (as many as a memory budget of daily values holds) and each is reduced to weekly values as its chunk arrives, so
// memory does not grow with the daily series of all replications; replication r uses the same random streams in every run (common random numbers), whatever
// the chunk or worker count.
import { type LoadedModel, withInflowForecastFor } from '../model/load.ts';
import type { ChainModel } from '../model/schema.ts';
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { quantileSorted } from '../core/stats.ts';
import {
  CHAIN_SERIES,
  costSeries,
  locationTypeSeries,
  normSeries,
  stageNormId,
  stageSeries,
} from '../sim/chain/keys.ts';
import type { ReplicationResult } from '../sim/chain/results.ts';
import { simulate } from '../sim/run/simulate.ts';
import { resultShape } from '../model/result-shape.ts';

/** What a projected measure counts. */
export type TwinMeasureKind =
  'backlog' | 'reception' | 'overflow' | 'permitHolders' | 'pastNorm' | 'penaltyWeek' | 'penaltyCumulative';

/** The distribution over replications of one figure per week ahead (arrays of length `weeks`). */
export interface WeeklyBands {
  mean: number[];
  p05: number[];
  p25: number[];
  p50: number[];
  p75: number[];
  p95: number[];
}

export interface TwinMeasure {
  /** `backlog.<stage>`, `reception.<location type>`, `overflow`, `permitHolders`, `pastNorm.<norm id>` (a stage
   * norm's id is `stage.<stage>`), `penalty.week`, `penalty.cumulative`. */
  id: string;
  kind: TwinMeasureKind;
  /** The stage, location type or norm id; '' for the chain. */
  subject: string;
  unit: 'persons' | 'cases' | 'EUR';
  /** Stocks at the end of each week; penalties summed over the week (or up to its end). */
  bands: WeeklyBands;
  /** For reception: the beds of the location type at the end of each week (mean over replications). */
  beds?: number[];
}

/** What counts as a breach: a location type full, anyone without a bed, a case open past a norm's deadline. */
export type TwinThresholdKind = 'reception' | 'overflow' | 'norm';

export interface TwinThreshold {
  /** The measure it watches (`reception.<type>`, `overflow`, `pastNorm.<norm id>`). */
  id: string;
  kind: TwinThresholdKind;
  subject: string;
  /** Per week ahead: the share of replications in which the limit is passed on at least one day of the week. */
  probability: number[];
  /** The first week (1-based) in which that share reaches 10%, 50% and 90%; null: not within the horizon. */
  week10: number | null;
  week50: number | null;
  week90: number | null;
  /** Whether the limit is already passed on the as-of day itself in at least half of the replications. */
  alreadyAtStart: boolean;
}

/** Per replication, the totals over the horizon that the draaiboek compares runs by (same replications). */
export interface TwinExposure {
  /** Persons without a bed, summed over the days (person-days). */
  overflowPersonDays: number[];
  /** Per norm id: cases open past its deadline, summed over the days (case-days). */
  pastNormCaseDays: Record<string, number[]>;
  /** Per stage id: persons waiting, summed over the days (person-days). */
  backlogPersonDays: Record<string, number[]>;
  /** The draaiboek's own costs (cost.playbook), EUR. */
  playbookEur: number[];
}

export interface TwinProjection {
  /** The as-of date: the model's start, day 0 of the projection. */
  startDate: string;
  weeks: number;
  replications: number;
  seed: number;
  /** First and last day of each week ahead (YYYY-MM-DD). */
  weekStarts: string[];
  weekEnds: string[];
  measures: TwinMeasure[];
  thresholds: TwinThreshold[];
  exposure: TwinExposure;
  /** Whether the model's draaiboek rules acted in the projection (by default they do not: the status quo). */
  playbook: 'off' | 'model';
  elapsedSeconds: number;
}

export interface ProjectOptions {
  /** Weeks ahead (1 to 520). */
  weeks: number;
  /** Replications (default 200). */
  replications?: number;
  /** Base seed (default: the model's). */
  seed?: number;
  /** Worker threads (default: all cores). */
  workers?: number;
  /** Called as replications finish. */
  onProgress?: (done: number, total: number) => void;
  /** `off` (default): the chain as it is, with no draaiboek rule acting; `model`: the model's rules act. */
  playbook?: 'off' | 'model';
  /** Replications simulated at once (default: as many as CHUNK_DAILY_VALUES allows); results do not depend on it. */
  chunk?: number;
}

/**
 * Daily values (series × days × replications) a chunk of replications may hold at once, 160 MB: each chunk is
 * reduced to weekly values before the next runs. nl-2022-2026 over 26 weeks (128 series) fits 200 replications in one.
 */
export const CHUNK_DAILY_VALUES = 20_000_000;

/** Replications simulated at once for a run of `horizonDays` of this model: as many as the budget holds. */
export function chunkReplications(loaded: LoadedModel, horizonDays: number): number {
  return Math.max(1, Math.floor(CHUNK_DAILY_VALUES / (resultShape(loaded.model).dailySeries * horizonDays)));
}

const DAYS_PER_WEEK = 7;

/** The model without its draaiboek rules (the status quo the advice compares with). */
export function withoutPlaybook(loaded: LoadedModel): LoadedModel {
  if (!loaded.model.playbook || loaded.model.playbook.length === 0) return loaded;
  return withModel(loaded, { ...loaded.model, playbook: [] });
}

/** The same loaded model with another model object (a transformation of it; the hash is kept as its origin). */
export function withModel(loaded: LoadedModel, model: ChainModel): LoadedModel {
  return { ...loaded, model };
}

/** The first and last day of each week ahead of `start`. */
export function weekDates(start: string, weeks: number): { weekStarts: string[]; weekEnds: string[] } {
  const day0 = parseIsoDate(start);
  const weekStarts: string[] = [];
  const weekEnds: string[] = [];
  for (let k = 0; k < weeks; k++) {
    weekStarts.push(formatIsoDate(day0 + DAYS_PER_WEEK * k));
    weekEnds.push(formatIsoDate(day0 + DAYS_PER_WEEK * k + DAYS_PER_WEEK - 1));
  }
  return { weekStarts, weekEnds };
}

/** The location types of the model's reception, in the order of their first location. */
export function locationTypes(model: ChainModel): string[] {
  return [...new Set((model.reception?.locations ?? []).map((l) => l.type))];
}

/** The norms that have a daily series: the chain norms, then each stage's own norm (`stage.<id>`). */
export function projectedNorms(model: ChainModel): string[] {
  return [...(model.norms ?? []).map((n) => n.id), ...model.stages.filter((s) => s.norm).map((s) => stageNormId(s.id))];
}

function hasPenalties(model: ChainModel): boolean {
  return (model.norms ?? []).some((n) => (n.penalties?.length ?? 0) > 0 || n.penaltyPerDayLateEur > 0);
}

/**
 * Runs replications `0 … replications − 1` of `loaded` for `horizonDays` in chunks and hands each replication's
 * result to `reduce` in replication order; nothing of a chunk is kept after its reduction.
 */
export async function forEachReplication(
  loaded: LoadedModel,
  options: {
    replications: number;
    seed: number;
    horizonDays: number;
    workers?: number;
    /** Replications per chunk (default chunkReplications). */
    chunk?: number;
    onProgress?: (done: number) => void;
  },
  reduce: (r: ReplicationResult) => void,
): Promise<void> {
  // A forecast inflow is fitted once for the horizon here, not again for every chunk.
  const model = withInflowForecastFor(loaded, options.horizonDays);
  const chunk = options.chunk ?? chunkReplications(loaded, options.horizonDays);
  let done = 0;
  for (let first = 0; first < options.replications; first += chunk) {
    const count = Math.min(chunk, options.replications - first);
    const run = await simulate(model, {
      replications: count,
      firstReplication: first,
      seed: options.seed,
      horizonDays: options.horizonDays,
      workers: options.workers,
      onProgress: (n) => options.onProgress?.(done + n),
    });
    for (const r of run.replications) reduce(r);
    done += count;
  }
}

/** A figure per replication and week, filled as replications arrive. */
class WeeklyGrid {
  readonly values: Float64Array;
  readonly replications: number;
  readonly weeks: number;
  constructor(replications: number, weeks: number) {
    this.replications = replications;
    this.weeks = weeks;
    this.values = new Float64Array(replications * weeks);
  }
  set(r: number, week: number, v: number): void {
    this.values[r * this.weeks + week] = v;
  }
  bands(): WeeklyBands {
    const out: WeeklyBands = { mean: [], p05: [], p25: [], p50: [], p75: [], p95: [] };
    const column = new Float64Array(this.replications);
    for (let w = 0; w < this.weeks; w++) {
      let sum = 0;
      for (let r = 0; r < this.replications; r++) {
        column[r] = this.values[r * this.weeks + w];
        sum += column[r];
      }
      column.sort();
      out.mean.push(sum / this.replications);
      out.p05.push(quantileSorted(column, 0.05));
      out.p25.push(quantileSorted(column, 0.25));
      out.p50.push(quantileSorted(column, 0.5));
      out.p75.push(quantileSorted(column, 0.75));
      out.p95.push(quantileSorted(column, 0.95));
    }
    return out;
  }
}

/** How one measure is read from a replication's daily series. */
interface MeasureReader {
  measure: Omit<TwinMeasure, 'bands' | 'beds'>;
  grid: WeeklyGrid;
  /** The week's figure from the days of the run. */
  read: (r: ReplicationResult, week: number) => number;
  beds?: WeeklyGrid;
  readBeds?: (r: ReplicationResult, week: number) => number;
}

interface ThresholdReader {
  threshold: Pick<TwinThreshold, 'id' | 'kind' | 'subject'>;
  breaches: Uint32Array;
  atStart: number;
  /** Whether the limit is passed on day d. */
  breached: (r: ReplicationResult, d: number) => boolean;
}

const seriesOf = (r: ReplicationResult, key: string): Float64Array => {
  const s = r.series[key];
  if (!s) throw new Error(`projection: the run has no series ${key}`);
  return s;
};

const lastDayOf = (week: number) => DAYS_PER_WEEK * week + DAYS_PER_WEEK - 1;

function firstWeekAtLeast(probability: readonly number[], level: number): number | null {
  // A small tolerance: 9 of 90 replications is 10%, however the division rounds.
  const i = probability.findIndex((p) => p >= level - 1e-9);
  return i < 0 ? null : i + 1;
}

/**
 * Projects the chain of `loaded` (starting at the as-of date with the open cases as its initial state) `weeks`
 * ahead over `replications` replications.
 */
export async function projectTwin(loaded: LoadedModel, options: ProjectOptions): Promise<TwinProjection> {
  const started = performance.now();
  const weeks = options.weeks;
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520)
    throw new RangeError(`weeks must be a whole number from 1 to 520 (got ${weeks})`);
  const R = options.replications ?? 200;
  if (!Number.isInteger(R) || R < 1) throw new RangeError(`replications must be a whole number >= 1 (got ${R})`);
  const seed = options.seed ?? loaded.model.seed;
  const playbook = options.playbook ?? 'off';
  const run = playbook === 'off' ? withoutPlaybook(loaded) : loaded;
  const model = loaded.model;
  const horizonDays = weeks * DAYS_PER_WEEK;

  const readers: MeasureReader[] = [];
  const thresholds: ThresholdReader[] = [];
  const stock = (key: string) => (r: ReplicationResult, w: number) => seriesOf(r, key)[lastDayOf(w)];
  const addMeasure = (measure: MeasureReader['measure'], read: MeasureReader['read'], beds?: MeasureReader['read']) =>
    readers.push({
      measure,
      grid: new WeeklyGrid(R, weeks),
      read,
      ...(beds ? { beds: new WeeklyGrid(R, weeks), readBeds: beds } : {}),
    });
  const addThreshold = (threshold: ThresholdReader['threshold'], breached: ThresholdReader['breached']) =>
    thresholds.push({ threshold, breaches: new Uint32Array(weeks), atStart: 0, breached });

  for (const s of model.stages)
    addMeasure(
      { id: `backlog.${s.id}`, kind: 'backlog', subject: s.id, unit: 'persons' },
      stock(stageSeries(s.id, 'waiting')),
    );
  for (const type of locationTypes(model)) {
    const occupied = locationTypeSeries(type, 'occupied');
    const beds = locationTypeSeries(type, 'beds');
    addMeasure(
      { id: `reception.${type}`, kind: 'reception', subject: type, unit: 'persons' },
      stock(occupied),
      stock(beds),
    );
    // The simulator never puts more persons in a location than its beds (the rest wait without a bed), so the
    // limit is reached when the type is full: no bed free at the end of the day.
    addThreshold({ id: `reception.${type}`, kind: 'reception', subject: type }, (r, d) => {
      const b = seriesOf(r, beds)[d];
      return b > 0 && seriesOf(r, occupied)[d] >= b;
    });
  }
  if (model.reception) {
    addMeasure({ id: 'overflow', kind: 'overflow', subject: '', unit: 'persons' }, stock(CHAIN_SERIES.overflow));
    addThreshold(
      { id: 'overflow', kind: 'overflow', subject: '' },
      (r, d) => seriesOf(r, CHAIN_SERIES.overflow)[d] > 0,
    );
  }
  addMeasure(
    { id: 'permitHolders', kind: 'permitHolders', subject: '', unit: 'persons' },
    stock(CHAIN_SERIES.permitHoldersWaiting),
  );
  for (const norm of projectedNorms(model)) {
    const key = normSeries(norm, 'openPastDeadline');
    addMeasure({ id: `pastNorm.${norm}`, kind: 'pastNorm', subject: norm, unit: 'cases' }, stock(key));
    addThreshold({ id: `pastNorm.${norm}`, kind: 'norm', subject: norm }, (r, d) => seriesOf(r, key)[d] > 0);
  }
  if (hasPenalties(model)) {
    const key = costSeries('penalties');
    const weekSum = (r: ReplicationResult, w: number) => {
      const s = seriesOf(r, key);
      let sum = 0;
      for (let d = DAYS_PER_WEEK * w; d <= lastDayOf(w); d++) sum += s[d];
      return sum;
    };
    addMeasure({ id: 'penalty.week', kind: 'penaltyWeek', subject: '', unit: 'EUR' }, weekSum);
    addMeasure({ id: 'penalty.cumulative', kind: 'penaltyCumulative', subject: '', unit: 'EUR' }, (r, w) => {
      const s = seriesOf(r, key);
      let sum = 0;
      for (let d = 0; d <= lastDayOf(w); d++) sum += s[d];
      return sum;
    });
  }

  const exposure = emptyExposure(model, R);

  await forEachReplication(
    run,
    {
      replications: R,
      seed,
      horizonDays,
      workers: options.workers,
      chunk: options.chunk,
      onProgress: (done) => options.onProgress?.(done, R),
    },
    (r) => {
      const i = r.replication;
      for (const m of readers)
        for (let w = 0; w < weeks; w++) {
          m.grid.set(i, w, m.read(r, w));
          if (m.beds) m.beds.set(i, w, m.readBeds!(r, w));
        }
      for (const t of thresholds) {
        if (t.breached(r, 0)) t.atStart++;
        for (let w = 0; w < weeks; w++)
          for (let d = DAYS_PER_WEEK * w; d <= lastDayOf(w); d++)
            if (t.breached(r, d)) {
              t.breaches[w]++;
              break;
            }
      }
      addExposure(exposure, r, model, i);
    },
  );

  const { weekStarts, weekEnds } = weekDates(model.time.start, weeks);
  const hadBeds = (type: string) =>
    readers.find((m) => m.measure.id === `reception.${type}`)!.beds!.values.some((b) => b > 0);
  return {
    startDate: model.time.start,
    weeks,
    replications: R,
    seed,
    weekStarts,
    weekEnds,
    measures: readers.map((m) => ({
      ...m.measure,
      bands: m.grid.bands(),
      ...(m.beds ? { beds: m.beds.bands().mean } : {}),
    })),
    // A location type without a bed in any week (one a rule could open) has no limit to keep below.
    thresholds: thresholds
      .filter((t) => t.threshold.kind !== 'reception' || hadBeds(t.threshold.subject))
      .map((t) => {
        const probability = Array.from(t.breaches, (n) => n / R);
        return {
          ...t.threshold,
          probability,
          week10: firstWeekAtLeast(probability, 0.1),
          week50: firstWeekAtLeast(probability, 0.5),
          week90: firstWeekAtLeast(probability, 0.9),
          alreadyAtStart: t.atStart / R >= 0.5,
        };
      }),
    exposure,
    playbook,
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}

const sumOf = (s: Float64Array | undefined): number => {
  let sum = 0;
  if (s) for (let d = 0; d < s.length; d++) sum += s[d];
  return sum;
};

/** Totals of n replications, all zero until each replication's are added. */
export function emptyExposure(model: ChainModel, n: number): TwinExposure {
  const zeros = () => new Array<number>(n).fill(0);
  return {
    overflowPersonDays: zeros(),
    pastNormCaseDays: Object.fromEntries(projectedNorms(model).map((id) => [id, zeros()])),
    backlogPersonDays: Object.fromEntries(model.stages.map((s) => [s.id, zeros()])),
    playbookEur: zeros(),
  };
}

/** Adds replication r's totals over the horizon to `exposure` at index i. */
export function addExposure(exposure: TwinExposure, r: ReplicationResult, model: ChainModel, i: number): void {
  exposure.overflowPersonDays[i] = sumOf(r.series[CHAIN_SERIES.overflow]);
  for (const norm of projectedNorms(model))
    exposure.pastNormCaseDays[norm][i] = sumOf(r.series[normSeries(norm, 'openPastDeadline')]);
  for (const s of model.stages) exposure.backlogPersonDays[s.id][i] = sumOf(r.series[stageSeries(s.id, 'waiting')]);
  exposure.playbookEur[i] = sumOf(r.series[costSeries('playbook')]);
}
