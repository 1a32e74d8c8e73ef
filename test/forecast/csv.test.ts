import { describe, expect, it } from 'vitest';
import { CsvInputError, parseCountCsv, parsePeriod, shiftPeriod } from '../../src/forecast/csv.ts';

describe('reading count series from CSV', () => {
  it('reads a wide monthly file with a source comment: one series per numeric column', () => {
    const text = '# source: test\nmonth,NL,DE\n2012-01,1330,5515\n2012-02,1260,4700\n';
    const series = parseCountCsv(text, 'a.csv');
    expect(series.map((s) => s.name)).toEqual(['NL', 'DE']);
    expect(series[0]).toMatchObject({ frequency: 'month', period: 12, periods: ['2012-01', '2012-02'], values: [1330, 1260], lines: [3, 4] });
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

  it('names file, line and field for a gap, a bad number, a negative count and a missing period', () => {
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-03,2\n', 'f.csv')).toThrow(/f\.csv:3 \(month\): periods between 2020-01 and 2020-03 are missing/);
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,\n2020-03,4\n', 'f.csv')).toThrow(/f\.csv:3 \(x\): the value is missing; fill in the count/);
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,,\n', 'f.csv')).toThrow(/f\.csv:3:\d+: expected 2 fields \(month, x\) as in the header on line 1, found 3/);
    expect(() => parseCountCsv('month,x\n2020-01,1\n2020-02,-4\n', 'f.csv')).toThrow(/f\.csv:3 \(x\): -4 is negative/);
    expect(() => parseCountCsv('month,x\nJan,1\n', 'f.csv')).toThrow(CsvInputError);
    expect(() => parseCountCsv('month,x\n2020-01,1\n', 'f.csv', { by: 'cohort' })).toThrow(/no column named 'cohort'/);
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
});
