// The shapes shared by every forecasting model: a fitted model's predictive distribution over the next
// `horizon` periods, as a point forecast, Gaussian standard deviations where they apply, and the plain data
// its sample paths are made from (src/forecast/paths.ts).

/** Names of the forecasting methods, as used in options, the CLI and reports. */
export const METHOD_NAMES = ['naive', 'snaive', 'naive2', 'ets', 'theta', 'arima', 'combination'] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/**
 * How a model turns standard normal shocks z[0], z[1], … (one per step ahead) into a sample path around its
 * point forecast `mean`: parameters and states only, so a forecast survives structured clone to a worker thread.
 */
export type PathModel =
  /** Every path is the point forecast. */
  | { kind: 'constant' }
  /**
   * A random walk: σ·z accumulates per step (`seasonLength` 1) or per position in the season (the seasonal
   * naive method), and step h adds the sum so far times `factor[h]` (a seasonal index, or 1).
   */
  | { kind: 'random-walk'; sigma: number; seasonLength: number; factor: Float64Array }
  /** Simple exponential smoothing's innovations (Theta): σ·z moves step h and every later step by α times itself. */
  | { kind: 'ses'; sigma: number; alpha: number; factor: Float64Array }
  /** A linear filter: step h adds Σ_{j ≤ h} ψ_j σ z_{h−j} (ARIMA). */
  | { kind: 'linear'; sigma: number; psi: Float64Array }
  /** The ETS state recursion from the states after the last observation (innovations σ·z). */
  | {
      kind: 'ets';
      error: 'A' | 'M';
      trend: 'N' | 'A' | 'Ad';
      season: 'N' | 'A' | 'M';
      period: number;
      alpha: number;
      beta: number;
      gamma: number;
      /** The damping parameter in use (1 unless the trend is damped). */
      phi: number;
      sigma: number;
      observations: number;
      level: number;
      slope: number;
      seasonal: Float64Array;
    }
  /** The per-step median of the members' paths, all driven by the same shocks (the combination). */
  | { kind: 'median'; members: ModelForecast[] };

/** A model fitted to one series and projected `horizon` periods ahead (values on the data scale). Plain data. */
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
  /** What its sample paths are made of (see pathFromShocks in paths.ts). */
  paths: PathModel;
  /** Number of observations the model was fitted on. */
  observations: number;
}

export interface PredictionInterval {
  /** Nominal coverage in percent, e.g. 95. */
  level: number;
  lower: Float64Array;
  upper: Float64Array;
}
