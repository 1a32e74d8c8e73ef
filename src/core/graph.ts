// Strongly connected components of a directed graph (Tarjan's algorithm, iterative so that a deep graph cannot
// overflow the call stack). Used for loops in a model's routing and for import circles of the source tree.

/**
 * The strongly connected components of the graph over `nodes` (edges from `next`, which may name nodes outside
 * `nodes`: those are skipped), in the order Tarjan's algorithm completes them — every component after the
 * components it leads to. Each component lists its members in the order they left the stack.
 */
export function stronglyConnectedComponents<T>(nodes: Iterable<T>, next: (node: T) => Iterable<T>): T[][] {
  const all = [...nodes];
  const inGraph = new Set(all);
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const components: T[][] = [];
  let counter = 0;
  for (const root of all) {
    if (index.has(root)) continue;
    const work: { node: T; edges: T[]; i: number }[] = [];
    const open = (node: T) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, edges: [...next(node)].filter((n) => inGraph.has(n)), i: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const to = frame.edges[frame.i++];
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: T[] = [];
      let member: T;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      components.push(component);
    }
  }
  return components;
}
