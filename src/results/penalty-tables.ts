// The penalty regimes of a simulation: the rows of penalties.csv — per regime and calendar year of the reported
// period, the notices of default given, the penalty days run and their euros, each per replication and then
// spread across replications (the table is declared with the other files in simulation-files.ts) — and the
// terminal summary's table of the regimes over the reported period. Only a model with penalty regimes has them.
import type { Interval } from './table.ts';
import { FORMAT, type TableDecl, UNIT } from './table.ts';
import type { ModelNames } from './kpis.ts';
import { text as t } from '../core/locale.ts';
import type { SimulationResult } from '../sim/run/simulate.ts';
import { reportedYears } from '../sim/run/costs.ts';
import { type Spread, spreadOf } from '../sim/run/aggregate.ts';
import { type PenaltyMeasure, penaltyOfSeries, penaltyRegimeId, penaltySeries } from '../sim/chain/keys.ts';

/** A penalty regime of the result: its norm, its id and the name people read. */
export interface PenaltyRegimeRef {
  norm: string;
  regime: string;
  label: string;
}

/** The penalty regimes a result reports, in the simulator's order (none for a model without them). */
export function penaltyRegimesOf(
  result: Pick<SimulationResult, 'replications'>,
  names: ModelNames = {},
): PenaltyRegimeRef[] {
  const first = result.replications[0];
  if (!first) return [];
  const out: PenaltyRegimeRef[] = [];
  for (const key of Object.keys(first.series)) {
    const ref = penaltyOfSeries(key, 'eur');
    if (!ref) continue;
    const id = penaltyRegimeId(ref.norm, ref.regime);
    out.push({ ...ref, label: names.penalties?.get(id) ?? id });
  }
  return out;
}

/** A regime in a calendar year: notices, penalty days and euros per replication, spread across replications. */
export interface PenaltyYearRow {
  year: number;
  ref: PenaltyRegimeRef;
  spread: Record<PenaltyMeasure, Spread>;
}

/** The rows of penalties.csv: years in order, regimes in the simulator's order within a year. */
export function penaltyYearRows(result: SimulationResult, names: ModelNames = {}): PenaltyYearRow[] {
  const regimes = penaltyRegimesOf(result, names);
  const years = reportedYears(result.startDate, result.warmupDays, result.horizonDays);
  const rows: PenaltyYearRow[] = [];
  const sum = (series: Float64Array, from: number, to: number) => {
    let s = 0;
    for (let d = from; d < to; d++) s += series[d];
    return s;
  };
  for (const { year, from, to } of years)
    for (const ref of regimes) {
      const spread = (measure: PenaltyMeasure) =>
        spreadOf(result.replications.map((r) => sum(r.series[penaltySeries(ref.norm, ref.regime, measure)], from, to)));
      rows.push({ year, ref, spread: { notices: spread('notices'), days: spread('days'), eur: spread('eur') } });
    }
  return rows;
}

/** A regime in the terminal summary: its figures over the reported period, mean with the 5–95% range. */
export interface PenaltySummaryRow {
  label: string;
  notices?: Interval;
  days?: Interval;
  eur?: Interval;
}

export const PENALTY_SUMMARY_TABLE: TableDecl<PenaltySummaryRow> = {
  id: 'penalties',
  title: t('Dwangsommen', 'Penalties'),
  columns: [
    { key: 'regime', label: t('dwangsomregeling', 'penalty regime'), format: FORMAT.text, value: (r) => r.label },
    { key: 'notices', label: t('ingebrekestellingen', 'notices'), format: FORMAT.count, value: (r) => r.notices },
    { key: 'days', label: t('dwangsomdagen', 'penalty days'), format: FORMAT.count, value: (r) => r.days },
    { key: 'eur', label: t('dwangsommen', 'penalties'), unit: UNIT.eur, format: FORMAT.euro, value: (r) => r.eur },
  ],
};
