// Reading count series from CSV text (no file system: the caller reads the file). Comment lines start with
// '#'; the first other line is the header; the first column holds periods: 2024-03 (month), 2024-Q1
// (quarter), 2024-W05 (ISO week) or 2024 (year). Wide files have one series per numeric column; long files
// name their series in a `by` column. Errors name the file, line and field and say what to do.
import { parseCsv } from '../model/csv.ts';

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

export class CsvInputError extends Error {
  constructor(file: string, line: number | null, field: string | null, problem: string, fix: string) {
    super(`${file}${line !== null ? `:${line}` : ''}${field ? ` (${field})` : ''}: ${problem}; ${fix}`);
    this.name = 'CsvInputError';
  }
}

const PATTERNS: [Frequency, RegExp, number][] = [
  ['month', /^(\d{4})-(\d{2})$/, 12],
  ['quarter', /^(\d{4})-?Q([1-4])$/i, 4],
  ['week', /^(\d{4})-?W(\d{2})$/i, 52],
  ['year', /^(\d{4})$/, 1],
];

// ISO weeks run Monday to Sunday; week 1 is the week with the year's first Thursday, so a year has 52 or 53
// weeks. Weeks are indexed by their Monday (day 0 = Thursday 1970-01-01, so Mondays are days ≡ 4 mod 7).
function mondayOfIsoWeek1(year: number): number {
  const jan4 = Date.UTC(year, 0, 4) / 86_400_000;
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

/** The label `steps` periods after `label`. */
export function shiftPeriod(label: string, steps: number): string {
  const parsed = parsePeriod(label);
  if (!parsed) throw new RangeError(`not a period label: ${label}`);
  const index = parsed.index + steps;
  if (parsed.frequency === 'week') {
    const thursday = index * 7 + 4 + 3; // the Thursday of the week decides its ISO year
    const year = new Date(thursday * 86_400_000).getUTCFullYear();
    const week = (thursday - 3 - mondayOfIsoWeek1(year)) / 7 + 1;
    return `${year}-W${String(week).padStart(2, '0')}`;
  }
  const year = Math.floor(index / parsed.period);
  const sub = (index % parsed.period) + 1;
  switch (parsed.frequency) {
    case 'month':
      return `${year}-${String(sub).padStart(2, '0')}`;
    case 'quarter':
      return `${year}-Q${sub}`;
    default:
      return `${year}`;
  }
}

export interface ParseOptions {
  /** Name of the column that names the series in a long file. */
  by?: string;
  /** Value column(s) to read; default every column other than the period (and `by`) with numbers. */
  columns?: string[];
}

export function parseCountCsv(text: string, file: string, options: ParseOptions = {}): CountSeries[] {
  // The shared strict reader: RFC 4180 quoting, `#` comment lines, located errors for malformed lines.
  if (!text.split(/\r?\n/).some((l) => l.trim() !== '' && !l.startsWith('#'))) {
    throw new CsvInputError(file, null, null, 'no header line found', 'add a header such as "month,inflow"');
  }
  const table = parseCsv(text, file);
  const header = table.header;
  const headerLine = (table.rows[0]?.line ?? 2) - 1;
  const byIndex = options.by !== undefined ? header.indexOf(options.by) : -1;
  if (options.by !== undefined && byIndex < 0) {
    throw new CsvInputError(file, headerLine, options.by, `no column named '${options.by}'`, `use one of: ${header.join(', ')}`);
  }
  let valueColumns: number[];
  if (options.columns && options.columns.length > 0) {
    valueColumns = options.columns.map((name) => {
      const index = header.indexOf(name);
      if (index < 0) throw new CsvInputError(file, headerLine, name, `no column named '${name}'`, `use one of: ${header.join(', ')}`);
      return index;
    });
  } else {
    valueColumns = header.map((_, i) => i).filter((i) => i !== 0 && i !== byIndex);
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
  for (const { line, fields: rawFields } of table.rows) {
    const fields = rawFields.map((f) => f.trim());
    const parsed = parsePeriod(fields[0]);
    if (!parsed) {
      throw new CsvInputError(file, line, header[0], `'${fields[0]}' is not a period`, 'write periods as 2024-03, 2024-Q1, 2024-W05 or 2024');
    }
    if (frequency && parsed.frequency !== frequency) {
      throw new CsvInputError(file, line, header[0], `'${fields[0]}' is a ${parsed.frequency} but earlier periods are ${frequency}s`, 'use one frequency per file');
    }
    frequency = parsed.frequency;
    period = parsed.period;
    rows.push({ line, period: fields[0], index: parsed.index, fields });
  }
  if (!frequency || rows.length === 0) throw new CsvInputError(file, null, null, 'no data lines', 'add one line per period below the header');

  // Group rows into series: one per value column (wide) or per value of the `by` column (long).
  const groups = new Map<string, { rows: Row[]; column: number }>();
  for (const row of rows) {
    for (const column of valueColumns) {
      const name = byIndex >= 0 ? (valueColumns.length > 1 ? `${row.fields[byIndex]}:${header[column]}` : row.fields[byIndex]) : header[column];
      let group = groups.get(name);
      if (!group) {
        group = { rows: [], column };
        groups.set(name, group);
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
    // Leading and trailing empty cells mean the series starts later or ends earlier; interior gaps are errors.
    let first = 0;
    while (first < rowsSorted.length && (rowsSorted[first].fields[group.column] ?? '') === '') first++;
    let last = rowsSorted.length - 1;
    while (last >= first && (rowsSorted[last].fields[group.column] ?? '') === '') last--;
    if (first > last) continue;
    let numeric = true;
    for (let k = first; k <= last; k++) {
      const row = rowsSorted[k];
      const cell = row.fields[group.column] ?? '';
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value)) {
        if (!options.columns && k === first && byIndex < 0) {
          numeric = false; // a text column (e.g. a note) in a wide file: not a series
          break;
        }
        throw new CsvInputError(file, row.line, header[group.column], cell === '' ? 'the value is missing' : `'${cell}' is not a number`, 'fill in the count (0 if there were none)');
      }
      if (value < 0) throw new CsvInputError(file, row.line, header[group.column], `${value} is negative`, 'counts cannot be negative');
      if (previous && row.index !== previous.index + 1) {
        const problem = row.index <= previous.index ? `period ${row.period} is not after ${previous.period}` : `periods between ${previous.period} and ${row.period} are missing`;
        throw new CsvInputError(file, row.line, header[0], problem, 'sort the lines by period and give every period, with 0 for none');
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
    throw new CsvInputError(file, headerLine + 1, null, 'no column holds counts', 'add a numeric column, or name one with --column');
  }
  return series;
}
