// One entry point for every method: fit a model to a series, forecast from the end of the data, and
// forecast from an earlier origin with the structure kept and the parameters refitted (for calibration).
// The combination is the per-step median of ETS, Theta and ARIMA, simulated with shared random shocks.
import { autoArima, fitArimaOrder, forecastArima, rootsAcceptable } from './arima.ts';
import { fitEts, fitEtsModel, forecastEts } from './ets.ts';
import { empiricalSd, medianOf } from './paths.ts';
import { naive, naive2, seasonalNaive } from './simple.ts';
import { theta } from './theta.ts';
import type { MethodName, ModelForecast } from './types.ts';

export interface FittedModel {
  method: MethodName;
  label: string;
  /** Forecast `horizon` steps from the end of the data. */
  forecast(horizon: number): ModelForecast;
  /**
   * Forecast from the origin after the first `length` observations with the model's structure (e.g. the ETS
   * components or ARIMA orders) kept but its parameters re-estimated on those observations only; null when
   * those observations cannot support it.
   */
  refitFrom(length: number, horizon: number): ModelForecast | null;
}

function refitting(
  method: MethodName,
  y: ArrayLike<number>,
  run: (data: ArrayLike<number>, horizon: number) => ModelForecast,
): FittedModel {
  const label = run(y, 1).label;
  return {
    method,
    label,
    forecast: (horizon) => run(y, horizon),
    refitFrom: (length, horizon) =>
      length >= 2 ? run(Array.prototype.slice.call(y, 0, length) as number[], horizon) : null,
  };
}

/** Fits `method` to `y` (seasonal period `period`; 1 for none). */
export function fitModel(method: MethodName, y: ArrayLike<number>, period: number): FittedModel {
  switch (method) {
    case 'naive':
      return refitting(method, y, (data, h) => naive(data, h));
    case 'snaive':
      return refitting(method, y, (data, h) => seasonalNaive(data, period, h));
    case 'naive2':
      return refitting(method, y, (data, h) => naive2(data, period, h));
    case 'theta':
      return refitting(method, y, (data, h) => theta(data, period, h));
    case 'ets': {
      const fit = fitEts(y, period);
      return {
        method,
        label: forecastEts(fit, 1).label,
        forecast: (horizon) => forecastEts(fit, horizon),
        refitFrom: (length, horizon) => {
          const refit = fitEtsModel(Array.prototype.slice.call(y, 0, length) as number[], period, fit.spec);
          return refit ? forecastEts(refit, horizon) : null;
        },
      };
    }
    case 'arima': {
      const fit = autoArima(y, period);
      return {
        method,
        label: forecastArima(fit, 1).label,
        forecast: (horizon) => forecastArima(fit, horizon),
        refitFrom: (length, horizon) => {
          // Conditional sum of squares keeps the refits cheap; the orders stay those chosen on all the data.
          const refit = fitArimaOrder(Array.prototype.slice.call(y, 0, length) as number[], fit.order, 'CSS');
          return refit && rootsAcceptable(refit) ? forecastArima(refit, horizon) : null;
        },
      };
    }
    case 'combination': {
      const members = [fitModel('ets', y, period), fitModel('theta', y, period), fitModel('arima', y, period)];
      return {
        method,
        label: `Combination (median of ${members.map((m) => m.label).join(', ')})`,
        forecast: (horizon) =>
          combine(
            members.map((m) => m.forecast(horizon)),
            horizon,
          ),
        refitFrom: (length, horizon) => {
          const parts = members.map((m) => m.refitFrom(length, horizon));
          return parts.every((p) => p !== null) ? combine(parts as ModelForecast[], horizon) : null;
        },
      };
    }
  }
}

/** Per-step median of member forecasts; paths are the per-step median of member paths driven by the same shocks. */
export function combine(parts: ModelForecast[], horizon: number): ModelForecast {
  const k = parts.length;
  const meanForecast = new Float64Array(horizon);
  const column = new Float64Array(k);
  for (let h = 0; h < horizon; h++) {
    for (let i = 0; i < k; i++) column[i] = parts[i].mean[h];
    meanForecast[h] = medianOf(column, k);
  }
  const model: ModelForecast = {
    method: 'combination',
    label: 'Combination',
    horizon,
    mean: meanForecast,
    sd: new Float64Array(horizon),
    gaussian: false,
    paths: { kind: 'median', members: parts },
    observations: parts[0].observations,
  };
  model.sd = empiricalSd(model, 400);
  return model;
}
