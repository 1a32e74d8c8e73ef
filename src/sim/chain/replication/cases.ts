// The case table of one replication: per-case state as a struct of typed arrays, one slot per household in the
// chain (slots are reused after exit). Other parts read and write a case's fields through it by slot number; the
// table alone allocates and grows the arrays, and tells parts that keep per-case arrays of their own (the norm
// clocks) to grow theirs with it.
import { RandomStream } from '../../../core/random.ts';

/** `location` of a case without a bed or waiting list (arriving, left). */
export const NO_LOCATION = -1;
/** `location` of a case without a bed: in overflow (emergency shelter outside the chain's locations). */
export const OVERFLOW = -2;
/** `stage` of a case created but not yet arrived (a family member on the way, an exact-month arrival). */
export const PENDING = -2;
/** `stage` of a free slot. */
export const LEFT = -1;

function growFloat(a: Float64Array<ArrayBuffer>, n: number): Float64Array<ArrayBuffer> {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}
function growInt(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(n);
  b.set(a);
  return b;
}

/** Something that keeps per-case arrays of its own and grows them with the table. */
export interface GrowsWithCases {
  growCases(capacity: number): void;
}

export class CaseTable {
  /** Slots allocated so far (free or in use). */
  used = 0;
  capacity: number;
  kind: Int32Array<ArrayBuffer>;
  cohort: Int32Array<ArrayBuffer>;
  /** Track decided so far, -1 before the track decision. */
  track: Int32Array<ArrayBuffer>;
  persons: Int32Array<ArrayBuffer>;
  children: Int32Array<ArrayBuffer>;
  arrival: Float64Array<ArrayBuffer>;
  /** Current stage; PENDING before arrival, LEFT after exit. */
  stage: Int32Array<ArrayBuffer>;
  /** Time the case entered its current stage, and started service there. */
  enter: Float64Array<ArrayBuffer>;
  start: Float64Array<ArrayBuffer>;
  /** Location index, NO_LOCATION or OVERFLOW. */
  location: Int32Array<ArrayBuffer>;
  /** Bumped whenever a waiting-list entry of the case stops applying (moved, new stage, exit). */
  token: Int32Array<ArrayBuffer>;
  outcome: Int32Array<ArrayBuffer>;
  granted: Int32Array<ArrayBuffer>;
  moves: Int32Array<ArrayBuffer>;
  /** The case's key in a trace (stream and index, unique within the replication). */
  key: Float64Array<ArrayBuffer>;
  /** 1 for persons already in the chain at time 0 (left out of lead times). */
  initial: Int32Array<ArrayBuffer>;
  /** Sub-stream id and index the case draws from. */
  stream: Int32Array<ArrayBuffer>;
  index: Float64Array<ArrayBuffer>;
  /** Stage entries of the case since loopFrom, for the loop guard (MAX_STAGE_ENTRIES_PER_DAY). */
  loopFrom: Float64Array<ArrayBuffer>;
  loopEntries: Int32Array<ArrayBuffer>;
  rngs: (RandomStream | null)[];
  private readonly free: number[] = [];
  private readonly growers: GrowsWithCases[] = [];

  constructor(capacity = 1024) {
    this.capacity = capacity;
    this.kind = new Int32Array(capacity);
    this.cohort = new Int32Array(capacity);
    this.track = new Int32Array(capacity);
    this.persons = new Int32Array(capacity);
    this.children = new Int32Array(capacity);
    this.arrival = new Float64Array(capacity);
    this.stage = new Int32Array(capacity);
    this.enter = new Float64Array(capacity);
    this.start = new Float64Array(capacity);
    this.location = new Int32Array(capacity);
    this.token = new Int32Array(capacity);
    this.outcome = new Int32Array(capacity);
    this.granted = new Int32Array(capacity);
    this.moves = new Int32Array(capacity);
    this.key = new Float64Array(capacity);
    this.initial = new Int32Array(capacity);
    this.stream = new Int32Array(capacity);
    this.index = new Float64Array(capacity);
    this.loopFrom = new Float64Array(capacity);
    this.loopEntries = new Int32Array(capacity);
    this.rngs = new Array<RandomStream | null>(capacity).fill(null);
  }

  /** Registers a part whose per-case arrays grow with the table. */
  growWith(part: GrowsWithCases): void {
    this.growers.push(part);
  }

  /** A slot for a new case: the last one freed, else a new one (the table doubles when full). */
  alloc(): number {
    if (this.free.length > 0) return this.free.pop()!;
    if (this.used === this.capacity) this.grow(this.capacity * 2);
    return this.used++;
  }

  /** Frees the slot of a case that left the chain. */
  release(c: number): void {
    this.location[c] = NO_LOCATION;
    this.stage[c] = LEFT;
    this.token[c]++;
    this.free.push(c);
  }

  /**
   * The stream object of slot c, made once per slot and kept when the slot is freed: the caller puts it in the
   * case's sub-stream state (`resetToSubstream`), so a new case allocates no stream.
   */
  streamFor(c: number): RandomStream {
    let rng = this.rngs[c];
    if (rng === null) this.rngs[c] = rng = new RandomStream();
    return rng;
  }

  /** The case's random stream (every draw of a case comes from it). */
  rng(c: number): RandomStream {
    return this.rngs[c]!;
  }

  private grow(n: number): void {
    this.kind = growInt(this.kind, n);
    this.cohort = growInt(this.cohort, n);
    this.track = growInt(this.track, n);
    this.persons = growInt(this.persons, n);
    this.children = growInt(this.children, n);
    this.arrival = growFloat(this.arrival, n);
    this.stage = growInt(this.stage, n);
    this.enter = growFloat(this.enter, n);
    this.start = growFloat(this.start, n);
    this.location = growInt(this.location, n);
    this.token = growInt(this.token, n);
    this.outcome = growInt(this.outcome, n);
    this.granted = growInt(this.granted, n);
    this.moves = growInt(this.moves, n);
    this.key = growFloat(this.key, n);
    this.initial = growInt(this.initial, n);
    this.stream = growInt(this.stream, n);
    this.index = growFloat(this.index, n);
    this.loopFrom = growFloat(this.loopFrom, n);
    this.loopEntries = growInt(this.loopEntries, n);
    this.rngs.length = n;
    this.rngs.fill(null, this.capacity);
    this.capacity = n;
    for (const part of this.growers) part.growCases(n);
  }
}
