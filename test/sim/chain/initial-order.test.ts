// The order in which the cases of the initial state are placed: `reorder` must give exactly the order of a
// stable Array.prototype.sort by the same keys (the placement, and so every result, depends on it).
import { describe, expect, it } from 'vitest';
import { reorder } from '../../../src/sim/chain/replication/initial.ts';
import { RandomStream } from '../../../src/core/random.ts';

function bySort(keys: number[]): number[] {
  return keys.map((_, i) => i).sort((a, b) => keys[a] - keys[b]);
}

function byReorder(keys: number[]): number[] {
  const list = keys.map((_, i) => i);
  reorder(list, keys);
  return list;
}

describe('reorder', () => {
  it('sorts stably: equal keys keep their order, as Array.prototype.sort does', () => {
    const keys = [3, -1, 3, 0, -1, 2, 0, 3];
    expect(byReorder(keys)).toEqual([1, 4, 3, 6, 5, 0, 2, 7]);
    expect(byReorder(keys)).toEqual(bySort(keys));
  });

  it('treats Infinity against Infinity as a tie and leaves a sorted list as it is', () => {
    const keys = [Infinity, 5, -Infinity, Infinity, 5, -Infinity];
    expect(byReorder(keys)).toEqual([2, 5, 1, 4, 0, 3]);
    expect(byReorder([1, 1, 2, Infinity])).toEqual([0, 1, 2, 3]);
  });

  it('gives the order of the comparison sort on many random keys with ties, and with a NaN among them', () => {
    const rng = new RandomStream(1, 2, 3, 4);
    for (const n of [2, 3, 17, 1000, 4097]) {
      const keys = Array.from({ length: n }, () => -Math.floor(rng.uniform() * 50));
      expect(byReorder(keys), `n = ${n}`).toEqual(bySort(keys));
      keys[Math.floor(n / 2)] = Number.NaN;
      expect(byReorder(keys), `n = ${n} with NaN`).toEqual(bySort(keys));
    }
  });
});
