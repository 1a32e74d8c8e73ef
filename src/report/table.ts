// The tables of a report, from the declarations in src/results: the same title, columns, labels, units and number
// formats as the CSV files, the terminal and the Excel workbook, resolved by `tableData` into one language. Numbers
// are written in full (a table is for reading exact figures), an interval as `mean [low–high]` as the terminal
// writes it, and the first text column heads its row.
import { type Lang } from '../core/locale.ts';
import { type TableDecl, type TableOutput, type TableView, tableData } from '../results/table.ts';
import { type Html, html } from './html.ts';

export { formatFull } from '../core/locale.ts';

/** Decimals for showing `values`: 0 when all are whole numbers, else 2. */
export function valueDigits(values: Iterable<unknown>): number {
  for (const v of values) if (typeof v === 'number' && Number.isFinite(v) && !Number.isInteger(v)) return 2;
  return 0;
}

/**
 * A declared table with its rows as an HTML table: its title as the caption, a header per column (label and unit),
 * numbers right-aligned in the report's language; the first column, when it is text, heads its row. `view` picks
 * columns and rows as on the terminal, and may give the table a title of its own.
 */
export function declaredTableHtml<R>(table: TableDecl<R>, rows: readonly R[], lang: Lang, view: TableView = {}): Html {
  const data = tableData(table, rows, lang, view);
  const rowHeader = data.columns.length > 0 && !data.columns[0].numeric;
  const cell = (text: string, j: number) => {
    if (j === 0 && rowHeader) return html`<th scope="row">${text}</th>`;
    return data.columns[j].numeric ? html`<td class="num">${text}</td>` : html`<td class="text">${text}</td>`;
  };
  return html`<table><caption>${data.title}</caption><thead><tr>${data.columns.map((c) => html`<th scope="col" class="${c.numeric ? 'num' : 'text'}">${c.heading}</th>`)}</tr></thead><tbody>${data.text.map(
    (r) => html`<tr>${r.map(cell)}</tr>`,
  )}</tbody></table>`;
}

/** A table of a result (a declaration with its rows) as HTML: see declaredTableHtml. */
export function outputTableHtml(out: TableOutput, lang: Lang, view: TableView = {}): Html {
  return declaredTableHtml(out.table, out.rows, lang, view);
}
