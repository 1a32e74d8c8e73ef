// The capacity plan's setting: its months, the targets checked against the model's norms, the adjustable stages,
// and the model with a plan's capacities as monthly schedules (and ample beds, which never change the flow).
import type { LoadedModel } from '../../model/load.ts';
import { modelHash } from '../../model/load.ts';
import { InputError } from '../../core/diagnostics.ts';
import { addMonths, formatIsoDate, parseIsoDate } from '../../core/calendar.ts';
import type { ChainModel, Duration, Schedule } from '../../model/schema.ts';
import { compileChain, type CompiledChain, CAPACITY_SERVERS, CAPACITY_THROUGHPUT } from '../../sim/chain/compile.ts';
import { simulate } from '../../sim/run/simulate.ts';
import { stageNormId, stageOfNormId } from '../../sim/chain/keys.ts';
import type { CapacityPlanOptions, MonthWindow, NormTarget, PlanSetup } from './types.ts';

/** Mean of a model duration in days (calendar or working, as the stage counts it). */
export function durationMeanDays(d: Duration): number {
  switch (d.dist) {
    case 'fixed':
      return d.days;
    case 'exponential':
    case 'lognormal':
    case 'gamma':
      return d.meanDays;
    case 'triangular':
      return (d.minDays + d.modeDays + d.maxDays) / 3;
    case 'empirical': {
      const w = d.weights ?? d.valuesDays.map(() => 1);
      const total = w.reduce((a, b) => a + b, 0);
      if (d.interpolate) {
        const sorted = [...d.valuesDays].sort((a, b) => a - b);
        return (sorted[0] + sorted[sorted.length - 1]) / 2;
      }
      return d.valuesDays.reduce((a, v, i) => a + v * w[i], 0) / total;
    }
  }
}

const AMPLE_BEDS = 10_000_000;

/** The model with ample beds everywhere: beds never change the flow, so runs read the demand for them. */
export function ample(model: ChainModel): ChainModel {
  return {
    ...model,
    reception: model.reception
      ? { ...model.reception, locations: model.reception.locations.map((l) => ({ ...l, beds: AMPLE_BEDS })) }
      : undefined,
  };
}

function withModel(loaded: LoadedModel, model: ChainModel): LoadedModel {
  return { ...loaded, model, hash: modelHash(model, loaded.inflow, loaded.initialCases) };
}

/** A schedule that keeps `base` before `fromDate` and takes one value per month from there. */
export function monthlySchedule(
  base: Schedule,
  startDate: string,
  fromDate: string,
  months: MonthWindow[],
  values: number[],
  startDay: number,
): Schedule {
  const steps = typeof base === 'number' ? [{ from: startDate, value: base }] : base.filter((s) => s.from < fromDate);
  if (steps.length === 0) steps.push({ from: startDate, value: typeof base === 'number' ? base : base[0].value });
  months.forEach((m, i) => steps.push({ from: formatIsoDate(startDay + m.from), value: values[i] }));
  return steps;
}

export function monthMean(series: Float64Array, m: MonthWindow): number {
  let sum = 0;
  for (let d = m.from; d < m.to; d++) sum += series[d];
  return sum / (m.to - m.from);
}

export function monthMax(series: Float64Array, m: MonthWindow): number {
  let max = 0;
  for (let d = m.from; d < m.to; d++) if (series[d] > max) max = series[d];
  return max;
}

/** The plan's months: from the first month boundary at or after the warm-up, in simulation days. */
function planMonths(base: ChainModel, startDay: number, count: number): MonthWindow[] {
  let planStart = startDay + base.time.warmupDays;
  if (formatIsoDate(planStart).slice(8) !== '01')
    planStart = addMonths(planStart - Number(formatIsoDate(planStart).slice(8)) + 1, 1);
  const months: MonthWindow[] = [];
  for (let m = 0; m < count; m++) {
    const from = addMonths(planStart, m) - startDay;
    months.push({
      label: formatIsoDate(startDay + from).slice(0, 7),
      from,
      to: addMonths(planStart, m + 1) - startDay,
    });
  }
  return months;
}

/** Refuses a target for a norm the model does not have, listing the ones it has. */
function checkTargets(chain: CompiledChain, targets: NormTarget[]): void {
  for (const t of targets) {
    const stageId = stageOfNormId(t.norm);
    const known =
      stageId !== undefined
        ? chain.stages.some((s) => s.norm && s.id === stageId)
        : chain.norms.some((n) => n.id === t.norm);
    if (!known)
      throw new InputError(
        `--target ${t.norm}: the model has no such norm; its norms are ${[...chain.norms.map((n) => n.id), ...chain.stages.filter((s) => s.norm).map((s) => stageNormId(s.id))].join(', ') || '(none)'}`,
      );
  }
}

export function planSetup(loaded: LoadedModel, options: CapacityPlanOptions): PlanSetup {
  const base = loaded.model;
  const startDay = parseIsoDate(base.time.start);
  const months = planMonths(base, startDay, options.months);
  const horizonDays = months[months.length - 1].to;
  const runModel = (model: ChainModel) =>
    simulate(withModel(loaded, { ...model, time: { ...model.time, horizonDays } }), {
      replications: options.replications,
      seed: options.seed,
      workers: options.workers,
      horizonDays,
    });
  const chain = compileChain(loaded, { horizonDays });
  checkTargets(chain, options.targets);
  const adjustable = chain.stages
    .filter((s) => s.capacityKind === CAPACITY_SERVERS || s.capacityKind === CAPACITY_THROUGHPUT)
    .map((s) => s.index);
  return { loaded, base, options, startDay, months, chain, adjustable, runModel };
}

/**
 * Stages that take their capacity from a staff pool are not adjustable: the plan keeps each pool (its FTE and
 * division) as the model gives it, and says so.
 */
export function poolNotes(setup: PlanSetup, notes: string[]): void {
  const { chain } = setup;
  for (const pool of chain.pools) {
    const stages = Array.from(pool.stages, (s) => chain.stages[s].id).join(', ');
    notes.push(
      `stages ${stages} take their capacity from staff pool "${pool.id}": the plan keeps the pool's FTE and division as the model gives them, also in its unconstrained run, and plans only stages with servers or throughput; to try another pool, change its fte or division with a measure`,
    );
  }
}

/** The model with the plan's capacities from the plan's first month, and ample beds. */
export function buildModel(setup: PlanSetup, plan: number[][]): ChainModel {
  const { base, startDay, months, adjustable } = setup;
  const model = structuredClone(ample(base));
  const from = formatIsoDate(startDay + months[0].from);
  adjustable.forEach((s, k) => {
    const spec = model.stages[s];
    if (typeof spec.capacity !== 'object') return;
    if ('servers' in spec.capacity)
      spec.capacity = {
        servers: monthlySchedule(spec.capacity.servers, base.time.start, from, months, plan[k], startDay),
      };
    else if ('throughput' in spec.capacity)
      spec.capacity = {
        throughput: {
          ...spec.capacity.throughput,
          amount: monthlySchedule(spec.capacity.throughput.amount, base.time.start, from, months, plan[k], startDay),
        },
      };
  });
  return model;
}
