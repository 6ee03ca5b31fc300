// prune-requirements: the distributions (and python3-X Debian packages) the variant no longer installs, each with
// the packages only it pulls in — from the names its edits remove from requirement files and install lines.
import type { Attribution, PackageBytes } from '../measure/attribution/index.js';
import { normalizeName, requirementName } from '../analysis/python/requirements.js';
import { reason } from '../reasons.js';
import { dockerfileChanges, fileChanges, words } from './diff.js';
import { reachable } from './reach.js';
import { contributor, type Contributor, type Predictor, type Unit } from './types.js';

export const pruneRequirements: Predictor = (a, v, f) => {
  const gone = removedNames(v, f);
  const pruned = a.packages.filter((p) => !p.inBase && p.bytes > 0 && gone.has(key(p)));
  if (gone.size === 0) return { ok: false, reason: reason('nothing-predicted', 'the variant removes no requirement') };
  const contributors = pruned.some((p) => p.pulls === undefined)
    ? pruned.map((p) => withOnlyPulled(a, p)).sort((x, y) => x.bytes - y.bytes)
    : unreachable(a, pruned);
  return { ok: true, contributors: [...contributors, ...cacheShare(a, contributors)] };
};

/**
 * What leaves once the pruned packages are no longer asked for, as apt autoremove and pip-autoremove see it: every
 * package the remaining roots no longer reach (through Depends and Recommends — the installs keep their
 * recommends — or Requires-Dist), each counted for the first pruned package that reached it. A pruned package
 * another one still pulls in stays, and is named with 0 bytes.
 */
function unreachable(a: Attribution, pruned: readonly PackageBytes[]): Contributor[] {
  const out: Contributor[] = [];
  const stays: string[] = [];
  for (const kind of new Set(pruned.map((p) => p.kind))) {
    const all = a.packages.filter((p) => p.kind === kind);
    const byName = new Map(all.map((p) => [p.name, p]));
    const reach = (from: Iterable<string>) => reachable(from, (n) => byName.get(n)?.pulls);
    const mine = new Set(pruned.filter((p) => p.kind === kind).map((p) => p.name));
    const before = reach(all.filter((p) => p.root).map((p) => p.name));
    const after = reach(all.filter((p) => p.root && !mine.has(p.name)).map((p) => p.name));
    const counted = new Set<string>();
    for (const p of pruned.filter((x) => x.kind === kind)) {
      if (after.has(p.name)) { stays.push(p.name); continue; }
      const units: Unit[] = [...reach([p.name])].filter((n) => byName.has(n) && before.has(n) && !after.has(n) && !counted.has(n))
        .map((n) => byName.get(n)!).filter((x) => !x.inBase && x.bytes > 0)
        .map((x) => { counted.add(x.name); return { key: key(x), bytes: -x.bytes, category: x.kind }; });
      const n = units.length - 1;
      if (units.length > 0) out.push(contributor(n <= 0 ? p.name : `${p.name} and ${n} package${n === 1 ? '' : 's'} only it needs`, units));
    }
  }
  out.sort((x, y) => x.bytes - y.bytes);
  if (stays.length) out.push(contributor(`${stays.join(', ')}: still pulled in by a package the variant keeps`, [{ key: `prune-stays:${stays.join(',')}`, bytes: 0, category: 'other' }]));
  return out;
}

/**
 * pip's cache holds the wheels it downloaded, named by hash, not by distribution: a pruned distribution takes its
 * share of the cache with it, estimated as the pruned share of the Python bytes above the base. Keyed like
 * pip-no-cache's units, so a combination that drops the whole cache counts the larger once.
 */
function cacheShare(a: Attribution, pruned: readonly Contributor[]): Contributor[] {
  const prunedBytes = -pruned.flatMap((c) => c.units).filter((u) => u.category === 'python').reduce((s, u) => s + u.bytes, 0);
  const python = a.packages.filter((p) => p.kind === 'python' && !p.inBase).reduce((s, p) => s + p.bytes, 0);
  const cache = a.categories.find((c) => c.category === 'pip-cache');
  if (!cache || prunedBytes === 0 || python === 0) return [];
  const units: Unit[] = cache.top.map((s) => ({ key: `pip-cache:${s.name}`, bytes: -Math.round((s.bytes * prunedBytes) / python), category: 'pip-cache' }));
  return [contributor(`their share of pip's cache (${cache.top.map((s) => s.name).join(', ')}), estimated`, units)];
}

/** `deb:python3-numpy` / `python:numpy`, as the variant's removed text names them. */
function key(p: Pick<PackageBytes, 'kind' | 'name'>): string {
  return `${p.kind}:${p.kind === 'python' ? normalizeName(p.name) : p.name}`;
}

function removedNames(v: Parameters<Predictor>[1], f: Parameters<Predictor>[2]): Set<string> {
  const out = new Set<string>();
  for (const { changed } of fileChanges(v, f)) {
    const kept = new Set(changed.added.split('\n').map(requirementName));
    for (const line of changed.removed.split('\n')) {
      const name = requirementName(line);
      if (name && !kept.has(name)) out.add(`python:${name}`);
    }
  }
  const d = dockerfileChanges(v, f);
  const added = words(d.added);
  for (const w of words(d.removed)) {
    if (added.has(w)) continue;
    const name = requirementName(w);
    if (name) out.add(`python:${name}`);
    out.add(`deb:${w.split(/[=:]/)[0]}`);
  }
  return out;
}

function withOnlyPulled(a: Attribution, p: PackageBytes): Contributor {
  const byName = new Map(a.packages.filter((x) => x.kind === p.kind).map((x) => [x.name, x]));
  const units: Unit[] = [p, ...p.onlyPulls.names.map((n) => byName.get(n)!).filter(Boolean)].map((x) => ({ key: key(x), bytes: -x.bytes, category: x.kind }));
  const n = p.onlyPulls.names.length;
  return contributor(n === 0 ? p.name : `${p.name} and ${n} package${n === 1 ? '' : 's'} only it needs`, units);
}
