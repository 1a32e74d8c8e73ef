// Lead times: per stage (waiting, processing, total, and the share within the stage's norm), per --by group,
// over the visits that ended in the window; and end to end, from arrival to exit, per exit.
import { normDeadline } from '../../sim/chain/compile.ts';
import { measuredVisit } from '../visits.ts';
import type { FigureContext } from './context.ts';
import { GroupedSamples, distribution } from './samples.ts';
import type { EndToEnd, StageLeadTimes } from './types.ts';

/** The samples of the measured visits per (stage slot, group) key, which the stage norms read again. */
export interface StageSamples {
  waiting: GroupedSamples;
  processing: GroupedSamples;
  total: GroupedSamples;
  completedCases: Int32Array;
  completedPersons: Float64Array;
  /** Measured visits that ended by their stage norm's deadline. */
  withinCount: Int32Array;
}

/** Lead times per stage and group; also returns the samples they came from. */
export function stageLeadTimes(ctx: FigureContext): { stages: StageLeadTimes[]; samples: StageSamples } {
  const { activities, stageCodes, stageCount: S, groupCount: G, keyOf, stageSpec, stageLabel, groupName } = ctx;
  const samples = stageSamples(ctx);
  const { waiting, processing, total, completedCases, completedPersons, withinCount } = samples;
  const stages: StageLeadTimes[] = [];
  for (let slot = 0; slot < S; slot++) {
    for (let g = 0; g < G; g++) {
      const k = keyOf(slot, g);
      if (g > 0 && completedCases[k] === 0) continue;
      const spec = stageSpec(slot);
      const totals = total.sample(k);
      stages.push({
        stage: activities[stageCodes[slot]],
        label: stageLabel(slot),
        partner: spec?.partner ?? '',
        group: groupName(g),
        completed: completedCases[k],
        completedPersons: completedPersons[k],
        waiting: distribution(waiting.sample(k)),
        processing: distribution(processing.sample(k)),
        total: distribution(totals),
        withinNorm: spec?.norm && totals.length > 0 ? withinCount[k] / totals.length : Number.NaN,
      });
    }
  }
  return { stages, samples };
}

/** Waiting, processing and total lead times of the measured visits, and their completions, per key. */
function stageSamples(ctx: FigureContext): StageSamples {
  const { visits, cases, fromDay, toDay, stageSlot, byColumn, groupsPerVisit, keyOf } = ctx;
  const V = visits.count;
  const SG = ctx.stageCount * ctx.groupCount;
  const persons = cases.persons;
  const waiting = new GroupedSamples(SG);
  const processing = new GroupedSamples(SG);
  const total = new GroupedSamples(SG);
  const completedPersons = new Float64Array(SG);
  const completedCases = new Int32Array(SG);
  const measured = (v: number) => measuredVisit(visits, v, fromDay, toDay);
  for (let pass = 0; pass < 2; pass++) {
    for (let v = 0; v < V; v++) {
      if (!measured(v)) continue;
      const slot = stageSlot[visits.stageOf[v]];
      const entry = visits.entry[v];
      const start = visits.start[v];
      const end = visits.end[v];
      for (let gi = 0; gi < groupsPerVisit; gi++) {
        const g = gi === 0 ? 0 : byColumn![v] + 1;
        const k = keyOf(slot, g);
        if (pass === 0) {
          if (!Number.isNaN(entry) && !Number.isNaN(start)) waiting.count(k);
          if (!Number.isNaN(start)) processing.count(k);
          if (!Number.isNaN(entry)) total.count(k);
          completedCases[k]++;
          completedPersons[k] += persons[visits.caseOf[v]];
        } else {
          if (!Number.isNaN(entry) && !Number.isNaN(start)) waiting.add(k, start - entry);
          if (!Number.isNaN(start)) processing.add(k, end - start);
          if (!Number.isNaN(entry)) total.add(k, end - entry);
        }
      }
    }
    if (pass === 0) {
      waiting.allocate();
      processing.allocate();
      total.allocate();
    }
  }
  const withinCount = withinStageNorm(ctx, measured);
  return { waiting, processing, total, completedCases, completedPersons, withinCount };
}

/**
 * Measured visits within their stage's norm per key: within when the visit ended by its deadline (measured like
 * the simulator, from the entry). All zero without a model.
 */
function withinStageNorm(ctx: FigureContext, measured: (v: number) => boolean): Int32Array {
  const { visits, chain, stageSlot, byColumn, keyOf, stageSpec, simTime } = ctx;
  const withinCount = new Int32Array(ctx.stageCount * ctx.groupCount);
  if (!chain) return withinCount;
  for (let v = 0; v < visits.count; v++) {
    if (!measured(v)) continue;
    const slot = stageSlot[visits.stageOf[v]];
    const norm = stageSpec(slot)?.norm;
    if (!norm || Number.isNaN(visits.entry[v])) continue;
    const deadline = normDeadline(chain, norm, norm.working, simTime(visits.entry[v]));
    if (simTime(visits.end[v]) <= deadline) {
      withinCount[keyOf(slot, 0)]++;
      if (byColumn) withinCount[keyOf(slot, byColumn[v] + 1)]++;
    }
  }
  return withinCount;
}

/** Arrival to exit of the cases that arrived in the log and left in the window: all, then per exit by name. */
export function endToEndLeadTimes(ctx: FigureContext): EndToEnd[] {
  const { cases, activities, fromDay, toDay } = ctx;
  const C = ctx.table.cases;
  const exitCodes = new Map<number, number>();
  const exitSamples = new GroupedSamples(activities.length + 1);
  for (let pass = 0; pass < 2; pass++) {
    for (let c = 0; c < C; c++) {
      const exit = cases.exit[c];
      if (!(exit >= fromDay && exit < toDay) || Number.isNaN(cases.arrival[c]) || !Number.isNaN(cases.initial[c]))
        continue;
      const a = cases.exitActivity[c];
      if (pass === 0) {
        exitSamples.count(0);
        exitSamples.count(a + 1);
        exitCodes.set(a, (exitCodes.get(a) ?? 0) + 1);
      } else {
        exitSamples.add(0, exit - cases.arrival[c]);
        exitSamples.add(a + 1, exit - cases.arrival[c]);
      }
    }
    if (pass === 0) exitSamples.allocate();
  }
  const endToEnd: EndToEnd[] = [{ exit: 'all', leadTime: distribution(exitSamples.sample(0)) }];
  for (const a of [...exitCodes.keys()].sort((x, y) => activities[x].localeCompare(activities[y]))) {
    endToEnd.push({ exit: activities[a], leadTime: distribution(exitSamples.sample(a + 1)) });
  }
  return endToEnd;
}
