// Runs replications of a loaded model in this thread: compile once, then one independent replication per
// index. The worker pool (parallel.ts) calls the same function per replication, so a replication's result does
// not depend on where it ran. No Node-only imports: this also runs in a browser Web Worker.
import type { LoadedModel } from '../../model/load.ts';
import { type CompiledChain, compileChain } from '../chain/compile.ts';
import type { ReplicationResult } from '../chain/results.ts';
import { type TraceSink, simulateReplication } from '../chain/simulate.ts';

export interface ReplicationJob {
  replication: number;
  seed: number;
  trace?: TraceSink;
}

export class ReplicationRunner {
  readonly chain: CompiledChain;

  constructor(loaded: LoadedModel, horizonDays?: number) {
    this.chain = compileChain(loaded, { horizonDays });
  }

  run(job: ReplicationJob): ReplicationResult {
    return simulateReplication(this.chain, job);
  }
}
