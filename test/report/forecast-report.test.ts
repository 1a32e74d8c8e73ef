// The forecast report from a forecast of a synthetic monthly series: Dutch by default with the next period's
// forecast and its widest interval in the summary before any table, numbers in the table in the report's locale,
// English with { lang: 'en' }, series names escaped.
import { describe, expect, it } from 'vitest';
import { forecast } from '../../src/forecast/forecast.ts';
import { htmlReport } from '../../src/report/forecast-report.ts';
import { SCRIPTS_OR_FETCHES } from '../helpers.ts';

const history = Array.from({ length: 48 }, (_, i) => 1000 + 10 * i + 200 * Math.sin((2 * Math.PI * i) / 12));
const months = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => {
    const m = from + i;
    return `${2020 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
const fc = forecast(history, { horizon: 6, period: 12, method: 'ets' });
const item = {
  name: 'NL <asiel>',
  historyPeriods: months(0, 48),
  history,
  forecastPeriods: months(48, 6),
  forecast: fc,
};

describe('forecast htmlReport', () => {
  it("is Dutch by default and sums up the next period's forecast with its widest interval before the tables", () => {
    const html = htmlReport([item]);
    expect(html).toContain('<html lang="nl">');
    expect(html).toContain('<title>doorstroom prognose</title>');
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
    const summary = /<section class="summary"[^>]*>(.*?)<\/section>/s.exec(html)![1];
    expect(summary).toMatch(
      /<strong>NL &lt;asiel&gt;<\/strong>: verwacht voor 2024-01 [\d.]+ \[[\d.]+ … [\d.]+, 95%-interval\]; laatst waargenomen \(2023-12\) [\d.]+/,
    );
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('<table>'));
    // The table is forecast.csv's declaration: a row per forecast period, figures of a hundred and more whole
    // with Dutch thousands points (as on the terminal).
    const first = /<tr><th scope="row">2024-01<\/th>(.*?)<\/tr>/.exec(html)![1];
    expect(first).toMatch(/^(<td class="num">\d{1,3}(\.\d{3})*<\/td>){5}$/);
    expect(html).toContain('<h2>NL &lt;asiel&gt;</h2>');
  });

  it('is English with { lang: "en" } and keeps a title it is given', () => {
    const html = htmlReport([item], 'doorstroom forecast: x.csv', { lang: 'en' });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<title>doorstroom forecast: x.csv</title>');
    expect(html).toMatch(/forecast for 2024-01 [\d,]+ \[[\d,]+ … [\d,]+, 95% interval\]/);
    expect(html).toContain('<th scope="col" class="num">lo80</th>');
  });
});
