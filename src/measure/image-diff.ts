// What changed between two images (pure): bytes, the directories that grew or shrank most, packages added and
// removed, and — with file lists — the largest files added and removed. `dflab diff` and every variant of a run.
import type { Inventory } from './inventory.js';

export type { DirChange, FileChange, ImageDiff } from '../results.js';
import type { DirChange, FileChange, ImageDiff } from '../results.js';

export function diffInventories(before: Inventory, after: Inventory, top = 15): ImageDiff {
  const dirs = [...new Set([...Object.keys(before.dirs), ...Object.keys(after.dirs)])]
    .map((path) => ({ path, beforeBytes: before.dirs[path] ?? 0, afterBytes: after.dirs[path] ?? 0, deltaBytes: (after.dirs[path] ?? 0) - (before.dirs[path] ?? 0) }))
    .filter((d) => d.deltaBytes !== 0);
  const added = Object.keys(after.packages).filter((p) => !(p in before.packages));
  const removed = Object.keys(before.packages).filter((p) => !(p in after.packages));
  const sizes: Record<string, number> = {};
  for (const p of added) if (after.packageBytes?.[p] !== undefined) sizes[p] = after.packageBytes[p];
  for (const p of removed) if (before.packageBytes?.[p] !== undefined) sizes[p] = before.packageBytes[p];
  const bySize = (list: string[]) => list.sort((a, b) => (sizes[b] ?? -1) - (sizes[a] ?? -1) || (a < b ? -1 : a > b ? 1 : 0));
  const diff: ImageDiff = {
    filesystemDeltaBytes: after.totalBytes - before.totalBytes,
    dirs: mostTelling(dirs, top),
    packagesAdded: bySize(added),
    packagesRemoved: bySize(removed),
    ...(Object.keys(sizes).length ? { packageBytes: sizes } : {}),
    packagesChanged: Object.keys(after.packages).filter((p) => p in before.packages && before.packages[p] !== after.packages[p])
      .sort().map((p) => `${p} ${before.packages[p]} → ${after.packages[p]}`),
  };
  if (before.files && after.files) {
    diff.filesAdded = fileSide(after.files, before.files, top);
    diff.filesRemoved = fileSide(before.files, after.files, top);
  }
  return diff;
}

/** The largest changes, leaving out a directory whose change one listed subdirectory already explains. */
function mostTelling(dirs: DirChange[], top: number): DirChange[] {
  const byPath = new Map(dirs.map((d) => [d.path, d]));
  const explained = (d: DirChange) => dirs.some((c) => c.path.startsWith(`${d.path}/`) && c.deltaBytes === d.deltaBytes && byPath.has(c.path));
  return dirs.filter((d) => !explained(d)).sort((a, b) => Math.abs(b.deltaBytes) - Math.abs(a.deltaBytes) || a.path.localeCompare(b.path)).slice(0, top);
}

function fileSide(from: Map<string, number>, other: Map<string, number>, top: number) {
  const only = [...from].filter(([path]) => !other.has(path)).map(([path, bytes]) => ({ path, bytes }));
  return {
    count: only.length,
    bytes: only.reduce((s, f) => s + f.bytes, 0),
    largest: only.sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path)).slice(0, top),
  };
}
