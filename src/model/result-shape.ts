// The size of what one replication of a model produces, known from the model alone: the run's size limits are
// checked with it before anything runs (validate.ts, sim/run/run-size.ts).
import type { ChainModel } from './schema.ts';

/**
 * How many daily series and scalar KPIs one replication of `model` produces (src/sim/chain makes them; a test
 * keeps the two in step). The run's size limits (LIMITS.dailyValues, keptDailyValues) are checked with these
 * before anything runs.
 */
export function resultShape(model: ChainModel): { dailySeries: number; kpis: number } {
  const stages = model.stages.length;
  const stageNorms = model.stages.filter((s) => s.norm !== undefined).length;
  const serverStages = model.stages.filter((s) => s.capacity !== 'unlimited' && 'servers' in s.capacity).length;
  const locations = model.reception?.locations ?? [];
  const locationTypes = new Set(locations.map((l) => l.type)).size;
  const norms = model.norms.length;
  const reception = locations.length > 0 ? 1 : 0;
  const regimes = model.norms.reduce((a, n) => a + (n.penalties?.length ?? 0), 0);
  // Notices, penalty days and euros per penalty regime, and of all regimes together.
  const penaltyKpis = regimes > 0 ? 3 * regimes + 3 : 0;
  const pools = model.staffPools?.length ?? 0;
  const poolStages = model.stages.filter((s) => s.capacity !== 'unlimited' && 'pool' in s.capacity).length;
  // Family reunification as a process (a model with abroad stages): open applications in persons and cases by
  // day; their mean and end values, and the persons who filed and withdrew.
  const abroad = model.stages.some((s) => s.abroad) ? 1 : 0;
  // arrivals (3 kinds + all), exits (6 reasons), in chain and permit holders, 7 cost categories; measured, within
  // and lead days per norm, and its clocks open past the deadline.
  const dailySeries =
    19 +
    4 * stages +
    4 * stageNorms +
    2 * locations.length +
    reception +
    2 * locationTypes +
    4 * norms +
    3 * regimes +
    // Staff pools: hours available and used per pool, hours given and used per pool stage.
    2 * pools +
    2 * poolStages +
    2 * abroad;
  // Chain totals (arrivals, exits, stocks, lead time, moves, costs), 12 per stage, 6 per norm, 3 per location.
  const kpis =
    28 +
    12 * stages +
    serverStages +
    2 * stageNorms +
    6 * norms +
    3 * locations.length +
    2 * reception +
    2 * model.playbook.length +
    penaltyKpis +
    3 * pools +
    2 * poolStages +
    5 * abroad;
  return { dailySeries, kpis };
}
