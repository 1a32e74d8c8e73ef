// Writes the monitor's figures as tidy files (one observation per row) for spreadsheets and dashboards, plus
// summary.json with everything. The folder is built beside its place and swapped in whole; the same figures give
// byte-identical files. Only aggregates are written: no case pseudonym reaches these files.
import { type ResultFolder, writeResultFolder } from '../core/result-folder.ts';
import { csvField } from '../core/csv.ts';
import type { Distribution, MonitorResult } from '../monitor/metrics.ts';
import { csvNumber as num } from './format.ts';

export const MONITOR_FILES = [
  'summary.json',
  'leadtimes.csv',
  'norms.csv',
  'open.csv',
  'weekly.csv',
  'breaches.csv',
  'bottlenecks.csv',
] as const;

function dist(d: Distribution): string {
  return [d.n, num(d.mean), num(d.p50), num(d.p90), num(d.max)].join(',');
}

/** The result as JSON: NaN (no observation) becomes null. */
export function monitorJson(result: MonitorResult, source: { log: string; model?: string }): string {
  return (
    JSON.stringify({ source, ...result }, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) +
    '\n'
  );
}

/**
 * Writes the result folder `outDir` as one unit (built beside it and swapped in); `also` adds files of the
 * same run (the rejects file). Returns the files' paths.
 */
export function writeMonitorFiles(
  result: MonitorResult,
  outDir: string,
  source: { log: string; model?: string },
  also?: (folder: ResultFolder) => void,
): string[] {
  return writeResultFolder(outDir, (folder) => {
    monitorFiles(result, (name, rows) => folder.write(name, rows.join('\n') + '\n'));
    folder.write('summary.json', monitorJson(result, source));
    also?.(folder);
  });
}

function monitorFiles(result: MonitorResult, put: (name: string, rows: string[]) => void): void {
  const lead = ['scope,subject,group,measure,count,mean_days,p50_days,p90_days,max_days'];
  for (const s of result.stages) {
    for (const m of ['waiting', 'processing', 'total'] as const)
      lead.push(`stage,${csvField(s.stage)},${csvField(s.group)},${m},${dist(s[m])}`);
  }
  for (const e of result.endToEnd) lead.push(`chain,${csvField(e.exit)},,total,${dist(e.leadTime)}`);
  put('leadtimes.csv', lead);

  put('norms.csv', [
    'norm,scope,group,term_days,term_months,calendar,measured,within,within_share,mean_days,p50_days,p90_days,open,open_past_deadline',
    ...result.norms.map((n) =>
      [
        csvField(n.id),
        n.scope,
        csvField(n.group),
        num(n.termDays),
        num(n.termMonths),
        n.working ? 'working' : 'calendar',
        n.measured,
        n.withinNorm,
        num(n.withinShare),
        num(n.leadTime.mean),
        num(n.leadTime.p50),
        num(n.leadTime.p90),
        num(n.open),
        num(n.openPastDeadline),
      ].join(','),
    ),
  ]);

  put('open.csv', [
    'stage,group,cases,persons,in_service,age_count,age_mean_days,age_p50_days,age_p90_days,age_max_days',
    ...result.open.map(
      (o) => `${csvField(o.stage)},${csvField(o.group)},${o.cases},${o.persons},${o.inService},${dist(o.age)}`,
    ),
  ]);

  put('weekly.csv', [
    'week_start,stage,stock_end,in_service_end,stock_mean,entered_cases,entered_persons,completed_cases,completed_persons,utilisation',
    ...result.weekly.map((w) =>
      [
        w.week,
        csvField(w.stage),
        w.stockEnd,
        w.inServiceEnd,
        num(w.stockMean),
        w.enteredCases,
        w.enteredPersons,
        w.completedCases,
        w.completedPersons,
        num(w.utilisation),
      ].join(','),
    ),
  ]);

  put('breaches.csv', [
    'norm,scope,overdue,within_1_week,within_4_weeks,within_8_weeks',
    ...result.breaches.map((b) => [csvField(b.id), b.scope, b.overdue, ...b.within].join(',')),
  ]);

  put('bottlenecks.csv', [
    'rank,stage,waiting_person_days,waiting_share,waiting_p90_days,stock_start,stock_end,stock_trend_per_week,utilisation,growing',
    ...result.bottlenecks.map((b) =>
      [
        b.rank,
        csvField(b.stage),
        num(b.waitingPersonDays),
        num(b.waitingShare),
        num(b.waitingP90Days),
        b.stockStart,
        b.stockEnd,
        num(b.stockTrendPerWeek),
        num(b.utilisation),
        b.growing,
      ].join(','),
    ),
  ]);
}
