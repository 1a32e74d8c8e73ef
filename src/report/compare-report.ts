// The comparison report: one self-contained HTML file (inline SVG and CSS, no script, nothing fetched) that a
// policy maker can read — a summary of the headline differences per scenario with their intervals, reception
// demand and backlog over time with 5–95% bands, lead times against the norms, the MKBA and the playbook actions —
// every chart with a table of the same numbers beside it. Dutch by default, English with `{ lang: 'en' }`.
import { formatIsoDate, parseIsoDate } from '../core/calendar.ts';
import { DEFAULT_LANG, type Lang, formatEuro, formatNumber, formatPercent, say } from '../core/locale.ts';
import type { ReplicationResult } from '../sim/chain/results.ts';
import { CHAIN_KPI, CHAIN_SERIES } from '../sim/chain/keys.ts';
import type { ComparisonResult, PairedDifference } from '../sim/run/compare.ts';
import { spreadOf } from '../sim/run/aggregate.ts';
import { isTransfer, type Mkba, TRANSFER_CATEGORIES } from '../plan/mkba.ts';
import {
  actorItemLabel,
  bandTable,
  COMPARE_ACTIONS_TABLE,
  compareNormsOutput,
  headlineOutput,
  mkbaOutputs,
  sensitivityLabel,
} from '../results/compare-files.ts';
import { ACTOR_LABELS } from '../model/actors.ts';
import { COST_CATEGORY_LABELS, type CostCategory } from '../sim/run/costs.ts';
import { kpiInfo, kpiLabel, locationOfSeries, type ModelNames, modelNames, stageOfSeries } from '../results/kpis.ts';
import { type ActionRow, actionRows } from '../results/simulation-files.ts';
import { formatCell, output, type TableOutput } from '../results/table.ts';
import { barChart, lineChart, type LineSeries, tornadoChart } from './chart.ts';
import { type Html, type HtmlValue, html } from './html.ts';
import { type LabelledModel, type Labels, modelLabels } from './labels.ts';
import { chartWithTable, reportPage, section } from './page.ts';
import { outputTableHtml } from './table.ts';
import { inLang } from './words.ts';

export interface CompareReportOptions {
  /** The language of the report (default Dutch). */
  lang?: Lang;
  /** The base model, for the labels of its stages, norms and playbook rules (ids without it). */
  model?: LabelledModel;
}

/** Per replication, a weekly mean of the sum of the series whose keys match; then mean/P5/P95 per week. */
function weeklyBand(runs: ReplicationResult[], keys: (key: string) => boolean, from: number, to: number) {
  const weeks = Math.ceil((to - from) / 7);
  const perRep = runs.map((r) => {
    const selected = Object.keys(r.series)
      .filter(keys)
      .map((k) => r.series[k]);
    const out = new Float64Array(weeks);
    for (let w = 0; w < weeks; w++) {
      let sum = 0;
      const end = Math.min(to, from + w * 7 + 7);
      for (let d = from + w * 7; d < end; d++) for (const s of selected) sum += s[d];
      out[w] = sum / (end - from - w * 7);
    }
    return out;
  });
  const mean = new Float64Array(weeks);
  const low = new Float64Array(weeks);
  const high = new Float64Array(weeks);
  for (let w = 0; w < weeks; w++) {
    const sp = spreadOf(perRep.map((v) => v[w]));
    mean[w] = sp.mean;
    low[w] = sp.p5;
    high[w] = sp.p95;
  }
  return { mean, low, high };
}

/** The headline figures of the summary, in the KPI catalogue's words, units and number formats. */
const HEADLINE_KPIS = [
  CHAIN_KPI.costTotal,
  CHAIN_KPI.leadTimeMean,
  CHAIN_KPI.inChainMean,
  CHAIN_KPI.permitHoldersWaitingMean,
  CHAIN_KPI.overflowPersonDays,
  CHAIN_KPI.movesPerChild,
] as const;

/** What every section of the comparison report reads: the result, the language and the formatters and labels. */
interface CompareContext {
  result: ComparisonResult;
  lang: Lang;
  T: (nl: string, en: string) => string;
  label: Labels;
  /** The model's names of stages, locations and norms, for the labels of the declared tables. */
  modelNames: ModelNames;
  /** The first day of the model's calendar, and the reported days [from, to) counted from it. */
  start: number;
  from: number;
  to: number;
  /** The base's name in the report's language, then the scenarios'. */
  names: string[];
  /** The first and last reported dates. */
  period: [string, string];
  /** A cost category in words. */
  cost: (c: string) => string;
  /** A paired difference in the KPI's number format with its sign and its 95% interval in brackets. */
  withInterval: (kpi: string, d: PairedDifference) => string;
}

function compareContext(result: ComparisonResult, options: CompareReportOptions): CompareContext {
  const lang = options.lang ?? DEFAULT_LANG;
  const T = inLang(lang);
  const start = parseIsoDate(result.startDate);
  const from = result.warmupDays;
  const to = result.horizonDays;
  const baseName = result.base.name === 'base' ? T('basis', 'base') : result.base.name;
  return {
    result,
    lang,
    T,
    label: modelLabels(options.model),
    modelNames: options.model ? modelNames(options.model) : {},
    start,
    from,
    to,
    names: [baseName, ...result.scenarios.map((s) => s.name)],
    period: [formatIsoDate(start + from), formatIsoDate(start + to - 1)],
    cost: (c: string) => (c in COST_CATEGORY_LABELS ? say(COST_CATEGORY_LABELS[c as CostCategory], lang) : c),
    withInterval: (kpi: string, d: PairedDifference) => formatCell(d, { ...kpiInfo(kpi).format, signed: true }, lang),
  };
}

export function compareReportHtml(
  result: ComparisonResult,
  analyses: Mkba[],
  options: CompareReportOptions = {},
): string {
  const ctx = compareContext(result, options);
  const { lang, T, period } = ctx;
  const summary = headlineSummary(ctx, analyses);
  const sections: Html[] = [differencesSection(ctx), ...timeSections(ctx)];
  const norms = normsSection(ctx);
  if (norms) sections.push(norms);
  for (const m of analyses) sections.push(mkbaSection(ctx, m));
  const playbook = playbookSection(ctx);
  if (playbook) sections.push(playbook);
  const about = html`<p>${T('Basismodel', 'Base model')} ${result.base.model.file} (${T('model', 'model')} ${result.base.model.hash.slice(0, 12)}), ${result.replications} ${T('gepaarde replicaties', 'paired replications')}, seed ${result.seed}, ${T('gerapporteerde periode', 'reported period')} ${period[0]} – ${period[1]}. ${T('Scenario’s', 'Scenarios')}: ${result.scenarios.map((s) => `${s.name} (${s.model.file})`).join('; ')}.</p>`;
  return reportPage({
    lang,
    title: T(`doorstroom vergelijking: ${result.base.model.name}`, `doorstroom comparison: ${result.base.model.name}`),
    summary,
    about,
    sections,
  });
}

/** The summary: per scenario what surely changed, and the MKBA's net present values. */
function headlineSummary(ctx: CompareContext, analyses: Mkba[]): HtmlValue[] {
  const { result, lang, T, withInterval } = ctx;
  const summary: HtmlValue[] = [];
  for (const s of result.scenarios) {
    // The differences whose 95% interval excludes zero, then the figures that did not surely change.
    const changed: string[] = [];
    const unchanged: string[] = [];
    for (const kpi of HEADLINE_KPIS) {
      const d = s.differences.find((x) => x.kpi === kpi);
      if (!d || d.n === 0) continue;
      const label = say(kpiLabel(kpi), lang);
      if (!Number.isFinite(d.mean)) continue;
      if (d.low > 0 || d.high < 0) changed.push(`${label} ${withInterval(kpi, d)}`);
      else unchanged.push(label);
    }
    const changedText =
      changed.length > 0
        ? `${changed.join('; ')}.`
        : T('geen kerncijfer verandert zeker.', 'no headline figure surely changes.');
    const unchangedText =
      unchanged.length > 0
        ? ` ${T('Geen duidelijk verschil in', 'No clear difference in')} ${unchanged.join(', ')}.`
        : '';
    summary.push(
      html`<strong>${s.name}</strong> ${T('tegenover de basis', 'against the base')}: ${changedText}${unchangedText}`,
    );
  }
  for (const m of analyses) {
    summary.push(
      html`MKBA ${m.scenario}: ${T('netto contante waarde', 'net present value')} ${formatEuro(m.netPresentValue.mean, lang)} [${formatEuro(m.netPresentValue.low, lang)} … ${formatEuro(m.netPresentValue.high, lang)}]${Number.isFinite(m.benefitCostRatio) ? `, ${T('baten/kosten', 'benefit/cost')} ${formatNumber(m.benefitCostRatio, lang, 2)}` : ''}.`,
    );
  }
  summary.push(
    T(
      `Verschil = scenario min basis, gemiddeld over ${result.replications} gepaarde replicaties, met het 95%-interval tussen haken.`,
      `Difference = scenario minus base, mean over ${result.replications} paired replications, with the 95% interval in brackets.`,
    ),
  );
  return summary;
}

/** The headline differences, a table per scenario. */
function differencesSection(ctx: CompareContext): Html {
  const { result, lang, T, modelNames } = ctx;
  return section(
    T('Verschillen met de basis', 'Differences from the base'),
    html`<p>${T(
      `Scenario min basis, gemiddeld over ${result.replications} gepaarde replicaties met het 95%-interval van de gepaarde verschillen (gemeenschappelijke toevalsgetallen).`,
      `Scenario minus base, mean over ${result.replications} paired replications with the 95% interval from the paired differences (common random numbers).`,
    )}</p>`,
    result.scenarios.map((s, j) =>
      outputTableHtml(headlineOutput(result, j, modelNames), lang, {
        title: T(`Kerncijfers: ${s.name} tegenover de basis`, `Headline figures: ${s.name} against the base`),
      }),
    ),
  );
}

/** Reception demand (when the model has reception) and the backlog over time. */
function timeSections(ctx: CompareContext): Html[] {
  const { result, T, period, names } = ctx;
  const describe = (what: string) =>
    T(
      `${what} per week van ${period[0]} tot ${period[1]}, voor ${names.join(', ')}: lijnen zijn het gemiddelde over de replicaties, banden het 5e–95e percentiel. De tabel ernaast geeft de getallen.`,
      `${what} per week from ${period[0]} to ${period[1]}, for ${names.join(', ')}: lines are the mean over replications, bands the 5th–95th percentile. The table beside it holds the numbers.`,
    );
  const sections: Html[] = [];
  if (result.runs[0][0] && CHAIN_SERIES.overflow in result.runs[0][0].series) {
    sections.push(
      timeSection(
        ctx,
        T('Personen in de opvang of zonder bed', 'Persons in reception or without a bed'),
        (k) => locationOfSeries(k, 'occupied') !== undefined || k === CHAIN_SERIES.overflow,
        T(
          'Weekgemiddelde van personen op opvanglocaties plus personen zonder bed; lijnen zijn het gemiddelde over de replicaties, banden het 5e–95e percentiel.',
          'Weekly mean of persons in reception locations plus persons without a bed; lines are the mean over replications, bands the 5th–95th percentile.',
        ),
        describe(T('Personen in de opvang of zonder bed', 'Persons in reception or without a bed')),
      ),
    );
  }
  sections.push(
    timeSection(
      ctx,
      T('Achterstand: wachtende personen in alle fasen', 'Backlog: persons waiting at all stages'),
      (k) => stageOfSeries(k, 'waiting') !== undefined,
      T(
        'Weekgemiddelde van personen die in een fase in de wachtrij staan; banden zijn het 5e–95e percentiel over de replicaties.',
        'Weekly mean of persons waiting in a queue at any stage; bands are the 5th–95th percentile across replications.',
      ),
      describe(T('Wachtende personen', 'Persons waiting')),
    ),
  );
  return sections;
}

/** One series over time: a weekly line per scenario with its 5–95% band, and every fourth week in a table. */
function timeSection(
  ctx: CompareContext,
  title: string,
  keys: (k: string) => boolean,
  caption: string,
  description: string,
): Html {
  const { result, lang, T, start, from, to, names } = ctx;
  const bands = result.runs.map((runs) => weeklyBand(runs, keys, from, to));
  const bandLabel = T('5–95% over replicaties', '5–95% across replications');
  const series: LineSeries[] = bands.map((b, i) => ({
    label: names[i],
    values: b.mean,
    bands: [{ label: bandLabel, low: b.low, high: b.high }],
  }));
  const weeks = bands[0].mean.length;
  const dates = Array.from({ length: weeks }, (_, w) => formatIsoDate(start + from + w * 7));
  const rows = [];
  for (let w = 0; w < weeks; w += 4)
    rows.push({ date: dates[w], values: bands.map((b) => ({ mean: b.mean[w], low: b.low[w], high: b.high[w] })) });
  const chart = lineChart({
    title,
    description,
    lang,
    x: { dates },
    series,
    yLabel: T('personen', 'persons'),
  });
  return section(
    title,
    chartWithTable(
      chart,
      caption,
      outputTableHtml(output(bandTable(names), rows), lang, {
        title: T(`${title}, elke vierde week: gemiddelde [5–95%]`, `${title}, every fourth week: mean [5–95%]`),
      }),
    ),
  );
}

/** Lead times against the norms, per norm and scenario; none when the model has no norms. */
function normsSection(ctx: CompareContext): Html | undefined {
  const { result, lang, T, label, names, modelNames } = ctx;
  const norms = result.base.aggregate.norms;
  if (norms.length === 0) return undefined;
  const bars: { label: string; value: number; style: number }[] = [];
  norms.forEach((n, j) => {
    const normName = n.scope === 'stage' ? `${T('fase', 'stage')} ${label('stage', n.id)}` : label('norm', n.id);
    const normLabel = n.scope === 'stage' || n.label === n.id ? normName : n.label;
    [result.base.aggregate, ...result.scenarios.map((s) => s.aggregate)].forEach((agg, i) => {
      const m = agg.norms[j];
      if (!m) return;
      bars.push({
        label: `${normLabel} · ${names[i]}`,
        value: Number.isFinite(m.p90Days) ? m.p90Days : 0,
        style: i,
      });
    });
  });
  const title = T(
    '90e percentiel van de doorlooptijd per norm en scenario (dagen)',
    '90th percentile of lead time per norm and scenario (days)',
  );
  const chart = barChart({
    title,
    description: T(
      'Staafdiagram: per norm en scenario het 90e percentiel van de doorlooptijd die de norm meet, in dagen; het getal staat bij elke staaf.',
      'Bar chart: per norm and scenario the 90th percentile of the lead time that the norm measures, in days; the number is written at each bar.',
    ),
    lang,
    bars,
    digits: 1,
    legend: names.map((n, i) => ({ label: n, style: i })),
  });
  return section(
    T('Doorlooptijden tegenover de normen', 'Lead times against the norms'),
    chartWithTable(
      chart,
      T(
        'Het 90e percentiel van de doorlooptijd die elke norm meet, per scenario; de tabel geeft de termijn, de mediaan en het aandeel binnen de norm.',
        'The 90th percentile of the lead time that each norm measures, per scenario; the table gives the term, the median and the share within the norm.',
      ),
      outputTableHtml(compareNormsOutput(result, names, modelNames), lang),
    ),
  );
}

/**
 * One scenario's MKBA in the layout of the guideline: a summary in words against the stated reference policy, the
 * costs and benefits per actor, the present values per item with the net present value and benefit/cost ratio,
 * the effects without a price, and the sensitivity of the net present value as a tornado with its table.
 */
function mkbaSection(ctx: CompareContext, m: Mkba): Html {
  const { lang, T, modelNames } = ctx;
  const chart = mkbaChart(ctx, m);
  const rate = formatPercent(m.discountRate, lang, 2);
  const tables = mkbaOutputs(m, modelNames);
  const byId = (id: string) => tables.find((table) => table.table.id === id);
  const moneyTable = outputTableHtml(byId('mkba-summary')!, lang, {
    title: T(`MKBA ${m.scenario} (euro, contante waarde)`, `MKBA ${m.scenario} (EUR, present value)`),
  });
  const actors = byId('mkba-actors');
  const unpriced = byId('unpriced');
  const sensitivity = byId('sensitivity');
  return section(
    `MKBA: ${m.scenario}`,
    html`<p>${mkbaWords(ctx, m)}</p><p>${referencePolicy(ctx)}</p>`,
    actors
      ? outputTableHtml(actors, lang, {
          title: T(
            `Kosten en baten per actor, ${m.scenario} (euro, contante waarde)`,
            `Costs and benefits per actor, ${m.scenario} (EUR, present value)`,
          ),
        })
      : html``,
    html`<p>${T(
      `Kostenverschillen per jaar, verdisconteerd tegen ${rate} reëel naar ${m.baseYear}; staven naar rechts zijn extra kosten, naar links besparingen (baten).`,
      `Cost differences per year discounted at ${rate} real to ${m.baseYear}; bars to the right are extra costs, to the left savings (benefits).`,
    )}</p>`,
    chart
      ? chartWithTable(
          chart,
          T(
            'Contante waarde van het verschil in elke kostenpost, scenario min basis, en de eigen kosten van de maatregel.',
            "Present value of the difference in each cost item, scenario minus base, and the measure's own costs.",
          ),
          moneyTable,
        )
      : html`<p>${T('Geen enkele kostenpost verschilt van de basis.', 'No cost differs from the base.')}</p>${moneyTable}`,
    unpriced
      ? outputTableHtml(unpriced, lang, {
          title: T(`Effecten zonder prijs, ${m.scenario}`, `Effects without a price, ${m.scenario}`),
        })
      : html``,
    sensitivity ? sensitivitySection(ctx, m, sensitivity) : html``,
  );
}

/** The MKBA in words: costs, benefits, the net present value with its interval, the ratio and the largest items. */
function mkbaWords(ctx: CompareContext, m: Mkba): string {
  const { lang, T } = ctx;
  const euro = (v: number) => formatEuro(v, lang);
  const period = `${m.years[0]}–${m.years[m.years.length - 1]}`;
  const rate = formatPercent(m.discountRate, lang, 2);
  const npv = m.netPresentValue;
  const ratio = Number.isFinite(m.benefitCostRatio)
    ? T(
        `; de baten/kosten-verhouding is ${formatNumber(m.benefitCostRatio, lang, 2)}`,
        `; the benefit/cost ratio is ${formatNumber(m.benefitCostRatio, lang, 2)}`,
      )
    : '';
  const words = [
    T(
      `Tegenover het nulalternatief kost ${m.scenario} ${euro(m.presentValueCosts)} en levert het ${euro(m.presentValueBenefits)} op (contante waarde ${period}, ${rate} reëel, naar ${m.baseYear}). De netto contante waarde is ${euro(npv.mean)} [${euro(npv.low)} … ${euro(npv.high)}]${ratio}.`,
      `Against the reference alternative, ${m.scenario} costs ${euro(m.presentValueCosts)} and yields ${euro(m.presentValueBenefits)} (present value ${period}, ${rate} real, to ${m.baseYear}). The net present value is ${euro(npv.mean)} [${euro(npv.low)} … ${euro(npv.high)}]${ratio}.`,
    ),
  ];
  const rows = m.actors.filter((r) => !isTransfer(r.item));
  const largest = (key: 'presentValueCosts' | 'presentValueBenefits') =>
    rows.reduce<(typeof rows)[number] | undefined>((a, r) => (r[key] > (a?.[key] ?? 0) ? r : a), undefined);
  const describe = (r: (typeof rows)[number], value: number) =>
    `${say(actorItemLabel(r.item), lang)} (${say(ACTOR_LABELS[r.actor], lang)}, ${euro(value)})`;
  const cost = largest('presentValueCosts');
  const benefit = largest('presentValueBenefits');
  if (cost)
    words.push(
      T(
        `De grootste kostenpost is ${describe(cost, cost.presentValueCosts)}.`,
        `The largest cost is ${describe(cost, cost.presentValueCosts)}.`,
      ),
    );
  if (benefit)
    words.push(
      T(
        `De grootste baat is ${describe(benefit, benefit.presentValueBenefits)}.`,
        `The largest benefit is ${describe(benefit, benefit.presentValueBenefits)}.`,
      ),
    );
  const penalties = m.categories.find((c) => TRANSFER_CATEGORIES.includes(c.category) && c.presentValue !== 0);
  if (penalties)
    words.push(
      T(
        `Dwangsommen (${euro(Math.abs(penalties.presentValue))}) zijn een overdracht tussen de IND en asielzoekers en tellen niet mee in het saldo voor de samenleving.`,
        `Penalties (${euro(Math.abs(penalties.presentValue))}) are a transfer between the IND and asylum seekers and do not count in the net for society.`,
      ),
    );
  return words.join(' ');
}

/** The reference policy the MKBA is measured against, stated: the base model with its own playbook. */
function referencePolicy(ctx: CompareContext): string {
  const { T, result } = ctx;
  return T(
    `Nulalternatief (referentiebeleid): het basismodel ${result.base.model.file} met zijn eigen draaiboek. Vaste capaciteit in de basis is een keuze van dat model, geen gegeven: een basis waarvan het draaiboek de capaciteit met de bezetting laat meebewegen (met de frictiekosten daarvan) is een ander nulalternatief en geeft een andere MKBA.`,
    `Reference alternative (reference policy): the base model ${result.base.model.file} with its own playbook. Fixed capacity in the base is a choice of that model, not a given: a base whose playbook lets capacity follow occupancy (with its friction costs) is another reference alternative and gives another MKBA.`,
  );
}

/** The sensitivity of the net present value: a tornado with intervals, and its table. */
function sensitivitySection(ctx: CompareContext, m: Mkba, table: TableOutput): Html {
  const { lang, T } = ctx;
  const title = T(
    `Gevoeligheid van de netto contante waarde, ${m.scenario} (euro)`,
    `Sensitivity of the net present value, ${m.scenario} (EUR)`,
  );
  const chart = tornadoChart({
    title,
    description: T(
      'Tornadodiagram: per aanname de netto contante waarde bij de lage waarde (effen) en bij de hoge waarde (gearceerd), vanaf de centrale netto contante waarde (verticale lijn); de streepjes zijn de 95%-intervallen uit de gepaarde replicaties. De grootste uitslag staat bovenaan.',
      'Tornado chart: per assumption the net present value at its low value (solid) and at its high value (hatched), from the central net present value (vertical line); the whiskers are the 95% intervals from the paired replications. The largest swing is on top.',
    ),
    lang,
    center: m.netPresentValue.mean,
    bars: m.sensitivity.map((s) => ({
      label: say(sensitivityLabel(s.assumption), lang),
      low: s.low,
      high: s.high,
      lowInterval: s.lowInterval,
      highInterval: s.highInterval,
    })),
    legend: {
      low: T('lage waarde', 'low value'),
      high: T('hoge waarde', 'high value'),
      center: T('centrale NCW', 'central NPV'),
      interval: T('95%-interval', '95% interval'),
    },
  });
  return chartWithTable(
    chart,
    T(
      'Netto contante waarde als één aanname verandert en de rest gelijk blijft: elke prijs en elk eigen bedrag van de maatregel ±25%, de discontovoet 0% en 4%. Het instroomscenario (laag/midden/hoog) staat er niet in: daarvoor moet de hele vergelijking opnieuw draaien (zie docs/mkba.md).',
      "Net present value when one assumption changes and the rest stays: each price and each of the measure's own amounts ±25%, the discount rate 0% and 4%. The inflow scenario (low/central/high) is not included: it needs the whole comparison run again (see docs/mkba.md).",
    ),
    outputTableHtml(table, lang, { title }),
  );
}

/** The MKBA's bar chart of present values per cost category; none when no category differs. */
function mkbaChart(ctx: CompareContext, m: Mkba): Html | undefined {
  const { lang, T, cost } = ctx;
  const bars = [
    ...m.categories
      .filter((c) => c.presentValue !== 0)
      .map((c) => ({
        label: cost(c.category),
        value: c.presentValue,
        transfer: TRANSFER_CATEGORIES.includes(c.category),
      })),
    ...m.measureCosts
      .filter((c) => c.presentValue !== 0)
      .map((c) => ({
        label: say(actorItemLabel({ kind: 'measureCost', id: c.id, label: c.label }), lang),
        value: c.presentValue,
      })),
  ].map((b) => ({ label: b.label, value: b.value, style: 'transfer' in b && b.transfer ? 5 : b.value > 0 ? 4 : 2 }));
  if (bars.length === 0) return undefined;
  return barChart({
    title: T(
      `Contante waarde van kostenverschillen, ${m.scenario} (euro)`,
      `Present value of cost differences, ${m.scenario} (EUR)`,
    ),
    description: T(
      'Staafdiagram: per kostencategorie de contante waarde van scenario min basis in euro; rechts extra kosten, links besparingen.',
      'Bar chart: per cost category the present value of scenario minus base in euros; right extra costs, left savings.',
    ),
    lang,
    bars,
    legend: [
      { label: T('extra kosten', 'extra cost'), style: 4 },
      { label: T('besparing (baten)', 'saving (benefit)'), style: 2 },
      ...(bars.some((b) => b.style === 5)
        ? [{ label: T('overdracht (niet in het saldo)', 'transfer (not in the net)'), style: 5 }]
        : []),
    ],
  });
}

/** Per scenario with playbook actions in replication 0: capacity added per day, and every action with its reason. */
function playbookTimeline(ctx: CompareContext) {
  const { result, T, start, from, to, names } = ctx;
  const actions: (ActionRow & { scenario: string })[] = [];
  const timeline: LineSeries[] = [];
  result.runs.forEach((runs, i) => {
    const r = runs[0];
    if (!r || r.actions.length === 0) return;
    const cumulative = new Float64Array(to - from);
    let level = 0;
    const byDay = new Map<number, number>();
    for (const a of r.actions)
      if (a.effectiveDay >= 0) byDay.set(a.effectiveDay, (byDay.get(a.effectiveDay) ?? 0) + a.change);
    for (let d = 0; d < from; d++) level += byDay.get(d) ?? 0;
    for (let d = from; d < to; d++) {
      level += byDay.get(d) ?? 0;
      cumulative[d - from] = level;
    }
    timeline.push({
      label: T(`${names[i]}: capaciteit toegevoegd door het draaiboek`, `${names[i]}: capacity added by the playbook`),
      values: cumulative,
      style: i,
    });
    actions.push(...actionRows([r], start).map((row) => ({ ...row, scenario: names[i] })));
  });
  return { actions, timeline };
}

/** Playbook actions on a timeline (replication 0 of each scenario); none when no playbook acted. */
function playbookSection(ctx: CompareContext): Html | undefined {
  const { lang, T, start, from, to, period } = ctx;
  const { actions, timeline } = playbookTimeline(ctx);
  if (actions.length === 0) return undefined;
  const days = Array.from({ length: to - from }, (_, d) => formatIsoDate(start + from + d));
  const title = T(
    'Capaciteit toegevoegd door draaiboekacties (replicatie 0)',
    'Capacity added by playbook actions (replication 0)',
  );
  return section(
    T('Draaiboekacties', 'Playbook actions'),
    chartWithTable(
      lineChart({
        title,
        description: T(
          `Cumulatief toegevoegde bedden of behandelaars per dag van ${period[0]} tot ${period[1]} in de eerste replicatie van elk scenario.`,
          `Cumulative beds or servers added per day from ${period[0]} to ${period[1]} in the first replication of each scenario.`,
        ),
        lang,
        x: { dates: days },
        series: timeline,
      }),
      T(
        'Cumulatief toegevoegde bedden of behandelaars (negatief: verwijderd) door draaiboekacties in de eerste replicatie van elk scenario; de tabel geeft elke actie met haar reden.',
        'Cumulative beds or servers added (negative: removed) by playbook actions in the first replication of each scenario; the table lists each action with its reason.',
      ),
      outputTableHtml(output(COMPARE_ACTIONS_TABLE, actions), lang, {
        title: T('Draaiboekacties, replicatie 0', 'Playbook actions, replication 0'),
        columns: ['scenario', 'rule', 'kind', 'decided', 'effective', 'target', 'change', 'reason'],
      }),
    ),
  );
}
