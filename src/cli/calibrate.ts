// `doorstroom calibrate events.csv --model skeleton.yaml > fitted.yaml`: estimates the skeleton's parameters from
// a case-event log, writes the fitted model (the skeleton's text with fitted values marked), then simulates it
// over the log's window and compares simulated with observed lead times per stage. The fitted model goes to
// standard output (or --fitted, written whole); the report of what was fitted goes to standard error.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { loadModel } from '../model/load.ts';
import { parseYamlDocument } from '../core/yaml-source.ts';
import { addMonths, parseIsoDate } from '../core/calendar.ts';
import { csvField } from '../core/csv.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { checkOutputs, writeResultFolder } from '../core/result-folder.ts';
import { chainForLog, loadEventTable } from '../monitor/load.ts';
import { readVisits } from '../monitor/visits.ts';
import { type Calibration, calibrate } from '../calibrate/calibrate.ts';
import { fittedModelYaml, loadFittedModel } from '../calibrate/fit-model.ts';
import { leadTimeSamples, type ValidationRow, validateCalibration } from '../calibrate/validate.ts';
import { csvNumber, formatNumber as fmt, textTable } from '../results/format.ts';
import { intInRange, runOptions } from './options.ts';
import { LIMITS } from '../model/schema.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';
import { type Progress, progressBar, readingProgress } from './progress.ts';
import { type EventLogInputOptions, eventLogInputOptions, eventLogLoadOptions } from './event-log-input.ts';

export interface CalibrateCommandOptions extends EventLogInputOptions {
  model: string;
  from?: string;
  to?: string;
  fitted?: string;
  out?: string;
  validate: number;
  seed?: number;
  quiet?: boolean;
}

function isoMonth(name: string) {
  return (value: string): string => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
      throw new InvalidArgumentError(`${name} must be a month YYYY-MM (got "${value}")`);
    return value;
  };
}

export interface CalibrateRun {
  calibration: Calibration;
  yaml: string;
  validation: ValidationRow[];
  /** The IANA zone in which the log's timestamps without a UTC offset were read. */
  timeZone?: string;
}

export async function runCalibrate(
  input: string,
  opts: CalibrateCommandOptions,
  progress: Progress = progressBar({ quiet: true, unit: '' }),
): Promise<CalibrateRun> {
  const skeleton = loadModel(opts.model);
  const skeletonText = readFileSync(opts.model, 'utf8');
  const fromDay = opts.from !== undefined ? parseIsoDate(`${opts.from}-01`) : undefined;
  const toDay = opts.to !== undefined ? addMonths(parseIsoDate(`${opts.to}-01`), 1) : undefined;
  if (fromDay !== undefined && toDay !== undefined && toDay <= fromDay)
    throw new InputError(`--to ${opts.to} is before --from ${opts.from}`);
  const { table, summary } = await loadEventTable(input, {
    ...eventLogLoadOptions(input, opts, 'calibrate from'),
    onBytesRead: readingProgress(progress, input),
  });
  progress.stop();
  if (table.events === 0) throw new InputError(`${input}: no events were read; nothing to calibrate`);
  const chain = chainForLog(skeleton, table);
  const reading = readVisits(
    table,
    chain.stages.map((s) => s.id),
  );
  let calibration: Calibration;
  try {
    calibration = calibrate(skeleton.model, chain, table, reading, { fromDay, toDay });
  } catch (error) {
    if (error instanceof RangeError) throw new InputError(`${input}: ${error.message}`);
    throw error;
  }
  const yaml = fittedModelYaml(skeletonText, skeleton.model, calibration, input);
  const fitted = loadFittedModel(
    yaml,
    parseYamlDocument(skeletonText, opts.model),
    input,
    dirname(resolve(opts.model)),
  );
  if (opts.validate > 0) progress.phase('validating by simulation', opts.validate);
  const validation =
    opts.validate > 0
      ? validateCalibration(
          fitted,
          leadTimeSamples(table, reading, calibration.window.fromDay, calibration.window.toDay),
          calibration.window,
          { replications: opts.validate, seed: opts.seed, onProgress: (done) => progress.update(done) },
        )
      : [];
  progress.stop();
  return { calibration, yaml, validation, timeZone: summary.timeZone };
}

function show(value: unknown): string {
  if (value === undefined) return '–';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return value;
  return JSON.stringify(value).replace(/"/g, '').replace(/,/g, ', ');
}

/** A value in a table cell: numbers as they are, objects compact, long ones cut with an ellipsis. */
function cell(value: unknown, width: number): string {
  const text = show(value);
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

export function calibrationText(run: CalibrateRun): string {
  const { calibration, validation } = run;
  const lines: string[] = [
    `calibrated on ${calibration.model.time.start} + ${calibration.model.time.horizonDays} days`,
  ];
  if (run.timeZone !== undefined)
    lines.push(`timestamps without a UTC offset read in ${run.timeZone} (--timezone to change)`);
  for (const note of calibration.notes) lines.push(`note: ${note}`);
  lines.push('');
  const rows = [['parameter', 'skeleton', 'fitted', 'n', 'fit']];
  for (const p of calibration.parameters)
    rows.push([p.path, cell(p.before, 40), cell(p.value, 56), fmt(p.n), cell(p.fit, 40)]);
  lines.push(textTable(rows), '');
  const noted = calibration.parameters.filter((p) => p.note !== '');
  if (noted.length > 0) {
    lines.push('notes');
    for (const p of noted) lines.push(`  ${p.path}: ${p.note}`);
    lines.push('');
  }
  if (validation.length > 0) {
    const v = [
      [
        'validation: time in stage (days)',
        'observed n',
        'simulated n',
        'observed P50',
        'simulated P50',
        'observed P90',
        'simulated P90',
        'KS D',
        'Wasserstein (d)',
      ],
    ];
    for (const r of validation)
      v.push([
        r.subject,
        fmt(r.observedN),
        fmt(r.simulatedN),
        fmt(r.observedP50, 1),
        fmt(r.simulatedP50, 1),
        fmt(r.observedP90, 1),
        fmt(r.simulatedP90, 1),
        Number.isFinite(r.ks) ? r.ks.toFixed(3) : '–',
        fmt(r.wassersteinDays, 2),
      ]);
    lines.push(textTable(v));
  }
  return lines.join('\n') + '\n';
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in). */
export function writeCalibrationFiles(run: CalibrateRun, outDir: string): void {
  writeResultFolder(outDir, (folder) => calibrationFiles(run, (name, text) => folder.write(name, text)));
}

function calibrationFiles(run: CalibrateRun, put: (name: string, text: string) => void): void {
  const { calibration, validation } = run;
  put(
    'parameters.csv',
    [
      'parameter,skeleton,fitted,n,fit,note',
      ...calibration.parameters.map((p) =>
        [p.path, show(p.before), show(p.value), csvNumber(p.n), p.fit, p.note]
          .map((x) => csvField(String(x)))
          .join(','),
      ),
    ].join('\n') + '\n',
  );
  put(
    'validation.csv',
    [
      'subject,observed_n,simulated_n,observed_p50_days,simulated_p50_days,observed_p90_days,simulated_p90_days,ks_d,ks_p_value,wasserstein_days',
      ...validation.map((r) =>
        [
          csvField(r.subject),
          r.observedN,
          r.simulatedN,
          csvNumber(r.observedP50),
          csvNumber(r.simulatedP50),
          csvNumber(r.observedP90),
          csvNumber(r.simulatedP90),
          csvNumber(r.ks),
          csvNumber(r.ksPValue),
          csvNumber(r.wassersteinDays),
        ].join(','),
      ),
    ].join('\n') + '\n',
  );
}

export function registerCalibrate(program: Command): void {
  eventLogInputOptions(program.command('calibrate'))
    .description('Fit a skeleton model’s parameters to a case-event log and validate the fit by simulation.')
    .argument('<events>', 'case-event log: canonical CSV (or a partner export with --mapping), XES or OCEL 2.0')
    .requiredOption(
      '-m, --model <file>',
      'skeleton chain model: stages, routes, norms; its numbers are starting values',
    )
    .option(
      '--from <month>',
      'first month to fit, YYYY-MM (default: the first whole month of the log)',
      isoMonth('--from'),
    )
    .option('--to <month>', 'last month to fit, YYYY-MM (default: the last whole month of the log)', isoMonth('--to'))
    .option('--fitted <file>', 'write the fitted model to this file (whole or not at all) instead of standard output')
    .option('-o, --out <dir>', 'write parameters.csv and validation.csv to this folder')
    .option(
      '--validate <n>',
      'replications of the fitted model for the validation (0: none)',
      intInRange('--validate', 0, LIMITS.validationReplications),
      3,
    )
    .option('-s, --seed <n>', 'seed of the validation runs (default: the model’s)', runOptions.seed())
    .option('-q, --quiet', 'print nothing but errors and the fitted model')
    .action(async (input: string, opts: CalibrateCommandOptions) => {
      try {
        checkOutputs(opts.out, { '--fitted': opts.fitted });
        const progress = progressBar({ quiet: opts.quiet, unit: 'bytes' });
        const run = await runCalibrate(input, opts, progress).finally(() => progress.stop());
        if (opts.out) writeCalibrationFiles(run, opts.out);
        if (opts.fitted) writeFileAtomically(opts.fitted, run.yaml);
        else process.stdout.write(run.yaml);
        if (!opts.quiet) process.stderr.write(calibrationText(run));
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    });
}
