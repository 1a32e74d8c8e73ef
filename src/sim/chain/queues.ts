// Queues of case indices in front of a stage. FIFO is a ring buffer; priority and earliest-deadline-first are
// one binary heap ordered by (key, arrival sequence), so ties keep arrival order and a run stays deterministic.
// Neither allocates per push or pop once grown.

export interface CaseQueue {
  readonly size: number;
  /** Adds a case; `key` orders keyed queues (lower first) and is ignored by FIFO. */
  push(caseIndex: number, key: number): void;
  /** Removes and returns the first case; -1 when empty. */
  pop(): number;
  /** The first case without removing it; -1 when empty. */
  peek(): number;
}

export class FifoQueue implements CaseQueue {
  private items = new Int32Array(64);
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(caseIndex: number): void {
    if (this.count === this.items.length) this.grow();
    this.items[(this.head + this.count) & (this.items.length - 1)] = caseIndex;
    this.count++;
  }

  pop(): number {
    if (this.count === 0) return -1;
    const value = this.items[this.head];
    this.head = (this.head + 1) & (this.items.length - 1);
    this.count--;
    return value;
  }

  peek(): number {
    return this.count === 0 ? -1 : this.items[this.head];
  }

  private grow(): void {
    const bigger = new Int32Array(this.items.length * 2);
    for (let i = 0; i < this.count; i++) bigger[i] = this.items[(this.head + i) & (this.items.length - 1)];
    this.items = bigger;
    this.head = 0;
  }
}

export class KeyedQueue implements CaseQueue {
  private keys = new Float64Array(64);
  private seqs = new Float64Array(64);
  private cases = new Int32Array(64);
  private count = 0;
  private nextSeq = 0;

  get size(): number {
    return this.count;
  }

  push(caseIndex: number, key: number): void {
    if (this.count === this.cases.length) this.grow();
    let i = this.count++;
    const seq = this.nextSeq++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(key, seq, parent)) break;
      this.keys[i] = this.keys[parent];
      this.seqs[i] = this.seqs[parent];
      this.cases[i] = this.cases[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.seqs[i] = seq;
    this.cases[i] = caseIndex;
  }

  pop(): number {
    if (this.count === 0) return -1;
    const top = this.cases[0];
    const last = --this.count;
    if (last > 0) {
      const key = this.keys[last];
      const seq = this.seqs[last];
      const c = this.cases[last];
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= last) break;
        if (child + 1 < last && this.lessAt(child + 1, child)) child++;
        if (!this.lessThanEntry(child, key, seq)) break;
        this.keys[i] = this.keys[child];
        this.seqs[i] = this.seqs[child];
        this.cases[i] = this.cases[child];
        i = child;
      }
      this.keys[i] = key;
      this.seqs[i] = seq;
      this.cases[i] = c;
    }
    return top;
  }

  peek(): number {
    return this.count === 0 ? -1 : this.cases[0];
  }

  /** Whether (key, seq) comes before the entry at i. */
  private before(key: number, seq: number, i: number): boolean {
    return key < this.keys[i] || (key === this.keys[i] && seq < this.seqs[i]);
  }

  private lessAt(a: number, b: number): boolean {
    return this.keys[a] < this.keys[b] || (this.keys[a] === this.keys[b] && this.seqs[a] < this.seqs[b]);
  }

  private lessThanEntry(i: number, key: number, seq: number): boolean {
    return this.keys[i] < key || (this.keys[i] === key && this.seqs[i] < seq);
  }

  private grow(): void {
    const n = this.cases.length * 2;
    const keys = new Float64Array(n);
    keys.set(this.keys);
    const seqs = new Float64Array(n);
    seqs.set(this.seqs);
    const cases = new Int32Array(n);
    cases.set(this.cases);
    this.keys = keys;
    this.seqs = seqs;
    this.cases = cases;
  }
}
