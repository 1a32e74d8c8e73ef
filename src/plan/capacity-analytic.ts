// Fast analytic capacity bounds, the starting point of the capacity planner and the reference beside its
// simulated plan: the fluid (offered-load) bound, square-root staffing from the Halfin–Whitt approximation of
// Erlang C, and infinite-server quantiles for long stays (beds). Each is a lower bound or an approximation of
// what the simulation must confirm; none knows about norms, priorities or non-stationary inflow.
import { normalCdf, normalQuantile } from '../forecast/stats.ts';
import { erlangC } from '../sim/theory/queueing.ts';

/** Standard normal density. */
function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/**
 * The Halfin–Whitt β for a probability of waiting α: the solution of α = 1 / (1 + β·Φ(β)/φ(β)) (Halfin & Whitt
 * 1981), found by bisection; β = 0 for α ≥ 1 and grows like √(2 ln(1/α)) as α → 0.
 */
export function halfinWhittBeta(delayProbability: number): number {
  if (!(delayProbability > 0 && delayProbability <= 1))
    throw new RangeError(`the probability of waiting must be in (0, 1] (got ${delayProbability})`);
  if (delayProbability === 1) return 0;
  const wait = (beta: number) => 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));
  let lo = 0;
  let hi = 1;
  while (wait(hi) > delayProbability) hi *= 2;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (wait(mid) > delayProbability) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface StaffingBound {
  /** Offered load R = λ·E[S] (cases in service if capacity were unlimited). */
  offeredLoad: number;
  /** The fluid bound ⌈R⌉: fewer servers cannot keep up, the queue grows without end. */
  fluid: number;
  /** Square-root staffing ⌈R + β√R⌉ for the probability of waiting. */
  squareRoot: number;
  /** Erlang C (M/M/c) probability of waiting at the square-root staffing, with λ = R and μ = 1. */
  erlangCAtSquareRoot: number;
}

/** Staff bounds for a stage with offered load R and a target probability of waiting. */
export function staffingBound(offeredLoad: number, delayProbability: number): StaffingBound {
  if (!(offeredLoad >= 0 && offeredLoad < Infinity))
    throw new RangeError(`the offered load must be finite and >= 0 (got ${offeredLoad})`);
  const beta = halfinWhittBeta(delayProbability);
  const fluid = Math.ceil(offeredLoad - 1e-9);
  const squareRoot = Math.max(fluid, Math.ceil(offeredLoad + beta * Math.sqrt(offeredLoad) - 1e-9));
  const c = Math.max(1, squareRoot);
  return { offeredLoad, fluid, squareRoot, erlangCAtSquareRoot: offeredLoad > 0 ? erlangC(c, offeredLoad, 1) : 0 };
}

/**
 * The q-quantile of a Poisson(mean) count — the number in an M/G/∞ system (every stay starts when it arrives,
 * as in reception): exact by summing the distribution below a mean of 1,000, the normal approximation with a
 * continuity correction above.
 */
export function poissonQuantile(mean: number, q: number): number {
  if (!(mean >= 0 && mean < Infinity)) throw new RangeError(`the mean must be finite and >= 0 (got ${mean})`);
  if (!(q > 0 && q < 1)) throw new RangeError(`the quantile must be in (0, 1) (got ${q})`);
  if (mean === 0) return 0;
  if (mean > 1000) return Math.max(0, Math.ceil(mean + normalQuantile(q) * Math.sqrt(mean) - 0.5));
  let k = 0;
  let p = Math.exp(-mean);
  let cumulative = p;
  while (cumulative < q) {
    k++;
    p *= mean / k;
    cumulative += p;
  }
  return k;
}

export interface BedBound {
  /** Mean persons needing a bed (the fluid bound on occupied beds). */
  meanPersons: number;
  /** Persons at the confidence level if the number in reception were Poisson (infinite-server). */
  personsAtConfidence: number;
  /** Beds so that occupancy stays at or below the planning norm: ⌈persons / occupancy⌉. */
  beds: number;
}

/** Beds for a mean number of persons, a confidence level and a planning occupancy (COA: 0.91). */
export function bedBound(meanPersons: number, confidence: number, planningOccupancy: number): BedBound {
  if (!(planningOccupancy > 0 && planningOccupancy <= 1))
    throw new RangeError(`the planning occupancy must be in (0, 1] (got ${planningOccupancy})`);
  const personsAtConfidence = poissonQuantile(meanPersons, confidence);
  return {
    meanPersons,
    personsAtConfidence,
    beds: Math.max(0, Math.ceil(personsAtConfidence / planningOccupancy - 1e-9)),
  };
}
