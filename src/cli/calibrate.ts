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
import { writeFileAtomically } from '../core/atomic-write.ts';
import { checkOutputs } from '../core/result-folder.ts';
import { chainForLog, loadEventTable } from '../monitor/load.ts';
import { readVisits } from '../monitor/visits.ts';
import { type Calibration, calibrate } from '../calibrate/calibrate.ts';
import { fittedModelYaml, loadFittedModel } from '../calibrate/fit-model.ts';
import { leadTimeSamples, validateCalibration } from '../calibrate/validate.ts';
import {
  type CalibrationOutcome,
  calibrationTables,
  calibrationText,
  writeCalibrationFiles,
} from '../results/calibration-files.ts';
import { writeWorkbook } from '../results/workbook.ts';
import type { Lang } from '../core/locale.ts';
import { intInRange, runOptions, withLang, withXlsx } from './options.ts';
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
  lang: Lang;
  xlsx?: string;
}

function isoMonth(name: string) {
  return (value: string): string => {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value))
      throw new InvalidArgumentError(`${name} must be a month YYYY-MM (got "${value}")`);
    return value;
  };
}

export interface CalibrateRun extends CalibrationOutcome {
  /** The fitted model's text. */
  yaml: string;
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

export function registerCalibrate(program: Command): void {
  const command = eventLogInputOptions(program.command('calibrate'))
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
    .option('-q, --quiet', 'print nothing but errors and the fitted model');
  withXlsx(withLang(command)).action(async (input: string, opts: CalibrateCommandOptions) => {
    try {
      checkOutputs(opts.out, { '--fitted': opts.fitted, '--xlsx': opts.xlsx });
      const progress = progressBar({ quiet: opts.quiet, unit: 'bytes' });
      const run = await runCalibrate(input, opts, progress).finally(() => progress.stop());
      if (opts.out) writeCalibrationFiles(run, opts.out);
      if (opts.xlsx) writeWorkbook(opts.xlsx, calibrationTables(run), opts.lang);
      if (opts.fitted) writeFileAtomically(opts.fitted, run.yaml);
      else process.stdout.write(run.yaml);
      if (!opts.quiet) process.stderr.write(calibrationText(run, opts.lang));
    } catch (error) {
      process.exitCode = reportUserError(error);
    }
  });
}
