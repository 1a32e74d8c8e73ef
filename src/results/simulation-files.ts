// Writes a simulation result as files a planner and a spreadsheet can read: summary.json plus tidy CSV files
// (one observation per row). The folder is built beside its place and swapped in whole (io/result-folder.ts),
// so a crash or an interruption never leaves a half-written file or a mix of two runs behind. Output is deterministic: the same result gives byte-identical files.
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import type { SimulationResult } from '../sim/run/simulate.ts';
import { type Spread, spreadOf } from '../sim/run/aggregate.ts';
import { COST_CATEGORIES, costsByYear, reportedYears } from '../sim/run/costs.ts';
import { csvField } from '../core/csv.ts';
import { writeResultFolder } from '../core/result-folder.ts';
import { csvNumber as num } from './format.ts';

export const SIMULATION_FILES = [
  'summary.json',
  'kpis.csv',
  'replications.csv',
  'daily.csv',
  'weekly.csv',
  'leadtimes.csv',
  'norms.csv',
  'costs.csv',
  'actions.csv',
] as const;

/** Series whose daily values are flows (summed over a week) rather than stocks (averaged over a week). */
export function isFlowSeries(key: string): boolean {
  return (
    key.startsWith('arrivals.') ||
    key.startsWith('exits.') ||
    key.endsWith('.completed') ||
    key.startsWith('cost.') ||
    key.startsWith('norm.')
  );
}

function spreadColumns(s: Spread): string {
  return [s.mean, s.sd, s.p5, s.p50, s.p95].map(num).join(',') + `,${s.n}`;
}

export function summaryJson(result: SimulationResult): Record<string, unknown> {
  const start = parseIsoDate(result.startDate);
  return {
    doorstroom: result.version,
    model: result.model,
    seed: result.seed,
    replications: result.aggregate.replications,
    start: result.startDate,
    horizonDays: result.horizonDays,
    warmupDays: result.warmupDays,
    reportedPeriod: {
      from: formatIsoDate(start + result.warmupDays),
      to: formatIsoDate(start + result.horizonDays - 1),
    },
    kpis: result.aggregate.kpis,
    norms: result.aggregate.norms,
    leadTimes: result.aggregate.leadTimes,
    units: {
      kpis: 'persons, days, EUR or shares as the key says; leadTime and waiting in calendar days; norm lead times in the norm’s days',
      spread: 'mean, sd and percentiles across replications',
    },
  };
}

/** Per replication: one value per week (flows summed, stocks averaged over the week's days). */
function weekly(values: Float64Array, flow: boolean): Float64Array {
  const weeks = Math.ceil(values.length / 7);
  const out = new Float64Array(weeks);
  for (let w = 0; w < weeks; w++) {
    let sum = 0;
    const end = Math.min(values.length, w * 7 + 7);
    for (let d = w * 7; d < end; d++) sum += values[d];
    out[w] = flow ? sum : sum / (end - w * 7);
  }
  return out;
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in); returns the files' paths. */
export function writeSimulationFiles(result: SimulationResult, outDir: string): string[] {
  return writeResultFolder(outDir, (folder) => simulationFiles(result, (name, text) => folder.write(name, text)));
}

function simulationFiles(result: SimulationResult, put: (name: string, text: string) => void): void {
  const start = parseIsoDate(result.startDate);
  const agg = result.aggregate;

  put('summary.json', JSON.stringify(summaryJson(result), null, 2) + '\n');

  put(
    'kpis.csv',
    ['kpi,mean,sd,p5,p50,p95,n', ...Object.entries(agg.kpis).map(([k, s]) => `${k},${spreadColumns(s)}`)].join('\n') +
      '\n',
  );

  const repRows = ['replication,kpi,value'];
  for (const r of result.replications)
    for (const [k, v] of Object.entries(r.kpis)) repRows.push(`${r.replication},${k},${num(v)}`);
  put('replications.csv', repRows.join('\n') + '\n');

  const daily = ['date,series,mean,p5,p50,p95'];
  for (const s of agg.series) {
    for (let d = 0; d < s.mean.length; d++)
      daily.push(
        `${formatIsoDate(start + d)},${s.key},${num(s.mean[d])},${num(s.p5[d])},${num(s.p50[d])},${num(s.p95[d])}`,
      );
  }
  put('daily.csv', daily.join('\n') + '\n');

  const weeklyRows = ['week_start,series,mean,p5,p50,p95'];
  for (const s of agg.series) {
    const flow = isFlowSeries(s.key);
    const perRep = result.replications.map((r) => weekly(r.series[s.key], flow));
    for (let w = 0; w < perRep[0].length; w++) {
      const sp = spreadOf(perRep.map((v) => v[w]));
      weeklyRows.push(
        `${formatIsoDate(start + w * 7)},${s.key},${num(sp.mean)},${num(sp.p5)},${num(sp.p50)},${num(sp.p95)}`,
      );
    }
  }
  put('weekly.csv', weeklyRows.join('\n') + '\n');

  put(
    'leadtimes.csv',
    [
      'scope,subject,measure,by,group,count,mean_days,p50_days,p90_days',
      ...agg.leadTimes.map((l) =>
        [
          l.scope,
          csvField(l.subject),
          l.measure,
          l.by,
          csvField(l.group),
          l.count,
          num(l.meanDays),
          num(l.p50Days),
          num(l.p90Days),
        ].join(','),
      ),
    ].join('\n') + '\n',
  );

  put(
    'norms.csv',
    [
      'norm,scope,term_days,term_months,calendar,measured_mean,within_share_mean,within_share_p5,within_share_p95,p50_days,p90_days,days_late_mean,penalty_eur_mean,penalty_eur_p5,penalty_eur_p95,open_past_deadline_mean',
      ...agg.norms.map((n) =>
        [
          n.id,
          n.scope,
          num(n.termDays),
          num(n.termMonths),
          n.working ? 'working' : 'calendar',
          num(n.measured.mean),
          num(n.withinShare.mean),
          num(n.withinShare.p5),
          num(n.withinShare.p95),
          num(n.p50Days),
          num(n.p90Days),
          num(n.daysLate.mean),
          num(n.penaltyEur.mean),
          num(n.penaltyEur.p5),
          num(n.penaltyEur.p95),
          num(n.openPastDeadline.mean),
        ].join(','),
      ),
    ].join('\n') + '\n',
  );

  // Costs per calendar year of the reported period and category, spread across replications.
  const years = reportedYears(result.startDate, result.warmupDays, result.horizonDays);
  const perReplication = result.replications.map((r) => costsByYear(r, years));
  const costRows = ['year,category,mean_eur,p5_eur,p50_eur,p95_eur'];
  years.forEach(({ year }, y) => {
    COST_CATEGORIES.forEach((category, c) => {
      const sp = spreadOf(perReplication.map((costs) => costs[y][c]));
      costRows.push(`${year},${category},${num(sp.mean)},${num(sp.p5)},${num(sp.p50)},${num(sp.p95)}`);
    });
    const sp = spreadOf(perReplication.map((costs) => costs[y].reduce((a, b) => a + b, 0)));
    costRows.push(`${year},total,${num(sp.mean)},${num(sp.p5)},${num(sp.p50)},${num(sp.p95)}`);
  });
  put('costs.csv', costRows.join('\n') + '\n');

  // Every playbook action of every replication, with its dates and reason.
  const date = (day: number) => (day >= 0 ? formatIsoDate(start + day) : '');
  const actionRows = ['replication,rule,kind,decided,effective,target,change,reason'];
  for (const r of result.replications) {
    for (const a of r.actions)
      actionRows.push(
        [
          r.replication,
          csvField(a.rule),
          a.kind,
          date(a.decidedDay),
          date(a.effectiveDay),
          csvField(a.target),
          num(a.change),
          csvField(a.reason),
        ].join(','),
      );
  }
  put('actions.csv', actionRows.join('\n') + '\n');
}
