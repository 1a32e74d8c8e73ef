// Societal cost-benefit analysis (MKBA) of a scenario against the base (the reference policy): the yearly
// difference of every cost stream of the model, and the measure's own costs from its measure files, discounted to
// the first reported year (2.25% real by default, the Dutch standard since 2021), giving net present value and
// benefit/cost ratio with a 95% interval from the paired replications; the costs and benefits per actor (penalties
// are a transfer: a cost to the IND, an equal benefit to asylum seekers, nothing to society); effects without a
// price beside them; and the sensitivity of the net present value to the assumptions that move it most.
import { COST_CATEGORIES, type CostCategory, costsByYear, reportedYears } from '../sim/run/costs.ts';
import type { ComparisonResult, PairedDifference } from '../sim/run/compare.ts';
import { pairedDifference } from '../sim/run/compare.ts';
import { studentTQuantile } from '../sim/stats/student-t.ts';
import { CHAIN_KPI, type ChainKpi, costKpi, penaltyKpi } from '../sim/chain/keys.ts';
import { ACTORS, type Actor } from '../model/actors.ts';
import type { ChainModel } from '../model/schema.ts';
import { measureCostByYear } from './measure-costs.ts';

export const DEFAULT_DISCOUNT_RATE = 0.0225;

/**
 * Effects reported beside the money (their labels, units and which direction is better come from the KPI
 * catalogue of the output layer).
 */
export const UNPRICED_EFFECTS: readonly ChainKpi[] = [
  CHAIN_KPI.leadTimeP50,
  CHAIN_KPI.leadTimeP90,
  CHAIN_KPI.movesPerChild,
  CHAIN_KPI.movesPerPerson,
  CHAIN_KPI.permitHoldersWaitingMean,
  CHAIN_KPI.overflowMax,
];

/**
 * The penalty figures reported beside the money: penalties are a transfer from the IND to asylum seekers, so
 * they add nothing to the net present value; the penalties a measure avoids (in euros, and the notices, penalty days
 * and euros of the penalty regimes when the model has them) are shown here.
 */
export const PENALTY_EFFECTS: readonly string[] = [
  costKpi('penalties'),
  penaltyKpi('notices'),
  penaltyKpi('days'),
  penaltyKpi('eur'),
];

/** Cost categories that are transfers between actors: they cancel out for society. */
export const TRANSFER_CATEGORIES: readonly CostCategory[] = ['penalties'];

/** Whether an item of the per-actor table is a transfer (its two rows cancel for society). */
export function isTransfer(item: ActorItem): boolean {
  return item.kind === 'category' && TRANSFER_CATEGORIES.includes(item.category);
}

/**
 * Who bears each cost category of the model, with the sign of their share: reception, overflow, moves and
 * playbook measures are the COA's; staff is the partner's whose staff it is (see staffActorOf); penalties are a
 * cost to the IND and an equal benefit to asylum seekers.
 */
export function categoryActors(category: CostCategory, staffActor: Actor): { actor: Actor; sign: 1 | -1 }[] {
  if (category === 'staff') return [{ actor: staffActor, sign: 1 }];
  if (category === 'penalties')
    return [
      { actor: 'ind', sign: 1 },
      { actor: 'asylumSeekers', sign: -1 },
    ];
  return [{ actor: 'coa', sign: 1 }];
}

/** The actor of staff costs when the model's series cannot tell the partners apart (the funder of the chain). */
export const DEFAULT_STAFF_ACTOR: Actor = 'ministry';

/**
 * The actor of the model's staff costs. The simulator reports staff cost as one daily series, so it can be
 * attributed to a partner only when every staffed stage and pool with a cost belongs to one partner whose id is an
 * actor (`ind`, `coa`, `police`, `dtv`, `municipalities`); otherwise it is the ministry's, which funds the partners.
 */
export function staffActorOf(model: Pick<ChainModel, 'stages' | 'staffPools'>): Actor {
  const partners = new Set<string>();
  for (const stage of model.stages) if (stage.staff && stage.staff.costPerFteYearEur > 0) partners.add(stage.partner);
  for (const pool of model.staffPools ?? []) if (pool.costPerFteYearEur > 0) partners.add(pool.partner);
  const [only] = partners;
  return partners.size === 1 && (ACTORS as readonly string[]).includes(only) && only !== 'asylumSeekers'
    ? (only as Actor)
    : DEFAULT_STAFF_ACTOR;
}

/**
 * An assumption the net present value is tested against: a price of a cost category, a measure's own cost, or
 * the discount rate.
 */
export type SensitivityAssumption =
  | { kind: 'price'; category: CostCategory; factorLow: number; factorHigh: number }
  | { kind: 'measureCost'; id: string; label: string; factorLow: number; factorHigh: number }
  | { kind: 'discountRate'; rateLow: number; rateHigh: number };

/** Price factors and discount rates of the sensitivity analysis. */
const PRICE_FACTORS = [0.75, 1.25] as const;
const DISCOUNT_RATES = [0, 0.04] as const;

export interface CategoryStream {
  category: CostCategory;
  /** Mean difference scenario − base per year (EUR; positive = extra cost, negative = saving). */
  differenceByYear: number[];
  /** Present value of the difference. */
  presentValue: number;
}

/** A measure's own cost (positive) or benefit (negative) in the scenario, per year. */
export interface MeasureCostStream {
  id: string;
  label: string;
  measure: string;
  actor: Actor;
  /** Where the number comes from, or the assumption it rests on. */
  source?: string;
  assumption?: string;
  /** Mean over the replications per year (EUR). */
  costByYear: number[];
  presentValue: number;
}

/** What a row of the per-actor table holds: a cost category of the model, or a measure's own cost. */
export type ActorItem =
  { kind: 'category'; category: CostCategory } | { kind: 'measureCost'; id: string; label: string };

/** One row of the MKBA per actor: the present value of what this actor bears of one item. */
export interface ActorRow {
  actor: Actor;
  item: ActorItem;
  presentValueCosts: number;
  presentValueBenefits: number;
  /** Benefits − costs. */
  net: number;
}

/** What the net present value would be under one assumption's low and high value, with its 95% interval. */
export interface Sensitivity {
  assumption: SensitivityAssumption;
  low: number;
  high: number;
  swing: number;
  lowInterval: { low: number; high: number };
  highInterval: { low: number; high: number };
}

export interface MkbaOptions {
  discountRate?: number;
  /** Who bears the model's staff costs (see staffActorOf; default the ministry). */
  staffActor?: Actor;
}

export interface Mkba {
  scenario: string;
  discountRate: number;
  baseYear: number;
  years: number[];
  categories: CategoryStream[];
  /** The measure's own costs and benefits from its measure files. */
  measureCosts: MeasureCostStream[];
  /** Who bears the model's staff costs. */
  staffActor: Actor;
  /** Present value of the categories and measure costs that cost more in the scenario (transfers left out). */
  presentValueCosts: number;
  /** Present value of the categories that cost less (the savings are the benefits) and of measure benefits. */
  presentValueBenefits: number;
  /** Net present value = benefits − costs = − present value of all differences; mean and 95% interval. */
  netPresentValue: { mean: number; low: number; high: number; n: number };
  /** Benefits / costs; Infinity when nothing costs more, NaN when nothing changes. */
  benefitCostRatio: number;
  /** Costs and benefits per actor and item; their net sums to benefits − costs (transfers cancel out). */
  actors: ActorRow[];
  unpriced: PairedDifference[];
  /** Penalties avoided (a transfer, so not in the net present value): notices, penalty days and euros. */
  penaltyEffects: PairedDifference[];
  sensitivity: Sensitivity[];
}

function discountFactors(years: number[], rate: number): number[] {
  return years.map((y) => 1 / (1 + rate) ** (y - years[0]));
}

export function mkba(comparison: ComparisonResult, scenarioIndex: number, options: MkbaOptions = {}): Mkba {
  const discountRate = options.discountRate ?? DEFAULT_DISCOUNT_RATE;
  const staffActor = options.staffActor ?? DEFAULT_STAFF_ACTOR;
  if (!(discountRate > -1)) throw new RangeError(`discount rate must be > -100% (got ${discountRate})`);
  const scenario = comparison.scenarios[scenarioIndex];
  const own = scenario.costs ?? [];
  const yearRanges = reportedYears(comparison.startDate, comparison.warmupDays, comparison.horizonDays);
  const years = yearRanges.map((y) => y.year);
  const base = comparison.runs[0];
  const runs = comparison.runs[scenarioIndex + 1];
  const R = Math.min(base.length, runs.length);
  const C = COST_CATEGORIES.length;
  // diff[r][y][k]: for k < C the category's scenario − base, paired by replication; for k ≥ C the scenario's
  // measure cost k − C (a measure's own cost has no counterpart in the base).
  const diff = Array.from({ length: R }, (_, r) => {
    const b = costsByYear(base[r], yearRanges);
    const s = costsByYear(runs[r], yearRanges);
    const measures = own.map((cost) => measureCostByYear(cost, runs[r], comparison.startDate, yearRanges));
    return s.map((row, y) => {
      const out = new Float64Array(C + own.length);
      row.forEach((v, c) => (out[c] = v - b[y][c]));
      measures.forEach((m, i) => (out[C + i] = m[y]));
      return out;
    });
  });
  const transfer = (k: number) => k < C && TRANSFER_CATEGORIES.includes(COST_CATEGORIES[k]);
  const meanDiff = (y: number, k: number) => diff.reduce((a, d) => a + d[y][k], 0) / R;
  const presentValueOf = (rate: number, scale: (k: number) => number = () => 1) => {
    const f = discountFactors(years, rate);
    return (r: number) =>
      diff[r].reduce((a, row, y) => a + row.reduce((b, v, k) => (transfer(k) ? b : b + v * scale(k)), 0) * f[y], 0);
  };

  // Differences below a millionth of the base's total cost are floating-point noise, not effects.
  let baseTotal = 0;
  for (let r = 0; r < R; r++)
    for (const row of costsByYear(base[r], yearRanges)) for (const v of row) baseTotal += Math.abs(v);
  const noise = 1e-6 * (baseTotal / R) + 1e-9;
  const clean = (v: number) => (Math.abs(v) < noise ? 0 : v);
  const factors = discountFactors(years, discountRate);
  const presentValue = (byYear: number[]) => byYear.reduce((a, v, y) => a + v * factors[y], 0);
  const categories: CategoryStream[] = COST_CATEGORIES.map((category, c) => {
    const differenceByYear = years.map((_, y) => clean(meanDiff(y, c)));
    return { category, differenceByYear, presentValue: presentValue(differenceByYear) };
  });
  // A measure's own cost is written, not simulated: no noise to clean.
  const measureCosts: MeasureCostStream[] = own.map((cost, i) => {
    const costByYear = years.map((_, y) => meanDiff(y, C + i));
    return {
      id: cost.id,
      label: cost.label,
      measure: cost.measure,
      actor: cost.actor,
      ...(cost.source !== undefined ? { source: cost.source } : {}),
      ...(cost.assumption !== undefined ? { assumption: cost.assumption } : {}),
      costByYear,
      presentValue: presentValue(costByYear),
    };
  });
  const societal = [
    ...categories.filter((c) => !TRANSFER_CATEGORIES.includes(c.category)).map((c) => c.presentValue),
    ...measureCosts.map((m) => m.presentValue),
  ];
  const presentValueCosts = societal.reduce((a, pv) => a + Math.max(0, pv), 0);
  const presentValueBenefits = societal.reduce((a, pv) => a + Math.max(0, -pv), 0);
  const actors = actorRows(categories, measureCosts, staffActor);

  const npvOf = (rate: number, scale?: (k: number) => number) => {
    const pv = presentValueOf(rate, scale);
    const values = Array.from({ length: R }, (_, r) => -pv(r));
    const mean = values.reduce((a, v) => a + v, 0) / R;
    const sd = R > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (R - 1)) : 0;
    const half = R > 1 && sd > 0 ? (studentTQuantile(0.975, R - 1) * sd) / Math.sqrt(R) : 0;
    return { mean, low: mean - half, high: mean + half, n: R };
  };
  const netPresentValue = npvOf(discountRate);

  const effects = (kpis: readonly string[]) =>
    kpis
      .filter((kpi) => kpi in base[0].kpis && kpi in runs[0].kpis)
      .map((kpi) => pairedDifference(kpi, base.slice(0, R), runs.slice(0, R)));
  const unpriced = effects(UNPRICED_EFFECTS);
  const penaltyEffects = effects(PENALTY_EFFECTS);

  // Sensitivity: each price and each measure cost ±25%, and the discount rate at 0% and 4%; sorted by how far
  // they move the NPV, each end with its 95% interval from the paired replications.
  const sensitivityOf = (
    assumption: SensitivityAssumption,
    low: ReturnType<typeof npvOf>,
    high: ReturnType<typeof npvOf>,
  ): Sensitivity => ({
    assumption,
    low: low.mean,
    high: high.mean,
    swing: Math.abs(high.mean - low.mean),
    lowInterval: { low: low.low, high: low.high },
    highInterval: { low: high.low, high: high.high },
  });
  const [factorLow, factorHigh] = PRICE_FACTORS;
  const scaled = (k: number) => [
    npvOf(discountRate, (j) => (j === k ? factorLow : 1)),
    npvOf(discountRate, (j) => (j === k ? factorHigh : 1)),
  ];
  const sensitivity = [
    ...COST_CATEGORIES.map((category, c) => {
      const [low, high] = scaled(c);
      return sensitivityOf({ kind: 'price', category, factorLow, factorHigh }, low, high);
    }),
    ...measureCosts.map((m, i) => {
      const [low, high] = scaled(C + i);
      return sensitivityOf({ kind: 'measureCost', id: m.id, label: m.label, factorLow, factorHigh }, low, high);
    }),
    (() => {
      const [rateLow, rateHigh] = DISCOUNT_RATES;
      return sensitivityOf({ kind: 'discountRate', rateLow, rateHigh }, npvOf(rateLow), npvOf(rateHigh));
    })(),
  ]
    .filter((s) => s.swing > noise)
    .sort((a, b) => b.swing - a.swing);

  return {
    scenario: scenario.name,
    discountRate,
    baseYear: years[0],
    years,
    categories,
    measureCosts,
    staffActor,
    presentValueCosts,
    presentValueBenefits,
    netPresentValue,
    benefitCostRatio:
      presentValueCosts > 0
        ? presentValueBenefits / presentValueCosts
        : presentValueBenefits > 0
          ? Infinity
          : Number.NaN,
    actors,
    unpriced,
    penaltyEffects,
    sensitivity,
  };
}

/** The per-actor table: every item that differs, split over the actors that bear it, in the order of ACTORS. */
function actorRows(categories: CategoryStream[], measureCosts: MeasureCostStream[], staffActor: Actor): ActorRow[] {
  const rows: ActorRow[] = [];
  const push = (actor: Actor, item: ActorItem, pv: number) =>
    rows.push({
      actor,
      item,
      presentValueCosts: Math.max(0, pv),
      presentValueBenefits: Math.max(0, -pv),
      net: pv === 0 ? 0 : -pv,
    });
  for (const c of categories)
    if (c.presentValue !== 0)
      for (const { actor, sign } of categoryActors(c.category, staffActor))
        push(actor, { kind: 'category', category: c.category }, sign * c.presentValue);
  for (const m of measureCosts)
    if (m.presentValue !== 0) push(m.actor, { kind: 'measureCost', id: m.id, label: m.label }, m.presentValue);
  return rows.sort((a, b) => ACTORS.indexOf(a.actor) - ACTORS.indexOf(b.actor));
}
