// `doorstroom forecast series.csv`: forecasts every count series in a CSV file and prints a table and a chart
// per series; with --out it writes a result folder (forecast.csv, forecast.json and, with --paths, paths.csv),
// with --report a self-contained HTML report. Nothing is written without those options. Thin: parse options,
// call src/forecast, print. User mistakes (a located problem in the file, an option out of its range) print a
// message and exit with code 2; anything else is an internal error (exit code 1, with its stack).
import { InputError, shortText } from '../core/diagnostics.ts';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Command, InvalidArgumentError } from 'commander';
import { backtest, owa } from '../forecast/backtest.ts';
import { parseCountCsv, parsePeriod, shiftPeriod } from '../forecast/csv.ts';
import { type Forecast, forecast, ForecastInputError, MAX_HORIZON, samplePath } from '../forecast/forecast.ts';
import type { NamedForecast } from '../forecast/render.ts';
import { htmlReport } from '../report/forecast-report.ts';
import {
  backtestText,
  forecastCsvFiles,
  forecastJson,
  forecastTables,
  forecastText,
  pathsCsv,
  terminalChart,
} from '../results/forecast-files.ts';
import { writeWorkbook } from '../results/workbook.ts';
import { formatNumber, type Lang } from '../core/locale.ts';
import {
  applyProfile,
  profileFromHistory,
  type StressProfile,
  stopProfile,
  surgeProfile,
} from '../forecast/scenarios.ts';
import { METHOD_NAMES, type MethodName } from '../forecast/types.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { FILE_LIMITS, readTextFile } from '../core/read-file.ts';
import { checkOutputs, writeResultFolder } from '../core/result-folder.ts';
import type { Delimiter } from '../core/csv.ts';
import { delimiterOption } from './allocate.ts';
import { decimal, intInRange, withLang, withXlsx } from './options.ts';
import { reportUserError } from './errors.ts';
import { progressBar } from './progress.ts';

/** The most backtest origins: each refits every model (and the Naive2 reference) once more. */
export const MAX_ORIGINS = 50;
/** The most sample paths per series. */
export const MAX_PATHS = 10_000;
/** The most rows of paths.csv (paths × horizon × series), about 40 MB. */
export const MAX_PATH_ROWS = 1_000_000;
/** The most forecast rows (series × horizon): the JSON, the report and the printed tables stay tens of MB. */
export const MAX_FORECAST_ROWS = 200_000;
/** The most interval levels. */
export const MAX_LEVELS = 10;
/** The largest seed: seeds are 32-bit. */
export const MAX_SEED = 4_294_967_295;

export interface ForecastCommandOptions {
  horizon: number;
  by?: string;
  column?: string;
  level: number[];
  method: string;
  backtest?: boolean;
  origins: number;
  break?: string;
  out?: string;
  report?: string;
  paths?: number;
  seed: number;
  stress?: StressProfile;
  stressStart?: string;
  delimiter?: Delimiter;
  quiet?: boolean;
  /** Language of the terminal text (default nl). */
  lang?: Lang;
  xlsx?: string;
}

const dataDir = fileURLToPath(new URL('../../data/', import.meta.url));

/** A commander parser for --level: percentages strictly between 0 and 100, comma-separated, each once. */
export function levelList(value: string): number[] {
  const parts = value.split(',').map((s) => s.trim());
  const levels = parts.map(Number);
  if (
    parts.length > MAX_LEVELS ||
    parts.some((p, i) => p === '' || !(levels[i] > 0 && levels[i] < 100)) ||
    new Set(levels).size !== levels.length
  ) {
    throw new InvalidArgumentError(
      `--level must be up to ${MAX_LEVELS} different percentages strictly between 0 and 100, comma-separated, e.g. 80,95 (got "${value}")`,
    );
  }
  return levels;
}

/** One parameter of a --stress profile: a number within its bounds, or an option error that says which. */
function stressParameter(
  spec: string,
  what: string,
  text: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  range: string,
): number {
  if (text === undefined) return fallback;
  const n = decimal(text);
  if (!check(n)) throw new InvalidArgumentError(`--stress ${spec}: the ${what} must be ${range} (got "${text}")`);
  return n;
}

const STRESS_USAGE = 'use surge[:peak:ramp:hold:decay], stop[:depth:hold:recovery], surge2015 or stop2016';

/**
 * Stress profiles: generic shapes with parameters, or shapes measured from the shipped NL series. A commander
 * parser: every mistake is an option error that names the parameter and its range.
 */
export function parseStress(spec: string): StressProfile {
  const [name, ...args] = spec.split(':');
  const steps = (what: string, text: string | undefined, fallback: number) =>
    stressParameter(
      spec,
      what,
      text,
      fallback,
      (n) => Number.isInteger(n) && n >= 0 && n <= MAX_HORIZON,
      `a whole number of periods from 0 to ${MAX_HORIZON}`,
    );
  if (name === 'surge') {
    if (args.length > 4)
      throw new InvalidArgumentError(`--stress ${spec}: a surge has at most four parameters (peak, ramp, hold, decay)`);
    const peak = stressParameter(
      spec,
      'peak',
      args[0],
      3,
      (n) => n > 0 && n <= 100,
      'a multiplier above 0 and at most 100',
    );
    return surgeProfile({
      peak,
      rampSteps: steps('ramp', args[1], 4),
      holdSteps: steps('hold', args[2], 2),
      decaySteps: steps('decay', args[3], 6),
    });
  }
  if (name === 'stop') {
    if (args.length > 3)
      throw new InvalidArgumentError(`--stress ${spec}: a stop has at most three parameters (depth, hold, recovery)`);
    const depth = stressParameter(spec, 'depth', args[0], 0.3, (n) => n >= 0 && n <= 1, 'a multiplier from 0 to 1');
    return stopProfile({ depth, holdSteps: steps('hold', args[1], 3), recoverySteps: steps('recovery', args[2], 6) });
  }
  if (name === 'surge2015' || name === 'stop2016') {
    if (args.length > 0) throw new InvalidArgumentError(`--stress ${name} takes no parameters; ${STRESS_USAGE}`);
    const file = join(dataDir, 'asylum_applicants_monthly_nl_de_2012_2019.csv');
    let nl;
    try {
      [nl] = parseCountCsv(readTextFile(file, { maxBytes: FILE_LIMITS.csv, what: 'a CSV input file' }), file, {
        columns: ['NL'],
      });
    } catch (error) {
      // An option parser may only throw option errors: a damaged installation is said as one.
      throw new InvalidArgumentError(
        `--stress ${name} needs the shipped series ${file}, which cannot be read: ${(error as Error).message}`,
      );
    }
    const at = (label: string) => nl.periods.indexOf(label);
    return name === 'surge2015'
      ? profileFromHistory(
          nl.values,
          at('2015-06'),
          8,
          12,
          name,
          'NL asylum applicants Jun 2015 – Jan 2016 / mean of the 12 months before (Eurostat migr_asyappctzm)',
        )
      : profileFromHistory(
          nl.values,
          at('2016-01'),
          6,
          6,
          name,
          'NL asylum applicants Jan – Jun 2016 / mean of Jul – Dec 2015 (Eurostat migr_asyappctzm)',
        );
  }
  throw new InvalidArgumentError(`unknown --stress '${shortText(name)}': ${STRESS_USAGE}`);
}

function stressed(fc: Forecast, profile: StressProfile, start: number): Forecast {
  return {
    ...fc,
    label: `${fc.label} × ${profile.name}`,
    mean: applyProfile(fc.mean.slice(), profile, start),
    intervals: fc.intervals.map((i) => ({
      level: i.level,
      lower: applyProfile(i.lower.slice(), profile, start),
      upper: applyProfile(i.upper.slice(), profile, start),
    })),
    notes: [...fc.notes, `stress profile ${profile.name} from step ${start + 1}: ${profile.source}`],
  };
}

/** Checks the options that concern no file, and that the outputs can be written, before anything is read. */
function checkOptions(options: ForecastCommandOptions): void {
  const method = options.method;
  if (method !== 'auto' && !METHOD_NAMES.includes(method as MethodName)) {
    throw new InputError(`--method ${method}: use auto or one of ${METHOD_NAMES.join(', ')}`);
  }
  if (options.paths !== undefined && options.out === undefined)
    throw new InputError('--paths writes paths.csv into the result folder; give --out <folder> too');
  if (options.stressStart !== undefined && options.stress === undefined)
    throw new InputError('--stress-start says where the profile of --stress begins; give --stress too');
  if (options.stressStart !== undefined && !parsePeriod(options.stressStart))
    throw new InputError(
      `--stress-start ${options.stressStart}: not a period; write it like the file's periods (2024-03, 2024-Q1, 2024-W05 or 2024)`,
    );
  if (options.break !== undefined && !parsePeriod(options.break))
    throw new InputError(
      `--break ${options.break}: not a period; write it like the file's periods (2024-03, 2024-Q1, 2024-W05 or 2024)`,
    );
  checkOutputs(options.out, { '--report': options.report, '--xlsx': options.xlsx });
}

/** Runs the forecast command; output through `print`, files only with --out and --report. */
export function runForecast(
  file: string,
  options: ForecastCommandOptions,
  print: (line: string) => void,
  onSeries?: (done: number, total: number) => void,
): void {
  checkOptions(options);
  const { horizon, origins, seed } = options;
  const levels = options.level;
  const method = options.method as MethodName | 'auto';
  const pathCount = options.paths ?? 0;
  const profile = options.stress ?? null;

  const text = readTextFile(file, { maxBytes: FILE_LIMITS.csv, what: 'a CSV input file', legacyEncoding: true });
  const series = parseCountCsv(text, file, {
    by: options.by,
    columns: options.column ? options.column.split(',').map((c) => c.trim()) : undefined,
    ...(options.delimiter !== undefined ? { delimiter: options.delimiter } : {}),
  });
  if (horizon * series.length > MAX_FORECAST_ROWS) {
    throw new InputError(
      `--horizon ${horizon} × ${series.length} series makes ${(horizon * series.length).toLocaleString('en-GB')} forecast rows, more than ${MAX_FORECAST_ROWS.toLocaleString('en-GB')}: lower --horizon, or pick series with --column`,
    );
  }
  const pathRows = pathCount * horizon * series.length;
  if (pathRows > MAX_PATH_ROWS) {
    throw new InputError(
      `--paths ${pathCount} × --horizon ${horizon} × ${series.length} series makes ${pathRows.toLocaleString('en-GB')} rows of paths.csv, more than ${MAX_PATH_ROWS.toLocaleString('en-GB')}: lower --paths or --horizon, or pick series with --column`,
    );
  }

  const items: NamedForecast[] = [];
  const stressStarts: number[] = [];
  const owaByName = new Map<string, number | undefined>();
  for (const s of series) {
    let breakAt: number | undefined;
    if (options.break) {
      breakAt = s.periods.indexOf(options.break);
      if (breakAt < 0)
        throw new InputError(
          `--break ${options.break}: series ${s.name} runs ${s.periods[0]} – ${s.periods[s.periods.length - 1]} and has no such period`,
        );
    }
    const forecastOptions = { horizon, period: s.period, method, levels, breakAt };
    let fc: Forecast;
    try {
      fc = forecast(s.values, forecastOptions);
    } catch (error) {
      if (error instanceof ForecastInputError) throw new InputError(`series ${s.name} of ${file}: ${error.message}`);
      throw error;
    }
    const forecastPeriods = Array.from({ length: horizon }, (_, h) =>
      shiftPeriod(s.periods[s.periods.length - 1], h + 1),
    );
    let start = 0;
    if (profile) {
      if (options.stressStart) {
        start = forecastPeriods.indexOf(options.stressStart);
        if (start < 0)
          throw new InputError(
            `--stress-start ${options.stressStart}: not one of the forecast periods ${forecastPeriods[0]} – ${forecastPeriods[horizon - 1]} of series ${s.name}`,
          );
      }
      fc = stressed(fc, profile, start);
    }
    stressStarts.push(start);
    const item: NamedForecast = {
      name: s.name,
      historyPeriods: s.periods,
      history: s.values,
      forecastPeriods,
      forecast: fc,
    };
    let owaVsNaive2: number | undefined;
    if (options.backtest) {
      try {
        item.backtest = backtest(s.values, { ...forecastOptions, origins });
        const reference = backtest(s.values, { ...forecastOptions, method: 'naive2', origins });
        owaVsNaive2 = owa(item.backtest.overall, reference.overall);
      } catch (error) {
        // Only a series too short to test is a reason for no backtest; anything else is a defect.
        if (!(error instanceof ForecastInputError)) throw error;
        fc.notes.push(`no backtest: ${error.message}`);
      }
    }
    owaByName.set(s.name, owaVsNaive2);
    items.push(item);
    onSeries?.(items.length, series.length);
  }

  const lang = options.lang ?? 'nl';
  for (const item of items) printForecast(item, owaByName.get(item.name), options.quiet === true, print, lang);

  // Every file's text is made before the first is written.
  const report =
    options.report !== undefined
      ? htmlReport(
          items,
          `${lang === 'nl' ? 'doorstroom-prognose' : 'doorstroom forecast'}: ${file.split(/[\\/]/).pop()}`,
          { lang },
        )
      : undefined;
  const written: string[] = [];
  if (options.out !== undefined) {
    written.push(
      ...writeResultFolder(options.out, (folder) => {
        for (const [name, text] of Object.entries(forecastCsvFiles(items))) folder.write(name, text);
        folder.write('forecast.json', forecastJson(items));
        if (pathCount > 0)
          folder.write(
            'paths.csv',
            pathsCsv(items, pathCount, (k, r, out) => {
              samplePath(items[k].forecast, seed, r, out);
              if (profile) applyProfile(out, profile, stressStarts[k]);
            }),
          );
      }),
    );
  }
  if (options.xlsx !== undefined) {
    writeWorkbook(options.xlsx, forecastTables(items), lang);
    written.push(options.xlsx);
  }
  if (options.report !== undefined && report !== undefined) {
    writeFileAtomically(options.report, report);
    written.push(options.report);
  }
  const nl = lang === 'nl';
  print(
    written.length > 0
      ? `\n${nl ? 'geschreven' : 'wrote'} ${written.join(', ')}`
      : nl
        ? '\ngeen bestanden geschreven (--out <map> schrijft forecast.csv en forecast.json, --report een HTML-rapport)'
        : '\nno files written (--out <folder> writes forecast.csv and forecast.json, --report an HTML report)',
  );
}

function printForecast(
  item: NamedForecast,
  owaValue: number | undefined,
  quiet: boolean,
  print: (line: string) => void,
  lang: Lang,
): void {
  const fc = item.forecast;
  const nl = lang === 'nl';
  print(`\n${item.name} (${fc.observations} ${nl ? 'waarnemingen' : 'observations'}): ${fc.label}`);
  for (const note of fc.notes) print(`  ${nl ? 'let op' : 'note'}: ${note}`);
  if (!quiet) print(terminalChart(item, lang));
  print(forecastText(item, lang));
  if (item.backtest) {
    const b = item.backtest;
    const models = [...new Set(b.labels)].join('; ');
    print(
      nl
        ? `backtest over ${b.origins.length} startpunten (modellen: ${models})`
        : `backtest over ${b.origins.length} origins (models: ${models})`,
    );
    print(backtestText(b, lang));
    if (owaValue !== undefined)
      print(
        nl
          ? `OWA tegen Naive2 over dezelfde startpunten: ${formatNumber(owaValue, lang, 3)} (onder 1 is beter)`
          : `OWA against Naive2 over the same origins: ${formatNumber(owaValue, lang, 3)} (below 1 is better)`,
      );
  }
}

export function registerForecast(program: Command): void {
  const command = program
    .command('forecast')
    .description(
      'Forecast count series (inflow) with calibrated intervals; prints them, and writes CSV and JSON with --out.',
    )
    .argument(
      '<file>',
      'CSV: a period column (2024-03, 2024-Q1, 2024-W05 or 2024) and one or more count columns; separated by "," ";" or tabs',
    )
    .option(
      '--horizon <n>',
      `periods ahead to forecast (1 to ${MAX_HORIZON})`,
      intInRange('--horizon', 1, MAX_HORIZON),
      12,
    )
    .option('--by <column>', 'long format: the column that names each series (e.g. cohort)')
    .option('--column <names>', 'only these count columns, comma-separated')
    .option('--level <list>', 'interval levels in percent, comma-separated', levelList, [80, 95])
    .option(
      '--method <name>',
      `combination (median of ETS, Theta, ARIMA), auto (chosen by backtest) or one of ${METHOD_NAMES.join(', ')}`,
      'combination',
    )
    .option('--backtest', 'also run a rolling-origin backtest and print its scores per step ahead')
    .option('--origins <n>', `backtest origins (1 to ${MAX_ORIGINS})`, intInRange('--origins', 1, MAX_ORIGINS), 5)
    .option('--break <period>', 'a series break: ignore observations before this period')
    .option(
      '-o, --out <dir>',
      'write the result folder: forecast.csv, forecast.json (and paths.csv); without it nothing is written but --report',
    )
    .option('--report <file.html>', 'write a self-contained HTML report with fan charts')
    .option(
      '--paths <n>',
      `with --out: also write paths.csv with n sample paths per series (1 to ${MAX_PATHS}; at most ${MAX_PATH_ROWS.toLocaleString('en-GB')} rows)`,
      intInRange('--paths', 1, MAX_PATHS),
    )
    .option('--seed <n>', 'seed for sample paths', intInRange('--seed', 0, MAX_SEED), 1)
    .option(
      '--stress <profile>',
      'apply a stress profile: surge[:peak:ramp:hold:decay], stop[:depth:hold:recovery], surge2015, stop2016',
      parseStress,
    )
    .option('--stress-start <period>', 'first forecast period the stress profile applies to (default: the first)')
    .option(
      '--delimiter <sep>',
      'separator of the file: "," ";" or tab (default: found in its header line)',
      delimiterOption,
    )
    .option('--quiet', 'no terminal chart');
  withXlsx(withLang(command)).action((file: string, options: ForecastCommandOptions) => {
    try {
      // A bar while many series are forecast (and backtested); stopped before the first line is printed.
      const progress = progressBar({ quiet: options.quiet, unit: 'series' });
      let started = false;
      try {
        runForecast(
          file,
          options,
          (line) => {
            progress.stop();
            process.stdout.write(`${line}\n`);
          },
          (done, total) => {
            if (!started && total > 1) progress.phase('forecasting', total);
            started = true;
            progress.update(done);
          },
        );
      } finally {
        progress.stop();
      }
    } catch (error) {
      // Located file problems (InputError), option and output errors (InputError); anything else keeps its stack.
      process.exitCode = reportUserError(error);
    }
  });
}
