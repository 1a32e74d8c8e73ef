// The comparison report: one self-contained HTML file (inline SVG and CSS, no script, nothing fetched) that a
// policy maker can read — reception demand and backlog over time with 5–95% bands, lead times against the
// norms, the MKBA and the playbook actions — every chart with a table of the same numbers beside it.
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import type { ReplicationResult } from '../sim/chain/results.ts';
import type { ComparisonResult } from '../sim/run/compare.ts';
import { spreadOf } from '../sim/run/aggregate.ts';
import type { Mkba } from '../plan/mkba.ts';
import { type BandSeries, bandChartSvg, barChartSvg, escapeHtml } from './svg.ts';
import { chartWithTable as figure, htmlTable as table, reportPage } from './html.ts';

const COLORS = ['#1f4e79', '#b35806', '#2b7a3d', '#6a3d9a', '#a33a2a', '#4d4d4d'];

function fmt(v: number, digits = 0): string {
  if (!Number.isFinite(v)) return '–';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)} m`;
  return v.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Per replication, a weekly mean of the sum of the series whose keys match; then mean/P5/P95 per week. */
function weeklyBand(runs: ReplicationResult[], keys: (key: string) => boolean, from: number, to: number) {
  const weeks = Math.ceil((to - from) / 7);
  const perRep = runs.map((r) => {
    const selected = Object.keys(r.series)
      .filter(keys)
      .map((k) => r.series[k]);
    const out = new Float64Array(weeks);
    for (let w = 0; w < weeks; w++) {
      let sum = 0;
      const end = Math.min(to, from + w * 7 + 7);
      for (let d = from + w * 7; d < end; d++) for (const s of selected) sum += s[d];
      out[w] = sum / (end - from - w * 7);
    }
    return out;
  });
  const mean = new Float64Array(weeks);
  const low = new Float64Array(weeks);
  const high = new Float64Array(weeks);
  for (let w = 0; w < weeks; w++) {
    const sp = spreadOf(perRep.map((v) => v[w]));
    mean[w] = sp.mean;
    low[w] = sp.p5;
    high[w] = sp.p95;
  }
  return { mean, low, high };
}

export function compareReportHtml(result: ComparisonResult, analyses: Mkba[]): string {
  const start = parseIsoDate(result.startDate);
  const from = result.warmupDays;
  const to = result.horizonDays;
  const names = ['base', ...result.scenarios.map((s) => s.name)];
  const weekLabel = (w: number) => formatIsoDate(start + from + w * 7);
  const xLabels: [string, string] = [formatIsoDate(start + from), formatIsoDate(start + to - 1)];
  const sections: string[] = [];

  // Headline differences.
  const headline = [
    'cost.total.eur',
    'leadTime.chain.mean',
    'chain.inChain.mean',
    'chain.permitHoldersWaiting.mean',
    'reception.overflow.personDays',
    'moves.perChild',
  ];
  const diffRows: string[][] = [];
  for (const s of result.scenarios) {
    for (const kpi of headline) {
      const d = s.differences.find((x) => x.kpi === kpi);
      if (d && d.n > 0)
        diffRows.push([
          `${s.name}: ${kpi}`,
          fmt(d.baseMean, 2),
          fmt(d.scenarioMean, 2),
          `${fmt(d.mean, 2)} [${fmt(d.low, 2)} … ${fmt(d.high, 2)}]`,
        ]);
    }
  }
  sections.push(
    `<section><h2>Differences from the base</h2><p>Scenario minus base, mean over ${result.replications} paired replications with the 95% interval from the paired differences (common random numbers).</p>${table('Headline differences', ['scenario: KPI', 'base', 'scenario', 'difference [95% interval]'], diffRows)}</section>`,
  );

  // Reception demand and backlog over time.
  const timeSection = (title: string, keys: (k: string) => boolean, caption: string) => {
    const bands = result.runs.map((runs) => weeklyBand(runs, keys, from, to));
    const series: BandSeries[] = bands.map((b, i) => ({ label: names[i], color: COLORS[i % COLORS.length], ...b }));
    const weeks = bands[0].mean.length;
    const rows: string[][] = [];
    for (let w = 0; w < weeks; w += 4)
      rows.push([weekLabel(w), ...bands.map((b) => `${fmt(b.mean[w])} (${fmt(b.low[w])}–${fmt(b.high[w])})`)]);
    return `<section><h2>${escapeHtml(title)}</h2>${figure(bandChartSvg(title, series, xLabels), caption, table(`${title}, every fourth week: mean (5–95%)`, ['week from', ...names], rows))}</section>`;
  };
  if (result.runs[0][0] && 'reception.overflow' in result.runs[0][0].series) {
    sections.push(
      timeSection(
        'Persons in reception or without a bed',
        (k) => (k.startsWith('location.') && k.endsWith('.occupied')) || k === 'reception.overflow',
        'Weekly mean of persons in reception locations plus persons without a bed; lines are the mean over replications, bands the 5th–95th percentile.',
      ),
    );
  }
  sections.push(
    timeSection(
      'Backlog: persons waiting at all stages',
      (k) => k.startsWith('stage.') && k.endsWith('.waiting'),
      'Weekly mean of persons waiting in a queue at any stage; bands are the 5th–95th percentile across replications.',
    ),
  );

  // Lead times against norms.
  const norms = result.base.aggregate.norms;
  if (norms.length > 0) {
    const rows: string[][] = [];
    const bars: { label: string; value: number; color: string }[] = [];
    norms.forEach((n, j) => {
      const term = n.termMonths > 0 ? `${n.termMonths} months` : `${n.termDays} ${n.working ? 'working ' : ''}days`;
      [result.base.aggregate, ...result.scenarios.map((s) => s.aggregate)].forEach((agg, i) => {
        const m = agg.norms[j];
        if (!m) return;
        rows.push([
          `${n.scope === 'stage' ? `stage ${n.id}` : n.label} · ${names[i]}`,
          term,
          fmt(m.p50Days, 1),
          fmt(m.p90Days, 1),
          `${fmt(m.withinShare.mean * 100, 1)}%`,
        ]);
        bars.push({
          label: `${n.id} · ${names[i]}`,
          value: Number.isFinite(m.p90Days) ? m.p90Days : 0,
          color: COLORS[i % COLORS.length],
        });
      });
    });
    const chart = barChartSvg('90th percentile of lead time per norm and scenario (days)', bars);
    const caption =
      'The 90th percentile of the lead time that each norm measures, per scenario; the table gives the term, the median and the share within the norm.';
    sections.push(
      `<section><h2>Lead times against the norms</h2>${figure(chart, caption, table('Lead times against norms', ['norm · scenario', 'term', 'P50 (days)', 'P90 (days)', 'within norm'], rows))}</section>`,
    );
  }

  // MKBA.
  analyses.forEach((m) => {
    const bars = m.categories
      .filter((c) => c.presentValue !== 0)
      .map((c) => ({ label: c.category, value: c.presentValue }));
    const rows = m.categories
      .filter((c) => c.presentValue !== 0)
      .map((c) => [c.category, c.presentValue > 0 ? 'cost' : 'benefit', fmt(Math.abs(c.presentValue))]);
    rows.push([
      'net present value',
      '',
      `${fmt(m.netPresentValue.mean)} [${fmt(m.netPresentValue.low)} … ${fmt(m.netPresentValue.high)}]`,
    ]);
    rows.push(['benefit/cost ratio', '', Number.isFinite(m.benefitCostRatio) ? m.benefitCostRatio.toFixed(2) : '–']);
    const chart =
      bars.length > 0
        ? barChartSvg(`Present value of cost differences, ${m.scenario} (EUR)`, bars)
        : '<p>No cost differs from the base.</p>';
    const unpriced = table(
      `Effects without a price, ${m.scenario}`,
      ['effect', 'difference [95% interval]'],
      m.unpriced.map((u) => [
        `${u.label} (${u.better} is better)`,
        `${fmt(u.mean, 2)} [${fmt(u.low, 2)} … ${fmt(u.high, 2)}]`,
      ]),
    );
    const sensitivity = table(
      `Sensitivity of the net present value, ${m.scenario}`,
      ['assumption', 'low', 'high'],
      m.sensitivity.map((x) => [x.assumption, fmt(x.low), fmt(x.high)]),
    );
    sections.push(
      `<section><h2>MKBA: ${escapeHtml(m.scenario)}</h2><p>Cost differences per year discounted at ${(m.discountRate * 100).toFixed(2)}% real to ${m.baseYear}; bars to the right are extra costs, to the left savings (benefits).</p>${figure(chart, 'Present value of the difference in each cost category, scenario minus base.', table(`MKBA ${m.scenario} (EUR, present value)`, ['category', 'cost or benefit', 'present value'], rows))}${unpriced}${sensitivity}</section>`,
    );
  });

  // Playbook actions on a timeline (replication 0 of each scenario).
  const actionRows: string[][] = [];
  const timeline: BandSeries[] = [];
  result.runs.forEach((runs, i) => {
    const r = runs[0];
    if (!r || r.actions.length === 0) return;
    const cumulative = new Float64Array(to - from);
    let level = 0;
    const byDay = new Map<number, number>();
    for (const a of r.actions)
      if (a.effectiveDay >= 0) byDay.set(a.effectiveDay, (byDay.get(a.effectiveDay) ?? 0) + a.change);
    for (let d = 0; d < from; d++) level += byDay.get(d) ?? 0;
    for (let d = from; d < to; d++) {
      level += byDay.get(d) ?? 0;
      cumulative[d - from] = level;
    }
    timeline.push({
      label: `${names[i]}: capacity added by the playbook`,
      color: COLORS[i % COLORS.length],
      mean: cumulative,
    });
    for (const a of r.actions)
      actionRows.push([
        `${names[i]} · ${a.rule}`,
        a.kind,
        formatIsoDate(start + a.decidedDay),
        a.effectiveDay >= 0 ? formatIsoDate(start + a.effectiveDay) : 'after the run',
        `${a.target} ${a.change > 0 ? '+' : ''}${fmt(a.change)}`,
        a.reason,
      ]);
  });
  if (actionRows.length > 0) {
    sections.push(
      `<section><h2>Playbook actions</h2>${figure(bandChartSvg('Capacity added by playbook actions (replication 0)', timeline, xLabels), 'Cumulative beds or servers added (negative: removed) by playbook actions in the first replication of each scenario; the table lists each action with its reason.', table('Playbook actions, replication 0', ['scenario · rule', 'kind', 'decided', 'in effect', 'change', 'reason'], actionRows))}</section>`,
    );
  }

  const title = `doorstroom comparison: ${result.base.model.name}`;
  const intro = `<p>Base model ${escapeHtml(result.base.model.file)} (model ${escapeHtml(result.base.model.hash.slice(0, 12))}), ${result.replications} paired replications, seed ${result.seed}, reported period ${escapeHtml(xLabels[0])} – ${escapeHtml(xLabels[1])}. Scenarios: ${result.scenarios.map((s) => `${escapeHtml(s.name)} (${escapeHtml(s.model.file)})`).join('; ')}.</p>`;
  return reportPage(title, intro, sections);
}
