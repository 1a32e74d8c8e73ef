// Timestamps for every format: ISO 8601 / xs:dateTime with and without a UTC offset as real logs write them,
// local clock times in a stated IANA zone across summer-time changes (the skipped hour refused, the repeated hour
// read as its first occurrence), the bounded years, and the CSV readers built on the same code.
import { describe, expect, it } from 'vitest';
import { parseAmsterdamLocal, timestampParser } from '../../src/log/mapping.ts';
import {
  findTimeZone,
  formatDateTime,
  MAX_YEAR,
  MIN_YEAR,
  parseDateTime,
  parseEpochMs,
  parseProblem,
  parseTimestamp,
  parsedOffset,
  timeZone,
  timeZoneProblem,
} from '../../src/log/timestamp.ts';

const amsterdam = timeZone('Europe/Amsterdam');

/** The last Sunday of a month (0-based), as a UTC day start in ms. */
function lastSunday(year: number, month0: number): number {
  const last = new Date(Date.UTC(year, month0 + 1, 0));
  return Date.UTC(year, month0, last.getUTCDate() - last.getUTCDay());
}

describe('time zones through Intl', () => {
  it('gives Amsterdam the EU summer-time rule (01:00 UTC on the last Sundays of March and October), 1996–2100, hour by hour around each change', () => {
    for (let year = 1996; year <= 2100; year += 7) {
      const start = lastSunday(year, 2) + 3_600_000;
      const end = lastSunday(year, 9) + 3_600_000;
      for (const t of [
        start - 60_000,
        start,
        start + 60_000,
        end - 60_000,
        end,
        end + 60_000,
        Date.UTC(year, 0, 10),
        Date.UTC(year, 6, 10),
      ]) {
        expect(amsterdam.offsetAt(t), `${year} ${new Date(t).toISOString()}`).toBe(t >= start && t < end ? 120 : 60);
      }
    }
  });

  it('reads local clock times in a zone: the skipped hour does not exist, the repeated hour is its first occurrence', () => {
    // 2025-03-30: clocks go from 02:00 to 03:00 in Amsterdam; 2025-10-26: from 03:00 back to 02:00.
    expect(parseTimestamp('2025-03-30T01:59:59', amsterdam)).toBe(Date.UTC(2025, 2, 30, 0, 59, 59));
    expect(parsedOffset).toBe(60);
    expect(parseTimestamp('2025-03-30T02:30:00', amsterdam)).toBeNaN();
    expect(parseProblem).toBe(
      'is a clock time that does not exist in Europe/Amsterdam (the clocks skip it when summer time starts)',
    );
    expect(parseTimestamp('2025-03-30T03:00:00', amsterdam)).toBe(Date.UTC(2025, 2, 30, 1));
    expect(parsedOffset).toBe(120);
    expect(parseTimestamp('2025-10-26T02:30:00', amsterdam)).toBe(Date.UTC(2025, 9, 26, 0, 30));
    expect(parsedOffset).toBe(120);
    expect(parseTimestamp('2025-10-26T03:00:00', amsterdam)).toBe(Date.UTC(2025, 9, 26, 2));
    expect(parsedOffset).toBe(60);
    // Other zones: half-hour offsets, the southern hemisphere, and UTC.
    expect(parseDateTime('2024-01-15T12:00:00', timeZone('Asia/Kolkata'))).toEqual({
      timeMs: Date.UTC(2024, 0, 15, 6, 30),
      offsetMinutes: 330,
    });
    expect(parseDateTime('2024-01-15T12:00:00', timeZone('Australia/Sydney'))).toEqual({
      timeMs: Date.UTC(2024, 0, 15, 1),
      offsetMinutes: 660,
    });
    expect(parseDateTime('2024-07-15T12:00:00', timeZone('America/New_York'))).toEqual({
      timeMs: Date.UTC(2024, 6, 15, 16),
      offsetMinutes: -240,
    });
    expect(parseDateTime('2024-03-10T02:30:00', timeZone('America/New_York'))).toMatch(
      /does not exist in America\/New_York/,
    );
    expect(parseDateTime('2024-03-31T02:30:00', timeZone('UTC'))).toEqual({
      timeMs: Date.UTC(2024, 2, 31, 2, 30),
      offsetMinutes: 0,
    });
  });

  it('takes IANA names in any case, refuses others with the closest name, and caches one zone per name', () => {
    expect(findTimeZone('europe/amsterdam')?.name).toBe('Europe/Amsterdam');
    expect(findTimeZone('Europe/Amsterdam')).toBe(amsterdam);
    expect(findTimeZone('Mars/Olympus')).toBeUndefined();
    expect(timeZoneProblem('Europe/Amsterdm')).toBe(
      '"Europe/Amsterdm" is not a time zone of the IANA database; did you mean Europe/Amsterdam? (write e.g. Europe/Amsterdam or UTC)',
    );
    expect(timeZoneProblem('UTC')).toBeUndefined();
  });
});

describe('ISO 8601 and xs:dateTime as logs write them', () => {
  it('reads offsets in every form, fractions of any length, and T, t or a space between date and time', () => {
    const cases: [string, number, number][] = [
      ['2011-10-01T00:38:44.546+02:00', Date.UTC(2011, 8, 30, 22, 38, 44, 546), 120],
      ['2011-10-01T00:38:44.5+0200', Date.UTC(2011, 8, 30, 22, 38, 44, 500), 120],
      ['2011-10-01T00:38:44.123456789+02', Date.UTC(2011, 8, 30, 22, 38, 44, 123), 120],
      ['2011-10-01t00:38:44z', Date.UTC(2011, 9, 1, 0, 38, 44), 0],
      ['2011-10-01 00:38:44,25-05:30', Date.UTC(2011, 9, 1, 6, 8, 44, 250), -330],
      ['2011-10-01T00:38', Date.UTC(2011, 8, 30, 22, 38), 120],
      ['2011-12-01T00:00:00.000', Date.UTC(2011, 10, 30, 23), 60],
    ];
    for (const [text, timeMs, offset] of cases)
      expect(parseDateTime(text, amsterdam), text).toEqual({ timeMs, offsetMinutes: offset });
    expect(formatDateTime(Date.UTC(2011, 8, 30, 22, 38, 44, 546), 120)).toBe('2011-10-01T00:38:44.546+02:00');
  });

  it(`refuses years outside ${MIN_YEAR}–${MAX_YEAR} in every form, and impossible dates, times and offsets, saying why without the value`, () => {
    for (const text of [
      '0001-01-01T00:00:00Z',
      '9999-12-31T23:59:59.999+00:00',
      '1899-12-31T23:59:59',
      '2200-01-01T00:00:00Z',
      '10000-01-01T00:00:00Z',
      '-0001-01-01T00:00:00Z',
    ]) {
      expect(parseDateTime(text, amsterdam), text).toBe(
        `has a year outside ${MIN_YEAR}–${MAX_YEAR}, the years doorstroom reads`,
      );
    }
    expect(parseDateTime('1900-01-01T00:00:00Z', amsterdam)).toEqual({
      timeMs: Date.UTC(1900, 0, 1),
      offsetMinutes: 0,
    });
    expect(parseDateTime('2199-12-31T23:59:59Z', amsterdam)).toEqual({
      timeMs: Date.UTC(2199, 11, 31, 23, 59, 59),
      offsetMinutes: 0,
    });
    expect(parseDateTime('2023-02-29T10:00:00Z', amsterdam)).toBe('is not a valid date (no such day)');
    expect(parseDateTime('2023-02-28T24:00:00Z', amsterdam)).toMatch(/not a valid time of day/);
    expect(parseDateTime('2023-02-28T10:00:00+15:00', amsterdam)).toMatch(/impossible UTC offset/);
    expect(parseDateTime('2023-02-28T10:00:00 CET', amsterdam)).toMatch(/is not a date and time such as/);
    expect(parseDateTime('1700000000000', amsterdam)).toMatch(/is not a date and time such as/);
  });

  it('gives CSV timestamps the same rules: iso in the stated zone, epoch-ms bounded, amsterdam-local on Amsterdam clocks', () => {
    const iso = timestampParser('iso', 'UTC');
    expect(iso('2025-03-30 02:30')).toBe(Date.UTC(2025, 2, 30, 2, 30));
    expect(iso('2025-03-30T02:30:00+02:00')).toBe(Date.UTC(2025, 2, 30, 0, 30));
    expect(timestampParser('iso')('2025-03-30 02:30')).toBeNaN();
    const epoch = timestampParser('epoch-ms', 'America/New_York');
    expect(epoch('1743297300000')).toBe(1743297300000);
    expect(parsedOffset).toBe(-240);
    expect(parseEpochMs('-2208988800001', amsterdam)).toBeNaN();
    expect(parseProblem).toMatch(/year outside 1900–2199/);
    expect(parseEpochMs(String(Date.UTC(2200, 0, 1)), amsterdam)).toBeNaN();
    expect(timestampParser('amsterdam-local', 'UTC')).toBe(parseAmsterdamLocal);
    // The Dutch rule of 1981–1995 from the time-zone database: summer time ended on the last Sunday of September.
    expect(parseAmsterdamLocal('1990-10-15 12:00')).toBe(Date.UTC(1990, 9, 15, 11));
  });
});
