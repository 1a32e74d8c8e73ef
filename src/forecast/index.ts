// The public forecasting API (what src/index.ts re-exports): models, the forecast entry point, sample paths
// for the simulator, backtests and metrics, scenarios and stress profiles, CSV reading and rendering.
export {
  forecast,
  samplePath,
  samplePaths,
  validateSeries,
  ForecastInputError,
  DEFAULT_LEVELS,
  DEFAULT_CANDIDATES,
} from './forecast.ts';
export type { Forecast, ForecastOptions, MethodScore } from './forecast.ts';
export { backtest, owa } from './backtest.ts';
export type { BacktestOptions, BacktestResult, HorizonScores } from './backtest.ts';
export { chooseMethod, backtestOrigins } from './select.ts';
export { fitModel, combine } from './models.ts';
export type { FittedModel } from './models.ts';
export { fitEts, fitEtsModel, forecastEts, etsLabel } from './ets.ts';
export type { EtsFit, EtsSpec } from './ets.ts';
export { autoArima, fitArimaOrder, forecastArima, arimaLabel } from './arima.ts';
export type { ArimaFit, ArimaOrder } from './arima.ts';
export { theta, fitSes } from './theta.ts';
export { naive, seasonalNaive, naive2 } from './simple.ts';
export { maseScale, smapeTerm, intervalScore, crpsFromSample } from './metrics.ts';
export { calibrationScores, calibrateDeviation, CALIBRATION_POLICIES } from './calibrate.ts';
export type { Calibration, CalibrationPolicy } from './calibrate.ts';
export { scenarioLines, surgeProfile, stopProfile, profileFromHistory, applyProfile } from './scenarios.ts';
export type { ScenarioLines, StressProfile, SurgeShape, StopShape } from './scenarios.ts';
export { parseCountCsv, parsePeriod, shiftPeriod, CsvInputError } from './csv.ts';
export type { CountSeries, Frequency } from './csv.ts';
// The forecast's files and terminal text are in src/results/forecast-files.ts, its HTML page in src/report.
export { forecastRows } from './render.ts';
export type { NamedForecast } from './render.ts';
export { FORECAST_STREAM_BASE, fillStandardNormals, pathFromShocks } from './paths.ts';
export { nelderMead } from './optim.ts';
export { METHOD_NAMES } from './types.ts';
export type { MethodName, ModelForecast, PathModel, PredictionInterval } from './types.ts';
