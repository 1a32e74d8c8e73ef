// The capacity plan's rows: beds from the demand of the final run, staff per stage and month with their cost and
// the bounds' cost, housing quotas per half-year, and the planned model ready to simulate.
import { MEAN_PERIOD_DAYS, formatIsoDate } from '../../core/calendar.ts';
import type { ChainModel } from '../../model/schema.ts';
import { quantileSorted } from '../../core/stats.ts';
import { CAPACITY_SERVERS, CAPACITY_THROUGHPUT } from '../../sim/chain/compile.ts';
import type { ReplicationResult } from '../../sim/chain/results.ts';
import { buildModel, monthlySchedule, monthMax, monthMean } from './setup.ts';
import type { AnalyticBounds, BedMonth, CapacityPlan, PlanSetup, StageMonth } from './types.ts';

/** Beds per location type and month from the peak demand of the final run, with their cost and the analytic cost. */
export function planBeds(setup: PlanSetup, runs: ReplicationResult[], analytic: AnalyticBounds) {
  const { chain, months, options } = setup;
  const q = options.confidence;
  const beds: BedMonth[] = [];
  let bedsEur = 0;
  let analyticBedsEur = 0;
  analytic.types.forEach((type, ti) => {
    const locations = chain.locations.filter((l) => l.type === type);
    const occupiedCost = locations.reduce((a, l) => a + l.costPerOccupiedBedDayEur, 0) / locations.length;
    const emptyCost = locations.reduce((a, l) => a + l.costPerEmptyBedDayEur, 0) / locations.length;
    months.forEach((m, i) => {
      const peaks = runs.map((r) => monthMax(r.series[`locationType.${type}.occupied`], m)).sort((a, b) => a - b);
      const demand = Math.max(0, Math.ceil(quantileSorted(peaks, q)));
      const planBeds = Math.max(0, Math.ceil(demand / options.planningOccupancy - 1e-9));
      const meanOccupied =
        runs.reduce((a, r) => a + monthMean(r.series[`locationType.${type}.occupied`], m), 0) / runs.length;
      const days = m.to - m.from;
      const cost =
        days * (Math.min(meanOccupied, planBeds) * occupiedCost + Math.max(0, planBeds - meanOccupied) * emptyCost);
      const bound = analytic.bedAnalytic[ti][i];
      analyticBedsEur +=
        days *
        (Math.min(bound.meanPersons, bound.beds) * occupiedCost +
          Math.max(0, bound.beds - bound.meanPersons) * emptyCost);
      bedsEur += cost;
      beds.push({
        month: m.label,
        locationType: type,
        plan: planBeds,
        demandAtConfidence: demand,
        analyticBound: bound.beds,
        costEur: cost,
      });
    });
  });
  return { beds, bedsEur, analyticBedsEur };
}

/** The plan per adjustable stage and month with its bounds, FTE and staff cost, and the fluid bound's cost. */
export function planStages(setup: PlanSetup, plan: number[][], bounds: AnalyticBounds['bounds']) {
  const { base, chain, months, adjustable } = setup;
  const stages: StageMonth[] = [];
  let staffEur = 0;
  let analyticStaffEur = 0;
  adjustable.forEach((s, k) => {
    const stage = chain.stages[s];
    const spec = base.stages[s];
    const unit =
      stage.capacityKind === CAPACITY_SERVERS
        ? 'servers'
        : (spec.capacity as { throughput: { per: string } }).throughput.per;
    months.forEach((m, i) => {
      const days = m.to - m.from;
      const fte = stage.capacityKind === CAPACITY_SERVERS ? plan[k][i] * stage.ftePerServer : 0;
      const cost = (fte * stage.costPerFteYearEur * days) / 365;
      staffEur += cost;
      analyticStaffEur +=
        stage.capacityKind === CAPACITY_SERVERS
          ? (bounds[k][i].fluid * stage.ftePerServer * stage.costPerFteYearEur * days) / 365
          : 0;
      stages.push({
        month: m.label,
        stage: stage.id,
        partner: stage.partner,
        unit,
        plan: plan[k][i],
        offered: bounds[k][i].offeredLoad,
        fluidBound: bounds[k][i].fluid,
        squareRootBound: bounds[k][i].squareRoot,
        fte,
        staffCostEur: cost,
      });
    });
  });
  return { stages, staffEur, analyticStaffEur };
}

/** Housing: the planned throughput of stages whose cases leave the chain housed, per half-year. */
export function planHousing(setup: PlanSetup, plan: number[][]): CapacityPlan['housing'] {
  const { base, chain, months, adjustable } = setup;
  const housing: CapacityPlan['housing'] = [];
  adjustable.forEach((s, k) => {
    const stage = chain.stages[s];
    const spec = base.stages[s];
    if (
      stage.capacityKind !== CAPACITY_THROUGHPUT ||
      !Array.isArray(spec.next) ||
      !spec.next.some((b) => b.exit === 'housed')
    )
      return;
    const tp = (spec.capacity as { throughput: { per: keyof typeof MEAN_PERIOD_DAYS } }).throughput;
    const byHalf = new Map<string, number>();
    months.forEach((m, i) => {
      const half = `${m.label.slice(0, 4)}-H${Number(m.label.slice(5, 7)) <= 6 ? 1 : 2}`;
      byHalf.set(half, (byHalf.get(half) ?? 0) + (plan[k][i] / MEAN_PERIOD_DAYS[tp.per]) * (m.to - m.from));
    });
    for (const [halfYear, persons] of byHalf) housing.push({ halfYear, stage: stage.id, persons: Math.round(persons) });
  });
  return housing;
}

/** The planned model: the plan's capacities and beds, the model's own horizon. */
export function plannedModelOf(setup: PlanSetup, plan: number[][], beds: BedMonth[]): ChainModel {
  const { base, chain, startDay, months } = setup;
  const plannedModel = buildModel(setup, plan);
  plannedModel.reception = base.reception ? structuredClone(base.reception) : undefined;
  if (plannedModel.reception) {
    const from = formatIsoDate(startDay + months[0].from);
    for (const l of plannedModel.reception.locations) {
      const ofType = chain.locations.filter((x) => x.type === l.type);
      const share = ofType.length > 0 ? 1 / ofType.length : 1;
      l.beds = monthlySchedule(
        l.beds,
        base.time.start,
        from,
        months,
        months.map((m) =>
          Math.ceil((beds.find((b) => b.month === m.label && b.locationType === l.type)?.plan ?? 0) * share),
        ),
        startDay,
      );
    }
  }
  return plannedModel;
}
