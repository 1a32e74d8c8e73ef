// The Excel workbook of a result (`--xlsx <file>`): one sheet per declared table, numbers as numbers, units in
// the header; written whole or not at all.
import { writeTextAtomically } from '../core/atomic-write.ts';
import type { Lang } from '../core/locale.ts';
import { type TableOutput, workbookSheets } from './table.ts';
import { xlsxWorkbook } from './xlsx.ts';

/** Excel's limit of rows in one sheet (the header row included). */
export const XLSX_MAX_ROWS = 1_048_576;

export function workbookBytes(tables: readonly TableOutput[], lang: Lang): Buffer {
  const sheets = workbookSheets(tables, lang).map((sheet) =>
    sheet.rows.length < XLSX_MAX_ROWS ? sheet : { ...sheet, rows: sheet.rows.slice(0, XLSX_MAX_ROWS - 1) },
  );
  return xlsxWorkbook(sheets);
}

export function writeWorkbook(path: string, tables: readonly TableOutput[], lang: Lang): void {
  const bytes = workbookBytes(tables, lang);
  writeTextAtomically(path, (out) => out.writeBytes(bytes));
}

/** The line that says where a file went. */
export function wroteText(paths: readonly string[], lang: Lang): string {
  return paths.length === 0 ? '' : `${lang === 'nl' ? 'geschreven' : 'wrote'} ${paths.join(', ')}\n`;
}
