// `doorstroom allocate placement`: permit holders' households to municipalities with HiGHS. Thin: load the
// households, targets, dwellings, labour demand and coordinates (src/data), place (src/plan/placement.ts), print,
// and write tidy CSV, JSON and the map report only once every file's text is ready.
import { InputError, shortText } from '../core/diagnostics.ts';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import {
  displayPath,
  loadMunicipalValues,
  type MunicipalFigure,
  readCsvFile,
  SHIPPED_MUNICIPALITIES_FILE,
} from '../data/municipalities.ts';
import {
  loadHouseholds,
  loadHousingStock,
  loadLabourDemand,
  municipalityCoordinates,
} from '../data/placement-input.ts';
import { loadPseudonymKey, pseudonymiser } from '../log/pseudonymise.ts';
import type { CsvReadOptions } from '../core/csv.ts';
import {
  type FairnessOptions,
  type Household,
  type Municipality,
  PLACEMENT_STEPS,
  placeHouseholds,
  type PlacementOptions,
} from '../plan/placement.ts';
import {
  PLACEMENT_MUNICIPALITIES,
  PLACEMENT_SUBGROUPS,
  type PlacementOutcome,
  placementFiles,
  placementMunicipalityRows,
  placementTables,
} from '../results/placement-files.ts';
import { terminalTable } from '../results/table.ts';
import { formatCount, formatNumber, formatPercent, type Lang, type Text } from '../core/locale.ts';
import { wroteText } from '../results/workbook.ts';
import {
  type AllocateCommonOptions,
  allocateAction,
  allocationReport,
  csvOptions,
  halfYear,
  MAX_NATIONAL,
  municipalitiesFromOptions,
  nonNegativeNumber,
  runTaakstelling,
  withAllocateOptions,
  writeAllocationOutputs,
} from './allocate.ts';
import { progressBar } from './progress.ts';
import { intInRange, numberInRange } from './options.ts';

/** The subgroups a fairness requirement can be put on, and how each is read from a household. */
export const FAIRNESS_DIMENSIONS = {
  children: (h: Household) => (h.children > 0 ? 'with children' : 'without children'),
  size: (h: Household) => String(h.persons),
  profile: (h: Household) => h.profile ?? '(none)',
} as const satisfies Record<string, (h: Household) => string>;

/** Options of `doorstroom allocate placement`. */
export interface PlacementCommandOptions extends AllocateCommonOptions {
  households: string;
  targets?: string;
  targetColumn: string;
  targetPeriod?: string;
  period?: string;
  national?: number;
  arrears?: string;
  arrearsColumn: string;
  housing?: string;
  labour?: string;
  matchWeight?: number;
  distanceWeight: number;
  keepNear?: number;
  fairBy?: string;
  maxGap?: number;
  overshoot?: number;
  mipGap: number;
  timeLimit: number;
  withinKm: number;
  coordinates?: string;
  pseudonymise?: boolean;
  keyFile?: string;
}

/** What was read, where from, and the notes a reader of the result needs. */
export type PlacementRun = PlacementOutcome;

/** Loads what the options name, checks that they fit together, and places the households. */
export async function runPlacement(
  opts: PlacementCommandOptions,
  onStep?: (step: number, label: string) => void,
): Promise<PlacementRun> {
  if ((opts.targets === undefined) === (opts.period === undefined)) {
    throw new InputError(
      'give the housing targets either as a file (--targets targets.csv) or as the half year whose housing target to compute (--period 2026-H1)',
    );
  }
  if (opts.period === undefined && (opts.national !== undefined || opts.arrears !== undefined))
    throw new InputError(
      '--national and --arrears go with --period (they make the housing target of the period); with --targets the file holds the targets',
    );
  if (opts.targets === undefined && opts.targetPeriod !== undefined)
    throw new InputError('--target-period picks the rows of one half year from --targets; give --targets too');
  if (opts.labour === undefined && opts.matchWeight !== undefined)
    throw new InputError('--match-weight weighs the labour-market match of --labour; give --labour too');
  if (opts.fairBy === undefined && opts.maxGap !== undefined)
    throw new InputError('--max-gap bounds the gap between the subgroups of --fair-by; give --fair-by too');
  if (opts.keyFile !== undefined && !opts.pseudonymise)
    throw new InputError('--key-file is given but nothing is pseudonymised; add --pseudonymise');
  if (!(opts.mipGap >= 0 && opts.mipGap < 1))
    throw new InputError(`--mip-gap must be a fraction from 0 to 1, e.g. 0.001 for 0.1% (got ${opts.mipGap})`);
  if (!(opts.timeLimit > 0))
    throw new InputError(`--time-limit must be a number of seconds > 0 (got ${opts.timeLimit})`);

  // With --pseudonymise the households are case data, and any file may have been given in another's place (or
  // lack its header): no message quotes a value or a header name of any file the command reads.
  const csv = csvOptions(opts, opts.pseudonymise === true);
  const municipalities = municipalitiesFromOptions(opts, csv);
  const notes: string[] = [];
  const pseudo = opts.pseudonymise ? pseudonymiser(loadPseudonymKey(opts.keyFile)) : undefined;
  const households = loadHouseholds(opts.households, municipalities, { pseudonymise: pseudo, csv });
  const coordinates = municipalityCoordinates(municipalities, opts.coordinates, csv);

  let targets: Map<string, number>;
  let targetSource: string;
  if (opts.targets !== undefined) {
    const periodColumn = opts.targetPeriod !== undefined ? targetPeriodColumn(opts.targets, csv) : undefined;
    targets = loadMunicipalValues(opts.targets, opts.targetColumn, municipalities, {
      integer: true,
      min: 0,
      max: MAX_NATIONAL,
      csv,
      ...(periodColumn !== undefined ? { where: { column: periodColumn, value: opts.targetPeriod! } } : {}),
    });
    targetSource = `${opts.targets} (column ${opts.targetColumn}${periodColumn !== undefined ? `, ${periodColumn} ${opts.targetPeriod}` : ''})`;
    const without = municipalities.municipalities.length - targets.size;
    if (without > 0)
      notes.push(`${municipalitiesCount(without)} without a row in ${displayPath(opts.targets)}: target 0`);
  } else {
    const { result, nationalSource } = runTaakstelling({ ...opts, period: opts.period! }, csv);
    targets = new Map(result.rows.map((r) => [r.code, Math.max(0, r.total)]));
    const surplus = result.rows.filter((r) => r.total < 0);
    if (surplus.length > 0)
      notes.push(`${municipalitiesCount(surplus.length)} with more surplus than target for ${result.period}: target 0`);
    targetSource = `housing target ${result.period}: ${fmt(result.national)} persons pro rata population${opts.arrears !== undefined ? ` plus arrears of ${opts.arrears}` : ''} (${nationalSource ?? '--national'})`;
    for (const note of result.notes) notes.push(note);
  }
  const housing = opts.housing !== undefined ? loadHousingStock(opts.housing, municipalities, csv) : undefined;
  const labour = opts.labour !== undefined ? loadLabourDemand(opts.labour, municipalities, csv) : undefined;
  if (labour) {
    const known = new Set([...labour.values()].flatMap((r) => Object.keys(r)));
    const unknown = [
      ...new Set(households.map((h) => h.profile).filter((p): p is string => p !== undefined && !known.has(p))),
    ];
    // Profiles are values of the households file: with --pseudonymise the note counts them instead of naming them.
    if (unknown.length > 0 && opts.pseudonymise)
      notes.push(
        `${fmt(unknown.length)} profile${unknown.length === 1 ? '' : 's'} of the households file ha${unknown.length === 1 ? 's' : 've'} no score in ${displayPath(opts.labour!)} and match${unknown.length === 1 ? 'es' : ''} nowhere (score 0)`,
      );
    else if (unknown.length > 0)
      notes.push(
        `profiles with no score in ${displayPath(opts.labour!)} match nowhere (score 0): ${unknown
          .slice(0, 5)
          .map((p) => shortText(p))
          .join(', ')}${unknown.length > 5 ? ', …' : ''}`,
      );
  }

  const places: Municipality[] = municipalities.municipalities.map((m) => ({
    code: m.code,
    name: m.name,
    province: m.provinceName,
    targetPersons: targets.get(m.code) ?? 0,
    ...coordinates.get(m.code)!,
    ...(housing?.has(m.code) ? { housingStock: housing.get(m.code)! } : {}),
    ...(labour?.has(m.code) ? { labourDemand: labour.get(m.code)! } : {}),
  }));
  let fairness: FairnessOptions | undefined;
  if (opts.fairBy !== undefined) {
    const group = FAIRNESS_DIMENSIONS[opts.fairBy as keyof typeof FAIRNESS_DIMENSIONS];
    fairness = { group, ...(opts.maxGap !== undefined ? { maxGapKm: opts.maxGap } : {}) };
  }
  const matchWeight = opts.labour !== undefined ? (opts.matchWeight ?? 1) : 0;
  if (labour) {
    let largest = 0;
    for (const scores of labour.values())
      for (const score of Object.values(scores)) largest = Math.max(largest, Math.abs(score));
    if (matchWeight * largest > MAX_MATCH_TERM) {
      throw new InputError(
        `--match-weight ${matchWeight} × the largest match score in ${displayPath(opts.labour!)} (${largest.toLocaleString('en-GB')}) is ${(matchWeight * largest).toLocaleString('en-GB')} per household, more than ${MAX_MATCH_TERM.toLocaleString('en-GB')}: the solver would lose precision; scale the scores down (e.g. vacancies per 1,000 of the labour force) or lower --match-weight`,
      );
    }
  }
  const options: PlacementOptions = {
    distanceWeight: opts.distanceWeight,
    matchWeight,
    mipGap: opts.mipGap,
    timeLimitSeconds: opts.timeLimit,
    withinKm: opts.withinKm,
    ...(opts.keepNear !== undefined ? { keepNear: opts.keepNear } : {}),
    ...(opts.overshoot !== undefined ? { overshootAllowance: opts.overshoot } : {}),
    ...(fairness ? { fairness } : {}),
    onStep,
  };
  const result = await placeHouseholds(places, households, options);
  if (!['optimal', 'time-limit', 'feasible'].includes(result.solve.status)) {
    throw new Error(
      `HiGHS ended with status ${result.solve.status} (${result.solve.highsStatus}) on a model that always has a solution`,
    );
  }
  if (result.solve.status === 'time-limit')
    notes.push(
      `the solve stopped at the time limit of ${opts.timeLimit} s with a gap of ${pct(result.solve.gap)}; raise --time-limit for a proven optimum`,
    );
  if (result.solve.status === 'feasible')
    notes.push(`the placement is not proven within ${pct(opts.mipGap)} of the optimum (gap ${pct(result.solve.gap)})`);
  const source = {
    municipalities: opts.municipalities ?? displayPath(SHIPPED_MUNICIPALITIES_FILE),
    households: opts.households,
    targets: targetSource,
    housing: opts.housing,
    labour: opts.labour,
    coordinates: opts.coordinates ?? `centroids of the shipped boundaries (data/nl_municipalities.topojson)`,
    identifiers: opts.pseudonymise ? 'pseudonymised with a keyed hash as read' : 'as in the households file',
  };
  const settings = {
    distanceWeight: opts.distanceWeight,
    matchWeight,
    keepNearKm: opts.keepNear ?? null,
    fairBy: opts.fairBy ?? null,
    maxGapKm: fairness ? (fairness.maxGapKm ?? 10) : null,
    overshootAllowance: result.overshootAllowance,
    shortfallPenalty: result.shortfallPenalty,
    mipGap: opts.mipGap,
    timeLimitSeconds: opts.timeLimit,
    withinKm: opts.withinKm,
  };
  return { result, municipalities, households, source, settings, notes };
}

/** The largest --distance-weight and --match-weight: they weigh km and match scores against each other. */
export const MAX_OBJECTIVE_WEIGHT = 1000;
/** The largest match term of one household (weight × score): beyond it the solver's objective loses precision. */
export const MAX_MATCH_TERM = 1_000_000;

/** Figures of notes and of the report's introduction (English, as the diagnostics). */
const fmt = (v: number, digits = 0): string => formatNumber(v, 'en', digits);
const pct = (share: number): string => formatPercent(share, 'en', share < 0.01 ? 3 : 2);
/** `n municipality` or `n municipalities`. */
const municipalitiesCount = (n: number): string => `${fmt(n)} municipalit${n === 1 ? 'y' : 'ies'}`;

/** The terminal summary: how the solve went, the explanation, subgroups and the dearest municipalities. */
export function placementSummary(run: PlacementRun, top: number, lang: Lang = 'nl'): string {
  const fmt = (v: number, digits = 0): string => formatNumber(v, lang, digits);
  const L = (nl: string, en: string) => (lang === 'nl' ? nl : en);
  const municipalitiesIn = (n: number): string =>
    lang === 'nl' ? `${fmt(n)} gemeente${n === 1 ? '' : 'n'}` : `${fmt(n)} municipalit${n === 1 ? 'y' : 'ies'}`;
  const pct = (share: number): string => formatPercent(share, lang, share < 0.01 ? 3 : 2);
  const { result } = run;
  const persons = run.households.reduce((s, h) => s + h.persons, 0);
  const placedHouseholds = result.households.filter((h) => h.municipality !== null).length;
  const placedPersons = result.municipalities.reduce((s, m) => s + m.placedPersons, 0);
  const target = result.municipalities.reduce((s, m) => s + m.targetPersons, 0);
  const short = result.municipalities.filter((m) => m.shortfall > 0);
  const s = result.solve;
  const shortPersons = fmt(short.reduce((a, m) => a + m.shortfall, 0));
  const penalty =
    result.objective.penalty > 0.5
      ? L(
          `, naast ${fmt(result.objective.penalty)} aan boetes`,
          `, besides ${fmt(result.objective.penalty)} of penalties`,
        )
      : '';
  const runs = L(
    `${s.mipRuns} MIP-run${s.mipRuns === 1 ? '' : 's'}`,
    `${s.mipRuns} MIP run${s.mipRuns === 1 ? '' : 's'}`,
  );
  const gap = fmt(Math.max(0, s.objective - s.bound), 1);
  const cost = fmt(result.objective.total - result.objective.penalty, 1);
  const seconds = formatNumber(s.totalSeconds, lang, 1);
  const lines = [
    L(
      `plaatsing: ${fmt(run.households.length)} huishoudens (${fmt(persons)} personen) over ${result.municipalities.length} gemeenten (CBS-indeling ${run.municipalities.year})`,
      `placement: ${fmt(run.households.length)} households (${fmt(persons)} persons) over ${result.municipalities.length} municipalities (CBS division ${run.municipalities.year})`,
    ),
    L(
      `  ${s.status}: binnen ${pct(s.gap)} van de bewezen grens (${gap} op plaatsingskosten van ${cost}${penalty}; ${s.types} soorten huishoudens, ${runs}, ${seconds} s)`,
      `  ${s.status}: within ${pct(s.gap)} of the proven bound (${gap} on a placement cost of ${cost}${penalty}; ${s.types} household types, ${runs}, ${seconds} s)`,
    ),
    L(
      `  ${fmt(placedHouseholds)} huishoudens geplaatst, ${fmt(placedPersons)} personen, tegen taakstellingen van ${fmt(target)} personen; ${short.length === 0 ? 'elke taakstelling gehaald' : `${shortPersons} personen tekort in ${municipalitiesIn(short.length)}`}`,
      `  placed ${fmt(placedHouseholds)} households, ${fmt(placedPersons)} persons, against targets of ${fmt(target)} persons; ${short.length === 0 ? 'every target met' : `${shortPersons} persons short in ${municipalitiesIn(short.length)}`}`,
    ),
    L(
      `  gemiddelde afstand ${fmt(result.meanDistanceKm, 1)} km per persoon${result.objective.matchScore !== 0 ? `; matchscore ${fmt(result.objective.matchScore, 1)}` : ''}`,
      `  mean distance ${fmt(result.meanDistanceKm, 1)} km per person${result.objective.matchScore !== 0 ? `; match score ${fmt(result.objective.matchScore, 1)}` : ''}`,
    ),
  ];
  if (result.fairness) {
    const f = result.fairness;
    lines.push(
      L(
        `  eerlijkheid naar ${String(run.settings.fairBy)}: grootste verschil ${fmt(f.largestGapKm, 1)} km (toegestaan ${fmt(f.maxGapKm, 1)}); dat kost ${fmt(f.cost, 1)} in de doelfunctie (${fmt(f.objectiveWithout, 1)} zonder)`,
        `  fairness by ${String(run.settings.fairBy)}: largest gap ${fmt(f.largestGapKm, 1)} km (allowed ${fmt(f.maxGapKm, 1)}); it costs ${fmt(f.cost, 1)} in the objective (${fmt(f.objectiveWithout, 1)} without it)`,
      ),
    );
  }
  for (const note of run.notes) lines.push(`  ${L('let op', 'note')}: ${note}`);
  const messages = result.explanation.messages;
  for (const message of messages.slice(0, top + 1)) lines.push(`  ${message}`);
  if (messages.length > top + 1)
    lines.push(
      L(
        `  … en nog ${fmt(messages.length - top - 1)} (--top toont meer; alle staan in placement.json, de redenen per gemeente in placement-municipalities.csv)`,
        `  … and ${fmt(messages.length - top - 1)} more (--top shows more; all are in placement.json, the reasons per municipality in placement-municipalities.csv)`,
      ),
    );
  const subgroups = result.subgroups.filter((g) => g.dimension !== 'origin province');
  lines.push(
    '',
    L(
      `subgroepen (afstand per persoon vanaf de herkomst; dichtbij is binnen ${result.withinKm} km):`,
      `subgroups (distance per person from the origin; near is within ${result.withinKm} km):`,
    ),
  );
  lines.push(
    terminalTable(PLACEMENT_SUBGROUPS, subgroups, lang, {
      columns: ['dimension', 'group', 'households', 'persons', 'mean_distance_km', 'gap_km', 'share_within_km'],
    }),
  );
  const dearest = placementMunicipalityRows(run)
    .filter((m) => m.relativeShadowPrice !== null)
    .sort((a, b) => b.relativeShadowPrice! - a.relativeShadowPrice! || a.code.localeCompare(b.code))
    .slice(0, top);
  if (dearest.length > 0) {
    const ref = result.priceReference;
    lines.push(
      '',
      L(
        `de ${dearest.length} hoogste schaduwprijzen (wat één persoon taakstelling meer daar zou kosten${ref ? `, meer dan in ${ref.name}` : ''}):`,
        `the ${dearest.length} highest shadow prices (what one more person of target there would cost${ref ? `, more than in ${ref.name}` : ''}):`,
      ),
    );
    lines.push(
      terminalTable(PLACEMENT_MUNICIPALITIES, dearest, lang, {
        columns: [
          'name',
          'code',
          'province_name',
          'target',
          'placed_persons',
          'shortfall',
          'mean_distance_km',
          ref ? 'relative_shadow_price' : 'shadow_price',
        ],
      }),
    );
    if (ref)
      lines.push(
        L(
          `  elke persoon is nodig voor de taakstellingen, dus de prijzen zijn relatief aan de goedkoopste gemeente, ${ref.name} (${ref.code}); het verschil tussen twee is wat het kost om één persoon taakstelling van de ene naar de andere te verplaatsen`,
          `  every person is needed for the targets, so the prices are taken relative to the cheapest municipality, ${ref.name} (${ref.code}); the difference between two is what moving one person of target from one to the other costs`,
        ),
      );
  }
  return lines.join('\n') + '\n';
}

/** The half-year column of a long targets file: `half_year` (as plan capacity writes it), else `period`. */
function targetPeriodColumn(path: string, csv: CsvReadOptions): string {
  const header = readCsvFile(path, csv).table.header;
  return header.includes('half_year') || !header.includes('period') ? 'half_year' : 'period';
}

/** Placed persons per municipality, for the map. */
function placementFigures(run: PlacementRun): MunicipalFigure[] {
  const byCode = new Map(run.municipalities.municipalities.map((m) => [m.code, m]));
  return run.result.municipalities.map((o) => {
    const m = byCode.get(o.code)!;
    return {
      code: o.code,
      year: run.municipalities.year,
      name: o.name,
      provinceCode: m.provinceCode,
      provinceName: m.provinceName,
      value: o.placedPersons,
    };
  });
}

function fairnessDimension(value: string): string {
  if (!(value in FAIRNESS_DIMENSIONS))
    throw new InvalidArgumentError(
      `--fair-by must be one of ${Object.keys(FAIRNESS_DIMENSIONS).join(', ')} (got "${value}")`,
    );
  return value;
}

/** A number > 0 (at most 1,000,000, like nonNegativeNumber: km, seconds). */
function positiveNumber(name: string) {
  return numberInRange(name, 0, 1_000_000, { exclusiveMin: true });
}

/** Adds `doorstroom allocate placement` to the allocate command. */
export function addPlacementCommand(allocate: Command): void {
  withAllocateOptions(
    allocate
      .command('placement')
      .description(
        "Place permit holders' households over the municipalities with HiGHS: targets met, households whole, near their reception location, within the housing stock; shadow prices say why.",
      )
      .requiredOption(
        '--households <file>',
        "CSV with id,persons,children,origin (CBS code of the reception location's municipality) and optionally profile",
      )
      .option(
        '--targets <file>',
        "CSV with code (or cbs_code) and each municipality's target in persons (e.g. the taakstelling output)",
      )
      .option('--target-column <name>', 'the column of --targets that holds the target', 'target')
      .option(
        '--target-period <YYYY-Hn>',
        'with --targets: only the rows of this half year (column half_year or period), e.g. from housing-municipalities.csv of plan capacity',
        halfYear,
      )
      .option(
        '--period <YYYY-Hn>',
        'instead of --targets: compute the housing target of this half year (with --national, --arrears as in allocate taakstelling)',
        halfYear,
      )
      .option(
        '--national <n>',
        'with --period: the national number of permit holders (default: the shipped figure)',
        intInRange('--national', 0, MAX_NATIONAL),
      )
      .option('--arrears <file>', "with --period: CSV with code and each municipality's arrears")
      .option('--arrears-column <name>', 'the column of --arrears that holds the arrears', 'arrears')
      .option(
        '--housing <file>',
        'CSV code,size,units: dwellings available per municipality and household size (sizes without a row are not limited)',
      )
      .option('--labour <file>', 'CSV code,profile,score: labour-market match score per municipality and profile')
      .option(
        '--match-weight <w>',
        'with --labour: objective weight of one unit of match score per household, against 1 km per person (default 1)',
        numberInRange('--match-weight', 0, MAX_OBJECTIVE_WEIGHT),
      )
      .option(
        '--distance-weight <w>',
        'objective weight of one km travelled by one person',
        numberInRange('--distance-weight', 0, MAX_OBJECTIVE_WEIGHT),
        1,
      )
      .option(
        '--keep-near <km>',
        "only municipalities within this distance of a household's origin",
        positiveNumber('--keep-near'),
      )
      .option(
        '--fair-by <subgroup>',
        `keep the mean distance of each subgroup near the overall mean: ${Object.keys(FAIRNESS_DIMENSIONS).join(', ')}`,
        fairnessDimension,
      )
      .option(
        '--max-gap <km>',
        "with --fair-by: largest allowed gap of a subgroup's mean distance to the overall mean (default 10)",
        nonNegativeNumber('--max-gap'),
      )
      .option(
        '--overshoot <persons>',
        'persons a municipality may take above its target (default: largest household − 1)',
        intInRange('--overshoot', 0, 1000),
      )
      .option(
        '--mip-gap <fraction>',
        'stop within this relative gap of the proven optimum',
        nonNegativeNumber('--mip-gap'),
        0.001,
      )
      .option(
        '--time-limit <seconds>',
        'seconds for the solve, LP and MIP searches (twice with --fair-by: with and without it); then the best placement so far, with its gap',
        positiveNumber('--time-limit'),
        60,
      )
      .option(
        '--within-km <km>',
        'distance for the share of persons placed near their origin in the subgroup report',
        positiveNumber('--within-km'),
        50,
      )
      .option(
        '--coordinates <file>',
        'CSV code,lat,lon (degrees) for the distances (default: centroids of the shipped boundaries, division 2026)',
      )
      .option(
        '--pseudonymise',
        'replace the household ids by keyed pseudonyms as they are read (same key, same pseudonym as doorstroom import)',
      )
      .option(
        '--key-file <file>',
        'with --pseudonymise: file with the pseudonym key (default: environment variable DOORSTROOM_PSEUDONYM_KEY)',
      ),
  ).action(
    allocateAction<PlacementCommandOptions>(async (opts, print) => {
      const progress = progressBar({ quiet: opts.quiet, json: opts.json, unit: 'steps' });
      const run = await runPlacement(opts, (step, label) => {
        progress.phase(`placing households: ${label}`, PLACEMENT_STEPS);
        progress.update(step);
      }).finally(() => progress.stop());
      const files = placementFiles(run);
      const tables = placementTables(run);
      const written = writeAllocationOutputs(
        opts,
        files,
        () => {
          const s = run.result.solve;
          const ref = run.result.priceReference;
          const lang = opts.lang ?? 'nl';
          const prices: Text = ref
            ? {
                nl: `De schaduwprijs is wat één persoon taakstelling meer in een gemeente zou kosten (km·personen) boven ${ref.name}, de goedkoopste: elke persoon is nodig voor de taakstellingen, dus alleen zulke verschillen liggen vast.`,
                en: `The shadow price is what one more person of target in a municipality would cost (km·persons) more than in ${ref.name}, the cheapest: every person is needed for the targets, so only such differences are determined.`,
              }
            : {
                nl: 'De schaduwprijs is wat één persoon taakstelling meer in een gemeente zou kosten (km·personen); 0 waar de taakstelling niet bindt.',
                en: 'The shadow price is what one more person of target in a municipality would cost (km·persons); 0 where the target does not bind.',
              };
          const explanation = run.result.explanation.messages.join(' ');
          const intro: Text = {
            nl: `Huishoudens van vergunninghouders verdeeld over de gemeenten: ${formatCount(run.households.length, 'nl')} huishoudens, ${s.status} binnen ${formatPercent(s.gap, 'nl', 2)} van het bewezen optimum, gemiddeld ${formatNumber(run.result.meanDistanceKm, 'nl', 1)} km per persoon vanaf de opvanglocatie. ${explanation} ${prices.nl}`,
            en: `Permit holders' households placed over the municipalities: ${formatCount(run.households.length, 'en')} households, ${s.status} within ${formatPercent(s.gap, 'en', 2)} of the proven optimum, mean distance ${formatNumber(run.result.meanDistanceKm, 'en', 1)} km per person from the reception location. ${explanation} ${prices.en}`,
          };
          return allocationReport(
            lang,
            { nl: 'doorstroom plaatsing van vergunninghouders', en: 'doorstroom placement of permit holders' },
            intro,
            { label: { nl: 'geplaatste personen', en: 'persons placed' }, unit: { nl: 'personen', en: 'persons' } },
            placementFigures(run),
            {
              table: tables.find((o) => o.table === PLACEMENT_MUNICIPALITIES)!,
              keys: ['target', 'shortfall', 'mean_distance_km', 'relative_shadow_price'],
            },
          );
        },
        tables,
      );
      if (opts.json) print(files['placement.json']);
      else if (!opts.quiet)
        print(
          placementSummary(run, opts.top, opts.lang ?? 'nl') +
            (written.length > 0 ? `\n${wroteText(written, opts.lang ?? 'nl')}` : ''),
        );
    }),
  );
}
