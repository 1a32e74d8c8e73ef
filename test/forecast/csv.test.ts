import { describe, expect, it } from 'vitest';
import { CsvInputError, parseCountCsv, parsePeriod, shiftPeriod } from '../../src/forecast/csv.ts';
import { forecast, ForecastInputError } from '../../src/forecast/forecast.ts';

describe('reading count series from CSV', () => {
  it('reads a wide monthly file with a source comment: one series per numeric column', () => {
    const text = '# source: test\nmonth,NL,DE\n2012-01,1330,5515\n2012-02,1260,4700\n';
    const series = parseCountCsv(text, 'a.csv');
    expect(series.map((s) => s.name)).toEqual(['NL', 'DE']);
    expect(series[0]).toMatchObject({
      frequency: 'month',
      period: 12,
      periods: ['2012-01', '2012-02'],
      values: [1330, 1260],
      lines: [3, 4],
    });
  });

  it('reads a long file by cohort', () => {
    const text = 'quarter,cohort,count\n2020-Q1,a,1\n2020-Q1,b,2\n2020-Q2,a,3\n2020-Q2,b,4\n';
    const series = parseCountCsv(text, 'long.csv', { by: 'cohort', columns: ['count'] });
    expect(series.map((s) => [s.name, s.values])).toEqual([
      ['a', [1, 3]],
      ['b', [2, 4]],
    ]);
    expect(series[0].period).toBe(4);
  });

  it('reads quoted fields with commas and doubled quotes', () => {
    const text = 'month,x,note\n2020-01,1,"a, b"\n2020-02,2,"say ""hi"", then"\n';
    const [series] = parseCountCsv(text, 'q.csv');
    expect(series.name).toBe('x');
    expect(series.values).toEqual([1, 2]);
  });

  it('lets a series start later (leading empty cells) and skips text columns', () => {
    const text = 'quarter,first,family,note\n2013-Q1,10,,\n2013-Q2,11,5,derived\n2013-Q3,12,6,\n';
    const series = parseCountCsv(text, 'q.csv');
    expect(series.map((s) => s.name)).toEqual(['first', 'family']);
    expect(series[1].periods).toEqual(['2013-Q2', '2013-Q3']);
  });

  it('names file, line, column and field for a gap, a bad number, a negative count and a missing period', () => {
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-03,2\n', 'f.csv')).toThrow(
      /^f\.csv:3:1: month: periods between 2020-01 and 2020-03 are missing/,
    );
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,\n2020-03,4\n', 'f.csv')).toThrow(
      /^f\.csv:3:9: x: the value is missing; fill in the count/,
    );
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,,\n', 'f.csv')).toThrow(
      /f\.csv:3:\d+: expected 2 fields \(month, x\) as in the header on line 1, found 3/,
    );
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,-4\n', 'f.csv')).toThrow(/^f\.csv:3:9: x: -4 is negative/);
    expect(() => parseCountCsv('month,x\nJan,1\n', 'f.csv')).toThrow(CsvInputError);
    expect(() => parseCountCsv('month,x\n2020-01,1\n', 'f.csv', { by: 'cohort' })).toThrow(
      /^f\.csv:1:1: cohort: no column named 'cohort' \(read with separator ","\)/,
    );
    // A header line after comments: the error names the header's own line.
    expect(() => parseCountCsv('# a\n# b\nmonth,x\n2020-01,1\n', 'f.csv', { columns: ['y'] })).toThrow(
      /^f\.csv:3:1: y: no column named 'y'/,
    );
  });

  it('reads a file as Dutch Excel saves it: separator ";", decimal commas, CRLF, a byte-order mark', () => {
    const text = '\uFEFFmaand;instroom;nareizigers\r\n2024-01;1.234;12,5\r\n2024-02;1500;13\r\n';
    const series = parseCountCsv(text, 'nl.csv');
    expect(series.map((s) => [s.name, s.values])).toEqual([
      ['instroom', [1.234, 1500]],
      ['nareizigers', [12.5, 13]],
    ]);
    expect(parseCountCsv('maand\tinstroom\n2024-01\t7\n', 't.csv')[0].values).toEqual([7]);
    // A thousands separator is refused rather than guessed; in a comma file a decimal comma is named.
    expect(() => parseCountCsv('maand;instroom\n2024-01;1234\n2024-02;1.234,5\n', 'nl.csv')).toThrow(
      /^nl\.csv:3:9: instroom: "1\.234,5" is not a number; fill in the count \(0 if there were none\); write numbers without thousands separators/,
    );
    expect(() => parseCountCsv('month,x\n2024-01,"12,5"\n', 'f.csv', { columns: ['x'] })).toThrow(
      /a decimal comma is read only in files separated by ";"/,
    );
    // --delimiter overrides what the header suggests.
    expect(parseCountCsv('month;x\n2024-01;3\n', 'f.csv', { delimiter: ';', columns: ['x'] })[0].values).toEqual([3]);
    expect(() => parseCountCsv('month;x\n2024-01;3\n', 'f.csv', { delimiter: ',' })).toThrow(
      /^f\.csv:1:1: the header has one column \(read with separator ","\)/,
    );
  });

  it('refuses a count beyond 10^12, which would overflow the models, at its line and column', () => {
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,1e300\n', 'f.csv')).toThrow(
      /^f\.csv:3:9: x: "1e300" is more than 1e\+12; check the column/,
    );
    expect(() => forecast([1, 2, 1e13], { horizon: 1, period: 1 })).toThrow(ForecastInputError);
  });

  it('refuses more series than it forecasts at once, at the line that adds one too many', () => {
    const lines = ['month,cohort,n', ...Array.from({ length: 1001 }, (_, i) => `2024-01,c${i},1`)];
    expect(() => parseCountCsv(lines.join('\n'), 'long.csv', { by: 'cohort', columns: ['n'] })).toThrow(
      /^long\.csv:1002:9: cohort: more than 1000 series/,
    );
  });

  it('recognises months, quarters, weeks and years and steps through them', () => {
    expect(parsePeriod('2024-Q2')).toMatchObject({ frequency: 'quarter', period: 4 });
    expect(parsePeriod('2024-W05')).toMatchObject({ frequency: 'week', period: 52 });
    expect(parsePeriod('2024')).toMatchObject({ frequency: 'year', period: 1 });
    expect(parsePeriod('2024-13')).toBeNull();
    expect(shiftPeriod('2024-11', 3)).toBe('2025-02');
    expect(shiftPeriod('2024-Q4', 1)).toBe('2025-Q1');
    expect(shiftPeriod('2024-W52', 1)).toBe('2025-W01');
  });
});

describe('ISO weeks', () => {
  it('counts week 53 in years that have one, so weekly series run on across such years', () => {
    expect(parsePeriod('2021-W53')).toBeNull(); // 2021 has 52 ISO weeks
    expect(shiftPeriod('2020-W52', 1)).toBe('2020-W53');
    expect(shiftPeriod('2020-W53', 1)).toBe('2021-W01');
    expect(shiftPeriod('2019-W52', 1)).toBe('2020-W01');
    expect(shiftPeriod('2026-W01', -1)).toBe('2025-W52');
    const series = parseCountCsv('week,inflow\n2020-W52,10\n2020-W53,12\n2021-W01,9\n', 'weeks.csv');
    expect(series[0].values).toEqual([10, 12, 9]);
  });

  it('places the ISO weeks of the years 1 to 99 in those years, not in 1901 to 1999', () => {
    // In the proleptic Gregorian calendar 0049 starts on a Friday (52 ISO weeks); 1949 starts on a Saturday.
    expect(shiftPeriod('0050-W01', 1)).toBe('0050-W02');
    expect(shiftPeriod('0050-W01', -1)).toBe('0049-W52');
    expect(parsePeriod('0049-W53')).toBeNull();
    expect(parsePeriod('0050-W01')!.index).toBe(parsePeriod('0049-W52')!.index + 1);
  });
});
