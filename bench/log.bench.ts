// Import speed of the canonical event-log CSV: a 1-million-event log shaped like a simulator trace (100,000
// cases of 10 events, Amsterdam timestamps with offsets, households of 1 to 4 persons) is generated once in the temporary folder, outside
// the timed part; each run streams it through importCsv (parse, checks, duplicate and order detection) and
// counts the events (and, in the third figure, writes them as canonical CSV). The target (< 2 s) is for import plus all monitor figures; this is import alone.
import { existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCsv } from '../src/log/csv-import.ts';
import { CANONICAL_HEADER, CanonicalCsvWriter, canonicalRow } from '../src/log/csv-write.ts';
import { amsterdamOffsetAt } from '../src/log/mapping.ts';
import { type Benchmark, writeGeneratedFile } from './harness.ts';

const EVENTS = 1_000_000;
const EVENTS_PER_CASE = 10;
const STAGES = ['aanmelding', 'aa-decision', 'vva', 'housing', 'exit:housed'];
const file = join(tmpdir(), `doorstroom-bench-log-${process.pid}.csv`);

function generate(): void {
  if (existsSync(file)) return;
  const start = Date.UTC(2025, 0, 1);
  writeGeneratedFile(file, `${CANONICAL_HEADER}\n`, EVENTS, (i) => {
    const c = Math.floor(i / EVENTS_PER_CASE);
    const k = i % EVENTS_PER_CASE;
    const timeMs = start + c * 300_000 + k * 3_600_000 * 7 + (i % 13) * 1000;
    const stage = STAGES[k >> 1];
    return canonicalRow({
      eventId: `r0-e${i}`,
      caseId: `c${c.toString(36)}`,
      personId: `c${c.toString(36)}-p1`,
      activity: stage,
      lifecycle: k % 2 === 0 ? 'start' : 'complete',
      timeMs,
      offsetMinutes: amsterdamOffsetAt(timeMs),
      partner: k < 4 ? 'ind' : 'coa',
      stage,
      track: c % 3 === 0 ? 'track-2' : 'track-4',
      cohort: c % 5 === 0 ? 'safe-country' : 'mixed',
      location: c % 2 === 0 ? 'azc-ter-apel' : 'azc-budel',
      municipality: '',
      outcome: k === 3 ? 'grant' : '',
      // Households of 1 to 4 persons, some with minors, as the simulator's trace has them.
      persons: 1 + (c % 4),
      children: Math.min(c % 3, c % 4),
    });
  });
  process.once('exit', () => rmSync(file, { force: true }));
}

/** Seconds to import the generated log; checks that every row was accepted. */
async function importSeconds(): Promise<number> {
  generate();
  let events = 0;
  const started = performance.now();
  const summary = await importCsv(file, { onEvents: (batch) => void (events += batch.length) });
  const seconds = (performance.now() - started) / 1000;
  if (events !== EVENTS || summary.accepted !== EVENTS)
    throw new Error(`bench: imported ${events} of ${EVENTS} events`);
  return seconds;
}

/** Seconds to import the generated log and write it as canonical CSV (what `doorstroom import` does). */
async function importWriteSeconds(): Promise<number> {
  generate();
  const out = join(tmpdir(), `doorstroom-bench-log-out-${process.pid}.csv`);
  const started = performance.now();
  const writer = new CanonicalCsvWriter(out);
  const summary = await importCsv(file, { onEvents: (batch) => writer.add(batch) });
  writer.commit();
  const seconds = (performance.now() - started) / 1000;
  rmSync(out);
  if (summary.accepted !== EVENTS) throw new Error(`bench: imported ${summary.accepted} of ${EVENTS} events`);
  return seconds;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'log.csv-import-1m.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    target: '< 2 (with all monitor figures)',
    measure: importSeconds,
  },
  {
    name: 'log.csv-import.events-per-second',
    unit: 'events/s',
    higherIsBetter: true,
    runs: 3,
    measure: async () => EVENTS / (await importSeconds()),
  },
  {
    name: 'log.csv-import-write-1m.seconds',
    unit: 's',
    higherIsBetter: false,
    runs: 3,
    measure: importWriteSeconds,
  },
];
