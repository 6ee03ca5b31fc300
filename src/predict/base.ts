// base-slim and base trials: the candidate base's size minus the original base layers' stored bytes, plus the
// packages the variant installs again (named in its added install lines, and in the original's base). The
// candidate's size is read by the caller from the local image; a candidate that is not local is not predicted.
// A candidate whose dpkg configuration leaves docs, man pages and locales out (Debian's slim images) installs every
// package above it without them: those bytes go, and the base packages installed again come back without them.
import type { Attribution } from '../measure/attribution/index.js';
import { reason, type Reason } from '../reasons.js';
import { aptRuns, recommendsOff, recommendsOffByConfig } from '../analysis/packages/apt.js';
import { onBase, trimmedByFilters } from './debs.js';
import { finalView } from './final-stage.js';
import { dockerfileChanges, words } from './diff.js';
import { reachable } from './reach.js';
import { contributor, type Contributor, type Predictor, type PredictFacts } from './types.js';

export const baseSwap: Predictor = (a, v, f) => {
  const candidate = v.base ?? lastFrom(dockerfileChanges(v, f).added);
  if (!candidate) return { ok: false, reason: reason('nothing-predicted', 'the variant changes no base image') };
  const base = baseDifference(a, candidate, f);
  if ('reason' in base) return { ok: false, reason: base.reason };
  const out: Contributor[] = [base];
  const filters = f.baseFilters?.get(candidate) ?? [];
  const again = reinstalled(a, dockerfileChanges(v, f).added);
  if (again.length > 0) out.push(contributor(`${again.map((p) => p.name).join(', ')} installed again`, again.map((p) => ({ key: `deb:${p.name}`, bytes: onBase(p, filters), category: 'deb' }))));
  const pulled = pulledBack(a, f.basePackages?.get(candidate), new Set(again.map((p) => p.name)), installsRecommends(v.dockerfile));
  if (pulled.length > 0) {
    const top = [...pulled].sort((x, y) => y.baseBytes - x.baseBytes).slice(0, 4).map((p) => p.name);
    out.push(contributor(`${pulled.length} package${pulled.length === 1 ? '' : 's'} of the original's base that ${candidate} lacks and the installs pull in again (${top.join(', ')}${pulled.length > 4 ? ' …' : ''})`,
      pulled.map((p) => ({ key: `deb:${p.name}`, bytes: onBase(p, filters), category: 'deb' }))));
  }
  out.push(...trimmedByFilters(a, candidate, filters, () => true));
  return { ok: true, contributors: out };
};

/**
 * Base packages the Dockerfile's own installs reach (Depends, and Recommends unless every install turns them off,
 * from the packages asked for above the base) that the candidate base does not hold: apt installs them again on
 * it. Unknown candidate packages: none.
 */
function pulledBack(a: Attribution, candidate: ReadonlySet<string> | undefined, named: ReadonlySet<string>, recommends: boolean) {
  if (!candidate) return [];
  const debs = new Map(a.packages.filter((p) => p.kind === 'deb').map((p) => [p.name, p]));
  const seen = reachable([...debs.values()].filter((p) => p.root && !p.inBase).map((p) => p.name), (n) => (recommends ? debs.get(n)?.pulls : debs.get(n)?.requires));
  return [...seen].map((n) => debs.get(n)!).filter((p) => p && p.inBase && p.baseBytes > 0 && !candidate.has(p.name) && !named.has(p.name));
}

/** The candidate base instead of the original's base layers; why not when its size is unknown (not a local image). */
export function baseDifference(a: Attribution, candidate: string, f: PredictFacts, hint = 'pull it to predict this variant'): Contributor | { reason: Reason } {
  const size = f.bases.get(candidate);
  if (size === undefined || size === null) return { reason: reason('base-size-unknown', `${candidate} is not a local image: ${hint}`) };
  const baseBytes = a.layers.filter((l) => l.base).reduce((s, l) => s + l.storedBytes, 0);
  return contributor(`base ${candidate} instead of the original's base layers`, [{ key: 'base', bytes: size - baseBytes, category: 'base' }]);
}

/** Whether the final stage's apt installs bring Recommends: any install that does not turn them off, and no apt.conf snippet that does. */
function installsRecommends(dockerfile: string): boolean {
  try {
    const { model, stage } = finalView(dockerfile);
    if (recommendsOffByConfig(stage.instructions)) return false;
    return aptRuns(model, stage.instructions).runs.some((r) => r.apt.some(({ a }) => a.sub.text === 'install' && recommendsOff(a) !== true));
  } catch {
    return true; // a Dockerfile the parser refuses: count what Recommends would bring, as before
  }
}

function lastFrom(text: string): string | null {
  const froms = [...text.matchAll(/^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim)].map((m) => m[1]!);
  return froms[froms.length - 1] ?? null;
}

/** Base-image Debian packages the added lines install by name. */
function reinstalled(a: Attribution, added: string) {
  const named = words(added.split('\n').filter((l) => /\bapt(?:-get)?\s+install\b/.test(l)).join('\n'));
  return a.packages.filter((p) => p.kind === 'deb' && p.inBase && named.has(p.name));
}
