// Debian packages a rebuilt final stage keeps or drops (pure): it installs some again by name (with
// --no-install-recommends: their Depends come along, their Recommends do not), and every other package the original
// installed above its base stays behind in the builder — compilers, -dev headers, tools only the build ran, the
// packages only Recommends brought.
import type { Attribution, PackageBytes } from '../measure/attribution/index.js';
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

/** Packages of the original's base that the new base may lack and the final stage installs (or copies): their bytes come back. */
export function debsAgain(a: Attribution, named: ReadonlySet<string>): Contributor[] {
  const again = a.packages.filter((p) => p.kind === 'deb' && p.inBase && p.baseBytes > 0 && named.has(p.name));
  if (again.length === 0) return [];
  return [contributor(`${names(again)} installed again on the new base`, again.map((p) => ({ key: `deb:${p.name}`, bytes: p.baseBytes, category: 'deb' })))];
}

function names(list: readonly PackageBytes[]): string {
  return `${list.slice(0, TOP).map((p) => p.name).join(', ')}${list.length > TOP ? ' …' : ''}`;
}
