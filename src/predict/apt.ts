// apt-hygiene: what the variant's edit removes — the package lists (when it adds `rm -rf /var/lib/apt/lists/*`),
// the archives (when it adds `apt-get clean` or removes /var/cache/apt), and with --no-install-recommends the
// packages above the base that only Recommends brought: those no root reaches through Depends/Pre-Depends in dpkg's
// status graph (roots: asked-for, essential, base-image packages). A recommends-only package the variant names in
// an install (ca-certificates for curl) stays.
import type { Attribution, Category, PackageBytes } from '../measure/attribution/index.js';
import { reason } from '../reasons.js';
import { dockerfileChanges, words } from './diff.js';
import { contributor, type Contributor, type Predictor, type Unit } from './types.js';

const TOP = 4;

export const aptHygiene: Predictor = (a, v, f) => {
  const { added } = dockerfileChanges(v, f);
  const out: Contributor[] = [];
  if (/rm\s+-[a-z]*r[a-z]*f?\s+[^\n]*\/var\/lib\/apt\/lists/.test(added)) out.push(...category(a, 'apt-lists', 'apt package lists'));
  if (/apt-get\s+clean|\/var\/cache\/apt/.test(added)) out.push(...category(a, 'apt-cache', 'apt archives and caches'));
  if (/--no-install-recommends/.test(added)) {
    const gone = recommendsOnly(a.packages, words(v.dockerfile));
    if (gone.length > 0) {
      const units: Unit[] = gone.map((p) => ({ key: `deb:${p.name}`, bytes: -p.bytes, category: 'deb' }));
      const top = gone.slice(0, TOP).map((p) => p.name).join(', ');
      out.push(contributor(`${gone.length} packages only Recommends brought (${top}${gone.length > TOP ? ' …' : ''})`, units));
    }
  }
  if (out.length === 0 && !/--no-install-recommends/.test(added)) return { ok: false, reason: reason('nothing-predicted', 'the variant removes no apt lists or archives and adds no --no-install-recommends') };
  return { ok: true, contributors: out };
};

function category(a: Attribution, cat: Category, what: string): Contributor[] {
  const bytes = a.categories.find((c) => c.category === cat)?.bytes ?? 0;
  return bytes > 0 ? [contributor(what, [{ key: cat, bytes: -bytes, category: cat }])] : [];
}

/** Debian packages above the base that no root (nor a package the variant names) reaches without a Recommends edge, largest first. */
export function recommendsOnly(packages: readonly PackageBytes[], named: ReadonlySet<string> = new Set()): PackageBytes[] {
  const debs = packages.filter((p) => p.kind === 'deb');
  if (debs.some((p) => p.requires === undefined)) return []; // an attribution without the Depends graph cannot tell
  const byName = new Map(debs.map((p) => [p.name, p]));
  const reached = new Set<string>();
  const stack = debs.filter((p) => p.root || p.inBase || named.has(p.name)).map((p) => p.name);
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (reached.has(n)) continue;
    reached.add(n);
    for (const d of byName.get(n)?.requires ?? []) if (!reached.has(d)) stack.push(d);
  }
  return debs.filter((p) => !reached.has(p.name) && !p.inBase && p.bytes > 0).sort((x, y) => y.bytes - x.bytes || x.name.localeCompare(y.name));
}
