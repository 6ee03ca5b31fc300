// What dflab learnt about a layer, kept by diff id (the sha256 of the uncompressed layer tar, so a record can never
// go stale): its file headers and byte count, and its zstd size. In memory for the run, on disk for the machine
// (~/.cache/dflab/layers/, or $XDG_CACHE_HOME/dflab/layers; DFLAB_LAYER_CACHE names another folder, "off" none).
// Variants share their base and often their first layers: each is read once, then only new layers are parsed.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LayerEntryType, LayerTarEntry } from './layer-contents.js';

export interface KnownLayer {
  diffId: string;
  entries: LayerTarEntry[];
  fileBytes: number;
  /** Bytes of `zstd -3` over the layer tar; null when not measured yet. */
  zstdBytes: number | null;
}

const VERSION = 1;
const TYPES: Record<LayerEntryType, string> = { file: 'f', dir: 'd', symlink: 'l', hardlink: 'h', other: 'o' };
const TYPE_OF = Object.fromEntries(Object.entries(TYPES).map(([k, v]) => [v, k])) as Record<string, LayerEntryType>;
const DIFF_ID = /^sha256:([0-9a-f]{64})$/;

/** On disk: the entries as three parallel arrays (a third of the JSON of one object per entry). */
interface Stored { v: number; diffId: string; fileBytes: number; zstdBytes: number | null; paths: string[]; types: string; sizes: number[] }

export function defaultLayerCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  const set = env['DFLAB_LAYER_CACHE'];
  if (set === 'off') return null;
  if (set) return set;
  return join(env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache'), 'dflab', 'layers');
}

export class LayerCache {
  private readonly memory = new Map<string, KnownLayer>();

  /** `dir` null: this process only. */
  constructor(readonly dir: string | null) {}

  async get(diffId: string): Promise<KnownLayer | null> {
    const hit = this.memory.get(diffId);
    if (hit) return hit;
    const file = this.fileOf(diffId);
    if (!file) return null;
    const layer = parseStored(await readFile(file, 'utf8').catch(() => null), diffId);
    if (layer) this.memory.set(diffId, layer);
    return layer;
  }

  /** Keeps the record; a disk that refuses it costs only the reuse on the next run. */
  async put(layer: KnownLayer): Promise<void> {
    this.memory.set(layer.diffId, layer);
    const file = this.fileOf(layer.diffId);
    if (!file || !this.dir) return;
    const e = layer.entries;
    const stored: Stored = {
      v: VERSION, diffId: layer.diffId, fileBytes: layer.fileBytes, zstdBytes: layer.zstdBytes,
      paths: e.map((x) => x.path), types: e.map((x) => TYPES[x.type]).join(''), sizes: e.map((x) => x.size),
    };
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      await mkdir(this.dir, { recursive: true });
      await writeFile(tmp, JSON.stringify(stored));
      await rename(tmp, file); // readers never see half a record
    } catch { /* best effort: see above */ }
  }

  private fileOf(diffId: string): string | null {
    const hex = DIFF_ID.exec(diffId)?.[1];
    return hex && this.dir ? join(this.dir, `${hex}.json`) : null;
  }
}

/** A stored record, or null when it is missing, of another version, or damaged. */
export function parseStored(text: string | null, diffId: string): KnownLayer | null {
  if (text === null) return null;
  let s: Stored;
  try { s = JSON.parse(text) as Stored; } catch { return null; }
  if (s.v !== VERSION || s.diffId !== diffId || !Array.isArray(s.paths) || !Array.isArray(s.sizes) || typeof s.types !== 'string') return null;
  if (s.paths.length !== s.sizes.length || s.paths.length !== s.types.length) return null;
  const entries: LayerTarEntry[] = [];
  for (let i = 0; i < s.paths.length; i++) {
    const type = TYPE_OF[s.types[i]!];
    if (!type) return null;
    entries.push({ path: s.paths[i]!, type, size: s.sizes[i]! });
  }
  return { diffId, entries, fileBytes: s.fileBytes, zstdBytes: typeof s.zstdBytes === 'number' ? s.zstdBytes : null };
}
