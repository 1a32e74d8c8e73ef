// HiGHS's MIP on part of the pairs: the neighbourhood search around a rounded placement, and whole 1-person
// households after a MIP in which their columns were continuous.
import type { Highs } from 'highs';
import { solveLp } from '../lp.ts';
import { type Instance, fitTypes } from './instance.ts';
import { type Built, buildModel, mipStart } from './model.ts';
import { PRICE_TOLERANCE } from './pricing.ts';

/**
 * Relaxation-induced neighbourhood search: the households where the rounded placement `incumbent` agrees with a
 * whole LP value stay where they are; HiGHS places the rest as a MIP over the pairs either uses or prices at 0.
 * Returns the households per pair it found, or undefined when it found none in time.
 */
export function rinsMip(
  highs: Highs,
  inst: Instance,
  lpX: Float64Array,
  d: Float64Array,
  incumbent: Float64Array,
  withFairness: boolean,
  absGap: number,
  seconds: number,
): Float64Array | undefined {
  const P = inst.pairType.length;
  const fixed = new Float64Array(P);
  const free: number[] = [];
  for (let k = 0; k < P; k++) {
    const x = Math.round(lpX[k]);
    const agree = Math.abs(lpX[k] - x) <= 1e-6 && incumbent[k] === x;
    if (agree) fixed[k] = x;
    // Where they disagree the MIP decides; where they agree, pairs at no extra cost in the LP stay open for more
    // households, so that the free ones can trade places.
    if (!agree || d[k] <= PRICE_TOLERANCE * (1 + Math.abs(inst.pairCost[k]))) free.push(k);
  }
  const mip = buildModel(inst, Int32Array.from(free), withFairness, fixed);
  const start = mipStart(mip, incumbent, inst, withFairness, fixed);
  const solution = solveLp(highs, mip.model, {
    mipRelGap: 0,
    mipAbsGap: absGap,
    timeLimitSeconds: seconds,
    start,
  }).solution;
  if (!solution.hasSolution) return undefined;
  const count = fixed.slice();
  mip.pairs.forEach((k, c) => (count[k] += Math.max(0, Math.round(solution.values[c]))));
  return fitTypes(inst, count);
}

/** Households per pair from a MIP whose 1-person columns were continuous: the LP over those with the rest fixed. */
export function wholeSingles(
  highs: Highs,
  inst: Instance,
  mip: Built,
  values: Float64Array,
  withFairness: boolean,
): Float64Array {
  const single = (k: number) => inst.types[inst.pairType[k]].persons === 1;
  const fixed = new Float64Array(inst.pairType.length);
  mip.pairs.forEach((k, c) => !single(k) && (fixed[k] = Math.max(0, Math.round(values[c]))));
  const rest = buildModel(inst, mip.pairs.filter(single), withFairness, fixed);
  const lp = solveLp(highs, rest.model, { relaxOnly: true }).solution;
  const count = fixed.slice();
  if (lp.hasSolution) rest.pairs.forEach((k, c) => (count[k] += Math.max(0, Math.round(lp.values[c]))));
  return fitTypes(inst, count);
}
