// The comparison report from a real comparison of a one-stage queue (base: 1 server, scenario: 3): Dutch by
// default with a summary of what surely changed before any table, English with { lang: 'en' }, the model's stage
// label instead of its id, hostile labels escaped, and no script or fetch.
import { describe, expect, it } from 'vitest';
import { compareReportHtml } from '../../src/report/compare-report.ts';
import { type Mkba, mkba } from '../../src/plan/mkba.ts';
import { compareScenarios } from '../../src/sim/run/compare.ts';
import { modelFromYaml, SCRIPTS_OR_FETCHES } from '../helpers.ts';

const yaml = (servers: number) => `doorstroom: 1
name: wachtrij
seed: 7
time: { start: 2025-01-01, horizonDays: 400, warmupDays: 30 }
calendar: { workingWeekdays: [mon, tue, wed, thu, fri, sat, sun], holidays: none }
partners: [{ id: p, label: 'Partner <P>' }]
cohorts: [{ id: all }]
inflow: { entry: { first: service }, perDay: { first: 0.8 } }
stages:
  - id: service
    label: 'Behandeling <script>x</script> & co'
    partner: p
    capacity: { servers: ${servers} }
    serviceTime: { dist: exponential, meanDays: 1 }
    norm: { days: 3 }
    next: [{ exit: other }]
`;

describe('compareReportHtml', async () => {
  const base = modelFromYaml(yaml(1));
  const more = modelFromYaml(yaml(3));
  const result = await compareScenarios({ name: 'base', model: base }, [{ name: 'meer <servers>', model: more }], {
    replications: 8,
    workers: 1,
  });
  const analyses = [mkba(result, 0)];

  it('is Dutch by default, with a summary of the headline differences and their intervals before any table', () => {
    const html = compareReportHtml(result, analyses);
    expect(html).toContain('<html lang="nl">');
    expect(html).not.toMatch(SCRIPTS_OR_FETCHES);
    const summary = /<section class="summary"[^>]*>(.*?)<\/section>/s.exec(html)![1];
    expect(summary).toContain('<h2 id="summary">Samenvatting</h2>');
    // More servers: less waiting, so the mean lead time surely falls; the interval is in brackets.
    expect(summary).toMatch(
      /<strong>meer &lt;servers&gt;<\/strong> tegenover de basis: .*doorlooptijd instroom → uitstroom, gemiddeld −[\d,]+ \[−[\d,]+ … −[\d,]+\]/,
    );
    expect(html.indexOf('class="summary"')).toBeLessThan(html.indexOf('<table>'));
    expect(html).toContain('<h2>Verschillen met de basis</h2>');
  });

  it("names the MKBA's cost categories and assumptions in words, not ids", () => {
    const withCosts = [
      {
        ...analyses[0],
        categories: [{ category: 'receptionOccupied' as const, differenceByYear: [1000], presentValue: 1000 }],
        sensitivity: [
          {
            assumption: {
              kind: 'price' as const,
              category: 'receptionOccupied' as const,
              factorLow: 0.75,
              factorHigh: 1.25,
            },
            low: 750,
            high: 1250,
            swing: 500,
            lowInterval: { low: 700, high: 800 },
            highInterval: { low: 1200, high: 1300 },
          },
          {
            assumption: { kind: 'discountRate' as const, rateLow: 0, rateHigh: 0.04 },
            low: 990,
            high: 1010,
            swing: 20,
            lowInterval: { low: 990, high: 990 },
            highInterval: { low: 1010, high: 1010 },
          },
        ],
      },
    ];
    const nl = compareReportHtml(result, withCosts);
    // The MKBA's table is the terminal's (MKBA_SUMMARY): the category with cost or benefit, its present value in euros.
    expect(nl).toContain('<th scope="row">opvang, bezette bedden (kosten)</th><td class="num">€ 1.000</td>');
    expect(nl).toContain('<th scope="row">prijs van opvang, bezette bedden ±25%</th>');
    expect(nl).toContain('<th scope="row">discontovoet 0% … 4%</th>');
    expect(nl).not.toContain('receptionOccupied');
    const en = compareReportHtml(result, withCosts, { lang: 'en' });
    expect(en).toContain('<th scope="row">price of reception, occupied beds ±25%</th>');
  });

  it("shows the MKBA in the guideline's layout: words against the reference policy, per actor, a tornado", () => {
    const m: Mkba = {
      ...analyses[0],
      categories: [{ category: 'receptionOccupied', differenceByYear: [-2000], presentValue: -2000 }],
      measureCosts: [
        {
          id: 'training',
          label: 'Opleiding',
          measure: 'm',
          actor: 'ind',
          assumption: 'a',
          costByYear: [1000],
          presentValue: 1000,
        },
      ],
      presentValueCosts: 1000,
      presentValueBenefits: 2000,
      netPresentValue: { mean: 1000, low: 900, high: 1100, n: 8 },
      benefitCostRatio: 2,
      actors: [
        {
          actor: 'coa',
          item: { kind: 'category', category: 'receptionOccupied' },
          presentValueCosts: 0,
          presentValueBenefits: 2000,
          net: 2000,
        },
        {
          actor: 'ind',
          item: { kind: 'measureCost', id: 'training', label: 'Opleiding' },
          presentValueCosts: 1000,
          presentValueBenefits: 0,
          net: -1000,
        },
      ],
      sensitivity: [
        {
          assumption: { kind: 'measureCost', id: 'training', label: 'Opleiding', factorLow: 0.75, factorHigh: 1.25 },
          low: 1250,
          high: 750,
          swing: 500,
          lowInterval: { low: 1200, high: 1300 },
          highInterval: { low: 700, high: 800 },
        },
      ],
    };
    const nl = compareReportHtml(result, [m]);
    const section = nl.slice(nl.indexOf('<h2>MKBA: meer &lt;servers&gt;</h2>'));
    // The summary in words, then the reference policy, then the table per actor, before the present values.
    expect(section).toMatch(
      /Tegenover het nulalternatief kost meer &lt;servers&gt; € 1\.000 en levert het € 2\.000 op .* De netto contante waarde is € 1\.000 \[€ 900 … € 1\.100\]; de baten\/kosten-verhouding is 2,00\. De grootste kostenpost is Opleiding \(maatregel\) \(IND, € 1\.000\)\. De grootste baat is opvang, bezette bedden \(COA, € 2\.000\)\./,
    );
    expect(section).toContain('Vaste capaciteit in de basis is een keuze van dat model, geen gegeven');
    const order = [
      'Nulalternatief',
      'Kosten en baten per actor',
      'Contante waarde van kostenverschillen',
      'Gevoeligheid',
    ];
    const at = order.map((w) => section.indexOf(w));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(section).toContain('<th scope="row">totaal (samenleving)</th>');
    // The tornado: one bar per assumption, with Dutch words.
    expect(section.match(/class="tornado-bar"/g)).toHaveLength(1);
    expect(section).toContain('bedrag van Opleiding ±25%');
    expect(section).toContain('lage waarde');
    const en = compareReportHtml(result, [m], { lang: 'en' });
    expect(en).toContain('Against the reference alternative, meer &lt;servers&gt; costs €1,000');
    expect(en).toContain('Costs and benefits per actor');
    expect(en).toContain('amount of Opleiding ±25%');
  });

  it("names the stage by the model's label (escaped) when the model is given, by its id without", () => {
    const withLabels = compareReportHtml(result, analyses, { model: base.model });
    expect(withLabels).toContain('fase Behandeling &lt;script&gt;x&lt;/script&gt; &amp; co · basis');
    expect(withLabels).not.toContain('<script>');
    expect(compareReportHtml(result, analyses)).toContain('fase service · basis');
  });

  it('is English with { lang: "en" }: words and numbers', () => {
    const html = compareReportHtml(result, analyses, { lang: 'en', model: base.model });
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h2 id="summary">Summary</h2>');
    expect(html).toContain('<h2>Differences from the base</h2>');
    expect(html).toContain('stage Behandeling &lt;script&gt;x&lt;/script&gt; &amp; co · base');
    expect(html).toMatch(/lead time arrival → exit, mean −\d+\.\d \[/);
    expect(html).not.toContain('Samenvatting');
  });
});
