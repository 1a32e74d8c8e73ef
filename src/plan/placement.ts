// Placement of permit holders' households over municipalities as a mixed-integer program solved by HiGHS:
// interchangeable households are aggregated into types, every household is placed whole, every housing target is
// met or its shortfall named, and the LP relaxation prices each target. Invariant: the model is always feasible —
// shortfalls, overshoots, unplaced households and fairness gaps are penalised slacks, never a failed solve.
// This is the public entry; the parts are in placement/: the input and its checks, the instance, the model, column
// generation, rounding, the MIPs, one solve, and the outcome and its explanation.
import { loadHighs } from './lp.ts';
import { explain } from './placement/explain.ts';
import { validate } from './placement/inputs.ts';
import { buildInstance } from './placement/instance.ts';
import {
  assignHouseholds,
  meanOf,
  municipalityOutcomes,
  relativePrices,
  subgroupOutcomes,
} from './placement/outcome.ts';
import { type SolveSettings, solveInstance } from './placement/solve.ts';
import type { Household, Municipality, Placement, PlacementOptions } from './placement/types.ts';

export { aggregateHouseholds, distanceKm, haversineKm } from './placement/inputs.ts';
export { PLACEMENT_STEPS } from './placement/solve.ts';
export type {
  Coordinates,
  Explanation,
  FairnessOptions,
  FairnessReport,
  Household,
  HouseholdAssignment,
  HouseholdType,
  Municipality,
  MunicipalityOutcome,
  Placement,
  PlacementOptions,
  PlacementStatus,
  ShortfallReason,
  SolveReport,
  SubgroupOutcome,
  TypeAssignment,
} from './placement/types.ts';

/**
 * Places the households over the municipalities: minimises Σ distanceWeight·km·persons − matchWeight·score
 * (+ penalties for shortfalls, overshoot beyond the allowance, unplaced households and fairness gaps) with HiGHS,
 * every household whole, housing stock per size respected. Solves the LP relaxation by column generation (its
 * duals are the shadow prices), then the MIP to `mipGap` over the pairs the LP's reduced costs leave in reach;
 * with fairness, also the instance without it, to price fairness. Throws a RangeError on malformed input
 * (unknown origin, duplicate code or id, non-integer persons); never on targets that cannot be met — those come
 * back as shortfalls with an explanation.
 */
export async function placeHouseholds(
  municipalities: readonly Municipality[],
  households: readonly Household[],
  options: PlacementOptions = {},
): Promise<Placement> {
  const started = performance.now();
  const index = validate(municipalities, households);
  const highs = options.highs ?? (await loadHighs());
  const distanceWeight = options.distanceWeight ?? 1;
  const matchWeight = options.matchWeight ?? 0;
  const withinKm = options.withinKm ?? 50;
  const inst = buildInstance(municipalities, households, index, options, {
    distance: distanceWeight,
    match: matchWeight,
  });
  const { types, allowance, penalty } = inst;

  const settings: SolveSettings = {
    mipGap: options.mipGap ?? 0.001,
    timeLimitSeconds: options.timeLimitSeconds ?? 60,
    prices: options.shadowPrices ?? true,
    pricing: options.pricing ?? true,
    onStep: options.onStep,
  };
  const solved = solveInstance(highs, inst, true, settings);
  const without = inst.fairness ? solveInstance(highs, inst, false, { ...settings, prices: false }) : undefined;

  // Households per pair, and the households they stand for; then the outcome per municipality and subgroup.
  const count = solved.count;
  const placed = assignHouseholds(inst, households, count);
  const perMunicipality = municipalityOutcomes(inst, count, solved.lp?.targetDual);
  const { outcomes, distanceKmPersons, matchTotal } = perMunicipality;
  const priceReference = relativePrices(outcomes, households);
  const meanDistanceKm = meanOf(distanceKmPersons, perMunicipality.placedPersons);
  const subgroups = subgroupOutcomes(
    households,
    placed.households,
    municipalities,
    index,
    meanDistanceKm,
    withinKm,
    options.fairness?.group,
  );
  const fairGroups = subgroups.filter((s) => s.dimension === 'fairness');
  const largestGapKm = fairGroups.reduce((a, s) => Math.max(a, Math.abs(s.gapKm)), 0);
  const matchPart = matchWeight * matchTotal;
  const penaltyTotal = solved.hasSolution
    ? solved.objective - (distanceWeight * distanceKmPersons - matchPart)
    : Number.NaN;

  const explanation = explain(inst, outcomes, types, count, households, options.keepNear, solved.hasSolution);
  if (inst.fairness && largestGapKm > inst.fairness.maxGapKm + 1e-6) {
    explanation.feasible = false;
    explanation.messages.push(
      `fairness: a group's mean distance is ${largestGapKm.toFixed(1)} km from the overall mean, above the ${inst.fairness.maxGapKm} km allowed`,
    );
  }

  return {
    solve: {
      status: solved.status,
      highsStatus: solved.highsStatus,
      objective: solved.objective,
      bound: solved.bound,
      gap: solved.gap,
      mipRuns: solved.mipRuns,
      seconds: solved.mipSeconds,
      totalSeconds: (performance.now() - started) / 1000,
      types: types.length,
      variables: solved.variables,
      constraints: solved.constraints,
    },
    relaxation: solved.lp
      ? { status: solved.lp.status, objective: solved.lp.objective, seconds: solved.lp.seconds }
      : undefined,
    objective: { total: solved.objective, distanceKmPersons, matchScore: matchTotal, penalty: penaltyTotal },
    shortfallPenalty: penalty,
    overshootAllowance: allowance,
    withinKm,
    types,
    assignments: placed.assignments,
    households: placed.households,
    municipalities: outcomes,
    meanDistanceKm,
    subgroups,
    priceReference,
    fairness:
      inst.fairness && without
        ? {
            maxGapKm: inst.fairness.maxGapKm,
            objective: solved.objective,
            objectiveWithout: without.objective,
            cost: solved.objective - without.objective,
            largestGapKm,
          }
        : undefined,
    explanation,
  };
}
