import { describe, expect, it } from 'vitest';
import { stronglyConnectedComponents } from '../../src/core/graph.ts';

describe('stronglyConnectedComponents', () => {
  it('finds circles and single nodes, each component after those it leads to', () => {
    const edges: Record<string, string[]> = { a: ['b'], b: ['c'], c: ['a', 'd'], d: [], e: ['e', 'outside'] };
    const components = stronglyConnectedComponents(Object.keys(edges), (n) => edges[n] ?? []);
    expect(components.map((c) => [...c].sort())).toEqual([['d'], ['a', 'b', 'c'], ['e']]);
  });

  it('walks a chain of 100,000 nodes without overflowing the stack', () => {
    const n = 100_000;
    const nodes = Array.from({ length: n }, (_, i) => i);
    const components = stronglyConnectedComponents(nodes, (i) => [(i + 1) % n]);
    expect(components).toHaveLength(1);
    expect(components[0]).toHaveLength(n);
  });
});
