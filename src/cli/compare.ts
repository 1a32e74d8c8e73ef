// `doorstroom compare base.yaml --with a.yaml --with b.yaml`: runs the base and each scenario (base + its
// measures) with common random numbers, prints the paired differences with 95% intervals and the MKBA, and
// writes compare.json and tidy CSV files with --out.
import { type Command, InvalidArgumentError } from 'commander';
import { loadModel } from '../model/load.ts';
import { loadScenario } from '../model/measures.ts';
import { compareScenarios } from '../sim/run/compare.ts';
import { DEFAULT_DISCOUNT_RATE, mkba, staffActorOf } from '../plan/mkba.ts';
import { reportUserError } from './errors.ts';
import { progressBar } from './progress.ts';
import { compareReportHtml } from '../report/compare-report.ts';
import { collect, runOptions, withLang, withXlsx } from './options.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { checkOutputs } from '../core/result-folder.ts';
import type { Lang } from '../core/locale.ts';
import { comparisonTables, comparisonText, writeComparisonFiles } from '../results/compare-files.ts';
import { modelNames } from '../results/kpis.ts';
import { writeWorkbook } from '../results/workbook.ts';

export function registerCompare(program: Command): void {
  const command = program
    .command('compare')
    .description('Compare scenarios (base + measures) with common random numbers: paired differences and an MKBA.')
    .argument('<base>', 'base chain model file (YAML)')
    .option(
      '--with <measures>',
      'a scenario: measure files, comma-separated (repeat for more scenarios)',
      collect,
      [] as string[],
    )
    .option('-r, --replications <n>', 'paired replications (at least 2)', runOptions.replications(), 10)
    .option(
      '--precision <share>',
      'add replications until each headline difference is known to ± this share of the base (e.g. 0.05)',
      (v: string) => {
        const p = Number(v);
        if (!(p > 0 && p < 1))
          throw new InvalidArgumentError(`--precision must be a share between 0 and 1, e.g. 0.05 (got "${v}")`);
        return p;
      },
    )
    .option(
      '--max-replications <n>',
      'upper limit with --precision',
      runOptions.replications('--max-replications'),
      1000,
    )
    .option(
      '--discount-rate <rate>',
      'real discount rate for the MKBA',
      (v: string) => {
        const r = Number(v);
        if (!(r >= 0 && r < 1))
          throw new InvalidArgumentError(`--discount-rate must be a rate such as 0.0225 (got "${v}")`);
        return r;
      },
      DEFAULT_DISCOUNT_RATE,
    )
    .option('-s, --seed <n>', 'base seed (default: the base model’s seed)', runOptions.seed())
    .option('-w, --workers <n>', 'worker threads (default: all cores)', runOptions.workers())
    .option('--horizon-days <n>', 'override the horizon (days)', runOptions.horizonDays())
    .option(
      '-o, --out <dir>',
      'write compare.json, differences.csv, mkba.csv, replications.csv and daily.csv to this folder',
    )
    .option('--report <file.html>', 'write a self-contained HTML report with charts and tables')
    .option('-q, --quiet', 'print nothing but errors');
  withXlsx(withLang(command)).action(
    async (
      basePath: string,
      opts: {
        with: string[];
        replications: number;
        precision?: number;
        maxReplications: number;
        discountRate: number;
        seed?: number;
        workers?: number;
        horizonDays?: number;
        out?: string;
        report?: string;
        quiet?: boolean;
        lang: Lang;
        xlsx?: string;
      },
    ) => {
      try {
        if (opts.with.length === 0)
          throw new InvalidArgumentError('give at least one scenario with --with measure.yaml');
        if (opts.replications < 2) throw new InvalidArgumentError('a comparison needs at least 2 replications');
        checkOutputs(opts.out, { '--report': opts.report, '--xlsx': opts.xlsx });
        const base = { name: 'base', model: loadModel(basePath) };
        // The base is called base: a measure file called base.yaml becomes base#2.
        const used = new Map<string, number>([['base', 1]]);
        const scenarios = opts.with.map((list) => {
          const files = list
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean);
          if (files.length === 0) throw new InvalidArgumentError(`--with "${list}" names no measure file`);
          // Names from the file names; a repeated name gets #2, #3 so rows in the files stay apart.
          let name = files.map((f) => f.replace(/^.*\//, '').replace(/\.ya?ml$/, '')).join('+');
          const seen = (used.get(name) ?? 0) + 1;
          used.set(name, seen);
          if (seen > 1) name = `${name}#${seen}`;
          return { name, model: loadScenario(basePath, files) };
        });
        const progress = progressBar({ quiet: opts.quiet, unit: 'replications' });
        let running = '';
        const result = await compareScenarios(base, scenarios, {
          replications: opts.replications,
          precision: opts.precision,
          maxReplications: opts.maxReplications,
          seed: opts.seed,
          workers: opts.workers,
          horizonDays: opts.horizonDays,
          onProgress: (scenario, done, total) => {
            if (scenario !== running) progress.phase(`simulating ${scenario}`, total);
            running = scenario;
            progress.update(done);
          },
        }).finally(() => progress.stop());
        const staffActor = staffActorOf(base.model.model);
        const analyses = result.scenarios.map((_, j) =>
          mkba(result, j, { discountRate: opts.discountRate, staffActor }),
        );
        if (opts.out) writeComparisonFiles(result, analyses, opts.out);
        if (opts.xlsx) writeWorkbook(opts.xlsx, comparisonTables(result, analyses), opts.lang);
        if (opts.report)
          writeFileAtomically(
            opts.report,
            compareReportHtml(result, analyses, { lang: opts.lang, model: base.model.model }),
          );
        if (!opts.quiet)
          process.stdout.write(comparisonText(result, analyses, opts.lang, modelNames(base.model.model)));
      } catch (error) {
        process.exitCode = reportUserError(error);
      }
    },
  );
}
