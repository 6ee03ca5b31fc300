// Every layer's file list, read from `docker save` as a stream: the outer archive and each layer tar
// inside it are parsed with tar-stream and only entry headers are kept (contents are drained), so
// memory grows with the number of paths, not with bytes. Feeds src/measure/efficiency.ts. A caller may also
// keep the text of a few small files (dpkg's database, Python RECORDs…) read in the same pass: `want` says which.
import { posix } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { UserError } from '../errors.js';
import { docker, isNotFound } from './docker.js';
import type { Endpoint } from './endpoint.js';
import { isImageReference } from './image-ref.js';
import { asError, drain, pipeInto, readHead, readText, settle, type Body } from './tar-io.js';

export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
/** One header of a layer tar (whiteouts `.wh.<name>` and `.wh..wh..opq` markers included). */
export interface LayerTarEntry { path: string; type: LayerEntryType; size: number }
export interface LayerEntries {
  diffId: string;
  entries: LayerTarEntry[];
  /** Σ entry sizes (dive's layer size); hardlinks carry 0. */
  fileBytes: number;
  /** Text of the files `want` asked for (path → at most its limit of bytes, as UTF-8); empty when nothing was asked. */
  contents: Map<string, string>;
}

/** How many bytes of a layer file to keep as text: 0 for none. Called with the normalized path of every regular file. */
export type WantContents = (path: string) => number;
const NOTHING: WantContents = () => 0;

export interface ParsedLayer {
  entries: LayerTarEntry[];
  fileBytes: number;
  contents: Map<string, string>;
  /** What `sizeLayer` said of the layer tar (a byte count, or why it could not); undefined when not asked. */
  sized?: number | Error;
}
/** What one pass over the archive found, keyed by archive path; ordered only at the end. */
export interface ArchiveScan { layers: Map<string, ParsedLayer>; links: Map<string, string>; manifest: string | null; json: string[] }

export interface ScanOptions {
  want?: WantContents;
  /** Diff ids whose blobs are drained unparsed (known already); only the OCI layout names blobs by diff id. */
  skip?: ReadonlySet<string>;
  /** Measures each parsed layer tar in the same pass (zstd-size.ts's compressor); its failure never fails the scan. */
  sizeLayer?: (tar: Readable) => Promise<number>;
  /** Aborting it destroys the save stream: the scan rejects at once instead of reading the rest. */
  signal?: AbortSignal;
  /** scanImage: the save of this image, already asked for (early-save.ts), instead of asking now. */
  saved?: Readable;
  /** Told of each layer as soon as it is parsed, when its archive name says its diff id (the OCI layout). */
  onLayer?: (diffId: string, layer: ParsedLayer) => void;
}

const MANIFEST = 'manifest.json';
const OCI_BLOB = /^blobs\/sha256\/([0-9a-f]{64})$/;
const MAX_MANIFEST_BYTES = 16 << 20;

/** The image's layers, bottom first, one item per RootFS.Layers entry (repeated layers repeat). */
export async function readLayerEntries(ref: string, want: WantContents = NOTHING): Promise<LayerEntries[]> {
  const image = await inspectForSave(ref);
  const diffIds = image.RootFS?.Layers ?? [];
  // Save by id, not by name: a tag moved between inspect and save must not mix two images.
  const stream = (await docker().getImage(image.Id).get()) as Readable;
  return readImageArchive(stream, diffIds, want);
}

/** One pass over `docker save` of the image `id` (inspected by the caller, whose diff ids these are): the scan and
 *  its config's `empty_layer` flags. */
export async function scanImage(
  id: string, diffIds: readonly string[], opts: ScanOptions, e?: Endpoint,
): Promise<{ scan: ArchiveScan; emptyLayer: boolean[] | null }> {
  const stream = opts.saved ?? await saveStream(id, opts.signal, e);
  const abort = () => stream.destroy(new Error('the read of the image was cancelled'));
  if (opts.signal?.aborted) abort();
  opts.signal?.addEventListener('abort', abort, { once: true });
  try {
    const scan = await scanArchive(stream, new Set(diffIds), opts);
    return { scan, emptyLayer: configHistory(scan.json, diffIds) };
  } finally {
    opts.signal?.removeEventListener('abort', abort);
  }
}

/** `docker save` of one image as a stream (dockerode's Image#get, with the signal it does not take: dockerd prepares
 *  the whole archive before the first byte, and an abort must not wait for that). */
function saveStream(id: string, signal: AbortSignal | undefined, e?: Endpoint): Promise<Readable> {
  const opts = { path: `/images/${id}/get`, method: 'GET', isStream: true, statusCodes: { 200: true, 500: 'server error' }, ...(signal ? { abortSignal: signal } : {}) };
  return new Promise((resolve, reject) => {
    docker(e).modem.dial(opts, (err: unknown, data: unknown) => (err ? reject(err) : resolve(data as Readable)));
  });
}

/** Parses a `docker save` stream (OCI layout of Docker 25+, or the legacy `<id>/layer.tar` one). */
export async function readImageArchive(stream: Readable, diffIds: readonly string[], want: WantContents = NOTHING): Promise<LayerEntries[]> {
  const scan = await scanArchive(stream, new Set(diffIds), { want });
  return orderLayers(scan, diffIds);
}

/** The image to save; a name that cannot be an image never reaches Docker's API (a path there becomes a redirect dockerode cannot follow). */
export async function inspectForSave(ref: string, e?: Endpoint) {
  if (!isImageReference(ref)) throw new UserError(`not an image name: ${ref}`, { hint: 'name a local image as name:tag or by its id' });
  return docker(e).getImage(ref).inspect().catch((e: unknown) => {
    if (isNotFound(e)) throw new UserError(`image not found: ${ref}`, { hint: 'build it first, or check the name and tag', cause: e });
    throw e;
  });
}

/** `empty_layer` of each history row of the config whose rootfs lists exactly `diffIds`. */
export function configHistory(blobs: readonly string[], diffIds: readonly string[]): boolean[] | null {
  for (const text of blobs) {
    let config: { rootfs?: { diff_ids?: unknown }; history?: { empty_layer?: boolean }[] };
    try { config = JSON.parse(text) as typeof config; } catch { continue; }
    const ids = config.rootfs?.diff_ids;
    if (Array.isArray(ids) && ids.join() === diffIds.join() && Array.isArray(config.history)) {
      return config.history.map((h) => h.empty_layer === true);
    }
  }
  return null;
}

export async function scanArchive(stream: Readable, diffIds: ReadonlySet<string>, opts: ScanOptions = {}): Promise<ArchiveScan> {
  const want = opts.want ?? NOTHING;
  const scan: ArchiveScan = { layers: new Map(), links: new Map(), manifest: null, json: [] };
  const outer = tar.extract();
  const finished = new Set<string>();
  let complete: () => void = () => undefined;
  const completed = new Promise<'complete'>((resolve) => { complete = () => resolve('complete'); });
  outer.on('entry', (header, body, next) => {
    const name = normalizeTarPath(header.name);
    const done = (err?: Error | null) => {
      if (!err) finished.add(name);
      if (!err && name === MANIFEST && hasAllItNames(scan.manifest, finished)) complete();
      next(err);
    };
    if (header.type === 'symlink' && name.endsWith('/layer.tar')) {
      // legacy layout: a repeated layer is a symlink to the first copy
      scan.links.set(name, posix.join(posix.dirname(name), header.linkname ?? ''));
      drain(body, done);
    } else if (header.type === 'file' && isLayerBlob(name, diffIds)) {
      if (opts.skip?.has(blobDiffId(name) ?? '')) return drain(body, done);
      const [ok, fail] = settle(done);
      parseLayer(body, want, opts.sizeLayer).then((layer) => {
        scan.layers.set(name, layer);
        const id = blobDiffId(name);
        if (id) opts.onLayer?.(id, layer);
        ok();
      }, fail);
    } else if (header.type === 'file' && OCI_BLOB.test(name)) {
      // containerd image store: layer blobs stay compressed and are named by their compressed digest
      const [ok, fail] = settle(done);
      readGzipLayer(body, want, (text) => scan.json.push(text)).then((layer) => { if (layer) scan.layers.set(name, layer); ok(); }, fail);
    } else if (header.type === 'file' && name === MANIFEST) {
      const [ok, fail] = settle(done);
      readText(body, MAX_MANIFEST_BYTES, MANIFEST).then((text) => { scan.manifest = text; ok(); }, fail);
    } else {
      drain(body, done);
    }
  });
  const piped = pipeInto(stream as Readable & Body, outer);
  // dockerd sends the archive's last bytes, then removes its temporary copy of the image before it ends the response
  // (0.47 s for hello-py's 828 MB): once the manifest and everything it names are read, the rest is not waited for.
  if (await Promise.race([piped, completed]) === 'complete') {
    piped.catch(() => undefined);
    stream.destroy();
  }
  return scan;
}

/** Whether every layer and the config that manifest.json names has been read (the entries after it are not needed). */
function hasAllItNames(manifest: string | null, finished: ReadonlySet<string>): boolean {
  if (manifest === null) return false;
  try {
    const items = JSON.parse(manifest) as { Config?: unknown; Layers?: unknown }[];
    const first = items[0];
    if (items.length !== 1 || !first || typeof first.Config !== 'string' || !Array.isArray(first.Layers)) return false;
    return [first.Config, ...first.Layers].every((p) => typeof p === 'string' && finished.has(normalizeTarPath(p)));
  } catch {
    return false;
  }
}

/** The diff id an OCI layout blob is named by ("blobs/sha256/<hex>" → "sha256:<hex>"). */
function blobDiffId(name: string): string | null {
  const blob = OCI_BLOB.exec(name);
  return blob ? `sha256:${blob[1]}` : null;
}

/** The layer tar parsed and, when asked, measured by `sizeLayer` from the same bytes (a tee, with backpressure). */
export async function parseLayer(body: Body, want: WantContents, sizeLayer?: (tar: Readable) => Promise<number>): Promise<ParsedLayer> {
  if (!sizeLayer) return readLayerTar(body, want);
  const tee = new PassThrough();
  const [toTar, toSizer] = [new PassThrough(), new PassThrough()];
  body.on('error', (err) => tee.destroy(asError(err)));
  tee.on('error', (err) => { toTar.destroy(err); toSizer.destroy(err); });
  tee.pipe(toTar);
  tee.pipe(toSizer);
  body.pipe(tee);
  // A sizer that stops reading (failed, cancelled) must not stall the parse: what it leaves is dropped.
  const sized = sizeLayer(toSizer).then((n) => n, asError).finally(() => { tee.unpipe(toSizer); toSizer.resume(); });
  try {
    const layer = await readLayerTar(toTar as unknown as Body, want);
    return { ...layer, sized: await sized };
  } catch (e) {
    toSizer.destroy(asError(e)); // the sizer's process ends before the failure is passed on
    await sized;
    throw e;
  }
}

/** A layer is a blob named by one of the image's diff ids (uncompressed), or a legacy `layer.tar`;
 *  config JSON and other blobs are never parsed as tars. */
function isLayerBlob(name: string, diffIds: ReadonlySet<string>): boolean {
  const blob = OCI_BLOB.exec(name);
  if (blob) return diffIds.has(`sha256:${blob[1]}`);
  return name.endsWith('/layer.tar');
}

async function readLayerTar(body: Body, want: WantContents): Promise<ParsedLayer> {
  const layer: ParsedLayer = { entries: [], fileBytes: 0, contents: new Map() };
  const inner = tar.extract();
  inner.on('entry', (header, content, next) => {
    const entry = toEntry(header);
    if (entry) {
      layer.entries.push(entry);
      layer.fileBytes += entry.size;
    }
    const limit = entry?.type === 'file' && entry.size > 0 ? want(entry.path) : 0;
    if (limit <= 0) return drain(content, next);
    const [ok, fail] = settle(next);
    readHead(content, limit).then((text) => { layer.contents.set(entry!.path, text); ok(); }, fail);
  });
  await pipeInto(body, inner);
  return layer;
}

/** A gzip blob is parsed as a layer tar; a JSON blob (config, manifests) is handed to `onJson`; anything else is drained. */
async function readGzipLayer(body: Body, want: WantContents, onJson: (text: string) => void): Promise<ParsedLayer | null> {
  const chunks = body[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await chunks.next();
    if (next.done) return null;
    head = Buffer.concat([head, next.value as Buffer]);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    const parts: Buffer[] = [head];
    let size = head.length;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      size += (next.value as Buffer).length;
      if (size <= MAX_MANIFEST_BYTES) parts.push(next.value as Buffer); // a larger blob is no config: drained
    }
    if (head[0] === 0x7b && size <= MAX_MANIFEST_BYTES) onJson(Buffer.concat(parts).toString('utf8'));
    return null;
  }
  async function* whole() {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
  }
  return readLayerTar(Readable.from(whole()).pipe(createGunzip()) as unknown as Body, want);
}

function toEntry(header: tar.Header): LayerTarEntry | null {
  const path = normalizeTarPath(header.name);
  if (path === '') return null;
  const size = header.size ?? 0;
  switch (header.type) {
    case 'file':
    case 'contiguous-file':
      return { path, type: 'file', size };
    case 'directory':
      return { path, type: 'dir', size: 0 };
    case 'symlink':
      return { path, type: 'symlink', size: 0 };
    case 'link':
      return { path, type: 'hardlink', size: 0 }; // the bytes belong to the link's target entry
    default:
      return { path, type: 'other', size };
  }
}

/** "./usr/bin/" → "usr/bin"; "./" and "/" → "". */
export function normalizeTarPath(name: string): string {
  const path = posix.normalize(name).replace(/^(?:\.\/|\/)+/, '').replace(/\/+$/, '');
  return path === '.' ? '' : path;
}

/** The scanned layers in RootFS order; `known` supplies the layers the scan skipped. */
export function orderLayers(scan: ArchiveScan, diffIds: readonly string[], known?: (diffId: string) => ParsedLayer | undefined): (LayerEntries & Pick<ParsedLayer, 'sized'>)[] {
  const paths = layerPaths(scan.manifest, diffIds);
  if (paths.length !== diffIds.length) {
    throw new Error(`docker save lists ${paths.length} layers, image inspect ${diffIds.length}`);
  }
  return paths.map((path, i) => {
    const layer = scan.layers.get(scan.links.get(path) ?? path) ?? known?.(diffIds[i]!);
    if (!layer) throw new Error(`layer ${path} is missing from the docker save stream`);
    return { diffId: diffIds[i]!, entries: layer.entries, fileBytes: layer.fileBytes, contents: layer.contents, sized: layer.sized };
  });
}

/** Archive paths of the layers in order: manifest.json's Layers, else the OCI blobs named by diff id. */
export function layerPaths(manifest: string | null, diffIds: readonly string[]): string[] {
  if (manifest === null) return diffIds.map((id) => `blobs/sha256/${id.replace(/^sha256:/, '')}`);
  const parsed = JSON.parse(manifest) as { Layers?: unknown }[];
  const layers = parsed[0]?.Layers;
  if (!Array.isArray(layers)) throw new Error('manifest.json in the docker save stream has no Layers');
  return layers.map((p) => normalizeTarPath(String(p)));
}
