// Writing an event log in any supported format, batch by batch. Canonical CSV is streamed to its temporary
// file; XES groups the events by case and OCEL lists the objects before the events, so for those the events
// are kept until `commit`. Either way the file appears complete at `commit`, or not at all (`abort`).
import { CanonicalCsvWriter } from './csv-write.ts';
import type { CaseEvent } from './event.ts';
import type { IdentifierField } from './mapping.ts';
import { writeOcelJson, writeOcelXml } from './ocel.ts';
import type { EventLogFormat } from './read.ts';
import { writeXes } from './xes.ts';

export interface EventLogWriter {
  add(batch: readonly CaseEvent[]): void;
  commit(): void;
  abort(): void;
}

export interface EventLogWriterOptions {
  /** The identifier fields that were pseudonymised while reading; XES states it in the file (default none). */
  pseudonymised?: readonly IdentifierField[];
}

/** A writer of `format` to `path`; nothing is at `path` until commit. */
export function eventLogWriter(
  path: string,
  format: EventLogFormat,
  options: EventLogWriterOptions = {},
): EventLogWriter {
  if (format === 'csv') return new CanonicalCsvWriter(path);
  const write =
    format === 'xes'
      ? (p: string, events: readonly CaseEvent[]) => writeXes(p, events, { pseudonymised: options.pseudonymised })
      : format === 'ocel-json'
        ? writeOcelJson
        : writeOcelXml;
  const events: CaseEvent[] = [];
  return {
    add(batch) {
      for (const e of batch) events.push(e);
    },
    commit() {
      write(path, events);
    },
    abort() {
      events.length = 0;
    },
  };
}
