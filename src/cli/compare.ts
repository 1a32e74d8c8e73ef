// `doorstroom compare base.yaml --with a.yaml --with b.yaml`: runs the base and each scenario (base + its
// measures) with common random numbers, prints the paired differences with 95% intervals and the MKBA, and
// writes compare.json and tidy CSV files with --out.
import { type Command, InvalidArgumentError } from 'commander';
import { loadModel } from '../model/load.ts';
import { loadScenario } from '../model/measures.ts';
import { csvField } from '../core/csv.ts';
import { compareScenarios, type ComparisonResult, type PairedDifference } from '../sim/run/compare.ts';
import { DEFAULT_DISCOUNT_RATE, type Mkba, mkba } from '../plan/mkba.ts';
import { reportUserError } from './errors.ts';
import { progressBar } from './progress.ts';
import { compareReportHtml } from '../report/compare-report.ts';
import { collect, runOptions } from './options.ts';
import { writeFileAtomically } from '../core/atomic-write.ts';
import { checkOutputs, writeResultFolder } from '../core/result-folder.ts';
import { csvNumber, textTable as table } from '../results/format.ts';

const HEADLINE = [
  ['cost.total.eur', 'total cost (EUR)'],
  ['leadTime.chain.mean', 'lead time arrival → exit, mean (days)'],
  ['leadTime.chain.p50', 'lead time arrival → exit, median (days)'],
  ['chain.inChain.mean', 'persons in the chain (mean)'],
  ['chain.permitHoldersWaiting.mean', 'permit holders waiting (mean)'],
  ['reception.overflow.personDays', 'overflow (person-days)'],
  ['moves.perChild', 'moves per child'],
] as const;

function fmt(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : v > 0 ? '∞' : '−∞';
  const abs = Math.abs(v);
  if (abs >= 1e9) return `${(v / 1e9).toFixed(2)} bn`;
  if (abs >= 1e6) return `${(v / 1e6).toFixed(1)} m`;
  if (abs > 0 && abs < 10) return v.toPrecision(3);
  return v.toLocaleString('en-GB', { maximumFractionDigits: 0 });
}

function differenceText(d: PairedDifference): string {
  return `${d.mean >= 0 ? '+' : ''}${fmt(d.mean)} [${fmt(d.low)} … ${fmt(d.high)}]`;
}

export function comparisonText(result: ComparisonResult, analyses: Mkba[]): string {
  const lines: string[] = [];
  lines.push(
    `doorstroom compare · base ${result.base.model.name} · ${result.replications} paired replications · seed ${result.seed}`,
  );
  lines.push('differences are scenario − base, mean [95% interval from paired replications]');
  result.scenarios.forEach((s, j) => {
    lines.push('', `scenario ${s.name}`);
    const target = result.precision.target ?? 0.05;
    const rows = [['kpi', 'base', 'scenario', 'difference', `replications for ±${+(target * 100).toFixed(2)}%`]];
    for (const [kpi, label] of HEADLINE) {
      const d = s.differences.find((x) => x.kpi === kpi);
      if (!d || d.n === 0) continue;
      const needed = result.precision.needed.find((n) => n.scenario === s.name && n.kpi === kpi);
      rows.push([
        label,
        fmt(d.baseMean),
        fmt(d.scenarioMean),
        differenceText(d),
        needed ? (Number.isFinite(needed.replications) ? String(needed.replications) : 'more than any') : '',
      ]);
    }
    lines.push(table(rows));
    const m = analyses[j];
    lines.push(
      '',
      `MKBA ${m.years[0]}–${m.years[m.years.length - 1]}, discounted at ${(m.discountRate * 100).toFixed(2)}% to ${m.baseYear} (EUR)`,
    );
    const mrows = [['', 'present value']];
    for (const c of m.categories)
      if (c.presentValue !== 0)
        mrows.push([`${c.category} (${c.presentValue > 0 ? 'cost' : 'benefit'})`, fmt(Math.abs(c.presentValue))]);
    mrows.push(['costs', fmt(m.presentValueCosts)], ['benefits', fmt(m.presentValueBenefits)]);
    mrows.push([
      'net present value',
      `${fmt(m.netPresentValue.mean)} [${fmt(m.netPresentValue.low)} … ${fmt(m.netPresentValue.high)}]`,
    ]);
    mrows.push([
      'benefit/cost ratio',
      Number.isFinite(m.benefitCostRatio) ? m.benefitCostRatio.toFixed(2) : fmt(m.benefitCostRatio),
    ]);
    lines.push(table(mrows));
    if (m.unpriced.length > 0) {
      const urows = [['not priced', 'difference']];
      for (const u of m.unpriced) urows.push([`${u.label} (${u.better} is better)`, differenceText(u)]);
      lines.push('', table(urows));
    }
    if (m.sensitivity.length > 0) {
      const srows = [['sensitivity of the NPV', 'low', 'high']];
      for (const x of m.sensitivity.slice(0, 6)) srows.push([x.assumption, fmt(x.low), fmt(x.high)]);
      lines.push('', table(srows));
    }
  });
  if (result.precision.target !== undefined && !result.precision.met) {
    lines.push(
      '',
      `the stated precision (±${(result.precision.target * 100).toFixed(1)}%) was not reached within the maximum number of replications; raise --max-replications`,
    );
  }
  return lines.join('\n') + '\n';
}

/** Writes the result folder `outDir` as one unit (built beside it and swapped in). */
export function writeComparisonFiles(result: ComparisonResult, analyses: Mkba[], outDir: string): void {
  writeResultFolder(outDir, (folder) => comparisonFiles(result, analyses, (name, text) => folder.write(name, text)));
}

function comparisonFiles(result: ComparisonResult, analyses: Mkba[], put: (name: string, text: string) => void): void {
  const num = csvNumber;
  const { runs, ...summary } = result;
  // JSON has no Infinity or NaN: write them as the strings "Infinity", "-Infinity" and "NaN", not as null.
  const replacer = (_k: string, v: unknown) =>
    v instanceof Float64Array ? Array.from(v) : typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
  put('compare.json', JSON.stringify({ ...summary, mkba: analyses }, replacer, 2) + '\n');
  // Every replication's KPIs, so the paired differences can be recomputed from the files.
  const names = ['base', ...result.scenarios.map((s) => s.name)];
  const repRows = ['scenario,replication,kpi,value'];
  runs.forEach((reps, i) =>
    reps.forEach((r) =>
      Object.entries(r.kpis).forEach(([k, v]) => repRows.push(`${csvField(names[i])},${r.replication},${k},${num(v)}`)),
    ),
  );
  put('replications.csv', repRows.join('\n') + '\n');
  const diffRows = [
    'scenario,kpi,base_mean,scenario_mean,difference_mean,difference_low,difference_high,difference_sd,n',
  ];
  for (const s of result.scenarios) {
    for (const d of s.differences)
      diffRows.push(
        [
          csvField(s.name),
          d.kpi,
          num(d.baseMean),
          num(d.scenarioMean),
          num(d.mean),
          num(d.low),
          num(d.high),
          num(d.sd),
          d.n,
        ].join(','),
      );
  }
  put('differences.csv', diffRows.join('\n') + '\n');
  const mkbaRows = ['scenario,year,category,difference_eur,discount_factor'];
  for (const m of analyses) {
    for (const c of m.categories) {
      c.differenceByYear.forEach((v, y) =>
        mkbaRows.push(
          [
            csvField(m.scenario),
            m.years[y],
            c.category,
            num(v),
            num(1 / (1 + m.discountRate) ** (m.years[y] - m.baseYear)),
          ].join(','),
        ),
      );
    }
  }
  put('mkba.csv', mkbaRows.join('\n') + '\n');
}

export function registerCompare(program: Command): void {
  program
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
    .option('-o, --out <dir>', 'write compare.json, differences.csv, mkba.csv and replications.csv to this folder')
    .option('--report <file.html>', 'write a self-contained HTML report with charts and tables')
    .option('-q, --quiet', 'print nothing but errors')
    .action(
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
        },
      ) => {
        try {
          if (opts.with.length === 0)
            throw new InvalidArgumentError('give at least one scenario with --with measure.yaml');
          if (opts.replications < 2) throw new InvalidArgumentError('a comparison needs at least 2 replications');
          checkOutputs(opts.out, { '--report': opts.report });
          const base = { name: 'base', model: loadModel(basePath) };
          const used = new Map<string, number>();
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
          const analyses = result.scenarios.map((_, j) => mkba(result, j, opts.discountRate));
          if (opts.out) writeComparisonFiles(result, analyses, opts.out);
          if (opts.report) writeFileAtomically(opts.report, compareReportHtml(result, analyses));
          if (!opts.quiet) process.stdout.write(comparisonText(result, analyses));
        } catch (error) {
          process.exitCode = reportUserError(error);
        }
      },
    );
}
