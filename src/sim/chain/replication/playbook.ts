// The playbook (draaiboek): rules checked at the start of each day. A rule whose conditions hold (occupancy,
// backlog, inflow, mean wait, overflow, dates) decides a change of beds, servers, a staff pool's FTE or a diversion of cases, which
// takes effect after its lead time and may be undone after its duration. It owns the decisions (actions), the
// rules' state and the cost.playbook series; it reads and changes capacity through Stages and Reception.
import type { CompiledChain, CompiledRule } from '../compile.ts';
import type { PlaybookAction } from '../results.ts';
import { playbookKpi } from '../keys.ts';
import type { ReportWindow } from './constants.ts';
import type { StaffPools } from './pools.ts';
import type { Reception } from './reception.ts';
import type { Recorder } from './recorder.ts';
import type { Stages } from './stages.ts';

interface Bound {
  atLeast: number;
  atMost: number;
}

/** A change in effect: rule, signed change, the day before which no rule may reverse it, the day it is undone. */
interface ActiveChange {
  rule: number;
  change: number;
  minimumUntil: number;
  undoDay: number;
}

const fmtShare = (v: number) => `${(v * 100).toFixed(1)}%`;
const fmtCount = (v: number) => String(Math.round(v * 10) / 10);
const within = (v: number, b: Bound) => v >= b.atLeast && v <= b.atMost;
const limits = (b: Bound, f: (v: number) => string) =>
  [b.atLeast > -Infinity ? `≥ ${f(b.atLeast)}` : '', b.atMost < Infinity ? `≤ ${f(b.atMost)}` : '']
    .filter(Boolean)
    .join(' and ');

export class Playbook {
  private readonly chain: CompiledChain;
  private readonly rules: CompiledRule[];
  private readonly stages: Stages;
  private readonly reception: Reception;
  private readonly recorder: Recorder;
  private readonly pools: StaffPools | null;
  readonly actions: PlaybookAction[] = [];
  /** Day a decided change takes effect, or -1. */
  private readonly pendingDay: Float64Array;
  /** Index in `actions` of the pending decision. */
  private readonly pendingAction: Int32Array;
  private readonly lastEffectDay: Float64Array;
  private readonly actionCount: Int32Array;
  private readonly firstEffectDay: Float64Array;
  private readonly active: ActiveChange[] = [];
  /** Costs of the playbook per day (cost.playbook). */
  readonly costs: Float64Array;

  constructor(
    chain: CompiledChain,
    window: ReportWindow,
    parts: { stages: Stages; reception: Reception; recorder: Recorder; pools?: StaffPools | null },
  ) {
    this.chain = chain;
    this.rules = chain.playbook;
    this.stages = parts.stages;
    this.reception = parts.reception;
    this.recorder = parts.recorder;
    this.pools = parts.pools ?? null;
    const R = this.rules.length;
    this.pendingDay = new Float64Array(R).fill(-1);
    this.pendingAction = new Int32Array(R).fill(-1);
    this.lastEffectDay = new Float64Array(R).fill(-Infinity);
    this.actionCount = new Int32Array(R);
    this.firstEffectDay = new Float64Array(R).fill(Number.NaN);
    this.costs = new Float64Array(window.horizon);
  }

  get hasRules(): boolean {
    return this.rules.length > 0;
  }

  /** Start of day d: changes due today, automatic undos, daily costs, then the rules decide. */
  runDay(d: number): void {
    const { rules, active } = this;
    for (let r = 0; r < rules.length; r++) if (this.pendingDay[r] === d) this.takeEffect(r, d);
    for (let i = active.length - 1; i >= 0; i--) {
      const a = active[i];
      if (a.undoDay !== d) continue;
      const rule = rules[a.rule];
      const undone = this.adjust(rule, -a.change, d);
      this.actions.push({
        rule: rule.id,
        decidedDay: d,
        effectiveDay: d,
        target: this.targetName(rule),
        change: undone,
        kind: 'undo',
        reason: `end of its ${rule.durationDays} days`,
      });
      this.costs[d] += rule.atUndoEur;
      active.splice(i, 1);
    }
    for (const a of active) this.costs[d] += rules[a.rule].perDayEur;
    for (let r = 0; r < rules.length; r++) this.decide(r, d);
  }

  kpis(kpis: Record<string, number>): void {
    this.rules.forEach((rule, r) => {
      kpis[playbookKpi(rule.id, 'actions')] = this.actionCount[r];
      kpis[playbookKpi(rule.id, 'firstEffectDay')] = this.firstEffectDay[r];
    });
  }

  /** Rule r looks at day d: when nothing blocks it and its conditions hold, it decides a change. */
  private decide(r: number, d: number): void {
    const rule = this.rules[r];
    if (this.pendingDay[r] >= 0 || d < this.lastEffectDay[r] + rule.cooldownDays) return;
    // No rule reverses a change before its minimum duration has passed.
    const blocked = this.active.some((a) => {
      const other = this.rules[a.rule];
      return (
        other.target === rule.target &&
        other.targetIndex === rule.targetIndex &&
        Math.sign(a.change) === -Math.sign(rule.add) &&
        a.minimumUntil > d
      );
    });
    if (blocked) return;
    // A rule that would change nothing now (closing what is not there) does not act.
    const capacityNow =
      rule.target === 'beds'
        ? this.reception.bedsCapacity(rule.targetIndex, d)
        : rule.target === 'servers'
          ? this.stages.serversCapacity(rule.targetIndex, d)
          : rule.target === 'poolFte'
            ? this.pools!.fte(rule.targetIndex, d)
            : 1;
    if (rule.add < 0 && capacityNow <= 0) return;
    const reason = this.conditionsHold(rule, d);
    if (reason === null) return;
    this.pendingAction[r] = this.actions.length;
    this.actions.push({
      rule: rule.id,
      decidedDay: d,
      effectiveDay: -1,
      target: this.targetName(rule),
      change: rule.add,
      kind: 'act',
      reason,
    });
    this.pendingDay[r] = d + rule.leadTimeDays;
    if (rule.leadTimeDays === 0) this.takeEffect(r, d);
  }

  private takeEffect(r: number, d: number): void {
    const rule = this.rules[r];
    const applied = this.adjust(rule, rule.add, d);
    const decision = this.actions[this.pendingAction[r]];
    decision.effectiveDay = d;
    decision.change = applied;
    this.pendingDay[r] = -1;
    this.lastEffectDay[r] = d;
    this.actionCount[r]++;
    if (Number.isNaN(this.firstEffectDay[r])) this.firstEffectDay[r] = d;
    this.costs[d] += rule.atEffectEur;
    this.active.push({
      rule: r,
      change: applied,
      minimumUntil: d + rule.minimumDurationDays,
      undoDay: rule.durationDays > 0 ? d + rule.durationDays : Infinity,
    });
  }

  /** Changes beds, servers or pool FTE by `delta` (never below zero in all); returns the change actually made. */
  private adjust(rule: CompiledRule, delta: number, t: number): number {
    const i = rule.targetIndex;
    if (rule.target === 'route') {
      // A diversion is on (delta = its share) or off (delta = minus its share); it does not add up.
      this.stages.divert(i, delta, rule.routeTo);
      return delta;
    }
    if (rule.target === 'beds') return this.reception.adjustBeds(i, delta, t);
    if (rule.target === 'poolFte') return this.pools!.adjustFte(i, delta, t);
    return this.stages.adjustServers(i, delta, t);
  }

  private targetName(rule: CompiledRule): string {
    const { chain } = this;
    return rule.target === 'beds'
      ? `beds ${chain.locations[rule.targetIndex].id}`
      : rule.target === 'route'
        ? `share of ${chain.stages[rule.targetIndex].id} to ${chain.stages[rule.routeTo].id}`
        : rule.target === 'poolFte'
          ? `FTE of pool ${chain.pools[rule.targetIndex].id}`
          : `servers ${chain.stages[rule.targetIndex].id}`;
  }

  /** Why a rule's conditions hold on day d, or null when one does not. */
  private conditionsHold(rule: CompiledRule, d: number): string | null {
    if (d < rule.fromDay || d >= rule.untilDay) return null;
    const { chain, stages, reception } = this;
    const why: string[] = [];
    if (rule.occupancy) {
      const share = reception.occupancyShare(rule.occupancy.locations);
      if (!within(share, rule.occupancy)) return null;
      why.push(
        `occupancy ${Array.from(rule.occupancy.locations, (l) => chain.locations[l].id).join('+')} ${fmtShare(share)} ${limits(rule.occupancy, fmtShare)}`,
      );
    }
    if (rule.backlog) {
      const v = stages.backlog(rule.backlog.stage);
      if (!within(v, rule.backlog)) return null;
      why.push(`backlog ${chain.stages[rule.backlog.stage].id} ${fmtCount(v)} ${limits(rule.backlog, fmtCount)}`);
    }
    if (rule.inflow) {
      const v = this.recorder.arrivalsBetween(Math.max(0, d - rule.inflow.windowDays), d);
      if (!within(v, rule.inflow)) return null;
      why.push(`inflow in ${rule.inflow.windowDays} days ${fmtCount(v)} ${limits(rule.inflow, fmtCount)}`);
    }
    if (rule.waiting) {
      const mean = stages.meanWait(rule.waiting.stage, Math.max(0, d - rule.waiting.windowDays), d);
      if (Number.isNaN(mean)) return null;
      if (!within(mean, rule.waiting)) return null;
      why.push(
        `mean wait ${chain.stages[rule.waiting.stage].id} ${fmtCount(mean)} days ${limits(rule.waiting, fmtCount)}`,
      );
    }
    if (rule.overflow) {
      const overflow = reception.overflow;
      if (!within(overflow, rule.overflow)) return null;
      why.push(`overflow ${fmtCount(overflow)} ${limits(rule.overflow, fmtCount)}`);
    }
    if (rule.fromDay > -Infinity || rule.untilDay < Infinity) why.push('within its dates');
    return why.join('; ');
  }
}
