// `simulate()`: runs R replications of a loaded model, in this thread or on worker threads, and aggregates
// them. Replication r always uses sub-streams keyed by (seed, r), so results are identical for any number of
// workers. The trace (if asked) is written to a temporary file and renamed into place only when complete.
import { availableParallelism } from 'node:os';
import { renameSync, writeFileSync, appendFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import {
  type LoadedModel,
  inflowCoverageProblem,
  inflowPersonsProblem,
  withInflowForecastFor,
} from '../../model/load.ts';
import { type Diagnostic, InputError } from '../../core/diagnostics.ts';
import { LIMITS } from '../../model/schema.ts';
import { prepareOutputFile, writeFailureMessage } from '../../core/atomic-write.ts';
import { removeTemp, tempPathFor, trackTemp, untrackTemp } from '../../core/temp-files.ts';
import { DOORSTROOM_VERSION } from '../../version.ts';
import type { ReplicationResult } from '../chain/results.ts';
import { type AggregateResult, aggregateReplications } from './aggregate.ts';
import { ReplicationRunner } from './replicate.ts';
import { runSizeProblem } from './run-size.ts';
import { TRACE_HEADER, csvTraceSink } from './trace.ts';

export interface SimulateOptions {
  /** Number of replications (default 10). */
  replications?: number;
  /** Number of the first replication (default 0): replications first … first + replications − 1 run, so a run
   * can be extended later with more replications that are independent of the earlier ones. */
  firstReplication?: number;
  /** Base seed (default: the model's `seed`). */
  seed?: number;
  /** Worker threads (default: all cores; 1 runs in this thread). */
  workers?: number;
  /** Override the model's horizon (days), e.g. for a quick smoke run. */
  horizonDays?: number;
  /** Write the simulated case events of one replication to this CSV file. */
  tracePath?: string;
  /** Which replication to trace (default 0). */
  traceReplication?: number;
  /** Called after each finished replication. */
  onProgress?: (done: number, total: number) => void;
}

export interface SimulationResult {
  version: string;
  model: { name: string; file: string; hash: string };
  seed: number;
  startDate: string;
  horizonDays: number;
  warmupDays: number;
  replications: ReplicationResult[];
  aggregate: AggregateResult;
  elapsedSeconds: number;
}

export async function simulate(loaded: LoadedModel, options: SimulateOptions = {}): Promise<SimulationResult> {
  const replications = options.replications ?? 10;
  if (!Number.isInteger(replications) || replications < 1)
    throw new RangeError(`replications must be a whole number >= 1 (got ${replications})`);
  const seed = options.seed ?? loaded.model.seed;
  if (!(Number.isSafeInteger(seed) && seed >= 0))
    throw new RangeError(`seed must be a whole number from 0 to ${LIMITS.seed} (got ${seed})`);
  const first = options.firstReplication ?? 0;
  if (!Number.isInteger(first) || first < 0 || first + replications > LIMITS.replications) {
    throw new RangeError(
      `firstReplication must be a whole number >= 0 with firstReplication + replications <= ${LIMITS.replications} (got ${first})`,
    );
  }
  const workers = Math.max(1, Math.min(options.workers ?? availableParallelism(), replications, LIMITS.workers));
  const traceReplication = options.traceReplication ?? 0;
  const tooLarge = runSizeProblem(loaded, { replications, horizonDays: options.horizonDays });
  if (tooLarge) throw new InputError(tooLarge);
  if (options.horizonDays !== undefined) {
    const at = loaded.positions?.inflow ?? { file: loaded.file, line: 1, col: 1 };
    const problem =
      inflowCoverageProblem(loaded.model, loaded.inflow, options.horizonDays, 'shorten --horizon-days') ??
      inflowPersonsProblem(loaded.model, loaded.inflow, options.horizonDays, 'shorten --horizon-days');
    if (problem) throw new InputError([{ ...at, path: 'inflow', message: problem }]);
  }
  const started = performance.now();
  // A forecast inflow is fitted here, once, when the run's horizon differs from the model's; the workers use it.
  const run = withInflowForecastFor(loaded, options.horizonDays ?? loaded.model.time.horizonDays);
  // The trace is written whole or not at all: to a temporary beside it (removed on an error or an
  // interruption), renamed into place when every replication has run.
  let tmpTrace: string | undefined;
  if (options.tracePath) {
    prepareOutputFile(options.tracePath);
    tmpTrace = tempPathFor(options.tracePath);
    trackTemp(tmpTrace);
    try {
      writeFileSync(tmpTrace, TRACE_HEADER + '\n');
    } catch (error) {
      untrackTemp(tmpTrace);
      throw new InputError(writeFailureMessage(options.tracePath, error));
    }
  }

  let results: ReplicationResult[];
  let horizonDays: number;
  let warmupDays: number;
  try {
    if (workers === 1) {
      const runner = new ReplicationRunner(run, options.horizonDays);
      results = [];
      for (let r = first; r < first + replications; r++) {
        const sink =
          tmpTrace && r === traceReplication
            ? csvTraceSink(runner.chain, r, (text) => appendFileSync(tmpTrace, text))
            : undefined;
        results.push(runner.run({ replication: r, seed, trace: sink }));
        sink?.flush();
        options.onProgress?.(r - first + 1, replications);
      }
    } else {
      results = await runOnWorkers(run, first, replications, seed, workers, options, tmpTrace, traceReplication);
    }
    horizonDays = results[0].horizonDays;
    warmupDays = results[0].warmupDays;
    if (tmpTrace) {
      renameSync(tmpTrace, options.tracePath!);
      untrackTemp(tmpTrace);
    }
  } catch (error) {
    if (tmpTrace) removeTemp(tmpTrace);
    throw error;
  }

  results.sort((a, b) => a.replication - b.replication);
  return {
    version: DOORSTROOM_VERSION,
    model: { name: loaded.model.name, file: loaded.file, hash: loaded.hash },
    seed,
    startDate: loaded.model.time.start,
    horizonDays,
    warmupDays,
    replications: results,
    aggregate: aggregateReplications(results),
    elapsedSeconds: (performance.now() - started) / 1000,
  };
}

function workerUrl(): URL {
  // From source (tests, `node src/...`) the worker is a .ts file run with Node's type stripping; from dist, .js.
  return new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
}

function runOnWorkers(
  loaded: LoadedModel,
  first: number,
  replications: number,
  seed: number,
  workerCount: number,
  options: SimulateOptions,
  tracePath: string | undefined,
  traceReplication: number,
): Promise<ReplicationResult[]> {
  return new Promise((resolve, reject) => {
    const results: ReplicationResult[] = [];
    let next = first;
    let failed = false;
    const pool: Worker[] = [];
    const stopAll = () => {
      for (const w of pool) void w.terminate();
    };
    const dispatch = (worker: Worker) => {
      if (next < first + replications) worker.postMessage({ replication: next++, seed });
      else void worker.terminate();
    };
    for (let i = 0; i < workerCount; i++) {
      const worker = new Worker(workerUrl(), {
        workerData: { loaded, horizonDays: options.horizonDays, tracePath, traceReplication },
      });
      pool.push(worker);
      worker.on(
        'message',
        (
          message:
            | { ok: true; result: ReplicationResult }
            | { ok: false; replication: number; error: string; diagnostics?: Diagnostic[] },
        ) => {
          if (failed) return;
          if (!message.ok) {
            failed = true;
            stopAll();
            reject(
              message.diagnostics
                ? new InputError(message.diagnostics)
                : new Error(`replication ${message.replication} failed: ${message.error}`),
            );
            return;
          }
          results.push(message.result);
          options.onProgress?.(results.length, replications);
          if (results.length === replications) {
            stopAll();
            resolve(results);
          } else dispatch(worker);
        },
      );
      worker.on('error', (error) => {
        if (failed) return;
        failed = true;
        stopAll();
        reject(error);
      });
      dispatch(worker);
    }
  });
}
