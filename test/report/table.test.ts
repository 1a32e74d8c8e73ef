// Tables from the neutral shape: numbers in the report's locale (in full), units in the headers, the first text
// column as row header, empty cells for null, and text escaped.
import { describe, expect, it } from 'vitest';
import { formatFull, tableHtml } from '../../src/report/table.ts';

describe('tableHtml', () => {
  const table = {
    title: 'Wachtenden <per> fase',
    columns: [
      { label: 'fase', numeric: false },
      { label: 'personen', numeric: true },
      { label: 'P90', unit: 'dagen', numeric: true, digits: 1 },
    ],
    rows: [
      ['Aanmelding & registratie', 12_500, 3.25],
      ['AA', 1_234_567, null],
    ],
  };

  it('formats numbers in Dutch by default style and English on request, units in the header', () => {
    const nl = tableHtml(table, 'nl').html;
    expect(nl).toContain('<caption>Wachtenden &lt;per&gt; fase</caption>');
    expect(nl).toContain('<th scope="col" class="num">P90 (dagen)</th>');
    expect(nl).toContain(
      '<tr><th scope="row">Aanmelding &amp; registratie</th><td class="num">12.500</td><td class="num">3,3</td></tr>',
    );
    expect(nl).toContain('<td class="num">1.234.567</td><td class="num"></td>');
    const en = tableHtml(table, 'en').html;
    expect(en).toContain('<td class="num">12,500</td><td class="num">3.3</td>');
  });

  it('formats in full, never −0, and NaN as a dash', () => {
    expect(formatFull(17_942_942, 'nl')).toBe('17.942.942');
    expect(formatFull(-0.01, 'nl', 1)).toBe('0,0');
    expect(formatFull(NaN, 'en')).toBe('–');
  });
});
