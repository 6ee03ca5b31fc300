// Per package (pure): the bytes its files hold above and inside the base image, and the packages only it
// pulls in — "python3-torch and 312 packages only it needs" — from the dependency graph of its kind.
import { shareKey } from './dpkg-filters.js';
import { onlyPulledIn } from './graph.js';
import type { FileTable, Ownership } from './owners.js';
import type { PackageBytes } from './types.js';

const BYTECODE = /(?:^|\/)__pycache__\/|\.py[co]$/;

export function packageBytes(own: Ownership, files: FileTable, baseLayerCount: number): PackageBytes[] {
  const out: PackageBytes[] = own.owners.map((o) => ({
    kind: o.kind, name: o.name, version: o.version, bytes: 0, baseBytes: 0, files: 0, pycacheBytes: 0,
    ...(o.installedSizeBytes !== undefined ? { installedSizeBytes: o.installedSizeBytes } : {}),
    ...(o.requires !== undefined ? { requires: o.requires } : {}),
    pulls: o.deps,
    inBase: o.inBase, root: o.root, onlyPulls: { names: [], bytes: 0 },
  }));
  own.ownerOf.forEach((owner, i) => {
    if (owner < 0) return;
    const p = out[owner]!;
    if (files.layers[i]! < baseLayerCount) p.baseBytes += files.sizes[i]!;
    else p.bytes += files.sizes[i]!;
    p.files++;
    if (BYTECODE.test(files.paths[i]!)) p.pycacheBytes += files.sizes[i]!;
    const key = p.kind === 'deb' ? shareKey(files.paths[i]!) : null;
    if (key) (p.shareBytes ??= {})[key] = (p.shareBytes[key] ?? 0) + files.sizes[i]!;
  });
  for (const kind of ['deb', 'python', 'conda'] as const) pulls(out, own, kind);
  return out.sort((a, b) => b.bytes + b.onlyPulls.bytes - (a.bytes + a.onlyPulls.bytes) || a.name.localeCompare(b.name));
}

/** Fills onlyPulls for the packages of one kind that hold bytes above the base image. */
function pulls(out: PackageBytes[], own: Ownership, kind: PackageBytes['kind']): void {
  const ids = own.owners.map((o, k) => k).filter((k) => own.owners[k]!.kind === kind);
  if (ids.length === 0) return;
  const byName = new Map(ids.map((k) => [own.owners[k]!.name, k]));
  const graph = new Map(ids.map((k) => [own.owners[k]!.name, own.owners[k]!.deps]));
  const roots = new Set(ids.filter((k) => own.owners[k]!.root).map((k) => own.owners[k]!.name));
  const asked = ids.filter((k) => !own.owners[k]!.inBase && out[k]!.bytes > 0).map((k) => own.owners[k]!.name);
  for (const [name, only] of onlyPulledIn(graph, roots, asked)) {
    const p = out[byName.get(name)!]!;
    p.onlyPulls = { names: only, bytes: only.reduce((s, n) => s + out[byName.get(n)!]!.bytes, 0) };
  }
}
