// `doorstroom plan capacity model.yaml --months 24 --target decision-term=0.9`: staff per stage, housing quotas and
// reception beds per month so that the norms hold at a stated confidence, verified by simulation, beside the
// analytic bounds that show how much of the plan is buffer for uncertainty. Files are written whole or not at all.
import { Command, InvalidArgumentError } from 'commander';
import { stringify } from 'yaml';
import { loadModel } from '../model/load.ts';
import { loadScenario } from '../model/measures.ts';
import { csvField } from '../core/csv.ts';
import { checkOutputs, writeResultFolder } from '../core/result-folder.ts';
import { type CapacityPlan, type NormTarget, planCapacity } from '../plan/capacity.ts';
import { loadMunicipalities } from '../data/municipalities.ts';
import { taakstelling } from '../plan/taakstelling.ts';
import { csvNumber as num, formatNumber as fmt, textTable } from '../results/format.ts';
import { collect, positiveInt, runOptions } from './options.ts';
import { reportUserError } from './errors.ts';
import { InputError } from '../core/diagnostics.ts';
import { progressBar } from './progress.ts';

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
}

export function capacityPlanText(plan: CapacityPlan): string {
  const lines: string[] = [];
  lines.push(
    `capacity plan for ${plan.model}: ${plan.months[0]} – ${plan.months[plan.months.length - 1]} · ${plan.iterations} search iteration${plan.iterations === 1 ? '' : 's'} · ${plan.feasible ? 'every target holds' : 'NOT every target holds'}`,
  );
  for (const n of plan.notes) lines.push(`note: ${n}`);
  lines.push('');
  const stageIds = [...new Set(plan.stages.map((s) => s.stage))];
  const rows = [
    [
      'stage (partner)',
      'unit',
      'first month plan',
      'fluid bound',
      'square-root',
      'max plan',
      'mean plan',
      'buffer over fluid',
    ],
  ];
  for (const id of stageIds) {
    const list = plan.stages.filter((s) => s.stage === id);
    const meanPlan = list.reduce((a, s) => a + s.plan, 0) / list.length;
    const meanFluid = list.reduce((a, s) => a + s.fluidBound, 0) / list.length;
    rows.push([
      `${id} (${list[0].partner})`,
      list[0].unit,
      fmt(list[0].plan),
      fmt(list[0].fluidBound),
      fmt(list[0].squareRootBound),
      fmt(Math.max(...list.map((s) => s.plan))),
      fmt(meanPlan),
      meanFluid > 0 ? `${fmt((meanPlan / meanFluid - 1) * 100, 1)}%` : '–',
    ]);
  }
  lines.push(textTable(rows), '');
  const types = [...new Set(plan.beds.map((b) => b.locationType))];
  const bedRows = [['beds (location type)', 'max plan', 'mean plan', 'max analytic bound']];
  for (const t of types) {
    const list = plan.beds.filter((b) => b.locationType === t);
    bedRows.push([
      t,
      fmt(Math.max(...list.map((b) => b.plan))),
      fmt(list.reduce((a, b) => a + b.plan, 0) / list.length),
      fmt(Math.max(...list.map((b) => b.analyticBound))),
    ]);
  }
  lines.push(textTable(bedRows), '');
  const norms = [...new Set(plan.targets.map((t) => t.norm))];
  const tRows = [['target', 'share within', 'months held', 'lowest achieved (at confidence)']];
  for (const n of norms) {
    const list = plan.targets.filter((t) => t.norm === n);
    tRows.push([
      n,
      `${fmt(list[0].target * 100, 1)}%`,
      `${list.filter((t) => t.holds).length} of ${list.length}`,
      `${fmt(Math.min(...list.map((t) => (Number.isFinite(t.achieved) ? t.achieved : 1))) * 100, 1)}%`,
    ]);
  }
  lines.push(textTable(tRows), '');
  if (plan.housing.length > 0) {
    const hRows = [['housing (persons per half-year)', 'stage', 'persons']];
    for (const h of plan.housing) hRows.push([h.halfYear, h.stage, fmt(h.persons)]);
    lines.push(textTable(hRows), '');
  }
  const c = plan.cost;
  lines.push(
    textTable([
      ['cost of the plan (EUR)', 'plan', 'analytic bound'],
      ['staff', fmt(c.staffEur), fmt(c.analyticStaffEur)],
      ['reception beds', fmt(c.bedsEur), fmt(c.analyticBedsEur)],
      ['total', fmt(c.totalEur), fmt(c.analyticStaffEur + c.analyticBedsEur)],
    ]),
  );
  return lines.join('\n') + '\n';
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in). */
export function writeCapacityPlanFiles(plan: CapacityPlan, outDir: string): void {
  writeResultFolder(outDir, (folder) => capacityPlanFiles(plan, (name, text) => folder.write(name, text)));
}

function capacityPlanFiles(plan: CapacityPlan, write: (name: string, text: string) => void): void {
  const put = (name: string, rows: string[]) => write(name, rows.join('\n') + '\n');
  put('stages.csv', [
    'month,stage,partner,unit,plan,offered,fluid_bound,square_root_bound,fte,staff_cost_eur',
    ...plan.stages.map((s) =>
      [
        s.month,
        csvField(s.stage),
        csvField(s.partner),
        s.unit,
        num(s.plan),
        num(s.offered),
        num(s.fluidBound),
        num(s.squareRootBound),
        num(s.fte),
        num(s.staffCostEur),
      ].join(','),
    ),
  ]);
  put('beds.csv', [
    'month,location_type,plan,demand_at_confidence,analytic_bound,cost_eur',
    ...plan.beds.map((b) =>
      [b.month, b.locationType, b.plan, b.demandAtConfidence, b.analyticBound, num(b.costEur)].join(','),
    ),
  ]);
  put('targets.csv', [
    'month,norm,target,achieved,held_in,measured,holds',
    ...plan.targets.map((t) =>
      [t.month, csvField(t.norm), num(t.target), num(t.achieved), num(t.heldIn), num(t.measured), t.holds].join(','),
    ),
  ]);
  put('housing.csv', [
    'half_year,stage,persons',
    ...plan.housing.map((h) => `${h.halfYear},${csvField(h.stage)},${h.persons}`),
  ]);
  // The housing each municipality needs per half-year: the planned national number as a housing target (taakstelling).
  const municipalities = loadMunicipalities();
  const perMunicipality = ['half_year,code,division_year,name,province,persons'];
  for (const h of plan.housing) {
    for (const row of taakstelling({ period: h.halfYear, national: h.persons, municipalities }).rows) {
      perMunicipality.push(
        [h.halfYear, row.code, municipalities.year, csvField(row.name), csvField(row.provinceName), row.total].join(
          ',',
        ),
      );
    }
  }
  put('housing-municipalities.csv', perMunicipality);
  const { plannedModel, ...rest } = plan;
  write(
    'plan.json',
    JSON.stringify(rest, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2) + '\n',
  );
  write(
    'planned-model.yaml',
    `# The model with the capacity plan of doorstroom plan capacity (${plan.months[0]} – ${plan.months[plan.months.length - 1]}).\n${stringify(plannedModel, { lineWidth: 120 })}`,
  );
}

export function registerPlan(program: Command): void {
  const plan = program.command('plan').description('Plans: capacity per partner and month at a stated confidence.');
  plan
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
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (modelPath: string, opts: PlanCommandOptions) => {
      try {
        checkOutputs(opts.out);
        const loaded = opts.with.length > 0 ? loadScenario(modelPath, opts.with) : loadModel(modelPath);
        if (opts.target.length === 0) {
          const norms = [
            ...loaded.model.norms.map((n) => n.id),
            ...loaded.model.stages.filter((s) => s.norm).map((s) => `stage.${s.id}`),
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
        if (opts.json) {
          const { plannedModel: _model, ...rest } = result;
          process.stdout.write(JSON.stringify(rest, null, 2) + '\n');
        } else if (!opts.quiet) process.stdout.write(capacityPlanText(result));
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    });
}
