// One replication of the asylum chain on the event kernel: households arrive, queue for and pass through
// stages, get beds at reception locations, and leave the chain (housed, departed, transferred). Invariants:
// persons are conserved (every arrival is in the chain or has exited), a case draws only from its own random
// sub-stream (common random numbers across scenarios), and nothing is stored per event unless tracing.
//
// The replication is composed of parts in ./replication/, each owning its state and statistics (see
// docs/engine.md, "The chain's parts"): the case table, stages (servers, quotas, routes), reception (beds,
// moves), norm clocks, the playbook, the recorder, the trace, arrivals and the day clock.
import { Kernel } from '../engine/kernel.ts';
import type { CompiledChain } from './compile.ts';
import type { ReplicationResult } from './results.ts';
import { Arrivals } from './replication/arrivals.ts';
import { CaseTable } from './replication/cases.ts';
import { collectResult } from './replication/collect.ts';
import { ReportWindow } from './replication/constants.ts';
import { DayClock } from './replication/days.ts';
import { NormClocks } from './replication/norms.ts';
import { Playbook } from './replication/playbook.ts';
import { StaffPools } from './replication/pools.ts';
import { Reception } from './replication/reception.ts';
import { Recorder } from './replication/recorder.ts';
import { Stages } from './replication/stages.ts';
import { Nareis } from './replication/nareis.ts';
import { CaseTrace, type TraceSink } from './replication/trace.ts';

export type { TraceSink } from './replication/trace.ts';
export { MAX_STAGE_ENTRIES_PER_DAY } from './replication/stages.ts';

export interface SimulateOptions {
  replication: number;
  seed: number;
  trace?: TraceSink;
}

export function simulateReplication(chain: CompiledChain, options: SimulateOptions): ReplicationResult {
  const { replication, seed } = options;
  const H = chain.horizonDays;
  // Sized for the initial state at once (at most one case per person), so a large start does not grow every
  // per-case array step by step; the sizes change no result.
  const initialCases = initialCaseBound(chain);
  const kernel = new Kernel(1024);
  const window = new ReportWindow(H, chain.warmupDays);
  const cases = new CaseTable(Math.max(1024, initialCases + 1024));
  const trace = options.trace ? new CaseTrace(options.trace, cases) : null;
  const run = { seed, replication };
  const norms = new NormClocks(chain, cases, window, run);
  const recorder = new Recorder(chain, cases, window);
  const reception = new Reception(chain, cases, window, kernel, trace);
  const nareis = chain.hasAbroad ? new Nareis(chain, cases, window, kernel, { norms, recorder, trace }) : null;
  const pools = chain.pools.length > 0 ? new StaffPools(chain, window) : null;
  const stages = new Stages(chain, cases, window, kernel, replication, {
    norms,
    reception,
    recorder,
    trace,
    nareis,
    pools,
  });
  nareis?.connect(stages);
  const arrivals = new Arrivals(chain, cases, window, kernel, run, {
    stages,
    reception,
    norms,
    recorder,
    trace,
    nareis,
  });
  stages.connect(arrivals);
  const playbook = new Playbook(chain, window, { stages, reception, recorder, pools });
  const days = new DayClock(kernel, H, { recorder, stages, reception, playbook, nareis });

  // The order of scheduling decides ties at equal time and priority: keep it.
  stages.scheduleCapacityChanges();
  reception.scheduleCapacityChanges(kernel);
  arrivals.placeInitialStocks();
  arrivals.start();
  days.start();
  const events = kernel.runBefore(H);
  days.end();
  return collectResult(
    chain,
    window,
    { replication, seed, events },
    { recorder, stages, reception, norms, playbook, nareis, pools },
  );
}

/** At most how many cases the initial state makes: one per person of a group, one per row of initialCases. */
function initialCaseBound(chain: CompiledChain): number {
  let n = chain.initialCases.length;
  for (const group of chain.initialStocks) n += group.persons;
  return n;
}
