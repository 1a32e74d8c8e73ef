// The capacity plan's first step: an unconstrained run of the model gives the offered load of every adjustable
// stage and location type, and from it the fluid and square-root staffing bounds and the infinite-server bed bounds.
import { MEAN_PERIOD_DAYS } from '../../core/calendar.ts';
import { CAPACITY_SERVERS } from '../../sim/chain/compile.ts';
import type { ReplicationResult } from '../../sim/chain/results.ts';
import { stageSeries } from '../../sim/chain/keys.ts';
import { bedBound, halfinWhittBeta, staffingBound } from '../capacity-analytic.ts';
import { ample, durationMeanDays, monthMean } from './setup.ts';
import type { AnalyticBounds, MonthWindow, PlanSetup } from './types.ts';

/** The model with unlimited capacity at every adjustable stage and ample beds, simulated. */
export function unconstrainedRun(setup: PlanSetup) {
  setup.options.onProgress?.('offered load (unconstrained run)');
  const free = structuredClone(ample(setup.base));
  for (const s of setup.adjustable) free.stages[s].capacity = 'unlimited';
  return setup.runModel(free);
}

/** Offered load per adjustable stage and month (servers busy, or flow per quota period) from the unconstrained run. */
function offeredLoads(setup: PlanSetup, reps: ReplicationResult[]): number[][] {
  const { base, chain, months, adjustable } = setup;
  const mean = (key: string, m: MonthWindow) => reps.reduce((a, r) => a + monthMean(r.series[key], m), 0) / reps.length;
  return adjustable.map((s) => {
    const stage = chain.stages[s];
    const spec = base.stages[s];
    if (stage.capacityKind === CAPACITY_SERVERS)
      return months.map((m) => mean(stageSeries(stage.id, 'inServiceCases'), m));
    // Throughput: the flow per period, in the unit of the quota.
    const tp = (spec.capacity as { throughput: { per: keyof typeof MEAN_PERIOD_DAYS; unit: 'persons' | 'cases' } })
      .throughput;
    return months.map((m) => {
      const perDay =
        tp.unit === 'persons'
          ? mean(stageSeries(stage.id, 'completed'), m)
          : mean(stageSeries(stage.id, 'inServiceCases'), m) / Math.max(1e-9, durationMeanDays(spec.serviceTime));
      return perDay * MEAN_PERIOD_DAYS[tp.per];
    });
  });
}

/** Fluid and square-root bounds per adjustable stage and month, infinite-server bed bounds per location type. */
export function analyticBounds(setup: PlanSetup, reps: ReplicationResult[]): AnalyticBounds {
  const { chain, months, adjustable, options } = setup;
  const mean = (key: string, m: MonthWindow) => reps.reduce((a, r) => a + monthMean(r.series[key], m), 0) / reps.length;
  const alpha = options.delayProbability ?? 0.2;
  const beta = halfinWhittBeta(alpha);
  const offered = offeredLoads(setup, reps);
  const bounds = adjustable.map((s, k) =>
    offered[k].map((load) => {
      if (chain.stages[s].capacityKind === CAPACITY_SERVERS) return staffingBound(load, alpha);
      return {
        offeredLoad: load,
        fluid: Math.ceil(load - 1e-9),
        squareRoot: Math.ceil(load + beta * Math.sqrt(load) - 1e-9),
        erlangCAtSquareRoot: Number.NaN,
      };
    }),
  );
  const types = [...new Set(chain.locations.map((l) => l.type))];
  const bedAnalytic = types.map((type) =>
    months.map((m) =>
      bedBound(mean(`locationType.${type}.occupied`, m), options.confidence, options.planningOccupancy),
    ),
  );
  return { bounds, types, bedAnalytic };
}
