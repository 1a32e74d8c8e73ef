// A measure's own costs per calendar year, computed after a scenario replication from its daily series: one-off
// amounts on their day, yearly amounts spread over the days of each year, amounts per case or person completed
// at a stage, and amounts per occupied bed-day. The simulator never sees these costs, so they change no result.
import { isLeapYear, parseIsoDate, yearOf } from '../core/calendar.ts';
import type { ScenarioCost } from '../model/measure-cost.ts';
import type { ReplicationResult } from '../sim/chain/results.ts';
import { locationOfSeries, stageKpi, stageSeries } from '../sim/chain/keys.ts';

/** A measure cost's amount in EUR on each reported day, summed per reported year: one number per year. */
export function measureCostByYear(
  cost: ScenarioCost,
  replication: ReplicationResult,
  startDate: string,
  years: readonly { from: number; to: number }[],
): number[] {
  const start = parseIsoDate(startDate);
  const perDay = dailyAmount(cost, replication, start);
  return years.map(({ from, to }) => {
    let sum = 0;
    for (let d = from; d < to; d++) sum += perDay(d);
    return sum;
  });
}

/** The amount of day d (counted from the model's start) of one replication. */
function dailyAmount(cost: ScenarioCost, r: ReplicationResult, start: number): (d: number) => number {
  if (cost.oneOffEur !== undefined) {
    const day = parseIsoDate(cost.date!) - start;
    const amount = cost.oneOffEur;
    return (d) => (d === day ? amount : 0);
  }
  if (cost.perYearEur !== undefined) {
    const from = cost.from === undefined ? -Infinity : parseIsoDate(cost.from) - start;
    const until = cost.until === undefined ? Infinity : parseIsoDate(cost.until) - start;
    const perYear = cost.perYearEur;
    return (d) => (d >= from && d < until ? perYear / (isLeapYear(yearOf(start + d)) ? 366 : 365) : 0);
  }
  if (cost.perPersonEur !== undefined || cost.perCaseEur !== undefined) {
    const completed = r.series[stageSeries(cost.stage!, 'completed')];
    if (!completed) return () => 0;
    let amount = cost.perPersonEur ?? 0;
    if (cost.perCaseEur !== undefined) {
      // The daily series counts persons; the cases completed in the reported period give the persons per case.
      let persons = 0;
      for (let d = r.warmupDays; d < r.horizonDays; d++) persons += completed[d];
      const cases = r.kpis[stageKpi(cost.stage!, 'completed.cases')] ?? 0;
      amount = persons > 0 ? (cost.perCaseEur * cases) / persons : 0;
    }
    return (d) => completed[d] * amount;
  }
  // Per bed-day: the occupied beds of the listed locations (or of all) at the end of each day.
  const wanted = cost.locations === undefined ? undefined : new Set(cost.locations);
  const occupied = Object.keys(r.series)
    .filter((k) => {
      const id = locationOfSeries(k, 'occupied');
      return id !== undefined && (wanted === undefined || wanted.has(id));
    })
    .map((k) => r.series[k]);
  const rate = cost.perBedDayEur ?? 0;
  return (d) => occupied.reduce((a, s) => a + s[d], 0) * rate;
}
