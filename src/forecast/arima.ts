// Seasonal ARIMA(p,d,q)(P,D,Q)[m] by exact Gaussian maximum likelihood (Kalman filter on the differenced
// series, started from conditional-sum-of-squares estimates), with the stepwise order search of Hyndman &
// Khandakar (2008): KPSS for d, seasonal strength for D, AICc for p, q, P, Q and the constant.
// Invariant: the optimiser works on partial autocorrelations (tanh), so every fitted model is stationary
// and invertible. Coefficients follow R's sign convention: (1 − Σφ B^i) w_t = (1 + Σθ B^i) e_t.
import { seasonalStrength } from './decompose.ts';
import { nelderMead } from './optim.ts';
import type { ModelForecast } from './types.ts';

export interface ArimaOrder {
  p: number;
  d: number;
  q: number;
  P: number;
  D: number;
  Q: number;
  /** Seasonal period m (1 for none). */
  period: number;
  /** Include a mean (d + D = 0) or drift (d + D = 1). */
  constant: boolean;
}

export interface ArimaFit {
  order: ArimaOrder;
  ar: Float64Array;
  ma: Float64Array;
  seasonalAr: Float64Array;
  seasonalMa: Float64Array;
  /** Mean of the differenced series (the drift when d + D = 1). */
  constant: number;
  sigma2: number;
  minus2LogLik: number;
  aicc: number;
  /** Observations of the differenced series used in the likelihood. */
  usedObservations: number;
  observations: number;
  /** Data the model was fitted to (needed to integrate the forecasts). */
  data: Float64Array;
  /** Predicted state a_{n+1|n} of the ARMA part. */
  state: Float64Array;
  /** The optimiser's unconstrained parameter vector (partial autocorrelations via atanh, then the constant). */
  parameters: Float64Array;
}

export function arimaLabel(order: ArimaOrder): string {
  const seasonal =
    order.period > 1 && order.P + order.D + order.Q > 0 ? `(${order.P},${order.D},${order.Q})[${order.period}]` : '';
  const constant = order.constant ? (order.d + order.D === 0 ? ' with mean' : ' with drift') : '';
  return `ARIMA(${order.p},${order.d},${order.q})${seasonal}${constant}`;
}

/** Coefficients of (1 − B)^d (1 − B^m)^D as c[0] = 1, c[k] for B^k. */
export function differencePolynomial(d: number, D: number, period: number): Float64Array {
  let poly: Float64Array = Float64Array.of(1);
  for (let i = 0; i < d; i++) poly = multiply(poly, Float64Array.of(1, -1));
  for (let i = 0; i < D; i++) {
    const s = new Float64Array(period + 1);
    s[0] = 1;
    s[period] = -1;
    poly = multiply(poly, s);
  }
  return poly;
}

function multiply(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  for (let i = 0; i < a.length; i++) for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  return out;
}

export function difference(y: ArrayLike<number>, d: number, D: number, period: number): Float64Array {
  const poly = differencePolynomial(d, D, period);
  const k = poly.length - 1;
  const out = new Float64Array(Math.max(0, y.length - k));
  for (let t = k; t < y.length; t++) {
    let s = 0;
    for (let j = 0; j <= k; j++) s += poly[j] * y[t - j];
    out[t - k] = s;
  }
  return out;
}

/** Partial autocorrelations (via tanh of unconstrained values) to AR coefficients: Durbin–Levinson. */
function pacfToAr(x: Float64Array, offset: number, k: number, out: Float64Array, work: Float64Array): void {
  for (let i = 0; i < k; i++) {
    const r = Math.tanh(x[offset + i]);
    for (let j = 0; j < i; j++) work[j] = out[j] - r * out[i - 1 - j];
    for (let j = 0; j < i; j++) out[j] = work[j];
    out[i] = r;
  }
}

/** Workspace for one order: expanded polynomials and Kalman matrices, allocated once per fit. */
class ArmaWorkspace {
  readonly order: ArimaOrder;
  readonly ar: Float64Array;
  readonly ma: Float64Array;
  readonly sar: Float64Array;
  readonly sma: Float64Array;
  readonly work: Float64Array;
  /** Full AR coefficients: phi[k-1] for lag k. */
  readonly phi: Float64Array;
  /** Full MA coefficients: theta[k-1] for lag k. */
  readonly theta: Float64Array;
  readonly r: number;
  readonly a: Float64Array;
  readonly P: Float64Array;
  readonly M: Float64Array;
  readonly Rv: Float64Array;
  readonly v: Float64Array;
  readonly residuals: Float64Array;
  constructor(order: ArimaOrder, length: number) {
    this.order = order;
    const m = order.period;
    this.ar = new Float64Array(order.p);
    this.ma = new Float64Array(order.q);
    this.sar = new Float64Array(order.P);
    this.sma = new Float64Array(order.Q);
    this.work = new Float64Array(Math.max(order.p, order.q, order.P, order.Q, 1));
    this.phi = new Float64Array(order.p + m * order.P);
    this.theta = new Float64Array(order.q + m * order.Q);
    this.r = Math.max(this.phi.length, this.theta.length + 1);
    this.a = new Float64Array(this.r);
    this.P = new Float64Array(this.r * this.r);
    this.M = new Float64Array(this.r * this.r);
    this.Rv = new Float64Array(this.r);
    this.v = new Float64Array(this.r);
    this.residuals = new Float64Array(length);
  }

  /** Sets the coefficients from the unconstrained parameter vector; returns the constant. */
  load(x: Float64Array): number {
    const { p, q, P, Q, period: m } = this.order;
    let i = 0;
    pacfToAr(x, i, p, this.ar, this.work);
    i += p;
    pacfToAr(x, i, q, this.ma, this.work);
    for (let j = 0; j < q; j++) this.ma[j] = -this.ma[j];
    i += q;
    pacfToAr(x, i, P, this.sar, this.work);
    i += P;
    pacfToAr(x, i, Q, this.sma, this.work);
    for (let j = 0; j < Q; j++) this.sma[j] = -this.sma[j];
    i += Q;
    // (1 − Σ ar B^i)(1 − Σ sar B^{mj}) = 1 − Σ phi B^k
    this.phi.fill(0);
    for (let j = 0; j < p; j++) this.phi[j] += this.ar[j];
    for (let s = 0; s < P; s++) {
      this.phi[(s + 1) * m - 1] += this.sar[s];
      for (let j = 0; j < p; j++) this.phi[(s + 1) * m + j] -= this.ar[j] * this.sar[s];
    }
    this.theta.fill(0);
    for (let j = 0; j < q; j++) this.theta[j] += this.ma[j];
    for (let s = 0; s < Q; s++) {
      this.theta[(s + 1) * m - 1] += this.sma[s];
      for (let j = 0; j < q; j++) this.theta[(s + 1) * m + j] += this.ma[j] * this.sma[s];
    }
    return this.order.constant ? x[i] : 0;
  }

  /** Conditional sum of squares: n·log(SSE/n) over residuals after the first phi.length observations. */
  css(w: Float64Array, mu: number): number {
    const { phi, theta, residuals: e } = this;
    const np = phi.length;
    const nq = theta.length;
    let sse = 0;
    let count = 0;
    for (let t = 0; t < w.length; t++) {
      if (t < np) {
        e[t] = 0;
        continue;
      }
      let value = w[t] - mu;
      for (let k = 0; k < np; k++) value -= phi[k] * (w[t - k - 1] - mu);
      for (let k = 0; k < nq && k < t; k++) value -= theta[k] * e[t - k - 1];
      e[t] = value;
      sse += value * value;
      count++;
    }
    if (count === 0 || !(sse > 0)) return Number.POSITIVE_INFINITY;
    // Scored over the whole differenced length, as R's auto.arima does when it approximates, so that
    // models conditioning on more initial observations are not favoured for scoring fewer residuals.
    return w.length * Math.log(sse / count);
  }

  /**
   * Exact Gaussian likelihood by the Kalman filter (Harvey's state form), σ² concentrated out.
   * Returns −2 log L without the constant n(1 + log 2π); sets this.sigma2Estimate and leaves a_{n+1|n} in a.
   */
  sigma2Estimate = 0;
  exact(w: Float64Array, mu: number): number {
    const { phi, theta, r, a, P, M, Rv, v } = this;
    const np = phi.length;
    Rv[0] = 1;
    for (let i = 1; i < r; i++) Rv[i] = i - 1 < theta.length ? theta[i - 1] : 0;
    // P0 = Σ_j (T^j R)(T^j R)': the stationary state covariance (σ² = 1).
    P.fill(0);
    for (let i = 0; i < r; i++) v[i] = Rv[i];
    for (let iter = 0; iter < 5000; iter++) {
      let norm = 0;
      for (let i = 0; i < r; i++) {
        const vi = v[i];
        norm += vi * vi;
        for (let j = 0; j < r; j++) P[i * r + j] += vi * v[j];
      }
      if (norm < 1e-8 * (P[0] + 1e-300) && iter >= r) break;
      // v ← T v: (T v)[i] = phi[i]·v[0] + v[i+1]
      const v0 = v[0];
      for (let i = 0; i < r; i++) v[i] = (i < np ? phi[i] * v0 : 0) + (i + 1 < r ? v[i + 1] : 0);
      if (iter === 4999) return Number.POSITIVE_INFINITY;
    }
    a.fill(0);
    let sumSquares = 0;
    let sumLogF = 0;
    let steady = false;
    let previousF = -1;
    const n = w.length;
    for (let t = 0; t < n; t++) {
      const F = P[0];
      if (!(F > 0)) return Number.POSITIVE_INFINITY;
      const innovation = w[t] - mu - a[0];
      sumSquares += (innovation * innovation) / F;
      sumLogF += Math.log(F);
      // Update: a += P[:,0] innovation / F; then predict a ← T a.
      for (let i = 0; i < r; i++) a[i] += (P[i * r] * innovation) / F;
      const a0 = a[0];
      for (let i = 0; i < r; i++) a[i] = (i < np ? phi[i] * a0 : 0) + (i + 1 < r ? a[i + 1] : 0);
      if (steady) continue;
      // P ← P − P[:,0]P[0,:]/F, then P ← T P T' + R R'.
      for (let i = 0; i < r; i++) v[i] = P[i * r];
      for (let i = 0; i < r; i++) {
        const pi0 = v[i] / F;
        for (let j = 0; j < r; j++) P[i * r + j] -= pi0 * v[j];
      }
      for (let i = 0; i < r; i++) {
        const ai = i < np ? phi[i] : 0;
        for (let j = 0; j < r; j++) M[i * r + j] = ai * P[j] + (i + 1 < r ? P[(i + 1) * r + j] : 0);
      }
      for (let i = 0; i < r; i++) {
        const mi0 = M[i * r];
        for (let j = 0; j < r; j++) {
          const aj = j < np ? phi[j] : 0;
          P[i * r + j] = mi0 * aj + (j + 1 < r ? M[i * r + j + 1] : 0) + Rv[i] * Rv[j];
        }
      }
      if (Math.abs(P[0] - previousF) < 1e-9 * P[0] && t > r) {
        // The filter has reached its steady state: gains no longer change (typical for invertible MA parts).
        steady = P[0] - 1 < 1e-9;
      }
      previousF = P[0];
    }
    this.sigma2Estimate = sumSquares / n;
    return n * Math.log(sumSquares / n) + sumLogF;
  }
}

/** True when every root of 1 − Σ a_k B^k lies outside the circle of radius `radius` (Schur–Cohn step-down). */
export function rootsOutside(a: ArrayLike<number>, radius: number): boolean {
  const k = a.length;
  const c = new Float64Array(k);
  let scale = 1;
  for (let i = 0; i < k; i++) {
    scale *= radius;
    c[i] = a[i] * scale;
  }
  const prev = new Float64Array(k);
  for (let i = k - 1; i >= 0; i--) {
    const r = c[i];
    if (!(Math.abs(r) < 1)) return false;
    for (let j = 0; j < i; j++) prev[j] = (c[j] + r * c[i - 1 - j]) / (1 - r * r);
    for (let j = 0; j < i; j++) c[j] = prev[j];
  }
  return true;
}

/**
 * R's auto.arima rule: reject a model whose AR or MA polynomial has a root within 1.01 of the unit circle
 * (near-unit roots make the mean or drift unidentified and the forecasts explode).
 */
export function rootsAcceptable(fit: ArimaFit): boolean {
  const m = fit.order.period;
  const seasonalRadius = 1.01 ** m;
  const negate = (x: Float64Array) => x.map((v) => -v);
  return (
    rootsOutside(fit.ar, 1.01) &&
    rootsOutside(negate(fit.ma), 1.01) &&
    rootsOutside(fit.seasonalAr, seasonalRadius) &&
    rootsOutside(negate(fit.seasonalMa), seasonalRadius)
  );
}

function parameterCount(order: ArimaOrder): number {
  return order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0);
}

/**
 * Fits one ARIMA order; null when the differenced series is too short for it. `method` 'ML' (default) is
 * exact maximum likelihood started from CSS estimates; 'CSS' stops at conditional sum of squares (used by the
 * order search, as R's auto.arima does when asked to approximate) and scores by n·log(σ²_CSS) in the AICc.
 */
export function fitArimaOrder(
  y: ArrayLike<number>,
  order: ArimaOrder,
  method: 'ML' | 'CSS' = 'ML',
  startFrom?: Float64Array,
): ArimaFit | null {
  const w = difference(y, order.d, order.D, order.period);
  const k = parameterCount(order);
  const n = w.length;
  if (n - k - 2 <= 0 || n < 3) return null;
  if (order.constant && order.d + order.D > 1) return null;
  const space = new ArmaWorkspace(order, n);
  let wMean = 0;
  for (let t = 0; t < n; t++) wMean += w[t];
  wMean /= n;
  let wVar = 0;
  for (let t = 0; t < n; t++) wVar += (w[t] - wMean) ** 2;
  const wSd = Math.sqrt(wVar / n) || 1;

  const start = new Float64Array(k);
  if (order.constant) start[k - 1] = wMean;
  const steps = new Float64Array(k).fill(0.15);
  if (order.constant) steps[k - 1] = wSd * 0.1;
  if (k === 0) {
    const value = space.exact(w, 0);
    return finish(y, order, space, Float64Array.of(), value, w);
  }
  const css = nelderMead(
    (x) => {
      const mu = space.load(x);
      return space.css(w, mu);
    },
    start,
    { step: steps, maxEvaluations: 120 * k, tolerance: 1e-7 },
  );
  if (method === 'CSS') {
    if (!Number.isFinite(css.value)) return null;
    const mu = space.load(css.x);
    space.css(w, mu);
    const value = space.exact(w, mu);
    const fit = finish(y, order, space, css.x, value, w);
    fit.minus2LogLik = css.value + n * (1 + Math.log(2 * Math.PI));
    const kk = k + 1;
    fit.aicc = fit.minus2LogLik + 2 * kk + (2 * kk * (kk + 1)) / Math.max(1, n - kk - 1);
    fit.parameters = Float64Array.from(css.x);
    return fit;
  }
  const cssStart = startFrom ?? (Number.isFinite(css.value) ? css.x : start);
  const exactObjective = (x: Float64Array): number => {
    const mu = space.load(x);
    return space.exact(w, mu);
  };
  // From the CSS optimum the likelihood is usually a short walk away; a smaller second simplex polishes it.
  let ml = nelderMead(exactObjective, cssStart, {
    step: steps.map((s) => s * 0.5),
    maxEvaluations: 40 * k + 30,
    tolerance: 1e-8,
  });
  const again = nelderMead(exactObjective, ml.x, {
    step: steps.map((s) => s * 0.1),
    maxEvaluations: 20 * k + 10,
    tolerance: 1e-9,
  });
  if (again.value < ml.value) ml = again;
  if (!Number.isFinite(ml.value)) return null;
  const mu = space.load(ml.x);
  const value = space.exact(w, mu);
  return finish(y, order, space, ml.x, value, w);
}

function finish(
  y: ArrayLike<number>,
  order: ArimaOrder,
  space: ArmaWorkspace,
  x: Float64Array,
  value: number,
  w: Float64Array,
): ArimaFit {
  const n = w.length;
  const k = parameterCount(order) + 1;
  const minus2LogLik = value + n * (1 + Math.log(2 * Math.PI));
  return {
    order,
    ar: space.ar.slice(),
    ma: space.ma.slice(),
    seasonalAr: space.sar.slice(),
    seasonalMa: space.sma.slice(),
    constant: order.constant ? x[x.length - 1] : 0,
    sigma2: space.sigma2Estimate,
    minus2LogLik,
    aicc: minus2LogLik + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1),
    usedObservations: n,
    observations: y.length,
    data: Float64Array.from(y),
    state: space.a.slice(),
    parameters: Float64Array.from(x),
  };
}

/** KPSS level-stationarity statistic with the short lag truncation trunc(4 (n/100)^¼). */
export function kpssStatistic(x: ArrayLike<number>): number {
  const n = x.length;
  let m = 0;
  for (let t = 0; t < n; t++) m += x[t];
  m /= n;
  const e = new Float64Array(n);
  for (let t = 0; t < n; t++) e[t] = x[t] - m;
  let cumulative = 0;
  let eta = 0;
  for (let t = 0; t < n; t++) {
    cumulative += e[t];
    eta += cumulative * cumulative;
  }
  eta /= n * n;
  const lags = Math.trunc(4 * (n / 100) ** 0.25);
  let s2 = 0;
  for (let t = 0; t < n; t++) s2 += e[t] * e[t];
  for (let l = 1; l <= lags; l++) {
    let c = 0;
    for (let t = l; t < n; t++) c += e[t] * e[t - l];
    s2 += 2 * (1 - l / (lags + 1)) * c;
  }
  s2 /= n;
  return s2 > 0 ? eta / s2 : 0;
}

export interface AutoArimaOptions {
  maxP?: number;
  maxQ?: number;
  maxSeasonalP?: number;
  maxSeasonalQ?: number;
  /** Maximum p + q + P + Q (default 5). */
  maxOrder?: number;
}

/** Chooses the orders (d, D by tests; the rest by stepwise AICc search) and fits the chosen model. */
export function autoArima(y: ArrayLike<number>, period: number, options: AutoArimaOptions = {}): ArimaFit {
  const n = y.length;
  const m = period > 1 && n >= 2 * period + 4 ? period : 1;
  let D = 0;
  if (m > 1 && seasonalStrength(y, m) > 0.64) D = 1;
  let d = 0;
  let x = difference(y, 0, D, m);
  while (d < 2 && x.length > 4 && kpssStatistic(x) > 0.463) {
    d++;
    x = difference(y, d, D, m);
  }
  const maxP = options.maxP ?? 5;
  const maxQ = options.maxQ ?? 5;
  const maxSP = m > 1 ? (options.maxSeasonalP ?? 1) : 0;
  const maxSQ = m > 1 ? (options.maxSeasonalQ ?? 1) : 0;
  const maxOrder = options.maxOrder ?? 5;
  const allowConstant = d + D <= 1;
  const seen = new Map<string, ArimaFit | null>();
  let best: ArimaFit | null = null;
  const tryOrder = (p: number, q: number, P: number, Q: number, constant: boolean): boolean => {
    if (p < 0 || q < 0 || P < 0 || Q < 0 || p > maxP || q > maxQ || P > maxSP || Q > maxSQ) return false;
    if (p + q + P + Q > maxOrder) return false;
    if (constant && !allowConstant) return false;
    const key = `${p},${q},${P},${Q},${constant}`;
    if (seen.has(key)) return false;
    const fit = fitArimaOrder(y, { p, d, q, P, D, Q, period: m, constant }, 'CSS');
    seen.set(key, fit);
    if (fit && rootsAcceptable(fit) && Number.isFinite(fit.aicc) && (!best || fit.aicc < best.aicc - 1e-9)) {
      best = fit;
      return true;
    }
    return false;
  };
  const constant0 = allowConstant;
  if (m > 1) tryOrder(2, 2, 1, 1, constant0);
  else tryOrder(2, 2, 0, 0, constant0);
  tryOrder(0, 0, 0, 0, constant0);
  if (m > 1) tryOrder(1, 0, 1, 0, constant0);
  else tryOrder(1, 0, 0, 0, constant0);
  if (m > 1) tryOrder(0, 1, 0, 1, constant0);
  else tryOrder(0, 1, 0, 0, constant0);
  if (constant0) tryOrder(0, 0, 0, 0, false);

  for (let step = 0; step < 94 && best; step++) {
    const b: ArimaFit = best;
    const { p, q, P, Q, constant } = b.order;
    const moves: [number, number, number, number, boolean][] = [
      [p, q, P - 1, Q, constant],
      [p, q, P + 1, Q, constant],
      [p, q, P, Q - 1, constant],
      [p, q, P, Q + 1, constant],
      [p, q, P - 1, Q - 1, constant],
      [p, q, P + 1, Q + 1, constant],
      [p - 1, q, P, Q, constant],
      [p + 1, q, P, Q, constant],
      [p, q - 1, P, Q, constant],
      [p, q + 1, P, Q, constant],
      [p - 1, q - 1, P, Q, constant],
      [p + 1, q + 1, P, Q, constant],
      [p, q, P, Q, !constant],
    ];
    let improved = false;
    for (const move of moves) {
      if (tryOrder(...move)) {
        improved = true;
        break;
      }
    }
    if (!improved) break;
  }
  if (best) {
    const chosen: ArimaFit = best;
    const ml = fitArimaOrder(y, chosen.order, 'ML', chosen.parameters);
    return ml && rootsAcceptable(ml) ? ml : chosen;
  }
  // Nothing could be fitted (very short series): a random walk, or white noise around the mean.
  const fallback = fitArimaOrder(y, { p: 0, d: Math.min(d, 1), q: 0, P: 0, D: 0, Q: 0, period: 1, constant: false });
  if (fallback) return fallback;
  throw new Error(`ARIMA: series of ${n} observations is too short to fit any model`);
}

/** ψ-weights of the full model (differencing included): ψ_0 = 1, …, ψ_{h−1}. */
function psiWeights(fit: ArimaFit, horizon: number): Float64Array {
  const { order } = fit;
  const space = new ArmaWorkspace(order, 0);
  // Rebuild the expanded polynomials from the fitted coefficients.
  const m = order.period;
  const phi = new Float64Array(order.p + m * order.P);
  for (let j = 0; j < order.p; j++) phi[j] += fit.ar[j];
  for (let s = 0; s < order.P; s++) {
    phi[(s + 1) * m - 1] += fit.seasonalAr[s];
    for (let j = 0; j < order.p; j++) phi[(s + 1) * m + j] -= fit.ar[j] * fit.seasonalAr[s];
  }
  const theta = new Float64Array(order.q + m * order.Q);
  for (let j = 0; j < order.q; j++) theta[j] += fit.ma[j];
  for (let s = 0; s < order.Q; s++) {
    theta[(s + 1) * m - 1] += fit.seasonalMa[s];
    for (let j = 0; j < order.q; j++) theta[(s + 1) * m + j] += fit.ma[j] * fit.seasonalMa[s];
  }
  void space;
  // Full AR polynomial: (1 − Σ phi B^k) · δ(B), written as 1 − Σ full_k B^k.
  const arPoly = new Float64Array(phi.length + 1);
  arPoly[0] = 1;
  for (let k = 0; k < phi.length; k++) arPoly[k + 1] = -phi[k];
  const full = multiply(arPoly, differencePolynomial(order.d, order.D, m));
  const psi = new Float64Array(horizon);
  for (let j = 0; j < horizon; j++) {
    let value = j === 0 ? 1 : j - 1 < theta.length ? theta[j - 1] : 0;
    for (let k = 1; k <= j && k < full.length; k++) value -= full[k] * psi[j - k];
    psi[j] = value;
  }
  return psi;
}

export function forecastArima(fit: ArimaFit, horizon: number): ModelForecast {
  const { order, data } = fit;
  const n = data.length;
  const m = order.period;
  // Forecast the differenced series from the filter's state, then undo the differencing.
  const space = new ArmaWorkspace(order, 0);
  const phi = new Float64Array(space.phi.length);
  {
    for (let j = 0; j < order.p; j++) phi[j] += fit.ar[j];
    for (let s = 0; s < order.P; s++) {
      phi[(s + 1) * m - 1] += fit.seasonalAr[s];
      for (let j = 0; j < order.p; j++) phi[(s + 1) * m + j] -= fit.ar[j] * fit.seasonalAr[s];
    }
  }
  const r = fit.state.length;
  const a = fit.state.slice();
  const wForecast = new Float64Array(horizon);
  for (let h = 0; h < horizon; h++) {
    wForecast[h] = a[0] + fit.constant;
    const a0 = a[0];
    for (let i = 0; i < r; i++) a[i] = (i < phi.length ? phi[i] * a0 : 0) + (i + 1 < r ? a[i + 1] : 0);
  }
  const delta = differencePolynomial(order.d, order.D, m);
  const k = delta.length - 1;
  const extended = new Float64Array(n + horizon);
  extended.set(data);
  for (let h = 0; h < horizon; h++) {
    let value = wForecast[h];
    for (let j = 1; j <= k; j++) value -= delta[j] * extended[n + h - j];
    extended[n + h] = value;
  }
  const meanForecast = extended.slice(n);
  const psi = psiWeights(fit, horizon);
  const sigma = Math.sqrt(fit.sigma2);
  const sd = new Float64Array(horizon);
  let sum = 0;
  for (let h = 0; h < horizon; h++) {
    sum += psi[h] * psi[h];
    sd[h] = sigma * Math.sqrt(sum);
  }
  return {
    method: 'arima',
    label: arimaLabel(order),
    horizon,
    mean: meanForecast,
    sd,
    gaussian: true,
    observations: n,
    paths: { kind: 'linear', sigma, psi },
  };
}
