// Combines replications into one result: for every KPI and every day of every series the mean and the
// 5th/50th/95th percentiles across replications; lead-time histograms pooled over replications. Replications
// are combined in replication order, so the result does not depend on which worker finished first.
import { LogHistogram } from '../stats/histogram.ts';
import { quantileSorted } from '../../core/stats.ts';
import type { LeadTimeRecord, NormOutcome, ReplicationResult } from '../chain/results.ts';
import { stageNormId } from '../chain/keys.ts';

export interface Spread {
  mean: number;
  sd: number;
  p5: number;
  p50: number;
  p95: number;
  /** Replications with a defined value (a share of zero cases is undefined and left out). */
  n: number;
}

export interface SeriesSpread {
  key: string;
  mean: Float64Array;
  p5: Float64Array;
  p50: Float64Array;
  p95: Float64Array;
}

export interface PooledLeadTime {
  scope: LeadTimeRecord['scope'];
  subject: string;
  measure: LeadTimeRecord['measure'];
  by: LeadTimeRecord['by'];
  group: string;
  count: number;
  meanDays: number;
  p50Days: number;
  p90Days: number;
}

export interface NormSummary {
  id: string;
  scope: NormOutcome['scope'];
  label: string;
  termDays: number;
  termMonths: number;
  working: boolean;
  measured: Spread;
  withinShare: Spread;
  daysLate: Spread;
  penaltyEur: Spread;
  openPastDeadline: Spread;
  p50Days: number;
  p90Days: number;
}

export interface AggregateResult {
  replications: number;
  kpis: Record<string, Spread>;
  series: SeriesSpread[];
  leadTimes: PooledLeadTime[];
  norms: NormSummary[];
  events: number;
}

export function spreadOf(values: readonly number[]): Spread {
  const finite = values.filter((v) => Number.isFinite(v));
  const n = finite.length;
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, p5: Number.NaN, p50: Number.NaN, p95: Number.NaN, n: 0 };
  const sorted = Float64Array.from(finite).sort();
  let sum = 0;
  for (const v of finite) sum += v;
  const mean = sum / n;
  let ss = 0;
  for (const v of finite) ss += (v - mean) * (v - mean);
  return {
    mean,
    sd: n > 1 ? Math.sqrt(ss / (n - 1)) : 0,
    p5: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    n,
  };
}

export function aggregateReplications(results: readonly ReplicationResult[]): AggregateResult {
  const ordered = [...results].sort((a, b) => a.replication - b.replication);
  const R = ordered.length;
  if (R === 0) throw new Error('aggregateReplications: no replications');
  const first = ordered[0];

  const kpis: Record<string, Spread> = {};
  for (const key of Object.keys(first.kpis)) kpis[key] = spreadOf(ordered.map((r) => r.kpis[key]));

  const series: SeriesSpread[] = [];
  const scratch = new Float64Array(R);
  for (const key of Object.keys(first.series)) {
    const days = first.series[key].length;
    const out: SeriesSpread = {
      key,
      mean: new Float64Array(days),
      p5: new Float64Array(days),
      p50: new Float64Array(days),
      p95: new Float64Array(days),
    };
    for (let d = 0; d < days; d++) {
      let sum = 0;
      for (let r = 0; r < R; r++) {
        const v = ordered[r].series[key][d];
        scratch[r] = v;
        sum += v;
      }
      scratch.sort();
      out.mean[d] = sum / R;
      out.p5[d] = quantileSorted(scratch, 0.05);
      out.p50[d] = quantileSorted(scratch, 0.5);
      out.p95[d] = quantileSorted(scratch, 0.95);
    }
    series.push(out);
  }

  const pooled = new Map<string, { record: LeadTimeRecord; histogram: LogHistogram }>();
  for (const r of ordered) {
    for (const record of r.leadTimes) {
      const key = `${record.scope}|${record.subject}|${record.measure}|${record.by}|${record.group}`;
      const h = LogHistogram.fromJSON(record.histogram);
      const existing = pooled.get(key);
      if (existing) existing.histogram.merge(h);
      else pooled.set(key, { record, histogram: h });
    }
  }
  const leadTimes = [...pooled.values()].map(({ record, histogram }) => ({
    scope: record.scope,
    subject: record.subject,
    measure: record.measure,
    by: record.by,
    group: record.group,
    count: histogram.count,
    meanDays: histogram.mean,
    p50Days: histogram.quantile(0.5),
    p90Days: histogram.quantile(0.9),
  }));

  const norms: NormSummary[] = first.norms.map((n, i) => {
    const per = ordered.map((r) => r.norms[i]);
    const histKey = `norm|${n.scope === 'stage' ? stageNormId(n.id) : n.id}|total|all|`;
    const h = pooled.get(histKey)?.histogram;
    return {
      id: n.id,
      scope: n.scope,
      label: n.label,
      termDays: n.termDays,
      termMonths: n.termMonths,
      working: n.working,
      measured: spreadOf(per.map((o) => o.measured)),
      withinShare: spreadOf(per.map((o) => (o.measured > 0 ? o.withinNorm / o.measured : Number.NaN))),
      daysLate: spreadOf(per.map((o) => o.daysLate)),
      penaltyEur: spreadOf(per.map((o) => o.penaltyEur)),
      openPastDeadline: spreadOf(per.map((o) => o.openPastDeadline)),
      p50Days: h ? h.quantile(0.5) : Number.NaN,
      p90Days: h ? h.quantile(0.9) : Number.NaN,
    };
  });

  return { replications: R, kpis, series, leadTimes, norms, events: ordered.reduce((a, r) => a + r.events, 0) };
}
