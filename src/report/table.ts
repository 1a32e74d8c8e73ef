// Tables of a report from a neutral shape — a title, columns (label, unit, numeric) and rows of text, numbers or
// nothing — so that any result's declared tables can be shown: numbers formatted in the report's language (in
// full, never abbreviated: a table is for reading exact figures), the first text column as the row header.
import { type Lang, NO_VALUE, numberLocale } from '../core/locale.ts';
import { type Html, html } from './html.ts';

export interface ReportColumn {
  label: string;
  /** Shown after the label: `P90 (dagen)`. */
  unit?: string;
  /** Right-aligned, numbers formatted with the locale. */
  numeric: boolean;
  /** Decimals of the numbers in this column; by default 0 when all are whole, else 2. */
  digits?: number;
}

export type ReportCell = string | number | null;

export interface ReportTable {
  title: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
}

/** Decimals for showing `values`: 0 when all are whole numbers, else 2. */
export function valueDigits(values: Iterable<unknown>): number {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) return 2;
  return 0;
}

/** A number in full with the locale's grouping and `digits` decimals (`1.234.567,50` in nl); NaN as `–`. */
export function formatFull(v: number, lang: Lang, digits = 0): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? NO_VALUE : v > 0 ? '∞' : '−∞';
  // A value that rounds to zero shows as 0, never −0.
  const rounded = Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v;
  return numberLocale(lang).format(`,.${digits}f`)(rounded);
}

/** The text of a column's header: its label with the unit in brackets. */
export function columnHeader(column: ReportColumn): string {
  return column.unit ? `${column.label} (${column.unit})` : column.label;
}

/** A table with a caption and column headers; the first column, when it is text, heads its row. */
export function tableHtml(table: ReportTable, lang: Lang): Html {
  const digits = table.columns.map((c, j) => c.digits ?? valueDigits(table.rows.map((r) => r[j])));
  const rowHeader = table.columns.length > 0 && !table.columns[0].numeric;
  const cell = (value: ReportCell, j: number) => {
    const text = value === null ? '' : typeof value === 'number' ? formatFull(value, lang, digits[j]) : value;
    if (j === 0 && rowHeader) return html`<th scope="row">${text}</th>`;
    return table.columns[j]?.numeric ? html`<td class="num">${text}</td>` : html`<td class="text">${text}</td>`;
  };
  return html`<table><caption>${table.title}</caption><thead><tr>${table.columns.map((c) => html`<th scope="col" class="${c.numeric ? 'num' : 'text'}">${columnHeader(c)}</th>`)}</tr></thead><tbody>${table.rows.map(
    (r) => html`<tr>${r.map(cell)}</tr>`,
  )}</tbody></table>`;
}
