// Validation of a calibration: the fitted model is simulated over the log's own window, its simulated case
// events are read exactly as the observed log was (the same visits, the same lead-time definitions), and the
// two lead-time distributions of each stage are compared by the Kolmogorov–Smirnov distance and the
// 1-Wasserstein distance in days. Replications are pooled; they run in this thread with seeds (seed, r).
import type { LoadedModel } from '../model/load.ts';
import { ReplicationRunner } from '../sim/run/replicate.ts';
import type { TraceSink } from '../sim/chain/simulate.ts';
import { quantileSorted } from '../core/stats.ts';
import {
  EventTableBuilder,
  LIFECYCLE_COMPLETE,
  LIFECYCLE_SCHEDULE,
  LIFECYCLE_START,
  type EventTable,
} from '../monitor/event-table.ts';
import { type LogReading, measuredVisit, readVisits } from '../monitor/visits.ts';
import { ksDistance, wasserstein1 } from './distance.ts';

export interface ValidationRow {
  /** A stage id, or `arrival → exit`. */
  subject: string;
  observedN: number;
  simulatedN: number;
  observedP50: number;
  observedP90: number;
  simulatedP50: number;
  simulatedP90: number;
  /** Two-sample Kolmogorov–Smirnov distance and its asymptotic p-value. */
  ks: number;
  ksPValue: number;
  /** 1-Wasserstein distance (mean absolute difference of the quantile functions), days. */
  wassersteinDays: number;
}

export const END_TO_END = 'arrival → exit';

/** Lead times compared on a one-minute grid, so that a fixed duration is one value on both sides, not two that
 * differ by the rounding of timestamps to seconds (which would put the KS distance at 0.5 for identical laws). */
function onGrid(days: number): number {
  return Math.round(days * 1440) / 1440;
}

/** Time in stage (entry → complete) per stage for visits measured in the window, and arrival → exit of cases. */
export function leadTimeSamples(
  table: EventTable,
  reading: LogReading,
  fromDay: number,
  toDay: number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const { visits, cases } = reading;
  for (let v = 0; v < visits.count; v++) {
    if (!measuredVisit(visits, v, fromDay, toDay) || Number.isNaN(visits.entry[v])) continue;
    const stage = table.activities.values[visits.stageOf[v]];
    let list = out.get(stage);
    if (!list) out.set(stage, (list = []));
    list.push(onGrid(visits.end[v] - visits.entry[v]));
  }
  const e2e: number[] = [];
  for (let c = 0; c < table.cases; c++) {
    const exit = cases.exit[c];
    if (exit >= fromDay && exit < toDay && !Number.isNaN(cases.arrival[c]) && Number.isNaN(cases.initial[c]))
      e2e.push(onGrid(exit - cases.arrival[c]));
  }
  out.set(END_TO_END, e2e);
  return out;
}

const LIFECYCLE = { schedule: LIFECYCLE_SCHEDULE, start: LIFECYCLE_START, complete: LIFECYCLE_COMPLETE } as const;

/** Simulates `replications` runs of the fitted model and compares their lead times with the observed ones. */
export function validateCalibration(
  fitted: LoadedModel,
  observed: Map<string, number[]>,
  window: { fromDay: number; toDay: number },
  options: { replications: number; seed?: number; onProgress?: (done: number, total: number) => void },
): ValidationRow[] {
  const runner = new ReplicationRunner(fitted);
  const chain = runner.chain;
  const stageIds = chain.stages.map((s) => s.id);
  const simulated = new Map<string, number[]>();
  for (let r = 0; r < options.replications; r++) {
    const builder = new EventTableBuilder(1 << 16);
    const sink: TraceSink = {
      event(caseKey, persons, children, activity, lifecycle, time, stage, track, cohort, location, outcome) {
        builder.addRecord(
          caseKey,
          activity,
          LIFECYCLE[lifecycle],
          chain.startDay + time,
          stage >= 0 ? chain.stages[stage].partner : '',
          track >= 0 ? chain.tracks[track].id : '',
          chain.cohorts[cohort].id,
          location >= 0 ? chain.locations[location].id : location === -2 ? 'overflow' : '',
          '',
          outcome,
          persons,
          children,
        );
      },
    };
    runner.run({ replication: r, seed: options.seed ?? fitted.model.seed, trace: sink });
    const table = builder.finish();
    for (const [subject, values] of leadTimeSamples(table, readVisits(table, stageIds), window.fromDay, window.toDay)) {
      let list = simulated.get(subject);
      if (!list) simulated.set(subject, (list = []));
      for (const x of values) list.push(x);
    }
    options.onProgress?.(r + 1, options.replications);
  }
  const rows: ValidationRow[] = [];
  for (const subject of [...stageIds, END_TO_END]) {
    const o = Float64Array.from(observed.get(subject) ?? []).sort();
    const s = Float64Array.from(simulated.get(subject) ?? []).sort();
    const both = o.length > 0 && s.length > 0;
    const ks = both ? ksDistance(o, s) : undefined;
    rows.push({
      subject,
      observedN: o.length,
      simulatedN: s.length,
      observedP50: quantileSorted(o, 0.5),
      observedP90: quantileSorted(o, 0.9),
      simulatedP50: quantileSorted(s, 0.5),
      simulatedP90: quantileSorted(s, 0.9),
      ks: ks?.d ?? Number.NaN,
      ksPValue: ks?.pValue ?? Number.NaN,
      wassersteinDays: both ? wasserstein1(o, s) : Number.NaN,
    });
  }
  return rows.filter((r) => r.observedN > 0 || r.simulatedN > 0);
}
