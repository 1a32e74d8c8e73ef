// The shapes of the capacity plan: its options and targets, its rows per month, and what its steps share.
import type { LoadedModel } from '../../model/load.ts';
import type { ChainModel } from '../../model/schema.ts';
import type { CompiledChain } from '../../sim/chain/compile.ts';
import type { simulate } from '../../sim/run/simulate.ts';
import type { bedBound, staffingBound } from '../capacity-analytic.ts';

export interface NormTarget {
  /** A chain norm id, or `stage.<id>` for a stage norm. */
  norm: string;
  /** Share of the clocks stopping in a month that must be within the term. */
  withinShare: number;
}

export interface CapacityPlanOptions {
  months: number;
  targets: NormTarget[];
  /** Beds are planned so that occupancy stays at or below this (COA plans at 0.91). */
  planningOccupancy: number;
  /** A target holds when it holds in at least this share of the replications; also the bed quantile. */
  confidence: number;
  replications: number;
  seed?: number;
  workers?: number;
  /** Probability of waiting behind the square-root staffing start (default 0.2). */
  delayProbability?: number;
  maxIterations?: number;
  /** Relative increase per iteration where a target fails (default 0.1). */
  step?: number;
  /** A capacity may grow to this multiple of its starting value (default 4); beyond it the target cannot be met. */
  maxFactor?: number;
  onProgress?: (message: string) => void;
}

export interface StageMonth {
  month: string;
  stage: string;
  partner: string;
  /** `servers`, or the throughput period (`halfYear`, …) of the amount. */
  unit: string;
  plan: number;
  /** Offered load (servers) or offered flow per period (throughput). */
  offered: number;
  fluidBound: number;
  squareRootBound: number;
  fte: number;
  staffCostEur: number;
}

export interface BedMonth {
  month: string;
  locationType: string;
  /** Beds so that the confidence-quantile of the month's peak demand is at the planning occupancy. */
  plan: number;
  /** Peak persons needing a bed of this type in the month, at the confidence level across replications. */
  demandAtConfidence: number;
  /** Infinite-server bound from the unconstrained run: Poisson quantile of its mean / planning occupancy. */
  analyticBound: number;
  costEur: number;
}

export interface TargetMonth {
  month: string;
  norm: string;
  target: number;
  /** Lower (1 − confidence) quantile over replications of the month's share within the term. */
  achieved: number;
  /** Share of replications in which the target held. */
  heldIn: number;
  measured: number;
  holds: boolean;
}

export interface CapacityPlan {
  model: string;
  months: string[];
  stages: StageMonth[];
  beds: BedMonth[];
  targets: TargetMonth[];
  /** The planned throughput per half-year of the stages that house permit holders (exit `housed`). */
  housing: { halfYear: string; stage: string; persons: number }[];
  cost: { staffEur: number; bedsEur: number; totalEur: number; analyticStaffEur: number; analyticBedsEur: number };
  iterations: number;
  feasible: boolean;
  notes: string[];
  /** The model with the plan's capacities (and the model's beds), ready to simulate. */
  plannedModel: ChainModel;
}

export interface MonthWindow {
  label: string;
  /** Simulation days [from, to). */
  from: number;
  to: number;
}

/** What every step of the plan reads: the model, the options, the plan's months and the adjustable stages. */
export interface PlanSetup {
  loaded: LoadedModel;
  base: ChainModel;
  options: CapacityPlanOptions;
  /** The first day of the model's calendar. */
  startDay: number;
  months: MonthWindow[];
  chain: CompiledChain;
  /** Indexes of the stages with servers or a throughput: the capacities the plan sets. */
  adjustable: number[];
  /** Simulates a model up to the end of the plan's last month. */
  runModel: (model: ChainModel) => ReturnType<typeof simulate>;
}

/** The analytic bounds per adjustable stage and month, and per location type and month. */
export interface AnalyticBounds {
  bounds: ReturnType<typeof staffingBound>[][];
  types: string[];
  bedAnalytic: ReturnType<typeof bedBound>[][];
}
