// Twin speed and memory (issue "The twin": from a 1-million-event log, 200 replications of 26 weeks in < 30 s on
// the 2 cores, memory < 2 GB; the full run includes the draaiboek advice's measuring runs). The log is a trace of nl-2022-2026 — its 69,000 cases open at the start and
// sixteen months of arrivals, decisions, moves and exits — cut to exactly 1 million events and made once in the
// temporary folder; the as-of date is the day of its last event. One warm-start run reads the log, finds the
// open cases and builds the twin's model; the full run does that and the 200 replications in a fresh process,
// whose peak resident memory is the memory figure.
import { formatIsoDate } from '../src/core/calendar.ts';
import { loadModel } from '../src/model/load.ts';
import { loadEventTable } from '../src/monitor/load.ts';
import { twinFrom, twinStart } from '../src/twin/twin.ts';
import { type Benchmark, inFreshProcess } from './harness.ts';
import { traceLog } from './trace-log.ts';

const modelFile = new URL('../examples/nl-2022-2026.yaml', import.meta.url).pathname;
const EVENTS = 1_000_000;
const makeLog = (): Promise<string> =>
  traceLog({ modelFile, events: EVENTS, horizonDays: 600, name: 'twin-nl-2022-2026' });

/**
 * Seconds to read the log and the model, find the open cases and build the twin's model; with `replications`,
 * the whole twin of 6 months (26 weeks): the projection and the draaiboek advice. Also the CPU seconds of the
 * process (all threads), the figure that holds when the machine is shared.
 */
async function twinSeconds(
  file: string,
  replications = 0,
): Promise<{ seconds: number; cpuSeconds: number; openCases: number }> {
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const loaded = loadModel(modelFile);
  const { table } = await loadEventTable(file);
  const asOf = formatIsoDate(Math.floor(table.lastTime));
  const start = twinStart(table, loaded, { asOf, months: 6 });
  if (replications > 0) {
    const result = await twinFrom(start, { replications });
    // Six months in whole weeks: 26 or 27 of them.
    if (result.projection.weeks < 26) throw new Error('bench: fewer than 26 weeks');
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    openCases: start.summary.openCases,
  };
}

const runRss: number[] = [];
const runCpu: number[] = [];

async function fullRunInFreshProcess(): Promise<{ seconds: number; cpuSeconds: number; rssMiB: number }> {
  const file = await makeLog();
  const url = new URL('./twin.bench.ts', import.meta.url).href;
  const { value, rssMiB } = inFreshProcess<{ seconds: number; cpuSeconds: number }>(
    url,
    `bench.twinSeconds(${JSON.stringify(file)}, 200)`,
  );
  return { ...value, rssMiB };
}

export { twinSeconds };

export const benchmarks: Benchmark[] = [
  {
    name: 'twin.warm-start-1m.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 5,
    async measure() {
      const { seconds, openCases } = await twinSeconds(await makeLog());
      if (openCases === 0) throw new Error('bench: no open cases');
      return seconds;
    },
  },
  {
    name: 'twin.run-1m-200x26w.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 30 (fresh process, 2 cores)',
    async measure() {
      const { seconds, cpuSeconds, rssMiB } = await fullRunInFreshProcess();
      runRss.push(rssMiB);
      runCpu.push(cpuSeconds);
      return seconds;
    },
  },
  {
    name: 'twin.run-1m-200x26w.cpu-seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 60 (30 s on each of 2 cores)',
    measure: async () => runCpu.shift() ?? (await fullRunInFreshProcess()).cpuSeconds,
  },
  {
    name: 'twin.run-1m-200x26w.peak-rss',
    unit: 'MiB',
    higherIsBetter: false,
    runs: 3,
    target: '< 2048',
    measure: async () => runRss.shift() ?? (await fullRunInFreshProcess()).rssMiB,
  },
];
