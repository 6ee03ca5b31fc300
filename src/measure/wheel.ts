// A wheel's facts from its zip (pure, no dependency): the uncompressed sizes of its files from the zip's central
// directory (what pip unpacks: its installed size, bytecode aside), and Requires-Dist from its METADATA. The caller
// reads the bytes (the file's tail, the central directory, one local entry); this reads only what it is given.
// Zip layout: APPNOTE.TXT 4.3 (end of central directory 4.3.16, zip64 4.3.14-15, central header 4.3.12).
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry { name: string; method: number; compressedSize: number; uncompressedSize: number; localOffset: number }
export interface DirectoryAt { offset: number; size: number; entries: number }

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
/** The end record and its comment fit in the last 64 KiB + 22 bytes; the zip64 locator sits 20 bytes before it. */
export const TAIL_BYTES = 65_557 + 20;

/** Where the central directory is, from the file's last bytes (`tail`, ending at `fileSize`); null: not a zip. */
export function centralDirectory(tail: Uint8Array, fileSize: number): DirectoryAt | null {
  const view = dataView(tail);
  for (let at = tail.length - 22; at >= 0; at--) {
    if (view.getUint32(at, true) !== EOCD) continue;
    const entries = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 12, true);
    const offset = view.getUint32(at + 16, true);
    if (entries !== MAX16 && size !== MAX32 && offset !== MAX32) return { offset, size, entries };
    const loc = at - 20;
    if (loc < 0 || view.getUint32(loc, true) !== ZIP64_LOCATOR) return null;
    const record = Number(view.getBigUint64(loc + 8, true)) - (fileSize - tail.length);
    if (record < 0 || view.getUint32(record, true) !== ZIP64_EOCD) return null;
    return { entries: Number(view.getBigUint64(record + 32, true)), size: Number(view.getBigUint64(record + 40, true)), offset: Number(view.getBigUint64(record + 48, true)) };
  }
  return null;
}

/** The entries of a central directory (its bytes, as `centralDirectory` located them). */
export function zipEntries(directory: Uint8Array): ZipEntry[] {
  const view = dataView(directory);
  const out: ZipEntry[] = [];
  for (let at = 0; at + 46 <= directory.length && view.getUint32(at, true) === CENTRAL;) {
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const entry: ZipEntry = {
      name: new TextDecoder().decode(directory.subarray(at + 46, at + 46 + nameLength)),
      method: view.getUint16(at + 10, true),
      compressedSize: view.getUint32(at + 20, true),
      uncompressedSize: view.getUint32(at + 24, true),
      localOffset: view.getUint32(at + 42, true),
    };
    zip64Sizes(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    out.push(entry);
    at += 46 + nameLength + extraLength + view.getUint16(at + 32, true);
  }
  return out;
}

/** The zip64 extra field (0x0001) holds, in this order, the values its header fields mark as 0xFFFFFFFF. */
function zip64Sizes(e: ZipEntry, extra: Uint8Array): void {
  const view = dataView(extra);
  for (let at = 0; at + 4 <= extra.length; at += 4 + view.getUint16(at + 2, true)) {
    if (view.getUint16(at, true) !== 1) continue;
    let field = at + 4;
    const next = () => { const v = Number(view.getBigUint64(field, true)); field += 8; return v; };
    if (e.uncompressedSize === MAX32) e.uncompressedSize = next();
    if (e.compressedSize === MAX32) e.compressedSize = next();
    if (e.localOffset === MAX32) e.localOffset = next();
  }
}

/** An entry's data, from bytes that start at its local header and hold at least header + name + extra + data. */
export function entryData(local: Uint8Array, e: ZipEntry): Uint8Array | null {
  const view = dataView(local);
  if (local.length < 30 || view.getUint32(0, true) !== LOCAL) return null;
  const start = 30 + view.getUint16(26, true) + view.getUint16(28, true);
  const data = local.subarray(start, start + e.compressedSize);
  if (data.length < e.compressedSize) return null;
  if (e.method === 0) return data;
  return e.method === 8 ? new Uint8Array(inflateRawSync(data)) : null;
}

/** How many bytes `entryData` needs from the entry's local header on (the local extra field may differ: a margin). */
export function entryReadLength(e: ZipEntry): number {
  return 30 + 4 * e.name.length + 1024 + e.compressedSize;
}

/** `onnxruntime-1.20.1-cp313-…whl` → name and version (PEP 427: name-version(-build)?-python-abi-platform.whl). */
export function wheelName(fileName: string): { name: string; version: string } | null {
  const m = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/.exec(fileName);
  return m ? { name: m[1]!.replace(/[-_.]+/g, '-').toLowerCase(), version: m[2]! } : null;
}

/** The `*.dist-info/METADATA` entry of a wheel's entries. */
export function metadataEntry(entries: readonly ZipEntry[]): ZipEntry | undefined {
  return entries.find((e) => /^[^/]+\.dist-info\/METADATA$/.test(e.name));
}

/** Requires-Dist values of a METADATA text (its headers end at the first blank line). */
export function requiresDist(metadata: string): string[] {
  const headers = metadata.split(/\r?\n\r?\n/, 1)[0]!;
  return [...headers.matchAll(/^Requires-Dist:\s*(.+)$/gim)].map((m) => m[1]!.trim());
}

function dataView(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}
