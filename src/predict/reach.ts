// Reachability over a package graph (pure): what installing some packages brings along, as apt and pip follow it.

/** Every name reachable from `start` through `next` (the start names included); a name `next` does not know is a leaf. */
export function reachable(start: Iterable<string>, next: (name: string) => readonly string[] | undefined): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (seen.has(n)) continue;
    seen.add(n);
    for (const d of next(n) ?? []) if (!seen.has(d)) stack.push(d);
  }
  return seen;
}
