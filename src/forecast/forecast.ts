// The forecasting entry point: validates a count series, applies fallbacks with stated reasons (series break,
// short history, all zeros), fits the chosen method (or chooses one by rolling-origin backtest), calibrates
// its distribution on the series' own history, and returns point forecasts and intervals that are never
// negative. Sample paths for Monte Carlo come from samplePaths/samplePath, deterministic per replication.
import { type Calibration, type CalibrationPolicy, calibrateDeviation, calibrationScores } from './calibrate.ts';
import { type FittedModel, fitModel } from './models.ts';
import { InputError } from '../core/diagnostics.ts';
import { modelPath } from './paths.ts';
import { chooseMethod } from './select.ts';
import { quantileSorted } from '../core/stats.ts';
import { normalQuantile } from './stats.ts';
import { METHOD_NAMES, type MethodName, type ModelForecast, type PredictionInterval } from './types.ts';

/** A problem with the input a user can fix; `field` names what is wrong. */
export class ForecastInputError extends InputError {
  readonly field: string;
  constructor(field: string, message: string) {
    super(message);
    this.name = 'ForecastInputError';
    this.field = field;
  }
}

export interface ForecastOptions {
  /** Steps ahead to forecast (≥ 1). */
  horizon: number;
  /** Seasonal period: 12 for monthly, 4 quarterly, 52 weekly, 1 for none. */
  period: number;
  /**
   * A method, or 'auto' to choose among `candidates` by rolling-origin backtest. Default 'combination', the
   * most accurate on the M3 benchmark and the Dutch and German inflow series (see docs/forecast.md).
   */
  method?: MethodName | 'auto';
  /** Methods the automatic choice considers (default: snaive, naive2, ets, theta, arima, combination). */
  candidates?: MethodName[];
  /** Interval levels in percent (default [80, 95]). */
  levels?: number[];
  /** How backtest errors correct the model's distribution (default 'widen'). */
  calibration?: CalibrationPolicy;
  /**
   * Index of the first observation after a series break (e.g. a change in what is counted): earlier
   * observations are not used.
   */
  breakAt?: number;
  /** Origins the calibration backtest refits at (default 12, spread evenly over the usable history). */
  calibrationOrigins?: number;
  /** Paths used for the quantiles of non-Gaussian models (default 1000). */
  simulations?: number;
  /** Origins the automatic choice backtests on (default 6). */
  selectionOrigins?: number;
}

export interface MethodScore {
  method: MethodName;
  /** Mean absolute scaled error over the selection backtest (lower is better). */
  mase: number;
}

export interface Forecast {
  method: MethodName;
  /** The fitted model, e.g. `ETS(M,Ad,M)`. */
  label: string;
  horizon: number;
  period: number;
  /** Point forecast per step ahead, never negative. */
  mean: Float64Array;
  intervals: PredictionInterval[];
  /** Fallbacks and choices, each with its reason, in the order they were made. */
  notes: string[];
  /** Observations used for fitting (after a series break). */
  observations: number;
  /** Scores of the candidates when the method was chosen automatically. */
  selection: MethodScore[];
  calibration: Calibration | null;
  /** The model's own forecast distribution (before calibration and truncation). */
  model: ModelForecast;
}

export const DEFAULT_LEVELS = [80, 95];
/**
 * The furthest a forecast reaches: 2,400 steps (200 years of months, 46 of weeks) — beyond a model's longest run
 * (100 years) and small enough that the intervals' simulated paths stay a few tens of MB.
 */
export const MAX_HORIZON = 2400;
/** The longest series forecast: 20,000 observations (fitting and calibrating it takes seconds, not hours). */
export const MAX_OBSERVATIONS = 20_000;
/**
 * The largest count: 10¹² persons in one period, far above any real count; the models' sums of squares stay
 * finite (beyond about 10¹⁵⁰ they overflow).
 */
export const MAX_COUNT = 1e12;
export const DEFAULT_CANDIDATES: MethodName[] = ['snaive', 'naive2', 'ets', 'theta', 'arima', 'combination'];

/** Minimum number of observations below which only the naive method is used. */
const MIN_FOR_MODELS = 8;

export function validateSeries(values: ArrayLike<number>): void {
  if (values.length === 0) throw new ForecastInputError('values', 'the series is empty: give at least one observation');
  if (values.length > MAX_OBSERVATIONS)
    throw new ForecastInputError(
      'values',
      `the series has ${values.length} observations, more than ${MAX_OBSERVATIONS}: forecast from a shorter history`,
    );
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v))
      throw new ForecastInputError(`values[${i}]`, `observation ${i + 1} is not a number (${v}): fill or remove it`);
    if (v < 0)
      throw new ForecastInputError(
        `values[${i}]`,
        `observation ${i + 1} is negative (${v}): counts cannot be negative`,
      );
    if (v > MAX_COUNT)
      throw new ForecastInputError(
        `values[${i}]`,
        `observation ${i + 1} is ${v}, more than ${MAX_COUNT}: check the column (a count of persons per period is far smaller)`,
      );
  }
}

function validateOptions(options: ForecastOptions): void {
  if (!Number.isInteger(options.horizon) || options.horizon < 1 || options.horizon > MAX_HORIZON) {
    throw new ForecastInputError(
      'horizon',
      `horizon must be a whole number from 1 to ${MAX_HORIZON}, got ${options.horizon}`,
    );
  }
  if (!Number.isInteger(options.period) || options.period < 1) {
    throw new ForecastInputError('period', `period must be a whole number ≥ 1, got ${options.period}`);
  }
  for (const level of options.levels ?? DEFAULT_LEVELS) {
    if (!(level > 0 && level < 100))
      throw new ForecastInputError('levels', `interval level ${level} must lie strictly between 0 and 100`);
  }
  const method = options.method ?? 'combination';
  if (method !== 'auto' && !METHOD_NAMES.includes(method)) {
    throw new ForecastInputError('method', `unknown method '${method}': use auto or one of ${METHOD_NAMES.join(', ')}`);
  }
}

/** Forecasts a series of counts `horizon` steps ahead. */
export function forecast(values: ArrayLike<number>, options: ForecastOptions): Forecast {
  validateOptions(options);
  validateSeries(values);
  const notes: string[] = [];
  let y = Array.from(values);
  if (options.breakAt !== undefined && options.breakAt > 0) {
    if (options.breakAt >= y.length) {
      throw new ForecastInputError(
        'breakAt',
        `series break at observation ${options.breakAt + 1} leaves no data after it`,
      );
    }
    notes.push(
      `series break marked at observation ${options.breakAt + 1}: the ${options.breakAt} earlier observations are not used`,
    );
    y = y.slice(options.breakAt);
  }
  const { horizon } = options;
  let period = options.period;
  const levels = options.levels ?? DEFAULT_LEVELS;
  let method: MethodName | 'auto' = options.method ?? 'combination';

  if (period > 1 && y.length < 2 * period + 2) {
    notes.push(`${y.length} observations are fewer than two full seasons plus two: seasonality is not modelled`);
    period = 1;
  }
  if (y.every((v) => v === 0)) {
    notes.push('every observation is zero: the forecast is zero with no spread');
    return constantForecast(y, horizon, period, levels, notes);
  }
  if (y.length < MIN_FOR_MODELS && method !== 'naive') {
    notes.push(`only ${y.length} observations (fewer than ${MIN_FOR_MODELS}): the naive method is used`);
    method = 'naive';
  }
  if (y.length === 1) {
    notes.push('a single observation gives no measure of spread: intervals have zero width');
    return constantForecast(y, horizon, period, levels, notes, y[0]);
  }

  let selection: MethodScore[] = [];
  if (method === 'auto') {
    const candidates = options.candidates ?? DEFAULT_CANDIDATES;
    selection = chooseMethod(y, period, horizon, candidates, options.selectionOrigins ?? 6);
    method = selection.length > 0 ? selection[0].method : 'naive';
    notes.push(
      selection.length > 0
        ? `method chosen by rolling-origin backtest (MASE): ${selection.map((s) => `${s.method} ${s.mase.toFixed(3)}`).join(', ')}`
        : 'too short to backtest: the naive method is used',
    );
  }
  const fitted = fitModel(method, y, period);
  return finishForecast(fitted, y, horizon, period, levels, options, notes, selection);
}

function finishForecast(
  fitted: FittedModel,
  y: number[],
  horizon: number,
  period: number,
  levels: number[],
  options: ForecastOptions,
  notes: string[],
  selection: MethodScore[],
): Forecast {
  const model = fitted.forecast(horizon);
  const policy = options.calibration ?? 'widen';
  let calibration: Calibration | null = null;
  if (policy !== 'model') {
    const firstOrigin = Math.max(MIN_FOR_MODELS, Math.min(2 * period, Math.floor(y.length / 2)));
    const scores = calibrationScores(fitted, y, horizon, firstOrigin, options.calibrationOrigins ?? 12);
    calibration = { policy, scores };
    if (scores.length < 20)
      notes.push(`only ${scores.length} backtest errors: intervals use the model's own distribution`);
  }
  const mean = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) mean[h] = Math.max(0, model.mean[h]);
  const intervals: PredictionInterval[] = [];
  if (model.gaussian) {
    for (const level of levels) {
      const pLow = (1 - level / 100) / 2;
      const zLow = calibrateDeviation(calibration, normalQuantile(pLow));
      const zHigh = calibrateDeviation(calibration, normalQuantile(1 - pLow));
      const lower = new Float64Array(horizon);
      const upper = new Float64Array(horizon);
      for (let h = 0; h < horizon; h++) {
        lower[h] = Math.max(0, model.mean[h] + zLow * model.sd[h]);
        upper[h] = Math.max(0, model.mean[h] + zHigh * model.sd[h]);
      }
      intervals.push({ level, lower, upper });
    }
  } else {
    intervals.push(...simulatedIntervals(model, calibration, levels, options.simulations ?? 1000));
  }
  return {
    method: fitted.method,
    label: model.label === 'Combination' ? fitted.label : model.label,
    horizon,
    period,
    mean,
    intervals,
    notes,
    observations: y.length,
    selection,
    calibration,
    model,
  };
}

function simulatedIntervals(
  model: ModelForecast,
  calibration: Calibration | null,
  levels: number[],
  count: number,
): PredictionInterval[] {
  const { horizon } = model;
  const columns = Array.from({ length: horizon }, () => new Float64Array(count));
  const path = new Float64Array(horizon);
  const shocks = new Float64Array(horizon);
  for (let r = 0; r < count; r++) {
    pathInto(model, calibration, 0x1e7e1, r, 0, path, shocks);
    for (let h = 0; h < horizon; h++) columns[h][r] = path[h];
  }
  for (const column of columns) column.sort();
  return levels.map((level) => {
    const pLow = (1 - level / 100) / 2;
    const lower = new Float64Array(horizon);
    const upper = new Float64Array(horizon);
    for (let h = 0; h < horizon; h++) {
      lower[h] = quantileSorted(columns[h], pLow);
      upper[h] = quantileSorted(columns[h], 1 - pLow);
    }
    return { level, lower, upper };
  });
}

function constantForecast(
  y: number[],
  horizon: number,
  period: number,
  levels: number[],
  notes: string[],
  value = 0,
): Forecast {
  const mean = new Float64Array(horizon).fill(value);
  const model: ModelForecast = {
    method: 'naive',
    label: 'Constant',
    horizon,
    mean,
    sd: new Float64Array(horizon),
    gaussian: true,
    observations: y.length,
    paths: { kind: 'constant' },
  };
  return {
    method: 'naive',
    label: 'Constant',
    horizon,
    period,
    mean,
    intervals: levels.map((level) => ({ level, lower: mean.slice(), upper: mean.slice() })),
    notes,
    observations: y.length,
    selection: [],
    calibration: null,
    model,
  };
}

/** Writes the calibrated, non-negative path of (seed, replication, stream) into `out`. */
function pathInto(
  model: ModelForecast,
  calibration: Calibration | null,
  seed: number,
  replication: number,
  stream: number,
  out: Float64Array,
  shocks?: Float64Array,
): void {
  modelPath(model, seed, replication, out, stream, shocks);
  for (let h = 0; h < model.horizon; h++) {
    const sd = model.sd[h];
    let value = out[h];
    if (calibration && sd > 0)
      value = model.mean[h] + sd * calibrateDeviation(calibration, (value - model.mean[h]) / sd);
    out[h] = value > 0 ? value : 0;
  }
}

/**
 * One sample path of future counts for Monte Carlo replication `replication`: a pure function of
 * (forecast, seed, replication, stream), so replication r always draws the same path whatever else runs. Its
 * shocks come from the engine's sub-stream (seed, replication, FORECAST_STREAM_BASE + stream, 0) (paths.ts);
 * give each series of one replication its own `stream` for independent paths. Values are calibrated like the
 * intervals and never negative. Writes into `out` when given.
 */
export function samplePath(
  fc: Forecast,
  seed: number,
  replication: number,
  out = new Float64Array(fc.horizon),
  stream = 0,
): Float64Array {
  if (!Number.isInteger(replication) || replication < 0)
    throw new RangeError(`replication must be a whole number ≥ 0, got ${replication}`);
  pathInto(fc.model, fc.calibration, seed, replication, stream, out);
  return out;
}

/** Sample paths for replications first, first + 1, …, first + count − 1 (see samplePath). */
export function samplePaths(fc: Forecast, count: number, seed: number, first = 0, stream = 0): Float64Array[] {
  const paths: Float64Array[] = [];
  for (let r = first; r < first + count; r++) paths.push(samplePath(fc, seed, r, undefined, stream));
  return paths;
}
