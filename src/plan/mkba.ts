// Societal cost-benefit analysis (MKBA) of a scenario against the base: the yearly difference of every cost
// stream, discounted to the first reported year (2.25% real by default, the Dutch standard since 2021), giving
// net present value and benefit/cost ratio with a 95% interval from the paired replications; effects without a
// price beside them; and a sensitivity table of the assumptions that move the net present value most.
import { COST_CATEGORIES, type CostCategory, costsByYear, reportedYears } from '../sim/run/costs.ts';
import type { ComparisonResult, PairedDifference } from '../sim/run/compare.ts';
import { pairedDifference } from '../sim/run/compare.ts';
import { studentTQuantile } from '../sim/stats/student-t.ts';
import { CHAIN_KPI, type ChainKpi } from '../sim/chain/keys.ts';

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

/** An assumption the net present value is tested against: a price of a cost category, or the discount rate. */
export type SensitivityAssumption =
  | { kind: 'price'; category: CostCategory; factorLow: number; factorHigh: number }
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

export interface Mkba {
  scenario: string;
  discountRate: number;
  baseYear: number;
  years: number[];
  categories: CategoryStream[];
  /** Present value of the categories that cost more in the scenario. */
  presentValueCosts: number;
  /** Present value of the categories that cost less (the savings are the benefits). */
  presentValueBenefits: number;
  /** Net present value = benefits − costs = − present value of all differences; mean and 95% interval. */
  netPresentValue: { mean: number; low: number; high: number; n: number };
  /** Benefits / costs; Infinity when nothing costs more, NaN when nothing changes. */
  benefitCostRatio: number;
  unpriced: PairedDifference[];
  sensitivity: { assumption: SensitivityAssumption; low: number; high: number; swing: number }[];
}

function discountFactors(years: number[], rate: number): number[] {
  return years.map((y) => 1 / (1 + rate) ** (y - years[0]));
}

export function mkba(comparison: ComparisonResult, scenarioIndex: number, discountRate = DEFAULT_DISCOUNT_RATE): Mkba {
  if (!(discountRate > -1)) throw new RangeError(`discount rate must be > -100% (got ${discountRate})`);
  const scenario = comparison.scenarios[scenarioIndex];
  const yearRanges = reportedYears(comparison.startDate, comparison.warmupDays, comparison.horizonDays);
  const years = yearRanges.map((y) => y.year);
  const base = comparison.runs[0];
  const runs = comparison.runs[scenarioIndex + 1];
  const R = Math.min(base.length, runs.length);
  // diff[r][y][c]: scenario − base, paired by replication.
  const diff = Array.from({ length: R }, (_, r) => {
    const b = costsByYear(base[r], yearRanges);
    const s = costsByYear(runs[r], yearRanges);
    return s.map((row, y) => row.map((v, c) => v - b[y][c]));
  });
  const meanDiff = (y: number, c: number) => diff.reduce((a, d) => a + d[y][c], 0) / R;
  const presentValueOf = (rate: number, scale: (c: number) => number = () => 1) => {
    const f = discountFactors(years, rate);
    return (r: number) => diff[r].reduce((a, row, y) => a + row.reduce((b, v, c) => b + v * scale(c), 0) * f[y], 0);
  };

  // Differences below a millionth of the base's total cost are floating-point noise, not effects.
  let baseTotal = 0;
  for (let r = 0; r < R; r++)
    for (const row of costsByYear(base[r], yearRanges)) for (const v of row) baseTotal += Math.abs(v);
  const noise = 1e-6 * (baseTotal / R) + 1e-9;
  const clean = (v: number) => (Math.abs(v) < noise ? 0 : v);
  const factors = discountFactors(years, discountRate);
  const categories: CategoryStream[] = COST_CATEGORIES.map((category, c) => {
    const differenceByYear = years.map((_, y) => clean(meanDiff(y, c)));
    return { category, differenceByYear, presentValue: differenceByYear.reduce((a, v, y) => a + v * factors[y], 0) };
  });
  const presentValueCosts = categories.reduce((a, s) => a + Math.max(0, s.presentValue), 0);
  const presentValueBenefits = categories.reduce((a, s) => a + Math.max(0, -s.presentValue), 0);

  const npvOf = (rate: number, scale?: (c: number) => number) => {
    const pv = presentValueOf(rate, scale);
    const values = Array.from({ length: R }, (_, r) => -pv(r));
    const mean = values.reduce((a, v) => a + v, 0) / R;
    const sd = R > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (R - 1)) : 0;
    const half = R > 1 && sd > 0 ? (studentTQuantile(0.975, R - 1) * sd) / Math.sqrt(R) : 0;
    return { mean, low: mean - half, high: mean + half, n: R };
  };
  const netPresentValue = npvOf(discountRate);

  const unpriced = UNPRICED_EFFECTS.filter((kpi) => kpi in base[0].kpis && kpi in runs[0].kpis).map((kpi) =>
    pairedDifference(kpi, base.slice(0, R), runs.slice(0, R)),
  );

  // Sensitivity: each price ±25%, and the discount rate at 0% and 4%; sorted by how far they move the NPV.
  const sensitivity = [
    ...COST_CATEGORIES.map((category, c) => {
      const [factorLow, factorHigh] = PRICE_FACTORS;
      const low = npvOf(discountRate, (k) => (k === c ? factorLow : 1)).mean;
      const high = npvOf(discountRate, (k) => (k === c ? factorHigh : 1)).mean;
      const assumption: SensitivityAssumption = { kind: 'price', category, factorLow, factorHigh };
      return { assumption, low, high, swing: Math.abs(high - low) };
    }),
    (() => {
      const [rateLow, rateHigh] = DISCOUNT_RATES;
      const low = npvOf(rateLow).mean;
      const high = npvOf(rateHigh).mean;
      const assumption: SensitivityAssumption = { kind: 'discountRate', rateLow, rateHigh };
      return { assumption, low, high, swing: Math.abs(high - low) };
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
    presentValueCosts,
    presentValueBenefits,
    netPresentValue,
    benefitCostRatio:
      presentValueCosts > 0
        ? presentValueBenefits / presentValueCosts
        : presentValueBenefits > 0
          ? Infinity
          : Number.NaN,
    unpriced,
    sensitivity,
  };
}
