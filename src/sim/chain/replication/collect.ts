// The result of a replication, collected from its parts at the end: the daily series, KPIs and lead-time
// histograms in a fixed order (series and KPI keys keep the order they always had), norm outcomes, playbook actions.
import type { CompiledChain } from '../compile.ts';
import type { LeadTimeRecord, ReplicationResult } from '../results.ts';
import type { ReportWindow } from './constants.ts';
import type { NormClocks } from './norms.ts';
import type { Playbook } from './playbook.ts';
import type { StaffPools } from './pools.ts';
import type { Reception } from './reception.ts';
import type { LeadTimeAdder, Recorder } from './recorder.ts';
import type { Stages } from './stages.ts';
import type { Nareis } from './nareis.ts';
import { CHAIN_KPI, costKpi, costSeries } from '../keys.ts';

export interface ResultParts {
  recorder: Recorder;
  stages: Stages;
  reception: Reception;
  norms: NormClocks;
  playbook: Playbook;
  nareis?: Nareis | null;
  pools?: StaffPools | null;
}

export function collectResult(
  chain: CompiledChain,
  window: ReportWindow,
  run: { replication: number; seed: number; events: number },
  parts: ResultParts,
): ReplicationResult {
  const { recorder, stages, reception, norms, playbook } = parts;
  const series: Record<string, Float64Array> = {};
  recorder.series(series);
  stages.series(series);
  reception.series(series);
  parts.pools?.series(series);
  const costs: [string, Float64Array][] = [
    ['receptionOccupied', reception.costOccupied],
    ['receptionEmpty', reception.costEmpty],
    ['overflow', reception.costOverflow],
    ['staff', stages.costStaff],
    ['moves', reception.costMoves],
    ['penalties', norms.penalties],
    ['playbook', playbook.costs],
  ];
  for (const [k, a] of costs) series[costSeries(k)] = a;
  norms.series(series);
  parts.nareis?.series(series);

  norms.settleOpenPenalties();
  norms.countOpenPastDeadline();
  const kpis: Record<string, number> = {};
  recorder.chainKpis(kpis);
  chain.stages.forEach((_, i) => {
    recorder.stageKpis(kpis, i);
    stages.stageKpis(kpis, i);
    norms.stageKpis(kpis, i);
  });
  norms.kpis(kpis);
  reception.kpis(kpis);
  reception.moveKpis(kpis);
  recorder.moveKpis(kpis);
  playbook.kpis(kpis);
  parts.nareis?.kpis(kpis);
  parts.pools?.kpis(kpis);
  let totalCost = 0;
  for (const [k, a] of costs) {
    const v = window.sum(a);
    kpis[costKpi(k)] = v;
    totalCost += v;
  }
  kpis[CHAIN_KPI.costTotal] = totalCost;

  const leadTimes: LeadTimeRecord[] = [];
  const add: LeadTimeAdder = (scope, subject, measure, by, group, h) => {
    if (h.count > 0) leadTimes.push({ scope, subject, measure, by, group, histogram: h.toJSON() });
  };
  recorder.leadTimes(add);
  norms.leadTimes((scope, subject, h) => add(scope, subject, 'total', 'all', '', h));

  return {
    replication: run.replication,
    seed: run.seed,
    horizonDays: window.horizon,
    warmupDays: window.warmup,
    series,
    leadTimes,
    norms: norms.results(),
    kpis,
    actions: playbook.actions,
    events: run.events,
  };
}
