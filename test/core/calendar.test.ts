import { describe, expect, it } from 'vitest';
import {
  WorkingCalendar,
  addMonths,
  calendarDaysBetween,
  dayOfMonth,
  daysInMonth,
  dutchPublicHolidays,
  dutchPublicHolidaysBetween,
  easterSunday,
  formatIsoDate,
  halfYearIndex,
  monthIndex,
  parseIsoDate,
  toDayNumber,
  weekday,
  yearOf,
} from '../../src/core/calendar.ts';

const day = parseIsoDate;
const MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4];

describe('ISO dates as day numbers', () => {
  it('counts days from 1970-01-01', () => {
    expect(day('1970-01-01')).toBe(0);
    expect(day('1970-01-02')).toBe(1);
    expect(day('1969-12-31')).toBe(-1);
    expect(day('2024-02-29')).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
  });

  it('agrees with Date over four centuries both ways', () => {
    for (let n = -150_000; n <= 150_000; n += 97) {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      expect(formatIsoDate(n)).toBe(iso);
      expect(parseIsoDate(iso)).toBe(n);
    }
  });

  it('accepts only real dates written as YYYY-MM-DD, quoting the bad value', () => {
    for (const bad of [
      '2024-2-1',
      '2024-02-30',
      '2023-02-29',
      ' 2024-01-01',
      '2024-13-01',
      '2024-00-10',
      '20240101',
      '',
    ]) {
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
      expect(() => parseIsoDate(bad)).toThrow(`"${bad}"`);
    }
    expect(formatIsoDate(day('2000-02-29'))).toBe('2000-02-29');
  });

  it('refuses to format a fractional day number', () => {
    expect(() => formatIsoDate(3.5)).toThrow(RangeError);
  });

  it('adds calendar months, clamping to the end of a shorter month', () => {
    expect(formatIsoDate(addMonths(day('2024-01-31'), 1))).toBe('2024-02-29');
    expect(formatIsoDate(addMonths(day('2023-01-31'), 1))).toBe('2023-02-28');
    expect(formatIsoDate(addMonths(day('2024-03-31'), -1))).toBe('2024-02-29');
    expect(formatIsoDate(addMonths(day('2024-12-15'), 1))).toBe('2025-01-15');
    expect(formatIsoDate(addMonths(day('2024-01-15'), -13))).toBe('2022-12-15');
    expect(formatIsoDate(addMonths(day('2024-05-31'), 0))).toBe('2024-05-31');
  });

  it('gives month, half-year, year and day of month', () => {
    expect(monthIndex(day('2024-03-15'))).toBe(2024 * 12 + 2);
    expect(monthIndex(day('1969-12-31'))).toBe(1969 * 12 + 11);
    expect(halfYearIndex(day('2024-06-30'))).toBe(2024 * 2);
    expect(halfYearIndex(day('2024-07-01'))).toBe(2024 * 2 + 1);
    expect(yearOf(day('2024-12-31'))).toBe(2024);
    expect(dayOfMonth(day('2024-02-29'))).toBe(29);
    expect(toDayNumber(2024, 1, 29)).toBe(day('2024-02-29'));
  });

  it('knows leap years', () => {
    expect(daysInMonth(2024, 1)).toBe(29);
    expect(daysInMonth(2023, 1)).toBe(28);
    expect(daysInMonth(1900, 1)).toBe(28);
    expect(daysInMonth(2000, 1)).toBe(29);
    expect(daysInMonth(2024, 3)).toBe(30);
    expect(daysInMonth(2024, 11)).toBe(31);
  });

  it('numbers weekdays from Monday = 0 to Sunday = 6', () => {
    expect(weekday(day('2024-01-01'))).toBe(0);
    expect(weekday(day('1970-01-01'))).toBe(3);
    expect(weekday(day('2024-03-31'))).toBe(6);
    expect(weekday(day('1969-12-28'))).toBe(6);
  });

  it('measures calendar days as a plain difference', () => {
    expect(calendarDaysBetween(day('2024-01-01'), day('2024-03-01'))).toBe(60);
    expect(calendarDaysBetween(2.5, 1)).toBe(-1.5);
  });
});

describe('Dutch public holidays', () => {
  const dates = (year: number, options?: Parameters<typeof dutchPublicHolidays>[1]) =>
    dutchPublicHolidays(year, options).map(formatIsoDate);

  it('computes Gregorian Easter', () => {
    expect(formatIsoDate(easterSunday(2024))).toBe('2024-03-31');
    expect(formatIsoDate(easterSunday(2025))).toBe('2025-04-20');
    expect(formatIsoDate(easterSunday(2026))).toBe('2026-04-05');
    expect(formatIsoDate(easterSunday(2000))).toBe('2000-04-23');
    expect(formatIsoDate(easterSunday(2038))).toBe('2038-04-25'); // latest possible
    expect(formatIsoDate(easterSunday(2285))).toBe('2285-03-22'); // earliest possible
  });

  it('lists the holidays of 2024: no Liberation Day outside a lustrum year, no Good Friday', () => {
    expect(dates(2024)).toEqual([
      '2024-01-01',
      '2024-03-31',
      '2024-04-01',
      '2024-04-27',
      '2024-05-09',
      '2024-05-19',
      '2024-05-20',
      '2024-12-25',
      '2024-12-26',
    ]);
  });

  it("lists the holidays of 2025, a lustrum year, with King's Day moved off Sunday 27 April", () => {
    expect(dates(2025)).toEqual([
      '2025-01-01',
      '2025-04-20',
      '2025-04-21',
      '2025-04-26',
      '2025-05-05',
      '2025-05-29',
      '2025-06-08',
      '2025-06-09',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it("moves King's Day to 26 April when 27 April is a Sunday (2014)", () => {
    expect(dates(2014)).toContain('2014-04-26');
    expect(dates(2014)).not.toContain('2014-04-27');
    expect(dates(2026)).toContain('2026-04-27');
  });

  it("kept Queen's Day on 30 April before 2014, on 29 April when the 30th was a Sunday", () => {
    expect(dates(2013)).toContain('2013-04-30');
    expect(dates(2006)).toContain('2006-04-29');
    expect(dates(2006)).not.toContain('2006-04-30');
  });

  it('adds Good Friday and Liberation Day on request and never lists a day twice', () => {
    expect(dates(2024, { goodFriday: true })).toContain('2024-03-29');
    expect(dates(2024, { liberationDay: 'every-year' })).toContain('2024-05-05');
    expect(dates(2025, { liberationDay: 'never' })).not.toContain('2025-05-05');
    // In 2016 Ascension Day fell on 5 May.
    const with2016 = dates(2016, { liberationDay: 'every-year' });
    expect(with2016.filter((d) => d === '2016-05-05')).toHaveLength(1);
    expect(with2016).toHaveLength(9);
  });

  it('spans several years in order', () => {
    const days = dutchPublicHolidaysBetween(2024, 2025);
    expect(days).toHaveLength(19);
    expect([...days].sort((a, b) => a - b)).toEqual(days);
  });

  it('refuses years whose rules it does not know', () => {
    expect(() => dutchPublicHolidays(1979)).toThrow(RangeError);
    expect(() => dutchPublicHolidays(2024.5)).toThrow(RangeError);
  });
});

describe('WorkingCalendar', () => {
  const start = day('2024-01-01'); // a Monday, and New Year's Day
  const at = (iso: string, hours = 0) => day(iso) - start + hours / 24;
  const office = new WorkingCalendar({
    startDay: start,
    days: 366,
    workingWeekdays: MONDAY_TO_FRIDAY,
    holidays: dutchPublicHolidaysBetween(2023, 2025),
  });

  it('lets one working day started Friday 09:00 end Monday 09:00', () => {
    expect(office.addWorkingTime(at('2024-01-05', 9), 1)).toBeCloseTo(at('2024-01-08', 9), 12);
  });

  it('starts work handed in on a weekend at the next working day', () => {
    expect(office.addWorkingTime(at('2024-01-06', 10), 0.5)).toBeCloseTo(at('2024-01-08', 12), 12);
  });

  it('returns the start time for no work, even on a weekend', () => {
    const saturday = at('2024-01-06', 10);
    expect(office.addWorkingTime(saturday, 0)).toBe(saturday);
  });

  it('ends work that fills a Friday at the end of Friday, despite rounding', () => {
    const fridayAfternoon = office.addWorkingTime(at('2024-01-05'), 0.7);
    expect(office.addWorkingTime(fridayAfternoon, 0.3)).toBe(at('2024-01-06'));
  });

  it('skips Easter Monday but not Good Friday, unless asked', () => {
    expect(office.addWorkingTime(at('2024-03-28', 12), 2)).toBeCloseTo(at('2024-04-02', 12), 12);
    const withGoodFriday = new WorkingCalendar({
      startDay: start,
      days: 366,
      workingWeekdays: MONDAY_TO_FRIDAY,
      holidays: dutchPublicHolidays(2024, { goodFriday: true }),
    });
    expect(withGoodFriday.addWorkingTime(at('2024-03-28', 12), 2)).toBeCloseTo(at('2024-04-03', 12), 12);
  });

  it('skips Christmas and Boxing Day', () => {
    // Tue 24 Dec, then Fri 27 and Mon 30 Dec.
    expect(office.addWorkingTime(at('2024-12-24'), 3)).toBe(at('2024-12-31'));
    // Mon 23 Dec to Sun 5 Jan: ten weekdays, of which 25 and 26 Dec and 1 Jan are holidays.
    expect(office.workingDaysBetween(at('2024-12-23'), at('2025-01-06'))).toBe(7);
  });

  it('counts 10 working days in a fortnight without holidays, from any weekday', () => {
    for (let first = at('2024-01-08'); first < at('2024-01-15'); first++) {
      expect(office.workingDaysBetween(first, first + 14)).toBe(10);
    }
  });

  it('counts fractions of working days and nothing for non-working days', () => {
    expect(office.workingDaysBetween(at('2024-01-05', 12), at('2024-01-08', 6))).toBeCloseTo(0.75, 12);
    expect(office.workingDaysBetween(at('2024-01-06', 1), at('2024-01-07', 23))).toBe(0);
    expect(office.workingDaysBetween(at('2024-01-09'), at('2024-01-08'))).toBe(-1);
  });

  it('knows which days are working days', () => {
    expect(office.isWorkingDay(0)).toBe(false); // New Year's Day
    expect(office.isWorkingDay(1)).toBe(true);
    expect(office.isWorkingDay(at('2024-01-06'))).toBe(false);
    expect(office.isWorkingDay(at('2024-04-01'))).toBe(false);
    expect(office.isWorkingDay(at('2025-04-21'))).toBe(false); // Easter Monday, beyond the precomputed year
    expect(office.isWorkingDay(at('2023-12-25'))).toBe(false); // before time 0
    expect(office.isWorkingDay(at('2023-12-27'))).toBe(true);
  });

  it('finds the start of the next working day', () => {
    expect(office.nextWorkingDayStart(at('2024-01-06', 10))).toBe(at('2024-01-08'));
    expect(office.nextWorkingDayStart(at('2024-01-09', 14))).toBe(at('2024-01-10'));
    expect(office.nextWorkingDayStart(at('2024-01-08'))).toBe(at('2024-01-08'));
    expect(office.nextWorkingDayStart(at('2024-03-30', 8))).toBe(at('2024-04-02'));
  });

  it('maps day indices to day numbers', () => {
    expect(formatIsoDate(office.dayNumber(45))).toBe('2024-02-15');
  });

  it('stays correct beyond the precomputed span and before time 0', () => {
    const short = new WorkingCalendar({
      startDay: start,
      days: 10,
      workingWeekdays: MONDAY_TO_FRIDAY,
      holidays: dutchPublicHolidaysBetween(2023, 2025),
    });
    expect(short.addWorkingTime(at('2024-12-24'), 3)).toBe(at('2024-12-31'));
    expect(short.workingDaysBetween(at('2024-01-08'), at('2025-01-06'))).toBe(
      office.workingDaysBetween(at('2024-01-08'), at('2025-01-06')),
    );
    // Friday 29 December 2023 12:00, two working days: New Year's Day is skipped.
    expect(short.addWorkingTime(at('2023-12-29', 12), 2)).toBeCloseTo(at('2024-01-03', 12), 12);
    expect(short.nextWorkingDayStart(at('2023-12-30'))).toBe(at('2024-01-02'));
  });

  it('matches day-by-day stepping on random calendars, inside and outside the span', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 20; trial++) {
      const workingWeekdays = [0, 1, 2, 3, 4, 5, 6].filter(() => random() < 0.6);
      if (workingWeekdays.length === 0) workingWeekdays.push(2);
      const holidays = Array.from({ length: 30 }, () => start - 100 + Math.floor(random() * 500));
      const holidaySet = new Set(holidays);
      const calendar = new WorkingCalendar({ startDay: start, days: 50, workingWeekdays, holidays });
      const working = (i: number) => workingWeekdays.includes(weekday(start + i)) && !holidaySet.has(start + i);
      for (let k = 0; k < 25; k++) {
        const t = -80 + random() * 400;
        const workDays = random() * 40;
        // Step day by day from t, using up working time.
        let time = t;
        let left = workDays;
        while (true) {
          const d = Math.floor(time);
          const available = working(d) ? d + 1 - time : 0;
          if (available >= left && working(d)) {
            time += left;
            break;
          }
          left -= available;
          time = d + 1;
        }
        const result = calendar.addWorkingTime(t, workDays);
        expect(result).toBeCloseTo(time, 9);
        expect(calendar.workingDaysBetween(t, result)).toBeCloseTo(workDays, 9);
      }
    }
  });

  it('refuses a calendar without working weekdays, and negative work', () => {
    expect(() => new WorkingCalendar({ startDay: start, days: 10, workingWeekdays: [], holidays: [] })).toThrow(
      RangeError,
    );
    expect(() => new WorkingCalendar({ startDay: start, days: 10, workingWeekdays: [7], holidays: [] })).toThrow(
      RangeError,
    );
    expect(() => office.addWorkingTime(0, -1)).toThrow(RangeError);
    expect(() => office.addWorkingTime(0, Number.NaN)).toThrow(RangeError);
    expect(() => office.addWorkingTime(Number.NaN, 1)).toThrow(RangeError);
  });

  it('turns a seven-day calendar without holidays into plain calendar time', () => {
    const always = new WorkingCalendar({
      startDay: start,
      days: 30,
      workingWeekdays: [0, 1, 2, 3, 4, 5, 6],
      holidays: [],
    });
    expect(always.addWorkingTime(3.25, 10.5)).toBe(13.75);
    expect(always.workingDaysBetween(-5, 45)).toBe(50);
  });
});
