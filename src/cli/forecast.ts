// `doorstroom forecast series.csv`: forecasts every count series in a CSV file, prints a table and a chart per
// series, and writes CSV and JSON (and optionally an HTML report and sample paths). Thin: parse options, call
// src/forecast, print. User mistakes print `doorstroom: <message>` and set exit code 2.
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { backtest, owa } from '../forecast/backtest.ts';
import { CsvInputError, parseCountCsv, parsePeriod, shiftPeriod } from '../forecast/csv.ts';
import { type Forecast, forecast, ForecastInputError, samplePath } from '../forecast/forecast.ts';
import { forecastCsv, forecastJson, forecastRows, formatTable, htmlReport, type NamedForecast, terminalChart } from '../forecast/render.ts';
import { applyProfile, profileFromHistory, type StressProfile, stopProfile, surgeProfile } from '../forecast/scenarios.ts';
import { METHOD_NAMES, type MethodName } from '../forecast/types.ts';
import { UserError, reportUserError } from './errors.ts';
import { writeFileAtomically } from '../io/atomic-write.ts';


interface ForecastCommandOptions {
  horizon: string;
  by?: string;
  column?: string;
  level: string;
  method: string;
  backtest?: boolean;
  origins: string;
  break?: string;
  out?: string;
  report?: string;
  paths?: string;
  seed: string;
  stress?: string;
  stressStart?: string;
  quiet?: boolean;
}

function positiveInteger(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`${option} must be a whole number ≥ 1, got '${value}'`);
  return n;
}

/** Writes through a temporary file and a rename, so a reader never sees half a file. */

const dataDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data');

/** Stress profiles: generic shapes with parameters, or shapes measured from the shipped NL series. */
export function parseStress(spec: string): StressProfile {
  const [name, ...args] = spec.split(':');
  const numbers = args.map(Number);
  if (numbers.some((n) => !Number.isFinite(n))) throw new UserError(`--stress ${spec}: parameters must be numbers`);
  if (name === 'surge') {
    const [peak = 3, ramp = 4, hold = 2, decay = 6] = numbers;
    return surgeProfile({ peak, rampSteps: ramp, holdSteps: hold, decaySteps: decay });
  }
  if (name === 'stop') {
    const [depth = 0.3, hold = 3, recovery = 6] = numbers;
    return stopProfile({ depth, holdSteps: hold, recoverySteps: recovery });
  }
  if (name === 'surge2015' || name === 'stop2016') {
    const file = join(dataDir, 'asylum_applicants_monthly_nl_de_2012_2019.csv');
    if (!existsSync(file)) throw new UserError(`--stress ${name} needs ${file}, which is missing from this installation`);
    const [nl] = parseCountCsv(readFileSync(file, 'utf8'), file, { columns: ['NL'] });
    const at = (label: string) => nl.periods.indexOf(label);
    return name === 'surge2015'
      ? profileFromHistory(nl.values, at('2015-06'), 8, 12, name, 'NL asylum applicants Jun 2015 – Jan 2016 / mean of the 12 months before (Eurostat migr_asyappctzm)')
      : profileFromHistory(nl.values, at('2016-01'), 6, 6, name, 'NL asylum applicants Jan – Jun 2016 / mean of Jul – Dec 2015 (Eurostat migr_asyappctzm)');
  }
  throw new UserError(`unknown --stress '${name}': use surge[:peak:ramp:hold:decay], stop[:depth:hold:recovery], surge2015 or stop2016`);
}

function stressed(fc: Forecast, profile: StressProfile, start: number): Forecast {
  return {
    ...fc,
    label: `${fc.label} × ${profile.name}`,
    mean: applyProfile(fc.mean.slice(), profile, start),
    intervals: fc.intervals.map((i) => ({ level: i.level, lower: applyProfile(i.lower.slice(), profile, start), upper: applyProfile(i.upper.slice(), profile, start) })),
    notes: [...fc.notes, `stress profile ${profile.name} from step ${start + 1}: ${profile.source}`],
  };
}

export function runForecast(file: string, options: ForecastCommandOptions, print: (line: string) => void): void {
  const horizon = positiveInteger(options.horizon, '--horizon');
  const levels = options.level.split(',').map((s) => Number(s.trim()));
  for (const level of levels) {
    if (!(level > 0 && level < 100)) throw new UserError(`--level ${options.level}: each level must lie strictly between 0 and 100`);
  }
  const method = options.method as MethodName | 'auto';
  if (method !== 'auto' && !METHOD_NAMES.includes(method)) {
    throw new UserError(`--method ${options.method}: use auto or one of ${METHOD_NAMES.join(', ')}`);
  }
  const origins = positiveInteger(options.origins, '--origins');
  const seed = Number(options.seed);
  if (!Number.isInteger(seed)) throw new UserError(`--seed must be a whole number, got '${options.seed}'`);
  const pathCount = options.paths !== undefined ? positiveInteger(options.paths, '--paths') : 0;
  if (!existsSync(file)) throw new UserError(`${file}: file not found; give the path to a CSV file with a period column and counts`);
  const profile = options.stress ? parseStress(options.stress) : null;

  const series = parseCountCsv(readFileSync(file, 'utf8'), file, {
    by: options.by,
    columns: options.column ? options.column.split(',').map((c) => c.trim()) : undefined,
  });
  const items: NamedForecast[] = [];
  const owaByName = new Map<string, number | undefined>();
  for (const s of series) {
    let breakAt: number | undefined;
    if (options.break) {
      if (!parsePeriod(options.break)) throw new UserError(`--break ${options.break}: not a period; write it like the file's periods (e.g. ${s.periods[0]})`);
      breakAt = s.periods.indexOf(options.break);
      if (breakAt < 0) throw new UserError(`--break ${options.break}: series ${s.name} runs ${s.periods[0]} – ${s.periods[s.periods.length - 1]} and has no such period`);
    }
    const forecastOptions = { horizon, period: s.period, method, levels, breakAt };
    let fc = forecast(s.values, forecastOptions);
    const forecastPeriods = Array.from({ length: horizon }, (_, h) => shiftPeriod(s.periods[s.periods.length - 1], h + 1));
    if (profile) {
      let start = 0;
      if (options.stressStart) {
        start = forecastPeriods.indexOf(options.stressStart);
        if (start < 0) throw new UserError(`--stress-start ${options.stressStart}: not one of the forecast periods ${forecastPeriods[0]} – ${forecastPeriods[horizon - 1]}`);
      }
      fc = stressed(fc, profile, start);
    }
    const item: NamedForecast = { name: s.name, historyPeriods: s.periods, history: s.values, forecastPeriods, forecast: fc };
    let owaVsNaive2: number | undefined;
    if (options.backtest) {
      try {
        item.backtest = backtest(s.values, { ...forecastOptions, origins });
        const reference = backtest(s.values, { ...forecastOptions, method: 'naive2', origins });
        owaVsNaive2 = owa(item.backtest.overall, reference.overall);
      } catch (error) {
        fc.notes.push(`no backtest: ${(error as Error).message}`);
      }
    }
    owaByName.set(s.name, owaVsNaive2);
    items.push(item);
  }

  for (const item of items) {
    const fc = item.forecast;
    print(`\n${item.name} (${fc.observations} observations): ${fc.label}`);
    for (const note of fc.notes) print(`  note: ${note}`);
    if (!options.quiet) print(terminalChart(item));
    const { header, rows } = forecastRows(item);
    print(formatTable(header, rows));
    if (item.backtest) {
      const b = item.backtest;
      const bh = ['step', 'n', 'MASE', 'sMAPE', ...b.levels.map((l) => `cov${l}`), ...b.levels.map((l) => `MSIS${l}`), 'sCRPS'];
      const br = b.perStep.map((p) => [
        String(p.step),
        String(p.count),
        p.mase.toFixed(3),
        p.smape.toFixed(1),
        ...p.coverage.map((c) => `${(100 * c).toFixed(0)}%`),
        ...p.msis.map((m) => m.toFixed(2)),
        p.scaledCrps.toFixed(3),
      ]);
      const o = b.overall;
      br.push(['all', String(o.count), o.mase.toFixed(3), o.smape.toFixed(1), ...o.coverage.map((c) => `${(100 * c).toFixed(0)}%`), ...o.msis.map((m) => m.toFixed(2)), o.scaledCrps.toFixed(3)]);
      print(`backtest over ${b.origins.length} origins (models: ${[...new Set(b.labels)].join('; ')})`);
      print(formatTable(bh, br));
      const owaValue = owaByName.get(item.name);
      if (owaValue !== undefined) print(`OWA against Naive2 over the same origins: ${owaValue.toFixed(3)} (below 1 is better)`);
    }
  }

  const prefix = options.out ?? basename(file, extname(file)) + '.forecast';
  writeFileAtomically(`${prefix}.csv`, forecastCsv(items));
  writeFileAtomically(`${prefix}.json`, forecastJson(items));
  const written = [`${prefix}.csv`, `${prefix}.json`];
  if (pathCount > 0) {
    const lines = ['series,replication,period,value'];
    for (const item of items) {
      const out = new Float64Array(horizon);
      for (let r = 0; r < pathCount; r++) {
        samplePath(item.forecast, seed, r, out);
        if (profile) applyProfile(out, profile, options.stressStart ? item.forecastPeriods.indexOf(options.stressStart) : 0);
        for (let h = 0; h < horizon; h++) lines.push(`${item.name},${r},${item.forecastPeriods[h]},${out[h].toFixed(3)}`);
      }
    }
    writeFileAtomically(`${prefix}.paths.csv`, lines.join('\n') + '\n');
    written.push(`${prefix}.paths.csv`);
  }
  if (options.report) {
    writeFileAtomically(options.report, htmlReport(items, `doorstroom forecast: ${basename(file)}`));
    written.push(options.report);
  }
  print(`\nwrote ${written.join(', ')}`);
}

export function registerForecast(program: Command): void {
  program
    .command('forecast')
    .description('Forecast count series (inflow) with calibrated intervals; writes CSV and JSON.')
    .argument('<file>', 'CSV: a period column (2024-03, 2024-Q1, 2024-W05 or 2024) and one or more count columns')
    .option('--horizon <n>', 'periods ahead to forecast', '12')
    .option('--by <column>', 'long format: the column that names each series (e.g. cohort)')
    .option('--column <names>', 'only these count columns, comma-separated')
    .option('--level <list>', 'interval levels in percent, comma-separated', '80,95')
    .option('--method <name>', `combination (median of ETS, Theta, ARIMA), auto (chosen by backtest) or one of ${METHOD_NAMES.join(', ')}`, 'combination')
    .option('--backtest', 'also run a rolling-origin backtest and print its scores per step ahead')
    .option('--origins <n>', 'backtest origins', '5')
    .option('--break <period>', 'a series break: ignore observations before this period')
    .option('--out <prefix>', 'write <prefix>.csv and <prefix>.json (default: <file name>.forecast)')
    .option('--report <file.html>', 'write a self-contained HTML report with fan charts')
    .option('--paths <n>', 'also write <prefix>.paths.csv with n sample paths per series')
    .option('--seed <n>', 'seed for sample paths', '1')
    .option('--stress <profile>', 'apply a stress profile: surge[:peak:ramp:hold:decay], stop[:depth:hold:recovery], surge2015, stop2016')
    .option('--stress-start <period>', 'first forecast period the stress profile applies to (default: the first)')
    .option('--quiet', 'no terminal chart')
    .action((file: string, options: ForecastCommandOptions) => {
      try {
        runForecast(file, options, (line) => process.stdout.write(`${line}\n`));
      } catch (error) {
        if (error instanceof CsvInputError || error instanceof ForecastInputError || error instanceof RangeError) {
          process.stderr.write(`doorstroom: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        process.exitCode = reportUserError(error); // model-style CSV errors, unreadable files, user errors
      }
    });
}
