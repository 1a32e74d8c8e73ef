// The monitor report: one self-contained HTML file in the style of the simulation reports — a summary of the
// worst norm breach and the biggest bottleneck, lead times per stage, stock per stage over the weeks, norms with
// the breach outlook, the bottleneck ranking, open cases, moves and permit holders waiting — every chart with a
// table of the same numbers beside it, stages by the model's labels. Dutch by default, English with `{ lang }`.
import { DEFAULT_LANG, type Lang, formatCount, formatNumber, formatPercent } from '../core/locale.ts';
import type { MonitorResult } from '../monitor/metrics.ts';
import { BREACH_HORIZONS_DAYS } from '../monitor/metrics.ts';
import { barChart, lineChart, SERIES_COLORS } from './chart.ts';
import { type Html, html } from './html.ts';
import { type LabelledModel, modelLabels } from './labels.ts';
import { chartWithTable, reportPage, section } from './page.ts';
import { type ReportCell, tableHtml } from './table.ts';
import { inLang, normTerm } from './words.ts';

export interface MonitorReportOptions {
  /** The language of the report (default Dutch). */
  lang?: Lang;
  /** The chain model, for the labels of stages and norms the result does not carry. */
  model?: LabelledModel;
}

/** How many stages the stock chart shows (those with the largest mean stock). */
const STOCK_SERIES = SERIES_COLORS.length;

/** What every section of the monitor report reads: the result, the language and the formatters and labels. */
interface MonitorContext {
  result: MonitorResult;
  lang: Lang;
  T: (nl: string, en: string) => string;
  num: (v: number, digits?: number) => string;
  pct: (v: number) => string;
  /** A stage's label: the result's, else the model's, else its id. */
  stage: (id: string) => string;
  /** A norm's label: a stage norm by its stage, a chain norm by the result's, the model's or its id. */
  norm: (id: string, scope: 'stage' | 'chain') => string;
  /** A name with its group, when it has one. */
  grouped: (name: string, group: string) => string;
  /** A numeric table column in days with one decimal. */
  d1: (label: string) => { label: string; unit: string; numeric: true; digits: number };
}

function monitorContext(result: MonitorResult, options: MonitorReportOptions): MonitorContext {
  const lang = options.lang ?? DEFAULT_LANG;
  const T = inLang(lang);
  const fromModel = modelLabels(options.model);
  const days = T('dagen', 'days');
  // Stage and norm labels: the result's, else the model's, else the id.
  const stageLabel = new Map<string, string>();
  for (const s of [...result.stages, ...result.open, ...result.bottlenecks])
    if (s.label && s.label !== s.stage) stageLabel.set(s.stage, s.label);
  const stage = (id: string) => stageLabel.get(id) ?? fromModel('stage', id);
  const normLabel = new Map(result.norms.filter((n) => n.label).map((n) => [n.id, n.label]));
  return {
    result,
    lang,
    T,
    num: (v: number, digits = 0) => formatNumber(v, lang, digits),
    pct: (v: number) => formatPercent(v, lang, 1),
    stage,
    norm: (id: string, scope: 'stage' | 'chain') =>
      scope === 'stage' ? stage(id) : (normLabel.get(id) ?? fromModel('norm', id)),
    grouped: (name: string, group: string) => (group === '' ? name : `${name} · ${group}`),
    d1: (label: string) => ({ label, unit: days, numeric: true, digits: 1 }),
  };
}

export function monitorReportHtml(
  result: MonitorResult,
  source: { log: string; model?: string },
  options: MonitorReportOptions = {},
): string {
  const ctx = monitorContext(result, options);
  const sections: Html[] = [leadTimeSection(ctx), endToEndSection(ctx)];
  const stock = stockSection(ctx);
  if (stock) sections.push(stock);
  if (result.norms.length > 0) sections.push(normsSection(ctx));
  sections.push(bottleneckSection(ctx), openSection(ctx), movesSection(ctx));
  return reportPage({
    lang: ctx.lang,
    title: `doorstroom monitor: ${source.log}`,
    summary: summaryOf(ctx),
    about: aboutOf(ctx, source),
    sections,
  });
}

/** The summary: the worst norm breach, the biggest bottleneck, and what is about to breach. */
function summaryOf(ctx: MonitorContext): Html[] {
  const { result, lang, T, num, pct, stage, norm } = ctx;
  const summary: Html[] = [];
  const measured = result.norms.filter((n) => n.group === '' && n.measured > 0 && Number.isFinite(n.withinShare));
  const worst = [...measured].sort((a, b) => a.withinShare - b.withinShare)[0];
  if (worst)
    summary.push(
      html`${T('Slechtst gehaalde norm', 'Worst-kept norm')}: <strong>${norm(worst.id, worst.scope)}</strong> — ${T(
        `${pct(worst.withinShare)} van ${formatCount(worst.measured, lang)} gemeten zaken binnen de termijn; ${formatCount(worst.openPastDeadline, lang)} lopende zaken al over de termijn.`,
        `${pct(worst.withinShare)} of ${formatCount(worst.measured, lang)} measured cases within the term; ${formatCount(worst.openPastDeadline, lang)} open cases already past the deadline.`,
      )}`,
    );
  else summary.push(html`${T('Geen norm gemeten in het venster.', 'No norm measured in the window.')}`);
  const top = result.bottlenecks[0];
  if (top)
    summary.push(
      html`${T('Grootste knelpunt', 'Biggest bottleneck')}: <strong>${stage(top.stage)}</strong> — ${T(
        `${pct(top.waitingShare)} van alle wachtdagen (${num(top.waitingPersonDays)} persoonsdagen), voorraad van ${num(top.stockStart)} naar ${num(top.stockEnd)}${top.growing ? ', groeiend' : ''}.`,
        `${pct(top.waitingShare)} of all waiting (${num(top.waitingPersonDays)} person-days), stock from ${num(top.stockStart)} to ${num(top.stockEnd)}${top.growing ? ', growing' : ''}.`,
      )}`,
    );
  const overdue = result.breaches.reduce((a, b) => a + b.overdue, 0);
  const soon = result.breaches.reduce((a, b) => a + (b.within[1] ?? 0), 0);
  if (result.breaches.length > 0)
    summary.push(
      html`${T(
        `Aan het eind van het venster: ${formatCount(overdue, lang)} lopende normklokken over de termijn, ${formatCount(soon, lang)} die binnen vier weken verlopen.`,
        `At the end of the window: ${formatCount(overdue, lang)} open norm clocks past their deadline, ${formatCount(soon, lang)} due within four weeks.`,
      )}`,
    );
  return summary;
}

/** Lead times per stage: waiting, processing and total. */
function leadTimeSection(ctx: MonitorContext): Html {
  const { result, lang, T, pct, stage, grouped, d1 } = ctx;
  const all = result.stages.filter((s) => s.group === '');
  const leadRows: ReportCell[][] = result.stages.map((s) => [
    grouped(stage(s.stage), s.group),
    s.completed,
    s.waiting.p50,
    s.waiting.p90,
    s.processing.p50,
    s.total.p50,
    s.total.p90,
    pct(s.withinNorm),
  ]);
  return section(
    T('Doorlooptijden per fase', 'Lead times per stage'),
    html`<p>${T(
      'Fasebezoeken die in het venster zijn afgerond. Wachten loopt van de instroom (de planning, of anders het einde van de vorige fase) tot de start van de behandeling; behandelen van start tot einde; totaal van instroom tot einde.',
      'Stage visits completed in the window. Waiting runs from the entry (the schedule event, or else the complete of the previous stage) to the start of service; processing from start to complete; total from entry to complete.',
    )}</p>`,
    chartWithTable(
      barChart({
        title: T(
          '90e percentiel van de tijd in de fase, van instroom tot einde (dagen)',
          '90th percentile of time in stage, entry to complete (days)',
        ),
        description: T(
          'Staafdiagram: per fase het 90e percentiel van de dagen van instroom tot einde; het getal staat bij elke staaf.',
          'Bar chart: per stage the 90th percentile of the days from entry to complete; the number is written at each bar.',
        ),
        lang,
        bars: all.map((s) => ({ label: stage(s.stage), value: Number.isFinite(s.total.p90) ? s.total.p90 : 0 })),
        digits: 1,
      }),
      T(
        'Het 90e percentiel van de tijd van instroom in een fase tot het einde ervan; de tabel geeft medianen, wachten en behandelen en het aandeel binnen de fasenorm.',
        'The 90th percentile of the time from entering a stage to completing it; the table gives medians, waiting and processing and the share within the stage norm.',
      ),
      tableHtml(
        {
          title: T('Doorlooptijden per fase (dagen)', 'Lead times per stage (days)'),
          columns: [
            { label: T('fase', 'stage'), numeric: false },
            { label: T('afgerond', 'completed'), numeric: true },
            d1(T('wachten P50', 'waiting P50')),
            d1(T('wachten P90', 'waiting P90')),
            d1(T('behandelen P50', 'processing P50')),
            d1(T('totaal P50', 'total P50')),
            d1(T('totaal P90', 'total P90')),
            { label: T('binnen de norm', 'within norm'), numeric: true },
          ],
          rows: leadRows,
        },
        lang,
      ),
    ),
  );
}

/** Days from arrival to leaving the chain, per exit. */
function endToEndSection(ctx: MonitorContext): Html {
  const { result, lang, T, d1 } = ctx;
  const exitName = (exit: string) => (exit === 'all' ? T('alle', 'all') : exit);
  return section(
    T('Van aankomst tot uitstroom', 'Arrival to exit'),
    tableHtml(
      {
        title: T(
          'Dagen van aankomst tot het verlaten van de keten, zaken die in het venster uitstroomden',
          'Days from arrival to leaving the chain, cases that left in the window',
        ),
        columns: [
          { label: T('uitstroom', 'exit'), numeric: false },
          { label: T('zaken', 'cases'), numeric: true },
          d1('P50'),
          d1('P90'),
          d1(T('gemiddeld', 'mean')),
        ],
        rows: result.endToEnd.map((e) => [
          exitName(e.exit),
          e.leadTime.n,
          e.leadTime.p50,
          e.leadTime.p90,
          e.leadTime.mean,
        ]),
      },
      lang,
    ),
  );
}

/** The weekly rows of the stages with the largest mean stock, largest first. */
function largestStocks(result: MonitorResult) {
  const byStage = new Map<string, typeof result.weekly>();
  for (const w of result.weekly) {
    let list = byStage.get(w.stage);
    if (!list) byStage.set(w.stage, (list = []));
    list.push(w);
  }
  return [...byStage.entries()]
    .map(([id, rows]) => ({
      id,
      rows,
      mean: rows.reduce((a, r) => a + r.stockMean, 0) / Math.max(1, rows.length),
    }))
    .sort((a, b) => b.mean - a.mean)
    .slice(0, STOCK_SERIES);
}

/** Stock over time for the stages with the largest mean stock; none without weekly rows. */
function stockSection(ctx: MonitorContext): Html | undefined {
  const { result, lang, T, stage } = ctx;
  const ranked = largestStocks(result);
  if (ranked.length === 0 || ranked[0].rows.length === 0) return undefined;
  const weeks = ranked[0].rows.map((r) => r.week);
  const title = T('Personen in de fase aan het eind van elke week', 'Persons in the stage at the end of each week');
  return section(
    T('Voorraad per fase in de tijd', 'Stock per stage over time'),
    chartWithTable(
      lineChart({
        title,
        description: T(
          `Lijnen: per fase (${ranked.map((r) => stage(r.id)).join(', ')}) het aantal personen aan het eind van elke week, van ${weeks[0]} tot ${weeks[weeks.length - 1]}. De tabel ernaast geeft de getallen.`,
          `Lines: per stage (${ranked.map((r) => stage(r.id)).join(', ')}) the persons at the end of each week, from ${weeks[0]} to ${weeks[weeks.length - 1]}. The table beside it holds the numbers.`,
        ),
        lang,
        x: { dates: weeks },
        series: ranked.map((r) => ({ label: stage(r.id), values: Float64Array.from(r.rows, (x) => x.stockEnd) })),
        yLabel: T('personen', 'persons'),
      }),
      T(
        'Personen in elke fase (wachtend of in behandeling) aan het eind van elke ISO-week, voor de fasen met de grootste voorraad; weekly.csv heeft elke fase met instroom, afronding en bezetting.',
        'Persons at each stage (waiting or in service) at the end of each ISO week, for the stages with the largest stock; weekly.csv has every stage with entries, completions and utilisation.',
      ),
      tableHtml(
        {
          title,
          columns: [
            { label: T('week vanaf', 'week from'), numeric: false },
            ...ranked.map((r) => ({ label: stage(r.id), numeric: true })),
          ],
          rows: weeks.map((week, w) => [week, ...ranked.map((r) => r.rows[w]?.stockEnd ?? null)]),
        },
        lang,
      ),
    ),
  );
}

/** The norms with the breach outlook: measured clocks, open clocks past or near their deadline. */
function normsSection(ctx: MonitorContext): Html {
  const { result, lang, T, pct, norm, grouped, d1 } = ctx;
  const weeksText = (d: number) => T(`binnen ${d / 7} wk`, `due ≤ ${d / 7} wk`);
  const normRows: ReportCell[][] = result.norms.map((n) => {
    const outlook = n.group === '' ? result.breaches.find((b) => b.id === n.id) : undefined;
    const term = normTerm(n, lang);
    return [
      grouped(norm(n.id, n.scope), n.group),
      term,
      n.measured,
      pct(n.withinShare),
      n.leadTime.p90,
      n.open,
      n.openPastDeadline,
      ...BREACH_HORIZONS_DAYS.map((_, i) => (outlook ? outlook.within[i] : null)),
    ];
  });
  const bars = result.breaches.flatMap((b) => [
    { label: `${norm(b.id, b.scope)}: ${T('over de termijn', 'overdue')}`, value: b.overdue, style: 4 },
    ...BREACH_HORIZONS_DAYS.map((d, i) => ({
      label: `${norm(b.id, b.scope)}: ${weeksText(d)}`,
      value: b.within[i],
      style: 1,
    })),
  ]);
  return section(
    T('Normen en de verwachte overschrijdingen', 'Norms and the breach outlook'),
    html`<p>${T(
      'Klokken die in het venster stopten, binnen hun termijn of niet; klokken die aan het eind nog lopen, over hun termijn, en die binnen één, vier en acht weken verlopen — die overschrijden hun norm als er niets verandert.',
      'Clocks that stopped in the window, within their term or not; clocks still running at the end, past their deadline, and due within one, four and eight weeks — those breach their norm if nothing changes.',
    )}</p>`,
    chartWithTable(
      barChart({
        title: T(
          'Lopende normklokken over of bijna over de termijn (zaken)',
          'Open norm clocks past or near their deadline (cases)',
        ),
        description: T(
          'Staafdiagram: per norm de lopende zaken over de termijn en die binnen 1, 4 en 8 weken verlopen (cumulatief); het getal staat bij elke staaf.',
          'Bar chart: per norm the open cases past the deadline and those due within 1, 4 and 8 weeks (cumulative); the number is written at each bar.',
        ),
        lang,
        bars,
        legend: [
          { label: T('over de termijn', 'past the deadline'), style: 4 },
          { label: T('verloopt binnenkort', 'due soon'), style: 1 },
        ],
      }),
      T(
        'Zaken waarvan de normklok aan het eind van het venster loopt: al over de termijn, en verlopend binnen 1, 4 en 8 weken (cumulatief).',
        'Cases whose norm clock is running at the end of the window: already past the deadline, and due within 1, 4 and 8 weeks (cumulative).',
      ),
      tableHtml(
        {
          title: T('Normen', 'Norms'),
          columns: [
            { label: 'norm', numeric: false },
            { label: T('termijn', 'term'), numeric: false },
            { label: T('gemeten', 'measured'), numeric: true },
            { label: T('binnen', 'within'), numeric: true },
            d1('P90'),
            { label: T('lopend', 'open'), numeric: true },
            { label: T('over de termijn', 'past deadline'), numeric: true },
            ...BREACH_HORIZONS_DAYS.map((d) => ({
              label: T(`binnen ${d / 7} weken`, `due ≤ ${d / 7} weeks`),
              numeric: true,
            })),
          ],
          rows: normRows,
        },
        lang,
      ),
    ),
  );
}

/** The bottleneck ranking by person-days of waiting, growing stages marked. */
function bottleneckSection(ctx: MonitorContext): Html {
  const { result, lang, T, pct, stage, d1 } = ctx;
  const yesNo = (b: boolean) => (b ? T('ja', 'yes') : T('nee', 'no'));
  return section(
    T('Knelpunten', 'Bottlenecks'),
    html`<p>${T(
      'Fasen gerangschikt naar de persoonsdagen wachten die ze in het venster vasthouden; een fase waarvan de voorraad steeg en die stijgend trendt, heet groeiend.',
      'Stages ranked by the person-days of waiting they hold in the window; a stage whose stock rose and trends upward is marked growing.',
    )}</p>`,
    chartWithTable(
      barChart({
        title: T('Aandeel in alle wachttijd in het venster, per fase', 'Share of all waiting in the window, per stage'),
        description: T(
          'Staafdiagram: per fase het percentage van alle persoonsdagen wachten; groeiende fasen staan in rood en hebben ‘groeiend’ in hun naam.',
          'Bar chart: per stage the percentage of all person-days of waiting; growing stages are red and have ‘growing’ in their name.',
        ),
        lang,
        bars: result.bottlenecks.map((b) => ({
          label: b.growing ? `${stage(b.stage)} (${T('groeiend', 'growing')})` : stage(b.stage),
          value: b.waitingShare * 100,
          style: b.growing ? 4 : 0,
        })),
        digits: 1,
        legend: [
          { label: T('groeiend', 'growing'), style: 4 },
          { label: T('niet groeiend', 'not growing'), style: 0 },
        ],
      }),
      T(
        'Percentage van alle persoonsdagen wachten dat elke fase vasthoudt; rode staven zijn fasen waarvan de voorraad groeit.',
        'Percentage of all person-days of waiting that each stage holds; red bars are stages whose stock is growing.',
      ),
      tableHtml(
        {
          title: T('Rangschikking van knelpunten', 'Bottleneck ranking'),
          columns: [
            { label: T('fase', 'stage'), numeric: false },
            { label: T('persoonsdagen wachten', 'waiting person-days'), numeric: true, digits: 0 },
            { label: T('aandeel', 'share'), numeric: true },
            d1(T('wachten P90', 'waiting P90')),
            { label: T('voorraad aan het begin', 'stock at start'), numeric: true, digits: 0 },
            { label: T('voorraad aan het eind', 'stock at end'), numeric: true, digits: 0 },
            { label: T('trend per week', 'trend per week'), numeric: true, digits: 1 },
            { label: T('bezetting', 'utilisation'), numeric: true },
            { label: T('groeiend', 'growing'), numeric: false },
          ],
          rows: result.bottlenecks.map((b) => [
            `${b.rank}. ${stage(b.stage)}`,
            b.waitingPersonDays,
            pct(b.waitingShare),
            b.waitingP90Days,
            b.stockStart,
            b.stockEnd,
            b.stockTrendPerWeek,
            pct(b.utilisation),
            yesNo(b.growing),
          ]),
        },
        lang,
      ),
    ),
  );
}

/** The stage visits open at the end of the window and how long they have waited. */
function openSection(ctx: MonitorContext): Html {
  const { result, lang, T, stage, grouped, d1 } = ctx;
  return section(
    T('Open zaken aan het eind van het venster', 'Cases open at the end of the window'),
    tableHtml(
      {
        title: T('Open fasebezoeken en dagen sinds hun instroom', 'Open stage visits and days since their entry'),
        columns: [
          { label: T('fase', 'stage'), numeric: false },
          { label: T('zaken', 'cases'), numeric: true },
          { label: T('personen', 'persons'), numeric: true },
          { label: T('in behandeling', 'in service'), numeric: true },
          d1(T('gewacht P50', 'waited P50')),
          d1(T('gewacht P90', 'waited P90')),
          d1(T('langst', 'longest')),
        ],
        rows: result.open
          .filter((o) => o.cases > 0)
          .map((o) => [
            grouped(stage(o.stage), o.group),
            o.cases,
            o.persons,
            o.inService,
            o.age.p50,
            o.age.p90,
            o.age.max,
          ]),
      },
      lang,
    ),
  );
}

/** Moves of persons who left the chain, and permit holders waiting for housing. */
function movesSection(ctx: MonitorContext): Html {
  const { result, lang, T, num } = ctx;
  const m = result.moves;
  const h = result.housing;
  return section(
    T('Verhuizingen en statushouders', 'Moves and permit holders'),
    tableHtml(
      {
        title: T(
          'Verhuizingen van personen die in het venster de keten verlieten, en statushouders die op huisvesting wachten',
          'Moves of persons who left the chain in the window, and permit holders waiting for housing',
        ),
        columns: [
          { label: T('cijfer', 'figure'), numeric: false },
          { label: T('waarde', 'value'), numeric: true },
        ],
        rows: [
          [T('zaken die de keten verlieten', 'cases that left the chain'), num(m.exitedCases)],
          [T('verhuizingen per persoon', 'moves per person'), num(m.perPerson, 2)],
          [T('verhuizingen per kind', 'moves per child'), num(m.perChild, 2)],
          [T('wachtende statushouders (zaken)', 'permit holders waiting (cases)'), num(h.waitingCases)],
          [T('wachtende statushouders (personen)', 'permit holders waiting (persons)'), num(h.waitingPersons)],
          [T('dagen sinds de vergunning, P50', 'days since the grant, P50'), num(h.waitingDays.p50, 1)],
          [T('dagen sinds de vergunning, P90', 'days since the grant, P90'), num(h.waitingDays.p90, 1)],
          [T('wachtend over de norm van hun fase', 'waiting past the norm of their stage'), num(h.pastStageNorm)],
          [T('gehuisvest in het venster (zaken)', 'housed in the window (cases)'), num(h.housedCases)],
          [T('vergunning tot huisvesting, P50 (dagen)', 'grant to housed, P50 (days)'), num(h.grantToHoused.p50, 1)],
          [T('vergunning tot huisvesting, P90 (dagen)', 'grant to housed, P90 (days)'), num(h.grantToHoused.p90, 1)],
        ],
      },
      lang,
    ),
  );
}

/** Where the figures come from: the log, the model, the window and the counts. */
function aboutOf(ctx: MonitorContext, source: { log: string; model?: string }): Html {
  const { result, lang, T } = ctx;
  const log = result.log;
  const count = (n: number) => formatCount(n, lang);
  return html`<p>${T(
    `Gebeurtenissenlog ${source.log}${source.model ? `, ketenmodel ${source.model}` : ''}; venster ${result.window.from} – ${result.window.to} (open zaken geteld aan het eind); ${count(log.events)} gebeurtenissen, ${count(log.cases)} zaken, ${count(log.visits)} fasebezoeken${log.carriedOverCases > 0 ? `; ${count(log.carriedOverCases)} zaken die al in de keten waren toen het log begint, tellen niet mee in doorlooptijden en normen` : ''}. Alleen totalen worden getoond.`,
    `Event log ${source.log}${source.model ? `, chain model ${source.model}` : ''}; window ${result.window.from} – ${result.window.to} (open cases counted at its end); ${count(log.events)} events, ${count(log.cases)} cases, ${count(log.visits)} stage visits${log.carriedOverCases > 0 ? `; ${count(log.carriedOverCases)} cases already in the chain when the log starts are left out of lead times and norms` : ''}. Only aggregates are shown.`,
  )}</p>`;
}
