// `doorstroom plan capacity model.yaml --months 24 --target decision-term=0.9`: staff per stage, housing quotas and
// reception beds per month so that the norms hold at a stated confidence, verified by simulation, beside the
// analytic bounds that show how much of the plan is buffer for uncertainty. Files are written whole or not at all.
import { Command, InvalidArgumentError } from 'commander';
import { loadModel } from '../model/load.ts';
import { loadScenario } from '../model/measures.ts';
import { checkOutputs } from '../core/result-folder.ts';
import { type CapacityPlan, type NormTarget, planCapacity } from '../plan/capacity.ts';
import {
  capacityPlanJson,
  capacityPlanTables,
  capacityPlanText,
  writeCapacityPlanFiles,
} from '../results/plan-files.ts';
import { modelNames } from '../results/kpis.ts';
import { writeWorkbook } from '../results/workbook.ts';
import type { Lang } from '../core/locale.ts';
import { collect, positiveInt, runOptions, withLang, withXlsx } from './options.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';
import { progressBar } from './progress.ts';
import { stageNormId } from '../sim/chain/keys.ts';

function share(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!(n > 0 && n < 1))
      throw new InvalidArgumentError(`${name} must be a share between 0 and 1, e.g. 0.9 (got "${value}")`);
    return n;
  };
}

function target(value: string, previous: NormTarget[]): NormTarget[] {
  const match = /^([a-z][a-z0-9_.-]*)=([0-9.]+)$/.exec(value);
  const withinShare = match ? Number(match[2]) : Number.NaN;
  if (!match || !(withinShare > 0 && withinShare <= 1))
    throw new InvalidArgumentError(
      `--target takes norm=share, e.g. decision-term=0.9 or stage.housing=0.9 (got "${value}")`,
    );
  return [...previous, { norm: match[1], withinShare }];
}

interface PlanCommandOptions {
  months: number;
  target: NormTarget[];
  occupancy: number;
  confidence: number;
  replications: number;
  seed?: number;
  workers?: number;
  maxIterations: number;
  with: string[];
  out?: string;
  json?: boolean;
  quiet?: boolean;
  lang: Lang;
  xlsx?: string;
}

export function registerPlan(program: Command): void {
  const plan = program.command('plan').description('Plans: capacity per partner and month at a stated confidence.');
  const capacity = plan
    .command('capacity')
    .description(
      'Staff per stage, housing quotas and reception beds per month so that the norms hold at a confidence, verified by simulation.',
    )
    .argument('<model>', 'chain model file (YAML)')
    .option('--with <file>', 'apply a measure file first (repeatable)', collect, [])
    .option('--months <n>', 'months to plan from the end of the warm-up', runOptions.months(), 24)
    .option(
      '--target <norm=share>',
      'a norm and the share of cases within its term per month (repeatable), e.g. decision-term=0.9',
      target,
      [],
    )
    .option(
      '--occupancy <share>',
      'planning occupancy of reception beds (COA plans at 0.91)',
      share('--occupancy'),
      0.91,
    )
    .option(
      '--confidence <share>',
      'share of replications in which every target must hold; also the bed quantile',
      share('--confidence'),
      0.9,
    )
    .option(
      '-r, --replications <n>',
      'replications per evaluation (common random numbers)',
      runOptions.replications(),
      10,
    )
    .option('-s, --seed <n>', 'base seed (default: the model’s)', runOptions.seed())
    .option('-w, --workers <n>', 'worker threads (default: all cores)', runOptions.workers())
    .option('--max-iterations <n>', 'search iterations at most', positiveInt('--max-iterations', 1_000), 10)
    .option(
      '-o, --out <dir>',
      'write stages.csv, beds.csv, targets.csv, housing.csv, housing-municipalities.csv, plan.json and planned-model.yaml',
    )
    .option('--json', 'print plan.json to standard output instead of the table')
    .option('-q, --quiet', 'print nothing but errors');
  withXlsx(withLang(capacity)).action(async (modelPath: string, opts: PlanCommandOptions) => {
    try {
      checkOutputs(opts.out, { '--xlsx': opts.xlsx });
      const loaded = opts.with.length > 0 ? loadScenario(modelPath, opts.with) : loadModel(modelPath);
      if (opts.target.length === 0) {
        const norms = [
          ...loaded.model.norms.map((n) => n.id),
          ...loaded.model.stages.filter((s) => s.norm).map((s) => stageNormId(s.id)),
        ];
        throw new InputError(
          `give at least one --target norm=share; the model's norms are ${norms.join(', ') || '(none: add norms to the model)'}`,
        );
      }
      // One step for the unconstrained run, then one per search iteration (at most --max-iterations).
      const progress = progressBar({ quiet: opts.quiet, json: opts.json, unit: 'steps' });
      let step = 0;
      // Every user error of the plan is an InputError or InputError; any other error is a defect (exit 1).
      const result: CapacityPlan = await planCapacity(loaded, {
        months: opts.months,
        targets: opts.target,
        planningOccupancy: opts.occupancy,
        confidence: opts.confidence,
        replications: opts.replications,
        seed: opts.seed,
        workers: opts.workers,
        maxIterations: opts.maxIterations,
        onProgress: (message) => {
          progress.phase(`planning: ${message}`, opts.maxIterations + 1);
          progress.update(++step);
        },
      }).finally(() => progress.stop());
      if (opts.out) writeCapacityPlanFiles(result, opts.out);
      if (opts.xlsx) writeWorkbook(opts.xlsx, capacityPlanTables(result), opts.lang);
      if (opts.json) process.stdout.write(capacityPlanJson(result));
      else if (!opts.quiet) process.stdout.write(capacityPlanText(result, opts.lang, modelNames(loaded.model)));
    } catch (error) {
      process.exitCode = reportUserError(error);
    }
  });
}
