// From ordered case events to stage visits and case facts: the one reading of an event log that every monitor
// figure and the calibration use. A visit is a case's stay at one stage: it is entered (schedule, or else the
// complete of the case's previous stage or its arrival), may start service, and ends with its complete. The
// chain's own activities (`arrival`, `initial`, `move`, `overflow`, `exit:<reason>`) are not stages; with a
// chain model only its stage ids are. Columns of typed arrays, one row per visit and per case.
import type { EventTable } from './event-table.ts';
import { LIFECYCLE_COMPLETE, LIFECYCLE_SCHEDULE, LIFECYCLE_START } from './event-table.ts';

export const ACTIVITY_ARRIVAL = 'arrival';
/** A case already in the chain when the log starts: its history before this event is unknown. */
export const ACTIVITY_INITIAL = 'initial';
export const ACTIVITY_MOVE = 'move';
export const ACTIVITY_OVERFLOW = 'overflow';
export const EXIT_PREFIX = 'exit:';
export const OVERFLOW_LOCATION = 'overflow';

/** The visit was entered at or before the case's `initial` event: its waiting is unknown (left-censored). */
export const VISIT_CARRIED_OVER = 1;
/** The case exited while the visit was open: it ends then, but without a complete. */
export const VISIT_ENDED_BY_EXIT = 2;

export interface Visits {
  count: number;
  caseOf: Int32Array;
  /** Activity code of the stage. */
  stageOf: Uint16Array;
  /** When the case became available for the stage (days): its schedule event, or else the previous stage's
   * complete or the arrival; NaN when none is known. */
  entry: Float64Array;
  start: Float64Array;
  /** NaN while open. */
  end: Float64Array;
  /** Time of the visit's first event. */
  firstSeen: Float64Array;
  flags: Uint8Array;
  trackOf: Uint16Array;
  cohortOf: Uint16Array;
  locationOf: Uint16Array;
  partnerOf: Uint16Array;
  /** Outcome recorded at the visit's complete (grant, reject, a track, a departure kind), 0 for none. */
  outcomeOf: Uint16Array;
  /** Visits of case c are visit indices caseVisitStart[c] .. caseVisitStart[c + 1] - 1, in order of entry. */
  caseVisitStart: Int32Array;
}

export interface CaseFacts {
  /** Time of the `arrival` event, NaN if none. */
  arrival: Float64Array;
  /** Time of the `initial` event (already in the chain when the log starts), NaN if none. */
  initial: Float64Array;
  /** Time of the first `exit:` event, NaN while in the chain. */
  exit: Float64Array;
  /** Activity code of that exit event (0 for none). */
  exitActivity: Uint16Array;
  /** First grant outcome, NaN if none. */
  grant: Float64Array;
  persons: Uint16Array;
  children: Uint16Array;
  /** Changes of reception location after the first placement (into `overflow` does not count). */
  moves: Uint16Array;
  /** Location code of the case's last event that names one (0: none), e.g. where it is at the end of the log. */
  location: Uint16Array;
  firstTime: Float64Array;
  lastTime: Float64Array;
}

export interface LogReading {
  visits: Visits;
  cases: CaseFacts;
  /** 1 for activity codes that are stages. */
  isStage: Uint8Array;
  /** Activities that are neither stages of the model nor the chain's own, with their event counts. */
  unknownActivities: { activity: string; events: number }[];
  /** A second schedule or start of a visit already scheduled or started; the later one is ignored. */
  repeatedTransitions: number;
}

/**
 * A visit whose lead time counts in a window: it ended there with a complete, and the case was not already in
 * the chain when the log started (its waiting would be unknown).
 */
export function measuredVisit(visits: Visits, v: number, fromDay: number, toDay: number): boolean {
  const end = visits.end[v];
  return end >= fromDay && end < toDay && (visits.flags[v] & (VISIT_CARRIED_OVER | VISIT_ENDED_BY_EXIT)) === 0;
}

function isChainActivity(a: string): boolean {
  return (
    a === ACTIVITY_ARRIVAL ||
    a === ACTIVITY_INITIAL ||
    a === ACTIVITY_MOVE ||
    a === ACTIVITY_OVERFLOW ||
    a.startsWith(EXIT_PREFIX)
  );
}

/** Derives visits and case facts; `stageIds` (a model's stages) decides which activities are stages. */
export function readVisits(table: EventTable, stageIds?: readonly string[]): LogReading {
  const activities = table.activities.values;
  const { isStage, isExit, unknownCount } = activityKinds(activities, stageIds);
  const arrivalCode = table.activities.find(ACTIVITY_ARRIVAL);
  const initialCode = table.activities.find(ACTIVITY_INITIAL);
  const grantCode = table.outcomes.find('grant');
  const overflowLocation = table.locations.find(OVERFLOW_LOCATION);

  const n = table.events;
  const { activityOf, lifecycleOf, timeOf, order, caseStart } = table;
  let stageEvents = 0;
  for (let i = 0; i < n; i++) {
    const a = activityOf[i];
    if (isStage[a] === 1) stageEvents++;
    else if (unknownCount.has(a)) unknownCount.set(a, unknownCount.get(a)! + 1);
  }

  const C = table.cases;
  const visits = emptyVisits(stageEvents, C);
  const cases = emptyCaseFacts(C);

  // Open visits of the current case: stage code and visit index (a case is rarely at more than one stage).
  let openStage = new Int32Array(8);
  let openVisit = new Int32Array(8);
  let open: number;
  let repeated = 0;
  let v = 0;
  const { trackOf, cohortOf, locationOf, partnerOf, outcomeOf, personsOf, childrenOf } = table;

  for (let c = 0; c < C; c++) {
    visits.caseVisitStart[c] = v;
    const a0 = caseStart[c];
    const a1 = caseStart[c + 1];
    open = 0;
    let prevEnd = Number.NaN;
    let initialTime = Number.NaN;
    let lastLocation = 0;
    let moves = 0;
    let persons = 1;
    let children = 0;
    cases.firstTime[c] = timeOf[order[a0]];
    cases.lastTime[c] = timeOf[order[a1 - 1]];
    for (let k = a0; k < a1; k++) {
      const e = order[k];
      const a = activityOf[e];
      const t = timeOf[e];
      if (personsOf[e] > persons) persons = personsOf[e];
      if (childrenOf[e] > children) children = childrenOf[e];
      const loc = locationOf[e];
      if (loc !== 0 && loc !== lastLocation) {
        if (lastLocation !== 0 && loc !== overflowLocation) moves++;
        lastLocation = loc;
      }
      if (outcomeOf[e] === grantCode && grantCode > 0 && Number.isNaN(cases.grant[c])) cases.grant[c] = t;
      if (isStage[a] === 1) {
        const lc = lifecycleOf[e];
        let j = -1;
        for (let o = 0; o < open; o++) {
          if (openStage[o] === a) {
            j = o;
            break;
          }
        }
        let visit: number;
        if (
          j >= 0 &&
          (lc === LIFECYCLE_COMPLETE || (lc === LIFECYCLE_START && Number.isNaN(visits.start[openVisit[j]])))
        ) {
          visit = openVisit[j];
        } else if (j >= 0) {
          repeated++; // a second schedule, or a second start: the first one stands
          continue;
        } else {
          visit = v++;
          visits.caseOf[visit] = c;
          visits.stageOf[visit] = a;
          visits.entry[visit] = lc === LIFECYCLE_SCHEDULE ? t : prevEnd;
          visits.start[visit] = Number.NaN;
          visits.end[visit] = Number.NaN;
          visits.firstSeen[visit] = t;
          visits.flags[visit] = t <= initialTime ? VISIT_CARRIED_OVER : 0;
          if (open === openStage.length) {
            const s = new Int32Array(open * 2);
            s.set(openStage);
            openStage = s;
            const w = new Int32Array(open * 2);
            w.set(openVisit);
            openVisit = w;
          }
          j = open++;
          openStage[j] = a;
          openVisit[j] = visit;
        }
        if (trackOf[e] !== 0) visits.trackOf[visit] = trackOf[e];
        if (cohortOf[e] !== 0) visits.cohortOf[visit] = cohortOf[e];
        if (loc !== 0) visits.locationOf[visit] = loc;
        if (partnerOf[e] !== 0) visits.partnerOf[visit] = partnerOf[e];
        if (lc === LIFECYCLE_START) visits.start[visit] = t;
        else if (lc === LIFECYCLE_COMPLETE) {
          visits.end[visit] = t;
          if (outcomeOf[e] !== 0) visits.outcomeOf[visit] = outcomeOf[e];
          prevEnd = t;
          open--;
          openStage[j] = openStage[open];
          openVisit[j] = openVisit[open];
        }
      } else if (a === arrivalCode) {
        if (Number.isNaN(cases.arrival[c])) cases.arrival[c] = t;
        if (Number.isNaN(prevEnd)) prevEnd = t;
      } else if (a === initialCode) {
        if (Number.isNaN(initialTime)) initialTime = t;
      } else if (isExit[a] === 1 && Number.isNaN(cases.exit[c])) {
        cases.exit[c] = t;
        cases.exitActivity[c] = a;
        for (let o = 0; o < open; o++) {
          visits.end[openVisit[o]] = t;
          visits.flags[openVisit[o]] |= VISIT_ENDED_BY_EXIT;
        }
        open = 0;
      }
    }
    cases.initial[c] = initialTime;
    cases.persons[c] = persons;
    cases.children[c] = children;
    cases.moves[c] = moves;
    cases.location[c] = lastLocation;
    fillCaseAttributes(visits, visits.caseVisitStart[c], v);
  }
  visits.caseVisitStart[C] = v;
  visits.count = v;
  const unknownActivities = [...unknownCount]
    .map(([code, events]) => ({ activity: activities[code], events }))
    .sort((x, y) => y.events - x.events);
  return { visits, cases, isStage, unknownActivities, repeatedTransitions: repeated };
}

/** Which activity codes are stages (all but the chain's own, or those of `stageIds`), exits, or neither. */
function activityKinds(
  activities: readonly string[],
  stageIds: readonly string[] | undefined,
): { isStage: Uint8Array; isExit: Uint8Array; unknownCount: Map<number, number> } {
  const isStage = new Uint8Array(activities.length);
  const stageSet = stageIds ? new Set(stageIds) : undefined;
  const unknownCount = new Map<number, number>();
  activities.forEach((a, code) => {
    if (code === 0 || isChainActivity(a)) return;
    if (stageSet === undefined || stageSet.has(a)) isStage[code] = 1;
    else unknownCount.set(code, 0);
  });
  const isExit = new Uint8Array(activities.length);
  activities.forEach((a, code) => {
    if (a.startsWith(EXIT_PREFIX)) isExit[code] = 1;
  });
  return { isStage, isExit, unknownCount };
}

/** Room for `cap` visits (at most one per stage event) of C cases. */
function emptyVisits(cap: number, C: number): Visits {
  return {
    count: 0,
    caseOf: new Int32Array(cap),
    stageOf: new Uint16Array(cap),
    entry: new Float64Array(cap),
    start: new Float64Array(cap),
    end: new Float64Array(cap),
    firstSeen: new Float64Array(cap),
    flags: new Uint8Array(cap),
    trackOf: new Uint16Array(cap),
    cohortOf: new Uint16Array(cap),
    locationOf: new Uint16Array(cap),
    partnerOf: new Uint16Array(cap),
    outcomeOf: new Uint16Array(cap),
    caseVisitStart: new Int32Array(C + 1),
  };
}

/** The facts of C cases, times NaN until recorded. */
function emptyCaseFacts(C: number): CaseFacts {
  return {
    arrival: new Float64Array(C).fill(Number.NaN),
    initial: new Float64Array(C).fill(Number.NaN),
    exit: new Float64Array(C).fill(Number.NaN),
    exitActivity: new Uint16Array(C),
    grant: new Float64Array(C).fill(Number.NaN),
    persons: new Uint16Array(C),
    children: new Uint16Array(C),
    moves: new Uint16Array(C),
    location: new Uint16Array(C),
    firstTime: new Float64Array(C),
    lastTime: new Float64Array(C),
  };
}

/**
 * Track and cohort are properties of the case as much as of the visit: a visit that recorded none takes the
 * case's next known value (a registration visit takes the track drawn after it), else its previous one. A
 * visit without a location is where the case was before.
 */
function fillCaseAttributes(visits: Visits, from: number, to: number): void {
  for (const column of [visits.trackOf, visits.cohortOf]) {
    let next = 0;
    for (let i = to - 1; i >= from; i--) {
      if (column[i] === 0) column[i] = next;
      else next = column[i];
    }
    let previous = 0;
    for (let i = from; i < to; i++) {
      if (column[i] === 0) column[i] = previous;
      else previous = column[i];
    }
  }
  let location = 0;
  for (let i = from; i < to; i++) {
    if (visits.locationOf[i] === 0) visits.locationOf[i] = location;
    else location = visits.locationOf[i];
  }
}
