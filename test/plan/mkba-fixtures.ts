// Constructed comparisons for the MKBA tests: replications with constant daily costs over 2024 (a leap year) and
// 2025, so every figure can be worked out by hand.
import type { ReplicationResult } from '../../src/sim/chain/results.ts';
import type { ComparisonResult } from '../../src/sim/run/compare.ts';
import { COST_CATEGORIES } from '../../src/sim/run/costs.ts';

export const days = 731; // 2024 (leap year) and 2025 from 2024-01-01

/** A replication with these costs a day per category, these KPIs, and further series repeating their values. */
export function replication(
  r: number,
  perDay: Partial<Record<string, number>>,
  kpis: Record<string, number> = {},
  series: Record<string, number[]> = {},
): ReplicationResult {
  const out: Record<string, Float64Array> = {};
  for (const c of COST_CATEGORIES) out[`cost.${c}`] = new Float64Array(days).fill(perDay[c] ?? 0);
  for (const [k, v] of Object.entries(series)) out[k] = Float64Array.from({ length: days }, (_, d) => v[d % v.length]);
  return {
    replication: r,
    seed: 1,
    horizonDays: days,
    warmupDays: 0,
    series: out,
    leadTimes: [],
    norms: [],
    kpis,
    actions: [],
    events: 0,
  };
}

/** A comparison of one scenario with the base, from 2024-01-01. */
export function comparison(base: ReplicationResult[], scenario: ReplicationResult[]): ComparisonResult {
  const empty = { replications: base.length, kpis: {}, series: [], leadTimes: [], norms: [], events: 0 };
  const model = { name: 'm', file: 'm.yaml', hash: 'h' };
  return {
    seed: 1,
    replications: base.length,
    startDate: '2024-01-01',
    horizonDays: days,
    warmupDays: 0,
    runs: [base, scenario],
    base: { name: 'base', model, aggregate: empty },
    scenarios: [{ name: 'measure', model, aggregate: empty, differences: [] }],
    precision: { target: undefined, kpis: [], needed: [], met: true },
  };
}
