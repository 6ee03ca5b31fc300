// "X and the N packages only it pulls in" (pure): the packages every path to which, from the roots, goes
// through X. Removing X would remove exactly those (apt autoremove, pip-autoremove), so they carry its cost.

/**
 * For each of `of`: the nodes other than itself reachable from it that no root other than it reaches
 * without passing through it. `roots` are what is there regardless (asked-for, essential, base-image packages);
 * nodes no root reaches at all count as roots, so a cycle of leftovers is not pinned on whoever touches it.
 */
export function onlyPulledIn(graph: ReadonlyMap<string, readonly string[]>, roots: ReadonlySet<string>, of: Iterable<string>): Map<string, string[]> {
  const allRoots = new Set(roots);
  const fromRoots = reach(graph, [...roots].filter((r) => graph.has(r)), null);
  for (const n of graph.keys()) if (!fromRoots.has(n)) allRoots.add(n);
  const out = new Map<string, string[]>();
  for (const x of of) {
    if (!graph.has(x)) continue;
    const mine = reach(graph, graph.get(x) ?? [], x);
    if (mine.size === 0) { out.set(x, []); continue; }
    const others = reach(graph, [...allRoots].filter((r) => r !== x), x);
    out.set(x, [...mine].filter((n) => !others.has(n)).sort());
  }
  return out;
}

/** Nodes reachable from `start` (included), never entering `avoid`. */
function reach(graph: ReadonlyMap<string, readonly string[]>, start: readonly string[], avoid: string | null): Set<string> {
  const seen = new Set<string>();
  const stack = start.filter((s) => s !== avoid && graph.has(s));
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const d of graph.get(n) ?? []) if (d !== avoid && !seen.has(d) && graph.has(d)) stack.push(d);
  }
  return seen;
}
