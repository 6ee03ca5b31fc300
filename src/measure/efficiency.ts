// Wasted space of an image (pure), as dive defines it (dive/filetree/efficiency.go, dive/image/analysis.go),
// plus `reclaimableBytes`: what squashing the layers would really save.
//
// dive's rules, kept here: every LEAF node of every layer's tree counts (base layers too), keyed by path;
// a whiteout counts under the path it deletes — 0 bytes for a file, the size of the subtree it removes
// (on the stack of the layers below) for a directory; opaque markers are never part of dive's trees.
// efficiency = Σ min / Σ cumulative; wasted = Σ cumulative of the paths seen in two or more layers.
// Departures, on purpose: the user share excludes `baseLayerCount` layers (dive: only layer 0); a
// parent directory implied only by the files below it counts as a directory (dive gives it an empty
// payload, so a whiteout of it counts 0 — real layer tars list every parent, so images agree); a
// whiteout of a path the layers below don't have counts 0 (dive stops visiting that layer).
import { DiveStack, OverlayStack, entryBytes, layerTree, whiteoutTarget, type LayerTree, type TarEntry } from './layer-fs.js';

export type { TarEntry, TarEntryType } from './layer-fs.js';

export interface Inefficiency {
  /** Absolute path, as dive prints it ("/var/lib/apt/lists"). */
  path: string;
  cumulativeBytes: number;
  occurrences: number;
  /** Indexes of the layers where the path is a leaf (a whiteout included). */
  layers: number[];
  /** Layer whose whiteout, opaque directory or overwrite last hid a stored copy: where an rm belongs. */
  removedIn: number | null;
}

export interface EfficiencyReport {
  /** Σ min / Σ cumulative over all leaf paths; 1 for an image with no bytes. */
  efficiency: number;
  wastedBytes: number;
  /** wastedBytes / userBytes as a fraction (dive's "percent"); 0 when there are no user bytes. */
  wastedUserPercent: number;
  /** Stored bytes the final filesystem no longer shows (overwritten, whited out, under an opaque dir). */
  reclaimableBytes: number;
  /** Σ entry sizes of the layers above the base image. */
  userBytes: number;
  /** Paths seen in two or more layers, largest cumulative size first. */
  inefficiencies: Inefficiency[];
}

interface PathStat { cumulative: number; min: number; layers: number[]; removedIn: number | null }

/** `onFinal` receives the stacked final filesystem, for callers that also want its inventory (one pass, not two). */
export function analyzeEfficiency(layers: readonly (readonly TarEntry[])[], baseLayerCount: number, onFinal?: (overlay: OverlayStack) => void): EfficiencyReport {
  const stats = new Map<string, PathStat>();
  const dive = new DiveStack();
  const overlay = new OverlayStack((path, layer) => {
    const stat = stats.get(path);
    if (stat) stat.removedIn = layer;
  });
  let userBytes = 0;
  layers.forEach((entries, index) => {
    const tree = layerTree(entries);
    countLeaves(tree, index, dive, stats); // against the stack of the layers below, so before applying
    dive.apply(tree);
    overlay.apply(tree, index);
    if (index >= baseLayerCount) userBytes += entries.reduce((sum, e) => sum + entryBytes(e), 0);
  });
  onFinal?.(overlay);
  return summarize(stats, userBytes, overlay.hiddenBytes);
}

function countLeaves(tree: LayerTree, index: number, below: DiveStack, stats: Map<string, PathStat>): void {
  for (const [key, node] of tree.nodes) {
    if (node.hasChildren) continue;
    const path = node.whiteout ? whiteoutTarget(key) : key;
    const bytes = node.whiteout ? below.whiteoutBytes(path) : node.size;
    const stat = stats.get(path);
    if (!stat) {
      stats.set(path, { cumulative: bytes, min: bytes, layers: [index], removedIn: null });
      continue;
    }
    stat.cumulative += bytes;
    stat.min = Math.min(stat.min, bytes);
    stat.layers.push(index);
  }
}

function summarize(stats: Map<string, PathStat>, userBytes: number, reclaimableBytes: number): EfficiencyReport {
  let minSum = 0;
  let cumulativeSum = 0;
  let wastedBytes = 0;
  const inefficiencies: Inefficiency[] = [];
  for (const [path, s] of stats) {
    minSum += s.min;
    cumulativeSum += s.cumulative;
    if (s.layers.length < 2) continue;
    wastedBytes += s.cumulative;
    inefficiencies.push({ path: `/${path}`, cumulativeBytes: s.cumulative, occurrences: s.layers.length, layers: s.layers, removedIn: s.removedIn });
  }
  inefficiencies.sort((a, b) => b.cumulativeBytes - a.cumulativeBytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    efficiency: cumulativeSum === 0 ? 1 : minSum / cumulativeSum,
    wastedBytes,
    wastedUserPercent: userBytes === 0 ? 0 : wastedBytes / userBytes,
    reclaimableBytes,
    userBytes,
    inefficiencies,
  };
}
