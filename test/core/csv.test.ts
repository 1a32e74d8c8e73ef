import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fieldColumn, findColumn, MAX_CSV_ROWS, numberAdvice, parseCsv, readCsvNumber } from '../../src/core/csv.ts';
import { InputError, formatDiagnostic } from '../../src/core/diagnostics.ts';

function thrownDiagnostics(text: string): string[] {
  try {
    parseCsv(text, 'inflow.csv');
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as InputError).diagnostics.map(formatDiagnostic);
  }
  throw new Error('expected an InputError');
}

describe('parseCsv', () => {
  it('reads a header and rows with their line numbers, skipping comments and blank lines', () => {
    const table = parseCsv(
      '# source: CBS StatLine 80059ned\nmonth,NL,DE\n2012-01,1330,5515\n\n# provisional:\n2012-02,1260,4700\n',
      'inflow.csv',
    );
    expect(table).toEqual({
      file: 'inflow.csv',
      header: ['month', 'NL', 'DE'],
      headerLine: 2,
      delimiter: ',',
      sensitive: false,
      rows: [
        { line: 3, fields: ['2012-01', '1330', '5515'] },
        { line: 6, fields: ['2012-02', '1260', '4700'] },
      ],
    });
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, keeping later line numbers right', () => {
    const table = parseCsv(
      'period,source\n2016-H2,"nieuweerven.nu: ""taakstelling 23.000, achterstand 5.283"""\n2017-H1,"two\nlines"\n2017-H2,x\n',
      'f.csv',
    );
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
      'inflow.csv:3:1: expected 3 fields (month, NL, DE) as in the header on line 2, found 2 (read with separator ",", as found in the header)',
      'inflow.csv:5:13: expected 3 fields (month, NL, DE) as in the header on line 2, found 4; a value that contains "," must be in double quotes (read with separator ",", as found in the header)',
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
      'inflow.csv:1:1: no header row: the first line that is not a # comment must name the columns, separated by commas, semicolons or tabs',
    ]);
    expect(thrownDiagnostics('month,NL,NL,\n')).toEqual([
      'inflow.csv:1:10: NL: column "NL" appears twice in the header (columns 2 and 3); rename one',
      'inflow.csv:1:13: column 4 of the header has no name; name it, or remove the extra separator (read with separator ",")',
    ]);
  });

  it('takes the separator from the header line: ";" and tab as well as ",", quoted separators not counted', () => {
    expect(parseCsv('code;naam;arrears\nGM0363;Amsterdam;12,5\n', 'f.csv')).toMatchObject({
      delimiter: ';',
      header: ['code', 'naam', 'arrears'],
      rows: [{ line: 2, fields: ['GM0363', 'Amsterdam', '12,5'] }],
    });
    expect(parseCsv('code\tnaam\nGM0363\t"A\tB"\n', 'f.csv')).toMatchObject({
      delimiter: '\t',
      rows: [{ fields: ['GM0363', 'A\tB'] }],
    });
    // "a;b" is one quoted name: the header has two commas and no separator ";".
    expect(parseCsv('"a;b",c,d\n1,2,3\n', 'f.csv')).toMatchObject({ delimiter: ',', header: ['a;b', 'c', 'd'] });
    // One column, no separator at all: a comma.
    expect(parseCsv('month\n2024-01\n', 'f.csv').delimiter).toBe(',');
    // The caller's separator wins, and messages name it.
    expect(parseCsv('a;b\n1;2\n', 'f.csv', { delimiter: ',' }).header).toEqual(['a;b']);
    expect(thrownDiagnostics('a;b;c\n1;2\n')).toEqual([
      'inflow.csv:2:1: expected 3 fields (a, b, c) as in the header on line 1, found 2 (read with separator ";", as found in the header)',
    ]);
  });

  it('reads a file as Dutch Excel writes it: byte-order mark, ";", decimal commas, CRLF, a mark read as Windows-1252', () => {
    const text = '\uFEFFcode;naam;score\r\nGM1900;Súdwest-Fryslân;0,25\r\n';
    const table = parseCsv(text, 'f.csv');
    expect(table).toMatchObject({
      delimiter: ';',
      headerLine: 1,
      header: ['code', 'naam', 'score'],
      rows: [{ line: 2, fields: ['GM1900', 'Súdwest-Fryslân', '0,25'] }],
    });
    expect(readCsvNumber(table.rows[0].fields[2], table)).toBe(0.25);
    // The UTF-8 byte-order mark as Windows-1252 characters, as readTextFile gives a marked file that is not UTF-8.
    expect(parseCsv('\u00ef\u00bb\u00bfcode;naam\r\nGM1900;x\r\n', 'f.csv').header).toEqual(['code', 'naam']);
  });

  it('says nothing of the header or the values of a sensitive file (one without a header has data there)', () => {
    const fail = (text: string) => {
      try {
        parseCsv(text, 'h.csv', { sensitive: true });
      } catch (error) {
        return (error as InputError).diagnostics.map(formatDiagnostic);
      }
      throw new Error('expected an InputError');
    };
    expect(fail('HH-RAW-0001,3,1,GM0001\nHH-RAW-0002,1,0\n')).toEqual([
      'h.csv:2:1: expected 4 fields as in the header on line 1, found 3 (read with separator ",", as found in the header)',
    ]);
    expect(fail('HH-RAW-0001,3,3,GM0001\n')).toEqual([
      'h.csv:1:15: columns 2 and 3 of the header have the same name; rename one (or add the header line if the file has none)',
    ]);
  });

  it('reads numbers with a decimal point, and with a decimal comma only in files separated by ";"', () => {
    const comma = { delimiter: ',' as const };
    const semicolon = { delimiter: ';' as const };
    expect(['12', '12.5', ' -0.5 ', '+3', '1e3', '.5'].map((t) => readCsvNumber(t, comma))).toEqual([
      12, 12.5, -0.5, 3, 1000, 0.5,
    ]);
    expect(
      ['12,5', '', 'x', '0x10', 'Infinity', '1e400', '1.234,5', '1,234.5'].map((t) => readCsvNumber(t, comma)),
    ).toEqual(Array(8).fill(Number.NaN));
    expect(['12,5', '12.5', '-0,25', ',5'].map((t) => readCsvNumber(t, semicolon))).toEqual([12.5, 12.5, -0.25, 0.5]);
    expect(['1.234,5', '1,234.5', '1.234.567', '12,5,0'].map((t) => readCsvNumber(t, semicolon))).toEqual(
      Array(4).fill(Number.NaN),
    );
    expect(numberAdvice('1.234,5', semicolon)).toMatch(/without thousands separators/);
    expect(numberAdvice('12,5', comma)).toMatch(
      /a decimal comma is read only in files separated by ";" \(this one is read with separator ","\)/,
    );
    expect(numberAdvice('many', semicolon)).toMatch(/decimal comma or point/);
  });

  it('finds a column by its name, an alias (code, cbs_code, gemeentecode) or the name in other case', () => {
    expect(findColumn(['cbs_code', 'code'], 'code')).toBe(1);
    expect(findColumn(['naam', 'cbs_code'], 'code')).toBe(1);
    expect(findColumn(['code', 'naam'], 'cbs_code')).toBe(0);
    expect(findColumn(['Gemeentecode', 'naam'], 'code')).toBe(0);
    expect(findColumn(['Arrears'], 'arrears')).toBe(0);
    expect(findColumn(['Arrears', 'ARREARS'], 'arrears')).toBe(-1);
    expect(findColumn(['naam'], 'code')).toBe(-1);
  });

  it('gives the column a field starts at, counting the quotes a field needed', () => {
    expect(fieldColumn(['GM0001', '"x"', 'a;b', '3'], 3, ';')).toBe(1 + 7 + 8 + 6);
    expect(fieldColumn(['12,5', 'x'], 1, ';')).toBe(6);
    expect(fieldColumn(['12,5', 'x'], 1, ',')).toBe(8);
  });

  it('reports the first 100 problems of a file that is wrong throughout, and stops there', () => {
    const lines = ['a,b', ...Array.from({ length: 500 }, () => '1,2,3')];
    const problems = thrownDiagnostics(lines.join('\n'));
    expect(problems).toHaveLength(101);
    expect(problems[99]).toMatch(/^inflow\.csv:101:5: expected 2 fields/);
    expect(problems[100]).toBe(
      'inflow.csv:102:1: more than 100 problems in this file: stopped reading here; fix these first (is it the right file, read with the right separator?)',
    );
  });

  it('stops at the most rows a CSV input may have, with a located error', () => {
    expect(MAX_CSV_ROWS).toBe(2_000_000);
    expect(() => parseCsv('n\n1\n2\n3\n', 'f.csv', { maxRows: 2 })).toThrow(
      new InputError([
        {
          file: 'f.csv',
          line: 4,
          col: 1,
          path: '',
          message: 'more than 2 rows, the most a CSV input may have; check that this is the right file, or split it',
        },
      ]),
    );
    expect(parseCsv('n\n1\n2\n', 'f.csv', { maxRows: 2 }).rows).toHaveLength(2);
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
