// The twin report: one self-contained HTML file for the coordination table. First a summary in words — how many
// cases are open at the as-of date, what breaks when (the weeks a breach reaches 50% and 90% probability) and what
// to decide by when, most urgent first — then a fan chart per projected measure (the median, the 50% and 90%
// bands, and the beds of a reception type) beside the table of its numbers, the breach probabilities, the
// draaiboek advice and the warm start. Dutch by default, English with `{ lang: 'en' }`.
import { DEFAULT_LANG, type Lang, formatCount, formatNumber, say } from '../core/locale.ts';
import { type ModelNames, modelNames } from '../results/kpis.ts';
import {
  EXPOSURE_LABEL,
  TWIN_BREACH_PROBABILITY,
  type TwinTablesInput,
  adviceOutput,
  measureLabel,
  projectionOutput,
  thresholdLabel,
  thresholdLabelById,
  thresholdsOutput,
  warmStartOutputs,
} from '../results/twin-files.ts';
import { FORMAT, output, wideTable } from '../results/table.ts';
import type { DraaiboekAdvice } from '../twin/draaiboek.ts';
import type { TwinMeasure, TwinProjection } from '../twin/project.ts';
import type { ChainModel } from '../model/schema.ts';
import { SERIES_COLORS, lineChart } from './chart.ts';
import { type Html, html } from './html.ts';
import { chartWithTable, reportPage, section } from './page.ts';
import { outputTableHtml } from './table.ts';
import { inLang, longDate } from './words.ts';

export interface TwinReportOptions {
  lang?: Lang;
  /** The chain model, for the labels of stages, locations and norms. */
  model?: Pick<ChainModel, 'stages' | 'norms' | 'reception' | 'staffPools'>;
  /** What the projection was made from, for the line under the summary (the log and model files). */
  source?: { log?: string; model?: string };
}

interface TwinContext {
  input: TwinTablesInput;
  projection: TwinProjection;
  lang: Lang;
  T: (nl: string, en: string) => string;
  names: ModelNames;
  date: (iso: string) => string;
  num: (v: number) => string;
}

/** The twin report as one HTML text. */
export function twinReportHtml(input: TwinTablesInput, options: TwinReportOptions = {}): string {
  const ctx = twinContext(input, options);
  const { lang } = ctx;
  const sections: Html[] = [projectionSection(ctx), thresholdSection(ctx), draaiboekSection(ctx)];
  const warm = warmStartSection(ctx);
  if (warm) sections.push(warm);
  const { T, projection } = ctx;
  return reportPage({
    lang,
    title: T(
      `doorstroom twin: de keten vanaf ${ctx.date(projection.startDate)}`,
      `doorstroom twin: the chain from ${ctx.date(projection.startDate)}`,
    ),
    summary: summaryOf(ctx),
    about: aboutOf(ctx, options.source),
    sections,
  });
}

function twinContext(input: TwinTablesInput, options: TwinReportOptions): TwinContext {
  const lang = options.lang ?? DEFAULT_LANG;
  const names = input.names ?? (options.model ? modelNames(options.model) : {});
  return {
    input: { ...input, names },
    projection: input.projection,
    lang,
    T: inLang(lang),
    names,
    date: (iso) => longDate(iso, lang),
    num: (v) => formatNumber(v, lang, 0),
  };
}

// ---- The summary --------------------------------------------------------------------------------------------

function summaryOf(ctx: TwinContext): Html[] {
  const { input, T, lang, date } = ctx;
  const out: Html[] = [];
  const w = input.warmStart;
  if (w)
    out.push(
      html`${T('Op', 'On')} ${date(w.asOf)} ${T('staan', 'there are')} <strong>${formatCount(w.openCases, lang)}</strong> ${T(
        `zaken open (${formatCount(w.openPersons, lang)} personen); ${formatCount(w.closedCases, lang)} zaken in het log zijn afgesloten. ${formatCount(w.eventsAfterAsOf, lang)} gebeurtenissen na de peildatum zijn genegeerd.`,
        `open cases (${formatCount(w.openPersons, lang)} persons); ${formatCount(w.closedCases, lang)} cases in the log are closed. ${formatCount(w.eventsAfterAsOf, lang)} events after the as-of date were ignored.`,
      )}`,
    );
  out.push(...breachLines(ctx));
  out.push(...adviceLines(ctx));
  return out;
}

/** What breaks when: each threshold likely to be passed, earliest first, with its 50% and 90% weeks. */
function breachLines(ctx: TwinContext): Html[] {
  const { projection, T, lang, names, date } = ctx;
  const weekOf = (week: number | null) =>
    week === null
      ? T('niet binnen de horizon', 'not within the horizon')
      : T(`week van ${date(projection.weekStarts[week - 1])}`, `week of ${date(projection.weekStarts[week - 1])}`);
  const likely = projection.thresholds
    .filter((th) => th.week50 !== null)
    .sort((a, b) => a.week50! - b.week50! || (a.week90 ?? Infinity) - (b.week90 ?? Infinity));
  const lines: Html[] = likely.map((th) => {
    const label = say(thresholdLabel(th, names), lang);
    if (th.alreadyAtStart) {
      // The measure the threshold watches has its id: how far past its limit the first week ends.
      const m = projection.measures.find((x) => x.id === th.id);
      const unit = m?.unit === 'cases' ? T('zaken', 'cases') : T('personen', 'persons');
      const first = m
        ? ` ${T('Eind week 1 (mediaan)', 'End of week 1 (median)')}: ${ctx.num(m.bands.p50[0])} ${unit}.`
        : '';
      return html`<strong>${label}</strong>: ${T('nu al, op de peildatum.', 'already now, at the as-of date.')}${first}`;
    }
    if (th.week90 === th.week50)
      return html`<strong>${label}</strong>: ${T('50% en 90% kans in de', '50% and 90% chance in the')} ${weekOf(th.week50)}.`;
    return html`<strong>${label}</strong>: ${T('50% kans in de', '50% chance in the')} ${weekOf(th.week50)}, ${T('90% kans', '90% chance')} ${th.week90 === null ? weekOf(null) : T('in de ', 'in the ') + weekOf(th.week90)}.`;
  });
  const unlikely = projection.thresholds.filter((th) => th.week50 === null);
  if (likely.length === 0)
    lines.push(
      html`${T(
        `Geen grens heeft binnen ${projection.weeks} weken 50% kans om overschreden te worden.`,
        `No threshold has a 50% chance of being crossed within ${projection.weeks} weeks.`,
      )}`,
    );
  if (unlikely.length > 0)
    lines.push(
      html`${T('Minder dan 50% kans binnen de horizon', 'Less than 50% chance within the horizon')}: ${unlikely
        .map((th) => say(thresholdLabel(th, names), lang))
        .join('; ')}.`,
    );
  return lines;
}

/** What to decide by when: the advice that asks for a decision, most urgent first. */
function adviceLines(ctx: TwinContext): Html[] {
  const { input, T, date } = ctx;
  const lines: Html[] = [];
  for (const a of input.advice) {
    if (a.status !== 'too-late' && a.status !== 'decide-by') continue;
    const threshold = thresholdName(ctx, a);
    const effect = effectText(ctx, a);
    if (a.status === 'decide-by')
      lines.push(
        html`<strong>${a.label}</strong>: ${T('besluit uiterlijk', 'decide by')} <strong>${date(a.latestSafeDate!)}</strong> ${T(
          `(doorlooptijd ${a.leadTimeDays} dagen) om ${threshold} met 90% kans te voorkomen.`,
          `(lead time ${a.leadTimeDays} days) to keep ${threshold} away with 90% probability.`,
        )}${effect}`,
      );
    else
      lines.push(
        html`<strong>${a.label}</strong>: <strong>${T('te laat', 'too late')}</strong> ${T(
          `om ${threshold} met 90% kans te voorkomen: vandaag besloten werkt de regel vanaf ${date(a.effectIfToday)}, maar de kans is vanaf ${date(a.breach10!)} al 10% of meer.`,
          `to keep ${threshold} away with 90% probability: decided today, the rule works from ${date(a.effectIfToday)}, but the chance is 10% or more from ${date(a.breach10!)}.`,
        )}${effect}`,
      );
  }
  const rest = input.advice.filter((a) => a.status === 'no-breach' || a.status === 'no-effect');
  if (rest.length > 0)
    lines.push(
      html`${T('Geen besluit nodig binnen de horizon', 'No decision needed within the horizon')}: ${rest
        .map(
          (a) =>
            `${a.label} (${a.status === 'no-breach' ? T('geen waarschijnlijke overschrijding', 'no likely breach') : T('helpt niet tegen een grens', 'does not help against any threshold')})`,
        )
        .join('; ')}.`,
    );
  if (input.advice.length === 0)
    lines.push(html`${T('Het model heeft geen draaiboekregels.', 'The model has no draaiboek rules.')}`);
  return lines;
}

function thresholdName(ctx: TwinContext, a: DraaiboekAdvice): string {
  return a.threshold ? say(thresholdLabelById(ctx.projection, a.threshold, ctx.names), ctx.lang) : '';
}

/** ` If decided today, the expected … fall from A to B.` where measured. */
function effectText(ctx: TwinContext, a: DraaiboekAdvice): string {
  const { T, num, lang } = ctx;
  if (a.exposure === null || a.without === null || a.decidedToday === null) return '';
  const what = say(EXPOSURE_LABEL[a.exposure], lang);
  const safe =
    a.decidedAtSafeDate !== null && a.status === 'decide-by'
      ? T(
          `, op de uiterste datum naar ${num(a.decidedAtSafeDate)}`,
          `, at the safe date to ${num(a.decidedAtSafeDate)}`,
        )
      : '';
  return T(
    ` Vandaag besloten dalen de verwachte ${what} van ${num(a.without)} naar ${num(a.decidedToday)}${safe}.`,
    ` Decided today, the expected ${what} fall from ${num(a.without)} to ${num(a.decidedToday)}${safe}.`,
  );
}

function aboutOf(ctx: TwinContext, source: TwinReportOptions['source']): Html {
  const { projection, T, date } = ctx;
  const from = [source?.log, source?.model].filter(Boolean).join(', ');
  return html`<p>${T(
    `${projection.replications} replicaties, ${projection.weeks} weken vooruit vanaf ${date(projection.startDate)}${from ? ` (${from})` : ''}. De projectie is de keten zonder draaiboekbesluiten; een week telt als overschreden als de grens op minstens één dag van die week wordt overschreden.`,
    `${projection.replications} replications, ${projection.weeks} weeks ahead from ${date(projection.startDate)}${from ? ` (${from})` : ''}. The projection is the chain without draaiboek decisions; a week counts as breached when the limit is passed on at least one of its days.`,
  )}</p>`;
}

// ---- Sections -----------------------------------------------------------------------------------------------

/** The advice as the report shows it: the decision and its effect (the files also hold the runs' costs). */
const ADVICE_VIEW = [
  'rank',
  'label',
  'status',
  'latest_safe_date',
  'lead_time_days',
  'threshold_label',
  'breach_10',
  'effect_if_today',
  'exposure',
  'without',
  'decided_today',
  'decided_at_safe_date',
  'cost_at_effect',
  'cost_per_day',
];

const BAND_COLUMNS = ['week_end', 'p05', 'p25', 'p50', 'p75', 'p95'] as const;

/** A fan chart of one measure: the median, the 50% and 90% bands, and the beds of a reception type. */
export function twinFanChart(
  projection: TwinProjection,
  measure: TwinMeasure,
  lang: Lang,
  names: ModelNames = {},
): Html {
  const T = inLang(lang);
  const label = say(measureLabel(measure, names), lang);
  const b = measure.bands;
  const series = [
    {
      label: T('mediaan', 'median'),
      values: b.p50,
      bands: [
        { label: T('90%-band (P5–P95)', '90% band (P5–P95)'), low: b.p05, high: b.p95 },
        { label: T('50%-band (P25–P75)', '50% band (P25–P75)'), low: b.p25, high: b.p75 },
      ],
    },
    ...(measure.beds ? [{ label: T('bedden', 'beds'), values: measure.beds, style: 4 }] : []),
  ];
  return lineChart({
    title: label,
    description: T(
      `${label} aan het eind van elke week van ${longDate(projection.weekEnds[0], lang)} tot ${longDate(projection.weekEnds[projection.weeks - 1], lang)}: de mediaan over ${projection.replications} replicaties (lijn), de banden waarin de middelste 50% en 90% liggen${measure.beds ? ', en de bedden (gestreepte lijn)' : ''}. De tabel ernaast geeft de getallen.`,
      `${label} at the end of each week from ${longDate(projection.weekEnds[0], lang)} to ${longDate(projection.weekEnds[projection.weeks - 1], lang)}: the median over ${projection.replications} replications (line), the bands holding the middle 50% and 90%${measure.beds ? ', and the beds (dashed line)' : ''}. The table beside it holds the numbers.`,
    ),
    lang,
    x: { dates: projection.weekEnds },
    series,
    yLabel: measure.unit === 'EUR' ? 'EUR' : measure.unit === 'cases' ? T('zaken', 'cases') : T('personen', 'persons'),
    id: `fan-${measure.id.replace(/[^a-z0-9]+/gi, '-')}`,
  });
}

function projectionSection(ctx: TwinContext): Html {
  const { projection, lang, T, names } = ctx;
  const shown = projection.measures.filter((m) => m.bands.p95.some((v) => v !== 0) || m.beds?.some((v) => v > 0));
  const quiet = projection.measures.filter((m) => !shown.includes(m));
  const pairs = shown.map((m) => {
    const table = outputTableHtml(projectionOutput(projection, names, m.id), lang, {
      columns: m.beds ? [...BAND_COLUMNS, 'beds'] : BAND_COLUMNS,
      title: measureLabel(m, names),
    });
    return chartWithTable(
      twinFanChart(projection, m, lang, names),
      T(
        'Mediaan (lijn), 50%- en 90%-band (vlakken), aan het eind van elke week (week tot en met).',
        'Median (line), 50% and 90% bands (areas), at the end of each week (week to).',
      ),
      table,
    );
  });
  const note =
    quiet.length > 0
      ? html`<p>${T('Steeds nul in alle replicaties', 'Zero throughout in every replication')}: ${quiet
          .map((m) => say(measureLabel(m, names), lang))
          .join('; ')}.</p>`
      : '';
  return section(T('Projectie', 'Projection'), pairs, note);
}

function thresholdSection(ctx: TwinContext): Html {
  const { projection, lang, T, names } = ctx;
  // At most as many lines as the palette has: the thresholds whose breach becomes likely first.
  const shown = [...projection.thresholds]
    .sort((a, b) => (a.week10 ?? Infinity) - (b.week10 ?? Infinity))
    .slice(0, SERIES_COLORS.length);
  const labels = shown.map((th) => say(thresholdLabel(th, names), lang));
  const chart = lineChart({
    title: T('Kans op overschrijding per week', 'Breach probability per week'),
    description: T(
      `Per grens het aandeel van de ${projection.replications} replicaties waarin de grens in die week op minstens één dag wordt overschreden. De tabel ernaast geeft dezelfde kansen.`,
      `Per threshold the share of the ${projection.replications} replications in which it is passed on at least one day of that week. The table beside it holds the same probabilities.`,
    ),
    lang,
    x: { dates: projection.weekStarts },
    series: shown.map((th, i) => ({ label: labels[i], values: th.probability.map((p) => p * 100) })),
    yLabel: T('kans (%)', 'probability (%)'),
    id: 'breach-probability',
  });
  const wide = wideTable(
    { id: 'breach-probability', title: TWIN_BREACH_PROBABILITY.title },
    shown.map((th, i) => ({ key: th.id, label: labels[i] })),
    FORMAT.percent(0),
  );
  const rows = projection.weekStarts.map((date, w) => ({ date, values: shown.map((th) => th.probability[w]) }));
  return section(
    T('Grenzen', 'Thresholds'),
    chartWithTable(
      chart,
      shown.length < projection.thresholds.length
        ? T(
            `Kans op overschrijding per week (week vanaf), voor de ${shown.length} grenzen die het eerst in gevaar komen; de tabel eronder geeft ze alle ${projection.thresholds.length}.`,
            `Breach probability per week (week from), for the ${shown.length} thresholds at risk first; the table below gives all ${projection.thresholds.length}.`,
          )
        : T(
            'Kans op overschrijding per week (week vanaf), per grens.',
            'Breach probability per week (week from), per threshold.',
          ),
      outputTableHtml(output(wide, rows), lang),
    ),
    outputTableHtml(thresholdsOutput(projection, names), lang),
  );
}

function draaiboekSection(ctx: TwinContext): Html {
  const { input, lang, T } = ctx;
  const measuredRuns = input.advice.filter((a) => a.replications > 0);
  const note = html`<p>${T(
    `De uiterste besluitdatum is de eerste dag van de eerste week met minstens 10% kans op overschrijding, min de doorlooptijd van de regel. Het effect is gemeten met dezelfde toevalsgetallen (de eerste ${measuredRuns[0]?.replications ?? 0} replicaties): de regel alleen, besloten op die ene dag.`,
    `The latest safe decision date is the first day of the first week with at least 10% breach probability, less the rule's lead time. The effect is measured with the same random numbers (the first ${measuredRuns[0]?.replications ?? 0} replications): the rule alone, decided on that one day.`,
  )}</p>`;
  return section(
    T('Draaiboek', 'Draaiboek'),
    note,
    outputTableHtml(adviceOutput(input), lang, { columns: ADVICE_VIEW }),
  );
}

function warmStartSection(ctx: TwinContext): Html | null {
  const { input, lang, T, names } = ctx;
  if (!input.warmStart) return null;
  return section(
    T('Warme start', 'Warm start'),
    warmStartOutputs(input.warmStart, names).map((o) => outputTableHtml(o, lang)),
  );
}

/** The summary's lines as plain text (for a terminal): the report's summary without its markup. */
export function twinSummaryText(input: TwinTablesInput, options: TwinReportOptions = {}): string[] {
  const entities: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
  return summaryOf(twinContext(input, options)).map((h) =>
    h.html.replace(/<[^>]+>/g, '').replace(/&(amp|lt|gt|quot|#39);/g, (e) => entities[e]),
  );
}
