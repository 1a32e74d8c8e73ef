// The CSV reader's bounds: a stray quote rejects its own row and the rows after it are read (whether the quote
// is closed by a later field, runs over the line limit or the character limit, or to the end of the file),
// at every chunk size; a header with a stray quote, a line without end and a NUL byte are located errors.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCsv, type ImportReject } from '../../src/log/csv-import.ts';
import type { CaseEvent } from '../../src/log/event.ts';
import { asyncErrorOf, tempDir } from '../helpers.ts';

const HEADER = 'event_id,case_id,person_id,activity,lifecycle,timestamp,location';
const row = (i: number, activity = 'arrival', location = 'ter-apel') =>
  `e${i},c${i >> 2},p${i >> 2},${activity},complete,2025-01-01T10:00:00+01:00,${location}`;
const LIMITS = { recordChars: 4096, recordLines: 50 };

function csvFile(rows: string[], name = 'log.csv'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

async function readAll(file: string, options: { chunkSize?: number; strict?: boolean; limits?: typeof LIMITS } = {}) {
  const events: CaseEvent[] = [];
  const rejects: ImportReject[] = [];
  const summary = await importCsv(file, {
    limits: LIMITS,
    ...options,
    onEvents: (b) => void events.push(...b),
    onReject: (r) => rejects.push(r),
  });
  return { ids: events.map((e) => e.eventId), rejects, summary };
}

/** Reads the file at several chunk sizes and checks that each gives the same result; returns it. */
async function readAtEveryChunkSize(file: string) {
  const whole = await readAll(file);
  for (const chunkSize of [1, 3, 7, 64, 1000]) {
    const part = await readAll(file, { chunkSize });
    expect(part.ids, `chunk ${chunkSize}`).toEqual(whole.ids);
    expect(part.rejects, `chunk ${chunkSize}`).toEqual(whole.rejects);
    expect(part.summary, `chunk ${chunkSize}`).toEqual(whole.summary);
  }
  return whole;
}

const allBut = (n: number, ...skipped: number[]) =>
  Array.from({ length: n }, (_, i) => `e${i}`).filter((id) => !skipped.includes(Number(id.slice(1))));

describe('a stray quote', () => {
  it('with no closing quote in the file rejects its row only, naming the line and column of the quote', async () => {
    const rows = [HEADER, ...Array.from({ length: 200 }, (_, i) => row(i))];
    rows[11] = row(10, 'arr"ival');
    const { ids, rejects, summary } = await readAtEveryChunkSize(csvFile(rows));
    expect(summary).toMatchObject({ dataRows: 200, accepted: 199, rejected: 1 });
    expect(ids).toEqual(allBut(200, 10));
    expect(rejects).toEqual([
      {
        line: 12,
        kind: 'rejected',
        reason:
          'a quote at line 12, column 14 opens a field that runs on for more than 50 lines (a stray quote?): line 12 is rejected and the lines after it are read as rows',
      },
    ]);
  });

  it('closed by a later quote rejects its row only, and a quoted field after it is read', async () => {
    const rows = [HEADER, ...Array.from({ length: 30 }, (_, i) => row(i))];
    rows[6] = row(5, 'arr"ival');
    rows[8] = row(7, 'arr"ival');
    rows[19] = row(18, 'arrival', '"Den Haag, Zuid"');
    const { ids, rejects, summary } = await readAtEveryChunkSize(csvFile(rows));
    expect(ids).toEqual(allBut(30, 5, 7));
    expect(summary).toMatchObject({ dataRows: 30, accepted: 28, rejected: 2 });
    expect(rejects.map((r) => `${r.line}: ${r.reason}`)).toEqual([
      '7: field 4: a quote inside an unquoted field; quote the whole field and double quotes inside it (""); a quote at line 7, column 13 opened a field that ran over 3 lines (a stray quote?): line 7 is rejected and the lines after it are read as rows',
      '9: a quote at line 9, column 13 opens a field that runs on to the end of the file (a stray quote?): line 9 is rejected and the lines after it are read as rows',
    ]);
    const events: CaseEvent[] = [];
    await importCsv(csvFile(rows), { onEvents: (b) => void events.push(...b) });
    expect(events.find((e) => e.eventId === 'e18')?.location).toBe('Den Haag, Zuid');
  });

  it('that opens a field the character limit or the end of the file ends costs one row', async () => {
    // 100 lines of 90 characters pass 4,096 characters before 50 lines.
    const long = [HEADER, row(0, '"a'), ...Array.from({ length: 100 }, (_, i) => row(i + 1, 'x'.repeat(40)))];
    const overChars = await readAtEveryChunkSize(csvFile(long));
    expect(overChars.summary).toMatchObject({ dataRows: 101, accepted: 100, rejected: 1 });
    expect(overChars.rejects[0].reason).toBe(
      'a quote at line 2, column 10 opens a field that runs on for more than 4,096 characters (a stray quote?): line 2 is rejected and the lines after it are read as rows',
    );
    // Three lines before the end of the file.
    const rows = [HEADER, ...Array.from({ length: 10 }, (_, i) => row(i))];
    rows[8] = row(7, '"arrival');
    const toEnd = await readAtEveryChunkSize(csvFile(rows));
    expect(toEnd.ids).toEqual(allBut(10, 7));
    expect(toEnd.rejects.map((r) => `${r.line}: ${r.reason}`)).toEqual([
      '9: a quote at line 9, column 10 opens a field that runs on to the end of the file (a stray quote?): line 9 is rejected and the lines after it are read as rows',
    ]);
    // On the last line, without a final line break.
    const lastFile = join(tempDir(), 'last.csv');
    writeFileSync(lastFile, [HEADER, row(0), row(1, '"arrival')].join('\n'));
    const last = await readAtEveryChunkSize(lastFile);
    expect(last.ids).toEqual(['e0']);
    expect(last.rejects.map((r) => `${r.line}: ${r.reason}`)).toEqual([
      '3: a quote at line 3, column 10 opens a field that runs on to the end of the file (a stray quote?)',
    ]);
  });

  it('in strict mode stops at the quote, and in the header is an error at the quote', async () => {
    const rows = [HEADER, ...Array.from({ length: 100 }, (_, i) => row(i))];
    rows[3] = row(2, 'arr"ival');
    const file = csvFile(rows);
    expect(await asyncErrorOf(() => readAll(file, { strict: true }))).toBe(
      `${file}:4:13: a quote at line 4, column 13 opens a field that runs on for more than 50 lines (a stray quote?) (stopped: --strict stops at the first bad row; without it bad rows go to a rejects file)`,
    );
    const header = csvFile([
      `event_id,"case_id,person_id,activity,lifecycle,timestamp,location`,
      ...Array.from({ length: 100 }, (_, i) => row(i)),
    ]);
    expect(await asyncErrorOf(() => readAll(header))).toBe(
      `${header}:1:10: the header: a quote at line 1, column 10 opens a field that runs on for more than 50 lines`,
    );
  });

  it('keeps real multi-line quoted fields, up to the limits', async () => {
    const note = `"${Array.from({ length: 48 }, (_, i) => `line ${i}`).join('\n')}"`;
    const rows = [HEADER, row(0), row(1, 'arrival', note), row(2)];
    const { ids, rejects, summary } = await readAtEveryChunkSize(csvFile(rows));
    expect(ids).toEqual(['e0', 'e1', 'e2']);
    expect(rejects).toEqual([]);
    expect(summary.dataRows).toBe(3);
  });
});

describe('input that is not a CSV log', () => {
  it('a line longer than the limit without a line break is a located error', async () => {
    const file = csvFile([HEADER, row(0), `e1,${'x'.repeat(5000)}`, row(2)]);
    for (const chunkSize of [7, 1000, 1 << 20]) {
      expect(await asyncErrorOf(() => readAll(file, { chunkSize }))).toBe(
        `${file}:3:1: the line has more than 4,096 characters without a line break; a CSV event log has one row per line (is this a CSV file?)`,
      );
    }
    // Also with the default limits: 1 Mi characters.
    const endless = csvFile([HEADER, 'e0,'.repeat(400_000)]);
    expect(await asyncErrorOf(() => importCsv(endless, { onEvents: () => undefined }))).toBe(
      `${endless}:2:1: the line has more than 1,048,576 characters without a line break; a CSV event log has one row per line (is this a CSV file?)`,
    );
  });

  it('a NUL byte (a UTF-16 export, /dev/zero) is a located error', async () => {
    const file = csvFile([HEADER, row(0), `e1,c1,p\u00001,arrival`]);
    expect(await asyncErrorOf(() => readAll(file, { chunkSize: 5 }))).toBe(
      `${file}:3:8: a NUL byte: the file is not UTF-8 text (a UTF-16 "Unicode text" export, or not a CSV file at all); save it as CSV UTF-8`,
    );
    const utf16 = join(tempDir(), 'utf16.csv');
    writeFileSync(utf16, Buffer.from(`\ufeff${HEADER}\r\n`, 'utf16le'));
    expect(await asyncErrorOf(() => readAll(utf16))).toMatch(/utf16\.csv:1:\d+: a NUL byte/);
    expect(await asyncErrorOf(() => readAll('/dev/zero'))).toBe(
      '/dev/zero:1:1: a NUL byte: the file is not UTF-8 text (a UTF-16 "Unicode text" export, or not a CSV file at all); save it as CSV UTF-8',
    );
  });

  it('a folder is a read error, not an internal one', async () => {
    const dir = tempDir();
    expect(await asyncErrorOf(() => readAll(dir))).toMatch(/:1:1: cannot read file: .*this is a folder/);
  });
});
