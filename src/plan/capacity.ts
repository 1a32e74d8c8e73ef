// The capacity planner: staff per stage, housing quotas and reception beds per month so that the model's norms
// hold at a stated confidence. It starts from analytic bounds read off an unconstrained run of the model (the
// offered load of every stage and location type), then simulates the plan with common random numbers and raises
// the capacity of the stage that holds the most waiting wherever a target fails, until every target holds or a
// capacity reaches its cap — then it says which target cannot be met and what binds. Beds never change the flow
// (persons without a bed wait in overflow), so every run has ample beds and the bed plan is read from the demand.
import type { LoadedModel } from '../model/load.ts';
import { analyticBounds, unconstrainedRun } from './capacity/bounds.ts';
import { planBeds, planHousing, plannedModelOf, planStages } from './capacity/assemble.ts';
import { explainFailures, impossibleTargets, searchPlan } from './capacity/search.ts';
import { planSetup, poolNotes } from './capacity/setup.ts';
import type { CapacityPlan, CapacityPlanOptions } from './capacity/types.ts';

export type {
  BedMonth,
  CapacityPlan,
  CapacityPlanOptions,
  NormTarget,
  StageMonth,
  TargetMonth,
} from './capacity/types.ts';
export { durationMeanDays } from './capacity/setup.ts';

/** Plans capacity per month over `options.months` months from the model's reported start. */
export async function planCapacity(loaded: LoadedModel, options: CapacityPlanOptions): Promise<CapacityPlan> {
  const setup = planSetup(loaded, options);
  const notes: string[] = [];
  poolNotes(setup, notes);
  // 1. The unconstrained run: offered load of every stage and location type.
  const freeRun = await unconstrainedRun(setup);
  const analytic = analyticBounds(setup, freeRun.replications);
  // 2. The search: simulate the plan, raise the stage that holds the most waiting where a target fails.
  const plan: number[][] = analytic.bounds.map((b) => b.map((x) => Math.max(1, x.squareRoot)));
  const impossible = impossibleTargets(setup, freeRun.replications, notes);
  const { run, targets, iterations } = await searchPlan(setup, plan, impossible, notes);
  const feasible = targets.every((t) => t.holds);
  if (!feasible) explainFailures(setup, targets, impossible, iterations, notes);
  // 3. Beds from the demand of the final run, cost, housing.
  const { beds, bedsEur, analyticBedsEur } = planBeds(setup, run.replications, analytic);
  const { stages, staffEur, analyticStaffEur } = planStages(setup, plan, analytic.bounds);
  return {
    model: loaded.file,
    months: setup.months.map((m) => m.label),
    stages,
    beds,
    targets,
    housing: planHousing(setup, plan),
    cost: { staffEur, bedsEur, totalEur: staffEur + bedsEur, analyticStaffEur, analyticBedsEur },
    iterations,
    feasible,
    notes,
    plannedModel: plannedModelOf(setup, plan, beds),
  };
}
