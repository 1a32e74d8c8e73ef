// Writes canonical case events as CSV (header CANONICAL_COLUMNS, docs/event-log.md), timestamps as ISO 8601
// local time with the recorded UTC offset. The file is written under a temporary name and renamed when
// complete, so a failed write never leaves a partial file.
import { formatIsoDate } from '../core/calendar.ts';
import { csvField } from '../core/csv.ts';
import { CANONICAL_COLUMNS, type CaseEvent } from './event.ts';
import { AtomicTextFile, writeTextAtomically } from '../core/atomic-write.ts';

const MS_PER_DAY = 86_400_000;

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

// Events come mostly in time order: the date part of the last day is reused.
let lastDay = NaN;
let lastDate = '';

/** `2025-03-30T03:15:00+02:00`: the local time at the recorded offset, with milliseconds only when not zero. */
export function formatIsoWithOffset(timeMs: number, offsetMinutes: number): string {
  const local = timeMs + offsetMinutes * 60_000;
  const day = Math.floor(local / MS_PER_DAY);
  let rest = local - day * MS_PER_DAY;
  const ms = rest % 1000;
  rest = (rest - ms) / 1000;
  const s = rest % 60;
  rest = (rest - s) / 60;
  const m = rest % 60;
  const h = (rest - m) / 60;
  const abs = Math.abs(offsetMinutes);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const fraction = ms === 0 ? '' : `.${String(ms).padStart(3, '0')}`;
  if (day !== lastDay) {
    lastDay = day;
    lastDate = formatIsoDate(day);
  }
  return `${lastDate}T${pad2(h)}:${pad2(m)}:${pad2(s)}${fraction}${offsetMinutes === 0 ? 'Z' : `${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`}`;
}

export const CANONICAL_HEADER = CANONICAL_COLUMNS.join(',');

/** csvField, with a loop instead of a regular expression for the common field that needs no quotes. */
function field(value: string): string {
  if (value.length === 0) return value;
  if (value.charCodeAt(0) === 35) return csvField(value);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 || c === 44 || c === 10 || c === 13) return csvField(value);
  }
  return value;
}

/** One CSV row (with trailing newline) of an event in canonical column order. */
export function canonicalRow(e: CaseEvent): string {
  return `${field(e.eventId)},${field(e.caseId)},${field(e.personId)},${field(e.activity)},${e.lifecycle},${formatIsoWithOffset(e.timeMs, e.offsetMinutes)},${field(e.partner)},${field(e.stage)},${field(e.track)},${field(e.cohort)},${field(e.location)},${field(e.municipality)},${field(e.outcome)},${e.persons},${e.children}\n`;
}

/**
 * Writes events in canonical CSV: `add` batches, then `commit` (or `abort` on failure). `file` is the
 * temporary file, for a caller that commits it together with others (commitTogether).
 */
export class CanonicalCsvWriter {
  readonly file: AtomicTextFile;

  constructor(path: string) {
    this.file = new AtomicTextFile(path);
    this.file.write(`${CANONICAL_HEADER}\n`);
  }

  add(events: readonly CaseEvent[]): void {
    for (const e of events) this.file.write(canonicalRow(e));
  }

  commit(): void {
    this.file.commit();
  }

  abort(): void {
    this.file.abort();
  }
}

/** Writes a whole log of events to `path` (temporary file, then rename). */
export function writeCanonicalCsv(path: string, events: Iterable<CaseEvent>): void {
  writeTextAtomically(path, (out) => {
    out.write(`${CANONICAL_HEADER}\n`);
    for (const e of events) out.write(canonicalRow(e));
  });
}
