// Bytes per installed package, from the package databases' texts when the layers carry them (dflab diff reads
// them): dpkg's status gives each package's Installed-Size (KiB), a pip RECORD the size of each file it installed.
import type { TarEntry } from './layer-fs.js';

/** The package database files that size packages: dpkg's status and every dist-info RECORD. */
export const PACKAGE_DB = /^var\/lib\/dpkg\/status$|(?:site|dist)-packages\/[^/]+\.dist-info\/RECORD$/;
const MAX_PACKAGE_DB_BYTES = 32 << 20;

/** For the layer reader: keep the text of the package database files, nothing else. */
export function packageDbWant(path: string): number {
  return PACKAGE_DB.test(path) ? MAX_PACKAGE_DB_BYTES : 0;
}

/** A layer's entries with the text the reader kept for each (`packageBytes` reads it). */
export function withTexts(layer: { entries: readonly TarEntry[]; contents: ReadonlyMap<string, string> }): (TarEntry & { text?: string })[] {
  return layer.entries.map((e) => {
    const text = layer.contents.get(e.path);
    return text === undefined ? e : { ...e, text };
  });
}

/** `deb:name` / `pip:name` → bytes, from the topmost copy of each database file still in the final filesystem. */
export function packageBytes(layers: readonly (readonly (TarEntry & { text?: string })[])[], present: (path: string) => boolean): Record<string, number> {
  const texts = new Map<string, string>();
  for (const layer of layers) for (const e of layer) if (e.text !== undefined) texts.set(e.path, e.text);
  const out: Record<string, number> = {};
  for (const [path, text] of texts) {
    if (!present(path)) continue;
    if (path === 'var/lib/dpkg/status') Object.assign(out, dpkgSizes(text));
    else {
      const name = /([^/]+?)-[^-/][^/]*?\.dist-info\/RECORD$/.exec(path)?.[1];
      if (name) out[`pip:${name.replace(/[-_.]+/g, '-').toLowerCase()}`] = recordBytes(text);
    }
  }
  return out;
}

/** dpkg status stanzas: `Package: x` … `Installed-Size: 123` (KiB). */
export function dpkgSizes(status: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stanza of status.split(/\n\s*\n/)) {
    const name = /^Package:\s*(\S+)/m.exec(stanza)?.[1];
    const kib = /^Installed-Size:\s*(\d+)/m.exec(stanza)?.[1];
    if (name && kib) out[`deb:${name}`] = Number(kib) * 1024;
  }
  return out;
}

/** A RECORD's last CSV field is the file's size (empty for RECORD itself and .pyc files pip did not list sizes for). */
export function recordBytes(record: string): number {
  let total = 0;
  for (const line of record.split('\n')) {
    const size = /,(\d+)\s*$/.exec(line)?.[1];
    if (size) total += Number(size);
  }
  return total;
}
