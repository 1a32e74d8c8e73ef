// `doorstroom twin events.csv --model chain.yaml --as-of 2026-12-01`: reads the log, starts the model from every
// case open at the as-of date (its stage, household, history and clocks), projects the chain ahead and says
// which draaiboek rule must be decided by when; prints the summary, writes the tables and the open cases (--out)
// and the report (--report). Bad input stops before anything is written, with exit code 2.
import { Command, InvalidArgumentError } from 'commander';
import { parseIsoDate } from '../core/calendar.ts';
import { InputError } from '../core/diagnostics.ts';
import type { Lang } from '../core/locale.ts';
import { checkOutputs } from '../core/result-folder.ts';
import { loadModel } from '../model/load.ts';
import { loadEventTable } from '../monitor/load.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { modelNames } from '../results/kpis.ts';
import { type TwinTablesInput, writeTwinFiles } from '../results/twin-files.ts';
import { warmStartText, writeOpenCases } from '../results/warm-start-files.ts';
import { twinReportHtml, twinSummaryText } from '../report/twin-report.ts';
import { type TwinResult, type TwinStart, twinFrom, twinStart } from '../twin/twin.ts';
import { TWIN_DEFAULT_MONTHS } from '../twin/twin-model.ts';
import type { CapacitySource } from '../twin/types.ts';
import { type EventLogInputOptions, eventLogInputOptions, eventLogLoadOptions } from './event-log-input.ts';
import { reportUserError } from './errors.ts';
import { runOptions, withLang } from './options.ts';
import { type Progress, progressBar, readingProgress } from './progress.ts';

export interface TwinCommandOptions extends EventLogInputOptions {
  model: string;
  asOf: string;
  months: number;
  replications: number;
  seed?: number;
  workers?: number;
  capacity: CapacitySource;
  out?: string;
  report?: string;
  quiet?: boolean;
  lang: Lang;
}

function asOfDate(value: string): string {
  try {
    parseIsoDate(value);
  } catch {
    throw new InvalidArgumentError(
      `--as-of must be a date YYYY-MM-DD, the day at whose start (00:00) the twin starts (got "${value.slice(0, 40)}")`,
    );
  }
  return value;
}

function capacitySource(value: string): CapacitySource {
  if (value !== 'model' && value !== 'log')
    throw new InvalidArgumentError(`--capacity must be model or log (got "${value.slice(0, 40)}")`);
  return value;
}

/** Reads the log and the model and makes the warm start and the model that starts from it. */
export async function runTwinStart(input: string, opts: TwinCommandOptions, progress: Progress): Promise<TwinStart> {
  const loaded = loadModel(opts.model);
  const { table, summary } = await loadEventTable(input, {
    ...eventLogLoadOptions(input, opts, 'twin'),
    onBytesRead: readingProgress(progress, input),
  });
  if (table.events === 0)
    throw new InputError(
      `${input}: no events were read (${summary.rejected} rejected, ${summary.duplicates} duplicates); nothing to start from`,
    );
  return twinStart(table, loaded, {
    asOf: opts.asOf,
    months: opts.months,
    capacity: opts.capacity,
    logFile: input,
  });
}

export function registerTwin(program: Command): void {
  const command = eventLogInputOptions(program.command('twin'))
    .description(
      'Project the chain from every case open in a case-event log at a date, and say which draaiboek rule to decide by when.',
    )
    .argument('<events>', 'case-event log: canonical CSV (or a partner export with --mapping), XES or OCEL 2.0')
    .requiredOption('-m, --model <file>', 'chain model: its stages, norms, capacities, inflow and draaiboek')
    .requiredOption('--as-of <date>', 'the date the twin starts at (00:00, Europe/Amsterdam)', asOfDate)
    .option('--months <n>', 'months to project ahead', runOptions.months('--months'), TWIN_DEFAULT_MONTHS)
    .option('-r, --replications <n>', 'number of replications', runOptions.replications(), 200)
    .option('-s, --seed <n>', 'base seed (default: the model’s seed)', runOptions.seed())
    .option('-w, --workers <n>', 'worker threads (default: all cores)', runOptions.workers())
    .option(
      '--capacity <source>',
      'stage capacities: model (the model’s at the as-of date) or log (the mean in service over the 28 days before)',
      capacitySource,
      'model',
    )
    .option('-o, --out <dir>', 'write the open cases and the tables as CSV and JSON to this folder')
    .option('--report <file>', 'write a self-contained HTML report')
    .option('-q, --quiet', 'print nothing but errors');
  withLang(command).action(async (input: string, opts: TwinCommandOptions) => {
    try {
      // Output paths are checked before the log is read and the replications run.
      checkOutputs(opts.out, { '--report': opts.report });
      const nl = opts.lang === 'nl';
      const progress = progressBar({ quiet: opts.quiet, unit: 'bytes' });
      let start: TwinStart;
      let result: TwinResult;
      try {
        start = await runTwinStart(input, opts, progress);
        progress.phase(nl ? 'projectie' : 'projection', opts.replications);
        result = await twinFrom(start, {
          replications: opts.replications,
          seed: opts.seed,
          workers: opts.workers,
          onProgress: (phase, done, total) => {
            if (phase === 'draaiboek' && done === 0) progress.phase('draaiboek', total);
            progress.update(done);
          },
        });
      } finally {
        progress.stop();
      }
      const model = start.model.model;
      const names = modelNames(model);
      const tables: TwinTablesInput = {
        projection: result.projection,
        advice: result.advice,
        warmStart: result.summary,
        names,
      };
      const normIds = model.norms.map((n) => n.id);
      if (opts.out) writeTwinFiles(tables, opts.out, (folder) => writeOpenCases(folder, start.rows, normIds));
      const source = { log: input, model: opts.model };
      if (opts.report) writeFileAtomically(opts.report, twinReportHtml(tables, { lang: opts.lang, model, source }));
      if (!opts.quiet) {
        process.stdout.write(warmStartText(result.summary, opts.lang, names));
        process.stdout.write(`\n${twinSummaryText(tables, { lang: opts.lang, model, source }).join('\n')}\n`);
      }
    } catch (error) {
      process.exitCode = reportUserError(error);
    }
  });
}
