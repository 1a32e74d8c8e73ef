// The discrete-event kernel: a queue of events (time, priority, sequence, kind, payload) and a loop that pops the
// next one, advances `now` to it and calls the handler registered for its kind. Ordering rule: time ascending,
// then priority ascending (lower first), then insertion sequence ascending — so a run is fully deterministic.
//
// Events live in parallel typed arrays and carry an int payload (an index into the caller's own arrays), so
// scheduling allocates nothing. The queue has two tiers (see `Kernel`); the tiers change speed, never order.

/** Handles one event; `payload` is the int the event was scheduled with (e.g. a case index). */
export type EventHandler = (payload: number) => void;

const DEFAULT_CAPACITY = 1024;
const NONE = -1;
/** Target number of events per far-tier bucket: the near heap stays this small, so pops are a few levels. */
const EVENTS_PER_BUCKET = 4;
/**
 * With few events pending the heap alone holds them all (a few levels deep, no buckets to fill and pour): the
 * kernel leaves that mode when the heap grows beyond HEAP_ONLY_MAX events and returns to it when a new ring
 * would hold at most HEAP_ONLY_RETURN — the gap keeps it from switching back and forth.
 */
const HEAP_ONLY_MAX = 48;
const HEAP_ONLY_RETURN = 16;

/**
 * The event queue and clock.
 *
 * Near tier: a binary min-heap holding every event whose bucket has been reached, ordered by the full rule.
 * Far tier: a ring of buckets of width `bucketWidthDays` starting at `ringStartDays`, each an unsorted linked
 * list, plus an unsorted overflow list for events beyond the ring. An event's bucket is
 * floor((time - ringStartDays) / bucketWidthDays); that function never decreases as time increases, so every
 * event in a later bucket (or the overflow) is later than every event in the heap, and the heap alone decides
 * the order. When the heap runs dry the next bucket is poured into it; when the ring is used up the overflow
 * is spread over a new ring sized to it. With ~4 events per bucket a pop costs a few heap levels instead of
 * log2(pending) — measured 2–3× faster than one heap at 10^4 pending events (bench/kernel.bench.ts).
 *
 * Heap-only mode: while few events are pending (a tandem of queues has a dozen) the far tier is off and every
 * event goes straight into the heap, which is then small anyway; `currentBucket` is Infinity, so `place` sends
 * every time to the heap. See HEAP_ONLY_MAX for the switch.
 */
export class Kernel {
  /** Current simulated time in days; equals the time of the event being handled while a handler runs. */
  now = 0;

  // Event records, one slot per pending event; `nextInList` links a slot into a bucket, the overflow or the
  // free list. Float64 sequence numbers count exactly to 2^53 events.
  private eventTimeDays: Float64Array;
  private eventSequence: Float64Array;
  private eventKind: Int32Array;
  private eventPriority: Int32Array;
  private eventPayload: Int32Array;
  private nextInList: Int32Array;
  private freeSlot = NONE;
  private slotsUsed = 0;

  // Near tier: binary heap of slots, with each slot's time copied alongside so sifting reads one array.
  private heapTimeDays: Float64Array;
  private heapSlot: Int32Array;
  private heapSize = 0;

  // Far tier. Buckets [0, currentBucket) have been poured into the heap; ringSize = 0 means no ring yet;
  // currentBucket = Infinity means heap-only mode (no ring, no overflow).
  private bucketHead: Int32Array;
  private ringSize = 0;
  private currentBucket = Infinity;
  private ringStartDays = 0;
  private bucketWidthDays = 1;
  private overflowHead = NONE;

  private size = 0;
  private nextSequence = 0;
  private readonly handlers: EventHandler[] = [];

  constructor(initialCapacity = DEFAULT_CAPACITY) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) {
      throw new RangeError(`Kernel: initialCapacity must be a positive integer (got ${initialCapacity})`);
    }
    this.eventTimeDays = new Float64Array(initialCapacity);
    this.eventSequence = new Float64Array(initialCapacity);
    this.eventKind = new Int32Array(initialCapacity);
    this.eventPriority = new Int32Array(initialCapacity);
    this.eventPayload = new Int32Array(initialCapacity);
    this.nextInList = new Int32Array(initialCapacity);
    this.heapTimeDays = new Float64Array(initialCapacity);
    this.heapSlot = new Int32Array(initialCapacity);
    this.bucketHead = new Int32Array(16).fill(NONE);
  }

  /** Registers an event kind and returns its id (0, 1, 2, … in registration order). */
  on(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
  }

  /**
   * Schedules an event of `kind` at `time` (days). Lower `priority` runs first among events at the same time;
   * equal time and priority run in the order they were scheduled. Throws RangeError for a time before `now`,
   * NaN or ±Infinity, an unregistered kind, or a priority or payload that is not a 32-bit integer.
   */
  schedule(time: number, kind: number, payload: number, priority = 0): void {
    if (!(time >= this.now) || time === Infinity) {
      throw new RangeError(`Kernel.schedule: time ${time} is before now (${this.now}) or not finite`);
    }
    if (!(kind >= 0 && kind < this.handlers.length && (kind | 0) === kind)) {
      throw new RangeError(`Kernel.schedule: kind ${kind} is not a registered event kind (register it with on())`);
    }
    if ((payload | 0) !== payload) throw new RangeError(`Kernel.schedule: payload ${payload} is not a 32-bit integer`);
    if ((priority | 0) !== priority) {
      throw new RangeError(`Kernel.schedule: priority ${priority} is not a 32-bit integer`);
    }
    this.scheduleTrusted(time, kind, payload, priority);
  }

  /**
   * `schedule` without its checks, for the hot paths of a simulator that guarantees them itself: `time` a number
   * at or after `now` and finite, `kind` registered, `payload` and `priority` 32-bit integers. A call that breaks
   * them corrupts the queue instead of throwing.
   */
  scheduleTrusted(time: number, kind: number, payload: number, priority: number): void {
    let slot = this.freeSlot;
    if (slot !== NONE) {
      this.freeSlot = this.nextInList[slot];
    } else {
      if (this.slotsUsed === this.eventTimeDays.length) this.grow();
      slot = this.slotsUsed++;
    }
    this.eventTimeDays[slot] = time;
    this.eventSequence[slot] = this.nextSequence++;
    this.eventKind[slot] = kind;
    this.eventPriority[slot] = priority;
    this.eventPayload[slot] = payload;
    this.size++;
    this.place(slot, time);
    if (this.heapSize > HEAP_ONLY_MAX && this.currentBucket === Infinity) this.leaveHeapOnly();
  }

  /** Pops the next event, sets `now` to its time and calls its handler; returns false if none is pending. */
  step(): boolean {
    if (this.heapSize === 0 && !this.refillHeap()) return false;
    this.handleRoot();
    return true;
  }

  /** Pops the heap's root (the next event), sets `now` to its time and calls its handler. */
  private handleRoot(): void {
    const slot = this.heapSlot[0];
    const time = this.heapTimeDays[0];
    this.removeHeapRoot();
    const kind = this.eventKind[slot];
    const payload = this.eventPayload[slot];
    this.nextInList[slot] = this.freeSlot;
    this.freeSlot = slot;
    this.size--;
    this.now = time;
    this.handlers[kind](payload);
  }

  /**
   * Processes every event with time <= `until` in order, including those scheduled by handlers on the way,
   * then sets `now = until`. `run(Infinity)` drains the queue and leaves `now` at the last event's time.
   */
  run(until: number): void {
    if (!(until >= this.now)) throw new RangeError(`Kernel.run: until ${until} is before now (${this.now}) or NaN`);
    while ((this.heapSize > 0 || this.refillHeap()) && this.heapTimeDays[0] <= until) this.handleRoot();
    if (until !== Infinity) this.now = until;
  }

  /**
   * Processes every event with time < `until` in order, including those scheduled by handlers on the way, and
   * returns how many it processed; `now` stays at the last one's time. The same as
   * `while (pending > 0 && peekTime() < until) step()`, without looking at the queue twice per event.
   */
  runBefore(until: number): number {
    if (!(until >= this.now)) {
      throw new RangeError(`Kernel.runBefore: until ${until} is before now (${this.now}) or NaN`);
    }
    let processed = 0;
    while ((this.heapSize > 0 || this.refillHeap()) && this.heapTimeDays[0] < until) {
      this.handleRoot();
      processed++;
    }
    return processed;
  }

  /** Number of events scheduled and not yet processed. */
  get pending(): number {
    return this.size;
  }

  /** Time of the next event in days, Infinity if none is pending. */
  peekTime(): number {
    if (this.heapSize === 0 && !this.refillHeap()) return Infinity;
    return this.heapTimeDays[0];
  }

  /**
   * Drops all pending events and resets `now` and the sequence counter to 0, keeping the registered kinds and
   * the allocated capacity — so one kernel can run replication after replication.
   */
  clear(): void {
    this.bucketHead.fill(NONE);
    this.ringSize = 0;
    this.currentBucket = Infinity;
    this.overflowHead = NONE;
    this.heapSize = 0;
    this.freeSlot = NONE;
    this.slotsUsed = 0;
    this.size = 0;
    this.nextSequence = 0;
    this.now = 0;
  }

  /** Current capacity in events; doubles whenever the queue is full. */
  get capacity(): number {
    return this.eventTimeDays.length;
  }

  /** Puts a slot in the heap if its bucket has been reached, else links it into its bucket or the overflow. */
  private place(slot: number, time: number): void {
    // Heap-only mode sends every event to the heap (the test below would too, after a division).
    if (this.currentBucket === Infinity) {
      this.heapPush(slot, time);
      return;
    }
    // Comparing the unfloored offset with the integers currentBucket and ringSize is the same as comparing
    // its floor, and stays monotone in time.
    const bucketOffset = (time - this.ringStartDays) / this.bucketWidthDays;
    if (bucketOffset < this.currentBucket) {
      this.heapPush(slot, time);
    } else if (bucketOffset < this.ringSize) {
      const bucket = Math.floor(bucketOffset);
      this.nextInList[slot] = this.bucketHead[bucket];
      this.bucketHead[bucket] = slot;
    } else {
      this.nextInList[slot] = this.overflowHead;
      this.overflowHead = slot;
    }
  }

  /** Pours the next non-empty bucket (or a new ring) into the empty heap; false if no event is pending. */
  private refillHeap(): boolean {
    while (this.heapSize === 0) {
      if (this.currentBucket < this.ringSize) {
        const bucket = this.currentBucket++;
        let slot = this.bucketHead[bucket];
        this.bucketHead[bucket] = NONE;
        while (slot !== NONE) {
          const next = this.nextInList[slot];
          this.heapPush(slot, this.eventTimeDays[slot]);
          slot = next;
        }
      } else if (this.overflowHead !== NONE) {
        this.startRing();
      } else {
        // Every pending event is in the heap, a bucket or the overflow; anything else is a kernel bug, and
        // failing here beats run(Infinity) spinning forever on an event it can no longer find.
        if (this.size !== 0) throw new Error(`Kernel invariant broken: ${this.size} events pending, none queued`);
        return false;
      }
    }
    return true;
  }

  /**
   * Spreads the overflow (then every pending event) over a new ring: it starts at the earliest event, has one
   * bucket per EVENTS_PER_BUCKET events and spans twice the distance from the earliest to the mean time, so
   * the bulk of the events land in buckets while far outliers stay in the overflow for a later ring. With at
   * most HEAP_ONLY_RETURN events it pours them all into the heap instead, in heap-only mode.
   */
  private startRing(): void {
    let count = 0;
    let earliestDays = Infinity;
    let sumDays = 0;
    for (let slot = this.overflowHead; slot !== NONE; slot = this.nextInList[slot]) {
      const time = this.eventTimeDays[slot];
      count++;
      sumDays += time;
      if (time < earliestDays) earliestDays = time;
    }
    if (count <= HEAP_ONLY_RETURN) {
      // The heap is empty and every pending event is in the overflow: the heap alone can take them all.
      this.ringSize = 0;
      this.currentBucket = Infinity;
      let slot = this.overflowHead;
      this.overflowHead = NONE;
      while (slot !== NONE) {
        const next = this.nextInList[slot];
        this.heapPush(slot, this.eventTimeDays[slot]);
        slot = next;
      }
      return;
    }
    const buckets = Math.ceil(count / EVENTS_PER_BUCKET);
    if (buckets > this.bucketHead.length) this.bucketHead = new Int32Array(buckets * 2).fill(NONE);
    const widthDays = (2 * (sumDays / count - earliestDays)) / buckets;
    // Equal times (zero spread) or an overflowing sum: any positive finite width keeps the order; the earliest
    // event always lands in bucket 0, so every ring makes progress.
    this.bucketWidthDays = widthDays > 0 && widthDays < Infinity ? widthDays : 1;
    this.ringStartDays = earliestDays;
    this.ringSize = buckets;
    this.currentBucket = 0;
    let slot = this.overflowHead;
    this.overflowHead = NONE;
    while (slot !== NONE) {
      const next = this.nextInList[slot];
      this.place(slot, this.eventTimeDays[slot]);
      slot = next;
    }
  }

  /**
   * Leaves heap-only mode: every pending event moves to the overflow, from which the next refill starts a ring.
   * The ring's start is set to `now` so that no event scheduled before that refill (all at or after `now`) can
   * count as due for the heap.
   */
  private leaveHeapOnly(): void {
    for (let i = 0; i < this.heapSize; i++) {
      const slot = this.heapSlot[i];
      this.nextInList[slot] = this.overflowHead;
      this.overflowHead = slot;
    }
    this.heapSize = 0;
    this.ringSize = 0;
    this.currentBucket = 0;
    this.ringStartDays = this.now;
    this.bucketWidthDays = 1;
  }

  /**
   * Whether the event in `slotA` comes before the one in `slotB` at the same time: lower priority first, then
   * the earlier scheduled. Times are compared by the callers, which have them at hand.
   */
  private tieBefore(slotA: number, slotB: number): boolean {
    const priorityA = this.eventPriority[slotA];
    const priorityB = this.eventPriority[slotB];
    if (priorityA !== priorityB) return priorityA < priorityB;
    return this.eventSequence[slotA] < this.eventSequence[slotB];
  }

  private heapPush(slot: number, time: number): void {
    this.siftUp(this.heapSize++, time, slot);
  }

  /** Puts the entry (time, slot) in the heap at or above the free position `hole`, moving later parents down. */
  private siftUp(hole: number, time: number, slot: number): void {
    const heapTimeDays = this.heapTimeDays;
    const heapSlot = this.heapSlot;
    while (hole > 0) {
      const parent = (hole - 1) >> 1;
      const parentTime = heapTimeDays[parent];
      if (time > parentTime || (time === parentTime && !this.tieBefore(slot, heapSlot[parent]))) break;
      heapTimeDays[hole] = parentTime;
      heapSlot[hole] = heapSlot[parent];
      hole = parent;
    }
    heapTimeDays[hole] = time;
    heapSlot[hole] = slot;
  }

  // Floyd's bottom-up removal: walk the hole down along the earlier child to a leaf (one comparison per level),
  // then put the former last entry there and sift it up — it usually belongs near the bottom.
  private removeHeapRoot(): void {
    const last = --this.heapSize;
    if (last === 0) return;
    const heapTimeDays = this.heapTimeDays;
    const heapSlot = this.heapSlot;
    let hole = 0;
    let child = 1;
    while (child < last) {
      let childTime = heapTimeDays[child];
      if (child + 1 < last) {
        const rightTime = heapTimeDays[child + 1];
        if (
          rightTime < childTime ||
          (rightTime === childTime && this.tieBefore(heapSlot[child + 1], heapSlot[child]))
        ) {
          child++;
          childTime = rightTime;
        }
      }
      heapTimeDays[hole] = childTime;
      heapSlot[hole] = heapSlot[child];
      hole = child;
      child = 2 * hole + 1;
    }
    this.siftUp(hole, heapTimeDays[last], heapSlot[last]);
  }

  private grow(): void {
    const capacity = this.eventTimeDays.length * 2;
    const grownFloat = (old: Float64Array) => {
      const fresh = new Float64Array(capacity);
      fresh.set(old);
      return fresh;
    };
    const grownInt = (old: Int32Array) => {
      const fresh = new Int32Array(capacity);
      fresh.set(old);
      return fresh;
    };
    this.eventTimeDays = grownFloat(this.eventTimeDays);
    this.eventSequence = grownFloat(this.eventSequence);
    this.eventKind = grownInt(this.eventKind);
    this.eventPriority = grownInt(this.eventPriority);
    this.eventPayload = grownInt(this.eventPayload);
    this.nextInList = grownInt(this.nextInList);
    this.heapTimeDays = grownFloat(this.heapTimeDays);
    this.heapSlot = grownInt(this.heapSlot);
  }
}
