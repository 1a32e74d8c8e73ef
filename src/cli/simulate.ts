// `doorstroom simulate model.yaml`: load and check the model, run the replications, print the summary table
// and write the result files. A model error prints every located problem and exits with code 2.
import { Command, InvalidArgumentError } from 'commander';
import { loadModel } from '../model/load.ts';
import { loadScenario } from '../model/measures.ts';
import { simulate } from '../sim/run/simulate.ts';
import { simulationTables, summaryJson, writeSimulationFiles } from '../results/simulation-files.ts';
import { simulationDoneText, simulationSummaryText } from '../results/simulation-table.ts';
import { modelNames } from '../results/kpis.ts';
import { writeWorkbook } from '../results/workbook.ts';
import { jsonText } from '../results/table.ts';
import type { Lang } from '../core/locale.ts';
import { checkOutputs } from '../core/result-folder.ts';
import { reportUserError } from './errors.ts';
import { collect, nonNegativeInt, runOptions, withLang, withXlsx } from './options.ts';
import { LIMITS } from '../model/schema.ts';
import { progressBar } from './progress.ts';

export function registerSimulate(program: Command): void {
  const command = program
    .command('simulate')
    .description('Run replications of a chain model and report lead times, backlogs, occupancy, moves and costs.')
    .argument('<model>', 'chain model file (YAML)')
    .option('--with <file>', 'apply a measure file to the model (repeatable; applied in order)', collect, [])
    .option(
      '-r, --replications <n>',
      `number of replications (at most ${LIMITS.replications})`,
      runOptions.replications(),
      10,
    )
    .option('-s, --seed <n>', 'base seed (default: the model’s seed)', runOptions.seed())
    .option('-w, --workers <n>', 'worker threads (default: all cores)', runOptions.workers())
    .option('-o, --out <dir>', 'write summary.json and tidy CSV files to this folder')
    .option('--trace <file>', 'write the simulated case events of one replication as an event log (CSV)')
    .option(
      '--trace-replication <n>',
      'which replication to trace',
      nonNegativeInt('--trace-replication', LIMITS.replications - 1),
      0,
    )
    .option(
      '--horizon-days <n>',
      `override the model’s horizon (days, at most ${LIMITS.horizonDays})`,
      runOptions.horizonDays(),
    )
    .option('--json', 'print summary.json to standard output instead of the table')
    .option('-q, --quiet', 'print nothing but errors');
  withXlsx(withLang(command)).action(
    async (
      modelPath: string,
      opts: {
        replications: number;
        seed?: number;
        workers?: number;
        out?: string;
        trace?: string;
        traceReplication: number;
        horizonDays?: number;
        json?: boolean;
        quiet?: boolean;
        with: string[];
        lang: Lang;
        xlsx?: string;
      },
    ) => {
      try {
        // Output paths are checked before the run, not after minutes of simulation.
        checkOutputs(opts.out, { '--trace': opts.trace, '--xlsx': opts.xlsx });
        const loaded = opts.with.length > 0 ? loadScenario(modelPath, opts.with) : loadModel(modelPath);
        if (opts.traceReplication >= opts.replications) {
          throw new InvalidArgumentError(
            `--trace-replication ${opts.traceReplication} does not exist; replications are numbered 0 to ${opts.replications - 1}`,
          );
        }
        const progress = progressBar({ quiet: opts.quiet, json: opts.json, unit: 'replications' });
        progress.phase('simulating', opts.replications);
        const result = await simulate(loaded, {
          replications: opts.replications,
          seed: opts.seed,
          workers: opts.workers,
          horizonDays: opts.horizonDays,
          tracePath: opts.trace,
          traceReplication: opts.traceReplication,
          onProgress: (done) => progress.update(done),
        }).finally(() => progress.stop());
        const names = modelNames(loaded.model);
        if (opts.out) writeSimulationFiles(result, opts.out, names);
        if (opts.xlsx) writeWorkbook(opts.xlsx, simulationTables(result, names), opts.lang);
        if (opts.json) {
          process.stdout.write(jsonText(summaryJson(result)));
        } else if (!opts.quiet) {
          process.stdout.write(simulationSummaryText(result, names, opts.lang));
          process.stdout.write(simulationDoneText(result, opts, opts.lang));
        }
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    },
  );
}
