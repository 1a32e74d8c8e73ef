// Shared by the event-log tests: a canonical event with every field filled by default, and a pseudonym key set
// in the environment for the duration of a run.
import type { CaseEvent } from '../../src/log/event.ts';

/** An event of case `c` on 2024-01-15 09:00+01:00 with empty attributes and one person; `overrides` replace fields. */
export function caseEvent(overrides: Partial<CaseEvent> = {}): CaseEvent {
  return {
    eventId: 'e',
    caseId: 'c',
    personId: '',
    activity: 'aanmelding',
    lifecycle: 'complete',
    timeMs: Date.UTC(2024, 0, 15, 8, 0, 0),
    offsetMinutes: 60,
    partner: '',
    stage: '',
    track: '',
    cohort: '',
    location: '',
    municipality: '',
    outcome: '',
    persons: 1,
    children: 0,
    ...overrides,
  };
}

/** Runs `run` with DOORSTROOM_PSEUDONYM_KEY set to `key`, restoring the environment afterwards. */
export async function withPseudonymKey<T>(key: string, run: () => Promise<T>): Promise<T> {
  const previous = process.env.DOORSTROOM_PSEUDONYM_KEY;
  process.env.DOORSTROOM_PSEUDONYM_KEY = key;
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.DOORSTROOM_PSEUDONYM_KEY;
    else process.env.DOORSTROOM_PSEUDONYM_KEY = previous;
  }
}

/** The events as XES and OCEL read them back: an event that names no person is about the case. */
export function asRead(events: readonly CaseEvent[]): CaseEvent[] {
  return events.map((e) => (e.personId === '' ? { ...e, personId: e.caseId } : e));
}
