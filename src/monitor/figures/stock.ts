// Stock per stage per day, summed into weekly rows: persons in the stage and in service at the end of the week,
// the mean stock, entries and completions, and the utilisation of the model's capacity. The same pass over the
// visits gathers what the bottleneck ranking needs: person-days of waiting, the stock at the window's start and
// the waits that ended in the window.
import { CAPACITY_SERVERS, CAPACITY_THROUGHPUT, valueAt } from '../../sim/chain/compile.ts';
import { formatIsoDate } from '../../core/calendar.ts';
import type { FigureContext } from './context.ts';
import { GroupedSamples, round6, slope, weekStart } from './samples.ts';
import { MAX_WEEKLY_WEEKS, type WeeklyStageRow } from './types.ts';

/**
 * Per-day arrays per stage slot. They cover only the days of the weekly rows (at most MAX_WEEKLY_WEEKS weeks at
 * the window's end) and one day before them, day index 0, which gathers everything earlier: stock and service
 * are running sums, so what entered and left before still nets out there; counts of index 0 are never summed
 * into a row.
 */
export interface DailyStock {
  /** Monday of the first weekly row. */
  firstWeek: number;
  /** The day of index 0. */
  firstDay: number;
  /** Days per slot (D): indices 0 … D − 1. */
  days: number;
  /** Difference arrays (D + 1 per slot) of persons in the stage, in service, and of whole busy days. */
  stockDiff: Float64Array;
  serviceDiff: Float64Array;
  busyFull: Float64Array;
  /** Partial busy days (D per slot). */
  busyPart: Float64Array;
  /** Cases and persons (two per day, D days per slot) entering, completing and starting service. */
  entered: Float64Array;
  completedDay: Float64Array;
  startsDay: Float64Array;
  /** Person-days of waiting in the window per slot (from entry to start, or to now while waiting). */
  waitingArea: Float64Array;
  /** Persons in the stage at the end of the day before the window. */
  stockStart: Float64Array;
  /** Waits that ended with a start in the window, per slot. */
  waitSamples: GroupedSamples;
}

/** The weekly rows and, per stage slot, what the bottleneck ranking takes of them. */
export interface WeeklyStock {
  weekly: WeeklyStageRow[];
  /** Busy share of the capacity over the weeks (NaN where a week's capacity is not known). */
  utilisationMean: Float64Array;
  stockEnd: Float64Array;
  /** Least-squares slope of the end-of-week stock, persons per week. */
  trend: Float64Array;
}

/** The first week of the weekly table, and a note when it cannot cover the whole window. */
export function weeklyWindow(ctx: FigureContext): { firstWeek: number; notes: string[] } {
  const { fromDay, toDay } = ctx;
  const notes: string[] = [];
  const lastWeek = weekStart(toDay - 1);
  const windowWeeks = (lastWeek - weekStart(fromDay)) / 7 + 1;
  const firstWeek = windowWeeks > MAX_WEEKLY_WEEKS ? lastWeek - 7 * (MAX_WEEKLY_WEEKS - 1) : weekStart(fromDay);
  if (windowWeeks > MAX_WEEKLY_WEEKS) {
    notes.push(
      `the window spans ${windowWeeks.toLocaleString('en-GB')} weeks: the weekly table and the stock trend cover its last ${MAX_WEEKLY_WEEKS.toLocaleString('en-GB')} (from ${formatIsoDate(firstWeek)}); every other figure covers the whole window (use --from and --to for other weeks)`,
    );
  }
  return { firstWeek, notes };
}

/** One pass over the visits (two for the wait samples) into the per-day arrays from `firstWeek` on. */
export function dailyStock(ctx: FigureContext, firstWeek: number): DailyStock {
  const { visits, fromDay, toDay, now, stageSlot, carried, endedByExit } = ctx;
  const S = ctx.stageCount;
  const V = visits.count;
  const persons = ctx.cases.persons;
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
  return {
    firstWeek,
    firstDay,
    days: D,
    stockDiff,
    serviceDiff,
    busyFull,
    busyPart,
    entered,
    completedDay,
    startsDay,
    waitingArea,
    stockStart,
    waitSamples,
  };
}

/** The weekly rows, stage after stage, from the per-day arrays. */
export function weeklyStock(ctx: FigureContext, daily: DailyStock): WeeklyStock {
  const S = ctx.stageCount;
  const weekly: WeeklyStageRow[] = [];
  const utilisationMean = new Float64Array(S).fill(Number.NaN);
  const stockEnd = new Float64Array(S);
  const trend = new Float64Array(S);
  for (let slot = 0; slot < S; slot++) {
    const stage = stageWeeks(ctx, daily, slot, weekly);
    stockEnd[slot] = stage.stockEnd;
    if (stage.utilisation !== undefined) utilisationMean[slot] = stage.utilisation;
    trend[slot] = stage.trend;
  }
  return { weekly, utilisationMean, stockEnd, trend };
}

/** Appends the weekly rows of one stage slot; returns its stock at the end, its utilisation and its trend. */
function stageWeeks(
  ctx: FigureContext,
  daily: DailyStock,
  slot: number,
  weekly: WeeklyStageRow[],
): { stockEnd: number; utilisation: number | undefined; trend: number } {
  const { fromDay, toDay } = ctx;
  const { firstWeek, firstDay, days: D, entered, completedDay } = daily;
  const { stock, service, busy } = runningSums(daily, slot);
  const capacityOn = capacityOfStage(ctx, daily, slot, busy);
  const stage = ctx.activities[ctx.stageCodes[slot]];
  const toIndex = toDay - firstDay; // exclusive
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
      stage,
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
  return {
    stockEnd: stock[toIndex - 1],
    utilisation: knownAll && availableAll > 0 ? usedAll / availableAll : undefined,
    trend: slope(weekEnds),
  };
}

/** Persons in the stage and in service, and busy server-days, per day of one stage slot. */
function runningSums(
  daily: DailyStock,
  slot: number,
): { stock: Float64Array; service: Float64Array; busy: Float64Array } {
  const { days: D, stockDiff, serviceDiff, busyFull, busyPart } = daily;
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
  return { stock, service, busy };
}

/**
 * The capacity of one stage slot used and available on day index d: busy servers against servers, or starts
 * against the daily quota; null when the model does not give it.
 */
function capacityOfStage(
  ctx: FigureContext,
  daily: DailyStock,
  slot: number,
  busy: Float64Array,
): (d: number) => { used: number; available: number } | null {
  const { chain } = ctx;
  const { firstDay, days: D, startsDay } = daily;
  const spec = ctx.stageSpec(slot);
  return (d: number) => {
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
}
