// Staff pools: a partner's staff (FTE over time) shared by several stages. At the start of each working day a
// pool's hours (FTE × hoursPerFteDay) are divided over its stages by the pool's rule in force — priority order,
// fixed shares or in proportion to the backlogs — and become each stage's budget of hours; a case starts at a
// pool stage while the stage's budget is above zero and takes its hours (per case or per person) from it. Hours a
// priority or backlog division leaves over (every backlog is covered) stay in the pool for the rest of the day:
// a case that joins a pool stage whose budget is spent draws the hours it needs from them. Stages calls this part
// from its queue (canStart, spend) and at each day's edge (release); the pool owns its budgets, series, KPIs and
// staff cost.
import { CAPACITY_POOL, type CompiledChain, POOL_BACKLOG, POOL_PRIORITY, valueAt } from '../compile.ts';
import { poolKpi, poolSeries, stageKpi, stageSeries } from '../keys.ts';
import type { ReportWindow } from './constants.ts';

/** What the pools read of the stages' queues at the day's edge. */
export interface PoolQueues {
  /** Cases waiting in front of stage s. */
  queued(s: number): number;
  /** Persons waiting in front of stage s. */
  backlog(s: number): number;
}

export class StaffPools {
  private readonly chain: CompiledChain;
  private readonly window: ReportWindow;
  /** Hours left today at each stage (indexed by stage; only pool stages are used). May go below zero. */
  private readonly budget: Float64Array;
  /** Hours of each pool that today's division left over, for cases that join later today. */
  private readonly spare: Float64Array;
  /** The division in force of each pool (an index into its divisions). */
  private readonly division: Int32Array;
  /** Playbook changes of each pool's FTE on top of its schedule. */
  private readonly fteAdjust: Float64Array;
  /** Hours a stage's waiting cases still need beyond its budget (scratch of release). */
  private readonly need: Float64Array;
  private readonly poolOf: Int32Array;
  private readonly hours: Float64Array;
  private readonly perPerson: Uint8Array;
  private readonly availableSeries: Float64Array[];
  private readonly usedSeries: Float64Array[];
  /** Per stage: hours given to it (at the day's division and drawn later) and hours its started cases took. */
  private readonly allocatedSeries: Float64Array[];
  private readonly stageUsedSeries: Float64Array[];

  constructor(chain: CompiledChain, window: ReportWindow) {
    this.chain = chain;
    this.window = window;
    const S = chain.stages.length;
    const P = chain.pools.length;
    const H = window.horizon;
    this.budget = new Float64Array(S);
    this.spare = new Float64Array(P);
    this.division = new Int32Array(P);
    this.fteAdjust = new Float64Array(P);
    this.need = new Float64Array(S);
    this.poolOf = Int32Array.from(chain.stages, (s) => s.pool);
    this.hours = Float64Array.from(chain.stages, (s) => s.poolHours);
    this.perPerson = Uint8Array.from(chain.stages, (s) => (s.poolPerPerson ? 1 : 0));
    this.availableSeries = chain.pools.map(() => new Float64Array(H));
    this.usedSeries = chain.pools.map(() => new Float64Array(H));
    const pooled = (s: { capacityKind: number }) => (s.capacityKind === CAPACITY_POOL ? H : 0);
    this.allocatedSeries = chain.stages.map((s) => new Float64Array(pooled(s)));
    this.stageUsedSeries = chain.stages.map((s) => new Float64Array(pooled(s)));
  }

  /** FTE of pool p on day d, with the playbook's changes (never below zero). */
  fte(p: number, d: number): number {
    return Math.max(0, valueAt(this.chain.pools[p].fte, d) + this.fteAdjust[p]);
  }

  /** Changes the FTE of pool p by `delta` (never below zero in all); returns the change actually made. */
  adjustFte(p: number, delta: number, d: number): number {
    const applied = Math.max(delta, -(valueAt(this.chain.pools[p].fte, d) + this.fteAdjust[p]));
    this.fteAdjust[p] += applied;
    return applied;
  }

  /**
   * Start of day d: each pool's hours of the day are divided over its stages. A stage whose queue is empty first
   * loses the hours it has left (unused hours lapse; a debt is kept). On a day that is not a working day the pool
   * has no hours. The stages then serve their queues (Stages does that after this call).
   */
  release(d: number, queues: PoolQueues): void {
    const { chain, budget, need } = this;
    for (let p = 0; p < chain.pools.length; p++) {
      const pool = chain.pools[p];
      const divisions = pool.divisions;
      let k = this.division[p];
      while (k + 1 < divisions.length && divisions[k + 1].fromDay <= d) k++;
      this.division[p] = k;
      const division = divisions[k];
      const hours = chain.calendar.isWorkingDay(d) ? this.fte(p, d) * pool.hoursPerFteDay : 0;
      this.availableSeries[p][d] = hours;
      let totalNeed = 0;
      for (let i = 0; i < pool.stages.length; i++) {
        const s = pool.stages[i];
        const queued = queues.queued(s);
        if (queued === 0) budget[s] = Math.min(budget[s], 0);
        const work = this.hours[s] * (this.perPerson[s] === 1 ? queues.backlog(s) : queued);
        need[s] = Math.max(0, work - budget[s]);
        totalNeed += need[s];
      }
      const order = division.order;
      let left = hours;
      if (division.rule === POOL_PRIORITY) {
        for (let i = 0; i < order.length; i++) {
          const s = order[i];
          const give = Math.min(left, need[s]);
          this.give(s, give, d);
          left -= give;
        }
      } else if (division.rule === POOL_BACKLOG) {
        const scale = totalNeed > hours ? hours / totalNeed : 1;
        for (let i = 0; i < order.length; i++) this.give(order[i], need[order[i]] * scale, d);
        left = totalNeed > hours ? 0 : hours - totalNeed;
      } else {
        for (let i = 0; i < order.length; i++) this.give(order[i], hours * division.shares[i], d);
        left = 0;
      }
      this.spare[p] = left;
    }
  }

  /**
   * Whether a case may start now at pool stage s, whose queue holds `queued` cases of `persons` persons: the
   * stage's budget is above zero, or the pool's hours left over today cover (part of) what its queue needs.
   */
  canStart(s: number, queued: number, persons: number, day: number): boolean {
    if (this.budget[s] > 0) return true;
    const p = this.poolOf[s];
    if (this.spare[p] <= 0) return false;
    const work = this.hours[s] * (this.perPerson[s] === 1 ? persons : queued);
    const take = Math.min(this.spare[p], work - this.budget[s]);
    if (take <= 0) return false;
    this.spare[p] -= take;
    this.give(s, take, day);
    return this.budget[s] > 0;
  }

  /** A case of `persons` persons starts at pool stage s on `day`: its hours come from the stage's budget. */
  spend(s: number, persons: number, day: number): void {
    const h = this.perPerson[s] === 1 ? this.hours[s] * persons : this.hours[s];
    this.budget[s] -= h;
    this.stageUsedSeries[s][day] += h;
    this.usedSeries[this.poolOf[s]][day] += h;
  }

  /** The pools' staff cost of day d: FTE × costPerFteYearEur / 365, paid whether busy or not. */
  staffCost(d: number): number {
    let cost = 0;
    for (let p = 0; p < this.chain.pools.length; p++) {
      const pool = this.chain.pools[p];
      if (pool.costPerFteYearEur > 0) cost += (this.fte(p, d) * pool.costPerFteYearEur) / 365;
    }
    return cost;
  }

  series(out: Record<string, Float64Array>): void {
    const { chain } = this;
    chain.pools.forEach((pool, p) => {
      out[poolSeries(pool.id, 'hoursAvailable')] = this.availableSeries[p];
      out[poolSeries(pool.id, 'hoursUsed')] = this.usedSeries[p];
    });
    for (const pool of chain.pools)
      for (const s of pool.stages) {
        const id = chain.stages[s].id;
        out[stageSeries(id, 'poolHoursAllocated')] = this.allocatedSeries[s];
        out[stageSeries(id, 'poolHours')] = this.stageUsedSeries[s];
      }
  }

  /** Hours available and used and the utilisation of each pool; the hours and share of hours of each pool stage. */
  kpis(kpis: Record<string, number>): void {
    const { chain, window } = this;
    chain.pools.forEach((pool, p) => {
      const available = window.sum(this.availableSeries[p]);
      const used = window.sum(this.usedSeries[p]);
      kpis[poolKpi(pool.id, 'hoursAvailable')] = available;
      kpis[poolKpi(pool.id, 'hoursUsed')] = used;
      kpis[poolKpi(pool.id, 'utilisation')] = available > 0 ? used / available : 0;
      for (const s of pool.stages) {
        const id = chain.stages[s].id;
        const stageUsed = window.sum(this.stageUsedSeries[s]);
        kpis[stageKpi(id, 'poolHours')] = stageUsed;
        kpis[stageKpi(id, 'poolShare')] = used > 0 ? stageUsed / used : 0;
      }
    });
  }

  private give(s: number, hours: number, day: number): void {
    this.budget[s] += hours;
    this.allocatedSeries[s][day] += hours;
  }
}
