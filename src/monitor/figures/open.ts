// Cases open at `now` per stage and --by group: cases, persons, how many are in service, and how long they have
// been in the stage.
import type { FigureContext } from './context.ts';
import { GroupedSamples, distribution } from './samples.ts';
import type { OpenAtStage } from './types.ts';

export function openAtStages(ctx: FigureContext): OpenAtStage[] {
  const { visits, now, stageSlot, byColumn, groupsPerVisit, keyOf, carried, isOpen } = ctx;
  const { activities, stageCodes, stageCount: S, groupCount: G } = ctx;
  const V = visits.count;
  const persons = ctx.cases.persons;
  const openAge = new GroupedSamples(S * G);
  const openCases = new Int32Array(S * G);
  const openPersons = new Float64Array(S * G);
  const openInService = new Int32Array(S * G);
  for (let pass = 0; pass < 2; pass++) {
    for (let v = 0; v < V; v++) {
      if (!isOpen(v)) continue;
      const slot = stageSlot[visits.stageOf[v]];
      const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
      for (let gi = 0; gi < groupsPerVisit; gi++) {
        const g = gi === 0 ? 0 : byColumn![v] + 1;
        const k = keyOf(slot, g);
        if (pass === 0) {
          openCases[k]++;
          openPersons[k] += persons[visits.caseOf[v]];
          if (visits.start[v] < now) openInService[k]++;
          if (!carried(v)) openAge.count(k);
        } else if (!carried(v)) openAge.add(k, now - entry);
      }
    }
    if (pass === 0) openAge.allocate();
  }
  const open: OpenAtStage[] = [];
  for (let slot = 0; slot < S; slot++) {
    for (let g = 0; g < G; g++) {
      const k = keyOf(slot, g);
      if (g > 0 && openCases[k] === 0) continue;
      open.push({
        stage: activities[stageCodes[slot]],
        label: ctx.stageLabel(slot),
        group: ctx.groupName(g),
        cases: openCases[k],
        persons: openPersons[k],
        inService: openInService[k],
        age: distribution(openAge.sample(k)),
      });
    }
  }
  return open;
}
