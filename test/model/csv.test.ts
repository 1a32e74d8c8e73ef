import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/model/csv.ts';
import { ModelError, formatDiagnostic } from '../../src/model/diagnostics.ts';

function thrownDiagnostics(text: string): string[] {
  try {
    parseCsv(text, 'inflow.csv');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelError);
    return (error as ModelError).diagnostics.map(formatDiagnostic);
  }
  throw new Error('expected a ModelError');
}

describe('parseCsv', () => {
  it('reads a header and rows with their line numbers, skipping comments and blank lines', () => {
    const table = parseCsv('# source: CBS StatLine 80059ned\nmonth,NL,DE\n2012-01,1330,5515\n\n# provisional:\n2012-02,1260,4700\n', 'inflow.csv');
    expect(table).toEqual({
      file: 'inflow.csv',
      header: ['month', 'NL', 'DE'],
      rows: [
        { line: 3, fields: ['2012-01', '1330', '5515'] },
        { line: 6, fields: ['2012-02', '1260', '4700'] },
      ],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, keeping later line numbers right', () => {
    const table = parseCsv('period,source\n2016-H2,"nieuweerven.nu: ""taakstelling 23.000, achterstand 5.283"""\n2017-H1,"two\nlines"\n2017-H2,x\n', 'f.csv');
    expect(table.rows).toEqual([
      { line: 2, fields: ['2016-H2', 'nieuweerven.nu: "taakstelling 23.000, achterstand 5.283"'] },
      { line: 3, fields: ['2017-H1', 'two\nlines'] },
      { line: 5, fields: ['2017-H2', 'x'] },
    ]);
  });

  it('accepts CRLF line ends, a byte-order mark and a missing final newline', () => {
    const table = parseCsv('\uFEFFyear,value\r\n2023,"a\r\nb"\r\n2024,\r\n2025,7', 'f.csv');
    expect(table.header).toEqual(['year', 'value']);
    expect(table.rows).toEqual([
      { line: 2, fields: ['2023', 'a\r\nb'] },
      { line: 4, fields: ['2024', ''] },
      { line: 5, fields: ['2025', '7'] },
    ]);
  });

  it('keeps a quoted value that starts with # and empty fields', () => {
    expect(parseCsv('a,b,c\n"#1",,\n', 'f.csv').rows).toEqual([{ line: 2, fields: ['#1', '', ''] }]);
  });

  it('trims spaces around column names but not around values', () => {
    const table = parseCsv('month, NL \n2012-01, 1330\n', 'f.csv');
    expect(table.header).toEqual(['month', 'NL']);
    expect(table.rows[0].fields).toEqual(['2012-01', ' 1330']);
  });

  it('reports every row with the wrong number of fields, saying how many were expected and found', () => {
    expect(thrownDiagnostics('# comment\nmonth,NL,DE\n2012-01,1330\n2012-02,1260,4700\n2012-03,1,2,3\n')).toEqual([
      'inflow.csv:3:1: expected 3 fields (month, NL, DE) as in the header on line 2, found 2',
      'inflow.csv:5:13: expected 3 fields (month, NL, DE) as in the header on line 2, found 4; a value that contains a comma must be in double quotes',
    ]);
  });

  it('locates an unterminated quote at its opening', () => {
    expect(thrownDiagnostics('year,source\n2023,ok\n2024,"CBS, 2024\n2025,x\n')).toEqual([
      'inflow.csv:3:6: unterminated quoted value: the quote opened here is never closed; add the closing " (a quote inside a quoted value is written "")',
    ]);
  });

  it('rejects stray quotes inside or after a value', () => {
    expect(thrownDiagnostics('a,b\nx"y,1\n"x"y,2\n')).toEqual([
      'inflow.csv:2:2: a quote inside an unquoted value; put the value in double quotes and write the quote as ""',
      'inflow.csv:3:4: unexpected text after a closing quote; put the whole value inside the quotes',
    ]);
  });

  it('requires a header row with distinct, non-empty names', () => {
    expect(thrownDiagnostics('# only a comment\n\n')).toEqual([
      'inflow.csv:1:1: no header row: the first line that is not a # comment must name the columns, separated by commas',
    ]);
    expect(thrownDiagnostics('month,NL,NL,\n')).toEqual([
      'inflow.csv:1:10: NL: column "NL" appears twice in the header (columns 2 and 3); rename one',
      'inflow.csv:1:13: column 4 of the header has no name; name it, or remove the extra comma',
    ]);
  });

  it('reads every CSV file shipped in data/', () => {
    const dir = fileURLToPath(new URL('../../data/', import.meta.url));
    const files = readdirSync(dir).filter((name) => name.endsWith('.csv'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) {
      const table = parseCsv(readFileSync(join(dir, name), 'utf8'), name);
      expect(table.header.length, name).toBeGreaterThan(0);
      expect(table.rows.length, name).toBeGreaterThan(0);
    }
  });
});
