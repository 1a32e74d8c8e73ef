// Samplers for the unit-free distribution specs of the chain model (the model layer maps `meanDays` etc. onto
// them). compileDistribution does all the set-up once; the sampler it returns allocates nothing and reads its
// randomness only from the stream it is given, so a run is reproducible from the seed.
import type { RandomStream } from '../../core/random.ts';

export type DistributionSpec =
  | { kind: 'fixed'; value: number }
  | { kind: 'exponential'; mean: number }
  /** `mean` and `sd` of the distribution itself, not of its logarithm. */
  | { kind: 'lognormal'; mean: number; sd: number }
  | { kind: 'gamma'; mean: number; sd: number }
  | { kind: 'triangular'; min: number; mode: number; max: number }
  /**
   * Without `interpolate`: a draw of one of `values`, with probability proportional to `weights` (default equal).
   * With `interpolate`: continuous, piecewise-linear between the sorted values; the stretch between two
   * neighbours carries probability proportional to the mean of their weights, so with equal weights a draw is
   * the R type-7 quantile of `values` at a uniform p.
   */
  | { kind: 'empirical'; values: number[]; weights?: number[]; interpolate?: boolean };

export type Sampler = (rng: RandomStream) => number;

const DISTRIBUTION_KINDS = ['fixed', 'exponential', 'lognormal', 'gamma', 'triangular', 'empirical'];

/** Human-readable problems with a spec, each naming the field and the fix; [] if the spec is usable. */
export function validateDistribution(spec: DistributionSpec): string[] {
  const problems: string[] = [];
  const finite = (field: string, value: unknown): value is number => {
    if (typeof value === 'number' && Number.isFinite(value)) return true;
    problems.push(`${spec.kind}: ${field} must be a finite number (got ${String(value)})`);
    return false;
  };
  const positiveMean = (mean: unknown) => {
    if (finite('mean', mean) && mean <= 0) {
      problems.push(`${spec.kind}: mean must be > 0 (got ${mean}); for no delay use { kind: 'fixed', value: 0 }`);
    }
  };
  const nonNegativeSd = (sd: unknown) => {
    if (finite('sd', sd) && sd < 0) problems.push(`${spec.kind}: sd must be >= 0 (got ${sd})`);
  };
  switch (spec.kind) {
    case 'fixed':
      finite('value', spec.value);
      break;
    case 'exponential':
      positiveMean(spec.mean);
      break;
    case 'lognormal':
    case 'gamma':
      positiveMean(spec.mean);
      nonNegativeSd(spec.sd);
      break;
    case 'triangular': {
      const ok = [finite('min', spec.min), finite('mode', spec.mode), finite('max', spec.max)];
      if (ok.every(Boolean)) {
        if (spec.min > spec.mode) problems.push(`triangular: min (${spec.min}) must be <= mode (${spec.mode})`);
        if (spec.mode > spec.max) problems.push(`triangular: mode (${spec.mode}) must be <= max (${spec.max})`);
      }
      break;
    }
    case 'empirical': {
      const values: unknown = spec.values;
      if (!Array.isArray(values) || values.length === 0) {
        problems.push('empirical: values must be a non-empty list of numbers');
        break;
      }
      values.forEach((value: unknown, i) => finite(`values[${i}]`, value));
      const weights: unknown = spec.weights;
      if (weights === undefined) break;
      if (!Array.isArray(weights)) {
        problems.push('empirical: weights must be a list of numbers, one per value');
        break;
      }
      if (weights.length !== values.length) {
        problems.push(
          `empirical: weights has ${weights.length} entries but values has ${values.length}; give one weight per value`,
        );
      }
      let total = 0;
      let allUsable = true;
      weights.forEach((weight: unknown, i) => {
        if (!finite(`weights[${i}]`, weight)) allUsable = false;
        else if (weight < 0) {
          problems.push(`empirical: weights[${i}] must be >= 0 (got ${weight})`);
          allUsable = false;
        } else total += weight;
      });
      if (allUsable && total === 0) problems.push('empirical: weights sum to 0; at least one weight must be positive');
      break;
    }
    default:
      problems.push(
        `unknown distribution kind '${String((spec as { kind: unknown }).kind)}'; expected one of ${DISTRIBUTION_KINDS.join(', ')}`,
      );
  }
  return problems;
}

function assertValid(spec: DistributionSpec, caller: string): void {
  const problems = validateDistribution(spec);
  if (problems.length > 0) throw new RangeError(`${caller}: invalid distribution: ${problems.join('; ')}`);
}

/** The theoretical mean of a (valid) spec. */
export function distributionMean(spec: DistributionSpec): number {
  assertValid(spec, 'distributionMean');
  switch (spec.kind) {
    case 'fixed':
      return spec.value;
    case 'exponential':
    case 'lognormal':
    case 'gamma':
      return spec.mean;
    case 'triangular':
      return (spec.min + spec.mode + spec.max) / 3;
    case 'empirical': {
      const table = empiricalTable(spec);
      if (!spec.interpolate || table.values.length === 1) {
        let sum = 0;
        for (let i = 0; i < table.values.length; i++) sum += table.values[i] * table.weights[i];
        return sum / table.totalWeight;
      }
      // Each stretch is uniform between its end points, so its mean is their midpoint.
      let sum = 0;
      let mass = 0;
      for (let i = 0; i + 1 < table.values.length; i++) {
        const stretchMass = (table.weights[i] + table.weights[i + 1]) / 2;
        sum += (stretchMass * (table.values[i] + table.values[i + 1])) / 2;
        mass += stretchMass;
      }
      return sum / mass;
    }
  }
}

/** Compiles a spec into a sampler with its constants precomputed. Throws RangeError on an invalid spec. */
export function compileDistribution(spec: DistributionSpec): Sampler {
  assertValid(spec, 'compileDistribution');
  switch (spec.kind) {
    case 'fixed': {
      const value = spec.value;
      return () => value;
    }
    case 'exponential': {
      const mean = spec.mean;
      return (rng) => -mean * Math.log(rng.uniformOpen());
    }
    case 'lognormal':
      return compileLognormal(spec.mean, spec.sd);
    case 'gamma':
      return compileGamma(spec.mean, spec.sd);
    case 'triangular':
      return compileTriangular(spec.min, spec.mode, spec.max);
    case 'empirical':
      return spec.interpolate ? compileEmpiricalInterpolated(spec) : compileEmpiricalDiscrete(spec);
  }
}

function compileLognormal(mean: number, sd: number): Sampler {
  if (sd === 0) return () => mean;
  // If X = exp(mu + sigma Z): E X = exp(mu + sigma²/2), Var X = (E X)² (exp(sigma²) - 1).
  const sigmaSquared = Math.log1p((sd / mean) ** 2);
  const sigma = Math.sqrt(sigmaSquared);
  const mu = Math.log(mean) - sigmaSquared / 2;
  return (rng) => Math.exp(mu + sigma * sampleNormal(rng));
}

function compileGamma(mean: number, sd: number): Sampler {
  if (sd === 0) return () => mean;
  const shape = (mean / sd) ** 2;
  const scale = (sd * sd) / mean;
  // Marsaglia–Tsang needs shape >= 1; for shape < 1 draw Gamma(shape + 1) and multiply by U^(1/shape).
  const boosted = shape < 1;
  const d = (boosted ? shape + 1 : shape) - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const inverseShape = 1 / shape;
  return (rng) => {
    let standard: number;
    while (true) {
      let x: number;
      let v: number;
      do {
        x = sampleNormal(rng);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = rng.uniformOpen();
      const xSquared = x * x;
      // Cheap squeeze first; the exact log test only for the ~2% of draws it cannot decide.
      if (u < 1 - 0.0331 * xSquared * xSquared || Math.log(u) < 0.5 * xSquared + d * (1 - v + Math.log(v))) {
        standard = d * v;
        break;
      }
    }
    if (boosted) standard *= Math.exp(Math.log(rng.uniformOpen()) * inverseShape);
    return standard * scale;
  };
}

function compileTriangular(min: number, mode: number, max: number): Sampler {
  const range = max - min;
  if (range === 0) return () => min;
  const modeFraction = (mode - min) / range; // the CDF at the mode
  const lowerFactor = range * (mode - min);
  const upperFactor = range * (max - mode);
  // Inverse CDF, one uniform per draw (keeps draws aligned across scenarios for common random numbers).
  return (rng) => {
    const u = rng.uniform();
    return u < modeFraction ? min + Math.sqrt(u * lowerFactor) : max - Math.sqrt((1 - u) * upperFactor);
  };
}

interface EmpiricalTable {
  values: Float64Array;
  weights: Float64Array;
  totalWeight: number;
}

/** Values with their weights (default 1), sorted by value — the one order both empirical variants use. */
function empiricalTable(spec: { values: number[]; weights?: number[] }): EmpiricalTable {
  const order = spec.values.map((_, i) => i).sort((a, b) => spec.values[a] - spec.values[b] || a - b);
  const values = new Float64Array(order.length);
  const weights = new Float64Array(order.length);
  let totalWeight = 0;
  order.forEach((original, i) => {
    values[i] = spec.values[original];
    weights[i] = spec.weights ? spec.weights[original] : 1;
    totalWeight += weights[i];
  });
  return { values, weights, totalWeight };
}

/** Index of the first entry of the ascending `cumulative` that is > target (binary search). */
function firstAbove(cumulative: Float64Array, target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

function compileEmpiricalDiscrete(spec: { values: number[]; weights?: number[] }): Sampler {
  const { values, weights, totalWeight } = empiricalTable(spec);
  if (values.length === 1) {
    const only = values[0];
    return () => only;
  }
  const cumulative = new Float64Array(values.length);
  let running = 0;
  for (let i = 0; i < values.length; i++) {
    running += weights[i];
    cumulative[i] = running;
  }
  // uniform() < 1, so target < totalWeight = last cumulative, and zero-weight values are never chosen.
  return (rng) => values[firstAbove(cumulative, rng.uniform() * totalWeight)];
}

function compileEmpiricalInterpolated(spec: { values: number[]; weights?: number[] }): Sampler {
  const { values, weights } = empiricalTable(spec);
  if (values.length === 1) {
    const only = values[0];
    return () => only;
  }
  // cumulative[i] = probability mass up to the end of stretch i (between values[i] and values[i + 1]).
  const stretches = values.length - 1;
  const cumulative = new Float64Array(stretches);
  let running = 0;
  for (let i = 0; i < stretches; i++) {
    running += (weights[i] + weights[i + 1]) / 2;
    cumulative[i] = running;
  }
  const totalMass = running;
  return (rng) => {
    const target = rng.uniform() * totalMass;
    const stretch = firstAbove(cumulative, target);
    const start = stretch === 0 ? 0 : cumulative[stretch - 1];
    const fraction = (target - start) / (cumulative[stretch] - start);
    return values[stretch] + fraction * (values[stretch + 1] - values[stretch]);
  };
}

/**
 * A standard normal variate by Marsaglia's polar method. The method yields two variates; the second is
 * discarded so a sampler carries no state between calls (a draw depends only on the stream's position).
 */
export function sampleNormal(rng: RandomStream): number {
  let x: number;
  let y: number;
  let radiusSquared: number;
  do {
    x = 2 * rng.uniform() - 1;
    y = 2 * rng.uniform() - 1;
    radiusSquared = x * x + y * y;
  } while (radiusSquared >= 1 || radiusSquared === 0);
  return x * Math.sqrt((-2 * Math.log(radiusSquared)) / radiusSquared);
}

// ln(k!) for k < LOG_FACTORIAL_TABLE_SIZE, summed once at load; larger k use Stirling's series.
const LOG_FACTORIAL_TABLE_SIZE = 256;
const logFactorialTable = new Float64Array(LOG_FACTORIAL_TABLE_SIZE);
for (let k = 2; k < LOG_FACTORIAL_TABLE_SIZE; k++) logFactorialTable[k] = logFactorialTable[k - 1] + Math.log(k);
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln(k!) for an integer k >= 0; beyond the table, Stirling's series for ln Γ(k + 1) (error < 1e-16 relative). */
function logFactorial(k: number): number {
  if (k < LOG_FACTORIAL_TABLE_SIZE) return logFactorialTable[k];
  const x = k + 1;
  const inverseX = 1 / x;
  const inverseXSquared = inverseX * inverseX;
  return (
    (x - 0.5) * Math.log(x) -
    x +
    HALF_LOG_TWO_PI +
    inverseX * (1 / 12 - inverseXSquared * (1 / 360 - inverseXSquared * (1 / 1260)))
  );
}

/** Below this mean Poisson draws use inversion (one uniform, ~mean steps); above it, PTRS rejection. */
const POISSON_INVERSION_MAX_MEAN = 10;

/**
 * A Poisson variate with the given mean (>= 0). Small means: inversion by sequential search from 0, one uniform
 * per draw. Large means: Hörmann's PTRS (transformed rejection with squeeze, 1993), exact, ~1.1 iterations.
 */
export function samplePoisson(rng: RandomStream, mean: number): number {
  if (!(mean >= 0 && mean < Infinity))
    throw new RangeError(`samplePoisson: mean must be finite and >= 0 (got ${mean})`);
  if (mean === 0) return 0;
  if (mean < POISSON_INVERSION_MAX_MEAN) {
    const u = rng.uniform();
    let k = 0;
    let probability = Math.exp(-mean);
    let cumulative = probability;
    // The cap only matters if rounding leaves cumulative a hair below u near 1; the tail there is < 1e-15.
    while (u >= cumulative && k < 1000) {
      k++;
      probability *= mean / k;
      cumulative += probability;
    }
    return k;
  }
  const sqrtMean = Math.sqrt(mean);
  const logMean = Math.log(mean);
  const b = 0.931 + 2.53 * sqrtMean;
  const a = -0.059 + 0.02483 * b;
  const inverseAlpha = 1.1239 + 1.1328 / (b - 3.4);
  const acceptAlways = 0.9277 - 3.6224 / (b - 2);
  while (true) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniformOpen();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= acceptAlways) return k;
    if (k < 0 || (us < 0.013 && v > us)) continue;
    if (Math.log((v * inverseAlpha) / (a / (us * us) + b)) <= -mean + k * logMean - logFactorial(k)) return k;
  }
}

/** Below this n·min(p, 1-p) binomial draws use inversion; above it, BTRS rejection. */
const BINOMIAL_INVERSION_MAX_MEAN = 10;

/**
 * A binomial variate: successes in `n` trials of probability `p`. Small n·p: inversion from 0 (one uniform).
 * Otherwise Hörmann's BTRS (transformed rejection with squeeze, 1993). Uses the symmetry p ↔ 1 − p so both
 * methods work with p <= 1/2.
 */
export function sampleBinomial(rng: RandomStream, n: number, p: number): number {
  if (!(Number.isSafeInteger(n) && n >= 0)) {
    throw new RangeError(`sampleBinomial: n must be a non-negative integer (got ${n})`);
  }
  if (!(p >= 0 && p <= 1)) throw new RangeError(`sampleBinomial: p must be in [0, 1] (got ${p})`);
  if (p > 0.5) return n - sampleBinomial(rng, n, 1 - p);
  if (n === 0 || p === 0) return 0;
  const q = 1 - p;
  if (n * p < BINOMIAL_INVERSION_MAX_MEAN) {
    const u = rng.uniform();
    const oddsRatio = p / q;
    let k = 0;
    let probability = Math.exp(n * Math.log1p(-p));
    let cumulative = probability;
    while (u >= cumulative && k < n) {
      probability *= ((n - k) / (k + 1)) * oddsRatio;
      k++;
      cumulative += probability;
    }
    return k;
  }
  const spq = Math.sqrt(n * p * q);
  const b = 1.15 + 2.53 * spq;
  const a = -0.0873 + 0.0248 * b + 0.01 * p;
  const c = n * p + 0.5;
  const acceptAlways = 0.92 - 4.2 / b;
  const alpha = (2.83 + 5.1 / b) * spq;
  const logOdds = Math.log(p / q);
  const mode = Math.floor((n + 1) * p);
  const logModeTerm = logFactorial(mode) + logFactorial(n - mode);
  while (true) {
    const u = rng.uniform() - 0.5;
    const v = rng.uniformOpen();
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    if (us >= 0.07 && v <= acceptAlways) return k;
    const logV = Math.log((v * alpha) / (a / (us * us) + b));
    if (logV <= logModeTerm - logFactorial(k) - logFactorial(n - k) + (k - mode) * logOdds) return k;
  }
}
