// The monitor's figures, computed from the stage visits of an event log: lead times per stage (waiting,
// processing, total) and end to end, shares within the model's norms, cases open now and how long they have
// waited, stock per stage per week with entries, completions and utilisation, norm breaches ahead, a
// bottleneck ranking, moves per person and per child, and permit holders waiting for housing. Pure
// computation over typed arrays; the edge-time definitions are in docs/monitor.md.
import {
  type CompiledChain,
  CAPACITY_SERVERS,
  CAPACITY_THROUGHPUT,
  chainNormTerm,
  normDeadline,
  valueAt,
} from '../sim/chain/compile.ts';
import { formatIsoDate, weekday } from '../core/calendar.ts';
import { InputError } from '../core/diagnostics.ts';
import { quantileSorted } from '../core/stats.ts';
import type { EventTable } from './event-table.ts';
import { type LogReading, VISIT_CARRIED_OVER, VISIT_ENDED_BY_EXIT, measuredVisit } from './visits.ts';

export const GROUP_BY = ['track', 'cohort', 'location', 'partner'] as const;
export type GroupBy = (typeof GROUP_BY)[number];

/** Horizons of the breach outlook, in days (1, 4 and 8 weeks). */
export const BREACH_HORIZONS_DAYS = [7, 28, 56] as const;

/**
 * The most weeks of the weekly table (stock, entries, completions, utilisation per stage): the last 1,044 weeks
 * (20 years) of the window. Every other figure covers the whole window; this bound keeps the monitor's memory
 * a matter of the events, not of the span of their dates or of --from and --to.
 */
export const MAX_WEEKLY_WEEKS = 1044;

export interface MonitorOptions {
  /** Start of the measured window, days since 1970-01-01 (default: the first event's day). */
  fromDay?: number;
  /** End of the window (exclusive) and the "now" of open cases (default: the day after the last event). */
  toDay?: number;
  by?: GroupBy;
  /** The chain model compiled: norms, calendar, capacities, labels and kinds. */
  chain?: CompiledChain;
}

export interface Distribution {
  n: number;
  mean: number;
  p50: number;
  p90: number;
  max: number;
}

export interface StageLeadTimes {
  stage: string;
  label: string;
  partner: string;
  /** '' for all cases, else the value of the --by attribute ('(none)' when not recorded). */
  group: string;
  completed: number;
  completedPersons: number;
  waiting: Distribution;
  processing: Distribution;
  total: Distribution;
  /** Share of completed visits within the stage's norm; NaN without a norm. */
  withinNorm: number;
}

export interface EndToEnd {
  /** 'all' or the exit activity (exit:housed …). */
  exit: string;
  leadTime: Distribution;
}

export interface NormFigures {
  id: string;
  label: string;
  scope: 'stage' | 'chain';
  termDays: number;
  termMonths: number;
  working: boolean;
  group: string;
  /** Clocks that stopped in the window, and how many within the term. */
  measured: number;
  withinNorm: number;
  withinShare: number;
  leadTime: Distribution;
  /** Clocks running at `now`: all, and past their deadline. */
  open: number;
  openPastDeadline: number;
}

export interface OpenAtStage {
  stage: string;
  label: string;
  group: string;
  cases: number;
  persons: number;
  /** Of them, with a start of service recorded. */
  inService: number;
  /** Days since entering the stage, for the open cases whose entry is known. */
  age: Distribution;
}

export interface WeeklyStageRow {
  /** Monday of the ISO week, YYYY-MM-DD. */
  week: string;
  stage: string;
  /** Persons in the stage at the end of the week (or of the window), and in service then. */
  stockEnd: number;
  inServiceEnd: number;
  /** Mean persons in the stage over the week's days in the window. */
  stockMean: number;
  enteredCases: number;
  enteredPersons: number;
  completedCases: number;
  completedPersons: number;
  /** Busy share of the capacity: servers busy / servers, or starts / quota; NaN when not known. */
  utilisation: number;
}

export interface BreachOutlook {
  id: string;
  scope: 'stage' | 'chain';
  /** Open clocks whose deadline has passed at `now`. */
  overdue: number;
  /** Open clocks whose deadline falls after now and within 7, 28 and 56 days: they breach if nothing changes. */
  within: number[];
}

export interface Bottleneck {
  rank: number;
  stage: string;
  label: string;
  /** Person-days of waiting in the window (from entry to start, or to now while waiting). */
  waitingPersonDays: number;
  waitingShare: number;
  waitingP90Days: number;
  stockStart: number;
  stockEnd: number;
  /** Least-squares slope of the weekly end-of-week stock, persons per week. */
  stockTrendPerWeek: number;
  utilisation: number;
  growing: boolean;
}

export interface MovesFigures {
  /** Cases that left the chain in the window (not carried over), their persons and children. */
  exitedCases: number;
  exitedPersons: number;
  exitedChildren: number;
  perPerson: number;
  perChild: number;
}

export interface HousingFigures {
  /** Permit holders (a grant recorded) still in the chain at `now`. */
  waitingCases: number;
  waitingPersons: number;
  /** Days since the grant. */
  waitingDays: Distribution;
  /** Waiting permit holders at a stage whose norm they have exceeded. */
  pastStageNorm: number;
  /** Cases housed (exit:housed) in the window: days from grant to housing. */
  housedCases: number;
  grantToHoused: Distribution;
}

export interface MonitorResult {
  /** First and last day of the window (both included); fromDay and toDay (exclusive) as day numbers. */
  window: { from: string; to: string; fromDay: number; toDay: number };
  log: {
    events: number;
    cases: number;
    visits: number;
    carriedOverCases: number;
    unknownActivities: { activity: string; events: number }[];
    repeatedTransitions: number;
  };
  by: GroupBy | null;
  stages: StageLeadTimes[];
  endToEnd: EndToEnd[];
  norms: NormFigures[];
  open: OpenAtStage[];
  weekly: WeeklyStageRow[];
  breaches: BreachOutlook[];
  bottlenecks: Bottleneck[];
  moves: MovesFigures;
  housing: HousingFigures;
  /** What a reader must know to read the figures (e.g. that the weekly table covers only the window's last weeks). */
  notes: string[];
}

const EMPTY: Distribution = { n: 0, mean: Number.NaN, p50: Number.NaN, p90: Number.NaN, max: Number.NaN };

/** Count, mean, P50, P90 (type 7) and maximum; sorts `values` in place. */
export function distribution(values: Float64Array): Distribution {
  const n = values.length;
  if (n === 0) return EMPTY;
  values.sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return { n, mean: sum / n, p50: quantileSorted(values, 0.5), p90: quantileSorted(values, 0.9), max: values[n - 1] };
}

/**
 * Values collected per integer key in two passes (count, then fill), so a million observations cost three
 * typed arrays instead of a million pushes onto growing lists.
 */
class GroupedSamples {
  private readonly counts: Int32Array;
  private offsets: Int32Array | null = null;
  private values: Float64Array | null = null;
  private fill: Int32Array | null = null;

  constructor(keys: number) {
    this.counts = new Int32Array(keys);
  }

  count(key: number): void {
    this.counts[key]++;
  }

  /** After all counts: allocates the value storage. */
  allocate(): void {
    const k = this.counts.length;
    this.offsets = new Int32Array(k + 1);
    for (let i = 0; i < k; i++) this.offsets[i + 1] = this.offsets[i] + this.counts[i];
    this.values = new Float64Array(this.offsets[k]);
    this.fill = this.offsets.slice(0, k);
  }

  add(key: number, value: number): void {
    this.values![this.fill![key]++] = value;
  }

  sample(key: number): Float64Array {
    return this.values!.subarray(this.offsets![key], this.fill![key]);
  }
}

/** Mondays: the ISO week containing `day` starts on this day number. */
function weekStart(day: number): number {
  return day - weekday(day);
}

function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/** Computes every monitor figure. */
export function monitorFigures(table: EventTable, reading: LogReading, options: MonitorOptions = {}): MonitorResult {
  const { visits, cases } = reading;
  const chain = options.chain;
  const V = visits.count;
  const C = table.cases;
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
  const S = stageCodes.length;
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
  const groupsPerVisit = byColumn ? 2 : 1;
  const groupName = (g: number) =>
    g === 0 ? '' : byDictionary!.values[g - 1] === '' ? '(none)' : byDictionary!.values[g - 1];
  const persons = cases.persons;
  const carried = (v: number) => (visits.flags[v] & VISIT_CARRIED_OVER) !== 0;
  const endedByExit = (v: number) => (visits.flags[v] & VISIT_ENDED_BY_EXIT) !== 0;
  const simTime = (t: number) => t - (chain?.startDay ?? 0);

  // ---- stage lead times --------------------------------------------------------------------------------------
  const keyOf = (slot: number, g: number) => slot * G + g;
  const waiting = new GroupedSamples(S * G);
  const processing = new GroupedSamples(S * G);
  const total = new GroupedSamples(S * G);
  const completedPersons = new Float64Array(S * G);
  const completedCases = new Int32Array(S * G);
  const withinCount = new Int32Array(S * G);
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
  // Stage norms: within when the visit ended by its deadline (measured like the simulator, from the entry).
  if (chain) {
    for (let v = 0; v < V; v++) {
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
  }
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

  // ---- end to end: arrival to exit --------------------------------------------------------------------------
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

  // ---- norms and the breach outlook -------------------------------------------------------------------------
  const norms: NormFigures[] = [];
  const breaches: BreachOutlook[] = [];
  if (chain) {
    const H = BREACH_HORIZONS_DAYS;
    const nowSim = simTime(now);
    // Stage norms from the visits.
    for (let slot = 0; slot < S; slot++) {
      const spec = stageSpec(slot);
      if (!spec?.norm) continue;
      const norm = spec.norm;
      const outlook: BreachOutlook = { id: `stage.${spec.id}`, scope: 'stage', overdue: 0, within: H.map(() => 0) };
      let open = 0;
      for (let v = 0; v < V; v++) {
        if (stageSlot[visits.stageOf[v]] !== slot || carried(v) || Number.isNaN(visits.entry[v])) continue;
        if (visits.entry[v] >= now || visits.end[v] < now) continue;
        open++;
        const deadline = normDeadline(chain, norm, norm.working, simTime(visits.entry[v]));
        countBreach(outlook, deadline, nowSim);
      }
      breaches.push(outlook);
      for (let g = 0; g < G; g++) {
        const k = keyOf(slot, g);
        if (g > 0 && completedCases[k] === 0) continue;
        const sample = total.sample(k);
        norms.push({
          id: `stage.${spec.id}`,
          label: spec.label,
          scope: 'stage',
          termDays: norm.days,
          termMonths: norm.months,
          working: norm.working,
          group: groupName(g),
          measured: sample.length,
          withinNorm: withinCount[k],
          withinShare: sample.length > 0 ? withinCount[k] / sample.length : Number.NaN,
          leadTime: distribution(sample),
          open: g === 0 ? open : Number.NaN,
          openPastDeadline: g === 0 ? outlook.overdue : Number.NaN,
        });
      }
    }
    // Chain norms: per case, the clock starts at the arrival or the first matching stage event and stops at the
    // first matching event after it; the kind of the case is the kind whose entry stage it entered first.
    const kindOfEntry = new Map<number, number>();
    chain.entryStage.forEach((s, kind) => {
      if (s >= 0) {
        const code = table.activities.find(chain.stages[s].id);
        if (code >= 0 && !kindOfEntry.has(code)) kindOfEntry.set(code, kind);
      }
    });
    const codeOfModelStage = chain.stages.map((s) => table.activities.find(s.id));
    for (const norm of chain.norms) {
      const fromCodes = norm.fromStages ? new Set(Array.from(norm.fromStages, (s) => codeOfModelStage[s])) : null;
      const toCodes = new Set(Array.from(norm.toStages, (s) => codeOfModelStage[s]));
      const leads: number[][] = Array.from({ length: G }, () => []);
      const within = new Int32Array(G);
      const outlook: BreachOutlook = { id: norm.id, scope: 'chain', overdue: 0, within: H.map(() => 0) };
      let open = 0;
      for (let c = 0; c < C; c++) {
        const v0 = visits.caseVisitStart[c];
        const v1 = visits.caseVisitStart[c + 1];
        if (v0 === v1) continue;
        const kind = kindOfEntry.get(visits.stageOf[v0]);
        if (kind === undefined || norm.kinds[kind] === 0) continue;
        let started = Number.NaN;
        if (fromCodes === null) {
          if (!Number.isNaN(cases.initial[c])) continue; // no arrival in the log: the clock's start is unknown
          started = cases.arrival[c];
        } else {
          for (let v = v0; v < v1 && Number.isNaN(started); v++) {
            if (fromCodes.has(visits.stageOf[v]) && !carried(v)) started = visitEventTime(visits, v, norm.fromEvent);
          }
        }
        if (Number.isNaN(started)) continue;
        let stopped = Number.NaN;
        let stopVisit = -1;
        for (let v = v0; v < v1; v++) {
          if (!toCodes.has(visits.stageOf[v]) || endedByExit(v)) continue;
          const t = visitEventTime(visits, v, norm.toEvent);
          if (t >= started) {
            stopped = t;
            stopVisit = v;
            break;
          }
        }
        const startSim = simTime(started);
        const deadline = normDeadline(chain, chainNormTerm(norm, startSim), norm.working, startSim);
        if (!Number.isNaN(stopped) && stopped < now) {
          if (stopped >= fromDay) {
            const lead = norm.working
              ? chain.calendar.workingDaysBetween(startSim, simTime(stopped))
              : stopped - started;
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
        norms.push({
          id: norm.id,
          label: norm.label,
          scope: 'chain',
          termDays: norm.days,
          termMonths: norm.months,
          working: norm.working,
          group: groupName(g),
          measured: leads[g].length,
          withinNorm: within[g],
          withinShare: leads[g].length > 0 ? within[g] / leads[g].length : Number.NaN,
          leadTime: distribution(Float64Array.from(leads[g])),
          open: g === 0 ? open : Number.NaN,
          openPastDeadline: g === 0 ? outlook.overdue : Number.NaN,
        });
      }
    }
  }

  // ---- open cases at now ------------------------------------------------------------------------------------
  const openAge = new GroupedSamples(S * G);
  const openCases = new Int32Array(S * G);
  const openPersons = new Float64Array(S * G);
  const openInService = new Int32Array(S * G);
  const isOpen = (v: number) => visits.firstSeen[v] < now && !(visits.end[v] < now);
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
        label: stageLabel(slot),
        group: groupName(g),
        cases: openCases[k],
        persons: openPersons[k],
        inService: openInService[k],
        age: distribution(openAge.sample(k)),
      });
    }
  }

  // ---- stock per stage per day, weekly rows -----------------------------------------------------------------
  // Per-day arrays cover only the days of the weekly rows (at most MAX_WEEKLY_WEEKS weeks at the window's end)
  // and one day before them, day index 0, which gathers everything earlier: stock and service are running sums,
  // so what entered and left before still nets out there; counts of index 0 are never summed into a row.
  const notes: string[] = [];
  const lastWeek = weekStart(toDay - 1);
  const windowWeeks = (lastWeek - weekStart(fromDay)) / 7 + 1;
  const firstWeek = windowWeeks > MAX_WEEKLY_WEEKS ? lastWeek - 7 * (MAX_WEEKLY_WEEKS - 1) : weekStart(fromDay);
  if (windowWeeks > MAX_WEEKLY_WEEKS) {
    notes.push(
      `the window spans ${windowWeeks.toLocaleString('en-GB')} weeks: the weekly table and the stock trend cover its last ${MAX_WEEKLY_WEEKS.toLocaleString('en-GB')} (from ${formatIsoDate(firstWeek)}); every other figure covers the whole window (use --from and --to for other weeks)`,
    );
  }
  const firstDay = Math.max(firstWeek, fromDay) - 1;
  const D = toDay - firstDay + 1;
  const stockDiff = new Float64Array(S * (D + 1));
  const serviceDiff = new Float64Array(S * (D + 1));
  const busyFull = new Float64Array(S * (D + 1)); // difference array of whole busy days
  const busyPart = new Float64Array(S * D); // partial busy days
  const entered = new Float64Array(S * D * 2);
  const completedDay = new Float64Array(S * D * 2);
  const startsDay = new Float64Array(S * D * 2);
  const dayIndex = (t: number) => Math.min(D, Math.max(0, Math.floor(t) - firstDay));
  const waitingArea = new Float64Array(S);
  const stockStart = new Float64Array(S);
  const waitSamples = new GroupedSamples(S);
  for (let pass = 0; pass < 2; pass++) {
    for (let v = 0; v < V; v++) {
      const slot = stageSlot[visits.stageOf[v]];
      const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
      const start = visits.start[v];
      const end = visits.end[v];
      const stop = Number.isNaN(start) ? end : start; // end of waiting
      if (pass === 1) {
        if (!carried(v) && !Number.isNaN(start) && start >= fromDay && start < toDay && !Number.isNaN(visits.entry[v]))
          waitSamples.add(slot, start - visits.entry[v]);
        continue;
      }
      if (!carried(v) && !Number.isNaN(start) && start >= fromDay && start < toDay && !Number.isNaN(visits.entry[v]))
        waitSamples.count(slot);
      const p = persons[visits.caseOf[v]];
      if (entry >= toDay) continue;
      // The stock at the start of the window (the end of the day before it), from the visits themselves.
      if (entry < fromDay) stockStart[slot] += p;
      if (end < fromDay) stockStart[slot] -= p;
      const base = slot * (D + 1);
      stockDiff[base + dayIndex(entry)] += p;
      if (end < toDay) stockDiff[base + dayIndex(end)] -= p;
      if (!Number.isNaN(start) && start < toDay) {
        serviceDiff[base + dayIndex(start)] += p;
        if (end < toDay) serviceDiff[base + dayIndex(end)] -= p;
        // Busy time of one server per case, clipped to the days of the arrays (earlier busy time falls on day 0).
        const a = Math.max(start, firstDay);
        const b = Math.min(Number.isNaN(end) ? toDay : end, toDay);
        if (b > a) {
          const da = Math.floor(a) - firstDay;
          const db = Math.floor(b) - firstDay;
          if (da === db) busyPart[slot * D + da] += b - a;
          else {
            busyPart[slot * D + da] += firstDay + da + 1 - a;
            if (db < D) busyPart[slot * D + db] += b - (firstDay + db);
            if (db > da + 1) {
              busyFull[base + da + 1] += 1;
              busyFull[base + db] -= 1;
            }
          }
        }
        const si = dayIndex(start);
        if (si < D) {
          startsDay[(slot * D + si) * 2] += 1;
          startsDay[(slot * D + si) * 2 + 1] += p;
        }
      }
      const ei = dayIndex(entry);
      if (ei < D) {
        entered[(slot * D + ei) * 2] += 1;
        entered[(slot * D + ei) * 2 + 1] += p;
      }
      if (end < toDay && !endedByExit(v)) {
        const ci = dayIndex(end);
        completedDay[(slot * D + ci) * 2] += 1;
        completedDay[(slot * D + ci) * 2 + 1] += p;
      }
      // Person-days of waiting inside the window.
      const w0 = Math.max(entry, fromDay);
      const w1 = Math.min(Number.isNaN(stop) ? now : stop, toDay);
      if (w1 > w0 && !carried(v)) waitingArea[slot] += (w1 - w0) * p;
    }
    if (pass === 0) waitSamples.allocate();
  }
  const weekly: WeeklyStageRow[] = [];
  const utilisationMean = new Float64Array(S).fill(Number.NaN);
  const stockEnd = new Float64Array(S);
  const trend = new Float64Array(S);
  const toIndex = toDay - firstDay; // exclusive
  for (let slot = 0; slot < S; slot++) {
    const base = slot * (D + 1);
    const stock = new Float64Array(D);
    const service = new Float64Array(D);
    const busy = new Float64Array(D);
    let s = 0;
    let q = 0;
    let f = 0;
    for (let d = 0; d < D; d++) {
      s += stockDiff[base + d];
      q += serviceDiff[base + d];
      f += busyFull[base + d];
      stock[d] = s;
      service[d] = q;
      busy[d] = f + busyPart[slot * D + d];
    }
    const spec = stageSpec(slot);
    const capacityOn = (d: number): { used: number; available: number } | null => {
      if (!chain || !spec) return null;
      const tSim = firstDay + d - chain.startDay;
      if (spec.capacityKind === CAPACITY_SERVERS && spec.servers)
        return { used: busy[d], available: valueAt(spec.servers, tSim + 0.5) };
      if (spec.capacityKind === CAPACITY_THROUGHPUT && spec.dailyQuota) {
        if (tSim < 0 || tSim >= spec.dailyQuota.length) return null;
        return {
          used: startsDay[(slot * D + d) * 2 + (spec.quotaInPersons ? 1 : 0)],
          available: spec.dailyQuota[tSim],
        };
      }
      return null;
    };
    stockEnd[slot] = stock[toIndex - 1];
    let usedAll = 0;
    let availableAll = 0;
    let knownAll = true;
    const weekEnds: number[] = [];
    for (let w = firstWeek; w < toDay; w += 7) {
      const d0 = Math.max(w, fromDay) - firstDay;
      const d1 = Math.min(w + 7, toDay) - firstDay;
      let stockSum = 0;
      let ec = 0,
        ep = 0,
        cc = 0,
        cp = 0;
      let used = 0,
        available = 0;
      let known = true;
      for (let d = d0; d < d1; d++) {
        stockSum += stock[d];
        ec += entered[(slot * D + d) * 2];
        ep += entered[(slot * D + d) * 2 + 1];
        cc += completedDay[(slot * D + d) * 2];
        cp += completedDay[(slot * D + d) * 2 + 1];
        const cap = capacityOn(d);
        if (cap === null) known = false;
        else {
          used += cap.used;
          available += cap.available;
        }
      }
      if (known) {
        usedAll += used;
        availableAll += available;
      } else knownAll = false;
      weekEnds.push(stock[d1 - 1]);
      weekly.push({
        week: formatIsoDate(w),
        stage: activities[stageCodes[slot]],
        stockEnd: stock[d1 - 1],
        inServiceEnd: service[d1 - 1],
        stockMean: round6(stockSum / (d1 - d0)),
        enteredCases: ec,
        enteredPersons: ep,
        completedCases: cc,
        completedPersons: cp,
        utilisation: known && available > 0 ? round6(used / available) : Number.NaN,
      });
    }
    if (knownAll && availableAll > 0) utilisationMean[slot] = usedAll / availableAll;
    trend[slot] = slope(weekEnds);
  }

  // ---- bottlenecks ----------------------------------------------------------------------------------------
  let waitingAll = 0;
  for (let slot = 0; slot < S; slot++) waitingAll += waitingArea[slot];
  const bottlenecks: Bottleneck[] = [];
  for (let slot = 0; slot < S; slot++) {
    const waits = waitSamples.sample(slot).sort();
    bottlenecks.push({
      rank: 0,
      stage: activities[stageCodes[slot]],
      label: stageLabel(slot),
      waitingPersonDays: round6(waitingArea[slot]),
      waitingShare: waitingAll > 0 ? waitingArea[slot] / waitingAll : 0,
      waitingP90Days: quantileSorted(waits, 0.9),
      stockStart: stockStart[slot],
      stockEnd: stockEnd[slot],
      stockTrendPerWeek: round6(trend[slot]),
      utilisation: utilisationMean[slot],
      growing: stockEnd[slot] > stockStart[slot] && trend[slot] > 0,
    });
  }
  bottlenecks.sort((x, y) => y.waitingPersonDays - x.waitingPersonDays || x.stage.localeCompare(y.stage));
  bottlenecks.forEach((b, i) => (b.rank = i + 1));

  // ---- moves, permit holders ----------------------------------------------------------------------------
  let exitedCases = 0,
    exitedPersons = 0,
    exitedChildren = 0,
    personMoves = 0,
    childMoves = 0;
  let waitingCases = 0,
    waitingPersons = 0,
    pastStageNorm = 0;
  const grantWait: number[] = [];
  const grantToHoused: number[] = [];
  const housedCode = table.activities.find('exit:housed');
  let carriedOverCases = 0;
  for (let c = 0; c < C; c++) {
    const exit = cases.exit[c];
    if (!Number.isNaN(cases.initial[c])) carriedOverCases++;
    if (exit >= fromDay && exit < toDay && Number.isNaN(cases.initial[c])) {
      exitedCases++;
      exitedPersons += cases.persons[c];
      exitedChildren += cases.children[c];
      personMoves += cases.moves[c] * cases.persons[c];
      childMoves += cases.moves[c] * cases.children[c];
    }
    const grant = cases.grant[c];
    if (Number.isNaN(grant)) continue;
    if (grant < now && !(exit < now)) {
      waitingCases++;
      waitingPersons += cases.persons[c];
      grantWait.push(now - grant);
      if (chain) {
        for (let v = visits.caseVisitStart[c]; v < visits.caseVisitStart[c + 1]; v++) {
          if (!isOpen(v)) continue;
          const spec = stageSpec(stageSlot[visits.stageOf[v]]);
          const entry = Number.isNaN(visits.entry[v]) ? visits.firstSeen[v] : visits.entry[v];
          if (spec?.norm && normDeadline(chain, spec.norm, spec.norm.working, simTime(entry)) < simTime(now)) {
            pastStageNorm++;
            break;
          }
        }
      }
    }
    if (cases.exitActivity[c] === housedCode && housedCode > 0 && exit >= fromDay && exit < toDay)
      grantToHoused.push(exit - grant);
  }

  return {
    window: { from: formatIsoDate(fromDay), to: formatIsoDate(toDay - 1), fromDay, toDay },
    log: {
      events: table.events,
      cases: C,
      visits: V,
      carriedOverCases,
      unknownActivities: reading.unknownActivities,
      repeatedTransitions: reading.repeatedTransitions,
    },
    by: options.by ?? null,
    stages,
    endToEnd,
    norms,
    open,
    weekly,
    breaches,
    bottlenecks,
    moves: {
      exitedCases,
      exitedPersons,
      exitedChildren,
      perPerson: exitedPersons > 0 ? personMoves / exitedPersons : Number.NaN,
      perChild: exitedChildren > 0 ? childMoves / exitedChildren : Number.NaN,
    },
    housing: {
      waitingCases,
      waitingPersons,
      waitingDays: distribution(Float64Array.from(grantWait)),
      pastStageNorm,
      housedCases: grantToHoused.length,
      grantToHoused: distribution(Float64Array.from(grantToHoused)),
    },
    notes,
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

/** The time of a visit's entry (0), start (1) or end (2); NaN when not recorded. */
function visitEventTime(visits: LogReading['visits'], v: number, event: number): number {
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

/** Least-squares slope of y against 0, 1, 2, … ; 0 for fewer than two points. */
function slope(y: readonly number[]): number {
  const n = y.length;
  if (n < 2) return 0;
  const xMean = (n - 1) / 2;
  let yMean = 0;
  for (const v of y) yMean += v;
  yMean /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (y[i] - yMean);
    sxx += (i - xMean) * (i - xMean);
  }
  return sxy / sxx;
}
