// Monitor speed and memory (issue "Case event logs": import + all monitor figures for a 1-million-event CSV log
// in < 2 s, and for 10 million events in < 30 s with memory < 2 GB). The logs are simulator traces of
// nl-baseline — real stage visits, moves, exits, household sizes — cut to exactly 1 and 10 million events, made
// once in the temporary folder outside the timed part. One run reads the log into columns, derives the stage
// visits and computes every figure with the model (norms, capacities, breaches); 10 million events run in a
// fresh process whose peak resident memory is the memory figure.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/run/simulate.ts';
import { chainForLog, loadEventTable } from '../src/monitor/load.ts';
import { readVisits } from '../src/monitor/visits.ts';
import { monitorFigures } from '../src/monitor/metrics.ts';
import type { Benchmark } from './harness.ts';

const modelFile = new URL('../examples/nl-baseline.yaml', import.meta.url).pathname;
const logFile = (events: number) => join(tmpdir(), `doorstroom-bench-monitor-${events}.csv`);

/** A trace of nl-baseline long enough for `events` rows, cut to exactly that many data rows. */
async function makeLog(events: number): Promise<string> {
  const file = logFile(events);
  if (existsSync(file)) return file;
  const full = `${file}.full`;
  // About 1,600 events a simulated day once the chain is full; a margin, then the cut.
  await simulate(loadModel(modelFile), {
    replications: 1,
    workers: 1,
    horizonDays: Math.ceil(events / 1400) + 60,
    tracePath: full,
  });
  const fd = openSync(full, 'r');
  const out = openSync(`${file}.tmp`, 'w');
  const buffer = Buffer.allocUnsafe(1 << 22);
  let rows = -1; // the header is not a data row
  let position = 0;
  const size = statSync(full).size;
  outer: while (position < size) {
    const n = readSync(fd, buffer, 0, buffer.length, position);
    for (let i = 0; i < n; i++) {
      if (buffer[i] === 10 && ++rows === events) {
        writeSync(out, buffer, 0, i + 1);
        break outer;
      }
    }
    writeSync(out, buffer, 0, n);
    position += n;
  }
  closeSync(fd);
  closeSync(out);
  rmSync(full);
  if (rows < events) throw new Error(`bench: the trace has only ${rows} events, fewer than ${events}`);
  renameSync(`${file}.tmp`, file);
  return file;
}

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
  const script = [
    `const { monitorSeconds } = await import(${JSON.stringify(new URL('./monitor.bench.ts', import.meta.url).href)});`,
    `const seconds = await monitorSeconds(${JSON.stringify(file)});`,
    `process.stdout.write(JSON.stringify({ seconds, maxRssKiB: process.resourceUsage().maxRSS }));`,
  ].join('\n');
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  const { seconds, maxRssKiB } = JSON.parse(out) as { seconds: number; maxRssKiB: number };
  return { seconds, rssMiB: maxRssKiB / 1024 };
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
