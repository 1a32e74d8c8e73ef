// Dates and working days. A date is a day number (whole days since 1970-01-01, UTC) and simulation time is a
// double in days since the run's start day; a WorkingCalendar converts between calendar time and working time
// with a table of cumulative working days and its inverse, so the simulator's per-event questions are table
// lookups that allocate nothing. Pure computation: no Node APIs, so it also runs in a browser worker.

// ---------------------------------------------------------------------------------------------------------
// ISO dates as day numbers (proleptic Gregorian calendar; the civil-from-days arithmetic of H. Hinnant)

/** Day number of a calendar date; `month0` is 0 for January. No range check: use parseIsoDate for input. */
export function toDayNumber(year: number, month0: number, dayOfMonth: number): number {
  const month = month0 + 1;
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + dayOfMonth - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/**
 * year*12 + month0 of a day number: the inverse of toDayNumber down to the month. It returns one number
 * rather than a {year, month, day} object so that callers on the hot path allocate nothing.
 */
export function monthIndex(dayNumber: number): number {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153); // 0 = March
  const month0 = shiftedMonth < 10 ? shiftedMonth + 2 : shiftedMonth - 10;
  const year = yearOfEra + era * 400 + (month0 < 2 ? 1 : 0);
  return year * 12 + month0;
}

/** Mean length in days of each period a throughput quota can be given per (Gregorian calendar averages). */
export const MEAN_PERIOD_DAYS = {
  day: 1,
  week: 7,
  month: 365.2425 / 12,
  halfYear: 365.2425 / 2,
  year: 365.2425,
} as const;

/** 1-based day of the month of a day number. */
export function dayOfMonth(dayNumber: number): number {
  const index = monthIndex(dayNumber);
  const year = Math.floor(index / 12);
  return dayNumber - toDayNumber(year, index - year * 12, 1) + 1;
}

export function yearOf(dayNumber: number): number {
  return Math.floor(monthIndex(dayNumber) / 12);
}

/** year*2 + 0 for January–June, + 1 for July–December: the periods of the housing task (taakstelling). */
export function halfYearIndex(dayNumber: number): number {
  const index = monthIndex(dayNumber);
  const year = Math.floor(index / 12);
  return year * 2 + (index - year * 12 >= 6 ? 1 : 0);
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month0: number): number {
  return month0 === 1 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month0];
}

/** 0 = Monday … 6 = Sunday (ISO 8601 order). */
export function weekday(dayNumber: number): number {
  // 1970-01-01 was a Thursday (3).
  return (((dayNumber + 3) % 7) + 7) % 7;
}

/** Strict `YYYY-MM-DD`; throws a RangeError that quotes the bad value. */
export function parseIsoDate(text: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) throw new RangeError(`"${text}" is not a date written as YYYY-MM-DD`);
  const year = Number(match[1]);
  const month0 = Number(match[2]) - 1;
  const day = Number(match[3]);
  if (month0 < 0 || month0 > 11) throw new RangeError(`"${text}" is not a date: there is no month ${month0 + 1}`);
  const length = daysInMonth(year, month0);
  if (day < 1 || day > length) {
    throw new RangeError(`"${text}" is not a date: month ${match[2]} of ${match[1]} has days 01 to ${length}`);
  }
  return toDayNumber(year, month0, day);
}

/** `YYYY-MM-DD` of a whole day number (years 0000–9999). */
export function formatIsoDate(dayNumber: number): string {
  if (!Number.isInteger(dayNumber)) throw new RangeError(`day number ${dayNumber} is not a whole number`);
  const index = monthIndex(dayNumber);
  const year = Math.floor(index / 12);
  if (year < 0 || year > 9999) throw new RangeError(`day number ${dayNumber} is outside the years 0000–9999`);
  const month = index - year * 12 + 1;
  const day = dayNumber - toDayNumber(year, month - 1, 1) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** The same day `months` calendar months later (or earlier); the 31st becomes the month's last day. */
export function addMonths(dayNumber: number, months: number): number {
  if (!Number.isInteger(months)) throw new RangeError(`cannot add ${months} months: give a whole number`);
  const target = monthIndex(dayNumber) + months;
  const year = Math.floor(target / 12);
  const month0 = target - year * 12;
  return toDayNumber(year, month0, Math.min(dayOfMonth(dayNumber), daysInMonth(year, month0)));
}

/** Calendar days from `from` to `to` (day numbers or simulation times; negative when `to` is earlier). */
export function calendarDaysBetween(from: number, to: number): number {
  return to - from;
}

// ---------------------------------------------------------------------------------------------------------
// Dutch public holidays

export interface DutchHolidayOptions {
  /**
   * Liberation Day (5 May) as a day off: 'lustrum' (default) only in years divisible by 5, as the
   * public-sector collective agreement (CAO Rijk) grants it; 'every-year'; or 'never'.
   */
  liberationDay?: 'every-year' | 'lustrum' | 'never';
  /** Good Friday as a day off (default false: it is not a general day off in the Netherlands). */
  goodFriday?: boolean;
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian computus of Meeus/Jones/Butcher). */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return toDayNumber(year, month - 1, day);
}

const FIRST_HOLIDAY_YEAR = 1980;

/**
 * The Dutch public holidays of a year as sorted day numbers. King's Day is 27 April (26 April when the 27th
 * is a Sunday) from 2014; before, Queen's Day was 30 April (29 April when the 30th was a Sunday). Years
 * before 1980 had other rules and are refused.
 */
export function dutchPublicHolidays(year: number, options: DutchHolidayOptions = {}): number[] {
  if (!Number.isInteger(year) || year < FIRST_HOLIDAY_YEAR || year > 9999) {
    throw new RangeError(`Dutch public holidays are known for the years ${FIRST_HOLIDAY_YEAR}–9999, not ${year}`);
  }
  const liberationDay = options.liberationDay ?? 'lustrum';
  const easter = easterSunday(year);
  const days = [
    toDayNumber(year, 0, 1), // New Year's Day
    easter,
    easter + 1, // Easter Monday
    easter + 39, // Ascension Day
    easter + 49, // Whit Sunday
    easter + 50, // Whit Monday
    toDayNumber(year, 11, 25), // Christmas Day
    toDayNumber(year, 11, 26), // Boxing Day
  ];
  if (options.goodFriday === true) days.push(easter - 2);
  if (year >= 2014) {
    const kingsDay = toDayNumber(year, 3, 27);
    days.push(weekday(kingsDay) === 6 ? kingsDay - 1 : kingsDay);
  } else {
    const queensDay = toDayNumber(year, 3, 30);
    days.push(weekday(queensDay) === 6 ? queensDay - 1 : queensDay);
  }
  if (liberationDay === 'every-year' || (liberationDay === 'lustrum' && year % 5 === 0)) {
    days.push(toDayNumber(year, 4, 5));
  }
  // Liberation Day can fall on Ascension Day (as in 2016 and 2027), so deduplicate.
  return [...new Set(days)].sort((x, y) => x - y);
}

/** dutchPublicHolidays for every year from `firstYear` to `lastYear` inclusive, sorted. */
export function dutchPublicHolidaysBetween(
  firstYear: number,
  lastYear: number,
  options: DutchHolidayOptions = {},
): number[] {
  const days: number[] = [];
  for (let year = firstYear; year <= lastYear; year++) days.push(...dutchPublicHolidays(year, options));
  return days;
}

// ---------------------------------------------------------------------------------------------------------
// Working time

export interface WorkingCalendarSpec {
  /** Day number of simulation time 0. */
  startDay: number;
  /** Days to precompute; times outside [0, days] still work (the table grows on demand). */
  days: number;
  /** Weekdays on which work is done, 0 = Monday … 6 = Sunday. */
  workingWeekdays: readonly number[];
  /** Day numbers on which no work is done; only these are known, also beyond `days`. */
  holidays: Iterable<number>;
}

/**
 * Working time over simulation time. A working day contributes its fraction of elapsed time, a weekend day or
 * holiday contributes nothing, so working time W(t) is continuous and non-decreasing in t. Day index i is the
 * calendar day [i, i+1) of simulation time. Two tables cover the days [low, high): `cumulative[i - low]` holds
 * W(i), the working days before day i, and `workingDayAt[n - W(low)]` the day index of the working day with
 * W = n — its inverse, so both directions are a lookup. They grow (rarely, by at least doubling) when asked
 * about a time outside them.
 */
export class WorkingCalendar {
  readonly startDay: number;
  private readonly workingByWeekday = new Uint8Array(7);
  private readonly startWeekday: number;
  /** Day indices of holidays that fall on working weekdays, ascending (others change nothing). */
  private readonly holidayIndices: Int32Array;
  private cumulative = new Int32Array(1);
  private workingDayAt = new Int32Array(0);
  private low = 0;
  private high = 0;

  constructor(spec: WorkingCalendarSpec) {
    if (!Number.isInteger(spec.startDay)) throw new RangeError(`startDay ${spec.startDay} is not a whole day number`);
    if (!Number.isInteger(spec.days) || spec.days < 0)
      throw new RangeError(`days ${spec.days} is not a whole number >= 0`);
    if (spec.workingWeekdays.length === 0)
      throw new RangeError('a working calendar needs at least one working weekday');
    for (const day of spec.workingWeekdays) {
      if (!Number.isInteger(day) || day < 0 || day > 6) {
        throw new RangeError(`working weekday ${day} is not one of 0 (Monday) … 6 (Sunday)`);
      }
      this.workingByWeekday[day] = 1;
    }
    this.startDay = spec.startDay;
    this.startWeekday = weekday(spec.startDay);

    const indices = new Set<number>();
    for (const holiday of spec.holidays) {
      if (!Number.isInteger(holiday)) throw new RangeError(`holiday ${holiday} is not a whole day number`);
      if (this.workingByWeekday[weekday(holiday)] === 1) indices.add(holiday - spec.startDay);
    }
    this.holidayIndices = Int32Array.from([...indices].sort((a, b) => a - b));
    this.rebuild(0, spec.days);
  }

  /** Day number of a day index (simulation day). */
  dayNumber(dayIndex: number): number {
    return this.startDay + dayIndex;
  }

  /** Whether the calendar day containing simulation time `dayIndex` is a working day. */
  isWorkingDay(dayIndex: number): boolean {
    const day = Math.floor(dayIndex);
    if (day >= this.low && day < this.high) {
      return this.cumulative[day + 1 - this.low] !== this.cumulative[day - this.low];
    }
    return this.workingByRule(day) === 1;
  }

  /** Working days elapsed from time 0 to time t (negative before 0). */
  workingTimeAt(t: number): number {
    const day = Math.floor(t);
    const before = this.workingDaysBefore(day);
    return before + (this.workingDaysBefore(day + 1) - before) * (t - day);
  }

  /** Working time between two simulation times; fractions of working days count, other days count zero. */
  workingDaysBetween(t0: number, t1: number): number {
    return this.workingTimeAt(t1) - this.workingTimeAt(t0);
  }

  /**
   * The earliest time at which `workingDays` of working time have elapsed since t. Work started on a
   * non-working day begins at the next working day; work that ends exactly at the end of a working day ends
   * there (Friday 24:00), not at the start of the next one. A duration of 0 returns t.
   */
  addWorkingTime(t: number, workingDays: number): number {
    if (!(workingDays >= 0) || workingDays === Infinity) {
      throw new RangeError(`working time ${workingDays} is not a finite number of days >= 0`);
    }
    if (!Number.isFinite(t)) throw new RangeError(`time ${t} is not a finite number of days`);
    if (workingDays === 0) return t;
    let target = this.workingTimeAt(t) + workingDays;
    // Snap rounding noise (9.999999999999998) to the whole day it stands for, so an end of day stays the end
    // of that day instead of jumping to the start of the next working day. 1e-9 days is under 0.1 ms.
    const whole = Math.round(target);
    if (Math.abs(target - whole) < 1e-9) target = whole;
    const completedDays = Math.ceil(target) - 1; // working days finished before the day the work ends in
    return this.workingDayWith(completedDays) + (target - completedDays);
  }

  /** Start (00:00) of the first working day that starts at or after t. */
  nextWorkingDayStart(t: number): number {
    if (!Number.isFinite(t)) throw new RangeError(`time ${t} is not a finite number of days`);
    return this.workingDayWith(this.workingDaysBefore(Math.ceil(t)));
  }

  /** W(day): working days in [0, day) (negative for days before 0). */
  private workingDaysBefore(day: number): number {
    if (day < this.low || day > this.high) this.extendTo(day);
    return this.cumulative[day - this.low];
  }

  /** The day index of the working day d with W(d) = count: the (count+1)-th working day from day 0. */
  private workingDayWith(count: number): number {
    // Working weekdays exist, so the tables reach any count after finitely many extensions.
    while (count < this.cumulative[0]) this.extendTo(this.low - 1);
    while (count >= this.cumulative[this.high - this.low]) this.extendTo(this.high + 1);
    return this.workingDayAt[count - this.cumulative[0]];
  }

  /** Grows the tables, at least doubling them so that this stays rare, until they cover `day`. */
  private extendTo(day: number): void {
    const grow = Math.max(this.high - this.low, 366);
    const low = day < this.low ? Math.min(day, this.low - grow) : this.low;
    const high = day > this.high ? Math.max(day, this.high + grow) : this.high;
    this.rebuild(low, high);
  }

  /** Fills both tables for the days [low, high) from the rules, keeping W(0) = 0. */
  private rebuild(low: number, high: number): void {
    const cumulative = new Int32Array(high - low + 1);
    // low <= 0 <= high always (the tables start at [0, days) and only grow), so W(low) counts down from 0.
    let before = 0;
    for (let i = -1; i >= low; i--) before -= this.workingByRule(i);
    cumulative[0] = before;
    for (let i = low; i < high; i++) cumulative[i + 1 - low] = cumulative[i - low] + this.workingByRule(i);
    const workingDayAt = new Int32Array(cumulative[high - low] - cumulative[0]);
    for (let i = low; i < high; i++) {
      if (cumulative[i + 1 - low] !== cumulative[i - low]) workingDayAt[cumulative[i - low] - cumulative[0]] = i;
    }
    this.cumulative = cumulative;
    this.workingDayAt = workingDayAt;
    this.low = low;
    this.high = high;
  }

  /** 1 when day index `day` is a working weekday and not a holiday; from the rules, not the tables. */
  private workingByRule(day: number): number {
    const dayOfWeek = (((this.startWeekday + day) % 7) + 7) % 7;
    if (this.workingByWeekday[dayOfWeek] === 0) return 0;
    const holidays = this.holidayIndices;
    let lo = 0;
    let hi = holidays.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (holidays[mid] < day) lo = mid + 1;
      else hi = mid;
    }
    return lo < holidays.length && holidays[lo] === day ? 0 : 1;
  }
}
