// `doorstroom allocate taakstelling|key`: the housing target and the reception-place key per municipality. Thin:
// load (src/data), compute (src/plan), print, and write tidy CSV and JSON only once every file's text is ready.
// Further subcommands (such as `placement`) plug in through registerAllocate's extraSubcommands.
import { type Command, InvalidArgumentError } from 'commander';
import {
  displayPath,
  loadHousingTargets,
  loadMunicipalities,
  loadMunicipalValues,
  type MunicipalFigure,
  type MunicipalityData,
  parseHalfYear,
  SHIPPED_DIVISION_YEAR,
  SHIPPED_HOUSING_TARGETS_FILE,
  SHIPPED_MUNICIPALITIES_FILE,
} from '../data/municipalities.ts';
import { loadBoundaries, SHIPPED_BOUNDARIES } from '../data/boundaries.ts';
import { type AllocationRow, allocationReportHtml } from '../report/allocation-report.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { checkOutputs, writeResultFolder } from '../core/result-folder.ts';
import { type CsvReadOptions, type Delimiter, parseDelimiter } from '../core/csv.ts';
import {
  DEFAULT_LARGE_LOCATION_FACTOR,
  DEFAULT_SCORE_CLIP,
  DEFAULT_SCORE_WEIGHT,
  type DistributionKey,
  distributionKey,
  distributionKeyFigures,
} from '../plan/distribution-key.ts';
import { type Taakstelling, taakstelling, taakstellingFigures } from '../plan/taakstelling.ts';
import {
  keyFiles,
  keySummary,
  keyTables,
  taakstellingFiles,
  taakstellingSummary,
  taakstellingTables,
} from '../results/allocation-files.ts';
import { joinedColumns, type TableOutput } from '../results/table.ts';
import { writeWorkbook, wroteText } from '../results/workbook.ts';
import { formatCount, type Lang, say, type Text } from '../core/locale.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';
import { intInRange, numberInRange, positiveInt, withLang } from './options.ts';

/** Adds a subcommand to `doorstroom allocate` (it receives the `allocate` command and calls `.command(…)` on it). */
export type AllocateSubcommand = (allocate: Command) => void;

/**
 * Registers `doorstroom allocate` with its subcommands `taakstelling` and `key`, then lets each of
 * `extraSubcommands` add its own (e.g. `placement`), and returns the `allocate` command.
 *
 * @example registerAllocate(program, [addPlacementCommand])
 */
export function registerAllocate(program: Command, extraSubcommands: readonly AllocateSubcommand[] = []): Command {
  const allocate = allocateCommand(program);
  for (const add of extraSubcommands) add(allocate);
  return allocate;
}

/**
 * Builds the `allocate` command on `program` with the `taakstelling` and `key` subcommands. Subcommands made
 * with `allocate.command(…)` inherit the program's exit and output settings, as the tests and main() need.
 */
export function allocateCommand(program: Command): Command {
  const allocate = program
    .command('allocate')
    .description(
      "Split national numbers over the municipalities — the housing target (taakstelling) and the distribution key for reception places — and place permit holders' households.",
    );
  addTaakstellingCommand(allocate);
  addKeyCommand(allocate);
  return allocate;
}

/** The options every allocate subcommand shares: which municipalities, and where the results go. */
export interface AllocateCommonOptions {
  municipalities?: string;
  divisionYear?: number;
  out?: string;
  report?: string;
  json?: boolean;
  top: number;
  quiet?: boolean;
  /** The separator of every CSV file the options name (default: detected from each file's header line). */
  delimiter?: Delimiter;
  /** The language of the summary and the "wrote" line (default nl). */
  lang?: Lang;
  /** An Excel workbook of the result's tables. */
  xlsx?: string;
}

/**
 * The largest national numbers the commands take: far above any real half year (tens of thousands) or key
 * (about 100,000 places), and low enough that every sum stays an exact whole number.
 */
export const MAX_NATIONAL = 10_000_000;

/** Adds the shared options (--municipalities, --division-year, --out, --json, --top, --quiet) to a subcommand. */
export function withAllocateOptions(command: Command): Command {
  return withLang(command)
    .option('--xlsx <file>', 'also write the result tables as an Excel workbook (.xlsx), one sheet per table')
    .option(
      '--municipalities <file>',
      `municipality list: cbs_code,name,province_code,province_name,population (default: the shipped list, CBS division ${SHIPPED_DIVISION_YEAR})`,
    )
    .option(
      '--division-year <year>',
      'with --municipalities: the year of the CBS division its codes belong to (codes change with mergers)',
      positiveInt('--division-year', 9999),
    )
    .option(
      '-o, --out <dir>',
      'write tidy CSV files (one row per municipality, one per province) and JSON to this folder',
    )
    .option(
      '--report <file>',
      'write a self-contained HTML report: a map of the municipalities and of the provinces, each with its table',
    )
    .option('--json', 'print the JSON to standard output instead of the summary')
    .option('--top <n>', 'municipalities to list in the summary', positiveInt('--top', 100_000), 10)
    .option(
      '--delimiter <sep>',
      'separator of the CSV files given: "," ";" or tab (default: found in each file\'s header line)',
      delimiterOption,
    )
    .option('-q, --quiet', 'print nothing but errors');
}

/** A commander parser for --delimiter: `,`, `;` or `tab`. */
export function delimiterOption(value: string): Delimiter {
  const delimiter = parseDelimiter(value);
  if (delimiter === undefined) throw new InvalidArgumentError(`--delimiter must be "," or ";" or tab (got "${value}")`);
  return delimiter;
}

/** How the CSV files the options name are read: with --delimiter when given, else with each file's own separator. */
export function csvOptions(opts: { delimiter?: Delimiter }, sensitive = false): CsvReadOptions {
  return {
    ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
    ...(sensitive ? { sensitive } : {}),
  };
}

/** The municipalities the options name: the shipped list, or --municipalities with its --division-year. */
export function municipalitiesFromOptions(
  opts: AllocateCommonOptions,
  csv: CsvReadOptions = csvOptions(opts),
): MunicipalityData {
  if (opts.municipalities === undefined) {
    if (opts.divisionYear !== undefined)
      throw new InputError(
        `--division-year goes with --municipalities; the shipped list is of CBS division ${SHIPPED_DIVISION_YEAR}`,
      );
    return loadMunicipalities();
  }
  return loadMunicipalities(opts.municipalities, { year: opts.divisionYear, csv });
}

/**
 * Checks, before anything is read or computed, that the outputs can be written: --out is a new or empty folder
 * or one doorstroom wrote (it is replaced whole), and --report does not lie inside it.
 */
export function checkAllocationOutputs(opts: { out?: string; report?: string; xlsx?: string }): void {
  checkOutputs(opts.out, { '--report': opts.report, '--xlsx': opts.xlsx });
}

/**
 * Writes the result folder --out (built beside it and swapped in whole: the previous result or the new one,
 * never a mix) and then the report file --report (`report` makes its HTML; called before anything is written).
 * Returns the paths written. A file-system problem is an InputError naming the path.
 */
export function writeAllocationOutputs(
  opts: { out?: string; report?: string; xlsx?: string; lang?: Lang },
  files: Record<string, string>,
  report: () => string,
  tables: readonly TableOutput[] = [],
): string[] {
  const html = opts.report !== undefined ? report() : undefined;
  const written: string[] = [];
  if (opts.out !== undefined) {
    written.push(
      ...writeResultFolder(opts.out, (folder) => {
        for (const [name, text] of Object.entries(files)) folder.write(name, text);
      }),
    );
  }
  if (opts.report !== undefined && html !== undefined) {
    writeFileAtomically(opts.report, html);
    written.push(opts.report);
  }
  if (opts.xlsx !== undefined) {
    writeWorkbook(opts.xlsx, tables, opts.lang ?? 'nl');
    written.push(opts.xlsx);
  }
  return written;
}

/**
 * The report of municipal figures: a choropleth of the municipalities (and of the provinces, summed) with the
 * same numbers as a table, with the `keys` columns of the command's table per municipality (`table`) beside them.
 * The maps are of CBS division 2026; figures of other codes are listed below the map.
 */
export function allocationReport(
  lang: Lang,
  title: Text,
  intro: Text,
  value: { label: Text; unit: Text },
  figures: readonly MunicipalFigure[],
  columns?: { table: TableOutput; keys: readonly string[] },
): string {
  const boundaries = loadBoundaries();
  return allocationReportHtml({
    lang,
    title: say(title, lang),
    intro: say(intro, lang),
    level: 'municipality',
    topology: boundaries.municipalities,
    objectName: SHIPPED_BOUNDARIES.municipalities.object,
    provinceTopology: boundaries.provinces,
    provinceObjectName: SHIPPED_BOUNDARIES.provinces.object,
    mapSource: say(
      {
        nl: `Grenzen: CBS/PDOK Gebiedsindelingen, indeling ${SHIPPED_BOUNDARIES.divisionYear}, gegeneraliseerd (CC BY 4.0).`,
        en: `Boundaries: CBS/PDOK Gebiedsindelingen, division ${SHIPPED_BOUNDARIES.divisionYear}, generalised (CC BY 4.0).`,
      },
      lang,
    ),
    value: { label: say(value.label, lang), unit: say(value.unit, lang) },
    rows: figures.map((f) => ({ code: f.code, name: f.name, province: f.provinceName, value: f.value })),
    columns: columns && joinedColumns<AllocationRow>(columns.table, columns.keys, 'code', (r) => r.code),
  });
}

/**
 * Runs a subcommand's body (sync or async): output through `print`, user mistakes (InputError, InputError,
 * option errors) as messages with exit code 2. Anything else — a RangeError of the planning functions included,
 * which refuse only inputs the command should have refused first — is an internal error (exit code 1).
 */
export function allocateAction<O extends { out?: string; report?: string }>(
  body: (opts: O, print: (text: string) => void) => void | Promise<void>,
): (opts: O) => Promise<void> {
  return async (opts) => {
    try {
      checkAllocationOutputs(opts);
      await body(opts, (text) => process.stdout.write(text));
    } catch (error) {
      process.exitCode = reportUserError(error);
    }
  };
}

/** A commander parser for a number ≥ 0 named `name` in its message (at most 1,000,000: weights, factors, km). */
export function nonNegativeNumber(name: string) {
  return numberInRange(name, 0, 1_000_000);
}

/** A commander parser for a half year YYYY-H1 / YYYY-H2. */
export function halfYear(value: string): string {
  if (!parseHalfYear(value))
    throw new InvalidArgumentError(`--period must be a half year YYYY-H1 or YYYY-H2, e.g. 2023-H1 (got "${value}")`);
  return value;
}

// ── taakstelling ───────────────────────────────────────────────────────────────────────────────────────────

/** Options of `doorstroom allocate taakstelling`. */
export interface TaakstellingCommandOptions extends AllocateCommonOptions {
  period: string;
  national?: number;
  arrears?: string;
  arrearsColumn: string;
}

/**
 * Loads what the options name and computes the housing target. Without --national, the national number of the
 * period comes from the shipped half-yearly targets (and `nationalSource` says so).
 */
export function runTaakstelling(
  opts: TaakstellingCommandOptions,
  csv: CsvReadOptions = csvOptions(opts),
): { result: Taakstelling; nationalSource?: string } {
  const municipalities = municipalitiesFromOptions(opts, csv);
  let national = opts.national;
  let nationalSource: string | undefined;
  if (national === undefined) {
    const targets = loadHousingTargets();
    const found = targets.find((t) => t.period === opts.period);
    if (!found) {
      throw new InputError(
        `no national target for ${opts.period} in ${displayPath(SHIPPED_HOUSING_TARGETS_FILE)} (it has ${targets.map((t) => t.period).join(', ')}); give it with --national`,
      );
    }
    national = found.national;
    nationalSource = `${displayPath(SHIPPED_HOUSING_TARGETS_FILE)}:${found.line} (${found.source})`;
    if (found.backlogCarriedIn !== undefined && opts.arrears === undefined) {
      nationalSource += `; the source also names ${formatCount(found.backlogCarriedIn, 'en')} persons of backlog carried in: give each municipality's part with --arrears`;
    }
  }
  const arrears =
    opts.arrears !== undefined
      ? loadMunicipalValues(opts.arrears, opts.arrearsColumn, municipalities, { integer: true, max: MAX_NATIONAL, csv })
      : undefined;
  const result = taakstelling({ period: opts.period, national, municipalities, arrears });
  return { result, ...(nationalSource !== undefined ? { nationalSource } : {}) };
}

/** Adds `doorstroom allocate taakstelling` to the allocate command. */
export function addTaakstellingCommand(allocate: Command): void {
  withAllocateOptions(
    allocate
      .command('taakstelling')
      .description(
        'The half-yearly housing target for permit holders per municipality: national number pro rata population, whole persons adding up exactly, plus arrears.',
      )
      .requiredOption('--period <YYYY-Hn>', 'the half year, e.g. 2023-H1', halfYear)
      .option(
        '--national <n>',
        'the national number of permit holders to house (default: the shipped figure for the period, where known)',
        intInRange('--national', 0, MAX_NATIONAL),
      )
      .option(
        '--arrears <file>',
        "CSV with code (or cbs_code) and each municipality's arrears from earlier periods, negative for a surplus",
      )
      .option('--arrears-column <name>', 'the column of --arrears that holds the arrears', 'arrears'),
  ).action(
    allocateAction<TaakstellingCommandOptions>((opts, print) => {
      const { result, nationalSource } = runTaakstelling(opts);
      const source = {
        municipalities: opts.municipalities ?? displayPath(SHIPPED_MUNICIPALITIES_FILE),
        arrears: opts.arrears,
        national: nationalSource ?? '--national',
      };
      const files = taakstellingFiles(result, source);
      const tables = taakstellingTables(result);
      const written = writeAllocationOutputs(
        opts,
        files,
        () => {
          const lang = opts.lang ?? 'nl';
          return allocationReport(
            lang,
            { nl: `doorstroom taakstelling ${result.period}`, en: `doorstroom housing target ${result.period}` },
            {
              nl: `Taakstelling huisvesting vergunninghouders, ${result.period}: het landelijke aantal naar rato van de bevolking (CBS, indeling ${result.year}), in hele personen die met de grootste-restmethode precies optellen, plus de achterstand van elke gemeente.`,
              en: `Housing target for permit holders, ${result.period}: the national number pro rata population (CBS, ${result.year} division), whole persons adding up exactly by largest remainder, plus each municipality's arrears.`,
            },
            {
              label: { nl: 'te huisvesten personen', en: 'persons to house' },
              unit: { nl: 'personen', en: 'persons' },
            },
            taakstellingFigures(result),
            { table: tables[0], keys: ['target', 'arrears'] },
          );
        },
        tables,
      );
      if (opts.json) print(files['taakstelling.json']);
      else if (!opts.quiet)
        print(
          taakstellingSummary(result, opts.top, nationalSource, opts.lang ?? 'nl') +
            (written.length > 0 ? `\n${wroteText(written, opts.lang ?? 'nl')}` : ''),
        );
    }),
  );
}

// ── distribution key ───────────────────────────────────────────────────────────────────────────────────────

/** Options of `doorstroom allocate key`. */
export interface KeyCommandOptions extends AllocateCommonOptions {
  places: number;
  scores?: string;
  scoreColumn: string;
  weight?: number;
  clip?: number;
  existing?: string;
  existingColumn: string;
  largeColumn?: string;
  largeFactor?: number;
  allowNegative?: boolean;
}

/** Loads what the options name and computes the distribution key; refuses options that do nothing alone. */
export function runKey(opts: KeyCommandOptions): DistributionKey {
  if (opts.scores === undefined && (opts.weight !== undefined || opts.clip !== undefined))
    throw new InputError('--weight and --clip correct the welfare score of --scores; give --scores too');
  if (opts.existing === undefined && opts.largeColumn !== undefined)
    throw new InputError('--large-column names a column of --existing; give --existing too');
  if (opts.largeColumn === undefined && opts.largeFactor !== undefined)
    throw new InputError('--large-factor applies to the places of --large-column; give --large-column too');
  const weight = opts.weight ?? DEFAULT_SCORE_WEIGHT;
  const clip = opts.clip ?? DEFAULT_SCORE_CLIP;
  if (opts.scores !== undefined && weight * clip >= 1) {
    throw new InputError(
      `--weight ${weight} × --clip ${clip} = ${Number((weight * clip).toPrecision(6))}; it must stay below 1, or a municipality's weight would reach 0: lower --weight or --clip`,
    );
  }
  const csv = csvOptions(opts);
  const municipalities = municipalitiesFromOptions(opts, csv);
  const scores =
    opts.scores !== undefined
      ? loadMunicipalValues(opts.scores, opts.scoreColumn, municipalities, { complete: true, csv })
      : undefined;
  const existing =
    opts.existing !== undefined
      ? loadMunicipalValues(opts.existing, opts.existingColumn, municipalities, {
          integer: true,
          min: 0,
          max: MAX_NATIONAL,
          csv,
        })
      : undefined;
  const large =
    opts.existing !== undefined && opts.largeColumn !== undefined
      ? loadMunicipalValues(opts.existing, opts.largeColumn, municipalities, {
          integer: true,
          min: 0,
          max: MAX_NATIONAL,
          csv,
        })
      : undefined;
  for (const [code, places] of large ?? []) {
    const all = existing?.get(code) ?? 0;
    if (places > all)
      throw new InputError(
        `${opts.existing}: ${code} has ${places} places in large locations (column ${opts.largeColumn}) but ${all} existing places (column ${opts.existingColumn}); large-location places are part of the existing ones`,
      );
  }
  return distributionKey({
    places: opts.places,
    municipalities,
    scores,
    scoreName: opts.scoreColumn,
    weight: opts.weight,
    clip: opts.clip,
    existing,
    largeLocations: large,
    largeLocationFactor: opts.largeFactor,
    allowNegative: opts.allowNegative,
  });
}

/** Adds `doorstroom allocate key` to the allocate command. */
export function addKeyCommand(allocate: Command): void {
  withAllocateOptions(
    allocate
      .command('key')
      .description(
        'The distribution key for reception places (Spreidingswet): population, optionally corrected by a welfare score, exact per province and municipality, with credits for existing places.',
      )
      .requiredOption(
        '--places <n>',
        'the national number of reception places, e.g. 96000',
        intInRange('--places', 0, MAX_NATIONAL),
      )
      .option(
        '--scores <file>',
        'CSV with code (or cbs_code) and a welfare score for every municipality (e.g. CBS SES-WOA; none is shipped)',
      )
      .option('--score-column <name>', 'the column of --scores that holds the score', 'ses_woa')
      .option(
        '--weight <w>',
        `weight w of the standardised score: weight = population × (1 + w·z) (default ${DEFAULT_SCORE_WEIGHT})`,
        numberInRange('--weight', 0, 1),
      )
      .option(
        '--clip <c>',
        `clip standardised scores to ±c (default ${DEFAULT_SCORE_CLIP}); w·c must stay below 1`,
        numberInRange('--clip', 0, 1000, { exclusiveMin: true }),
      )
      .option(
        '--existing <file>',
        'CSV with code (or cbs_code) and the reception places each municipality already provides',
      )
      .option('--existing-column <name>', 'the column of --existing that holds the places', 'places')
      .option(
        '--large-column <name>',
        'a column of --existing with the part of those places in large locations (e.g. a central reception location)',
      )
      .option(
        '--large-factor <f>',
        `what a place in a large location counts for (default ${DEFAULT_LARGE_LOCATION_FACTOR})`,
        numberInRange('--large-factor', 0, 100),
      )
      .option('--allow-negative', 'let the remaining task go below 0 where the credit exceeds the share'),
  ).action(
    allocateAction<KeyCommandOptions>((opts, print) => {
      const result = runKey(opts);
      const source = {
        municipalities: opts.municipalities ?? displayPath(SHIPPED_MUNICIPALITIES_FILE),
        scores: opts.scores,
        existing: opts.existing,
      };
      const files = keyFiles(result, source);
      const tables = keyTables(result);
      const written = writeAllocationOutputs(
        opts,
        files,
        () => {
          const lang = opts.lang ?? 'nl';
          const corrected = result.rows.some((r) => r.factor !== 1);
          return allocationReport(
            lang,
            { nl: 'doorstroom verdeelsleutel opvangplaatsen', en: 'doorstroom distribution key for reception places' },
            {
              nl: `Opvangplaatsen per gemeente: ${formatCount(result.places, 'nl')} plaatsen naar bevolking${corrected ? ', gecorrigeerd met de welvaartsscore' : ''}, exact per provincie en gemeente; bestaande plaatsen worden verrekend.`,
              en: `Reception places per municipality: ${formatCount(result.places, 'en')} places by population${corrected ? ' corrected by the welfare score' : ' only'}, exact per province and municipality; existing places are credited.`,
            },
            { label: { nl: 'opvangplaatsen', en: 'reception places' }, unit: { nl: 'plaatsen', en: 'places' } },
            distributionKeyFigures(result),
            { table: tables[0], keys: ['credit', 'remaining'] },
          );
        },
        tables,
      );
      if (opts.json) print(files['key.json']);
      else if (!opts.quiet)
        print(
          keySummary(result, opts.top, opts.lang ?? 'nl') +
            (written.length > 0 ? `\n${wroteText(written, opts.lang ?? 'nl')}` : ''),
        );
    }),
  );
}
