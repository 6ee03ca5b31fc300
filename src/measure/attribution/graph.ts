// "X and the N packages only it pulls in" (pure): the packages every path to which, from the roots, goes
// through X — X's subtree in the dominator tree of the dependency graph. Removing X would remove exactly those
// (apt autoremove, pip-autoremove), so they carry its cost. Cooper, Harvey & Kennedy's iterative algorithm
// ("A Simple, Fast Dominance Algorithm", 2001): near-linear on package graphs, a few ms for thousands of packages.

/**
 * For each of `of`: the nodes other than itself that no root other than it reaches without passing through it.
 * `roots` are what is there regardless (asked-for, essential, base-image packages); nodes no root reaches at all
 * count as roots, so a cycle of leftovers is not pinned on whoever touches it.
 */
export function onlyPulledIn(graph: ReadonlyMap<string, readonly string[]>, roots: ReadonlySet<string>, of: Iterable<string>): Map<string, string[]> {
  const names = [...graph.keys()];
  const id = new Map(names.map((n, k) => [n, k + 1])); // 0 is the virtual root above every root
  const succ: number[][] = [[], ...names.map((n) => (graph.get(n) ?? []).map((d) => id.get(d)).filter((d): d is number => d !== undefined))];
  const order = postorder(succ, [...roots].map((r) => id.get(r)).filter((r): r is number => r !== undefined));
  const idom = dominators(succ, order);
  const children: number[][] = succ.map(() => []);
  idom.forEach((d, n) => { if (n !== 0 && d >= 0) children[d]!.push(n); });
  const out = new Map<string, string[]>();
  for (const x of of) {
    const k = id.get(x);
    if (k === undefined) continue;
    const below: string[] = [];
    const stack = [...children[k]!];
    while (stack.length > 0) {
      const n = stack.pop()!;
      below.push(names[n - 1]!);
      stack.push(...children[n]!);
    }
    out.set(x, below.sort());
  }
  return out;
}

/** Depth-first postorder from the virtual root: first through the roots, then through whatever they left unreached. */
function postorder(succ: number[][], roots: number[]): number[] {
  const seen = new Uint8Array(succ.length);
  const order: number[] = [];
  const visit = (start: number) => {
    const stack: [number, number][] = [[start, 0]];
    seen[start] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const next = succ[top[0]]![top[1]++];
      if (next === undefined) { order.push(top[0]); stack.pop(); } else if (!seen[next]) { seen[next] = 1; stack.push([next, 0]); }
    }
  };
  succ[0] = [...roots];
  for (const r of roots) if (!seen[r]) visit(r);
  const unreached = succ.map((_, n) => n).filter((n) => n > 0 && !seen[n]);
  succ[0].push(...unreached); // all of them roots, before any is visited: none dominates another
  for (const n of unreached) if (!seen[n]) visit(n);
  seen[0] = 1;
  order.push(0);
  return order;
}

/** Immediate dominator of each node (-1: none); `order` is a postorder ending with the root 0. */
function dominators(succ: number[][], order: number[]): Int32Array {
  const rank = new Int32Array(succ.length);
  order.forEach((n, k) => { rank[n] = k; });
  const preds: number[][] = succ.map(() => []);
  succ.forEach((ds, n) => { for (const d of ds) preds[d]!.push(n); });
  const idom = new Int32Array(succ.length).fill(-1);
  idom[0] = 0;
  const intersect = (a: number, b: number) => {
    while (a !== b) {
      while (rank[a]! < rank[b]!) a = idom[a]!;
      while (rank[b]! < rank[a]!) b = idom[b]!;
    }
    return a;
  };
  for (let changed = true; changed;) {
    changed = false;
    for (let k = order.length - 2; k >= 0; k--) { // reverse postorder, the root skipped
      const n = order[k]!;
      let dom = -1;
      for (const p of preds[n]!) if (idom[p] !== -1) dom = dom === -1 ? p : intersect(p, dom);
      if (dom !== idom[n]) { idom[n] = dom; changed = true; }
    }
  }
  return idom;
}
