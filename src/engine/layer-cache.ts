// What dflab learnt about a layer, kept by diff id (the sha256 of the uncompressed layer tar, so a record can never
// go stale): its file headers and byte count, its zstd size, and the texts of the files a keyed want asked for. In
// memory for the run, on disk for the machine (~/.cache/dflab/layers/, or $XDG_CACHE_HOME/dflab/layers;
// DFLAB_LAYER_CACHE names another folder, "off" none). Variants share their base and often their first layers:
// each is read once, then only new layers are parsed. Beside the layers, each image's `empty_layer` flags, kept by
// image id (the config's digest), so an image whose layers are all known is never saved again.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LayerEntryType, LayerTarEntry } from './layer-contents.js';

/** Path → text of the files one want function kept from a layer. */
export type LayerTexts = ReadonlyMap<string, string>;

export interface KnownLayer {
  diffId: string;
  entries: LayerTarEntry[];
  fileBytes: number;
  /** Bytes of `zstd -3` over the layer tar; null when not measured yet. */
  zstdBytes: number | null;
  /** The texts each keyed want kept (want key → texts; a key with no files holds an empty map); absent: none read. */
  texts?: ReadonlyMap<string, LayerTexts>;
}

/** What `docker save` gives beyond the layers: the config's `empty_layer` flags, for the image id they belong to. */
export interface KnownImage { id: string; diffIds: string[]; emptyLayer: boolean[] }

// Records without `texts` (written before texts were kept) read as they are: only keyed reads miss them.
const VERSION = 1;
const TYPES: Record<LayerEntryType, string> = { file: 'f', dir: 'd', symlink: 'l', hardlink: 'h', other: 'o' };
const TYPE_OF = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k])) as Record<string, LayerEntryType>;
const DIGEST = /^sha256:([0-9a-f]{64})$/;

/** On disk: the entries as three parallel arrays (a third of the JSON of one object per entry); a text names its
 *  file by its index in `paths` rather than repeating the path. */
interface Stored {
  v: number; diffId: string; fileBytes: number; zstdBytes: number | null; paths: string[]; types: string; sizes: number[];
  texts?: Record<string, { at: number[]; text: string[] }>;
}
interface StoredImage { v: number; id: string; diffIds: string[]; empty: string }

export function defaultLayerCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const set = env['DFLAB_LAYER_CACHE'];
  if (set === 'off') return null;
  if (set) return set;
  return join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'dflab', 'layers');
}

export class LayerCache {
  private readonly memory = new Map<string, KnownLayer>();
  private readonly images = new Map<string, KnownImage>();

  /** `dir` null: this process only. */
  constructor(readonly dir: string | null) {}

  async get(diffId: string): Promise<KnownLayer | null> {
    const hit = this.memory.get(diffId);
    if (hit) return hit;
    const layer = parseStored(await this.read(diffId, 'json'), diffId);
    if (layer) this.memory.set(diffId, layer);
    return layer;
  }

  /** Keeps the record, merged with what was known of the layer (its zstd size, other keys' texts); a disk that
   *  refuses it costs only the reuse on the next run. */
  async put(layer: KnownLayer): Promise<void> {
    const merged = mergeLayers(await this.get(layer.diffId), layer);
    this.memory.set(layer.diffId, merged);
    await this.write(layer.diffId, 'json', JSON.stringify(toStored(merged)));
  }

  /** The image's `empty_layer` flags, when known for this id and these diff ids. */
  async image(id: string, diffIds: readonly string[]): Promise<KnownImage | null> {
    const known = this.images.get(id) ?? parseStoredImage(await this.read(id, 'image.json'), id);
    if (!known || known.diffIds.join() !== diffIds.join()) return null;
    this.images.set(id, known);
    return known;
  }

  async putImage(image: KnownImage): Promise<void> {
    this.images.set(image.id, image);
    const stored: StoredImage = { v: VERSION, id: image.id, diffIds: image.diffIds, empty: image.emptyLayer.map((e) => (e ? '1' : '0')).join('') };
    await this.write(image.id, 'image.json', JSON.stringify(stored));
  }

  private async read(digest: string, ext: string): Promise<string | null> {
    const file = this.fileOf(digest, ext);
    return file ? readFile(file, 'utf8').catch(() => null) : null;
  }

  private async write(digest: string, ext: string, text: string): Promise<void> {
    const file = this.fileOf(digest, ext);
    if (!file || !this.dir) return;
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, text);
      await rename(tmp, file); // readers never see half a record
    } catch { /* best effort: see put */ }
  }

  private fileOf(digest: string, ext: string): string | null {
    const hex = DIGEST.exec(digest)?.[1];
    return hex && this.dir ? join(this.dir, `${hex}.${ext}`) : null;
  }
}

/** Whether a cached layer serves a read: it holds the zstd size when that is asked, and the key's texts when keyed. */
export function serves(layer: KnownLayer | null, need: { zstd: boolean; key?: string | undefined }): layer is KnownLayer {
  return layer !== null && (!need.zstd || layer.zstdBytes !== null) && (!need.key || layer.texts?.has(need.key) === true);
}

/** The new record, keeping from the old one (the same diff id, so the same entries) what the new one lacks. */
function mergeLayers(had: KnownLayer | null, layer: KnownLayer): KnownLayer {
  if (!had) return layer;
  const texts = new Map([...(had.texts ?? []), ...(layer.texts ?? [])]);
  return { ...layer, zstdBytes: layer.zstdBytes ?? had.zstdBytes, ...(texts.size ? { texts } : {}) };
}

function toStored(layer: KnownLayer): Stored {
  const e = layer.entries;
  const stored: Stored = {
    v: VERSION, diffId: layer.diffId, fileBytes: layer.fileBytes, zstdBytes: layer.zstdBytes,
    paths: e.map((x) => x.path), types: e.map((x) => TYPES[x.type]).join(''), sizes: e.map((x) => x.size),
  };
  if (!layer.texts?.size) return stored;
  const index = new Map<string, number>();
  e.forEach((x, i) => { if (x.type === 'file') index.set(x.path, i); }); // a path repeated in the tar: its last header
  stored.texts = {};
  for (const [key, texts] of layer.texts) {
    const at = [...texts.keys()].map((path) => index.get(path));
    // A text of no file header cannot be named: that key is left out (a later keyed read parses the layer again).
    if (at.every((i) => i !== undefined)) stored.texts[key] = { at: at as number[], text: [...texts.values()] };
  }
  return stored;
}

/** A stored record, or null when it is missing, of another version, or damaged. */
export function parseStored(text: string | null, diffId: string): KnownLayer | null {
  if (text === null) return null;
  let s: Stored;
  try { s = JSON.parse(text) as Stored; } catch { return null; }
  if (!s || s.v !== VERSION || s.diffId !== diffId || !Array.isArray(s.paths) || !Array.isArray(s.sizes) || typeof s.types !== 'string') return null;
  if (s.paths.length !== s.sizes.length || s.paths.length !== s.types.length) return null;
  const entries: LayerTarEntry[] = [];
  for (let i = 0; i < s.paths.length; i++) {
    const type = TYPE_OF[s.types[i]!];
    if (!type) return null;
    entries.push({ path: s.paths[i]!, type, size: s.sizes[i]! });
  }
  const texts = parseTexts(s.texts, s.paths);
  if (texts === null) return null;
  return { diffId, entries, fileBytes: s.fileBytes, zstdBytes: typeof s.zstdBytes === 'number' ? s.zstdBytes : null, ...(texts.size ? { texts } : {}) };
}

/** The stored texts by key; null when any is damaged (the whole record is then no record). */
function parseTexts(stored: unknown, paths: readonly string[]): Map<string, LayerTexts> | null {
  const out = new Map<string, LayerTexts>();
  if (stored === undefined) return out;
  if (typeof stored !== 'object' || stored === null) return null;
  for (const [key, value] of Object.entries(stored as Record<string, unknown>)) {
    const { at, text } = (value ?? {}) as { at?: unknown; text?: unknown };
    if (!Array.isArray(at) || !Array.isArray(text) || at.length !== text.length) return null;
    const texts = new Map<string, string>();
    for (let i = 0; i < at.length; i++) {
      const path = Number.isInteger(at[i]) ? paths[at[i] as number] : undefined;
      if (path === undefined || typeof text[i] !== 'string') return null;
      texts.set(path, text[i] as string);
    }
    out.set(key, texts);
  }
  return out;
}

/** A stored image record, or null when it is missing, of another version or image, or damaged. */
export function parseStoredImage(text: string | null, id: string): KnownImage | null {
  if (text === null) return null;
  let s: StoredImage;
  try { s = JSON.parse(text) as StoredImage; } catch { return null; }
  if (!s || s.v !== VERSION || s.id !== id || typeof s.empty !== 'string' || !/^[01]*$/.test(s.empty)) return null;
  if (!Array.isArray(s.diffIds) || !s.diffIds.every((d) => typeof d === 'string')) return null;
  return { id, diffIds: s.diffIds, emptyLayer: [...s.empty].map((c) => c === '1') };
}
