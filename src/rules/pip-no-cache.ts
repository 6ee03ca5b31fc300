// pip-no-cache: `pip install` keeps every downloaded wheel in ~/.cache/pip, which then ships in the layer.
// Each pip install in a shell-form RUN (any stage; continuations, `&&` chains and heredoc scripts included)
// gets `--no-cache-dir` right after `install`, unless its cache already stays out of the layer
// (analysis/python/pip-cache.ts): the option or an abbreviation pip accepts, PIP_NO_CACHE_DIR (any value; ENV,
// ARG, inline or exported), pip's config, a cache mount, or the cache removed later in the same RUN. Only the
// installs that keep a cache are edited. uv (`uv pip install`, `uv sync`) is not pip: its cache is uv's own.
import { pipInstallIndex, lines, pipRuns } from '../analysis/python/pip.js';
import { describeCacheOff, isNoCacheOption, pipCacheOff, uvInstallLines } from '../analysis/python/pip-cache.js';
import { execFormCommands } from '../analysis/shell/shell.js';
import { envSetting } from '../analysis/stage/stage-env.js';
import type { DockerfileModel } from '../dockerfile/index.js';
import { offsetAfter } from '../analysis/shell/run-script.js';
import type { Project, Rule, RuleEdits } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason } from '../reasons.js';

export const pipNoCache: Rule = defineRule('pip-no-cache', 'pip install --no-cache-dir: keep pip\'s download cache out of the image', analyse);

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const { runs, exec } = pipRuns(model, p.keepStages);
  const edits: RuleEdits = { dockerfile: [], files: [], notes: [] };
  const clean = new Map<string, string[]>();
  for (const { script, installs } of runs) {
    for (const cmd of installs) {
      const off = pipCacheOff(model, p.files, script, cmd)[0];
      if (off) {
        const { group, item } = describeCacheOff(off, script.instr.line);
        clean.set(group, [...(clean.get(group) ?? []), item]);
        continue;
      }
      const at = offsetAfter(cmd.part, cmd.at[pipInstallIndex(cmd)]!.end);
      edits.dockerfile.push({ start: at, end: at, newText: ' --no-cache-dir' });
    }
  }
  // exec-form RUNs are left as they are; those that keep a cache are named, the others count as clean
  const execKeeps = exec.filter((line) => !execCacheOff(model, line));
  const execNote = execKeeps.length ? `pip install in exec-form RUN on ${lines(execKeeps)} left as is (edit it yourself: add "--no-cache-dir" after "install")` : null;
  if (exec.length > execKeeps.length) clean.set('--no-cache-dir or PIP_NO_CACHE_DIR on', [...(clean.get('--no-cache-dir or PIP_NO_CACHE_DIR on') ?? []), ...exec.filter((l) => !execKeeps.includes(l)).map((l) => `line ${l} (exec form)`)]);
  if (edits.dockerfile.length > 0) {
    if (execNote) edits.notes.push(execNote);
    return { ok: true, edits };
  }
  const uv = uvInstallLines(model);
  const uvNote = uv.length ? `; uv installs on ${lines(uv)} keep uv's own cache (UV_NO_CACHE, --no-cache), which this rule does not edit` : '';
  if (execNote) return { ok: false, reason: reason('exec-form-only', `no pip install in a shell-form RUN${runs.length ? ' keeps a cache' : ''}; ${execNote}${uvNote}`) };
  if (clean.size === 0) return { ok: false, reason: reason('no-pip-install', `no pip install in any RUN${uvNote}`) };
  const why = [...clean].map(([group, items]) => `${group} ${listItems(items)}`);
  return { ok: false, reason: reason('pip-cache-already-off', `every pip install already runs without a cache in the image: ${why.join('; ')}`) };
}

/** True when the exec-form RUN on `line` runs its pip installs with --no-cache-dir (or an abbreviation) or under PIP_NO_CACHE_DIR. */
function execCacheOff(model: DockerfileModel, line: number): boolean {
  const instr = model.instructions.find((i) => i.line === line && i.keyword === 'RUN')!;
  if (envSetting(model, instr, 'PIP_NO_CACHE_DIR')) return true;
  const installs = execFormCommands(instr.args).filter((c) => pipInstallIndex(c) !== -1);
  return installs.every((c) => c.words.some(isNoCacheOption));
}

/** `line 6, line 9` reads `lines 6, 9`; items with details stay as they are. */
function listItems(items: string[]): string {
  const u = [...new Set(items)];
  const bare = u.map((i) => /^line (\d+)$/.exec(i)?.[1]);
  return bare.every((n) => n !== undefined) ? lines(bare.map(Number)) : u.join(', ');
}
