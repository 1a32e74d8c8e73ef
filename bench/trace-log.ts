// Event logs for benchmarks: a model's own simulated trace, long enough and cut to exactly the number of events
// asked for, made once in the temporary folder outside the timed part (real stage visits, moves, exits and
// household sizes, in time order).
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/run/simulate.ts';

/** The trace of one replication of `modelFile` over `horizonDays`, cut to its first `events` data rows. */
export async function traceLog(spec: {
  modelFile: string;
  events: number;
  horizonDays: number;
  /** Part of the file name, so that two benchmarks of different models keep their own logs. */
  name: string;
}): Promise<string> {
  const { events } = spec;
  const file = join(tmpdir(), `doorstroom-bench-${spec.name}-${events}.csv`);
  if (existsSync(file)) return file;
  const full = `${file}.full`;
  await simulate(loadModel(spec.modelFile), {
    replications: 1,
    workers: 1,
    horizonDays: spec.horizonDays,
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
