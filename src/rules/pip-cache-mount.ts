// pip-cache-mount: `RUN --mount=type=cache,target=/root/.cache/pip pip install …` keeps pip's cache in a
// BuildKit cache mount: rebuilds reuse downloaded wheels, and the cache never lands in the layer. pip
// ignores its cache when told --no-cache-dir or PIP_NO_CACHE_DIR (any value), so those go from the RUN.
//
// No `# syntax=` directive is added: RUN --mount is part of the Dockerfile frontend built into BuildKit
// (stable since dockerfile 1.2; Docker ≥ 23 builds with BuildKit by default), and a `# syntax=` line would
// make every build pull docker/dockerfile from a registry, which offline builds cannot reach.
//
// Not edited: RUNs under a non-root USER (the mount belongs to root and the user's cache is under its own
// HOME), RUNs whose image sets ENV/ARG PIP_NO_CACHE_DIR (the mount would stay empty: remove that first),
// exec-form RUNs.
import type { DockerfileModel, TextEdit } from '../dockerfile/index.js';
import { exportedNoCache, hasPipCacheMount, lines, noCacheWords, pipRuns, removeWord } from '../analysis/python/pip.js';
import { envSetting, userAt } from '../analysis/stage/stage-env.js';
import type { Rule, RuleEdits } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason } from '../reasons.js';

const DEFAULT_TARGET = '/root/.cache/pip';

export const pipCacheMount: Rule = defineRule('pip-cache-mount', 'RUN --mount=type=cache,target=/root/.cache/pip for pip installs: fast rebuilds, no cache in the image', (p) => analyse(p.dockerfile));

function analyse(model: DockerfileModel): Analysis {
  const { runs, exec } = pipRuns(model);
  const edits: RuleEdits = { dockerfile: [], files: [], notes: [] };
  const mounted: number[] = [];
  const skipped: string[] = [];
  for (const { script, installs } of runs) {
    const instr = script.instr;
    const cacheDir = envSetting(model, instr, 'PIP_CACHE_DIR')?.value ?? null;
    const hasMount = hasPipCacheMount(instr, cacheDir);
    const noCache = installs.flatMap((c) => noCacheWords(c).map((w) => ({ c, w })));
    if (hasMount && noCache.length === 0) {
      mounted.push(instr.line);
      continue;
    }
    const env = envSetting(model, instr, 'PIP_NO_CACHE_DIR');
    const user = userAt(model, instr);
    if (env) {
      skipped.push(`line ${instr.line}: ${env.instr.keyword} PIP_NO_CACHE_DIR on line ${env.instr.line} disables pip's cache, so a cache mount would stay empty (remove it to use one)`);
      continue;
    }
    if (user !== null) {
      skipped.push(`line ${instr.line}: runs as USER ${user}, whose pip cache is under its own HOME (mount it there with uid=…)`);
      continue;
    }
    if (installs.some((c) => exportedNoCache(script, c))) {
      skipped.push(`line ${instr.line}: exports PIP_NO_CACHE_DIR, which disables pip's cache`);
      continue;
    }
    const runEdits: TextEdit[] = noCache.map(({ c, w }) => removeWord(model, c.part, w));
    if (!hasMount) {
      const target = cacheDir !== null && cacheDir.startsWith('/') && !cacheDir.includes('$') ? cacheDir : DEFAULT_TARGET;
      const at = instr.start + instr.keyword.length;
      runEdits.unshift({ start: at, end: at, newText: ` --mount=type=cache,target=${target}` });
    }
    edits.dockerfile.push(...runEdits);
  }
  if (exec.length) skipped.push(`exec-form RUN on ${lines(exec)}: left as is`);
  if (edits.dockerfile.length > 0) {
    edits.notes.push(...skipped.map((s) => `not mounted: ${s}`));
    return { ok: true, edits };
  }
  if (runs.length === 0 && exec.length === 0) return { ok: false, reason: reason('no-pip-install', 'no pip install in any RUN') };
  const why = [mounted.length ? `pip installs on ${lines(mounted)} already mount a pip cache` : '', ...skipped].filter((s) => s !== '');
  const code = runs.length === 0 ? 'exec-form-only' : skipped.length === 0 ? 'pip-cache-mounted' : 'pip-cache-unmountable';
  return { ok: false, reason: reason(code, why.join('; ')) };
}
