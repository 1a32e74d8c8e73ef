// Forecasting many series on Node worker threads (the only Node-specific module in src/forecast; the rest
// runs in a browser). Series are split into contiguous chunks, one per thread; results come back in order.
// This file is both the API (main thread) and the worker entry (when loaded with workerData).
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { forecast, type ForecastOptions } from './forecast.ts';

export interface SeriesTask {
  values: number[];
  options: ForecastOptions;
}

export interface SeriesResult {
  label: string;
  mean: number[];
  intervals: { level: number; lower: number[]; upper: number[] }[];
  notes: string[];
  /** Error message when the forecast failed. */
  error?: string;
}

function run(tasks: SeriesTask[]): SeriesResult[] {
  return tasks.map(({ values, options }) => {
    try {
      const fc = forecast(values, options);
      return {
        label: fc.label,
        mean: Array.from(fc.mean),
        intervals: fc.intervals.map((i) => ({
          level: i.level,
          lower: Array.from(i.lower),
          upper: Array.from(i.upper),
        })),
        notes: fc.notes,
      };
    } catch (error) {
      return { label: '', mean: [], intervals: [], notes: [], error: (error as Error).message };
    }
  });
}

/** Forecasts every task, spread over `threads` worker threads (1 runs in this thread). */
export async function forecastMany(tasks: SeriesTask[], threads: number): Promise<SeriesResult[]> {
  if (threads <= 1 || tasks.length < 2) return run(tasks);
  const size = Math.ceil(tasks.length / threads);
  const chunks: SeriesTask[][] = [];
  for (let i = 0; i < tasks.length; i += size) chunks.push(tasks.slice(i, i + size));
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<SeriesResult[]>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: chunk });
          let done = false;
          worker.once('message', (results: SeriesResult[]) => {
            done = true;
            resolve(results);
            void worker.terminate();
          });
          worker.once('error', reject);
          worker.once('exit', (code) => {
            if (!done) reject(new Error(`forecast worker stopped (exit code ${code}) before sending its results`));
          });
        }),
    ),
  );
  return parts.flat();
}

if (!isMainThread && parentPort && Array.isArray(workerData)) {
  parentPort.postMessage(run(workerData as SeriesTask[]));
}
