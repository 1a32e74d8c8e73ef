// A strict CSV reader for model input files (inflow series, staffing plans): RFC 4180 quoting, CRLF or LF,
// an optional byte-order mark, `#` comment lines and a required header row. Invariant: every row returned
// has exactly as many fields as the header; anything else is reported, with its line, as a ModelError.

import { ModelError, type Diagnostic } from './diagnostics.ts';

export interface CsvTable {
  file: string;
  /** Column names, trimmed of surrounding spaces. */
  header: string[];
  /** Data rows; `line` is the 1-based line the row starts on, `fields` are the raw (untrimmed) values. */
  rows: { line: number; fields: string[] }[];
}

/**
 * Parses CSV text. Lines whose first character is `#` are comments and blank lines are skipped (quote a
 * value that starts with `#`). Every problem in the file is reported at once.
 */
export function parseCsv(text: string, file: string): CsvTable {
  const problems: Diagnostic[] = [];
  const report = (line: number, col: number, message: string, path = ''): void => {
    problems.push({ file, line, col, path, message });
  };

  let header: string[] | undefined;
  let headerLine = 0;
  const rows: { line: number; fields: string[] }[] = [];

  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
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

  parsing: while (i < length) {
    // Comment lines and blank (or all-space) lines are not records.
    if (text.charCodeAt(i) === 35 /* # */ || isBlankLine(text, i)) {
      while (!atLineEnd()) i++;
      skipLineBreak();
      continue;
    }

    const recordLine = line;
    const fields: string[] = [];
    const fieldCols: number[] = [];
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
        if (!atLineEnd() && text.charCodeAt(i) !== 44 /* , */) {
          report(line, i - lineStart + 1, 'unexpected text after a closing quote; put the whole value inside the quotes');
          while (!atLineEnd() && text.charCodeAt(i) !== 44) i++;
        }
        fields.push(value);
      } else {
        const start = i;
        while (!atLineEnd() && text.charCodeAt(i) !== 44) i++;
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
      if (text.charCodeAt(i) === 44) {
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
          report(recordLine, fieldCols[column], `column ${column + 1} of the header has no name; name it, or remove the extra comma`);
        } else if (seen.has(name)) {
          report(recordLine, fieldCols[column], `column "${name}" appears twice in the header (columns ${(seen.get(name) ?? 0) + 1} and ${column + 1}); rename one`, name);
        } else {
          seen.set(name, column);
        }
      });
    } else if (fields.length !== header.length) {
      const expected = `expected ${header.length} field${header.length === 1 ? '' : 's'} (${header.join(', ')}) as in the header on line ${headerLine}, found ${fields.length}`;
      const hint = fields.length > header.length ? '; a value that contains a comma must be in double quotes' : '';
      const col = fields.length > header.length ? fieldCols[header.length] : 1;
      report(recordLine, col, expected + hint);
    } else {
      rows.push({ line: recordLine, fields });
    }
  }

  if (header === undefined && problems.length === 0) {
    report(1, 1, 'no header row: the first line that is not a # comment must name the columns, separated by commas');
  }
  if (problems.length > 0) throw new ModelError(problems);
  return { file, header: header ?? [], rows };

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

/** Whether the line starting at `offset` holds nothing but spaces and tabs. */
function isBlankLine(text: string, offset: number): boolean {
  let i = offset;
  while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
  return i >= text.length || text.charCodeAt(i) === 10 || text.charCodeAt(i) === 13;
}

/**
 * One CSV field as RFC 4180 writes it: quoted (with doubled quotes) when it holds a quote, comma or line break.
 * A value starting with `#` is quoted too, so doorstroom's readers do not take its line for a comment.
 */
export function csvField(value: string): string {
  return /[",\n\r]|^#/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
