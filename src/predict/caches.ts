// pip-no-cache and pip-cache-mount: what pip's cache holds in the original's final filesystem, when the variant's
// edit keeps it out (--no-cache-dir, or a cache mount on the cache directory).
import type { Attribution } from '../measure/attribution/index.js';
import { reason } from '../reasons.js';
import { dockerfileChanges } from './diff.js';
import { contributor, type Predictor, type RulePrediction } from './types.js';

export const pipNoCache: Predictor = (a, v, f) => {
  const added = dockerfileChanges(v, f).added;
  if (!/--no-cache-dir\b/.test(added)) return { ok: false, reason: reason('nothing-predicted', 'the variant adds no --no-cache-dir') };
  return cacheBytes(a, 'pip-cache');
};

export const pipCacheMount: Predictor = (a, v, f) => {
  const added = dockerfileChanges(v, f).added;
  if (!/--mount=[^\s]*type=cache[^\s]*\.cache\/pip/.test(added)) return { ok: false, reason: reason('nothing-predicted', "the variant mounts no cache on pip's cache directory") };
  return cacheBytes(a, 'pip-cache');
};

/** One unit per cache root (`/root/.cache/pip`, a user's): what the final filesystem holds there above the base. */
function cacheBytes(a: Attribution, category: 'pip-cache' | 'uv-cache'): RulePrediction {
  const c = a.categories.find((x) => x.category === category);
  const sources = c?.top ?? [];
  const units = sources.map((s) => ({ key: `${category}:${s.name}`, bytes: -s.bytes, category }));
  const rest = (c?.bytes ?? 0) - sources.reduce((s, x) => s + x.bytes, 0);
  if (rest > 0) units.push({ key: `${category}:rest`, bytes: -rest, category });
  if (units.length === 0) return { ok: true, contributors: [] };
  const roots = sources.map((s) => s.name).join(', ');
  return { ok: true, contributors: [contributor(`pip's cache (${roots})`, units)] };
}
