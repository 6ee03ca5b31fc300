// An image's layers for a trial's measurements: each layer's file headers (wasted space, inventory, layer sizes)
// and, when asked, its zstd size and the texts of a keyed want (attribution's package databases), kept by diff id
// (layer-cache.ts) so each layer is read once per machine. When every layer and the image's `empty_layer` flags are
// known, the engine is only asked for the inspect.
// Where the new layers are read from: the classic store's `docker save` streams every layer of the image (the
// engine has no per-layer export; known layers are drained unparsed, but dockerd still tars them), so when the
// image was just pushed for its compressed size, the layers not yet known are read back from the registry
// instead — only those — and the config blob gives the `empty_layer` flags. `docker save` is the fallback.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { dropEarlySave, takeEarlySave } from './early-save.js';
import { defaultLayerCacheDir, LayerCache, serves, type KnownLayer } from './layer-cache.js';
import { configHistory, inspectForSave, orderLayers, parseLayer, scanImage, type ArchiveScan, type LayerEntries, type ParsedLayer, type WantContents } from './layer-contents.js';
import { fetchBlob, fetchBlobText, type PushedImage } from './registry-api.js';
import type { Endpoint } from './endpoint.js';
import type { Body } from './tar-io.js';
import { zstdLayerBytes } from './zstd-cli.js';

export interface ImageLayers {
  /** Bottom first, one item per RootFS layer (repeated layers repeat); file texts only when `want` asked. */
  layers: LayerEntries[];
  /** The image config's `empty_layer` flags, oldest row first; null when no config was found. */
  emptyLayer: boolean[] | null;
  /** Σ zstd -3 of the layer tars when asked: the bytes, or why not. */
  zstd: { bytes: number } | { error: string } | null;
  /** Distinct layers parsed in this pass, distinct layers taken from the cache, and where the parsed ones came from
   *  ('cache': every layer and the image's flags were known, nothing was read from the engine but its inspect). */
  read: { parsed: number; reused: number; from: 'registry' | 'save' | 'cache' };
}

export interface ReadOptions {
  cache?: LayerCache;
  zstd?: boolean;
  /** The image as just pushed (its manifest's blobs, in RootFS order): new layers are read from there. */
  pushed?: PushedImage | null;
  signal?: AbortSignal;
  /** File texts to keep (see layer-contents.ts). */
  want?: WantContents;
  /** Names `want` in the cache; change it whenever what `want` keeps changes. With a key, each layer's texts are
   *  kept and a layer is parsed only when its texts for this key are not known; without one, every layer is parsed. */
  wantKey?: string;
  /** The engine holding the image (default: the current one). */
  endpoint?: Endpoint;
}

interface Source { scan: ArchiveScan; emptyLayer: boolean[] | null; from: ImageLayers['read']['from'] }

let machine: LayerCache | undefined;
/** The process's cache, backed by the machine's cache folder. */
export function machineLayerCache(): LayerCache {
  return (machine ??= new LayerCache(defaultLayerCacheDir()));
}

export async function readImageLayers(ref: string, opts: ReadOptions = {}): Promise<ImageLayers> {
  const cache = opts.cache ?? machineLayerCache();
  const { image, diffIds, key, known } = await knownOf(ref, cache, opts);
  // Each new layer is kept as soon as it is parsed: while later layers stream (dockerd's pace, not node's), not after.
  const kept = new Map<string, Promise<void>>();
  const keep = (diffId: string, l: ParsedLayer) => {
    if (known.has(diffId) || kept.has(diffId)) return;
    kept.set(diffId, cache.put({
      diffId, entries: l.entries, fileBytes: l.fileBytes, zstdBytes: typeof l.sized === 'number' ? l.sized : null,
      ...(key ? { texts: new Map([[key, l.contents]]) } : {}),
    }));
  };
  const source = await readNewLayers(cache, image.Id, diffIds, known, opts, keep);
  const fromCache = (id: string) => {
    const k = known.get(id);
    const texts = key ? k?.texts?.get(key) : undefined;
    return k && { entries: k.entries, fileBytes: k.fileBytes, contents: new Map(texts), sized: k.zstdBytes ?? undefined };
  };
  const ordered = orderLayers(source.scan, diffIds, fromCache);
  const fresh = new Map(ordered.filter((l) => !known.has(l.diffId)).map((l) => [l.diffId, l]));
  for (const l of fresh.values()) keep(l.diffId, l); // the legacy layout names layers by path, not diff id
  await Promise.all(kept.values());
  return {
    layers: ordered.map(({ diffId, entries, fileBytes, contents }) => ({ diffId, entries, fileBytes, contents })),
    emptyLayer: source.emptyLayer,
    zstd: opts.zstd ? zstdTotal(ordered.map((l) => l.sized)) : null,
    read: { parsed: fresh.size, reused: known.size, from: source.from },
  };
}

/** How many of the image's distinct layers a read with these options would parse (the cache lacks them), of how many. */
export async function layersToRead(ref: string, opts: Pick<ReadOptions, 'cache' | 'zstd' | 'want' | 'wantKey' | 'endpoint'> = {}): Promise<{ unknown: number; distinct: number }> {
  const { diffIds, known } = await knownOf(ref, opts.cache ?? machineLayerCache(), opts);
  const distinct = new Set(diffIds).size;
  return { unknown: distinct - known.size, distinct };
}

/** The image's inspect and layers, and those of its layers the cache serves for this read. */
async function knownOf(ref: string, cache: LayerCache, opts: Pick<ReadOptions, 'zstd' | 'want' | 'wantKey' | 'endpoint'>) {
  const image = await inspectForSave(ref, opts.endpoint);
  const diffIds = image.RootFS?.Layers ?? [];
  const key = opts.want ? opts.wantKey ?? null : undefined; // null: texts wanted but not cacheable
  const known = key === null ? new Map<string, KnownLayer>() : await knownLayers(cache, diffIds, opts.zstd === true, key);
  return { image, diffIds, key, known };
}

/** The cached layers that serve this read: with its zstd size when asked, with the key's texts when keyed. */
async function knownLayers(cache: LayerCache, diffIds: readonly string[], zstd: boolean, key: string | undefined): Promise<Map<string, KnownLayer>> {
  const known = new Map<string, KnownLayer>();
  for (const id of new Set(diffIds)) {
    const layer = await cache.get(id);
    if (serves(layer, { zstd, key })) known.set(id, layer);
  }
  return known;
}

/** The layers not in `known`: none to read when the image's flags are cached too (no save at all); else from the
 *  registry when just pushed, else from `docker save` (known layers drained unparsed). The flags are then kept. */
async function readNewLayers(
  cache: LayerCache, id: string, diffIds: readonly string[], known: ReadonlyMap<string, KnownLayer>, opts: ReadOptions,
  onLayer: (diffId: string, layer: ParsedLayer) => void,
): Promise<Source> {
  const cached = known.size === new Set(diffIds).size ? await cache.image(id, diffIds) : null;
  if (cached) {
    dropEarlySave(); // nothing to save: dockerd need not finish preparing one
    return { scan: { layers: new Map(), links: new Map(), manifest: null, json: [] }, emptyLayer: cached.emptyLayer, from: 'cache' };
  }
  const sizeLayer = opts.zstd ? (tar: Readable) => zstdLayerBytes(tar, opts.signal) : undefined;
  const viaRegistry = opts.pushed?.repo ? await fromRegistry(diffIds, opts.pushed, known, sizeLayer, opts.signal, opts.want, onLayer).catch(() => null) : null;
  // Saved by id, not by name: a tag moved since the inspect must not mix two images.
  // The entry point may have asked for this save already (early-save.ts): only ever on the own engine.
  const saved = viaRegistry || opts.endpoint?.host ? null : await takeEarlySave(id);
  const source: Source = viaRegistry ? { ...viaRegistry, from: 'registry' } : {
    ...await scanImage(id, diffIds, { skip: new Set(known.keys()), sizeLayer, onLayer, ...(opts.want ? { want: opts.want } : {}), ...(opts.signal ? { signal: opts.signal } : {}), ...(saved ? { saved } : {}) }, opts.endpoint),
    from: 'save',
  };
  if (source.emptyLayer) await cache.putImage({ id, diffIds: [...diffIds], emptyLayer: source.emptyLayer });
  return source;
}

/** zlib's output chunk (default 16 KiB): each chunk then passes the hash, the tar parser and the pipe to zstd, so
 *  large ones cut the per-chunk work (measured on pip-service's run: see the commit that set it). */
const GUNZIP_CHUNK = 1 << 20;
/** Layer blobs read from the registry at a time. */
const REGISTRY_READS = 2;

/** The layers not in `known`, read from their pushed blobs (gunzipped), as a scan keyed like an OCI save. */
async function fromRegistry(
  diffIds: readonly string[], pushed: PushedImage, known: ReadonlyMap<string, KnownLayer>,
  sizeLayer: ((tar: Readable) => Promise<number>) | undefined, signal?: AbortSignal, want: WantContents = () => 0,
  onLayer?: (diffId: string, layer: ParsedLayer) => void,
): Promise<{ scan: ArchiveScan; emptyLayer: boolean[] | null }> {
  if (!pushed.repo || !pushed.config || pushed.layers.length !== diffIds.length) throw new Error('the push does not match the image');
  const scan: ArchiveScan = { layers: new Map(), links: new Map(), manifest: null, json: [] };
  const repo = pushed.repo;
  // OCI save paths: orderLayers finds layers by them. A repeated layer is read once.
  const todo = [...new Map(diffIds.map((id, i) => [`blobs/sha256/${id.replace(/^sha256:/, '')}`, i] as const)).entries()]
    .filter(([, i]) => !known.has(diffIds[i]!));
  const readOne = async ([path, i]: readonly [string, number]) => {
    const id = diffIds[i]!;
    const [source, tar] = [await fetchBlob(repo, pushed.layers[i]!.digest, signal), createGunzip({ chunkSize: GUNZIP_CHUNK })];
    const hashed = hashing();
    source.on('error', (e) => tar.destroy(e));
    tar.on('error', (e) => hashed.stream.destroy(e));
    const layer = await parseLayer(source.pipe(tar).pipe(hashed.stream) as unknown as Body, want, sizeLayer);
    // The manifest's order is trusted only as far as the bytes agree: a blob that is not this diff id's layer
    // throws, and the caller falls back to `docker save`.
    if (`sha256:${hashed.digest()}` !== id) throw new Error(`the pushed layer ${i + 1} is not ${id}`);
    scan.layers.set(path, layer);
    onLayer?.(id, layer);
  };
  // Two at a time: gunzip runs on libuv's pool, hashing and tar parsing on the main thread, so a second layer keeps
  // the other core busy (hello-py's 828 MB first read: 7.0 s one at a time).
  let next = 0;
  const worker = async () => { while (next < todo.length) await readOne(todo[next++]!); };
  await Promise.all(Array.from({ length: Math.min(REGISTRY_READS, todo.length) }, worker));
  const config = await fetchBlobText(pushed.repo, pushed.config, signal).catch(() => null);
  return { scan, emptyLayer: config === null ? null : configHistory([config], diffIds) };
}

/** A pass-through that hashes what flows through it (the uncompressed layer tar, whose sha256 is its diff id). */
function hashing(): { stream: Transform; digest: () => string } {
  const hash = createHash('sha256');
  const stream = new Transform({ transform(chunk: Buffer, _enc, done) { hash.update(chunk); done(null, chunk); } });
  return { stream, digest: () => hash.digest('hex') };
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
