import { describe, expect, it } from 'vitest';
import { Kernel } from '../../../src/sim/engine/kernel.ts';
import { replicationStream } from '../../../src/core/random.ts';

/** Runs `schedule` against a fresh kernel whose single kind logs payloads; returns the processed payloads. */
function processedOrder(schedule: (kernel: Kernel, kind: number) => void, initialCapacity?: number): number[] {
  const kernel = new Kernel(initialCapacity);
  const order: number[] = [];
  const kind = kernel.on((payload) => order.push(payload));
  schedule(kernel, kind);
  kernel.run(Infinity);
  return order;
}

/** Long sequences are compared by their first difference: a full diff of 10^4 elements would stall the reporter. */
function expectSameSequence(actual: readonly number[], expected: readonly number[]) {
  const firstDifference = actual.findIndex((value, i) => value !== expected[i]);
  const around = (list: readonly number[]) => list.slice(Math.max(0, firstDifference - 2), firstDifference + 3);
  expect(
    firstDifference,
    `first difference at position ${firstDifference}: ${around(actual).join(', ')} vs ${around(expected).join(', ')}`,
  ).toBe(-1);
  expect(actual.length).toBe(expected.length);
}

/**
 * The ordering rule by brute force: pending events in a plain list, the next one found by linear scan. Same API
 * as the kernel for the part the property test uses.
 */
class ReferenceQueue {
  now = 0;
  private readonly events: { time: number; priority: number; sequence: number; kind: number; payload: number }[] = [];
  private sequence = 0;
  private readonly handlers: ((payload: number) => void)[] = [];
  on(handler: (payload: number) => void): number {
    return this.handlers.push(handler) - 1;
  }
  schedule(time: number, kind: number, payload: number, priority = 0): void {
    this.events.push({ time, priority, sequence: this.sequence++, kind, payload });
  }
  step(): boolean {
    if (this.events.length === 0) return false;
    let best = 0;
    for (let i = 1; i < this.events.length; i++) {
      const a = this.events[i];
      const b = this.events[best];
      if (
        a.time < b.time ||
        (a.time === b.time && (a.priority < b.priority || (a.priority === b.priority && a.sequence < b.sequence)))
      )
        best = i;
    }
    const [event] = this.events.splice(best, 1);
    this.now = event.time;
    this.handlers[event.kind](event.payload);
    return true;
  }
}

type Queue = Pick<Kernel, 'now' | 'on' | 'schedule' | 'step'>;

/**
 * A random workload: initial events from `initialTime`, and each processed event schedules 0–2 successors at
 * now + `delay` with random priorities. Decisions come from the processed payload alone, so two queues that
 * process the same events in the same order make the same decisions. Returns the processed (time, payload) trace.
 */
function workloadTrace(queue: Queue, seed: number, initialEvents: number, delay: (u: number) => number): number[] {
  const trace: number[] = [];
  let nextPayload = 0;
  const kind = queue.on((payload) => {
    trace.push(queue.now, payload);
    if (nextPayload > 20_000) return;
    const children = Math.floor(hashUniform(seed, payload) * 3);
    for (let c = 0; c < children; c++) {
      const u = hashUniform(seed + 1 + c, payload);
      queue.schedule(queue.now + delay(u), kind, nextPayload++, Math.floor(hashUniform(seed + 7 + c, payload) * 3) - 1);
    }
  });
  for (let i = 0; i < initialEvents; i++) {
    queue.schedule(
      delay(hashUniform(seed + 99, i)),
      kind,
      nextPayload++,
      Math.floor(hashUniform(seed + 98, i) * 3) - 1,
    );
  }
  while (queue.step());
  return trace;
}

/** A deterministic uniform in [0, 1) from (seed, key), independent of processing order. */
function hashUniform(seed: number, key: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(key + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

describe('Kernel ordering', () => {
  it('processes events in time order, whatever order they were scheduled in', () => {
    const order = processedOrder((kernel, kind) => {
      for (const [time, payload] of [
        [5, 5],
        [1, 1],
        [3, 3],
        [2, 2],
        [4, 4],
      ])
        kernel.schedule(time, kind, payload);
    });
    expect(order).toEqual([1, 2, 3, 4, 5]);
  });

  it('breaks equal times by priority, lower first', () => {
    const order = processedOrder((kernel, kind) => {
      kernel.schedule(1, kind, 30, 3);
      kernel.schedule(1, kind, -10, -1);
      kernel.schedule(1, kind, 0, 0);
      kernel.schedule(0.5, kind, 99, 100);
    });
    expect(order).toEqual([99, -10, 0, 30]);
  });

  it('breaks equal time and priority by insertion order, even for 10 000 events at one time', () => {
    const order = processedOrder((kernel, kind) => {
      for (let i = 0; i < 10_000; i++) kernel.schedule(7, kind, i, i % 3);
    }, 4);
    const expected = [0, 1, 2].flatMap((priority) =>
      Array.from({ length: 10_000 }, (_, i) => i).filter((i) => i % 3 === priority),
    );
    expectSameSequence(order, expected);
  });

  it('runs an event scheduled at `now` by a handler after the events already due at that time', () => {
    const kernel = new Kernel();
    const order: string[] = [];
    const late = kernel.on(() => order.push('scheduled during handler'));
    const first = kernel.on(() => {
      order.push('first');
      kernel.schedule(kernel.now, late, 0);
    });
    const second = kernel.on(() => order.push('second'));
    kernel.schedule(2, first, 0);
    kernel.schedule(2, second, 0);
    kernel.run(Infinity);
    expect(order).toEqual(['first', 'second', 'scheduled during handler']);
  });

  it('sets `now` to the event time before calling the handler', () => {
    const kernel = new Kernel();
    const seen: number[] = [];
    const kind = kernel.on((payload) => seen.push(kernel.now - payload));
    for (const time of [0.25, 3, 1e-9, 1e6]) kernel.schedule(time, kind, 0);
    kernel.run(Infinity);
    expect(seen).toEqual([1e-9, 0.25, 3, 1e6]);
  });

  // The queue's two tiers (a heap fed from time buckets) must never change the order. Workloads that stress
  // the bucketing: smooth, all-equal times, integer times (many ties), heavy tails with far outliers, zero delays.
  const workloads: [string, (u: number) => number][] = [
    ['exponential delays', (u) => -Math.log(1 - u)],
    ['one shared time', () => 0],
    ['integer days (many ties)', (u) => Math.floor(u * 5)],
    ['heavy tail with outliers up to 1e9', (u) => (u > 0.99 ? 1e9 * u : u < 0.01 ? 1e-12 : 1 / (1 - u))],
    ['tiny spread at a large time', (u) => 1e6 + u * 1e-6],
  ];
  for (const [name, delay] of workloads) {
    it(`orders a random workload exactly like a brute-force queue: ${name}`, () => {
      for (const seed of [1, 2, 3]) {
        const fast = workloadTrace(new Kernel(8), seed, 300, delay);
        const reference = workloadTrace(new ReferenceQueue(), seed, 300, delay);
        expect(fast.length).toBeGreaterThan(1000);
        expectSameSequence(fast, reference);
      }
    });
  }

  it('keeps the order while the pending count rises and falls across the heap-only limits, also after clear()', () => {
    // Batches of up to 400 events, each drained to a few: the kernel leaves heap-only mode above 48 pending and
    // returns to it at 16 or fewer, many times; ties at integer times and equal priorities included.
    const drive = (queue: Queue & { now: number }, seed: number, trace: number[]) => {
      const kind = queue.on((payload) => trace.push(queue.now, payload));
      let payload = 0;
      let pending = 0;
      for (let round = 0; round < 30; round++) {
        const batch = 1 + Math.floor(hashUniform(seed, round) * 400);
        for (let i = 0; i < batch; i++) {
          const u = hashUniform(seed + 1, payload);
          const delay = u < 0.2 ? Math.floor(u * 20) : -Math.log(1 - u);
          queue.schedule(queue.now + delay, kind, payload++, Math.floor(hashUniform(seed + 2, payload) * 2));
          pending++;
        }
        const keep = Math.floor(hashUniform(seed + 3, round) * 24);
        while (pending > keep && queue.step()) pending--;
      }
      while (queue.step());
    };
    const kernel = new Kernel(8);
    for (const seed of [11, 12, 13]) {
      const fast: number[] = [];
      const reference: number[] = [];
      // The same kernel for every seed: clear() must leave no ring state behind that misorders the next run.
      kernel.clear();
      drive(kernel, seed, fast);
      drive(new ReferenceQueue(), seed, reference);
      expect(fast.length).toBeGreaterThan(4000);
      expectSameSequence(fast, reference);
    }
  });

  it('gives an identical trace when the same workload runs twice', () => {
    const delay = (u: number) => -Math.log(1 - u);
    expectSameSequence(workloadTrace(new Kernel(), 5, 200, delay), workloadTrace(new Kernel(), 5, 200, delay));
  });
});

describe('Kernel.run(until)', () => {
  it('processes events up to and including `until`, then sets now = until and leaves later events pending', () => {
    const kernel = new Kernel();
    const processed: number[] = [];
    const kind = kernel.on((payload) => processed.push(payload));
    kernel.schedule(1, kind, 1);
    kernel.schedule(10, kind, 10);
    kernel.schedule(10.5, kind, 105);
    kernel.run(10);
    expect(processed).toEqual([1, 10]);
    expect(kernel.now).toBe(10);
    expect(kernel.pending).toBe(1);
    expect(kernel.peekTime()).toBe(10.5);
  });

  it('also processes events that handlers schedule within the horizon, and not those beyond it', () => {
    const kernel = new Kernel();
    const times: number[] = [];
    const tick = kernel.on(() => {
      times.push(kernel.now);
      kernel.schedule(kernel.now + 1, tick, 0);
    });
    kernel.schedule(0, tick, 0);
    kernel.run(3.5);
    expect(times).toEqual([0, 1, 2, 3]);
    expect(kernel.now).toBe(3.5);
    expect(kernel.peekTime()).toBe(4);
  });

  it('advances the clock with nothing to do, and continues where it stopped', () => {
    const kernel = new Kernel();
    const times: number[] = [];
    const kind = kernel.on(() => times.push(kernel.now));
    kernel.run(5);
    expect(kernel.now).toBe(5);
    kernel.schedule(6, kind, 0);
    kernel.schedule(8, kind, 0);
    kernel.run(7);
    kernel.run(9);
    expect(times).toEqual([6, 8]);
    expect(kernel.now).toBe(9);
  });

  it('with Infinity drains the queue and leaves now at the last event', () => {
    const kernel = new Kernel();
    const kind = kernel.on(() => {});
    kernel.schedule(2, kind, 0);
    kernel.schedule(12, kind, 0);
    kernel.run(Infinity);
    expect(kernel.pending).toBe(0);
    expect(kernel.now).toBe(12);
  });

  it('refuses to run backwards', () => {
    const kernel = new Kernel();
    kernel.run(5);
    expect(() => kernel.run(4)).toThrow(RangeError);
    expect(() => kernel.run(NaN)).toThrow(RangeError);
  });
});

describe('Kernel.runBefore(until)', () => {
  it('processes the events before `until` (not at it), counts them, and leaves now at the last one', () => {
    const kernel = new Kernel();
    const times: number[] = [];
    const tick = kernel.on(() => {
      times.push(kernel.now);
      kernel.schedule(kernel.now + 1, tick, 0);
    });
    kernel.schedule(0, tick, 0);
    expect(kernel.runBefore(3)).toBe(3);
    expect(times).toEqual([0, 1, 2]);
    expect(kernel.now).toBe(2);
    expect(kernel.peekTime()).toBe(3);
    expect(kernel.pending).toBe(1);
    expect(() => kernel.runBefore(1)).toThrow(RangeError);
  });

  it('processes what the step loop with peekTime() < until does, in the same order', () => {
    const delay = (u: number) => (u < 0.3 ? Math.floor(u * 10) : -Math.log(1 - u));
    for (const seed of [1, 2]) {
      const traces = [0, 1].map((useRunBefore) => {
        const kernel = new Kernel(8);
        const trace: number[] = [];
        let next = 0;
        const kind = kernel.on((payload) => {
          trace.push(kernel.now, payload);
          for (let c = 0; c < Math.floor(hashUniform(seed, payload) * 2.2); c++) {
            kernel.schedule(kernel.now + delay(hashUniform(seed + 1 + c, payload)), kind, next++);
          }
        });
        for (let i = 0; i < 200; i++) kernel.schedule(delay(hashUniform(seed + 9, i)), kind, next++);
        let count = 0;
        if (useRunBefore) count = kernel.runBefore(40);
        else
          while (kernel.pending > 0 && kernel.peekTime() < 40) {
            kernel.step();
            count++;
          }
        return { trace, count, pending: kernel.pending };
      });
      expect(traces[0].count).toBeGreaterThan(400);
      expect(traces[1].count).toBe(traces[0].count);
      expect(traces[1].pending).toBe(traces[0].pending);
      expectSameSequence(traces[1].trace, traces[0].trace);
    }
  });
});

describe('Kernel.schedule', () => {
  it('throws a RangeError for a time in the past, NaN or infinity', () => {
    const kernel = new Kernel();
    const kind = kernel.on(() => {});
    kernel.run(10);
    expect(() => kernel.schedule(9.999, kind, 0)).toThrow(RangeError);
    expect(() => kernel.schedule(NaN, kind, 0)).toThrow(RangeError);
    expect(() => kernel.schedule(Infinity, kind, 0)).toThrow(RangeError);
    expect(kernel.pending).toBe(0);
    kernel.schedule(10, kind, 0); // `now` itself is allowed
    expect(kernel.pending).toBe(1);
  });

  it('throws for an unregistered kind or a payload or priority that is not a 32-bit integer', () => {
    const kernel = new Kernel();
    const kind = kernel.on(() => {});
    expect(() => kernel.schedule(1, kind + 1, 0)).toThrow(/not a registered event kind/);
    expect(() => kernel.schedule(1, -1, 0)).toThrow(RangeError);
    expect(() => kernel.schedule(1, kind, 1.5)).toThrow(/payload/);
    expect(() => kernel.schedule(1, kind, 2 ** 31)).toThrow(/payload/);
    expect(() => kernel.schedule(1, kind, 0, 0.5)).toThrow(/priority/);
    kernel.schedule(1, kind, -(2 ** 31), 2 ** 31 - 1);
    expect(kernel.pending).toBe(1);
  });

  it('hands out kind ids 0, 1, 2 in registration order', () => {
    const kernel = new Kernel();
    expect([kernel.on(() => {}), kernel.on(() => {}), kernel.on(() => {})]).toEqual([0, 1, 2]);
  });

  it('grows past its initial capacity by doubling, keeping every event and the order', () => {
    const kernel = new Kernel(2);
    const order: number[] = [];
    const kind = kernel.on((payload) => order.push(payload));
    const rng = replicationStream(3, 0);
    const times = Array.from({ length: 5000 }, () => Math.floor(rng.uniform() * 100));
    times.forEach((time, i) => kernel.schedule(time, kind, i));
    expect(kernel.pending).toBe(5000);
    expect(kernel.capacity).toBe(8192);
    kernel.run(Infinity);
    const expected = times.map((time, i) => ({ time, i })).sort((a, b) => a.time - b.time || a.i - b.i);
    expectSameSequence(
      order,
      expected.map((e) => e.i),
    );
  });
});

describe('Kernel bookkeeping', () => {
  it('reports pending events and the next time, and step() returns false when empty', () => {
    const kernel = new Kernel();
    const kind = kernel.on(() => {});
    expect(kernel.peekTime()).toBe(Infinity);
    expect(kernel.step()).toBe(false);
    kernel.schedule(3, kind, 0);
    kernel.schedule(2, kind, 0);
    expect(kernel.pending).toBe(2);
    expect(kernel.peekTime()).toBe(2);
    expect(kernel.step()).toBe(true);
    expect(kernel.now).toBe(2);
    expect(kernel.pending).toBe(1);
  });

  it('clear() drops pending events and resets the clock but keeps the kinds, so a replication can rerun', () => {
    const kernel = new Kernel(4);
    const order: number[] = [];
    const kind = kernel.on((payload) => order.push(payload));
    const load = () => [5, 1, 1, 3, 2].forEach((time, i) => kernel.schedule(time, kind, i));
    load();
    kernel.run(2);
    kernel.clear();
    expect(kernel.pending).toBe(0);
    expect(kernel.now).toBe(0);
    expect(kernel.peekTime()).toBe(Infinity);
    order.length = 0;
    load();
    kernel.run(Infinity);
    expect(order).toEqual([1, 2, 4, 3, 0]);
  });
});
