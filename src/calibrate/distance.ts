// Distances between samples of durations for `doorstroom calibrate`: Kolmogorov–Smirnov (one sample against a
// CDF, and two samples) with the asymptotic p-value, and the exact 1-Wasserstein distance. Invariant: inputs are
// never modified (each function sorts a copy), ties are handled exactly, and every result is exact for the data.

/** A Kolmogorov–Smirnov statistic with its asymptotic p-value. */
export interface KsResult {
  /** The largest vertical distance between the two distribution functions, in [0, 1]. */
  d: number;
  /**
   * Asymptotic p-value (Kolmogorov's limit with Stephens' small-sample correction). Against a CDF whose
   * parameters were fitted to the same sample it is too large (Lilliefors): a rough screen, not a test.
   */
  pValue: number;
  /** The sample size behind the p-value: n for one sample, the effective n·m/(n + m) for two. */
  n: number;
}

/** Throws a RangeError naming `caller` unless the sample is non-empty and every value is finite. */
export function assertFiniteSample(sample: Float64Array, caller: string): void {
  if (sample.length === 0) throw new RangeError(`${caller}: the sample is empty; need at least one value`);
  for (let i = 0; i < sample.length; i++) {
    if (!Number.isFinite(sample[i])) {
      throw new RangeError(
        `${caller}: value ${i + 1} of ${sample.length} is ${sample[i]}; every value must be a finite number`,
      );
    }
  }
}

function sortedCopy(sample: Float64Array, caller: string): Float64Array {
  assertFiniteSample(sample, caller);
  return Float64Array.from(sample).sort();
}

/**
 * P(K > lambda) for Kolmogorov's limiting distribution K: the theta-function form below 1.18, where the
 * alternating series converges slowly, and the alternating series 2 Σ (−1)^(k−1) exp(−2k²λ²) above.
 */
export function kolmogorovSurvival(lambda: number): number {
  if (Number.isNaN(lambda)) throw new RangeError('kolmogorovSurvival: lambda is NaN');
  if (lambda <= 0.2) return 1; // P(K <= 0.2) < 1e-26
  if (lambda < 1.18) {
    const factor = (-Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let k = 1; k <= 6; k++) sum += Math.exp(factor * (2 * k - 1) * (2 * k - 1));
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum));
  }
  let sum = 0;
  for (let k = 1; k <= 20; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-18) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

/** The asymptotic p-value of a KS statistic d at (effective) sample size n (Numerical Recipes §14.3). */
function ksPValue(d: number, n: number): number {
  const root = Math.sqrt(n);
  return kolmogorovSurvival((root + 0.12 + 0.11 / root) * d);
}

/**
 * One-sample KS: sup |F_n − F| between the sample's ECDF and `cdf` (P(X ≤ x)). For a distribution with jumps,
 * pass `cdfBefore` (P(X < x)); the default suits a continuous `cdf`.
 */
export function ksAgainstCdf(
  sample: Float64Array,
  cdf: (x: number) => number,
  cdfBefore: (x: number) => number = cdf,
): KsResult {
  const sorted = sortedCopy(sample, 'ksAgainstCdf');
  const n = sorted.length;
  let d = 0;
  // Between two distinct sample values the ECDF is flat and F rises, so the supremum is at a value (F(x) against
  // the ECDF after it) or just before one (F(x−) against the ECDF before it).
  for (let i = 0; i < n;) {
    const x = sorted[i];
    let j = i + 1;
    while (j < n && sorted[j] === x) j++;
    d = Math.max(d, Math.abs(j / n - cdf(x)), Math.abs(i / n - cdfBefore(x)));
    i = j;
  }
  return { d, pValue: ksPValue(d, n), n };
}

/**
 * Calls visit(value, F_a(value), F_b(value)) at each distinct value of the two samples, ascending, where F_a and
 * F_b are the ECDFs; both ECDFs are constant between consecutive values. Returns the two sample sizes.
 */
function mergedEcdfs(
  a: Float64Array,
  b: Float64Array,
  caller: string,
  visit: (value: number, fa: number, fb: number) => void,
): { n: number; m: number } {
  const x = sortedCopy(a, `${caller} (first sample)`);
  const y = sortedCopy(b, `${caller} (second sample)`);
  const n = x.length;
  const m = y.length;
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    const value = j >= m || (i < n && x[i] <= y[j]) ? x[i] : y[j];
    while (i < n && x[i] === value) i++;
    while (j < m && y[j] === value) j++;
    visit(value, i / n, j / m);
  }
  return { n, m };
}

/** Two-sample KS: sup |F_a − F_b| between the two ECDFs, with the asymptotic p-value at n·m/(n + m). */
export function ksDistance(a: Float64Array, b: Float64Array): KsResult {
  let d = 0;
  const { n, m } = mergedEcdfs(a, b, 'ksDistance', (_, fa, fb) => {
    d = Math.max(d, Math.abs(fa - fb));
  });
  const effectiveN = (n * m) / (n + m);
  return { d, pValue: ksPValue(d, effectiveN), n: effectiveN };
}

/**
 * The 1-Wasserstein (earth mover's) distance ∫ |F_a − F_b| dx = ∫₀¹ |Q_a(u) − Q_b(u)| du, in the samples'
 * unit (days), exact: the ECDFs are step functions, so the integral is a sum over the merged sorted values.
 */
export function wasserstein1(a: Float64Array, b: Float64Array): number {
  let total = 0;
  let previous: number | undefined;
  let gap = 0; // |F_a − F_b| since the previous value
  mergedEcdfs(a, b, 'wasserstein1', (value, fa, fb) => {
    total += gap * (value - (previous ?? value));
    previous = value;
    gap = Math.abs(fa - fb);
  });
  return total;
}
