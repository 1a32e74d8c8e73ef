// Compares an example model's simulated years with published outcomes of the same years, for docs/validation.md:
//
//   node scripts/validation.ts examples/nl-2022-2026.yaml data/nl_chain_outcomes_2023_2024.csv [replications]
//
// The outcomes file lists `period,metric,value,unit,note` rows (a year or months, a metric below, the published
// figure). For each row the model's replications give a mean and a 90% interval of the same quantity, and the
// table states the error of the mean against the published figure. The outcomes are never read by the model: they
// are what the model is checked against.
import { readFileSync } from 'node:fs';
import { parseCsv } from '../src/core/csv.ts';
import { availableParallelism } from 'node:os';
import { formatIsoDate, parseIsoDate, toDayNumber } from '../src/core/calendar.ts';
import { loadModel } from '../src/model/load.ts';
import { simulate } from '../src/sim/run/simulate.ts';
import type { ReplicationResult } from '../src/sim/chain/results.ts';
import {
  CHAIN_SERIES,
  arrivalsSeries,
  costSeries,
  exitsSeries,
  normSeries,
  stageSeries,
} from '../src/sim/chain/keys.ts';

interface Outcome {
  period: string;
  metric: string;
  value: number;
  unit: string;
  note: string;
}

/**
 * Days [from, to) of a period in a run that starts on `start`: a year (`2023`) or a range of whole months
 * (`2023-01/2023-10`, both included).
 */
function periodDays(start: string, period: string, horizon: number): [number, number] {
  const day0 = parseIsoDate(start);
  const months = /^(\d{4})-(\d{2})\/(\d{4})-(\d{2})$/.exec(period);
  const [fromYear, fromMonth, toYear, toMonth] = months
    ? [Number(months[1]), Number(months[2]) - 1, Number(months[3]), Number(months[4]) - 1]
    : [Number(period), 0, Number(period), 11];
  const from = toDayNumber(fromYear, fromMonth, 1) - day0;
  const to = toDayNumber(toYear + (toMonth === 11 ? 1 : 0), (toMonth + 1) % 12, 1) - day0;
  return [Math.max(0, from), Math.min(horizon, to)];
}

function sum(series: Float64Array | undefined, from: number, to: number): number {
  if (!series) return Number.NaN;
  let s = 0;
  for (let d = from; d < to; d++) s += series[d];
  return s;
}

function mean(series: Float64Array | undefined, from: number, to: number): number {
  return to > from ? sum(series, from, to) / (to - from) : Number.NaN;
}

/** The simulated value of one metric in one year of one replication. */
function measure(metric: string, r: ReplicationResult, from: number, to: number): number {
  const s = r.series;
  switch (metric) {
    case 'avg_decision_time_asylum': {
      const days = sum(s[normSeries('decision-term', 'leadDays')], from, to);
      return days / sum(s[normSeries('decision-term', 'measured')], from, to) / 7;
    }
    case 'asylum_decisions':
      return (
        sum(s[stageSeries('aa-decision', 'completed')], from, to) + sum(s[stageSeries('va', 'completed')], from, to)
      );
    case 'penalty_payments':
      return sum(s[costSeries('penalties')], from, to) / 1e6;
    case 'family_reunification_arrivals':
      return sum(s[arrivalsSeries('familyReunification')], from, to);
    case 'departures_independent':
      return sum(s[exitsSeries('departed-independent')], from, to);
    case 'departures_forced':
      return sum(s[exitsSeries('departed-forced')], from, to);
    case 'departures_untraced':
      return sum(s[exitsSeries('departed-untraced')], from, to);
    case 'permit_holders_in_reception':
      return mean(s[CHAIN_SERIES.permitHoldersWaiting], from, to);
    default:
      throw new Error(`unknown metric "${metric}"`);
  }
}

function readOutcomes(file: string): Outcome[] {
  const table = parseCsv(readFileSync(file, 'utf8'), file);
  const column = (name: string) => table.header.indexOf(name);
  return table.rows.map(({ fields }) => ({
    period: fields[column('period')],
    metric: fields[column('metric')],
    value: Number(fields[column('value')]),
    unit: fields[column('unit')],
    note: fields[column('note')] ?? '',
  }));
}

function quantile(sorted: number[], p: number): number {
  const x = (sorted.length - 1) * p;
  const lo = Math.floor(x);
  const hi = Math.ceil(x);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (x - lo);
}

const [modelFile, outcomesFile, replicationsArg] = process.argv.slice(2);
if (!modelFile || !outcomesFile) {
  console.error('usage: node scripts/validation.ts <model.yaml> <outcomes.csv> [replications=20]');
  process.exit(2);
}
const loaded = loadModel(modelFile);
const replications = Number(replicationsArg ?? 20);
const started = performance.now();
const result = await simulate(loaded, { replications, workers: availableParallelism() });
const seconds = (performance.now() - started) / 1000;
const outcomes = readOutcomes(outcomesFile);
const fmt = (x: number) =>
  Number.isNaN(x) ? '—' : Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-GB') : x.toFixed(1);
console.log(`Model ${modelFile}, seed ${result.seed}, ${replications} replications (${seconds.toFixed(0)} s).`);
console.log(
  `Start ${result.startDate}, ${formatIsoDate(parseIsoDate(result.startDate))} + ${result.horizonDays} days.\n`,
);
console.log('| period | published outcome | published | simulated mean [90% interval] | error of the mean |');
console.log('|---|---|---|---|---|');
for (const o of outcomes) {
  const [from, to] = periodDays(result.startDate, o.period, result.horizonDays);
  const values = result.replications.map((r) => measure(o.metric, r, from, to)).sort((a, b) => a - b);
  const m = values.reduce((a, v) => a + v, 0) / values.length;
  const error = ((m - o.value) / o.value) * 100;
  console.log(
    `| ${o.period} | ${o.metric.replaceAll('_', ' ')} (${o.unit})${o.note ? `, ${o.note}` : ''} | ${fmt(o.value)} | ` +
      `${fmt(m)} [${fmt(quantile(values, 0.05))} … ${fmt(quantile(values, 0.95))}] | ${error >= 0 ? '+' : ''}${error.toFixed(0)}% |`,
  );
}
