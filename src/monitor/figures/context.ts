// What every family of monitor figures reads besides the visits: the window and its "now", the stages in their
// order (model order when there is a model), the groups of --by, and the small predicates on a visit.
import { type CompiledChain, type CompiledStage } from '../../sim/chain/compile.ts';
import { formatIsoDate } from '../../core/calendar.ts';
import { InputError } from '../../core/diagnostics.ts';
import type { EventTable } from '../event-table.ts';
import { type CaseFacts, type LogReading, type Visits, VISIT_CARRIED_OVER, VISIT_ENDED_BY_EXIT } from '../visits.ts';
import type { MonitorOptions } from './types.ts';

export interface FigureContext {
  table: EventTable;
  visits: Visits;
  cases: CaseFacts;
  chain: CompiledChain | undefined;
  /** The window [fromDay, toDay), days since 1970-01-01. */
  fromDay: number;
  toDay: number;
  /** The "now" of open cases: the end of the window. */
  now: number;
  /** Activity names by code. */
  activities: readonly string[];
  /** Activity code of each stage slot; slots in model order when there is a model, else in order of appearance. */
  stageCodes: number[];
  /** Stage slot of each activity code (−1 for activities that are not stages). */
  stageSlot: Int32Array;
  stageCount: number;
  /** The --by column per visit (null without --by). */
  byColumn: Uint16Array | null;
  /** Groups: 0 for all cases, g + 1 for dictionary code g of the --by attribute. */
  groupCount: number;
  /** How many groups one visit counts in: all, and its own with --by. */
  groupsPerVisit: number;
  /** The model's stage of a slot (undefined without a model). */
  stageSpec: (slot: number) => CompiledStage | undefined;
  stageLabel: (slot: number) => string;
  /** '' for all cases, else the group's value ('(none)' when not recorded). */
  groupName: (g: number) => string;
  /** Key of (stage slot, group) in the per-key arrays. */
  keyOf: (slot: number, g: number) => number;
  carried: (v: number) => boolean;
  endedByExit: (v: number) => boolean;
  /** A visit in the chain at `now`. */
  isOpen: (v: number) => boolean;
  /** Days since the model's start day (the simulator's time) of a log time. */
  simTime: (t: number) => number;
}

/** The window, stages and groups of a monitor run; throws an InputError when the window is empty. */
export function figureContext(table: EventTable, reading: LogReading, options: MonitorOptions): FigureContext {
  const { visits, cases } = reading;
  const chain = options.chain;
  const fromDay = options.fromDay ?? (Number.isFinite(table.firstTime) ? Math.floor(table.firstTime) : 0);
  const toDay = options.toDay ?? (Number.isFinite(table.lastTime) ? Math.floor(table.lastTime) + 1 : fromDay + 1);
  if (!(toDay > fromDay)) throw new InputError(emptyWindowMessage(options, fromDay, toDay));
  const now = toDay;

  const activities = table.activities.values;
  const stageCodes: number[] = [];
  for (let a = 0; a < reading.isStage.length; a++) if (reading.isStage[a] === 1) stageCodes.push(a);
  // Stages in model order when there is a model, else in order of first appearance.
  const modelIndex = new Int32Array(activities.length).fill(-1);
  if (chain) {
    chain.stages.forEach((s, i) => {
      const code = table.activities.find(s.id);
      if (code >= 0) modelIndex[code] = i;
    });
    stageCodes.sort((x, y) => modelIndex[x] - modelIndex[y]);
  }
  const stageSlot = new Int32Array(activities.length).fill(-1);
  stageCodes.forEach((a, i) => (stageSlot[a] = i));
  const stageSpec = (slot: number) => (chain ? chain.stages[modelIndex[stageCodes[slot]]] : undefined);
  const stageLabel = (slot: number) => stageSpec(slot)?.label ?? activities[stageCodes[slot]];

  const byColumn =
    options.by === undefined
      ? null
      : { track: visits.trackOf, cohort: visits.cohortOf, location: visits.locationOf, partner: visits.partnerOf }[
          options.by
        ];
  const byDictionary =
    options.by === undefined
      ? null
      : { track: table.tracks, cohort: table.cohorts, location: table.locations, partner: table.partners }[options.by];
  const G = byDictionary ? byDictionary.size + 1 : 1; // group 0: all; group g+1: dictionary code g
  return {
    table,
    visits,
    cases,
    chain,
    fromDay,
    toDay,
    now,
    activities,
    stageCodes,
    stageSlot,
    stageCount: stageCodes.length,
    byColumn,
    groupCount: G,
    groupsPerVisit: byColumn ? 2 : 1,
    stageSpec,
    stageLabel,
    groupName: (g: number) =>
      g === 0 ? '' : byDictionary!.values[g - 1] === '' ? '(none)' : byDictionary!.values[g - 1],
    keyOf: (slot: number, g: number) => slot * G + g,
    carried: (v: number) => (visits.flags[v] & VISIT_CARRIED_OVER) !== 0,
    endedByExit: (v: number) => (visits.flags[v] & VISIT_ENDED_BY_EXIT) !== 0,
    isOpen: (v: number) => visits.firstSeen[v] < now && !(visits.end[v] < now),
    simTime: (t: number) => t - (chain?.startDay ?? 0),
  };
}

/** Why the window [fromDay, toDay) is empty, in the words of the options that made it so. */
function emptyWindowMessage(options: MonitorOptions, fromDay: number, toDay: number): string {
  const from = formatIsoDate(fromDay);
  const to = formatIsoDate(toDay - 1); // --to is the window's last day
  if (options.fromDay !== undefined && options.toDay !== undefined)
    return `the window is empty: --to ${to} is before --from ${from}`;
  if (options.fromDay !== undefined)
    return `the window is empty: --from ${from} is after the last event of the log (${to}); give an earlier --from, or a --to after it`;
  if (options.toDay !== undefined)
    return `the window is empty: --to ${to} is before the first event of the log (${from}); give a later --to, or a --from before it`;
  return `the window is empty: ${from} – ${to}`;
}
