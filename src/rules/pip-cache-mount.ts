// pip-cache-mount: `RUN --mount=type=cache,target=/root/.cache/pip pip install …` keeps pip's cache in a
// BuildKit cache mount: rebuilds reuse downloaded wheels, and the cache never lands in the layer. pip
// ignores its cache when told --no-cache-dir or PIP_NO_CACHE_DIR (any value), so those go from the RUN where
// they are written on the command (DESIGN: never a mount and a disabled cache in the same step).
//
// No `# syntax=` directive is added: RUN --mount is part of the Dockerfile frontend built into BuildKit
// (stable since dockerfile 1.2; Docker ≥ 23 builds with BuildKit by default), and a `# syntax=` line would
// make every build pull docker/dockerfile from a registry, which offline builds cannot reach.
//
// Not edited (a mount there would stay empty or be emptied, the variant a no-op): RUNs that remove the cache
// after installing (`rm -rf /root/.cache/pip`, `pip cache purge`), RUNs whose image or script disables the
// cache where the rule cannot take it back (ENV/ARG or exported PIP_NO_CACHE_DIR, pip's config), RUNs that
// already mount it, RUNs under a non-root USER, the base image's counted (Jupyter's docker-stacks run as
// jovyan: the mount belongs to root, the user's cache is under its own HOME), RUNs whose cache directory a
// variable hides, exec-form RUNs.
import type { TextEdit } from '../dockerfile/index.js';
import { lines, pipRuns, removeWord, type PipRun } from '../analysis/python/pip.js';
import { cacheDir, pipCacheOff, type PipCacheOff } from '../analysis/python/pip-cache.js';
import { runUser } from '../analysis/images/base-user.js';
import { chainBefore } from '../analysis/stage/stage-env.js';
import type { Project, Rule, RuleEdits } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { moreOf } from './declared.js';
import { reason } from '../reasons.js';

export const pipCacheMount: Rule = defineRule('pip-cache-mount', 'RUN --mount=type=cache,target=/root/.cache/pip for pip installs: fast rebuilds, no cache in the image', analyse, {
  // A RUN that mounts a cache and no longer turns pip's cache off (--no-cache-dir) where it installs.
  effect: moreOf('a RUN --mount=type=cache that pip uses', (p) => p.dockerfile.instructions.filter((i) => i.keyword === 'RUN' && !i.argsText.includes('--no-cache-dir')
    && i.flags.some((f) => f.name === 'mount' && /(^|,)type=cache(,|$)/.test(f.value ?? ''))).length),
  requires: () => [{ kind: 'buildkit', subject: 'RUN --mount' }],
});

/** A RUN's edits, with the words that kept its cache out of the image already (the mount then only speeds rebuilds). */
type RunVerdict = { edits: TextEdit[]; alreadyOff: string[] } | { skip: string; removed?: true } | { mounted: true };

function analyse(p: Project): Analysis {
  const { runs, exec } = pipRuns(p.dockerfile, p.keepStages);
  const edits: RuleEdits = { dockerfile: [], files: [], notes: [] };
  const mounted: number[] = [];
  const skipped: string[] = [];
  let removedOnly = true; // every RUN left without a mount removes its cache (no other obstacle)
  const speedOnly = { lines: [] as number[], words: new Set<string>() };
  for (const run of runs) {
    const v = verdict(p, run);
    if ('mounted' in v) mounted.push(run.script.instr.line);
    else if ('skip' in v) {
      skipped.push(`line ${run.script.instr.line}: ${v.skip}`);
      removedOnly &&= v.removed === true;
    }
    else {
      edits.dockerfile.push(...v.edits);
      if (v.alreadyOff.length) speedOnly.lines.push(run.script.instr.line);
      v.alreadyOff.forEach((w) => speedOnly.words.add(w));
    }
  }
  if (speedOnly.lines.length) {
    edits.notes.push(`${lines(speedOnly.lines)} kept pip's cache out of the image already (${[...speedOnly.words].join(', ')}): the mount there only speeds up rebuilds that re-run the install`);
  }
  if (exec.length) {
    skipped.push(`exec-form RUN on ${lines(exec)}: left as is`);
    removedOnly = false;
  }
  if (edits.dockerfile.length > 0) {
    edits.notes.push(...skipped.map((s) => `not mounted: ${s}`));
    return { ok: true, edits };
  }
  if (runs.length === 0 && exec.length === 0) return { ok: false, reason: reason('no-pip-install', 'no pip install in any RUN') };
  const why = [mounted.length ? `pip installs on ${lines(mounted)} already mount a pip cache` : '', ...skipped].filter((s) => s !== '');
  const code = runs.length === 0 ? 'exec-form-only' : skipped.length === 0 ? 'pip-cache-mounted' : removedOnly ? 'pip-cache-removed' : 'pip-cache-unmountable';
  return { ok: false, reason: reason(code, why.join('; ')) };
}

function verdict(p: Project, { script, installs }: PipRun): RunVerdict {
  const model = p.dockerfile;
  const instr = script.instr;
  const off = installs.map((c) => pipCacheOff(model, p.files, script, c));
  const all = off.flat();
  const first = (kind: PipCacheOff['kind']) => all.find((e) => e.kind === kind);
  const removed = first('removed');
  if (removed?.kind === 'removed') return { skip: `removes pip's cache after installing (${removed.by}): a cache mount there would be emptied on every build, and no pip cache stays in the image`, removed: true };
  const fixed = first('env') ?? first('exported') ?? first('config');
  if (fixed) return { skip: `${fixedWhy(fixed)} disables pip's cache, so a cache mount would stay empty (remove it to use one)` };
  const user = runUser(model, instr);
  if (user !== null) {
    const how = chainBefore(model, instr).some((i) => i.keyword === 'USER') ? `USER ${user}` : `${user}, the user of its base image`;
    return { skip: `runs as ${how}, whose pip cache is under its own HOME (mount it there with uid=…)` };
  }
  const removable = all.flatMap((e) => (e.kind === 'option' || e.kind === 'inline' ? [e.word] : []));
  const hasMount = all.some((e) => e.kind === 'mount');
  if (hasMount && removable.length === 0) return { mounted: true };
  const runEdits = removable.map((w) => removeWord(model, installs.find((c) => c.at.includes(w) || c.prefix.includes(w))!.part, w));
  if (!hasMount) {
    const dirs = new Set(installs.map((c) => cacheDir(model, instr, c)));
    const dir = dirs.size === 1 ? [...dirs][0]! : null;
    if (dir === null || !/^(~|\/)/.test(dir)) return { skip: dirs.size > 1 ? 'its pip installs use different cache directories' : 'a variable names its pip cache directory, so where to mount is unknown' };
    const at = instr.start + instr.keyword.length;
    runEdits.unshift({ start: at, end: at, newText: ` --mount=type=cache,target=${dir.replace(/^~(?=\/|$)/, '/root')}` });
  }
  const alreadyOff = off.every((o) => o.some((e) => e.kind === 'option' || e.kind === 'inline' || e.kind === 'mount'));
  return { edits: runEdits, alreadyOff: alreadyOff && !hasMount ? removable.map((w) => w.text) : [] };
}

function fixedWhy(e: PipCacheOff): string {
  if (e.kind === 'env') return `${e.setBy.keyword} PIP_NO_CACHE_DIR on line ${e.setBy.line}`;
  if (e.kind === 'config') return `pip's config (no-cache-dir, line ${e.line})`;
  return 'PIP_NO_CACHE_DIR exported in the RUN';
}
