// Every layer's file list, read from `docker save` as a stream: the outer archive and each layer tar
// inside it are parsed with tar-stream and only entry headers are kept (contents are drained), so
// memory grows with the number of paths, not with bytes. Feeds src/measure/efficiency.ts.
import { posix } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { UserError } from '../errors.js';
import { docker, isNotFound } from './docker.js';

export type LayerEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
/** One header of a layer tar (whiteouts `.wh.<name>` and `.wh..wh..opq` markers included). */
export interface LayerTarEntry {
  path: string; type: LayerEntryType; size: number;
  /** With `packageTexts`: the content of a package database file (PACKAGE_DB), which sizes each package. */
  text?: string;
}

/** dpkg's status (Installed-Size per package) and pip's RECORD files (size per file): read when asked. */
export const PACKAGE_DB = /^var\/lib\/dpkg\/status$|(?:site|dist)-packages\/[^/]+\.dist-info\/RECORD$/;
const MAX_PACKAGE_DB_BYTES = 32 << 20;
export interface LayerEntries {
  diffId: string;
  entries: LayerTarEntry[];
  /** Σ entry sizes (dive's layer size); hardlinks carry 0. */
  fileBytes: number;
}

/** An entry's content stream (streamx, not a Node stream): only what we use of it. */
interface Body extends AsyncIterable<unknown> {
  on(event: 'end', fn: () => void): unknown;
  on(event: 'error', fn: (err: unknown) => void): unknown;
  resume(): unknown;
  pipe(dest: tar.Extract): unknown;
  destroy(err?: Error): unknown;
}
type Done = (err?: Error | null) => void;

interface ParsedLayer { entries: LayerTarEntry[]; fileBytes: number }
/** What one pass over the archive found, keyed by archive path; ordered only at the end. */
interface ArchiveScan { layers: Map<string, ParsedLayer>; links: Map<string, string>; manifest: string | null }

const MANIFEST = 'manifest.json';
const OCI_BLOB = /^blobs\/sha256\/([0-9a-f]{64})$/;
const MAX_MANIFEST_BYTES = 16 << 20;

/**
 * The image's layers, bottom first, one item per RootFS.Layers entry (repeated layers repeat). `packageTexts`
 * also keeps the package database files' contents (`dflab diff` sizes the packages it lists with them).
 */
export async function readLayerEntries(ref: string, opts: { packageTexts?: boolean } = {}): Promise<LayerEntries[]> {
  const image = await docker().getImage(ref).inspect().catch((e: unknown) => {
    if (isNotFound(e)) throw new UserError(`image not found: ${ref}`, { hint: 'build it first, or check the name and tag', cause: e });
    throw e;
  });
  const diffIds = image.RootFS?.Layers ?? [];
  // Save by id, not by name: a tag moved between inspect and save must not mix two images.
  const stream = (await docker().getImage(image.Id).get()) as Readable;
  return readImageArchive(stream, diffIds, opts.packageTexts ?? false);
}

/** Parses a `docker save` stream (OCI layout of Docker 25+, or the legacy `<id>/layer.tar` one). */
export async function readImageArchive(stream: Readable, diffIds: readonly string[], packageTexts = false): Promise<LayerEntries[]> {
  const scan = await scanArchive(stream, new Set(diffIds), packageTexts);
  return orderLayers(scan, diffIds);
}

async function scanArchive(stream: Readable, diffIds: ReadonlySet<string>, texts: boolean): Promise<ArchiveScan> {
  const scan: ArchiveScan = { layers: new Map(), links: new Map(), manifest: null };
  const outer = tar.extract();
  outer.on('entry', (header, body, done) => {
    const name = normalizeTarPath(header.name);
    if (header.type === 'symlink' && name.endsWith('/layer.tar')) {
      // legacy layout: a repeated layer is a symlink to the first copy
      scan.links.set(name, posix.join(posix.dirname(name), header.linkname ?? ''));
      drain(body, done);
    } else if (header.type === 'file' && isLayerBlob(name, diffIds)) {
      const [ok, fail] = settle(done);
      readLayerTar(body, texts).then((layer) => { scan.layers.set(name, layer); ok(); }, fail);
    } else if (header.type === 'file' && OCI_BLOB.test(name)) {
      // containerd image store: layer blobs stay compressed and are named by their compressed digest
      const [ok, fail] = settle(done);
      readGzipLayer(body, texts).then((layer) => { if (layer) scan.layers.set(name, layer); ok(); }, fail);
    } else if (header.type === 'file' && name === MANIFEST) {
      const [ok, fail] = settle(done);
      readText(body, MAX_MANIFEST_BYTES).then((text) => { scan.manifest = text; ok(); }, fail);
    } else {
      drain(body, done);
    }
  });
  await pipeInto(stream as Readable & Body, outer);
  return scan;
}

/** A layer is a blob named by one of the image's diff ids (uncompressed), or a legacy `layer.tar`;
 *  config JSON and other blobs are never parsed as tars. */
function isLayerBlob(name: string, diffIds: ReadonlySet<string>): boolean {
  const blob = OCI_BLOB.exec(name);
  if (blob) return diffIds.has(`sha256:${blob[1]}`);
  return name.endsWith('/layer.tar');
}

async function readLayerTar(body: Body, texts = false): Promise<ParsedLayer> {
  const layer: ParsedLayer = { entries: [], fileBytes: 0 };
  const inner = tar.extract();
  inner.on('entry', (header, content, next) => {
    const entry = toEntry(header);
    if (entry) {
      layer.entries.push(entry);
      layer.fileBytes += entry.size;
    }
    if (texts && entry?.type === 'file' && entry.size <= MAX_PACKAGE_DB_BYTES && PACKAGE_DB.test(entry.path)) {
      const [ok, fail] = settle(next);
      readText(content, MAX_PACKAGE_DB_BYTES).then((text) => { entry.text = text; ok(); }, fail);
    } else {
      drain(content, next);
    }
  });
  await pipeInto(body, inner);
  return layer;
}

/** A gzip blob is parsed as a layer tar; anything else (config, manifests, attestations) is drained. */
async function readGzipLayer(body: Body, texts: boolean): Promise<ParsedLayer | null> {
  const chunks = body[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  while (head.length < 2) {
    const next = await chunks.next();
    if (next.done) return null;
    head = Buffer.concat([head, next.value as Buffer]);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    while (!(await chunks.next()).done); // drain
    return null;
  }
  async function* whole() {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value as Buffer;
  }
  return readLayerTar(Readable.from(whole()).pipe(createGunzip()) as unknown as Body, texts);
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

function orderLayers(scan: ArchiveScan, diffIds: readonly string[]): LayerEntries[] {
  const paths = layerPaths(scan.manifest, diffIds);
  if (paths.length !== diffIds.length) {
    throw new Error(`docker save lists ${paths.length} layers, image inspect ${diffIds.length}`);
  }
  return paths.map((path, i) => {
    const layer = scan.layers.get(scan.links.get(path) ?? path);
    if (!layer) throw new Error(`layer ${path} is missing from the docker save stream`);
    return { diffId: diffIds[i]!, entries: layer.entries, fileBytes: layer.fileBytes };
  });
}

/** Archive paths of the layers in order: manifest.json's Layers, else the OCI blobs named by diff id. */
function layerPaths(manifest: string | null, diffIds: readonly string[]): string[] {
  if (manifest === null) return diffIds.map((id) => `blobs/sha256/${id.replace(/^sha256:/, '')}`);
  const parsed = JSON.parse(manifest) as { Layers?: unknown }[];
  const layers = parsed[0]?.Layers;
  if (!Array.isArray(layers)) throw new Error('manifest.json in the docker save stream has no Layers');
  return layers.map((p) => normalizeTarPath(String(p)));
}

/** Resolves once the extract has taken every byte; the source is destroyed if parsing fails. */
function pipeInto(source: Body, extract: tar.Extract): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (err: unknown) => { const e = asError(err); source.destroy(e); reject(e); };
    source.on('error', fail);
    extract.on('error', fail);
    extract.on('finish', () => resolve());
    source.pipe(extract);
  });
}

function drain(body: Body, done: Done): void {
  body.on('end', () => done());
  body.on('error', (err) => done(asError(err)));
  body.resume();
}

/** Promise outcome → tar-stream's `next` callback. */
function settle(done: Done): [() => void, (err: unknown) => void] {
  return [() => done(), (err) => done(asError(err))];
}

function asError(err: unknown): Error { return err instanceof Error ? err : new Error(String(err)); }

async function readText(body: Body, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const data of body) {
    const chunk = data as Buffer; // tar-stream yields Buffers
    size += chunk.length;
    if (size > limit) throw new Error(`a file in the docker save stream is over ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
