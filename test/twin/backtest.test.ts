// The twin against known truth: a model's own run, traced, is cut at day D; the twin starts from the cut with
// the same model, and its weekly 90% bands (P5–P95 over 200 replications, quantiles taken inclusively) hold what
// the full run did after D — the backlogs of the stages with a limit, the persons in each type of reception
// location, and how many of the cases open at D are still in the chain (their remaining lead times) — at 90% or
// more of all the weekly points together.
// Six full runs (seeds 1 to 6, fixed in advance: no seed is chosen for its outcome), each cut at day 420.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatIsoDate, parseIsoDate } from '../../src/core/calendar.ts';
import { quantileSorted } from '../../src/core/stats.ts';
import type { LoadedModel } from '../../src/model/load.ts';
import type { EventTable } from '../../src/monitor/event-table.ts';
import { loadEventTable } from '../../src/monitor/load.ts';
import { readVisits } from '../../src/monitor/visits.ts';
import { compileChain } from '../../src/sim/chain/compile.ts';
import { locationTypeSeries, stageSeries } from '../../src/sim/chain/keys.ts';
import { INITIAL_CASES_STREAM, TWO_POW_32 } from '../../src/sim/chain/replication/constants.ts';
import { simulateReplication } from '../../src/sim/chain/simulate.ts';
import { simulate } from '../../src/sim/run/simulate.ts';
import { twinFrom, twinStart, type TwinStart } from '../../src/twin/twin.ts';
import { modelFromYaml, tempDir } from '../helpers.ts';
import { twinTestModelYaml } from './twin-model.ts';

const TRUTH_SEEDS = [1, 2, 3, 4, 5, 6];
const CUT_DAY = 420;
const REPLICATIONS = 200;
const TWIN_SEED = 2027;

interface Point {
  measure: string;
  week: number;
  truth: number;
  low: number;
  high: number;
}

let loaded: LoadedModel;
let table: EventTable;
const points: Point[] = [];
let weekCount = 0;

/** The P5 and P95 of values (inclusive quantiles, interpolated between order statistics). */
function band(values: number[]): { low: number; high: number } {
  const sorted = Float64Array.from(values).sort();
  return { low: quantileSorted(sorted, 0.05), high: quantileSorted(sorted, 0.95) };
}

/** Of the cases open at the cut (day `cut` of the full run), how many are still in the chain at each week's end. */
function openCasesLeftInTruth(cut: number, weeks: number): number[] {
  const start = parseIsoDate(loaded.model.time.start);
  const reading = readVisits(
    table,
    loaded.model.stages.map((s) => s.id),
  );
  const { cases } = reading;
  const left = new Array<number>(weeks).fill(0);
  for (let c = 0; c < table.cases; c++) {
    const first = cases.firstTime[c] - start;
    const exit = cases.exit[c] - start;
    if (!(first < cut) || exit < cut) continue;
    for (let w = 0; w < weeks; w++) if (!(exit < cut + 7 * (w + 1))) left[w]++;
  }
  return left;
}

/** The same in each replication of the twin: its initial cases (their own random stream) not yet exited. */
function openCasesLeftInTwin(start: TwinStart, weeks: number): number[][] {
  const chain = compileChain(start.model);
  const perWeek: number[][] = Array.from({ length: weeks }, () => []);
  for (let r = 0; r < REPLICATIONS; r++) {
    const exitDays: number[] = [];
    simulateReplication(chain, {
      replication: r,
      seed: TWIN_SEED,
      trace: {
        event(caseKey, _p, _c, activity, _l, time) {
          if (activity.startsWith('exit:') && Math.floor(caseKey / TWO_POW_32) === INITIAL_CASES_STREAM)
            exitDays.push(time);
        },
      },
    });
    for (let w = 0; w < weeks; w++) perWeek[w].push(start.rows.length - exitDays.filter((t) => t < 7 * (w + 1)).length);
  }
  return perWeek;
}

beforeAll(async () => {
  loaded = modelFromYaml(twinTestModelYaml({ procedureServers: 222, azcBeds: 500, horizonDays: 630 }));
  const modelStart = parseIsoDate(loaded.model.time.start);
  const cut = CUT_DAY;
  for (const seed of TRUTH_SEEDS) {
    const trace = join(tempDir(), 'trace.csv');
    const full = await simulate(loaded, { replications: 1, workers: 1, seed, tracePath: trace });
    table = (await loadEventTable(trace)).table;
    const series = full.replications[0].series;
    const start = twinStart(table, loaded, { asOf: formatIsoDate(modelStart + cut), months: 6 });
    const { projection } = await twinFrom(start, { replications: REPLICATIONS, seed: TWIN_SEED, workers: 1 });
    // Six months in whole weeks: 26 or 27 of them.
    const weeks = projection.weeks;
    expect(weeks === 26 || weeks === 27).toBe(true);
    weekCount += weeks;
    const measure = (id: string) => projection.measures.find((m) => m.id === id)!;
    // What the full run held at the end of week w after the cut: its snapshot of day cut + 7w − 1.
    const compare = (id: string, key: string) => {
      const bands = measure(id).bands;
      for (let w = 0; w < weeks; w++)
        points.push({
          measure: id,
          week: w + 1,
          truth: series[key][cut + 7 * (w + 1) - 1],
          low: bands.p05[w],
          high: bands.p95[w],
        });
    };
    compare('backlog.procedure', stageSeries('procedure', 'waiting'));
    compare('backlog.housing', stageSeries('housing', 'waiting'));
    compare('reception.regular', locationTypeSeries('regular', 'occupied'));
    compare('reception.emergency', locationTypeSeries('emergency', 'occupied'));
    const truth = openCasesLeftInTruth(cut, weeks);
    openCasesLeftInTwin(start, weeks).forEach((values, w) =>
      points.push({ measure: 'openAtCut', week: w + 1, truth: truth[w], ...band(values) }),
    );
  }
}, 900_000);

const inside = (p: Point) => p.truth >= p.low && p.truth <= p.high;

describe('the twin against the full run after the cut', () => {
  it('holds the truth within its 90% bands at 90% or more of the weekly points', () => {
    expect(points.length).toBe(5 * weekCount);
    // Measured on 2026-12-05 per measure: procedure backlog 0.98, housing backlog 0.99, regular reception 0.93,
    // emergency reception 0.79 (the truth at zero while the twin's P5 is above it: docs/twin.md), open cases
    // still in the chain 0.95; all together 0.93.
    expect(points.filter(inside).length / points.length).toBeGreaterThanOrEqual(0.9);
  });

  it('compares measures that move: the bands are not empty and the truth is not zero throughout', () => {
    for (const m of ['backlog.procedure', 'backlog.housing', 'reception.regular', 'reception.emergency', 'openAtCut']) {
      const list = points.filter((p) => p.measure === m);
      expect(
        list.some((p) => p.truth > 0),
        m,
      ).toBe(true);
      expect(
        list.some((p) => p.high > p.low),
        m,
      ).toBe(true);
    }
  });
});
