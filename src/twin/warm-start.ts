// The twin's warm start: every case open in an event log at the start of the as-of date (00:00 Europe/Amsterdam,
// the day edge of the simulator and the monitor) becomes one row of the model's per-case initial state, with its
// stage, household, kind, cohort, track, permit, and the dates of its history, so that the simulated future
// continues the real past and no clock restarts. Only events before the as-of moment are read: later ones are
// ignored and counted. The capacities the projection runs with are read twice: from the model and from the log.
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { type Diagnostic, InputError } from '../core/diagnostics.ts';
import type { InitialCaseRow } from '../model/initial-cases.ts';
import type { LoadedModel } from '../model/load.ts';
import { type ApplicationKind, CLOCK_STOPPED, type ChainModel, INITIAL_OVERFLOW, IsoDate } from '../model/schema.ts';
import { validateModel } from '../model/validate.ts';
import {
  CAPACITY_SERVERS,
  CAPACITY_THROUGHPUT,
  type CompiledChain,
  KIND_INDEX,
  compileChain,
  valueAt,
} from '../sim/chain/compile.ts';
import { renderPath } from '../core/yaml-source.ts';
import { type EventTable, eventsBefore } from '../monitor/event-table.ts';
import { type LogReading, readVisits } from '../monitor/visits.ts';
import type { CapacitySource, WarmStartStage, WarmStartSummary } from './types.ts';

/** Days before the as-of date over which the log's own capacity (cases in service at once) is averaged. */
export const CAPACITY_LOG_WINDOW_DAYS = 28;

export interface WarmStartOptions {
  /** The log's file name, for errors located in it (default: "the event log"). */
  logFile?: string;
  /** Which capacities the projection runs with (default: the model's). */
  capacity?: CapacitySource;
}

export interface WarmStart {
  summary: WarmStartSummary;
  /** One row per open case, in the order of the log's cases; no identifier. */
  rows: InitialCaseRow[];
}

/** The cases open at the start of `asOf` (YYYY-MM-DD) in the log, read with the model's stages, norms and kinds. */
export function warmStart(
  table: EventTable,
  loaded: LoadedModel,
  asOf: string,
  options: WarmStartOptions = {},
): WarmStart {
  const logFile = options.logFile ?? 'the event log';
  const { model } = loaded;
  if (!IsoDate.safeParse(asOf).success)
    throw new InputError(`--as-of must be a date YYYY-MM-DD (got "${asOf.slice(0, 40)}")`);
  const asOfDay = parseIsoDate(asOf);
  const stageIds = model.stages.map((s) => s.id);
  const inLog = stageIds.filter((id) => table.activities.find(id) >= 0);
  if (inLog.length === 0) throw noModelStages(table, loaded, logFile);
  const first = Math.floor(table.firstTime);
  const last = Math.floor(table.lastTime) + 1;
  if (!(asOfDay > first && asOfDay <= last))
    throw new InputError(
      `--as-of ${asOf} is outside ${logFile}: its events run from ${formatIsoDate(first)} to ${formatIsoDate(last - 1)}; give a date from ${formatIsoDate(first + 1)} to ${formatIsoDate(last)} (the start of that day is the as-of moment)`,
    );

  const cut = eventsBefore(table, asOfDay);
  const reading = readVisits(cut.table, stageIds);
  // The model as it stands at the as-of date: its stage indices, entry stages, norms and capacities.
  const shifted = { ...loaded, model: { ...model, time: { ...model.time, start: asOf } } };
  const chain = compileChain(shifted, { horizonDays: 1 });
  const rows: InitialCaseRow[] = [];
  const openAt = new Int32Array(table.cases).fill(-1);
  let closedCases = 0;
  let withoutStage = 0;
  let cohortAssumed = 0;
  const caseRows = new CaseRows(cut.table, reading, chain, model);
  for (let c = 0; c < table.cases; c++) {
    const v0 = cut.table.caseStart[c];
    if (v0 === cut.table.caseStart[c + 1]) continue; // first event at or after the as-of moment
    if (!Number.isNaN(reading.cases.exit[c])) {
      closedCases++;
      continue;
    }
    const v = caseRows.openVisit(c);
    if (v < 0) {
      withoutStage++;
      continue;
    }
    openAt[c] = v;
    const row = caseRows.row(c, v);
    if (row.cohortAssumed) cohortAssumed++;
    rows.push(row.row);
  }
  checkRouting(model, rows, logFile);
  const stages = stageCounts(chain, reading, cut.table, openAt, asOfDay);
  const summary: WarmStartSummary = {
    asOf,
    logCases: table.cases,
    openCases: rows.length,
    openPersons: rows.reduce((a, r) => a + r.persons, 0),
    closedCases,
    eventsAfterAsOf: cut.eventsAfter,
    casesAfterAsOf: cut.casesAfter,
    stages,
    capacitySource: options.capacity ?? 'model',
    ...(withoutStage > 0 && { withoutStage }),
    ...(cohortAssumed > 0 && { cohortAssumed }),
  };
  return { summary, rows };
}

function noModelStages(table: EventTable, loaded: LoadedModel, logFile: string): InputError {
  const activities = table.activities.values.filter((a) => a !== '').slice(0, 12);
  return new InputError([
    {
      file: logFile,
      line: 1,
      col: 1,
      path: 'activity',
      message: `the log has none of the stages of the model ${loaded.file} (${loaded.model.stages
        .map((s) => s.id)
        .join(
          ', ',
        )}); its activities are ${activities.join(', ') || '(none)'}: give the model this log was written for, or map the log's activities to the model's stage ids (doorstroom import --mapping)`,
    },
  ]);
}

/** The routing check of the model with every open case as a start; a problem is the log's, reported at it. */
function checkRouting(model: ChainModel, rows: InitialCaseRow[], logFile: string): void {
  // One start per distinct (stage, kind, cohort, track): the check is about routes, not about households.
  const starts = new Map<string, InitialCaseRow>();
  for (const r of rows) starts.set(`${r.stage}|${r.kind}|${r.cohort}|${r.track ?? ''}`, r);
  const problems = validateModel(model, [...starts.values()]).map((p) => `${renderPath(p.path)}: ${p.message}`);
  if (problems.length > 0)
    throw new InputError(
      problems.map((message): Diagnostic => ({
        file: logFile,
        line: 1,
        col: 1,
        path: '',
        message: `a case open at the as-of date cannot go on in the model: ${message}; check that the log and the model describe the same chain`,
      })),
    );
}

/** Reads, for one case, its open visit at the as-of moment and the initial-case row it becomes. */
class CaseRows {
  private readonly table: EventTable;
  private readonly reading: LogReading;
  private readonly chain: CompiledChain;
  private readonly model: ChainModel;
  /** Stage index of each activity code (−1: not a stage of the model). */
  private readonly stageOfCode: Int32Array;
  private readonly kindOfEntry: Map<number, ApplicationKind>;
  private readonly trackIds: Set<string>;
  private readonly cohortIds: Set<string>;
  private readonly locationIds: Set<string>;
  /** Whether the log records children at all; without, each household's children are drawn as for arrivals. */
  private readonly childrenRecorded: boolean;

  constructor(table: EventTable, reading: LogReading, chain: CompiledChain, model: ChainModel) {
    this.table = table;
    this.reading = reading;
    this.chain = chain;
    this.model = model;
    this.stageOfCode = new Int32Array(table.activities.size).fill(-1);
    chain.stages.forEach((s, i) => {
      const code = table.activities.find(s.id);
      if (code >= 0) this.stageOfCode[code] = i;
    });
    // The kind of a case follows from the stage it entered first: an abroad stage or an entry stage.
    this.kindOfEntry = new Map();
    for (const kind of ['familyReunification', 'repeat', 'first'] as const) {
      const s = chain.entryStage[KIND_INDEX[kind]];
      if (s >= 0) this.kindOfEntry.set(s, kind);
    }
    chain.stages.forEach((s, i) => s.abroad && this.kindOfEntry.set(i, 'familyReunification'));
    this.trackIds = new Set(model.tracks.map((t) => t.id));
    this.cohortIds = new Set(model.cohorts.map((c) => c.id));
    this.locationIds = new Set((model.reception?.locations ?? []).map((l) => l.id));
    this.childrenRecorded = table.childrenOf.some((n) => n > 0);
  }

  /** The case's visit open at the as-of moment (the last one entered, if several), or −1. */
  openVisit(c: number): number {
    const { visits } = this.reading;
    for (let v = visits.caseVisitStart[c + 1] - 1; v >= visits.caseVisitStart[c]; v--)
      if (Number.isNaN(visits.end[v]) && this.stageOfCode[visits.stageOf[v]] >= 0) return v;
    return -1;
  }

  row(c: number, v: number): { row: InitialCaseRow; cohortAssumed: boolean } {
    const { table, reading, chain, model } = this;
    const { visits, cases } = reading;
    const stage = this.stageOfCode[visits.stageOf[v]];
    const firstVisit = visits.caseVisitStart[c];
    const kind = this.kindOfEntry.get(this.stageOfCode[visits.stageOf[firstVisit]]) ?? 'first';
    const cohortText = table.cohorts.values[visits.cohortOf[v]];
    const cohortAssumed = !this.cohortIds.has(cohortText);
    const trackText = table.tracks.values[visits.trackOf[v]];
    const entered = entryOf(reading, v);
    const abroad = chain.stages[stage].abroad;
    const firstEvent = cases.firstTime[c];
    const arrival = abroad || Number.isNaN(cases.arrival[c]) ? firstEvent : cases.arrival[c];
    const arrived = Math.min(arrival, entered);
    const started = visits.start[v];
    const persons = Math.max(1, cases.persons[c]);
    return {
      cohortAssumed,
      row: {
        stage: chain.stages[stage].id,
        persons,
        children: this.childrenRecorded ? Math.min(persons, cases.children[c]) : null,
        kind,
        cohort: cohortAssumed ? model.cohorts[0].id : cohortText,
        track: this.trackIds.has(trackText) ? trackText : null,
        granted: !Number.isNaN(cases.grant[c]),
        arrived: dateOf(arrived),
        enteredStage: dateOf(entered),
        startedService: Number.isNaN(started) ? null : dateOf(Math.max(started, entered)),
        clocks: this.clocks(c, kind, abroad),
        // The log does not link a family to its sponsor: an open application abroad counts as not housed.
        sponsorHoused: null,
        location: abroad ? null : this.locationOf(c),
      },
    };
  }

  /** Where the case is at the as-of moment: its last event's location when the model has it, else null. */
  private locationOf(c: number): string | null {
    const name = this.table.locations.values[this.reading.cases.location[c]];
    return name === INITIAL_OVERFLOW || this.locationIds.has(name) ? name : null;
  }

  /**
   * The chain norms' clocks as the case's history leaves them: started at the first of their start events,
   * stopped for good at a stop event after it — the simulator's rule (at one moment, a stage event stops a clock
   * before it starts one, and events follow the case's visits in order).
   */
  private clocks(c: number, kind: ApplicationKind, abroad: boolean): Record<string, string> {
    const { visits, cases } = this.reading;
    const clocks: Record<string, string> = {};
    const k = KIND_INDEX[kind];
    for (const norm of this.chain.norms) {
      if (norm.kinds[k] === 0) continue;
      let start = Number.NaN;
      let stopped = false;
      // The moments of the case's stage events in order: arrival first, then per visit enter, start, end.
      const events: { t: number; order: number; stage: number; event: number }[] = [];
      if (!abroad && !Number.isNaN(cases.arrival[c]))
        events.push({ t: cases.arrival[c], order: -1, stage: -1, event: -1 });
      for (let v = visits.caseVisitStart[c]; v < visits.caseVisitStart[c + 1]; v++) {
        const s = this.stageOfCode[visits.stageOf[v]];
        if (s < 0) continue;
        const times = [entryOf(this.reading, v), visits.start[v], visits.end[v]];
        times.forEach((t, event) => {
          if (!Number.isNaN(t)) events.push({ t, order: v * 3 + event, stage: s, event });
        });
      }
      events.sort((a, b) => a.t - b.t || a.order - b.order);
      for (const e of events) {
        if (e.stage < 0) {
          if (norm.fromStages === null && Number.isNaN(start)) start = e.t;
          continue;
        }
        if (!Number.isNaN(start) && !stopped && norm.toEvent === e.event && norm.toStages.includes(e.stage))
          stopped = true;
        if (
          Number.isNaN(start) &&
          norm.fromStages !== null &&
          norm.fromEvent === e.event &&
          norm.fromStages.includes(e.stage)
        )
          start = e.t;
      }
      if (stopped) clocks[norm.id] = CLOCK_STOPPED;
      else if (!Number.isNaN(start)) clocks[norm.id] = dateOf(start);
    }
    return clocks;
  }
}

/** When the visit's case became available for the stage: its entry, or its first event when none is known. */
function entryOf(reading: LogReading, v: number): number {
  const entry = reading.visits.entry[v];
  return Number.isNaN(entry) ? reading.visits.firstSeen[v] : entry;
}

/** The date of a log time (its day, 00:00 Amsterdam). */
function dateOf(t: number): string {
  return formatIsoDate(Math.floor(t));
}

/** Per stage of the model: the open cases, their persons and those in service, and both capacities. */
function stageCounts(
  chain: CompiledChain,
  reading: LogReading,
  table: EventTable,
  openAt: Int32Array,
  asOfDay: number,
): WarmStartStage[] {
  const S = chain.stages.length;
  const cases = new Int32Array(S);
  const persons = new Float64Array(S);
  const inService = new Int32Array(S);
  const stageOfCode = new Int32Array(table.activities.size).fill(-1);
  chain.stages.forEach((s, i) => {
    const code = table.activities.find(s.id);
    if (code >= 0) stageOfCode[code] = i;
  });
  const { visits } = reading;
  for (let c = 0; c < openAt.length; c++) {
    const v = openAt[c];
    if (v < 0) continue;
    const s = stageOfCode[visits.stageOf[v]];
    cases[s]++;
    persons[s] += Math.max(1, reading.cases.persons[c]);
    if (!Number.isNaN(visits.start[v])) inService[s]++;
  }
  // The log's capacity: case-days in service within the window before the as-of date, over its length.
  const windowFrom = Math.max(asOfDay - CAPACITY_LOG_WINDOW_DAYS, Math.floor(table.firstTime));
  const windowDays = asOfDay - windowFrom;
  const busyDays = new Float64Array(S);
  const served = new Uint8Array(S);
  for (let v = 0; v < visits.count; v++) {
    const s = stageOfCode[visits.stageOf[v]];
    const start = visits.start[v];
    if (s < 0 || Number.isNaN(start)) continue;
    served[s] = 1;
    const end = Number.isNaN(visits.end[v]) ? asOfDay : visits.end[v];
    const overlap = Math.min(end, asOfDay) - Math.max(start, windowFrom);
    if (overlap > 0) busyDays[s] += overlap;
  }
  return chain.stages.map((stage, s) => ({
    stage: stage.id,
    cases: cases[s],
    persons: persons[s],
    inService: inService[s],
    capacityModel: modelCapacity(chain, s),
    capacityLog: served[s] === 1 && windowDays > 0 ? busyDays[s] / windowDays : null,
  }));
}

/** The stage's servers at the as-of date (time 0 of the chain), or its quota of that day; null without a limit. */
function modelCapacity(chain: CompiledChain, s: number): number | null {
  const stage = chain.stages[s];
  if (stage.capacityKind === CAPACITY_SERVERS && stage.servers !== null) return valueAt(stage.servers, 0);
  if (stage.capacityKind === CAPACITY_THROUGHPUT && stage.dailyQuota !== null) return stage.dailyQuota[0];
  return null;
}
