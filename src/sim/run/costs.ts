// Cost streams per calendar year of the reported period, from a replication's daily cost series: the common
// ground of the costs.csv file and the societal cost-benefit analysis.
import { formatIsoDate, parseIsoDate } from '../../core/calendar.ts';
import type { ReplicationResult } from '../chain/results.ts';
import type { Text } from '../../core/locale.ts';
import { costSeries } from '../chain/keys.ts';

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

/** What each category is, for people: the one list of cost categories (the simulator keys its series by them). */
export const COST_CATEGORY_LABELS: Record<CostCategory, Text> = {
  receptionOccupied: { nl: 'opvang, bezette bedden', en: 'reception, occupied beds' },
  receptionEmpty: { nl: 'opvang, lege bedden', en: 'reception, empty beds' },
  overflow: { nl: 'noodopvang zonder regulier bed', en: 'overflow without a regular bed' },
  staff: { nl: 'personeel', en: 'staff' },
  moves: { nl: 'verhuizingen', en: 'moves' },
  penalties: { nl: 'dwangsommen', en: 'penalties' },
  playbook: { nl: 'draaiboekmaatregelen', en: 'playbook measures' },
};

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
      const series = replication.series[costSeries(category)];
      let sum = 0;
      for (let d = from; d < to; d++) sum += series[d];
      return sum;
    }),
  );
}
