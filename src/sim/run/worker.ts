// Worker thread entry for parallel replications: compiles the model once, then runs each replication it is
// sent and posts the result back (typed-array buffers are transferred, not copied). Traces the one
// replication it is asked to, appending rows to the trace file the main thread prepared.
import { appendFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadedModel } from '../../model/load.ts';
import { InputError } from '../../core/diagnostics.ts';
import { ReplicationRunner } from './replicate.ts';
import { csvTraceSink } from './trace.ts';

interface WorkerInit {
  loaded: LoadedModel;
  horizonDays?: number;
  tracePath?: string;
  traceReplication?: number;
}

const init = workerData as WorkerInit;
const runner = new ReplicationRunner(init.loaded, init.horizonDays);

parentPort!.on('message', (message: { replication: number; seed: number }) => {
  try {
    const traced = init.tracePath !== undefined && message.replication === init.traceReplication;
    const sink = traced
      ? csvTraceSink(runner.chain, message.replication, (text) => appendFileSync(init.tracePath!, text))
      : undefined;
    const result = runner.run({ replication: message.replication, seed: message.seed, trace: sink });
    sink?.flush();
    const transfer = Object.values(result.series).map((a) => a.buffer as ArrayBuffer);
    parentPort!.postMessage({ ok: true, result }, transfer);
  } catch (error) {
    // A model error (a run the model makes impossible) goes back as its diagnostics, to be reported as the user's.
    const diagnostics = error instanceof InputError && error.diagnostics.length > 0 ? error.diagnostics : undefined;
    parentPort!.postMessage({
      ok: false,
      replication: message.replication,
      error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      diagnostics,
    });
  }
});
