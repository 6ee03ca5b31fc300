// An image's layers for a trial's measurements, in one `docker save` pass: each layer's file headers (wasted
// space, inventory, layer sizes) and, when asked, its zstd size, both kept by diff id (layer-cache.ts). Layers
// already known are drained unparsed; only new ones are parsed and compressed. The classic store's save still
// streams every layer (the engine offers no per-layer export): what is saved is the parsing and the compressing.
import type { Readable } from 'node:stream';
import { defaultLayerCacheDir, LayerCache, type KnownLayer } from './layer-cache.js';
import { orderLayers, scanImage, type LayerEntries } from './layer-contents.js';
import { zstdLayerBytes } from './zstd-cli.js';

export interface ImageLayers {
  /** Bottom first, one item per RootFS layer (repeated layers repeat); no file texts. */
  layers: LayerEntries[];
  /** The image config's `empty_layer` flags, oldest row first; null when the save held no config. */
  emptyLayer: boolean[] | null;
  /** Σ zstd -3 of the layer tars when asked: the bytes, or why not. */
  zstd: { bytes: number } | { error: string } | null;
  /** Distinct layers parsed in this pass, and distinct layers taken from the cache. */
  read: { parsed: number; reused: number };
}

let machine: LayerCache | undefined;
/** The process's cache, backed by the machine's cache folder. */
export function machineLayerCache(): LayerCache {
  return (machine ??= new LayerCache(defaultLayerCacheDir()));
}

export async function readImageLayers(ref: string, opts: { cache?: LayerCache; zstd?: boolean; signal?: AbortSignal } = {}): Promise<ImageLayers> {
  const cache = opts.cache ?? machineLayerCache();
  const known = new Map<string, KnownLayer>();
  const { diffIds, scan, emptyLayer } = await scanImage(ref, async (ids) => {
    for (const id of new Set(ids)) {
      const layer = await cache.get(id);
      if (layer && (!opts.zstd || layer.zstdBytes !== null)) known.set(id, layer);
    }
    const sizeLayer = opts.zstd ? (tar: Readable) => zstdLayerBytes(tar, opts.signal) : undefined;
    return { skip: new Set(known.keys()), sizeLayer };
  });
  const fromCache = (id: string) => {
    const k = known.get(id);
    return k && { entries: k.entries, fileBytes: k.fileBytes, contents: new Map<string, string>(), sized: k.zstdBytes ?? undefined };
  };
  const ordered = orderLayers(scan, diffIds, fromCache);
  const fresh = new Map(ordered.filter((l) => !known.has(l.diffId)).map((l) => [l.diffId, l]));
  for (const l of fresh.values()) {
    await cache.put({ diffId: l.diffId, entries: l.entries, fileBytes: l.fileBytes, zstdBytes: typeof l.sized === 'number' ? l.sized : null });
  }
  return {
    layers: ordered.map(({ diffId, entries, fileBytes, contents }) => ({ diffId, entries, fileBytes, contents })),
    emptyLayer,
    zstd: opts.zstd ? zstdTotal(ordered.map((l) => l.sized)) : null,
    read: { parsed: fresh.size, reused: known.size },
  };
}

function zstdTotal(sizes: readonly (number | Error | undefined)[]): { bytes: number } | { error: string } {
  let bytes = 0;
  for (const s of sizes) {
    if (s instanceof Error) return { error: s.message };
    if (s === undefined) return { error: 'a layer was not compressed' };
    bytes += s;
  }
  return { bytes };
}
