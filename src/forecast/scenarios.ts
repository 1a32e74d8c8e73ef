// Scenarios for planning: low/central/high lines from a forecast's quantiles, and stress templates —
// multiplier profiles over months (a surge like 2015, a sudden stop like early 2016 or April 2020) — that
// can be laid over a forecast's point path or over each of its sample paths.
// Invariant: a profile only multiplies; counts stay non-negative and the forecast is not refitted.
import { type Forecast, MAX_HORIZON } from './forecast.ts';

export interface ScenarioLines {
  /** Lower bound of the central `level`% interval (e.g. the 10th percentile for 80). */
  low: Float64Array;
  central: Float64Array;
  /** Upper bound of the same interval. */
  high: Float64Array;
  level: number;
}

/** Low/central/high lines from the forecast's interval at `level` (must be one of the forecast's levels). */
export function scenarioLines(fc: Forecast, level = 80): ScenarioLines {
  const interval = fc.intervals.find((i) => i.level === level);
  if (!interval) {
    throw new RangeError(
      `the forecast has no ${level}% interval; it has ${fc.intervals.map((i) => i.level).join(', ')}`,
    );
  }
  return { low: interval.lower.slice(), central: fc.mean.slice(), high: interval.upper.slice(), level };
}

export interface StressProfile {
  name: string;
  /** Multiplier per step, starting at the profile's first step; steps beyond its end use 1. */
  multipliers: Float64Array;
  /** Where the shape comes from. */
  source: string;
}

export interface SurgeShape {
  /** Multiplier at the peak (e.g. 3 for three times the usual inflow). */
  peak: number;
  /** Steps from 1 to the peak. */
  rampSteps: number;
  /** Steps at the peak. */
  holdSteps: number;
  /** Steps from the peak back to 1. */
  decaySteps: number;
}

/** The largest multiplier of a profile (a surge's peak, a stop's depth): a hundred times the usual inflow. */
export const MAX_SURGE_PEAK = 100;
/** The most steps of one phase of a profile (ramp, hold, decay, recovery): as many as a forecast can have. */
export const MAX_PROFILE_STEPS = MAX_HORIZON;

function checkSteps(name: string, steps: Record<string, number>): void {
  for (const [what, n] of Object.entries(steps)) {
    if (!Number.isInteger(n) || n < 0 || n > MAX_PROFILE_STEPS)
      throw new RangeError(`${name} ${what} must be a whole number of steps from 0 to ${MAX_PROFILE_STEPS}, got ${n}`);
  }
}

/** A surge: linear ramp to `peak`, a plateau, and a linear decay back to 1. */
export function surgeProfile(shape: SurgeShape, name = 'surge'): StressProfile {
  const { peak, rampSteps, holdSteps, decaySteps } = shape;
  if (!(peak > 0 && peak <= MAX_SURGE_PEAK))
    throw new RangeError(`surge peak must be above 0 and at most ${MAX_SURGE_PEAK}, got ${peak}`);
  checkSteps(name, { ramp: rampSteps, hold: holdSteps, decay: decaySteps });
  const values: number[] = [];
  for (let i = 1; i <= rampSteps; i++) values.push(1 + ((peak - 1) * i) / rampSteps);
  for (let i = 0; i < holdSteps; i++) values.push(peak);
  for (let i = 1; i <= decaySteps; i++) values.push(peak + ((1 - peak) * i) / decaySteps);
  return {
    name,
    multipliers: Float64Array.from(values),
    source: `ramp ${rampSteps}, hold ${holdSteps}, decay ${decaySteps} steps to ×${peak}`,
  };
}

export interface StopShape {
  /** Multiplier during the stop (e.g. 0.3 keeps 30% of the inflow). */
  depth: number;
  /** Steps at that depth. */
  holdSteps: number;
  /** Steps to recover linearly to 1. */
  recoverySteps: number;
}

/** A sudden stop: inflow drops at once to `depth` times its level, holds, and recovers linearly. */
export function stopProfile(shape: StopShape, name = 'stop'): StressProfile {
  const { depth, holdSteps, recoverySteps } = shape;
  if (!(depth >= 0 && depth <= MAX_SURGE_PEAK))
    throw new RangeError(`stop depth must be from 0 to ${MAX_SURGE_PEAK}, got ${depth}`);
  checkSteps(name, { hold: holdSteps, recovery: recoverySteps });
  const values: number[] = [];
  for (let i = 0; i < holdSteps; i++) values.push(depth);
  for (let i = 1; i <= recoverySteps; i++) values.push(depth + ((1 - depth) * i) / recoverySteps);
  return {
    name,
    multipliers: Float64Array.from(values),
    source: `×${depth} for ${holdSteps} steps, recovery over ${recoverySteps}`,
  };
}

/**
 * A profile measured from history: each value of `values[from … from+length)` divided by the mean of the
 * `baselineSteps` values before `from` (e.g. NL applications July 2015 – June 2016 against the preceding year).
 */
export function profileFromHistory(
  values: ArrayLike<number>,
  from: number,
  length: number,
  baselineSteps: number,
  name: string,
  source: string,
): StressProfile {
  if (from - baselineSteps < 0 || from + length > values.length) {
    throw new RangeError(
      `profile ${name}: steps ${from - baselineSteps}…${from + length - 1} are outside the ${values.length} values`,
    );
  }
  let baseline = 0;
  for (let t = from - baselineSteps; t < from; t++) baseline += values[t];
  baseline /= baselineSteps;
  if (!(baseline > 0)) throw new RangeError(`profile ${name}: the baseline mean is not positive`);
  const multipliers = new Float64Array(length);
  for (let i = 0; i < length; i++) multipliers[i] = values[from + i] / baseline;
  return { name, multipliers, source };
}

/** Multiplies `path` in place from step `startStep` (0-based) by the profile; returns the path. */
export function applyProfile(path: Float64Array, profile: StressProfile, startStep = 0): Float64Array {
  if (!Number.isInteger(startStep) || startStep < 0)
    throw new RangeError(`profile start must be a whole number ≥ 0, got ${startStep}`);
  for (let i = 0; i < profile.multipliers.length; i++) {
    const step = startStep + i;
    if (step >= path.length) break;
    path[step] = Math.max(0, path[step] * profile.multipliers[i]);
  }
  return path;
}
