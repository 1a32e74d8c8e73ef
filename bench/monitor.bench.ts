// Monitor speed and memory (issue "Case event logs": import + all monitor figures for a 1-million-event CSV log
// in < 2 s, and for 10 million events in < 30 s with memory < 2 GB). The logs are simulator traces of
// nl-baseline — real stage visits, moves, exits, household sizes — cut to exactly 1 and 10 million events, made
// once in the temporary folder outside the timed part. One run reads the log into columns, derives the stage
// visits and computes every figure with the model (norms, capacities, breaches); 10 million events run in a
// fresh process whose peak resident memory is the memory figure.
import { loadModel } from '../src/model/load.ts';
import { chainForLog, loadEventTable } from '../src/monitor/load.ts';
import { readVisits } from '../src/monitor/visits.ts';
import { monitorFigures } from '../src/monitor/metrics.ts';
import { type Benchmark, inFreshProcess } from './harness.ts';
import { traceLog } from './trace-log.ts';

const modelFile = new URL('../examples/nl-baseline.yaml', import.meta.url).pathname;
/** A trace of nl-baseline long enough for `events` rows (about 1,400 a simulated day), cut to that many. */
const makeLog = (events: number): Promise<string> =>
  traceLog({ modelFile, events, horizonDays: Math.ceil(events / 1400) + 60, name: 'monitor' });

/** Seconds for import + every monitor figure, in this process. */
async function monitorSeconds(file: string): Promise<number> {
  const started = performance.now();
  const loaded = loadModel(modelFile);
  const { table } = await loadEventTable(file);
  const chain = chainForLog(loaded, table);
  const result = monitorFigures(
    table,
    readVisits(
      table,
      chain.stages.map((s) => s.id),
    ),
    { chain },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.log.events !== table.events || result.stages.length === 0) throw new Error('bench: no figures');
  return seconds;
}

const tenMillionRss: number[] = [];

async function tenMillionInFreshProcess(): Promise<{ seconds: number; rssMiB: number }> {
  const file = await makeLog(10_000_000);
  const url = new URL('./monitor.bench.ts', import.meta.url).href;
  const { value, rssMiB } = inFreshProcess<number>(url, `bench.monitorSeconds(${JSON.stringify(file)})`);
  return { seconds: value, rssMiB };
}

export { monitorSeconds };

export const benchmarks: Benchmark[] = [
  {
    name: 'monitor.import-and-figures-1m.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 5,
    target: '< 2',
    measure: async () => monitorSeconds(await makeLog(1_000_000)),
  },
  {
    name: 'monitor.import-and-figures-10m.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 30 (fresh process)',
    async measure() {
      const { seconds, rssMiB } = await tenMillionInFreshProcess();
      tenMillionRss.push(rssMiB);
      return seconds;
    },
  },
  {
    name: 'monitor.import-and-figures-10m.peak-rss',
    unit: 'MiB',
    higherIsBetter: false,
    runs: 3,
    target: '< 2048',
    // The runs of the timing benchmark above measured it; a run of its own only when that one was filtered out.
    measure: async () => tenMillionRss.shift() ?? (await tenMillionInFreshProcess()).rssMiB,
  },
];
