// The Node front of the monitor: reads an event log file (any supported format) into an event table while it
// streams, so that a log larger than memory in its text form still fits as columns, and compiles the chain
// model that gives the stages, norms, calendar and capacities their meaning.
import type { LoadedModel } from '../model/load.ts';
import { type CompiledChain, compileChain } from '../sim/chain/compile.ts';
import { parseIsoDate } from '../core/calendar.ts';
import { InputError } from '../core/diagnostics.ts';
import { acceptedShareCheck, RejectTally, type ImportReject, type ImportSummary } from '../log/checks.ts';
import type { Mapping } from '../log/mapping.ts';
import { type EventLogFormat, eventLogFormat, readEventLog } from '../log/read.ts';
import { EventTableBuilder, type EventTable, TooManyValuesError } from './event-table.ts';

export interface LoadLogOptions {
  /** Default: by the file's extension. */
  format?: EventLogFormat;
  mapping?: Mapping;
  strict?: boolean;
  onReject?: (reject: ImportReject) => void;
  /** IANA zone of timestamps without a UTC offset (default: the mapping's, else Europe/Amsterdam). */
  timeZone?: string;
  /** OCEL: the object type whose objects are the cases. */
  caseType?: string;
  /** Share of the records (0 to 1) that must be accepted, else an InputError that counts the rejects by kind; default: at least one. */
  minAccepted?: number;
  /** Bytes of the file read so far, after each chunk: for a progress bar. */
  onBytesRead?: (bytes: number) => void;
}

/**
 * Reads the log (CSV, XES or OCEL 2.0) into columns; the summary counts accepted, rejected and duplicate events
 * as the import does, and too few accepted events stop it as they stop an import (acceptedShareCheck).
 */
export async function loadEventTable(
  file: string,
  options: LoadLogOptions = {},
): Promise<{ table: EventTable; summary: ImportSummary }> {
  const builder = new EventTableBuilder(1 << 16);
  const format = options.format ?? eventLogFormat(file);
  let summary: ImportSummary;
  const tally = new RejectTally();
  const onReject = (reject: ImportReject): void => {
    tally.add(reject);
    options.onReject?.(reject);
  };
  try {
    summary = await readEventLog(file, {
      format,
      mapping: options.mapping,
      strict: options.strict,
      timeZone: options.timeZone,
      caseType: options.caseType,
      onReject,
      onBytesRead: options.onBytesRead,
      onEvents: (batch, cases) => builder.add(batch, cases),
    });
  } catch (error) {
    // A column mapped to a stage attribute that holds free text or identifiers overflows its dictionary.
    if (error instanceof TooManyValuesError)
      throw new InputError([{ file, line: 1, col: 1, path: '', message: error.message }]);
    throw error;
  }
  acceptedShareCheck(file, summary, tally, options.minAccepted, format === 'csv' ? 'row' : 'event');
  return { table: builder.finish(), summary };
}

/**
 * The model compiled over a horizon that reaches the end of the log (capacities and quotas by date need it);
 * the model's own horizon when the log ends earlier.
 */
export function chainForLog(loaded: LoadedModel, table: EventTable): CompiledChain {
  const startDay = parseIsoDate(loaded.model.time.start);
  const needed = Number.isFinite(table.lastTime) ? Math.ceil(table.lastTime - startDay) + 1 : 0;
  return compileChain(loaded, { horizonDays: Math.max(loaded.model.time.horizonDays, Math.min(36_600, needed)) });
}
