// Reading count series from CSV text (no file system: the caller reads the file). Comment lines start with
// '#'; the first other line is the header; the first column holds periods: 2024-03 (month), 2024-Q1
// (quarter), 2024-W05 (ISO week) or 2024 (year). Wide files have one series per numeric column; long files
// name their series in a `by` column. The separator (`,` `;` tab) comes from the header line, and in a file
// separated by `;` counts may have a decimal comma. Errors name the file, line, column and field and say
// what to do. At most MAX_SERIES series of at most MAX_OBSERVATIONS observations are read.
import {
  type Delimiter,
  fieldColumn,
  fieldForMessage,
  findColumn,
  numberAdvice,
  parseCsv,
  readCsvNumber,
  readWithSeparator,
} from '../core/csv.ts';
import { InputError, shortText } from '../core/diagnostics.ts';
import { MAX_COUNT, MAX_OBSERVATIONS } from './forecast.ts';

export type Frequency = 'month' | 'quarter' | 'week' | 'year';

export interface CountSeries {
  name: string;
  frequency: Frequency;
  /** Seasonal period: 12, 4, 52 or 1. */
  period: number;
  /** Period labels, one per value, consecutive. */
  periods: string[];
  values: number[];
  /** Line number in the file of each value. */
  lines: number[];
}

/** A located problem in a count-series file: an InputError with one diagnostic (`file:line:col: field: problem; fix`). */
export class CsvInputError extends InputError {
  constructor(file: string, line: number, col: number, field: string, problem: string, fix: string) {
    super([{ file, line, col, path: field, message: `${problem}; ${fix}` }]);
    this.name = 'CsvInputError';
  }
}

/** The most series one file may hold (value columns, or values of the `by` column): each is fitted in turn. */
export const MAX_SERIES = 1000;

const PATTERNS: [Frequency, RegExp, number][] = [
  ['month', /^(\d{4})-(\d{2})$/, 12],
  ['quarter', /^(\d{4})-?Q([1-4])$/i, 4],
  ['week', /^(\d{4})-?W(\d{2})$/i, 52],
  ['year', /^(\d{4})$/, 1],
];

// ISO weeks run Monday to Sunday; week 1 is the week with the year's first Thursday, so a year has 52 or 53
// weeks. Weeks are indexed by their Monday (day 0 = Thursday 1970-01-01, so Mondays are days ≡ 4 mod 7).
function mondayOfIsoWeek1(year: number): number {
  // setUTCFullYear, not Date.UTC: Date.UTC reads the years 0–99 as 1900–1999.
  const date = new Date(0);
  date.setUTCFullYear(year, 0, 4);
  const jan4 = date.getTime() / 86_400_000;
  return jan4 - ((((jan4 + 3) % 7) + 7) % 7);
}

function isoWeeksInYear(year: number): number {
  return (mondayOfIsoWeek1(year + 1) - mondayOfIsoWeek1(year)) / 7;
}

/** The frequency of a period label and its position on a consecutive integer scale. */
export function parsePeriod(label: string): { frequency: Frequency; period: number; index: number } | null {
  for (const [frequency, pattern, period] of PATTERNS) {
    const match = pattern.exec(label.trim());
    if (!match) continue;
    const year = Number(match[1]);
    const sub = match[2] === undefined ? 1 : Number(match[2]);
    if (frequency === 'month' && (sub < 1 || sub > 12)) return null;
    if (frequency === 'week') {
      if (sub < 1 || sub > isoWeeksInYear(year)) return null;
      return { frequency, period, index: (mondayOfIsoWeek1(year) - 4) / 7 + (sub - 1) };
    }
    return { frequency, period, index: year * period + (sub - 1) };
  }
  return null;
}

/** A year as period labels write it: four digits (0050), more only after 9999. */
function yearLabel(year: number): string {
  return String(year).padStart(4, '0');
}

/** The label `steps` periods after `label`. */
export function shiftPeriod(label: string, steps: number): string {
  const parsed = parsePeriod(label);
  if (!parsed) throw new RangeError(`not a period label: ${label}`);
  const index = parsed.index + steps;
  if (parsed.frequency === 'week') {
    const thursday = index * 7 + 4 + 3; // the Thursday of the week decides its ISO year
    const year = new Date(thursday * 86_400_000).getUTCFullYear();
    const week = (thursday - 3 - mondayOfIsoWeek1(year)) / 7 + 1;
    return `${yearLabel(year)}-W${String(week).padStart(2, '0')}`;
  }
  const year = Math.floor(index / parsed.period);
  const sub = (index % parsed.period) + 1;
  switch (parsed.frequency) {
    case 'month':
      return `${yearLabel(year)}-${String(sub).padStart(2, '0')}`;
    case 'quarter':
      return `${yearLabel(year)}-Q${sub}`;
    default:
      return yearLabel(year);
  }
}

export interface ParseOptions {
  /** Name of the column that names the series in a long file. */
  by?: string;
  /** Value column(s) to read; default every column other than the period (and `by`) with numbers. */
  columns?: string[];
  /** The separator; default: found in the header line. */
  delimiter?: Delimiter;
}

export function parseCountCsv(text: string, file: string, options: ParseOptions = {}): CountSeries[] {
  // The shared strict reader: RFC 4180 quoting, `#` comment lines, the separator, located errors.
  const table = parseCsv(text, file, options.delimiter !== undefined ? { delimiter: options.delimiter } : {});
  const header = table.header;
  const headerLine = table.headerLine;
  const columnNamed = (name: string, what: string): number => {
    const index = findColumn(header, name);
    if (index < 0)
      throw new CsvInputError(
        file,
        headerLine,
        1,
        name,
        `no column named '${name}' (${readWithSeparator(table)})`,
        `${what}: one of ${header.slice(0, 20).join(', ')}${header.length > 20 ? ', …' : ''}`,
      );
    return index;
  };
  const byIndex =
    options.by !== undefined ? columnNamed(options.by, 'name the column that names the series with --by') : -1;
  let valueColumns: number[];
  if (options.columns && options.columns.length > 0) {
    valueColumns = options.columns.map((name) => columnNamed(name, 'name count columns with --column'));
  } else {
    valueColumns = header.map((_, i) => i).filter((i) => i !== 0 && i !== byIndex);
  }
  if (header.length < 2) {
    throw new CsvInputError(
      file,
      headerLine,
      1,
      '',
      `the header has one column (${readWithSeparator(table)})`,
      'a period column and at least one count column are needed; check the separator',
    );
  }

  interface Row {
    line: number;
    period: string;
    index: number;
    fields: string[];
  }
  const rows: Row[] = [];
  let frequency: Frequency | null = null;
  let period = 1;
  for (const { line, fields } of table.rows) {
    const label = fields[0].trim();
    const parsed = parsePeriod(label);
    if (!parsed) {
      throw new CsvInputError(
        file,
        line,
        1,
        header[0],
        `${fieldForMessage(table, label)} is not a period`,
        'write periods as 2024-03, 2024-Q1, 2024-W05 or 2024',
      );
    }
    if (frequency && parsed.frequency !== frequency) {
      throw new CsvInputError(
        file,
        line,
        1,
        header[0],
        `${label} is a ${parsed.frequency} but earlier periods are ${frequency}s`,
        'use one frequency per file',
      );
    }
    frequency = parsed.frequency;
    period = parsed.period;
    rows.push({ line, period: label, index: parsed.index, fields });
  }
  if (!frequency || rows.length === 0)
    throw new CsvInputError(file, headerLine, 1, '', 'no data lines', 'add one line per period below the header');

  // Group rows into series: one per value column (wide) or per value of the `by` column (long).
  const groups = new Map<string, { rows: Row[]; column: number }>();
  for (const row of rows) {
    for (const column of valueColumns) {
      const byValue = byIndex >= 0 ? row.fields[byIndex].trim() : '';
      const name = byIndex >= 0 ? (valueColumns.length > 1 ? `${byValue}:${header[column]}` : byValue) : header[column];
      let group = groups.get(name);
      if (!group) {
        if (groups.size === MAX_SERIES) {
          throw new CsvInputError(
            file,
            row.line,
            fieldColumn(row.fields, byIndex >= 0 ? byIndex : column, table.delimiter),
            byIndex >= 0 ? header[byIndex] : header[column],
            `more than ${MAX_SERIES} series`,
            'forecast at most that many at once: pick series with --column, or split the file',
          );
        }
        group = { rows: [], column };
        groups.set(name, group);
      }
      if (group.rows.length === MAX_OBSERVATIONS) {
        throw new CsvInputError(
          file,
          row.line,
          1,
          header[0],
          `series ${shortText(name)} has more than ${MAX_OBSERVATIONS.toLocaleString('en-GB')} periods`,
          'forecast from a shorter history (a later start, or a coarser frequency)',
        );
      }
      group.rows.push(row);
    }
  }

  const series: CountSeries[] = [];
  for (const [name, group] of groups) {
    const periods: string[] = [];
    const values: number[] = [];
    const lineNumbers: number[] = [];
    let previous: Row | null = null;
    const rowsSorted = group.rows;
    const cellOf = (row: Row) => (row.fields[group.column] ?? '').trim();
    // Leading and trailing empty cells mean the series starts later or ends earlier; interior gaps are errors.
    let first = 0;
    while (first < rowsSorted.length && cellOf(rowsSorted[first]) === '') first++;
    let last = rowsSorted.length - 1;
    while (last >= first && cellOf(rowsSorted[last]) === '') last--;
    if (first > last) continue;
    let numeric = true;
    for (let k = first; k <= last; k++) {
      const row = rowsSorted[k];
      const cell = cellOf(row);
      const value = readCsvNumber(cell, table);
      const at = (col: number) => fieldColumn(row.fields, col, table.delimiter);
      if (Number.isNaN(value)) {
        if (!options.columns && k === first && byIndex < 0) {
          numeric = false; // a text column (e.g. a note) in a wide file: not a series
          break;
        }
        throw new CsvInputError(
          file,
          row.line,
          at(group.column),
          header[group.column],
          cell === '' ? 'the value is missing' : `${fieldForMessage(table, cell)} is not a number`,
          cell === ''
            ? 'fill in the count (0 if there were none)'
            : `fill in the count (0 if there were none)${numberAdvice(cell, table)}`,
        );
      }
      if (value < 0)
        throw new CsvInputError(
          file,
          row.line,
          at(group.column),
          header[group.column],
          `${cell} is negative`,
          'counts cannot be negative',
        );
      if (value > MAX_COUNT)
        throw new CsvInputError(
          file,
          row.line,
          at(group.column),
          header[group.column],
          `${fieldForMessage(table, cell)} is more than ${MAX_COUNT.toExponential()}`,
          'check the column: a count of persons per period is far smaller',
        );
      if (previous && row.index !== previous.index + 1) {
        const problem =
          row.index <= previous.index
            ? `period ${row.period} is not after ${previous.period}`
            : `periods between ${previous.period} and ${row.period} are missing`;
        throw new CsvInputError(
          file,
          row.line,
          1,
          header[0],
          problem,
          'sort the lines by period and give every period, with 0 for none',
        );
      }
      previous = row;
      periods.push(row.period);
      values.push(value);
      lineNumbers.push(row.line);
    }
    if (!numeric) continue;
    series.push({ name, frequency, period, periods, values, lines: lineNumbers });
  }
  if (series.length === 0) {
    throw new CsvInputError(
      file,
      headerLine,
      1,
      '',
      `no column holds counts (${readWithSeparator(table)})`,
      'add a numeric column, or name one with --column',
    );
  }
  return series;
}
