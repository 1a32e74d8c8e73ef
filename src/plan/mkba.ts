// Societal cost-benefit analysis (MKBA) of a scenario against the base: the yearly difference of every cost
// stream, discounted to the first reported year (2.25% real by default, the Dutch standard since 2021), giving
// net present value and benefit/cost ratio with a 95% interval from the paired replications; effects without a
// price beside them; and a sensitivity table of the assumptions that move the net present value most.
import { COST_CATEGORIES, type CostCategory, costsByYear, reportedYears } from '../sim/run/costs.ts';
import type { ComparisonResult, PairedDifference } from '../sim/run/compare.ts';
import { pairedDifference } from '../sim/run/compare.ts';
import { studentTQuantile } from '../sim/stats/student-t.ts';

export const DEFAULT_DISCOUNT_RATE = 0.0225;

/** Effects reported beside the money, with the direction that counts as better. */
export const UNPRICED_EFFECTS: { kpi: string; label: string; better: 'lower' | 'higher' }[] = [
  { kpi: 'leadTime.chain.p50', label: 'lead time arrival → exit, median (days)', better: 'lower' },
  { kpi: 'leadTime.chain.p90', label: 'lead time arrival → exit, P90 (days)', better: 'lower' },
  { kpi: 'moves.perChild', label: 'moves per child over the stay', better: 'lower' },
  { kpi: 'moves.perPerson', label: 'moves per person over the stay', better: 'lower' },
  { kpi: 'chain.permitHoldersWaiting.mean', label: 'permit holders waiting for housing (mean)', better: 'lower' },
  { kpi: 'reception.overflow.max', label: 'persons without a regular bed (peak)', better: 'lower' },
];

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
  unpriced: (PairedDifference & { label: string; better: 'lower' | 'higher' })[];
  sensitivity: { assumption: string; low: number; high: number; swing: number }[];
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

  const unpriced = UNPRICED_EFFECTS.filter((e) => e.kpi in base[0].kpis && e.kpi in runs[0].kpis).map((e) => ({
    ...pairedDifference(e.kpi, base.slice(0, R), runs.slice(0, R)),
    label: e.label,
    better: e.better,
  }));

  // Sensitivity: each price ±25%, and the discount rate at 0% and 4%; sorted by how far they move the NPV.
  const sensitivity = [
    ...COST_CATEGORIES.map((category, c) => {
      const low = npvOf(discountRate, (k) => (k === c ? 0.75 : 1)).mean;
      const high = npvOf(discountRate, (k) => (k === c ? 1.25 : 1)).mean;
      return { assumption: `price of ${category} ±25%`, low, high, swing: Math.abs(high - low) };
    }),
    (() => {
      const low = npvOf(0).mean;
      const high = npvOf(0.04).mean;
      return { assumption: 'discount rate 0% … 4%', low, high, swing: Math.abs(high - low) };
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
