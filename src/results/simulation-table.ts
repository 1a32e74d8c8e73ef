// The readable terminal summary of a simulation: the figures a coordination table asks for first, each as
// the mean across replications with its 5–95% range. Plain text, no colours, so it also reads in a log file.
import type { SimulationResult } from '../sim/run/simulate.ts';
import type { Spread } from '../sim/run/aggregate.ts';
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { formatNumber as fmt, textTable as table } from './format.ts';

function cell(s: Spread | undefined, digits = 0, percent = false): string {
  if (!s || s.n === 0) return '–';
  const k = percent ? 100 : 1;
  const unit = percent ? '%' : '';
  if (s.n === 1 || s.p5 === s.p95) return `${fmt(s.mean * k, digits)}${unit}`;
  return `${fmt(s.mean * k, digits)}${unit} [${fmt(s.p5 * k, digits)}–${fmt(s.p95 * k, digits)}]`;
}

export function simulationSummaryText(result: SimulationResult, stageLabels: Map<string, string> = new Map()): string {
  const k = result.aggregate.kpis;
  const start = parseIsoDate(result.startDate);
  const lines: string[] = [];
  lines.push(
    `doorstroom ${result.version} · ${result.model.name} · ${result.aggregate.replications} replications · seed ${result.seed}`,
  );
  lines.push(
    `reported period ${formatIsoDate(start + result.warmupDays)} – ${formatIsoDate(start + result.horizonDays - 1)} (warm-up ${result.warmupDays} days) · model ${result.model.hash.slice(0, 12)}`,
  );
  lines.push('mean across replications [5th–95th percentile]');
  lines.push('');

  const chainRows = [['chain', 'value']];
  chainRows.push(['arrivals (persons)', cell(k['arrivals.persons'])]);
  for (const key of Object.keys(k).filter((x) => x.startsWith('exits.') && k[x].mean > 0))
    chainRows.push([`exit ${key.slice(6, -8)} (persons)`, cell(k[key])]);
  chainRows.push(['in the chain at the end (persons)', cell(k['chain.inChain.end'])]);
  chainRows.push(['permit holders waiting for housing (mean)', cell(k['chain.permitHoldersWaiting.mean'])]);
  chainRows.push(['lead time arrival → exit, P50 (days)', cell(k['leadTime.chain.p50'], 1)]);
  chainRows.push(['lead time arrival → exit, P90 (days)', cell(k['leadTime.chain.p90'], 1)]);
  if ((k['moves.perPerson']?.mean ?? 0) > 0) {
    chainRows.push(['moves per person (over their stay)', cell(k['moves.perPerson'], 2)]);
    chainRows.push(['moves per child', cell(k['moves.perChild'], 2)]);
  }
  lines.push(table(chainRows), '');

  const stageIds = Object.keys(k)
    .filter((x) => x.endsWith('.waiting.mean'))
    .map((x) => x.slice(6, -13));
  const stageRows = [
    ['stage', 'waiting mean (d)', 'waiting P90 (d)', 'in stage P50 (d)', 'backlog mean', 'utilisation'],
  ];
  for (const id of stageIds) {
    const u = k[`stage.${id}.utilisation`];
    stageRows.push([
      stageLabels.get(id) ?? id,
      cell(k[`stage.${id}.waiting.mean`], 1),
      cell(k[`stage.${id}.waiting.p90`], 1),
      cell(k[`stage.${id}.total.p50`], 1),
      cell(k[`stage.${id}.backlog.mean`]),
      u ? cell(u, 0, true) : '–',
    ]);
  }
  lines.push(table(stageRows), '');

  if (result.aggregate.norms.length > 0) {
    const normRows = [['norm', 'term', 'within norm', 'P90 (d)', 'penalties (EUR)']];
    for (const n of result.aggregate.norms) {
      const term = n.termMonths > 0 ? `${n.termMonths} months` : `${n.termDays} ${n.working ? 'working ' : ''}days`;
      normRows.push([
        n.scope === 'stage' ? `stage ${n.id}` : n.label,
        term,
        cell(n.withinShare, 1, true),
        fmt(n.p90Days, 1),
        cell(n.penaltyEur),
      ]);
    }
    lines.push(table(normRows), '');
  }

  const locIds = Object.keys(k)
    .filter((x) => x.startsWith('location.') && x.endsWith('.occupied.mean'))
    .map((x) => x.slice(9, -14));
  if (locIds.length > 0) {
    const locRows = [['reception', 'occupied mean', 'occupied max', 'beds mean']];
    for (const id of locIds)
      locRows.push([
        id,
        cell(k[`location.${id}.occupied.mean`]),
        cell(k[`location.${id}.occupied.max`]),
        cell(k[`location.${id}.beds.mean`]),
      ]);
    locRows.push([
      'overflow (persons without a bed)',
      cell(
        k['reception.overflow.personDays']
          ? {
              ...k['reception.overflow.personDays'],
              mean: k['reception.overflow.personDays'].mean / Math.max(1, result.horizonDays - result.warmupDays),
              p5: k['reception.overflow.personDays'].p5 / Math.max(1, result.horizonDays - result.warmupDays),
              p95: k['reception.overflow.personDays'].p95 / Math.max(1, result.horizonDays - result.warmupDays),
            }
          : undefined,
      ),
      cell(k['reception.overflow.max']),
      '',
    ]);
    lines.push(table(locRows), '');
  }

  const ruleIds = Object.keys(k)
    .filter((x) => x.startsWith('playbook.') && x.endsWith('.actions'))
    .map((x) => x.slice(9, -8));
  if (ruleIds.length > 0) {
    const R = result.replications.length;
    const ruleRows = [['playbook rule', 'acted in', 'actions (mean)', 'first effect (median)']];
    for (const id of ruleIds) {
      const firsts = result.replications
        .map((r) => r.kpis[`playbook.${id}.firstEffectDay`])
        .filter(Number.isFinite)
        .sort((a, b) => a - b);
      const median = firsts.length > 0 ? formatIsoDate(start + firsts[Math.floor((firsts.length - 1) / 2)]) : '–';
      ruleRows.push([id, `${firsts.length} of ${R} replications`, fmt(k[`playbook.${id}.actions`].mean, 1), median]);
    }
    lines.push(table(ruleRows), '');
  }

  const costRows = [['costs (EUR, reported period)', 'value']];
  for (const key of ['receptionOccupied', 'receptionEmpty', 'overflow', 'staff', 'moves', 'penalties', 'playbook']) {
    const s = k[`cost.${key}.eur`];
    if (s && s.mean !== 0) costRows.push([key, cell(s)]);
  }
  costRows.push(['total', cell(k['cost.total.eur'])]);
  lines.push(table(costRows));
  return lines.join('\n') + '\n';
}
