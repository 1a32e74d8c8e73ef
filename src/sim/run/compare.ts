// Compares scenarios with common random numbers: every scenario runs replications 0 … R−1 with the same seed,
// so replication r of a scenario meets the same persons as replication r of the base, and the difference of a
// KPI is estimated from the paired differences (mean ± t·sd/√R). An unchanged scenario differs by exactly 0.
// With a stated precision, replications are added until each headline difference is known well enough.
import type { LoadedModel } from '../../model/load.ts';
import type { ScenarioCost } from '../../model/measure-cost.ts';
import { InputError } from '../../core/diagnostics.ts';
import type { ReplicationResult } from '../chain/results.ts';
import { CHAIN_KPI } from '../chain/keys.ts';
import { studentTQuantile } from '../stats/student-t.ts';
import { type AggregateResult, aggregateReplications } from './aggregate.ts';
import { type SimulateOptions, simulate } from './simulate.ts';
import { maxReplications as maxReplicationsThatFit, runSizeProblem } from './run-size.ts';

export interface ScenarioInput {
  name: string;
  model: LoadedModel;
}

export interface PairedDifference {
  kpi: string;
  baseMean: number;
  scenarioMean: number;
  /** Mean of the paired differences (scenario − base). */
  mean: number;
  sd: number;
  /** Half-width of the 95% confidence interval: t(0.975, n−1) · sd / √n. */
  halfWidth: number;
  low: number;
  high: number;
  /** Replications with a defined value in both scenarios. */
  n: number;
  /** Half-width relative to |base mean| (Infinity when the base mean is 0 and the half-width is not). */
  relativeHalfWidth: number;
}

export interface ScenarioComparison {
  name: string;
  model: { name: string; file: string; hash: string };
  aggregate: AggregateResult;
  differences: PairedDifference[];
  /** The scenario's own costs from its measure files (`costs:`), for the MKBA; absent when it has none. */
  costs?: ScenarioCost[];
}

export interface ComparisonResult {
  seed: number;
  replications: number;
  startDate: string;
  horizonDays: number;
  warmupDays: number;
  /** Every replication of every scenario: runs[0] is the base, runs[j + 1] scenario j; index = replication. */
  runs: ReplicationResult[][];
  base: { name: string; model: { name: string; file: string; hash: string }; aggregate: AggregateResult };
  scenarios: ScenarioComparison[];
  precision: {
    /** Target relative half-width of the headline differences, if one was stated. */
    target: number | undefined;
    kpis: string[];
    /** Replications each headline difference needs for the target (or for ±5% when none was stated). */
    needed: { scenario: string; kpi: string; replications: number }[];
    /** Whether every headline difference met the target (always true without a target). */
    met: boolean;
  };
}

export interface CompareOptions extends Omit<
  SimulateOptions,
  'tracePath' | 'traceReplication' | 'firstReplication' | 'onProgress'
> {
  /** Stop adding replications once every headline difference has a relative half-width at most this. */
  precision?: number;
  /** KPIs the precision applies to (default: total cost, mean lead time to exit, mean persons in the chain). */
  precisionKpis?: string[];
  /** Upper limit on replications when a precision is stated (default 1000). */
  maxReplications?: number;
  onProgress?: (scenario: string, done: number, total: number) => void;
}

export const DEFAULT_PRECISION_KPIS: string[] = [CHAIN_KPI.costTotal, CHAIN_KPI.leadTimeMean, CHAIN_KPI.inChainMean];
const DEFAULT_ADVICE_PRECISION = 0.05;

export function pairedDifference(
  kpi: string,
  base: readonly ReplicationResult[],
  scenario: readonly ReplicationResult[],
): PairedDifference {
  const diffs: number[] = [];
  let baseSum = 0;
  let scenarioSum = 0;
  for (let i = 0; i < base.length; i++) {
    const b = base[i].kpis[kpi];
    const s = scenario[i].kpis[kpi];
    if (!Number.isFinite(b) || !Number.isFinite(s)) continue;
    diffs.push(s - b);
    baseSum += b;
    scenarioSum += s;
  }
  const n = diffs.length;
  const mean = n > 0 ? diffs.reduce((a, d) => a + d, 0) / n : Number.NaN;
  const sd = n > 1 ? Math.sqrt(diffs.reduce((a, d) => a + (d - mean) * (d - mean), 0) / (n - 1)) : Number.NaN;
  const halfWidth = n > 1 ? (sd === 0 ? 0 : (studentTQuantile(0.975, n - 1) * sd) / Math.sqrt(n)) : Number.NaN;
  const baseMean = n > 0 ? baseSum / n : Number.NaN;
  return {
    kpi,
    baseMean,
    scenarioMean: n > 0 ? scenarioSum / n : Number.NaN,
    mean,
    sd,
    halfWidth,
    low: mean - halfWidth,
    high: mean + halfWidth,
    n,
    relativeHalfWidth: halfWidth === 0 ? 0 : baseMean !== 0 ? halfWidth / Math.abs(baseMean) : Infinity,
  };
}

/** Replications needed for a relative half-width `target`, from the current half-width on n replications. */
export function replicationsNeeded(difference: PairedDifference, target: number): number {
  if (difference.relativeHalfWidth <= target) return difference.n;
  if (!Number.isFinite(difference.relativeHalfWidth)) return Infinity;
  return Math.ceil(difference.n * (difference.relativeHalfWidth / target) ** 2);
}

export async function compareScenarios(
  base: ScenarioInput,
  scenarios: ScenarioInput[],
  options: CompareOptions = {},
): Promise<ComparisonResult> {
  const seed = options.seed ?? base.model.model.seed;
  const kpis = options.precisionKpis ?? DEFAULT_PRECISION_KPIS;
  let replications = options.replications ?? 10;
  if (!Number.isInteger(replications) || replications < 2)
    throw new RangeError(`a comparison needs at least 2 replications (got ${replications})`);
  // Every replication of every model is kept until the end: the memory they may take caps the replications.
  // (The largest model counts for all: scenarios are compared replication by replication.)
  const models = scenarios.length + 1;
  let maxReplications = options.maxReplications ?? 1000;
  for (const input of [base, ...scenarios]) {
    const tooLarge = runSizeProblem(input.model, { replications, horizonDays: options.horizonDays, models });
    if (tooLarge) throw new InputError(`${input.name}: ${tooLarge}`);
    maxReplications = Math.min(maxReplications, maxReplicationsThatFit(input.model, options.horizonDays, models));
  }
  // Paired differences only mean something over the same days: a measure must not move the time frame.
  for (const s of scenarios) {
    const a = base.model.model.time;
    const b = s.model.model.time;
    for (const field of ['start', 'horizonDays', 'warmupDays'] as const) {
      if (a[field] !== b[field]) {
        throw new InputError([
          {
            file: s.model.file,
            line: 1,
            col: 1,
            path: `time.${field}`,
            message: `scenario "${s.name}" has time.${field} ${b[field]} but the base has ${a[field]}; scenarios are compared over the base's period, so a measure may not change time`,
          },
        ]);
      }
    }
  }
  const all = [base, ...scenarios];
  const results: ReplicationResult[][] = all.map(() => []);

  const runMore = async (first: number, count: number) => {
    for (let i = 0; i < all.length; i++) {
      const run = await simulate(all[i].model, {
        replications: count,
        firstReplication: first,
        seed,
        workers: options.workers,
        horizonDays: options.horizonDays,
        onProgress: (done, total) => options.onProgress?.(all[i].name, done, total),
      });
      results[i].push(...run.replications);
    }
  };

  await runMore(0, replications);
  const headline = () =>
    scenarios.flatMap((s, j) =>
      kpis
        .filter((k) => k in results[0][0].kpis)
        .map((kpi) => ({ scenario: s.name, kpi, difference: pairedDifference(kpi, results[0], results[j + 1]) })),
    );
  if (options.precision !== undefined) {
    if (!(options.precision > 0)) throw new RangeError(`precision must be > 0 (got ${options.precision})`);
    for (;;) {
      // A KPI whose base mean is 0 has no relative precision; it does not drive the number of replications.
      const needed = Math.max(
        replications,
        ...headline()
          .map((h) => replicationsNeeded(h.difference, options.precision!))
          .filter(Number.isFinite),
      );
      if (needed <= replications || replications >= maxReplications) break;
      const next = Math.min(maxReplications, Number.isFinite(needed) ? needed : maxReplications);
      await runMore(replications, next - replications);
      replications = next;
    }
  }

  const target = options.precision;
  const heads = headline();
  const needed = heads.map((h) => ({
    scenario: h.scenario,
    kpi: h.kpi,
    replications: replicationsNeeded(h.difference, target ?? DEFAULT_ADVICE_PRECISION),
  }));
  const describe = (input: ScenarioInput) => ({
    name: input.model.model.name,
    file: input.model.file,
    hash: input.model.hash,
  });
  const kpiNames = Object.keys(results[0][0].kpis);
  return {
    seed,
    replications,
    startDate: base.model.model.time.start,
    horizonDays: results[0][0].horizonDays,
    warmupDays: results[0][0].warmupDays,
    runs: results,
    base: { name: base.name, model: describe(base), aggregate: aggregateReplications(results[0]) },
    scenarios: scenarios.map((s, j) => ({
      name: s.name,
      model: describe(s),
      aggregate: aggregateReplications(results[j + 1]),
      differences: kpiNames
        .filter((k) => k in results[j + 1][0].kpis)
        .map((k) => pairedDifference(k, results[0], results[j + 1])),
      ...(s.model.measureCosts ? { costs: s.model.measureCosts } : {}),
    })),
    precision: {
      target,
      kpis,
      needed,
      met:
        target === undefined ||
        heads.every(
          (h) => !Number.isFinite(h.difference.relativeHalfWidth) || h.difference.relativeHalfWidth <= target,
        ),
    },
  };
}
