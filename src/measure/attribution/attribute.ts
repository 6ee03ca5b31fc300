// Byte attribution of an image (pure): every byte of every layer lands in one category — the base image, a
// Debian / Python / conda package, a cache, __pycache__, a COPY matched to its context path, waste (stored, then
// deleted or rewritten by a later layer) or "other" — so the categories add up to the stored bytes.
import { historyKeyword } from '../layers.js';
import { layerCreators } from '../analysis.js';
import { entryBytes, layerTree, OverlayStack, type TarEntry } from '../layer-fs.js';
import { matchCopyLayer, type ContextFile } from './copy.js';
import { findOwners, type FileTable, type Ownership } from './owners.js';
import { packageBytes } from './packages.js';
import { tally, type Placed } from './tally.js';
import type { Attribution, Category, WasteLayer } from './types.js';

export interface AttributionInput {
  image: string;
  sizeBytes: number;
  /** History rows oldest first, as `dflab analyze` reads them. */
  history: { createdBy: string; sizeBytes: number }[];
  layers: { entries: readonly TarEntry[]; contents: ReadonlyMap<string, string> }[];
  baseLayerCount: number;
  /** The build context's files, to match COPY layers to; null when not given. */
  context?: readonly ContextFile[] | null;
}

const META_DIR = /\.(?:dist|egg)-info$/;
const PATH_CATEGORIES: [RegExp, Category][] = [
  [/^(?:root|home\/[^/]+)\/\.cache\/pip\//, 'pip-cache'],
  [/^(?:root|home\/[^/]+)\/\.cache\/uv\//, 'uv-cache'],
  [/^var\/lib\/apt\/lists\//, 'apt-lists'],
  [/^var\/cache\/apt\//, 'apt-cache'],
  [/(?:^|\/)__pycache__\/|\.py[co]$/, 'pycache'],
];

export function attributeImage(input: AttributionInput): Attribution {
  const stored = input.layers.map((l) => l.entries.reduce((s, e) => s + entryBytes(e), 0));
  const createdBy = layerCreators(input.history, input.layers.length, stored);
  const { files, waste } = stack(input.layers, createdBy);
  const text = (path: string) => {
    const i = files.index.get(path);
    return i === undefined ? undefined : input.layers[files.layers[i]!]!.contents.get(path);
  };
  const base = input.layers.slice(0, input.baseLayerCount);
  const ownership = findOwners(files, text, (path) => base.some((l) => l.contents.has(path)));
  const placed = place(files, ownership, input.baseLayerCount, createdBy);
  const copies = [...placed.copyFiles].map(([layer, list]) => matchCopyLayer(layer, createdBy[layer] ?? '', list, input.context ?? null));
  const result = tally({ files, placed, waste, stored, createdBy, baseLayerCount: input.baseLayerCount, copies });
  return {
    image: input.image, sizeBytes: input.sizeBytes, storedBytes: stored.reduce((s, b) => s + b, 0),
    ...result, packages: packageBytes(ownership, files, input.baseLayerCount), copies, waste,
  };
}

/** The final filesystem's files (with the layer each comes from), and per layer the stored bytes later hidden. */
function stack(layers: AttributionInput['layers'], createdBy: string[]): { files: FileTable; waste: WasteLayer[] } {
  const waste: WasteLayer[] = layers.map((_, layer) => ({ layer, createdBy: createdBy[layer] ?? '', bytes: 0, hiddenBy: [], top: [] }));
  const overlay = new OverlayStack((path, hiddenBy, bytes, storedIn) => {
    if (bytes === 0) return;
    const w = waste[storedIn]!;
    w.bytes += bytes;
    const by = w.hiddenBy.find((h) => h.layer === hiddenBy);
    if (by) by.bytes += bytes; else w.hiddenBy.push({ layer: hiddenBy, bytes });
    keepTop(w.top, { path: `/${path}`, bytes });
  });
  layers.forEach((l, index) => overlay.apply(layerTree(l.entries), index));
  const files: FileTable = { paths: [], sizes: [], layers: [], index: new Map(), metaDirs: [] };
  for (const p of overlay.paths()) {
    if (p.isDir) {
      if (META_DIR.test(p.path)) files.metaDirs.push(p.path);
      continue;
    }
    files.index.set(p.path, files.paths.length);
    files.paths.push(p.path);
    files.sizes.push(p.size);
    files.layers.push(p.layer);
  }
  return { files, waste: waste.filter((w) => w.bytes > 0) };
}

const TOP = 10;
function keepTop(top: { path: string; bytes: number }[], item: { path: string; bytes: number }): void {
  if (top.length >= TOP && item.bytes <= top[top.length - 1]!.bytes) return;
  top.push(item);
  top.sort((a, b) => b.bytes - a.bytes);
  if (top.length > TOP) top.pop();
}

/** Each file's category and source: base layers first, then owners, cache paths, COPY layers, else "other". */
function place(files: FileTable, own: Ownership, baseLayerCount: number, createdBy: string[]): Placed {
  const placed: Placed = { category: [], source: [], copyFiles: new Map() };
  const isCopy = createdBy.map((c) => ['COPY', 'ADD'].includes(historyKeyword(c)));
  files.paths.forEach((path, i) => {
    const layer = files.layers[i]!;
    const owner = own.owners[own.ownerOf[i]!];
    const byPath = PATH_CATEGORIES.find(([re]) => re.test(path));
    let category: Category;
    let source: string;
    if (layer < baseLayerCount) [category, source] = ['base', `layer ${layer}: ${createdBy[layer] || '(no created-by)'}`];
    else if (owner) [category, source] = [owner.kind, owner.name];
    else if (byPath) [category, source] = [byPath[1], cacheRoot(path, byPath[1])];
    else if (isCopy[layer]) {
      [category, source] = ['copy', `layer ${layer}`];
      const list = placed.copyFiles.get(layer) ?? [];
      list.push({ path, size: files.sizes[i]! });
      placed.copyFiles.set(layer, list);
    } else [category, source] = ['other', dirGroup(path)];
    placed.category.push(category);
    placed.source.push(source);
  });
  return placed;
}

function cacheRoot(path: string, category: Category): string {
  if (category === 'pycache') return dirGroup(path);
  const depth = category === 'pip-cache' || category === 'uv-cache' ? (path.startsWith('root/') ? 3 : 4) : 3;
  return `/${path.split('/').slice(0, depth).join('/')}`;
}

/** `/usr/lib/x86_64-linux-gnu/…` → `/usr/lib/x86_64-linux-gnu/`: three levels name a directory well enough. */
function dirGroup(path: string): string {
  const parts = path.split('/');
  return parts.length <= 3 ? `/${path}` : `/${parts.slice(0, 3).join('/')}/`;
}
