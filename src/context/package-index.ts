// Local package metadata for predictions (I/O): the wheels of a local package index directory — each wheel's file
// size, its files' size unpacked (the zip's central directory) and its Requires-Dist (METADATA) — read without
// unpacking: the file's tail, its central directory and one entry. The pure reading is measure/wheel.ts.
import { existsSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { centralDirectory, entryData, entryReadLength, metadataEntry, requiresDist, TAIL_BYTES, wheelName, zipEntries } from '../measure/wheel.js';
import type { PackageIndex, WheelFacts } from '../predict/index.js';

/** The wheel directory of the lab's local index (scripts/pip-index/up.sh): DFLAB_PIP_INDEX_DIR, else the state dir's. */
export function defaultWheelDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.DFLAB_PIP_INDEX_DIR ?? join(env.DFLAB_STATE_DIR ?? '/var/lib/dflab', 'pip-index'), 'packages');
}

/** The wheels of `dir` as prediction facts; undefined when the directory does not exist. Unreadable wheels are skipped. */
export async function localPackageIndex(dir = defaultWheelDir()): Promise<PackageIndex | undefined> {
  if (!existsSync(dir)) return undefined;
  const wheels = new Map<string, WheelFacts[]>();
  for (const file of (await readdir(dir)).filter((f) => f.endsWith('.whl')).sort()) {
    const w = await readWheel(join(dir, file), file).catch(() => null);
    if (w) wheels.set(w.name, [...(wheels.get(w.name) ?? []), w]);
  }
  return { wheels, debs: new Map(), source: dir };
}

export async function readWheel(path: string, file: string): Promise<WheelFacts | null> {
  const id = wheelName(file);
  if (!id) return null;
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const read = async (offset: number, length: number) => {
      const buf = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      await fh.read(buf, 0, buf.length, offset);
      return buf;
    };
    const tailLength = Math.min(size, TAIL_BYTES);
    const at = centralDirectory(await read(size - tailLength, tailLength), size);
    if (!at) return null;
    const entries = zipEntries(await read(at.offset, at.size));
    const meta = metadataEntry(entries);
    const data = meta ? entryData(await read(meta.localOffset, entryReadLength(meta)), meta) : null;
    return {
      ...id, fileBytes: size,
      unpackedBytes: entries.filter((e) => !e.name.endsWith('/')).reduce((s, e) => s + e.uncompressedSize, 0),
      requires: data ? requiresDist(new TextDecoder().decode(data)) : [],
    };
  } finally {
    await fh.close();
  }
}
