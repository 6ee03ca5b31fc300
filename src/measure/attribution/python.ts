// Installed Python distributions as data (pure): where each one is, the files it installed (dist-info RECORD,
// egg-info installed-files.txt, else its top-level modules) and what it requires (METADATA Requires-Dist).
import { posix } from 'node:path';

export interface PythonDist {
  /** PEP 503 name: `PyYAML` and `pyyaml` meet. */
  name: string;
  version: string;
  /** The .dist-info / .egg-info directory, relative to the root. */
  metaDir: string;
  /** Files it installed, relative to the root; from RECORD or installed-files.txt. Null when neither was found. */
  files: string[] | null;
  /** Top-level module names (top_level.txt, else the directory name), for the fallback. */
  topLevel: string[];
  requires: string[];
  /** dist-info/REQUESTED: pip installed it because it was asked to, not as a dependency. */
  requested: boolean;
}

const META_DIR = /^(.*\/)?([^/]+?)-([^-/][^/]*?)\.(dist|egg)-info$/;

/** PEP 503 normalization. */
export function normalizeDist(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** A .dist-info / .egg-info directory path → name, version and the directory it lives in. */
export function metaDirOf(path: string): { name: string; version: string; site: string; kind: 'dist' | 'egg' } | null {
  const m = META_DIR.exec(path);
  return m ? { site: (m[1] ?? '').replace(/\/$/, ''), name: normalizeDist(m[2]!), version: m[3]!, kind: m[4] as 'dist' | 'egg' } : null;
}

/** RECORD is CSV: path,hash,size; a path with a comma is quoted. Paths are relative to the site directory. */
export function parseRecord(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const quoted = /^"((?:[^"]|"")*)"/.exec(line);
    out.push(quoted ? quoted[1]!.replace(/""/g, '"') : line.slice(0, line.indexOf(',') < 0 ? line.length : line.indexOf(',')));
  }
  return out;
}

/** Requires-Dist names of a METADATA / PKG-INFO header block, leaving out those only an extra needs. */
export function parseRequiresDist(text: string): string[] {
  const headers = text.split(/\r?\n\r?\n/)[0] ?? '';
  const out: string[] = [];
  for (const line of headers.split(/\r?\n/)) {
    const m = /^Requires-Dist:\s*([A-Za-z0-9][A-Za-z0-9._-]*)(.*)$/i.exec(line);
    if (m && !/;.*\bextra\s*==/.test(m[2]!)) out.push(normalizeDist(m[1]!));
  }
  return [...new Set(out)];
}

/** egg-info requires.txt: one requirement a line until the first [extra] section. */
export function parseRequiresTxt(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) break;
    const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
    if (m) out.push(normalizeDist(m[1]!));
  }
  return [...new Set(out)];
}

/** The distributions whose metadata directory the final filesystem shows, read from the captured texts. */
export function pythonDists(metaDirs: Iterable<string>, text: (path: string) => string | undefined, exists: (path: string) => boolean): PythonDist[] {
  const dists: PythonDist[] = [];
  for (const dir of metaDirs) {
    const meta = metaDirOf(dir);
    if (!meta) continue;
    const join = (p: string) => posix.normalize(`${meta.kind === 'dist' ? meta.site : dir}/${p}`).replace(/^(\.\.\/)+|^\//, '');
    const listing = meta.kind === 'dist' ? text(`${dir}/RECORD`) : text(`${dir}/installed-files.txt`);
    const files = listing === undefined ? null : (meta.kind === 'dist' ? parseRecord(listing) : listing.split('\n').filter(Boolean)).map(join);
    const top = text(`${dir}/top_level.txt`)?.split('\n').map((l) => l.trim()).filter(Boolean) ?? [meta.name.replace(/-/g, '_')];
    const requires = meta.kind === 'dist'
      ? parseRequiresDist(text(`${dir}/METADATA`) ?? '')
      : [...parseRequiresTxt(text(`${dir}/requires.txt`) ?? ''), ...parseRequiresDist(text(`${dir}/PKG-INFO`) ?? '')];
    dists.push({
      name: meta.name, version: meta.version, metaDir: dir, files, topLevel: top.map((t) => (meta.site ? `${meta.site}/${t}` : t)),
      requires: [...new Set(requires)], requested: exists(`${dir}/REQUESTED`),
    });
  }
  return dists;
}
