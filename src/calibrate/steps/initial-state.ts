// The state at the start of a calibrated model: persons at each stage at the start of the window, grouped by
// stage, kind, cohort, granted or not, and track, as the model's initialState wants them.
import type { ApplicationKind, ChainModel } from '../../model/schema.ts';
import type { EventTable } from '../../monitor/event-table.ts';
import type { LogReading } from '../../monitor/visits.ts';

/** Persons at each stage at the start of the window, grouped as the model's initial state wants them. */
export function initialState(
  model: ChainModel,
  table: EventTable,
  reading: LogReading,
  caseKind: (ApplicationKind | undefined)[],
  caseCohort: Int32Array,
  fromDay: number,
): ChainModel['initialState'] {
  const { visits, cases } = reading;
  const groups = new Map<string, ChainModel['initialState'][number]>();
  const stageIds = new Set(model.stages.map((s) => s.id));
  for (let v = 0; v < visits.count; v++) {
    const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
    if (!(entry <= fromDay) || visits.end[v] <= fromDay) continue;
    const c = visits.caseOf[v];
    if (cases.arrival[c] >= fromDay) continue;
    const stage = table.activities.values[visits.stageOf[v]];
    if (!stageIds.has(stage)) continue;
    const kind = caseKind[c] ?? 'first';
    const cohort = caseCohort[c] >= 0 ? model.cohorts[caseCohort[c]].id : undefined;
    const granted = cases.grant[c] <= fromDay;
    const track = table.tracks.values[visits.trackOf[v]];
    const trackId = model.tracks.some((t) => t.id === track) ? track : undefined;
    const key = `${stage}|${kind}|${cohort ?? ''}|${granted}|${trackId ?? ''}`;
    let group = groups.get(key);
    if (!group) {
      group = { stage, persons: 0, kind, granted };
      if (cohort !== undefined) group.cohort = cohort;
      if (trackId !== undefined) group.track = trackId;
      groups.set(key, group);
    }
    group.persons += cases.persons[c];
  }
  const order = new Map(model.stages.map((s, i) => [s.id, i]));
  return [...groups.values()].sort(
    (a, b) =>
      order.get(a.stage)! - order.get(b.stage)! ||
      (a.cohort ?? '').localeCompare(b.cohort ?? '') ||
      Number(a.granted) - Number(b.granted),
  );
}
