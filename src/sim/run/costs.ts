// Cost streams per calendar year of the reported period, from a replication's daily cost series: the common
// ground of the costs.csv file and the societal cost-benefit analysis.
import { formatIsoDate, parseIsoDate } from '../../core/calendar.ts';
import type { ReplicationResult } from '../chain/results.ts';

export const COST_CATEGORIES = [
  'receptionOccupied',
  'receptionEmpty',
  'overflow',
  'staff',
  'moves',
  'penalties',
  'playbook',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** Calendar years of the reported period [warmupDays, horizonDays) with their day ranges [from, to). */
export function reportedYears(
  startDate: string,
  warmupDays: number,
  horizonDays: number,
): { year: number; from: number; to: number }[] {
  const start = parseIsoDate(startDate);
  const years: { year: number; from: number; to: number }[] = [];
  for (let d = warmupDays; d < horizonDays; d++) {
    const year = Number(formatIsoDate(start + d).slice(0, 4));
    const last = years[years.length - 1];
    if (last && last.year === year) last.to = d + 1;
    else years.push({ year, from: d, to: d + 1 });
  }
  return years;
}

/** EUR per year and category for one replication: costs[yearIndex][categoryIndex]. */
export function costsByYear(replication: ReplicationResult, years: { from: number; to: number }[]): Float64Array[] {
  return years.map(({ from, to }) =>
    Float64Array.from(COST_CATEGORIES, (category) => {
      const series = replication.series[`cost.${category}`];
      let sum = 0;
      for (let d = from; d < to; d++) sum += series[d];
      return sum;
    }),
  );
}
