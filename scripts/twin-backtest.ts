// The twin against known truth on a full example, for docs/twin.md:
//
//   node scripts/twin-backtest.ts examples/nl-2022-2026.yaml 2024-03-01 [seeds=1,2,3] [replications=200]
//
// For each seed, one replication of the model is simulated with its trace up to six months past the cut date; the
// trace is cut at the start of that date, the twin starts from it with the same model and projects six months, and
// at the end of every week the full run's own daily series (what really happened after the cut) is compared with
// the twin's 90% band (P5–P95 over the replications). Prints, per measure, the share of weekly points inside the
// band and the mean of truth and twin over the weeks. The seeds are fixed before running; none is chosen for its
// outcome.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseIsoDate } from '../src/core/calendar.ts';
import { loadModel } from '../src/model/load.ts';
import { loadEventTable } from '../src/monitor/load.ts';
import { CHAIN_SERIES, locationTypeSeries, normSeries, stageSeries } from '../src/sim/chain/keys.ts';
import { simulate } from '../src/sim/run/simulate.ts';
import { twinFrom, twinStart } from '../src/twin/twin.ts';

const [modelFile, asOf, seedText = '1,2,3', replicationText = '200'] = process.argv.slice(2);
if (!modelFile || !asOf) {
  console.error('usage: node scripts/twin-backtest.ts model.yaml YYYY-MM-DD [seeds] [replications]');
  process.exit(2);
}
const seeds = seedText.split(',').map(Number);
const replications = Number(replicationText);
const loaded = loadModel(modelFile);
const cut = parseIsoDate(asOf) - parseIsoDate(loaded.model.time.start);

/** The full run's series a twin measure is compared with. */
function truthKey(id: string): string | undefined {
  const [kind, ...rest] = id.split('.');
  const subject = rest.join('.');
  if (kind === 'backlog') return stageSeries(subject, 'waiting');
  if (kind === 'reception') return locationTypeSeries(subject, 'occupied');
  if (id === 'overflow') return CHAIN_SERIES.overflow;
  if (id === 'permitHolders') return CHAIN_SERIES.permitHoldersWaiting;
  if (kind === 'pastNorm') return normSeries(subject, 'openPastDeadline');
  return undefined;
}

const tally = new Map<string, { inside: number; points: number; truth: number; twin: number }>();
for (const seed of seeds) {
  const trace = join(tmpdir(), `doorstroom-twin-backtest-${process.pid}-${seed}.csv`);
  const full = await simulate(loaded, { replications: 1, seed, horizonDays: cut + 7 * 28, tracePath: trace });
  const series = full.replications[0].series;
  const { table } = await loadEventTable(trace);
  rmSync(trace);
  const start = twinStart(table, loaded, { asOf, months: 6 });
  const { projection } = await twinFrom(start, { replications, seed: 2027 });
  console.error(`seed ${seed}: ${start.summary.openCases} open cases at ${asOf}, ${projection.weeks} weeks`);
  for (const m of projection.measures) {
    const key = truthKey(m.id);
    if (!key || !series[key]) continue;
    const t = tally.get(m.id) ?? { inside: 0, points: 0, truth: 0, twin: 0 };
    for (let w = 0; w < projection.weeks; w++) {
      const truth = series[key][cut + 7 * (w + 1) - 1];
      if (truth >= m.bands.p05[w] && truth <= m.bands.p95[w]) t.inside++;
      t.points++;
      t.truth += truth;
      t.twin += m.bands.mean[w];
    }
    tally.set(m.id, t);
  }
}
console.log('| measure | weekly points | inside the 90% band | mean of the truth | mean of the twin |');
console.log('|---|---|---|---|---|');
let inside = 0;
let points = 0;
for (const [id, t] of tally) {
  if (t.truth === 0 && t.twin === 0) continue;
  inside += t.inside;
  points += t.points;
  const f = (v: number) => Math.round(v / t.points).toLocaleString('en-GB');
  console.log(`| ${id} | ${t.points} | ${((100 * t.inside) / t.points).toFixed(0)}% | ${f(t.truth)} | ${f(t.twin)} |`);
}
console.log(`| all together | ${points} | ${((100 * inside) / points).toFixed(0)}% | | |`);
