// Declared tables: every table a command writes or prints is declared once (id, title, columns with key, label,
// unit, accessor and format), and one writer derives from the declaration the CSV file, the JSON rows, the
// terminal table, the neutral table data an HTML report renders and a sheet of the Excel workbook.
// One NaN policy everywhere: a missing figure (NaN, ±Infinity in CSV, undefined) is an empty cell in CSV, `null`
// in JSON, an empty cell in Excel and `–` on the terminal.
import { csvField } from '../core/csv.ts';
import {
  type Lang,
  type Text,
  formatEuro,
  formatEuroFull,
  formatFull,
  formatNumber,
  formatPercent,
  NO_VALUE,
  say,
} from '../core/locale.ts';

/** How a column's values read for people: the CSV and JSON always hold the value itself. */
export type Format = (
  | { kind: 'count' }
  | { kind: 'decimal'; digits: number }
  | { kind: 'percent'; digits: number }
  | { kind: 'euro' }
  | { kind: 'days'; digits: number }
  | { kind: 'date' }
  | { kind: 'text' }
) & {
  /** A change: positive figures get a plus sign. */
  signed?: boolean;
  /** People read the figure rounded to its digits: no tiny figure in significant digits, no `−0`. */
  rounded?: boolean;
};

export const FORMAT = {
  count: { kind: 'count' } as Format,
  decimal: (digits: number): Format => ({ kind: 'decimal', digits }),
  percent: (digits = 0): Format => ({ kind: 'percent', digits }),
  euro: { kind: 'euro' } as Format,
  days: (digits = 1): Format => ({ kind: 'days', digits }),
  date: { kind: 'date' } as Format,
  text: { kind: 'text' } as Format,
};

/** Units shown beside a column's label (terminal, Excel header, report). */
export const UNIT = {
  persons: { nl: 'personen', en: 'persons' },
  cases: { nl: 'zaken', en: 'cases' },
  days: { nl: 'dagen', en: 'days' },
  eur: { nl: 'EUR', en: 'EUR' },
  share: { nl: 'aandeel', en: 'share' },
  places: { nl: 'plaatsen', en: 'places' },
  beds: { nl: 'bedden', en: 'beds' },
  km: { nl: 'km', en: 'km' },
  fte: { nl: 'fte', en: 'FTE' },
  count: { nl: 'aantal', en: 'count' },
  perDay: { nl: 'per dag', en: 'per day' },
  hours: { nl: 'uren', en: 'hours' },
} satisfies Record<string, Text>;

/** A figure with its interval: the terminal shows `mean [low–high]`; files write three columns. */
export interface Interval {
  mean: number;
  low: number;
  high: number;
}

/** A cell: a value, an interval, or a text in both languages (a label; files write its English). */
export type Cell = number | string | boolean | null | undefined | Interval | Text;

export interface Column<R> {
  /** The CSV header and JSON key. */
  key: string;
  label: Text;
  unit?: Text;
  /** One format for the column, or one per row (a table of KPIs of different kinds). */
  format: Format | ((row: R) => Format);
  value: (row: R) => Cell;
  /** Where the column appears; default everywhere. `files` = CSV, JSON and Excel; `terminal` = terminal and report. */
  only?: 'files' | 'terminal';
  /** An interval's low and high columns are written beside it as `<key>_low` and `<key>_high`. */
  interval?: boolean;
  /** How a number of this column is written to CSV (default `csvNumber`: rounded to 6 decimals). */
  csv?: (value: number) => string;
  /** On the terminal a longer text is cut to this many characters with an ellipsis (files keep it whole). */
  width?: number;
}

export interface TableDecl<R> {
  id: string;
  /** The CSV file of the table in a result folder. */
  file?: string;
  title: Text;
  columns: readonly Column<R>[];
}

/** A declaration with its rows: one table of a result. */
export interface TableOutput<R = unknown> {
  table: TableDecl<R>;
  rows: readonly R[];
}

export function output<R>(table: TableDecl<R>, rows: readonly R[]): TableOutput {
  return { table, rows } as TableOutput;
}

function isInterval(v: Cell): v is Interval {
  return typeof v === 'object' && v !== null && 'mean' in v;
}

function isText(v: Cell): v is Text {
  return typeof v === 'object' && v !== null && 'nl' in v;
}

// ---- CSV and JSON -------------------------------------------------------------------------------------------

/** A number in a CSV file: integers exactly, others rounded to 6 decimals, NaN and ±Infinity as empty. */
export function csvNumber(v: number): string {
  if (!Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return String(v);
  return String(Math.round(v * 1e6) / 1e6);
}

function csvCell(v: Cell): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'number') return csvNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (isInterval(v)) return csvNumber(v.mean);
  if (isText(v)) return csvField(v.en);
  return csvField(v);
}

function fileColumns<R>(table: TableDecl<R>): { key: string; column: Column<R>; part?: 'low' | 'high' }[] {
  const out: { key: string; column: Column<R>; part?: 'low' | 'high' }[] = [];
  for (const column of table.columns) {
    if (column.only === 'terminal') continue;
    out.push({ key: column.key, column });
    if (column.interval) {
      out.push({ key: `${column.key}_low`, column, part: 'low' });
      out.push({ key: `${column.key}_high`, column, part: 'high' });
    }
  }
  return out;
}

function fileValue<R>(c: { column: Column<R>; part?: 'low' | 'high' }, row: R): Exclude<Cell, Text> {
  const v = c.column.value(row);
  if (isText(v)) return v.en;
  if (!isInterval(v)) return c.part ? undefined : v;
  return c.part === 'low' ? v.low : c.part === 'high' ? v.high : v.mean;
}

/** The CSV text of a table: a header of column keys, one line per row, ending in a newline. */
export function tableCsv<R>(table: TableDecl<R>, rows: readonly R[]): string {
  const columns = fileColumns(table);
  const lines = [columns.map((c) => c.key).join(',')];
  for (const row of rows)
    lines.push(
      columns
        .map((c) => {
          const v = fileValue(c, row);
          return c.column.csv && typeof v === 'number' ? c.column.csv(v) : csvCell(v);
        })
        .join(','),
    );
  return lines.join('\n') + '\n';
}

/** JSON's form of a value: NaN and undefined as null; ±Infinity as the strings "Infinity" and "-Infinity". */
export function jsonValue(v: unknown): unknown {
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? null : String(v);
  if (v instanceof Float64Array) return Array.from(v, (x) => jsonValue(x));
  return v === undefined ? null : v;
}

/** JSON text with doorstroom's NaN policy (see jsonValue; an undefined property is left out), indented. */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? undefined : jsonValue(v)), 2) + '\n';
}

/** A table's rows as JSON objects keyed by column key. */
export function tableJson<R>(table: TableDecl<R>, rows: readonly R[]): Record<string, unknown>[] {
  const columns = fileColumns(table);
  return rows.map((row) => Object.fromEntries(columns.map((c) => [c.key, jsonValue(fileValue(c, row))])));
}

// ---- People: the terminal and the report ----------------------------------------------------------------------

/**
 * A number as a person reads it in `lang`, by the column's format; `full` writes it out in full (a report's table,
 * where people read exact figures) where the terminal abbreviates millions and billions.
 */
export function formatValue(v: number, format: Format, lang: Lang, full = false): string {
  if (format.rounded && 'digits' in format && format.kind !== 'percent') {
    const scale = 10 ** format.digits;
    v = Math.round(v * scale) / scale + 0;
  }
  const text = unsignedValue(v, format, lang, full);
  return format.signed && v > 0 ? `+${text}` : text;
}

function unsignedValue(v: number, format: Format, lang: Lang, full: boolean): string {
  const number = full ? formatFull : formatNumber;
  switch (format.kind) {
    case 'count':
      return number(v, lang, 0);
    case 'decimal':
    case 'days':
      return number(v, lang, format.digits);
    case 'percent':
      return formatPercent(v, lang, format.digits);
    case 'euro':
      return full ? formatEuroFull(v, lang) : formatEuro(v, lang);
    default:
      return Number.isFinite(v) ? String(v) : NO_VALUE;
  }
}

/** A cell as a person reads it: numbers by format (`full`: see formatValue), intervals as `mean [low–high]`, nothing as `–`. */
export function formatCell(v: Cell, format: Format, lang: Lang, full = false): string {
  if (v === undefined || v === null) return NO_VALUE;
  if (typeof v === 'number') return formatValue(v, format, lang, full);
  if (typeof v === 'boolean') return v ? (lang === 'nl' ? 'ja' : 'yes') : lang === 'nl' ? 'nee' : 'no';
  if (isText(v)) return say(v, lang);
  if (isInterval(v)) {
    const mean = formatValue(v.mean, format, lang, full);
    if (!Number.isFinite(v.low) || !Number.isFinite(v.high) || v.low === v.high) return mean;
    const bounds = { ...format, signed: false };
    // A range that crosses or lies below zero reads better with an ellipsis than with a dash beside a minus.
    const between = v.low < 0 || format.signed ? ' … ' : '–';
    return `${mean} [${formatValue(v.low, bounds, lang, full)}${between}${formatValue(v.high, bounds, lang, full)}]`;
  }
  return v;
}

/** A column's heading for people: its label with the unit in brackets. */
export function columnHeading(column: { label: Text; unit?: Text }, lang: Lang): string {
  return column.unit ? `${say(column.label, lang)} (${say(column.unit, lang)})` : say(column.label, lang);
}

/** Rows as an aligned plain-text table: the first column left-aligned, the others right-aligned. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...r[i]].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => {
          const pad = ' '.repeat(widths[i] - [...c].length);
          return i === 0 ? c + pad : pad + c;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function formatOf<R>(column: Column<R>, row: R): Format {
  return typeof column.format === 'function' ? column.format(row) : column.format;
}

function terminalColumns<R>(table: TableDecl<R>): readonly Column<R>[] {
  return table.columns.filter((c) => c.only !== 'files');
}

/** What the terminal or a report shows of a declared table when it shows less than the files. */
export interface TerminalView {
  /** The columns shown, by key and in this order (default: every terminal column in declared order). */
  columns?: readonly string[];
  /** Only the first `top` rows. */
  top?: number;
}

/** What a report shows of a declared table: a view, and a title of its own (`MKBA: scenario A`), in words or in both languages. */
export interface TableView extends TerminalView {
  title?: Text | string;
}

function columnOf<R>(table: TableDecl<R>, key: string): Column<R> {
  const column = table.columns.find((c) => c.key === key);
  if (!column) throw new Error(`table ${table.id} has no column ${key}`);
  return column;
}

function viewColumns<R>(table: TableDecl<R>, keys?: readonly string[]): readonly Column<R>[] {
  return keys ? keys.map((key) => columnOf(table, key)) : terminalColumns(table);
}

/**
 * Columns of a declared table shown beside the rows of another table: `keys` of `source`, each row of the other
 * table matched to the source's row whose `by` column has the same value as `match(row)` (nothing where none has).
 * The labels, units and formats stay the declaration's, so the other table shows them as the source's files do.
 */
export function joinedColumns<S>(
  source: TableOutput,
  keys: readonly string[],
  by: string,
  match: (row: S) => string,
): Column<S>[] {
  const byColumn = columnOf(source.table, by);
  const index = new Map(source.rows.map((r) => [String(byColumn.value(r) as string), r]));
  return keys.map((key) => {
    const column = columnOf(source.table, key);
    const { format, value } = column;
    return {
      ...column,
      format: (row: S) => {
        const r = index.get(match(row));
        return r === undefined || typeof format !== 'function' ? (format as Format) : format(r);
      },
      value: (row: S) => {
        const r = index.get(match(row));
        return r === undefined ? undefined : value(r);
      },
    };
  });
}

function cut(text: string, width: number | undefined): string {
  return width !== undefined && [...text].length > width ? `${[...text].slice(0, width - 1).join('')}…` : text;
}

/** A table for the terminal: headings with units, figures formatted in `lang`; `view` picks columns and rows. */
export function terminalTable<R>(table: TableDecl<R>, rows: readonly R[], lang: Lang, view: TerminalView = {}): string {
  const columns = viewColumns(table, view.columns);
  const shown = view.top === undefined ? rows : rows.slice(0, view.top);
  return textTable([
    columns.map((c) => columnHeading(c, lang)),
    ...shown.map((row) => columns.map((c) => cut(formatCell(c.value(row), formatOf(c, row), lang), c.width))),
  ]);
}

/** A row of a wide table: the first day of a week with a figure per series. */
export interface WideRow {
  date: string;
  values: readonly (number | Interval | undefined)[];
}

/**
 * A wide table for people (a report's table beside a chart of several series): the week's first day, then a column
 * per series (`label` in words: a scenario's or a stage's name) of `format`; `interval` when the figures have ranges.
 */
export function wideTable(
  decl: { id: string; title: Text },
  series: readonly { key: string; label: string }[],
  format: Format,
  interval = false,
): TableDecl<WideRow> {
  const week: Column<WideRow> = {
    key: 'week_start',
    label: { nl: 'week vanaf', en: 'week from' },
    format: FORMAT.date,
    value: (r) => r.date,
  };
  const columns = series.map(({ key, label }, i): Column<WideRow> => ({
    key,
    label: { nl: label, en: label },
    format,
    value: (r) => r.values[i],
    ...(interval ? { interval } : {}),
  }));
  return { ...decl, columns: [week, ...columns] };
}

/** The neutral shape of a table for a report: everything resolved to one language, values as they are. */
export interface TableData {
  id: string;
  title: string;
  /** `heading` is the label with its unit, as the terminal heads the column. */
  columns: { key: string; label: string; unit?: string; heading: string; numeric: boolean }[];
  /** Raw values (numbers stay numbers; an interval is its mean with low and high beside it). */
  rows: (number | string | boolean | null | Interval)[][];
  /** The same rows as a person reads them in the table's language, numbers in full (see formatValue). */
  text: string[][];
}

/**
 * The table data of a declaration and its rows, for the HTML report (and any other renderer): the terminal's
 * columns, or those of `view`, and its rows (the first `view.top`), under the declaration's title or the view's.
 */
export function tableData<R>(table: TableDecl<R>, rows: readonly R[], lang: Lang, view: TableView = {}): TableData {
  const columns = viewColumns(table, view.columns);
  const shown = view.top === undefined ? rows : rows.slice(0, view.top);
  return {
    id: table.id,
    title: typeof view.title === 'string' ? view.title : say(view.title ?? table.title, lang),
    columns: columns.map((c) => ({
      key: c.key,
      label: say(c.label, lang),
      ...(c.unit ? { unit: say(c.unit, lang) } : {}),
      heading: columnHeading(c, lang),
      numeric: typeof c.format === 'function' || (c.format.kind !== 'text' && c.format.kind !== 'date'),
    })),
    rows: shown.map((row) =>
      columns.map((c) => {
        const v = c.value(row);
        if (isText(v)) return say(v, lang);
        return v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? null : v;
      }),
    ),
    text: shown.map((row) => columns.map((c) => formatCell(c.value(row), formatOf(c, row), lang, true))),
  };
}

// ---- Excel ---------------------------------------------------------------------------------------------------

/** One sheet of a workbook: header row of labels with units, then the rows with numbers as numbers. */
export interface Sheet {
  name: string;
  header: string[];
  rows: (number | string | boolean | null | undefined)[][];
}

/** The sheet of a declared table (every file column; an interval as three columns). */
export function tableSheet<R>(table: TableDecl<R>, rows: readonly R[], lang: Lang): Sheet {
  const columns = fileColumns(table);
  const low = lang === 'nl' ? 'ondergrens' : 'low';
  const high = lang === 'nl' ? 'bovengrens' : 'high';
  return {
    name: say(table.title, lang),
    header: columns.map((c) => {
      const heading = columnHeading(c.column, lang);
      return c.part ? `${heading} ${c.part === 'low' ? low : high}` : heading;
    }),
    rows: rows.map((row) =>
      columns.map((c) => {
        const v = fileValue(c, row);
        return isInterval(v) ? v.mean : v;
      }),
    ),
  };
}

/** The sheets of a result's tables, in order. */
export function workbookSheets(tables: readonly TableOutput[], lang: Lang): Sheet[] {
  return tables.map(({ table, rows }) => tableSheet(table, rows, lang));
}
