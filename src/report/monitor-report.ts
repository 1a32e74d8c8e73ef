// The monitor report: one self-contained HTML file in the style of the simulation reports — a summary of the
// worst norm breach and the biggest bottleneck, lead times per stage, stock per stage over the weeks, norms with
// the breach outlook, the bottleneck ranking, open cases, moves and permit holders waiting — every chart with a
// table of the same numbers beside it, stages by the model's labels. Dutch by default, English with `{ lang }`.
import { DEFAULT_LANG, type Lang, formatCount, formatNumber, formatPercent, text } from '../core/locale.ts';
import type { MonitorResult } from '../monitor/metrics.ts';
import { BREACH_HORIZONS_DAYS } from '../monitor/metrics.ts';
import { barChart, lineChart, SERIES_COLORS } from './chart.ts';
import { type Html, html } from './html.ts';
import { type LabelledModel, modelLabels } from './labels.ts';
import { chartWithTable, reportPage, section } from './page.ts';
import { MONITOR_BOTTLENECKS, MONITOR_OPEN } from '../results/monitor-files.ts';
import {
  chainOutput,
  END_TO_END_VIEW,
  endToEndOutput,
  normOutput,
  OPEN_VIEW,
  stageLeadTimesOutput,
  stockOutput,
} from '../results/monitor-table.ts';
import { output } from '../results/table.ts';
import { outputTableHtml } from './table.ts';
import { inLang } from './words.ts';

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
}

function monitorContext(result: MonitorResult, options: MonitorReportOptions): MonitorContext {
  const lang = options.lang ?? DEFAULT_LANG;
  const T = inLang(lang);
  const fromModel = modelLabels(options.model);
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
  const { result, lang, T, stage } = ctx;
  const all = result.stages.filter((s) => s.group === '');
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
      outputTableHtml(
        stageLeadTimesOutput(
          result,
          result.stages.map((s) => ({ ...s, label: stage(s.stage) })),
        ),
        lang,
      ),
    ),
  );
}

/** Days from arrival to leaving the chain, per exit. */
function endToEndSection(ctx: MonitorContext): Html {
  const { result, lang, T } = ctx;
  return section(
    T('Van aankomst tot uitstroom', 'Arrival to exit'),
    outputTableHtml(endToEndOutput(result), lang, {
      ...END_TO_END_VIEW,
      title: text(
        'Dagen van aankomst tot het verlaten van de keten, zaken die in het venster uitstroomden',
        'Days from arrival to leaving the chain, cases that left in the window',
      ),
    }),
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
      outputTableHtml(stockOutput(ranked.map((r) => ({ id: r.id, label: stage(r.id), rows: r.rows }))), lang),
    ),
  );
}

/** The norms with the breach outlook: measured clocks, open clocks past or near their deadline. */
function normsSection(ctx: MonitorContext): Html {
  const { result, lang, T, norm } = ctx;
  const weeksText = (d: number) => T(`binnen ${d / 7} wk`, `due ≤ ${d / 7} wk`);
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
      outputTableHtml(
        normOutput(
          result,
          result.norms.map((n) => ({ ...n, label: norm(n.id, n.scope) })),
        ),
        lang,
      ),
    ),
  );
}

/** The bottleneck ranking by person-days of waiting, growing stages marked. */
function bottleneckSection(ctx: MonitorContext): Html {
  const { result, lang, T, stage } = ctx;
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
      outputTableHtml(
        output(
          MONITOR_BOTTLENECKS,
          result.bottlenecks.map((b) => ({ ...b, label: stage(b.stage) })),
        ),
        lang,
        { title: text('Rangschikking van knelpunten', 'Bottleneck ranking') },
      ),
    ),
  );
}

/** The stage visits open at the end of the window and how long they have waited. */
function openSection(ctx: MonitorContext): Html {
  const { result, lang, T, stage } = ctx;
  return section(
    T('Open zaken aan het eind van het venster', 'Cases open at the end of the window'),
    outputTableHtml(
      output(
        MONITOR_OPEN,
        result.open.filter((o) => o.cases > 0).map((o) => ({ ...o, label: stage(o.stage) })),
      ),
      lang,
      {
        ...OPEN_VIEW,
        title: text('Open fasebezoeken en dagen sinds hun instroom', 'Open stage visits and days since their entry'),
      },
    ),
  );
}

/** Moves of persons who left the chain, and permit holders waiting for housing. */
function movesSection(ctx: MonitorContext): Html {
  const { result, lang, T } = ctx;
  return section(
    T('Verhuizingen en statushouders', 'Moves and permit holders'),
    outputTableHtml(chainOutput(result, lang), lang, {
      title: text(
        'Verhuizingen van personen die in het venster de keten verlieten, en statushouders die op huisvesting wachten',
        'Moves of persons who left the chain in the window, and permit holders waiting for housing',
      ),
    }),
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
