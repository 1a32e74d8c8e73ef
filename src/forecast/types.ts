// The shapes shared by every forecasting model: a fitted model's predictive distribution over the next
// `horizon` periods, as a point forecast, Gaussian standard deviations where they apply, and a path simulator.
import type { Random } from './rng.ts';

/** Names of the forecasting methods, as used in options, the CLI and reports. */
export const METHOD_NAMES = ['naive', 'snaive', 'naive2', 'ets', 'theta', 'arima', 'combination'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** A model fitted to one series and projected `horizon` periods ahead (values on the data scale). */
export interface ModelForecast {
  method: MethodName;
  /** Human-readable specification, e.g. `ETS(M,Ad,M)` or `ARIMA(0,1,1)(0,1,1)[12]`. */
  label: string;
  horizon: number;
  /** Point forecast per step ahead (not yet truncated at zero). */
  mean: Float64Array;
  /** Standard deviation of the forecast error per step ahead under the model. */
  sd: Float64Array;
  /** True when the model's forecast distribution is Gaussian (intervals are mean ± z·sd). */
  gaussian: boolean;
  /** Writes one sample path of future values (length `horizon`) into `out`, drawing from `random`. */
  simulate(random: Random, out: Float64Array): void;
  /** Number of observations the model was fitted on. */
  observations: number;
}

export interface PredictionInterval {
  /** Nominal coverage in percent, e.g. 95. */
  level: number;
  lower: Float64Array;
  upper: Float64Array;
}
