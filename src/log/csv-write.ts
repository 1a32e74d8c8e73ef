// Writes canonical case events as CSV (header CANONICAL_COLUMNS, docs/event-log.md), timestamps as ISO 8601
// local time with the recorded UTC offset. The file is written under a temporary name and renamed when
// complete, so a failed write never leaves a partial file.
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { formatIsoDate } from '../model/calendar.ts';
import { csvField } from '../model/csv.ts';
import { CANONICAL_COLUMNS, type CaseEvent } from './event.ts';

const MS_PER_DAY = 86_400_000;
const BLOCK = 1 << 20;

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
  return `${field(e.eventId)},${field(e.caseId)},${field(e.personId)},${field(e.activity)},${e.lifecycle},${formatIsoWithOffset(e.timeMs, e.offsetMinutes)},${field(e.partner)},${field(e.stage)},${field(e.track)},${field(e.cohort)},${field(e.location)},${field(e.municipality)},${field(e.outcome)}\n`;
}

/** Writes rows to `path` via a temporary file; `commit` renames it into place, `abort` removes it. */
export class AtomicTextWriter {
  readonly path: string;
  readonly tmpPath: string;
  private handle: FileHandle | undefined;
  /** Encoded text not yet written: the block is written when the next text might not fit. */
  private readonly block = Buffer.allocUnsafe(BLOCK);
  private used = 0;

  private constructor(path: string, handle: FileHandle) {
    this.path = path;
    this.tmpPath = `${path}.tmp-${process.pid}`;
    this.handle = handle;
  }

  static async create(path: string, firstLine: string): Promise<AtomicTextWriter> {
    const handle = await open(`${path}.tmp-${process.pid}`, 'w');
    const writer = new AtomicTextWriter(path, handle);
    await writer.write(`${firstLine}\n`);
    return writer;
  }

  /** Encodes text into the block (UTF-8: at most 3 bytes per UTF-16 unit); writes full blocks. */
  async write(text: string): Promise<void> {
    if (this.used + text.length * 3 > BLOCK) {
      await this.drain();
      if (text.length * 3 > BLOCK) {
        await this.handle!.write(text);
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  /** Encodes text into the block when it surely fits and returns true; false: call write instead. */
  append(text: string): boolean {
    if (this.used + text.length * 3 > BLOCK) return false;
    this.used += this.block.write(text, this.used, 'utf8');
    return true;
  }

  private async drain(): Promise<void> {
    if (this.used === 0) return;
    const n = this.used;
    this.used = 0;
    await this.handle!.write(this.block, 0, n);
  }

  async commit(): Promise<void> {
    await this.drain();
    await this.handle!.close();
    this.handle = undefined;
    await rename(this.tmpPath, this.path);
  }

  /** Removes the temporary file; safe to call after a failure at any point. */
  async abort(): Promise<void> {
    this.used = 0;
    if (this.handle) await this.handle.close().catch(() => undefined);
    this.handle = undefined;
    await rm(this.tmpPath, { force: true });
  }
}

/** Writes events in canonical CSV: `add` batches, then `commit` (or `abort` on failure). */
export class CanonicalCsvWriter {
  private readonly out: AtomicTextWriter;

  private constructor(out: AtomicTextWriter) {
    this.out = out;
  }

  static async create(path: string): Promise<CanonicalCsvWriter> {
    return new CanonicalCsvWriter(await AtomicTextWriter.create(path, CANONICAL_HEADER));
  }

  async add(events: readonly CaseEvent[]): Promise<void> {
    for (const e of events) {
      const row = canonicalRow(e);
      if (!this.out.append(row)) await this.out.write(row);
    }
  }

  commit(): Promise<void> {
    return this.out.commit();
  }

  abort(): Promise<void> {
    return this.out.abort();
  }
}

/** Writes a whole log of events to `path` (temporary file, then rename). */
export async function writeCanonicalCsv(path: string, events: Iterable<CaseEvent>): Promise<void> {
  const writer = await CanonicalCsvWriter.create(path);
  try {
    let batch: CaseEvent[] = [];
    for (const e of events) {
      batch.push(e);
      if (batch.length >= 8192) {
        await writer.add(batch);
        batch = [];
      }
    }
    await writer.add(batch);
    await writer.commit();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}
