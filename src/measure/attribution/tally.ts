// Sums of an attribution (pure): bytes per category with its largest sources, and per layer.
import type { ContextFile, CopyLayer } from './copy.js';
import type { FileTable } from './owners.js';
import { CATEGORIES, type Category, type CategoryBytes, type LayerBytes, type SourceBytes, type WasteLayer } from './types.js';

export interface Placed {
  category: Category[];
  /** The source a file counts for within its category (package, layer, cache root, directory). */
  source: string[];
  /** COPY/ADD layer → the files it brought that nothing else claims. */
  copyFiles: Map<number, ContextFile[]>;
}

export interface TallyInput {
  files: FileTable;
  placed: Placed;
  waste: WasteLayer[];
  stored: number[];
  createdBy: string[];
  baseLayerCount: number;
  copies: CopyLayer[];
}

const TOP_SOURCES = 15;

export function tally(t: TallyInput): { attributedBytes: number; finalBytes: number; otherBytes: number; categories: CategoryBytes[]; layers: LayerBytes[] } {
  const sums = new Map<Category, { bytes: number; files: number; sources: Map<string, SourceBytes> }>(CATEGORIES.map((c) => [c, { bytes: 0, files: 0, sources: new Map() }]));
  const add = (category: Category, name: string, bytes: number, files: number) => {
    const sum = sums.get(category)!;
    sum.bytes += bytes;
    sum.files += files;
    const s = sum.sources.get(name) ?? { name, bytes: 0, files: 0 };
    s.bytes += bytes;
    s.files += files;
    sum.sources.set(name, s);
  };
  const layers: LayerBytes[] = t.stored.map((storedBytes, index) => ({
    index, createdBy: t.createdBy[index] ?? '', base: index < t.baseLayerCount, storedBytes, wastedBytes: 0, byCategory: {},
  }));
  let finalBytes = 0;
  t.files.paths.forEach((_, i) => {
    const [category, bytes, layer] = [t.placed.category[i]!, t.files.sizes[i]!, layers[t.files.layers[i]!]!];
    finalBytes += bytes;
    if (category !== 'copy') add(category, t.placed.source[i]!, bytes, 1);
    layer.byCategory[category] = (layer.byCategory[category] ?? 0) + bytes;
  });
  for (const c of t.copies) for (const g of c.groups) add('copy', `${g.path}${g.matched ? '' : ' (not in the context)'} — layer ${c.layer}`, g.bytes, g.files);
  for (const w of t.waste) {
    add('waste', `layer ${w.layer}: ${w.createdBy || '(no created-by)'}`, w.bytes, 0);
    const layer = layers[w.layer]!;
    layer.wastedBytes = w.bytes;
    layer.byCategory.waste = w.bytes;
  }
  const categories = [...sums].filter(([, s]) => s.bytes > 0).map(([category, s]) => ({
    category, bytes: s.bytes, files: s.files, sourceCount: s.sources.size,
    top: [...s.sources.values()].sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name)).slice(0, TOP_SOURCES),
  }));
  const attributedBytes = categories.reduce((s, c) => s + c.bytes, 0);
  return { attributedBytes, finalBytes, otherBytes: sums.get('other')!.bytes, categories, layers };
}
