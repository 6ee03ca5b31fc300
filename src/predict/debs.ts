// Debian packages a rebuilt final stage keeps or drops (pure): it installs some again by name (with
// --no-install-recommends: their Depends come along, their Recommends do not), and every other package the original
// installed above its base stays behind in the builder — compilers, -dev headers, tools only the build ran, the
// packages only Recommends brought.
import { filteredOut, shareKeySample, type Attribution, type PackageBytes, type PathFilter } from '../measure/attribution/index.js';
import { reachable } from './reach.js';
import { contributor, type Contributor } from './types.js';

const TOP = 4;

/** The named packages and everything they Depend on, among the image's Debian packages. */
export function debClosure(a: Attribution, named: Iterable<string>): Set<string> {
  const byName = new Map(a.packages.filter((p) => p.kind === 'deb').map((p) => [p.name, p]));
  return reachable(named, (n) => byName.get(n)?.requires);
}

/** Debian packages above the base that `kept` does not hold, largest first: "−180 MB: 41 Debian packages … (gcc-14, …)". */
export function debsDropped(a: Attribution, kept: ReadonlySet<string>, why: string): Contributor[] {
  const gone = a.packages.filter((p) => p.kind === 'deb' && !p.inBase && p.bytes > 0 && !kept.has(p.name)).sort((x, y) => y.bytes - x.bytes || x.name.localeCompare(y.name));
  if (gone.length === 0) return [];
  return [contributor(`${gone.length} Debian package${gone.length === 1 ? '' : 's'} ${why} (${names(gone)})`, gone.map((p) => ({ key: `deb:${p.name}`, bytes: -p.bytes, category: 'deb' })))];
}

/** Packages of the original's base that the new base may lack and the final stage installs (or copies): their bytes
 *  come back, less what the new base's dpkg filters leave out. */
export function debsAgain(a: Attribution, named: ReadonlySet<string>, filters: readonly PathFilter[] = []): Contributor[] {
  const again = a.packages.filter((p) => p.kind === 'deb' && p.inBase && p.baseBytes > 0 && named.has(p.name));
  if (again.length === 0) return [];
  return [contributor(`${names(again)} installed again on the new base`, again.map((p) => ({ key: `deb:${p.name}`, bytes: onBase(p, filters), category: 'deb' })))];
}

/**
 * The original base's packages the final stage's apt installs put on the new base: every package its installs reach
 * through Depends that the new base does not hold, when its package list is known; else only those named.
 */
export function installedAgain(kept: ReadonlySet<string>, named: readonly string[], base: ReadonlySet<string> | undefined): Set<string> {
  return base ? new Set([...kept].filter((n) => !base.has(n))) : new Set(named);
}

/** A base package's bytes when installed again on a base with these dpkg filters. */
export function onBase(p: PackageBytes, filters: readonly PathFilter[]): number {
  return p.baseBytes - Math.min(p.baseBytes, filteredBytes(p, filters));
}

/**
 * Debian's slim images keep docs, man pages and locales out (dpkg path-exclude): every package installed above such a
 * base leaves those files out. The packages above the original's base that `stays` keeps lose them.
 */
export function trimmedByFilters(a: Attribution, base: string, filters: readonly PathFilter[], stays: (p: PackageBytes) => boolean): Contributor[] {
  if (filters.length === 0) return [];
  const units = a.packages.filter((p) => p.kind === 'deb' && !p.inBase && p.bytes > 0 && stays(p))
    .map((p) => ({ key: `deb:${p.name}`, bytes: -Math.min(p.bytes, filteredBytes(p, filters)), category: 'deb' as const })).filter((u) => u.bytes < 0);
  if (units.length === 0) return [];
  return [contributor(`docs, man pages and locales of ${units.length} package${units.length === 1 ? '' : 's'} installed above the base, which ${base}'s dpkg path-exclude leaves out`, units)];
}

/** Bytes of a Debian package's files that dpkg path filters leave out when it is installed (0 without filters). */
function filteredBytes(p: PackageBytes, filters: readonly PathFilter[]): number {
  if (filters.length === 0 || !p.shareBytes) return 0;
  return Object.entries(p.shareBytes).reduce((s, [key, bytes]) => s + (filteredOut(filters, shareKeySample(key)) ? bytes : 0), 0);
}

function names(list: readonly PackageBytes[]): string {
  return `${list.slice(0, TOP).map((p) => p.name).join(', ')}${list.length > TOP ? ' …' : ''}`;
}
