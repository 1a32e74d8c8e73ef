// What the deciding stages decide, per cohort — grant chances, track chances, kinds of departure — and where
// cases go after a stage with branches: the shares of its destinations per condition.
import type { ApplicationKind, ChainModel, Condition } from '../../model/schema.ts';
import { DECIDES_DEPARTURE, DECIDES_GRANT, DECIDES_TRACK, DEPARTURE_OUTCOMES } from '../../sim/chain/compile.ts';
import { EXIT_PREFIX, type LogReading } from '../../monitor/visits.ts';
import { type CalibrationContext, MIN_OUTCOMES, fixSum, round } from './context.ts';

type Cohort = ChainModel['cohorts'][number];

/** Outcomes of the deciding stages per cohort: grants, tracks, departures. */
export function fitOutcomes(ctx: CalibrationContext): void {
  const { model, chain, visits, stageCode, caseCohort, completedInWindow } = ctx;
  chain.stages.forEach((stage, s) => {
    if (stage.decides === 0 || stageCode[s] < 0) return;
    const counts = model.cohorts.map(() => new Map<number, number>());
    for (let v = 0; v < visits.count; v++) {
      if (visits.stageOf[v] !== stageCode[s] || !completedInWindow(v)) continue;
      const cohort = caseCohort[visits.caseOf[v]];
      if (cohort < 0) continue;
      const o = visits.outcomeOf[v];
      counts[cohort].set(o, (counts[cohort].get(o) ?? 0) + 1);
    }
    model.cohorts.forEach((cohort, k) => {
      if (stage.decides === DECIDES_GRANT) fitGrant(ctx, cohort, stage.id, counts[k]);
      else if (stage.decides === DECIDES_TRACK) fitTracks(ctx, cohort, counts[k]);
      else if (stage.decides === DECIDES_DEPARTURE) fitDeparture(ctx, cohort, counts[k]);
    });
  });
}

/** The grant chance of a cohort at a deciding stage, from the counts of its outcomes there. */
function fitGrant(ctx: CalibrationContext, cohort: Cohort, stageId: string, map: Map<number, number>): void {
  const grants = map.get(ctx.table.outcomes.find('grant')) ?? 0;
  const n = grants + (map.get(ctx.table.outcomes.find('reject')) ?? 0);
  const before = cohort.grantProbability[stageId];
  const path = `cohorts[${cohort.id}].grantProbability.${stageId}`;
  if (n < MIN_OUTCOMES) {
    if (n > 0 || before !== undefined)
      ctx.record({ path, value: undefined, before, n, fit: '', note: `kept: fewer than ${MIN_OUTCOMES} decisions` });
    return;
  }
  cohort.grantProbability = { ...cohort.grantProbability, [stageId]: round(grants / n, 4) };
  ctx.record({
    path,
    value: cohort.grantProbability[stageId],
    before,
    n,
    fit: `±${(1.96 * Math.sqrt(((grants / n) * (1 - grants / n)) / n)).toFixed(3)} (95%)`,
    note: '',
  });
}

function fitTracks(ctx: CalibrationContext, cohort: Cohort, map: Map<number, number>): void {
  const { model, table } = ctx;
  const byTrack = model.tracks.map((t) => map.get(table.outcomes.find(t.id)) ?? 0);
  const n = byTrack.reduce((a, b) => a + b, 0);
  const path = `cohorts[${cohort.id}].trackProbabilities`;
  if (n < MIN_OUTCOMES) {
    ctx.record({
      path,
      value: undefined,
      before: cohort.trackProbabilities,
      n,
      fit: '',
      note: `kept: fewer than ${MIN_OUTCOMES} track decisions`,
    });
    return;
  }
  const before = cohort.trackProbabilities;
  cohort.trackProbabilities = Object.fromEntries(model.tracks.map((t, i) => [t.id, round(byTrack[i] / n, 4)]));
  fixSum(cohort.trackProbabilities);
  ctx.record({ path, value: cohort.trackProbabilities, before, n, fit: '', note: '' });
}

function fitDeparture(ctx: CalibrationContext, cohort: Cohort, map: Map<number, number>): void {
  const byKind = DEPARTURE_OUTCOMES.map((d) => map.get(ctx.table.outcomes.find(d)) ?? 0);
  const n = byKind.reduce((a, b) => a + b, 0);
  const path = `cohorts[${cohort.id}].departure`;
  if (n < MIN_OUTCOMES) {
    ctx.record({
      path,
      value: undefined,
      before: cohort.departure,
      n,
      fit: '',
      note: `kept: fewer than ${MIN_OUTCOMES} departures`,
    });
    return;
  }
  const before = cohort.departure;
  cohort.departure = Object.fromEntries(DEPARTURE_OUTCOMES.map((d, i) => [d, round(byKind[i] / n, 4)]));
  fixSum(cohort.departure as Record<string, number>);
  ctx.record({ path, value: cohort.departure, before, n, fit: '', note: '' });
}

/** Routing: shares of the destinations after each stage with branches, per condition of the branches. */
export function fitRouting(ctx: CalibrationContext): void {
  ctx.model.stages.forEach((stage, s) => {
    if (!Array.isArray(stage.next) || ctx.stageCode[s] < 0) return;
    const branches = stage.next;
    const groupKey = branches.map((b) => JSON.stringify(b.when ?? {}));
    const groups = [...new Set(groupKey)];
    const { counts, unexplained, overlapping } = countDestinations(ctx, s, branches, groupKey, groups);
    for (const g of groups) {
      const members = branches.map((_, i) => i).filter((i) => groupKey[i] === g);
      const n = members.reduce((a, i) => a + counts[i], 0);
      if (members.length < 2) continue; // a single branch per condition has nothing to estimate
      const path = `stages[${stage.id}].next${g === '{}' ? '' : ` when ${g}`}`;
      if (n < MIN_OUTCOMES) {
        ctx.record({
          path,
          value: undefined,
          before: members.map((i) => branches[i].probability),
          n,
          fit: '',
          note: `kept: fewer than ${MIN_OUTCOMES} cases`,
        });
        continue;
      }
      const shares: Record<string, number> = {};
      for (const i of members) shares[String(i)] = round(counts[i] / n, 4);
      fixSum(shares);
      const before = members.map((i) => branches[i].probability);
      for (const i of members) branches[i].probability = shares[String(i)];
      ctx.record({
        path,
        value: members.map((i) => branches[i].probability),
        before,
        n,
        fit: '',
        note: members.map((i) => branches[i].to ?? `exit ${branches[i].exit}`).join(' / '),
      });
    }
    if (unexplained > 0)
      ctx.notes.push(
        `stages[${stage.id}].next: ${unexplained} cases went where no matching branch leads (a playbook diversion, or a route the skeleton lacks)`,
      );
    if (overlapping > 0)
      ctx.notes.push(
        `stages[${stage.id}].next: ${overlapping} cases match branches with different conditions; their shares were estimated per condition`,
      );
  });
}

type Branch = Extract<ChainModel['stages'][number]['next'], unknown[]>[number];

/**
 * Cases per branch after model stage s, over its visits completed in the window: a case counts for each branch
 * whose condition it meets and that leads where it went; with the cases no such branch explains, and those whose
 * facts meet the conditions of more than one group of branches.
 */
function countDestinations(
  ctx: CalibrationContext,
  s: number,
  branches: Branch[],
  groupKey: string[],
  groups: string[],
): { counts: Float64Array; unexplained: number; overlapping: number } {
  const { model, table, visits, cases, caseKind, caseCohort } = ctx;
  const counts = new Float64Array(branches.length);
  let unexplained = 0;
  let overlapping = 0;
  for (let v = 0; v < visits.count; v++) {
    if (visits.stageOf[v] !== ctx.stageCode[s] || !ctx.completedInWindow(v)) continue;
    const c = visits.caseOf[v];
    const destination = nextDestination(visits, cases, table.activities.values, v);
    if (destination === null) continue;
    const matching = groups.filter((g) => {
      const b = branches[groupKey.indexOf(g)];
      return matches(b.when, {
        outcome: table.outcomes.values[visits.outcomeOf[v]],
        cohort: caseCohort[c] >= 0 ? model.cohorts[caseCohort[c]].id : '',
        track: table.tracks.values[visits.trackOf[v]],
        kind: caseKind[c],
      });
    });
    if (matching.length > 1) overlapping++;
    let explained = false;
    for (const g of matching) {
      branches.forEach((b, i) => {
        if (groupKey[i] !== g) return;
        if (
          (b.to !== undefined && b.to === destination.stage) ||
          (b.exit !== undefined && b.exit === destination.exit)
        ) {
          counts[i]++;
          explained = true;
        }
      });
    }
    if (!explained) unexplained++;
  }
  return { counts, unexplained, overlapping };
}

/** Where the case went after visit v: the stage of its next visit, or its exit reason; null while unknown. */
function nextDestination(
  visits: LogReading['visits'],
  cases: LogReading['cases'],
  activities: string[],
  v: number,
): { stage?: string; exit?: string } | null {
  const c = visits.caseOf[v];
  if (v + 1 < visits.caseVisitStart[c + 1]) return { stage: activities[visits.stageOf[v + 1]] };
  if (!Number.isNaN(cases.exit[c])) return { exit: activities[cases.exitActivity[c]].slice(EXIT_PREFIX.length) };
  return null;
}

function matches(
  when: Condition | undefined,
  facts: { outcome: string; cohort: string; track: string; kind: ApplicationKind | undefined },
): boolean {
  if (when === undefined) return true;
  if (when.outcome && !when.outcome.includes(facts.outcome)) return false;
  if (when.cohort && !when.cohort.includes(facts.cohort)) return false;
  if (when.track && !when.track.includes(facts.track)) return false;
  if (when.kind && (facts.kind === undefined || !when.kind.includes(facts.kind))) return false;
  return true;
}
