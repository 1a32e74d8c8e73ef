// A strict CSV reader for input files (inflow series, staffing plans, per-municipality figures, households):
// RFC 4180 quoting, CRLF or LF, an optional byte-order mark, `#` comment lines and a required header row. The
// separator is a comma, a semicolon or a tab — taken from the header line unless the caller names it — so files
// saved by Dutch Excel ("CSV (gescheiden door lijstscheidingsteken)": `;`, decimal commas) read as they are.
// Invariant: every row returned has exactly as many fields as the header; anything else is reported, with its
// line, as an InputError. With `sensitive`, no message quotes a value or a header name (the header may be data).

import { InputError, shortText, type Diagnostic } from './diagnostics.ts';

/** The separators a CSV file may use. */
export type Delimiter = ',' | ';' | '\t';
export const DELIMITERS: readonly Delimiter[] = [',', ';', '\t'];

/**
 * The most problems one file reports: a file that is wrong throughout (the wrong file, the wrong separator) is
 * reported by its first ones, and a message stays readable, however long the file.
 */
export const MAX_PROBLEMS_PER_FILE = 100;
/**
 * The most data rows a CSV input may have: far above any per-municipality file, households file or series, and
 * low enough that the rows fit in memory (a row costs far more as strings than as bytes in the file).
 */
export const MAX_CSV_ROWS = 2_000_000;

/**
 * Whether `problems` is full. When it is, a last diagnostic at `line` says that reading stopped there, and the
 * caller stops reporting.
 */
export function problemsFull(problems: Diagnostic[], file: string, line: number): boolean {
  if (problems.length < MAX_PROBLEMS_PER_FILE) return false;
  problems.push({
    file,
    line,
    col: 1,
    path: '',
    message: `more than ${MAX_PROBLEMS_PER_FILE} problems in this file: stopped reading here; fix these first (is it the right file, read with the right separator?)`,
  });
  return true;
}

/** How a CSV file is read. */
export interface CsvReadOptions {
  /** The separator; default: the one of `,` `;` tab that occurs most often in the header line outside quotes. */
  delimiter?: Delimiter;
  /**
   * The file holds case data (household ids): messages name lines, columns and what was expected, but quote no
   * value and no header name — a file without a header has a data row where the header should be.
   */
  sensitive?: boolean;
  /** The most data rows read (default MAX_CSV_ROWS); more is a located error. */
  maxRows?: number;
}

export interface CsvTable {
  file: string;
  /** Column names, trimmed of surrounding spaces. */
  header: string[];
  /** The 1-based line of the header. */
  headerLine: number;
  /** The separator the file was read with. */
  delimiter: Delimiter;
  /** Whether messages about this file must not quote its values or header (CsvReadOptions.sensitive). */
  sensitive: boolean;
  /** Data rows; `line` is the 1-based line the row starts on, `fields` are the raw (untrimmed) values. */
  rows: { line: number; fields: string[] }[];
}

/** `","`, `";"` or `tab`: a separator as a message names it. */
export function separatorName(delimiter: Delimiter): string {
  return delimiter === '\t' ? 'tab' : `"${delimiter}"`;
}

/** `read with separator ";"`: said in messages about columns, so a file read with the wrong one is recognised. */
export function readWithSeparator(table: { delimiter: Delimiter }): string {
  return `read with separator ${separatorName(table.delimiter)}`;
}

/** A --delimiter value: `,`, `;`, `tab` (or a tab character, `\t`); undefined for anything else. */
export function parseDelimiter(value: string): Delimiter | undefined {
  if (value === ',' || value === ';') return value;
  if (value === 'tab' || value === '\t' || value === '\\t') return '\t';
  return undefined;
}

/**
 * Parses CSV text. Lines whose first character is `#` are comments and blank lines are skipped (quote a
 * value that starts with `#`). Every problem in the file is reported at once.
 */
export function parseCsv(text: string, file: string, options: CsvReadOptions = {}): CsvTable {
  const problems: Diagnostic[] = [];
  const report = (line: number, col: number, message: string, path = ''): void => {
    problems.push({ file, line, col, path, message });
  };
  const sensitive = options.sensitive === true;

  let header: string[] | undefined;
  let headerLine = 0;
  let delimiter: Delimiter = options.delimiter ?? ',';
  let sep = delimiter.charCodeAt(0);
  const rows: { line: number; fields: string[] }[] = [];
  const maxRows = options.maxRows ?? MAX_CSV_ROWS;
  const fieldCols: number[] = []; // where each field of the current record starts (reused: one array per file)

  // A byte-order mark, also as Windows-1252 shows its UTF-8 bytes ("ï»¿": a file with a mark whose other bytes
  // are not UTF-8 is read as Windows-1252).
  let i = text.charCodeAt(0) === 0xfeff ? 1 : text.startsWith('\u00ef\u00bb\u00bf') ? 3 : 0;
  let line = 1;
  let lineStart = i; // offset of the current line's first character, for columns
  const length = text.length;

  // Moves past one line break at i (CRLF, LF or a lone CR), if there is one.
  const skipLineBreak = (): void => {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
    else if (c === 10 /* \n */) i += 1;
    else return;
    line += 1;
    lineStart = i;
  };
  const atLineEnd = (): boolean => i >= length || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
  const separatorText = (): string => separatorName(delimiter);

  parsing: while (i < length) {
    // Comment lines and blank (or all-space) lines are not records.
    if (text.charCodeAt(i) === 35 /* # */ || isBlankLine(text, i)) {
      while (!atLineEnd()) i++;
      skipLineBreak();
      continue;
    }
    if (header === undefined && options.delimiter === undefined) {
      delimiter = detectDelimiter(text, i);
      sep = delimiter.charCodeAt(0);
    }
    if (problemsFull(problems, file, line)) break;
    if (rows.length === maxRows) {
      report(
        line,
        1,
        `more than ${maxRows.toLocaleString('en-GB')} rows, the most a CSV input may have; check that this is the right file, or split it`,
      );
      break;
    }

    const recordLine = line;
    const fields: string[] = [];
    fieldCols.length = 0;
    while (true) {
      fieldCols.push(i - lineStart + 1);
      if (text.charCodeAt(i) === 34 /* " */) {
        const quoteLine = line;
        const quoteCol = i - lineStart + 1;
        let value = '';
        i++;
        while (true) {
          const close = text.indexOf('"', i);
          if (close < 0) {
            report(
              quoteLine,
              quoteCol,
              'unterminated quoted value: the quote opened here is never closed; add the closing " (a quote inside a quoted value is written "")',
            );
            break parsing; // the rest of the file is inside the quote: nothing more can be read reliably
          }
          value += text.slice(i, close);
          countLineBreaks(i, close);
          if (text.charCodeAt(close + 1) === 34) {
            value += '"';
            i = close + 2;
          } else {
            i = close + 1;
            break;
          }
        }
        if (!atLineEnd() && text.charCodeAt(i) !== sep) {
          report(
            line,
            i - lineStart + 1,
            'unexpected text after a closing quote; put the whole value inside the quotes',
          );
          while (!atLineEnd() && text.charCodeAt(i) !== sep) i++;
        }
        fields.push(value);
      } else {
        const start = i;
        while (!atLineEnd() && text.charCodeAt(i) !== sep) i++;
        const value = text.slice(start, i);
        const quote = value.indexOf('"');
        if (quote >= 0) {
          report(
            line,
            start - lineStart + quote + 1,
            'a quote inside an unquoted value; put the value in double quotes and write the quote as ""',
          );
        }
        fields.push(value);
      }
      if (text.charCodeAt(i) === sep) {
        i++;
        continue;
      }
      skipLineBreak();
      break;
    }

    if (header === undefined) {
      header = fields.map((name) => name.trim());
      headerLine = recordLine;
      const seen = new Map<string, number>();
      header.forEach((name, column) => {
        if (name === '') {
          report(
            recordLine,
            fieldCols[column],
            `column ${column + 1} of the header has no name; name it, or remove the extra separator (${readWithSeparator({ delimiter })})`,
          );
        } else if (seen.has(name)) {
          const columns = `columns ${(seen.get(name) ?? 0) + 1} and ${column + 1}`;
          if (sensitive)
            report(
              recordLine,
              fieldCols[column],
              `${columns} of the header have the same name; rename one (or add the header line if the file has none)`,
            );
          else
            report(
              recordLine,
              fieldCols[column],
              `column "${name}" appears twice in the header (${columns}); rename one`,
              name,
            );
        } else {
          seen.set(name, column);
        }
      });
    } else if (fields.length !== header.length) {
      const names = sensitive ? '' : ` (${listForMessage(header)})`;
      const expected = `expected ${header.length} field${header.length === 1 ? '' : 's'}${names} as in the header on line ${headerLine}, found ${fields.length}`;
      const hint =
        fields.length > header.length ? `; a value that contains ${separatorText()} must be in double quotes` : '';
      const col = fields.length > header.length ? fieldCols[header.length] : 1;
      report(
        recordLine,
        col,
        `${expected}${hint} (${readWithSeparator({ delimiter })}${options.delimiter === undefined ? ', as found in the header' : ', as asked for'})`,
      );
    } else {
      rows.push({ line: recordLine, fields });
    }
  }

  if (header === undefined && problems.length === 0) {
    report(
      1,
      1,
      'no header row: the first line that is not a # comment must name the columns, separated by commas, semicolons or tabs',
    );
  }
  if (problems.length > 0) throw new InputError(problems);
  return { file, header: header ?? [], headerLine, delimiter, sensitive, rows };

  function countLineBreaks(from: number, to: number): void {
    // Line breaks inside a quoted value still advance the line count used in later diagnostics.
    for (let k = from; k < to; k++) {
      const c = text.charCodeAt(k);
      if (c === 10 || (c === 13 && text.charCodeAt(k + 1) !== 10)) {
        line += 1;
        lineStart = k + 1;
      }
    }
  }
}

/**
 * The separator of the header record starting at `offset`: the one of `,` `;` tab that occurs most often
 * outside double quotes (a comma when none does, or on a tie).
 */
export function detectDelimiter(text: string, offset: number): Delimiter {
  let commas = 0;
  let semicolons = 0;
  let tabs = 0;
  let quoted = false;
  for (let i = offset; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */)
      quoted = !quoted; // a doubled quote toggles twice
    else if (quoted) continue;
    else if (c === 10 || c === 13) break;
    else if (c === 44) commas++;
    else if (c === 59) semicolons++;
    else if (c === 9) tabs++;
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas && tabs > semicolons) return '\t';
  return ',';
}

/** Whether the line starting at `offset` holds nothing but spaces and tabs. */
function isBlankLine(text: string, offset: number): boolean {
  let i = offset;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i >= text.length || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
}

/** `a, b, c` for a message, the first 12 names only (a header can be as long as the file). */
function listForMessage(names: readonly string[]): string {
  const shown = names.slice(0, 12).map((name) => shortText(name));
  return shown.join(', ') + (names.length > 12 ? `, … (${names.length} in all)` : '');
}

/** The header's names for a message (`"code", "name"`, at most 12, each at most 40 characters), or '' when sensitive. */
export function headerForMessage(table: CsvTable): string {
  if (table.sensitive) return '';
  return listForMessage(table.header.map((name) => `"${name}"`));
}

/**
 * A field's value as a message quotes it: `"GM363"` (at most 40 characters), or `the value` for a sensitive
 * file, so that `${fieldForMessage(table, raw)} is not a number` reads either way.
 */
export function fieldForMessage(table: { sensitive: boolean }, value: string): string {
  if (table.sensitive) return 'the value';
  return `"${shortText(value)}"`;
}

/**
 * The 1-based column at which field `k` of a row starts, as the row is written with `delimiter`: exact unless
 * an earlier field was quoted without needing quotes.
 */
export function fieldColumn(fields: readonly string[], k: number, delimiter: Delimiter = ','): number {
  let col = 1;
  for (let j = 0; j < k; j++) {
    const field = fields[j];
    const quoted =
      field.includes('"') ||
      field.includes(delimiter) ||
      field.includes('\n') ||
      field.includes('\r') ||
      (j === 0 && field.startsWith('#'));
    col += (quoted ? field.length + 2 + (field.match(/"/g)?.length ?? 0) : field.length) + 1;
  }
  return col;
}

// ── column names ─────────────────────────────────────────────────────────────────────────────────────────────

/** Names that mean the same column wherever a column is looked up (docs/allocate.md, input files). */
export const COLUMN_ALIASES: readonly (readonly string[])[] = [['code', 'cbs_code', 'gemeentecode']];

/**
 * The index of column `name` in `header`: the column of that exact name, else one of its aliases
 * ({@link COLUMN_ALIASES}), else the one column that matches the name or an alias ignoring case and surrounding
 * spaces; -1 when there is none (or more than one that differ only in case).
 */
export function findColumn(header: readonly string[], name: string): number {
  const exact = header.indexOf(name);
  if (exact >= 0) return exact;
  const names = COLUMN_ALIASES.find((group) => group.includes(name)) ?? [name];
  for (const alias of names) {
    const index = header.indexOf(alias);
    if (index >= 0) return index;
  }
  const lower = new Set(names.map((n) => n.toLowerCase()));
  let found = -1;
  for (let k = 0; k < header.length; k++) {
    if (!lower.has(header[k].trim().toLowerCase())) continue;
    if (found >= 0) return -1;
    found = k;
  }
  return found;
}

// ── numbers ──────────────────────────────────────────────────────────────────────────────────────────────────

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const NUMBER_DECIMAL_COMMA = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Whether a comma in a number is a decimal separator: only in files separated by `;` (as Dutch Excel saves
 * them). There `12,5` and `12.5` are both 12.5; in files separated by `,` or tabs only `12.5` is.
 */
export function hasDecimalComma(table: { delimiter: Delimiter }): boolean {
  return table.delimiter === ';';
}

/**
 * The number a field holds, spaces around it ignored: digits with at most one decimal separator (a point, or
 * in a `;` file a comma too) and an optional exponent. NaN for anything else — an empty field, thousands
 * separators (`1.234,5`), `0x10`, `Infinity` — and for numbers too large to be finite.
 */
export function readCsvNumber(text: string, table: { delimiter: Delimiter }): number {
  const t = text.trim();
  if (hasDecimalComma(table)) {
    if (!NUMBER_DECIMAL_COMMA.test(t)) return Number.NaN;
    const value = Number(t.replace(',', '.'));
    return Number.isFinite(value) ? value : Number.NaN;
  }
  if (!NUMBER.test(t)) return Number.NaN;
  const value = Number(t);
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * What to write instead of a field that is not a number, for the end of a message (`; write …`): names the
 * decimal separator of the file and, where the field has two separators, the thousands separator. Quotes
 * nothing of the field.
 */
export function numberAdvice(text: string, table: { delimiter: Delimiter }): string {
  const t = text.trim();
  const marks = (t.match(/[.,]/g) ?? []).length;
  if (/\d/.test(t) && marks > 1) return '; write numbers without thousands separators (1234,5 or 1234.5, not 1.234,5)';
  if (hasDecimalComma(table)) return '; write digits with a decimal comma or point, e.g. 12,5';
  if (/\d,\d/.test(t))
    return `; a decimal comma is read only in files separated by ";" (this one is ${readWithSeparator(table)}): write a decimal point, e.g. 12.5`;
  return '; write digits with a decimal point, e.g. 12.5';
}

/**
 * One CSV field as RFC 4180 writes it: quoted (with doubled quotes) when it holds a quote, comma or line break.
 * A value starting with `#` is quoted too, so doorstroom's readers do not take its line for a comment.
 */
export function csvField(value: string): string {
  return /[",\n\r]|^#/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
