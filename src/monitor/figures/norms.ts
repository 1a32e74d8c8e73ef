// The model's norms measured on the log: per stage norm and per chain norm, the clocks that stopped in the window
// (within the term or not, their lead times, per --by group), the clocks still running at `now`, and the breach
// outlook of those: overdue, or due within 1, 4 and 8 weeks.
import {
  type CompiledChain,
  type CompiledChainNorm,
  type CompiledNormTerm,
  KIND_INDEX,
  chainNormDeadline,
  normDeadline,
} from '../../sim/chain/compile.ts';
import type { Visits } from '../visits.ts';
import type { FigureContext } from './context.ts';
import type { StageSamples } from './lead-times.ts';
import { distribution } from './samples.ts';
import { BREACH_HORIZONS_DAYS, type BreachOutlook, type NormFigures } from './types.ts';
import { stageNormId } from '../../sim/chain/keys.ts';

/** Norm figures and the breach outlook: stage norms first (in stage order), then chain norms; none without a model. */
export function normFigures(
  ctx: FigureContext,
  samples: StageSamples,
): { norms: NormFigures[]; breaches: BreachOutlook[] } {
  const norms: NormFigures[] = [];
  const breaches: BreachOutlook[] = [];
  const chain = ctx.chain;
  if (chain) {
    stageNorms(ctx, chain, samples, norms, breaches);
    chainNorms(ctx, chain, norms, breaches);
  }
  return { norms, breaches };
}

/** Stage norms from the visits: the measured ones from the lead-time samples, the open ones counted here. */
function stageNorms(
  ctx: FigureContext,
  chain: CompiledChain,
  samples: StageSamples,
  norms: NormFigures[],
  breaches: BreachOutlook[],
): void {
  const { visits, stageSlot, now, carried, simTime, keyOf, groupName } = ctx;
  const V = visits.count;
  const nowSim = simTime(now);
  for (let slot = 0; slot < ctx.stageCount; slot++) {
    const spec = ctx.stageSpec(slot);
    if (!spec?.norm) continue;
    const norm = spec.norm;
    const outlook = emptyOutlook(stageNormId(spec.id), 'stage');
    let open = 0;
    for (let v = 0; v < V; v++) {
      if (stageSlot[visits.stageOf[v]] !== slot || carried(v) || Number.isNaN(visits.entry[v])) continue;
      if (visits.entry[v] >= now || visits.end[v] < now) continue;
      open++;
      const deadline = normDeadline(chain, norm, norm.working, simTime(visits.entry[v]));
      countBreach(outlook, deadline, nowSim);
    }
    breaches.push(outlook);
    for (let g = 0; g < ctx.groupCount; g++) {
      const k = keyOf(slot, g);
      if (g > 0 && samples.completedCases[k] === 0) continue;
      const sample = samples.total.sample(k);
      norms.push(
        normRow(stageNormId(spec.id), spec.label, 'stage', norm, groupName(g), sample, samples.withinCount[k], {
          open: g === 0 ? open : Number.NaN,
          overdue: g === 0 ? outlook.overdue : Number.NaN,
        }),
      );
    }
  }
}

/**
 * Chain norms: per case, the clock starts at the arrival or the first matching stage event and stops at the
 * first matching event after it; the kind of the case is the kind whose entry stage it entered first.
 */
function chainNorms(ctx: FigureContext, chain: CompiledChain, norms: NormFigures[], breaches: BreachOutlook[]): void {
  const { table, visits, cases, fromDay, now, byColumn, simTime } = ctx;
  const C = table.cases;
  const G = ctx.groupCount;
  const nowSim = simTime(now);
  const kindOfEntry = new Map<number, number>();
  chain.entryStage.forEach((s, kind) => {
    if (s >= 0) {
      const code = table.activities.find(chain.stages[s].id);
      if (code >= 0 && !kindOfEntry.has(code)) kindOfEntry.set(code, kind);
    }
  });
  // A family that applies from abroad enters the chain at its application stage, not at the kind's entry stage.
  for (const cohort of chain.cohorts) {
    const application = cohort.familyApplication;
    if (!application) continue;
    const code = table.activities.find(chain.stages[application.stage].id);
    if (code >= 0 && !kindOfEntry.has(code)) kindOfEntry.set(code, KIND_INDEX.familyReunification);
  }
  const codeOfModelStage = chain.stages.map((s) => table.activities.find(s.id));
  for (const norm of chain.norms) {
    const fromCodes = norm.fromStages ? new Set(Array.from(norm.fromStages, (s) => codeOfModelStage[s])) : null;
    const toCodes = new Set(Array.from(norm.toStages, (s) => codeOfModelStage[s]));
    const leads: number[][] = Array.from({ length: G }, () => []);
    const within = new Int32Array(G);
    const outlook = emptyOutlook(norm.id, 'chain');
    let open = 0;
    for (let c = 0; c < C; c++) {
      const v0 = visits.caseVisitStart[c];
      const v1 = visits.caseVisitStart[c + 1];
      if (v0 === v1) continue;
      const kind = kindOfEntry.get(visits.stageOf[v0]);
      if (kind === undefined || norm.kinds[kind] === 0) continue;
      const started = clockStart(ctx, c, norm, fromCodes);
      if (Number.isNaN(started)) continue;
      const stopVisit = clockStop(ctx, c, norm, toCodes, started);
      const stopped = stopVisit < 0 ? Number.NaN : visitEventTime(visits, stopVisit, norm.toEvent);
      const startSim = simTime(started);
      const deadline = chainNormDeadline(chain, norm, startSim);
      if (!Number.isNaN(stopped) && stopped < now) {
        if (stopped >= fromDay) {
          const lead = norm.working ? chain.calendar.workingDaysBetween(startSim, simTime(stopped)) : stopped - started;
          const isWithin = simTime(stopped) <= deadline;
          leads[0].push(lead);
          if (isWithin) within[0]++;
          if (byColumn) {
            const g = byColumn[stopVisit] + 1;
            leads[g].push(lead);
            if (isWithin) within[g]++;
          }
        }
      } else if (started < now && !(cases.exit[c] < now)) {
        open++;
        countBreach(outlook, deadline, nowSim);
      }
    }
    breaches.push(outlook);
    for (let g = 0; g < G; g++) {
      if (g > 0 && leads[g].length === 0) continue;
      norms.push(
        normRow(norm.id, norm.label, 'chain', norm, ctx.groupName(g), Float64Array.from(leads[g]), within[g], {
          open: g === 0 ? open : Number.NaN,
          overdue: g === 0 ? outlook.overdue : Number.NaN,
        }),
      );
    }
  }
}

/** When case c's clock of `norm` starts: its arrival, or the first matching event of a stage; NaN when unknown. */
function clockStart(ctx: FigureContext, c: number, norm: CompiledChainNorm, fromCodes: Set<number> | null): number {
  const { visits, cases, carried } = ctx;
  if (fromCodes === null) {
    if (!Number.isNaN(cases.initial[c])) return Number.NaN; // no arrival in the log: the clock's start is unknown
    return cases.arrival[c];
  }
  let started = Number.NaN;
  for (let v = visits.caseVisitStart[c]; v < visits.caseVisitStart[c + 1] && Number.isNaN(started); v++) {
    if (fromCodes.has(visits.stageOf[v]) && !carried(v)) started = visitEventTime(visits, v, norm.fromEvent);
  }
  return started;
}

/** The visit of case c whose matching event stops the clock started at `started` (−1: still running). */
function clockStop(
  ctx: FigureContext,
  c: number,
  norm: CompiledChainNorm,
  toCodes: Set<number>,
  started: number,
): number {
  const { visits, endedByExit } = ctx;
  for (let v = visits.caseVisitStart[c]; v < visits.caseVisitStart[c + 1]; v++) {
    if (!toCodes.has(visits.stageOf[v]) || endedByExit(v)) continue;
    if (visitEventTime(visits, v, norm.toEvent) >= started) return v;
  }
  return -1;
}

/** One row of norm figures; `open` and `overdue` are NaN for the rows of a group. */
function normRow(
  id: string,
  label: string,
  scope: 'stage' | 'chain',
  norm: CompiledNormTerm & { working: boolean },
  group: string,
  sample: Float64Array,
  within: number,
  running: { open: number; overdue: number },
): NormFigures {
  return {
    id,
    label,
    scope,
    termDays: norm.days,
    termMonths: norm.months,
    working: norm.working,
    group,
    measured: sample.length,
    withinNorm: within,
    withinShare: sample.length > 0 ? within / sample.length : Number.NaN,
    leadTime: distribution(sample),
    open: running.open,
    openPastDeadline: running.overdue,
  };
}

function emptyOutlook(id: string, scope: 'stage' | 'chain'): BreachOutlook {
  return { id, scope, overdue: 0, within: BREACH_HORIZONS_DAYS.map(() => 0) };
}

/** The time of a visit's entry (0), start (1) or end (2); NaN when not recorded. */
function visitEventTime(visits: Visits, v: number, event: number): number {
  if (event === 0) return visits.entry[v];
  if (event === 1) return visits.start[v];
  return visits.end[v];
}

function countBreach(outlook: BreachOutlook, deadline: number, nowSim: number): void {
  if (deadline < nowSim) {
    outlook.overdue++;
    return;
  }
  BREACH_HORIZONS_DAYS.forEach((h, i) => {
    if (deadline <= nowSim + h) outlook.within[i]++;
  });
}
