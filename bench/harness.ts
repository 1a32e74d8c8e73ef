// The benchmark contract: a benchmark file exports `benchmarks`, each measuring one figure per run.
// The runner repeats every measurement and reports the median, so one slow run cannot move a figure.
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Benchmark {
  /** Stable name, e.g. `kernel.events-per-second`; used as the key in the JSON results. */
  name: string;
  /** Unit of the measured figure, e.g. `events/s`, `s`, `MiB`. */
  unit: string;
  /** Whether a larger figure is better (throughput) or worse (time, memory). */
  higherIsBetter: boolean;
  /** How many runs to take the median over (default 5). */
  runs?: number;
  /** The target the issue names, for the printed table (e.g. `>= 8e6`); informational only. */
  target?: string;
  /** One run: returns the measured figure. Setup that should not be timed belongs outside the timed part. */
  measure(): number | Promise<number>;
}

export interface BenchmarkResult {
  name: string;
  unit: string;
  higherIsBetter: boolean;
  target?: string;
  runs: number;
  median: number;
  min: number;
  max: number;
  values: number[];
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function runBenchmark(benchmark: Benchmark): Promise<BenchmarkResult> {
  const runs = benchmark.runs ?? 5;
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await benchmark.measure());
  return {
    name: benchmark.name,
    unit: benchmark.unit,
    higherIsBetter: benchmark.higherIsBetter,
    target: benchmark.target,
    runs,
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    values,
  };
}

/**
 * Writes a generated input once, outside the timed part: `header`, then `row(0)` … `row(rows - 1)` (each ending
 * in its own newline), through `<file>.tmp` and a rename; a file that exists already is kept.
 */
export function writeGeneratedFile(file: string, header: string, rows: number, row: (i: number) => string): void {
  if (existsSync(file)) return;
  const fd = openSync(`${file}.tmp`, 'w');
  let text = header;
  for (let i = 0; i < rows; i++) {
    text += row(i);
    if (text.length > 1 << 20) {
      writeSync(fd, text);
      text = '';
    }
  }
  writeSync(fd, text);
  closeSync(fd);
  renameSync(`${file}.tmp`, file);
}

/**
 * Runs `call` — an expression on `bench`, the module at `moduleUrl` (e.g. `bench.monitorSeconds("x.csv")`) — in
 * a fresh Node process, and returns its awaited value and the process's peak resident memory. The script is a
 * file, not `--eval` text, so that worker threads the call starts load as they would in a command.
 */
export function inFreshProcess<T>(moduleUrl: string, call: string): { value: T; rssMiB: number } {
  const script = join(tmpdir(), `doorstroom-bench-${process.pid}-${Date.now()}.mjs`);
  writeFileSync(
    script,
    [
      `const bench = await import(${JSON.stringify(moduleUrl)});`,
      `const value = await ${call};`,
      `process.stdout.write(JSON.stringify({ value, maxRssKiB: process.resourceUsage().maxRSS }));`,
    ].join('\n'),
  );
  try {
    const out = execFileSync(process.execPath, [script], { encoding: 'utf8', maxBuffer: 1 << 20 });
    const { value, maxRssKiB } = JSON.parse(out) as { value: T; maxRssKiB: number };
    return { value, rssMiB: maxRssKiB / 1024 };
  } finally {
    rmSync(script, { force: true });
  }
}
