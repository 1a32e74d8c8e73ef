// Sample paths of a fitted model, drawn from the engine's random sub-streams (src/core/random.ts). A model's
// predictive distribution is plain data (PathModel: parameters and states, no closures), so a forecast crosses
// to worker threads by structured clone; every path is a pure function of that data and its standard normal
// shocks, one shock per step ahead, drawn from sub-stream (seed, replication, FORECAST_STREAM_BASE + stream, 0).
import { type RandomStream, substream } from '../core/random.ts';
import type { ModelForecast } from './types.ts';

/**
 * First sub-stream id of forecasting: the path of forecast stream s (the simulator's inflow stream s; 0 for a
 * forecast on its own) uses FORECAST_STREAM_BASE + s. The range [3,000,000, 4,000,000) lies beside the
 * simulator's own ranges (docs/simulation.md, Reproducibility), so a path never shares a sub-stream with a
 * household, an arrival process or an initial stock of the same replication.
 */
export const FORECAST_STREAM_BASE = 3_000_000;
/** The number of forecast streams the range holds. */
export const FORECAST_STREAMS = 1_000_000;

/**
 * Fills `out[0..count)` with standard normal variates from `stream`: Marsaglia's polar method, both variates
 * of each accepted pair used (the first, then the second), so a path of h steps costs about 1.27·h uniforms.
 */
export function fillStandardNormals(stream: RandomStream, out: Float64Array, count = out.length): void {
  for (let i = 0; i < count;) {
    let x: number;
    let y: number;
    let radiusSquared: number;
    do {
      x = 2 * stream.uniform() - 1;
      y = 2 * stream.uniform() - 1;
      radiusSquared = x * x + y * y;
    } while (radiusSquared >= 1 || radiusSquared === 0);
    const factor = Math.sqrt((-2 * Math.log(radiusSquared)) / radiusSquared);
    out[i++] = x * factor;
    if (i < count) out[i++] = y * factor;
  }
}

/** The sub-stream a path of forecast stream `stream` draws from in replication `replication` under `seed`. */
export function pathStream(seed: number, replication: number, stream = 0): RandomStream {
  if (!(Number.isInteger(stream) && stream >= 0 && stream < FORECAST_STREAMS))
    throw new RangeError(`forecast stream must be a whole number from 0 to ${FORECAST_STREAMS - 1}, got ${stream}`);
  return substream(seed, replication, FORECAST_STREAM_BASE + stream, 0);
}

// Scratch space, grown on demand: the models below use each buffer at one level only (a combination's members
// are never combinations), so one set serves every call.
const memberPaths: Float64Array[] = [];
let seasonScratch = new Float64Array(64);

function scratch(length: number): Float64Array {
  if (seasonScratch.length < length) seasonScratch = new Float64Array(length);
  return seasonScratch;
}

/**
 * Writes the path of `model` driven by the standard normal `shocks` (one per step ahead, length ≥ horizon)
 * into `out` (length ≥ horizon): the model's own distribution, before calibration and truncation at zero.
 */
export function pathFromShocks(model: ModelForecast, shocks: Float64Array, out: Float64Array): void {
  const { horizon, mean } = model;
  const paths = model.paths;
  switch (paths.kind) {
    case 'constant':
      for (let h = 0; h < horizon; h++) out[h] = mean[h];
      return;
    case 'random-walk': {
      // Shocks accumulate per step, or per position in the season for the seasonal naive method.
      const { sigma, seasonLength, factor } = paths;
      const cumulative = scratch(seasonLength).fill(0, 0, seasonLength);
      for (let h = 0; h < horizon; h++) {
        const i = h % seasonLength;
        cumulative[i] += sigma * shocks[h];
        out[h] = mean[h] + cumulative[i] * factor[h];
      }
      return;
    }
    case 'ses': {
      // SES innovations: a shock moves this step and, through the level, every later step by α times itself.
      const { sigma, alpha, factor } = paths;
      let carried = 0;
      for (let h = 0; h < horizon; h++) {
        const e = sigma * shocks[h];
        out[h] = mean[h] + (carried + e) * factor[h];
        carried += alpha * e;
      }
      return;
    }
    case 'linear': {
      // A linear filter of the shocks (ARIMA's ψ weights).
      const { sigma, psi } = paths;
      const scaled = scratch(horizon);
      for (let h = 0; h < horizon; h++) scaled[h] = sigma * shocks[h];
      for (let h = 0; h < horizon; h++) {
        let value = mean[h];
        for (let j = 0; j <= h; j++) value += psi[j] * scaled[h - j];
        out[h] = value;
      }
      return;
    }
    case 'ets': {
      // The state recursion of the fitted ETS model, one innovation per step.
      const { error, trend, season, period, alpha, beta, gamma, phi, sigma, observations: n } = paths;
      const hasTrend = trend !== 'N';
      const seasonal = scratch(paths.seasonal.length);
      seasonal.set(paths.seasonal);
      let level = paths.level;
      let slope = paths.slope;
      for (let h = 1; h <= horizon; h++) {
        const t = n + h - 1;
        const q = hasTrend ? level + phi * slope : level;
        const si = period > 1 ? t % period : 0;
        const s = season === 'N' ? 0 : seasonal[si];
        const forecast = season === 'A' ? q + s : season === 'M' ? q * s : q;
        const e = sigma * shocks[h - 1];
        const obs = error === 'M' ? forecast * (1 + e) : forecast + e;
        out[h - 1] = obs;
        const deseasonalised = season === 'A' ? obs - s : season === 'M' ? obs / s : obs;
        level = q + alpha * (deseasonalised - q);
        if (hasTrend) slope = phi * slope + beta * (deseasonalised - q);
        if (season === 'A') seasonal[si] = s + gamma * (obs - q - s);
        else if (season === 'M') seasonal[si] = q > 0 ? s + gamma * (obs / q - s) : s;
      }
      return;
    }
    case 'median': {
      // Per-step median of the members' paths, every member driven by the same shocks.
      const { members } = paths;
      const k = members.length;
      while (memberPaths.length < k) memberPaths.push(new Float64Array(horizon));
      for (let i = 0; i < k; i++) {
        if (memberPaths[i].length < horizon) memberPaths[i] = new Float64Array(horizon);
        pathFromShocks(members[i], shocks, memberPaths[i]);
      }
      const column = new Float64Array(k);
      for (let h = 0; h < horizon; h++) {
        for (let i = 0; i < k; i++) column[i] = memberPaths[i][h];
        out[h] = medianOf(column, k);
      }
      return;
    }
  }
}

function median3(a: number, b: number, c: number): number {
  return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
}

/** Median of the first `count` values (sorts a copy when there are more than three). */
export function medianOf(values: Float64Array, count: number): number {
  if (count === 3) return median3(values[0], values[1], values[2]);
  const sorted = values.slice(0, count).sort();
  return count % 2 ? sorted[count >> 1] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

/** Writes the model's path for (seed, replication, stream) into `out`, drawing its shocks from that sub-stream. */
export function modelPath(
  model: ModelForecast,
  seed: number,
  replication: number,
  out: Float64Array,
  stream = 0,
  shocks: Float64Array = new Float64Array(model.horizon),
): void {
  fillStandardNormals(pathStream(seed, replication, stream), shocks, model.horizon);
  pathFromShocks(model, shocks, out);
}

/**
 * Standard deviation per step of `count` simulated paths of `model` (replications 0…count − 1 of a fixed seed:
 * the result is deterministic), for models whose spread has no closed form.
 */
export function empiricalSd(model: ModelForecast, count: number): Float64Array {
  const { horizon } = model;
  const path = new Float64Array(horizon);
  const shocks = new Float64Array(horizon);
  const sum = new Float64Array(horizon);
  const sumSquares = new Float64Array(horizon);
  for (let r = 0; r < count; r++) {
    modelPath(model, 0x5eed, r, path, 0, shocks);
    for (let h = 0; h < horizon; h++) {
      sum[h] += path[h];
      sumSquares[h] += path[h] * path[h];
    }
  }
  const sd = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    const m = sum[h] / count;
    sd[h] = Math.sqrt(Math.max(0, sumSquares[h] / count - m * m));
  }
  return sd;
}
