// dpkg's path filters (pure): the `path-exclude` / `path-include` lines of an image's /etc/dpkg/dpkg.cfg.d files.
// Debian's slim images exclude docs, man pages and locales, so a package installed on them is smaller than the same
// package on a full base. What a package holds under each filtered directory is kept per package (`shareBytes`,
// keyed by `shareKey`); a prediction asks `filteredOut` whether a candidate base would leave such a key out.
import { globMatch } from '../../analysis/shell/glob.js';

export interface PathFilter { include: boolean; glob: string }

const CFG = /^etc\/dpkg\/dpkg\.cfg\.d\/[^/]+$/;

/** The filters in force in an image, from its final filesystem's config files (path → text), read in name order as dpkg reads the directory. */
export function dpkgPathFilters(files: ReadonlyMap<string, string>): PathFilter[] {
  return [...files.keys()].filter((p) => CFG.test(p)).sort().flatMap((p) => parseFilters(files.get(p)!));
}

/** `path-exclude /usr/share/doc/*` or `path-exclude=/usr/share/doc/*` lines, in order. */
export function parseFilters(text: string): PathFilter[] {
  const out: PathFilter[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*(?:--)?path-(exclude|include)(?:\s*=\s*|\s+)(\S+)\s*$/.exec(line);
    if (m) out.push({ include: m[1] === 'include', glob: m[2]! });
  }
  return out;
}

/** As dpkg decides: a path is installed unless the last filter matching it is an exclude. */
export function filteredOut(filters: readonly PathFilter[], path: string): boolean {
  let out = false;
  for (const f of filters) if (globMatch(f.glob, path, { crossSlash: true })) out = !f.include;
  return out;
}

/**
 * The key a package file's bytes are kept under when a filter could leave it out: `usr/share/<dir>` for files below
 * a /usr/share directory, `usr/share/doc/*\/copyright` for the copyright files slim images keep. Null elsewhere.
 */
export function shareKey(path: string): string | null {
  const m = /^usr\/share\/([^/]+)\/(.+)$/.exec(path);
  if (!m) return null;
  if (m[1] === 'doc' && /^[^/]+\/copyright$/.test(m[2]!)) return 'usr/share/doc/*/copyright';
  return `usr/share/${m[1]}`;
}

/** A path that stands for a key's files when the filters are asked about it. */
export function shareKeySample(key: string): string {
  return key === 'usr/share/doc/*/copyright' ? '/usr/share/doc/pkg/copyright' : `/${key}/pkg/file`;
}
