// Streaming XES read speed (issue 4: ≥ 200k events/s): a 500,000-event log (50,000 cases of 10 events, with
// partner, person and the chain attributes filled) is written once to the temporary folder, outside the timed
// part; each run reads it through readXes with a callback that keeps nothing, and reports events per second.
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CaseEvent } from '../src/log/event.ts';
import { readXes, writeXes } from '../src/log/xes.ts';
import type { Benchmark } from './harness.ts';

const EVENTS = 500_000;
const EVENTS_PER_CASE = 10;
const ACTIVITIES = ['aanmelding', 'registratie', 'rust- en voorbereidingstermijn', 'gehoor', 'besluit'];
const PARTNERS = ['IND', 'COA', 'DT&V', 'gemeente'];
const MUNICIPALITIES = ['Ter Apel', 'Budel-Cranendonck', 'Súdwest-Fryslân', "'s-Hertogenbosch"];

function* syntheticEvents(): Generator<CaseEvent> {
  const start = Date.UTC(2024, 0, 1);
  for (let i = 0; i < EVENTS; i++) {
    const c = Math.floor(i / EVENTS_PER_CASE);
    const k = i % EVENTS_PER_CASE;
    const timeMs = start + c * 600_000 + k * 86_400_000;
    yield {
      eventId: `e${i}`,
      caseId: `case-${c.toString(36)}`,
      personId: `person-${(c * 7).toString(36)}`,
      activity: ACTIVITIES[k >> 1],
      lifecycle: k % 2 === 0 ? 'start' : 'complete',
      timeMs,
      // Summer time (+02:00) from the last Sunday of March 2024 to the last Sunday of October.
      offsetMinutes: timeMs >= Date.UTC(2024, 2, 31, 1) && timeMs < Date.UTC(2024, 9, 27, 1) ? 120 : 60,
      partner: PARTNERS[k % PARTNERS.length],
      stage: ACTIVITIES[k >> 1],
      track: c % 3 === 0 ? 'AA' : 'GL',
      cohort: `2024-${String((c % 12) + 1).padStart(2, '0')}`,
      location: 'Ter Apel',
      municipality: MUNICIPALITIES[c % MUNICIPALITIES.length],
      outcome: k === EVENTS_PER_CASE - 1 ? 'verleend' : '',
      // Households of 1 to 4 persons, some with minors, as the simulator's trace has them.
      persons: 1 + (c % 4),
      children: Math.min(c % 3, c % 4),
    };
  }
}

let file: string | undefined;

function logFile(): string {
  if (file === undefined) {
    file = join(tmpdir(), `doorstroom-bench-${process.pid}.xes`);
    writeXes(file, syntheticEvents());
    const written = file;
    process.on('exit', () => rmSync(written, { force: true }));
  }
  return file;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'xes.read-events-per-second',
    unit: 'events/s',
    higherIsBetter: true,
    runs: 3,
    target: '>= 2e5',
    async measure() {
      const path = logFile();
      let count = 0;
      const begin = performance.now();
      await readXes(path, () => {
        count++;
      });
      const seconds = (performance.now() - begin) / 1000;
      if (count !== EVENTS) throw new Error(`read ${count} events, expected ${EVENTS}`);
      return count / seconds;
    },
  },
];
