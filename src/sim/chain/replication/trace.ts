// The trace of a replication: when a TraceSink is given, every case event goes to it with the case's fields as
// they are at that moment. Parts hold a CaseTrace or null, so a run without a trace pays one null check per event.
import type { CaseTable } from './cases.ts';

/** Receives simulated case events when tracing; the run layer turns them into event-log rows. */
export interface TraceSink {
  event(
    caseKey: number,
    persons: number,
    children: number,
    activity: string,
    lifecycle: 'schedule' | 'start' | 'complete',
    time: number,
    stage: number,
    track: number,
    cohort: number,
    location: number,
    outcome: string,
  ): void;
}

export class CaseTrace {
  private readonly sink: TraceSink;
  private readonly cases: CaseTable;

  constructor(sink: TraceSink, cases: CaseTable) {
    this.sink = sink;
    this.cases = cases;
  }

  emit(
    c: number,
    activity: string,
    lifecycle: 'schedule' | 'start' | 'complete',
    t: number,
    stage: number,
    outcome = '',
  ) {
    const cases = this.cases;
    this.sink.event(
      cases.key[c],
      cases.persons[c],
      cases.children[c],
      activity,
      lifecycle,
      t,
      stage,
      cases.track[c],
      cases.cohort[c],
      cases.location[c],
      outcome,
    );
  }
}
