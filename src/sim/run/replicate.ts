// Runs replications of a loaded model in this thread: compile once, then one independent replication per
// index. The worker pool (parallel.ts) calls the same function per replication, so a replication's result does
// not depend on where it ran. No Node-only imports: this also runs in a browser Web Worker.
import type { LoadedModel } from '../../model/load.ts';
import { InputError } from '../../core/diagnostics.ts';
import { type CompiledChain, compileChain } from '../chain/compile.ts';
import { type ReplicationResult, SimulationError } from '../chain/results.ts';
import { type TraceSink, simulateReplication } from '../chain/simulate.ts';

export interface ReplicationJob {
  replication: number;
  seed: number;
  trace?: TraceSink;
}

export class ReplicationRunner {
  readonly chain: CompiledChain;
  private readonly loaded: LoadedModel;

  constructor(loaded: LoadedModel, horizonDays?: number) {
    this.loaded = loaded;
    this.chain = compileChain(loaded, { horizonDays });
  }

  /** One replication; a run the model makes impossible is an InputError at the model field concerned. */
  run(job: ReplicationJob): ReplicationResult {
    try {
      return simulateReplication(this.chain, job);
    } catch (error) {
      if (error instanceof SimulationError) throw locatedSimulationError(this.loaded, error);
      throw error;
    }
  }
}

/** A SimulationError as an InputError at the line of its field (LoadedModel.positions), or the file's start. */
export function locatedSimulationError(loaded: LoadedModel, error: SimulationError): InputError {
  const at = loaded.positions?.[error.path] ?? { file: loaded.file, line: 1, col: 1 };
  return new InputError([{ file: at.file, line: at.line, col: at.col, path: error.path, message: error.message }]);
}
