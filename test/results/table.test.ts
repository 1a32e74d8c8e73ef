import { describe, expect, it } from 'vitest';
import {
  FORMAT,
  jsonText,
  output,
  type TableDecl,
  tableCsv,
  tableData,
  tableJson,
  terminalTable,
  textTable,
  UNIT,
  workbookSheets,
} from '../../src/results/table.ts';
import { columnLetters, xlsxWorkbook } from '../../src/results/xlsx.ts';
import { readZip } from './zip-reader.ts';

interface Row {
  name: string;
  persons: number;
  share: number;
  cost: number;
  range?: { mean: number; low: number; high: number };
}

const TABLE: TableDecl<Row> = {
  id: 'demo',
  file: 'demo.csv',
  title: { nl: 'Voorbeeld', en: 'Example' },
  columns: [
    { key: 'name', label: { nl: 'naam', en: 'name' }, format: FORMAT.text, value: (r) => r.name },
    {
      key: 'persons',
      label: { nl: 'personen', en: 'persons' },
      unit: UNIT.persons,
      format: FORMAT.count,
      value: (r) => r.persons,
    },
    { key: 'share', label: { nl: 'aandeel', en: 'share' }, format: FORMAT.percent(1), value: (r) => r.share },
    { key: 'cost', label: { nl: 'kosten', en: 'cost' }, unit: UNIT.eur, format: FORMAT.euro, value: (r) => r.cost },
    {
      key: 'range',
      label: { nl: 'bereik', en: 'range' },
      format: FORMAT.decimal(1),
      value: (r) => r.range,
      interval: true,
    },
  ],
};

const ROWS: Row[] = [
  {
    name: 'Groningen, "stad"',
    persons: 12500,
    share: 0.125,
    cost: 1_250_000,
    range: { mean: 2.5, low: 1.25, high: 3.75 },
  },
  { name: 'Ter Apel', persons: Number.NaN, share: Number.POSITIVE_INFINITY, cost: 0.1234567 },
];

describe('declared tables', () => {
  it('write CSV with one NaN policy: empty cells, intervals as three columns, text quoted', () => {
    expect(tableCsv(TABLE, ROWS)).toBe(
      'name,persons,share,cost,range,range_low,range_high\n' +
        '"Groningen, ""stad""",12500,0.125,1250000,2.5,1.25,3.75\n' +
        'Ter Apel,,,0.123457,,,\n',
    );
  });

  it('write JSON with NaN and missing values as null', () => {
    const rows = tableJson(TABLE, ROWS);
    expect(rows[1]).toEqual({
      name: 'Ter Apel',
      persons: null,
      share: 'Infinity',
      cost: 0.1234567,
      range: null,
      range_low: null,
      range_high: null,
    });
    expect(jsonText({ a: Number.NaN, b: Float64Array.from([1, Number.NaN]) })).toBe(
      '{\n  "a": null,\n  "b": [\n    1,\n    null\n  ]\n}\n',
    );
  });

  it('print a terminal table in Dutch by default and in English on request', () => {
    const nl = terminalTable(TABLE, ROWS, 'nl');
    expect(nl.split('\n')[0]).toMatch(/^naam\s+personen \(personen\)\s+aandeel\s+kosten \(EUR\)\s+bereik$/);
    expect(nl).toContain('12.500');
    expect(nl).toContain('12,5%');
    expect(nl).toContain('€ 1,3 mln');
    expect(nl).toContain('2,5 [1,3–3,8]');
    expect(nl.split('\n')[2]).toMatch(/^Ter Apel\s+–\s+–/);
    const en = terminalTable(TABLE, ROWS, 'en');
    expect(en).toContain('12,500');
    expect(en).toContain('persons (persons)');
  });

  it('print a view of a declared table: chosen columns in the given order, the top rows, cut and rounded cells', () => {
    expect(terminalTable(TABLE, ROWS, 'nl', { columns: ['share', 'name'], top: 1 })).toBe(
      `aandeel  ${' '.repeat(13)}naam\n12,5%    Groningen, "stad"`,
    );
    expect(() => terminalTable(TABLE, ROWS, 'nl', { columns: ['nope'] })).toThrow(/no column nope/);
    const cut: TableDecl<Row> = {
      id: 'cut',
      title: { nl: 'kort', en: 'short' },
      columns: [
        { key: 'name', label: { nl: 'naam', en: 'name' }, format: FORMAT.text, value: (r) => r.name, width: 8 },
        {
          key: 'gap',
          label: { nl: 'verschil', en: 'gap' },
          format: { ...FORMAT.decimal(1), rounded: true },
          value: (r) => r.share - 0.16,
        },
      ],
    };
    const rows = [
      { ...ROWS[0], share: 0.12 },
      { ...ROWS[0], name: 'Ter Apel', share: 0.2 },
    ];
    // The CSV keeps the whole name and the exact figure; the terminal cuts the name and reads ±0.04 as 0,0.
    expect(tableCsv(cut, rows)).toBe('name,gap\n"Groningen, ""stad""",-0.04\nTer Apel,0.04\n');
    expect(terminalTable(cut, rows, 'nl')).toBe('naam      verschil\nGroning…       0,0\nTer Apel       0,0');
  });

  it('align text tables: first column left, the others right', () => {
    expect(
      textTable([
        ['a', 'bb'],
        ['ccc', 'd'],
      ]),
    ).toBe('a    bb\nccc   d');
  });

  it('give the neutral table data a report renders', () => {
    const data = tableData(TABLE, ROWS, 'nl');
    expect(data.title).toBe('Voorbeeld');
    expect(data.columns.map((c) => [c.label, c.unit, c.numeric])).toEqual([
      ['naam', undefined, false],
      ['personen', 'personen', true],
      ['aandeel', undefined, true],
      ['kosten', 'EUR', true],
      ['bereik', undefined, true],
    ]);
    expect(data.rows[0][1]).toBe(12500);
    expect(data.rows[1][1]).toBeNull();
    expect(data.text[0][1]).toBe('12.500');
  });
});

describe('Excel workbook', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });

  it('opens as a valid zip with one sheet per table, numbers as numbers and units in the header', () => {
    const other: TableDecl<{ x: number }> = {
      id: 'other',
      title: { nl: 'Ander/blad [2]', en: 'Other' },
      columns: [{ key: 'x', label: { nl: 'x', en: 'x' }, unit: UNIT.days, format: FORMAT.days(1), value: (r) => r.x }],
    };
    const bytes = xlsxWorkbook(workbookSheets([output(TABLE, ROWS), output(other, [{ x: 3.5 }])], 'nl'));
    const files = readZip(bytes);
    expect([...files.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet2.xml',
    ]);
    const sheetNames = [...files.get('xl/workbook.xml')!.matchAll(/<sheet name="([^"]*)"/g)].map((m) => m[1]);
    expect(sheetNames).toEqual(['Voorbeeld', 'Ander blad  2']);
    const sheet1 = files.get('xl/worksheets/sheet1.xml')!;
    expect(sheet1).toContain(
      '<c r="B1" s="1" t="inlineStr"><is><t xml:space="preserve">personen (personen)</t></is></c>',
    );
    expect(sheet1).toContain('<c r="B2"><v>12500</v></c>');
    expect(sheet1).toContain('<c r="F2"><v>1.25</v></c>');
    expect(sheet1).toContain('Groningen, &quot;stad&quot;');
    // A missing figure is an empty cell.
    expect(sheet1).not.toContain('r="B3"');
    const sheet2 = files.get('xl/worksheets/sheet2.xml')!;
    expect(sheet2).toContain('x (dagen)');
    expect(sheet2).toContain('<c r="A2"><v>3.5</v></c>');
    expect(files.get('[Content_Types].xml')).toContain('/xl/worksheets/sheet2.xml');
  });
});
