// Reception: beds at the locations, occupancy and overflow integrated over time (daily costs, means, maxima),
// the waiting lists for a bed, and moves between locations. A case asks for a bed fitting its stage (place);
// a freed bed goes to the first household on the location's waiting lists that fits (fill).
import { type CompiledChain, valueAt } from '../compile.ts';
import type { Kernel } from '../../engine/kernel.ts';
import { FifoQueue } from '../queues.ts';
import { type CaseTable, NO_LOCATION, OVERFLOW } from './cases.ts';
import { PRIORITY_CAPACITY, type ReportWindow } from './constants.ts';
import type { CaseTrace } from './trace.ts';
import { CHAIN_KPI, CHAIN_SERIES, locationKpi, locationSeries, locationTypeSeries } from '../keys.ts';

/** Waiting-list classes, served in this order: without a bed (overflow), in a location their stage does not
 * use, move-ups to a location higher on their stage's list. */
const WAIT_OVERFLOW = 0;
const WAIT_ELSEWHERE = 1;
const WAIT_MOVE_UP = 2;

export class Reception {
  private readonly chain: CompiledChain;
  private readonly cases: CaseTable;
  private readonly window: ReportWindow;
  private readonly trace: CaseTrace | null;
  private readonly occupied: Float64Array;
  /** Occupied bed-days since the last snapshot, and the time of the last change. */
  private readonly occArea: Float64Array;
  private readonly occLast: Float64Array;
  private readonly occAreaWindow: Float64Array;
  private readonly occMax: Float64Array;
  private readonly bedsNow: Float64Array;
  /** Playbook changes on top of the planned beds. */
  private readonly bedsAdjust: Float64Array;
  private overflowPersons = 0;
  private overflowArea = 0;
  private overflowLast = 0;
  private overflowMax = 0;
  private overflowAreaWindow = 0;
  // Waiting lists per location and class: the case and its token when it was put on the list (an entry whose
  // token no longer matches the case's is stale and skipped).
  private readonly waitCase: FifoQueue[][];
  private readonly waitToken: FifoQueue[][];
  /** Locations where beds may have come free since the last drainFills. */
  private readonly fillStack: number[] = [];
  private personMoves = 0;
  private childMoves = 0;
  private readonly occSeries: Float64Array[];
  private readonly bedsSeries: Float64Array[];
  private readonly overflowSeries: Float64Array | null;
  // Occupancy and beds summed per location type (central, regular, emergency, …), for the types in use.
  private readonly locationTypes: string[];
  private readonly typeOfLocation: Int32Array;
  private readonly typeOccSeries: Float64Array[];
  private readonly typeBedsSeries: Float64Array[];
  readonly costOccupied: Float64Array;
  readonly costEmpty: Float64Array;
  readonly costOverflow: Float64Array;
  readonly costMoves: Float64Array;
  private readonly evBeds: number;

  constructor(chain: CompiledChain, cases: CaseTable, window: ReportWindow, kernel: Kernel, trace: CaseTrace | null) {
    this.chain = chain;
    this.cases = cases;
    this.window = window;
    this.trace = trace;
    const L = chain.locations.length;
    const H = window.horizon;
    this.occupied = new Float64Array(L);
    this.occArea = new Float64Array(L);
    this.occLast = new Float64Array(L);
    this.occAreaWindow = new Float64Array(L);
    this.occMax = new Float64Array(L);
    this.bedsNow = new Float64Array(L);
    this.bedsAdjust = new Float64Array(L);
    this.waitCase = chain.locations.map(() => [new FifoQueue(), new FifoQueue(), new FifoQueue()]);
    this.waitToken = chain.locations.map(() => [new FifoQueue(), new FifoQueue(), new FifoQueue()]);
    for (const l of chain.locations) this.bedsNow[l.index] = valueAt(l.beds, 0);
    this.occSeries = chain.locations.map(() => new Float64Array(H));
    this.bedsSeries = chain.locations.map(() => new Float64Array(H));
    this.overflowSeries = chain.hasReception ? new Float64Array(H) : null;
    this.locationTypes = [...new Set(chain.locations.map((l) => l.type))];
    this.typeOfLocation = Int32Array.from(chain.locations, (l) => this.locationTypes.indexOf(l.type));
    this.typeOccSeries = this.locationTypes.map(() => new Float64Array(H));
    this.typeBedsSeries = this.locationTypes.map(() => new Float64Array(H));
    this.costOccupied = new Float64Array(H);
    this.costEmpty = new Float64Array(H);
    this.costOverflow = new Float64Array(H);
    this.costMoves = new Float64Array(H);
    this.evBeds = kernel.on((l: number) => {
      const t = kernel.now;
      this.bedsNow[l] = Math.max(0, this.plannedBeds(l, t) + this.bedsAdjust[l]);
      this.fillStack.push(l);
      this.drainFills(t);
    });
  }

  /** Schedules the planned changes of beds at their dates. */
  scheduleCapacityChanges(kernel: Kernel): void {
    const H = this.window.horizon;
    for (const l of this.chain.locations) {
      for (let i = 1; i < l.beds.fromDay.length; i++)
        if (l.beds.fromDay[i] > 0 && l.beds.fromDay[i] < H)
          kernel.schedule(l.beds.fromDay[i], this.evBeds, l.index, PRIORITY_CAPACITY);
    }
  }

  /**
   * While the initial state's cases with a known location are placed: a case in a location of its stage's list
   * stays there (it waits for a better bed; it does not move at the start).
   */
  settling = false;

  /** An initial case takes a bed at location l, if there are enough free (else it is placed as any case). */
  putAt(c: number, l: number, t: number): void {
    if (this.freeBeds(l) < this.cases.persons[c]) return;
    this.moveTo(c, l, t);
  }

  /** The case is without a bed (an initial case given so, or one that found no bed fitting its stage). */
  putInOverflow(c: number, t: number): void {
    this.cases.location[c] = OVERFLOW;
    this.changeOverflow(t, this.cases.persons[c]);
    if (this.trace !== null) this.trace.emit(c, 'overflow', 'complete', t, this.cases.stage[c]);
  }

  /** Gives the case a bed fitting its current stage, or keeps it where it is (or in overflow) on waiting lists. */
  place(c: number, list: Int32Array, t: number): void {
    const { cases } = this;
    const cur = cases.location[c];
    let rank = cur >= 0 ? list.indexOf(cur) : -1;
    cases.token[c]++; // waiting-list entries made for an earlier stage no longer apply
    if (rank === 0) return;
    const persons = cases.persons[c];
    const upTo = rank < 0 ? list.length : this.settling ? 0 : rank;
    for (let j = 0; j < upTo; j++) {
      if (this.freeBeds(list[j]) >= persons) {
        this.moveTo(c, list[j], t);
        rank = j;
        break;
      }
    }
    if (rank < 0) {
      if (cur === NO_LOCATION) this.putInOverflow(c, t);
      this.registerBetter(c, list, -1, cases.location[c] === OVERFLOW ? WAIT_OVERFLOW : WAIT_ELSEWHERE);
    } else if (rank > 0 && this.chain.moveUpWhenBedFrees) this.registerBetter(c, list, rank, WAIT_MOVE_UP);
  }

  /** The case leaves the chain: its bed (or overflow place) comes free. */
  leave(c: number, t: number): void {
    const l = this.cases.location[c];
    const persons = this.cases.persons[c];
    if (l >= 0) {
      this.changeOccupancy(l, t, -persons);
      this.fillStack.push(l);
    } else if (l === OVERFLOW) this.changeOverflow(t, -persons);
  }

  /** Gives beds that came free to the waiting lists. */
  drainFills(t: number): void {
    const stack = this.fillStack;
    while (stack.length > 0) this.fill(stack.pop()!, t);
  }

  /** Changes the beds of location i by `delta` (never below zero in all); returns the change actually made. */
  adjustBeds(i: number, delta: number, t: number): number {
    const applied = Math.max(delta, -(this.plannedBeds(i, t) + this.bedsAdjust[i]));
    this.bedsAdjust[i] += applied;
    this.bedsNow[i] = Math.max(0, this.plannedBeds(i, t) + this.bedsAdjust[i]);
    this.fillStack.push(i);
    return applied;
  }

  /** Planned beds of location l on day d with the playbook's changes (may be below zero). */
  bedsCapacity(l: number, d: number): number {
    return this.plannedBeds(l, d) + this.bedsAdjust[l];
  }

  /** Occupied beds of the locations, with everyone in overflow, as a share of their beds. */
  occupancyShare(locations: Int32Array): number {
    let used = this.overflowPersons;
    let beds = 0;
    for (const l of locations) {
      used += this.occupied[l];
      beds += this.bedsNow[l];
    }
    return beds > 0 ? used / beds : used > 0 ? Infinity : 0;
  }

  /** Persons without a bed now. */
  get overflow(): number {
    return this.overflowPersons;
  }

  /** The end of day `day` at time t: occupancy, beds and their costs of the day. */
  snapshot(day: number, t: number): void {
    const { chain, window } = this;
    for (let l = 0; l < chain.locations.length; l++) {
      this.occArea[l] += this.occupied[l] * (t - this.occLast[l]);
      this.occLast[l] = t;
      const loc = chain.locations[l];
      const beds = Math.max(0, valueAt(loc.beds, day) + this.bedsAdjust[l]);
      this.occSeries[l][day] = this.occupied[l];
      this.bedsSeries[l][day] = beds;
      this.typeOccSeries[this.typeOfLocation[l]][day] += this.occupied[l];
      this.typeBedsSeries[this.typeOfLocation[l]][day] += beds;
      this.costOccupied[day] += this.occArea[l] * loc.costPerOccupiedBedDayEur;
      this.costEmpty[day] += Math.max(0, beds - this.occArea[l]) * loc.costPerEmptyBedDayEur;
      if (day >= window.warmup) this.occAreaWindow[l] += this.occArea[l];
      this.occArea[l] = 0;
    }
    if (this.overflowSeries) {
      this.overflowArea += this.overflowPersons * (t - this.overflowLast);
      this.overflowLast = t;
      this.overflowSeries[day] = this.overflowPersons;
      this.costOverflow[day] += this.overflowArea * chain.overflowCostPerPersonDayEur;
      if (day >= window.warmup) this.overflowAreaWindow += this.overflowArea;
      this.overflowArea = 0;
    }
  }

  series(out: Record<string, Float64Array>): void {
    const { chain } = this;
    chain.locations.forEach((l, i) => (out[locationSeries(l.id, 'occupied')] = this.occSeries[i]));
    chain.locations.forEach((l, i) => (out[locationSeries(l.id, 'beds')] = this.bedsSeries[i]));
    if (this.overflowSeries) out[CHAIN_SERIES.overflow] = this.overflowSeries;
    this.locationTypes.forEach((t, i) => (out[locationTypeSeries(t, 'occupied')] = this.typeOccSeries[i]));
    this.locationTypes.forEach((t, i) => (out[locationTypeSeries(t, 'beds')] = this.typeBedsSeries[i]));
  }

  /** Occupancy and beds per location, and overflow. */
  kpis(kpis: Record<string, number>): void {
    const { window } = this;
    this.chain.locations.forEach((l, i) => {
      kpis[locationKpi(l.id, 'occupied.mean')] = window.days > 0 ? this.occAreaWindow[i] / window.days : 0;
      kpis[locationKpi(l.id, 'occupied.max')] = this.occMax[i];
      kpis[locationKpi(l.id, 'beds.mean')] = window.mean(this.bedsSeries[i]);
    });
    if (this.overflowSeries) {
      kpis[CHAIN_KPI.overflowPersonDays] = this.overflowAreaWindow;
      kpis[CHAIN_KPI.overflowMax] = this.overflowMax;
    }
  }

  /** Moves of persons and children in the reported period. */
  moveKpis(kpis: Record<string, number>): void {
    kpis[CHAIN_KPI.personMoves] = this.personMoves;
    kpis[CHAIN_KPI.childMoves] = this.childMoves;
  }

  private plannedBeds(l: number, t: number): number {
    return valueAt(this.chain.locations[l].beds, t);
  }

  private freeBeds(l: number): number {
    return this.bedsNow[l] - this.occupied[l];
  }

  private changeOccupancy(l: number, t: number, dPersons: number): void {
    this.occArea[l] += this.occupied[l] * (t - this.occLast[l]);
    this.occLast[l] = t;
    this.occupied[l] += dPersons;
    if (this.occupied[l] > this.occMax[l] && t >= this.window.warmup) this.occMax[l] = this.occupied[l];
  }

  private changeOverflow(t: number, dPersons: number): void {
    this.overflowArea += this.overflowPersons * (t - this.overflowLast);
    this.overflowLast = t;
    this.overflowPersons += dPersons;
    if (this.overflowPersons > this.overflowMax && t >= this.window.warmup) this.overflowMax = this.overflowPersons;
  }

  /** Puts the case in waiting lists for every location of `list` it prefers over where it is. */
  private registerBetter(c: number, list: Int32Array, rank: number, cls: number): void {
    const upTo = rank < 0 ? list.length : rank;
    const token = this.cases.token[c];
    for (let j = 0; j < upTo; j++) {
      this.waitCase[list[j]][cls].push(c);
      this.waitToken[list[j]][cls].push(token);
    }
  }

  private moveTo(c: number, l: number, t: number): void {
    const { cases } = this;
    const from = cases.location[c];
    const persons = cases.persons[c];
    if (from >= 0) {
      this.changeOccupancy(from, t, -persons);
      this.fillStack.push(from);
    } else if (from === OVERFLOW) this.changeOverflow(t, -persons);
    if (from !== NO_LOCATION) {
      cases.moves[c]++;
      if (t >= this.window.warmup) {
        this.personMoves += persons;
        this.childMoves += cases.children[c];
      }
      this.costMoves[this.window.dayOf(t)] += persons * this.chain.costPerMoveEur;
    }
    this.changeOccupancy(l, t, persons);
    cases.location[c] = l;
    cases.token[c]++;
    if (this.trace !== null) this.trace.emit(c, 'move', 'complete', t, cases.stage[c]);
  }

  private fill(l: number, t: number): void {
    const { cases } = this;
    for (let cls = 0; cls < 3; cls++) {
      const waiting = this.waitCase[l][cls];
      const tokens = this.waitToken[l][cls];
      while (waiting.size > 0 && this.freeBeds(l) > 0) {
        const c = waiting.peek();
        const token = tokens.peek();
        if (token !== cases.token[c] || cases.stage[c] < 0) {
          waiting.pop();
          tokens.pop();
          continue;
        }
        if (this.freeBeds(l) < cases.persons[c]) return; // the household at the head waits for enough beds; nobody overtakes it
        waiting.pop();
        tokens.pop();
        this.moveTo(c, l, t);
        const list = this.chain.stages[cases.stage[c]].locations;
        if (list && this.chain.moveUpWhenBedFrees) {
          const rank = list.indexOf(l);
          if (rank > 0) this.registerBetter(c, list, rank, WAIT_MOVE_UP);
        }
      }
      if (this.freeBeds(l) <= 0) return;
    }
  }
}
