// The accepted share where monitor and calibrate load a log: no accepted event, or fewer than --min-accepted,
// stops with the rejects counted by kind; the tally groups reasons that differ only in values and numbers.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acceptedShareCheck, RejectTally, type ImportSummary } from '../../src/log/checks.ts';
import { InputError } from '../../src/core/diagnostics.ts';
import { loadEventTable } from '../../src/monitor/load.ts';
import { tempDir } from '../helpers.ts';

const HEAD = 'event_id,case_id,person_id,activity,lifecycle,timestamp';
const good = (i: number) => `e${i},c${i},p${i},a,complete,2025-01-0${i}T10:00:00+01:00`;
const bad = (i: number) => `e${i},c${i},p${i},a,finished,2025-01-0${i}T10:00:00+01:00`;

async function loadError(file: string, minAccepted?: number): Promise<string> {
  try {
    await loadEventTable(file, { minAccepted });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected the log to be refused');
}

describe('loading a log for monitor and calibrate', () => {
  it('refuses a log of which no event is accepted, counting the rejects by kind', async () => {
    const file = join(tempDir(), 'log.csv');
    writeFileSync(file, [HEAD, bad(1), bad(2), `e3,c3`].join('\n') + '\n');
    expect(await loadError(file)).toBe(
      `${file}: none of its 3 rows was accepted; nothing was written\n` +
        '3 rejected and 0 duplicate, by kind:\n' +
        '        2 × e.g. line 2: column 5 (lifecycle): unknown lifecycle "finished"; expected schedule, start, complete (map other values under lifecycles: in the mapping file)\n' +
        '        1 × e.g. line 4: has 2 fields; the header has 6 (quote fields that contain commas)\n' +
        'fix the log or the mapping (docs/event-log.md), or give --min-accepted <share> (0 to 1; 0 accepts any share)',
    );
  });

  it('applies --min-accepted: a share below it is refused, at or above it the table is read', async () => {
    const file = join(tempDir(), 'log.csv');
    writeFileSync(file, [HEAD, good(1), good(2), bad(3), bad(4)].join('\n') + '\n');
    expect(await loadError(file, 0.6)).toMatch(
      /log\.csv: 2 of its 4 rows were accepted \(50\.0%\), fewer than --min-accepted 0\.6 asks/,
    );
    const { table, summary } = await loadEventTable(file, { minAccepted: 0.5 });
    expect(table.events).toBe(2);
    expect(summary).toMatchObject({ accepted: 2, rejected: 2 });
    // The caller's own onReject still receives every reject.
    const seen: number[] = [];
    await loadEventTable(file, { onReject: (r) => seen.push(r.line) });
    expect(seen).toEqual([4, 5]);
  });
});

describe('RejectTally and acceptedShareCheck', () => {
  const summary = (accepted: number, rejected: number): ImportSummary => ({
    dataRows: accepted + rejected,
    accepted,
    rejected,
    duplicates: 0,
    outOfOrder: 0,
    outOfOrderLines: [],
    blankLines: 0,
  });

  it('lists the eight most frequent kinds and counts the others together', () => {
    const tally = new RejectTally();
    for (let kind = 0; kind < 12; kind++) {
      for (let n = 0; n <= kind; n++)
        tally.add({
          line: 100 * kind + n,
          kind: 'rejected',
          reason: `problem ${'x'.repeat(kind + 1)} in column ${n} "value ${n}"`,
        });
    }
    const lines = tally.lines();
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe('       12 × e.g. line 1100: problem xxxxxxxxxxxx in column 0 "value 0"');
    expect(lines[8]).toBe('       10 × other kinds');
  });

  it('passes at least one accepted event by default, any share with 0, and refuses below the share asked', () => {
    const tally = new RejectTally();
    expect(() => acceptedShareCheck('f.csv', summary(1, 99), tally, undefined, 'row')).not.toThrow();
    expect(() => acceptedShareCheck('f.csv', summary(0, 5), tally, 0, 'row')).not.toThrow();
    expect(() => acceptedShareCheck('f.csv', summary(0, 0), tally, undefined, 'event')).toThrow(
      /f\.csv: no event to read: the log has no data events/,
    );
    expect(() => acceptedShareCheck('f.xes', summary(9, 1), tally, 0.9, 'event')).not.toThrow();
    expect(() => acceptedShareCheck('f.xes', summary(8, 2), tally, 0.9, 'event')).toThrow(
      /f\.xes: 8 of its 10 events were accepted \(80\.0%\), fewer than --min-accepted 0\.9 asks/,
    );
  });
});
