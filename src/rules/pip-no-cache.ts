// pip-no-cache: `pip install` keeps every downloaded wheel in ~/.cache/pip, which then ships in the layer.
// Each pip install in a shell-form RUN (any stage; continuations, `&&` chains and heredoc scripts included)
// gets `--no-cache-dir` right after `install`, unless its cache already stays out of the layer
// (analysis/python/pip-cache.ts): the option or an abbreviation pip accepts, PIP_NO_CACHE_DIR (any value; ENV,
// ARG, inline or exported), pip's config, a cache mount, or the cache removed later in the same RUN. Only the
// installs that keep a cache are edited. uv (`uv pip install`, `uv sync`) is not pip: its cache is uv's own.
import { pipInstallIndex, lines, pipRuns } from '../analysis/python/pip.js';
import { describeCacheOff, pipCacheOff, uvInstallLines } from '../analysis/python/pip-cache.js';
import { offsetAfter } from '../analysis/shell/run-script.js';
import type { Project, Rule, RuleEdits } from './types.js';
import { defineRule, type Analysis } from './define.js';

export const pipNoCache: Rule = defineRule('pip-no-cache', 'pip install --no-cache-dir: keep pip\'s download cache out of the image', analyse);

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const { runs, exec } = pipRuns(model);
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
  const execNote = exec.length ? `pip install in exec-form RUN on ${lines(exec)} left as is (edit it yourself: add "--no-cache-dir" after "install")` : null;
  if (edits.dockerfile.length > 0) {
    if (execNote) edits.notes.push(execNote);
    return { ok: true, edits };
  }
  if (runs.length === 0) {
    const uv = uvInstallLines(model);
    const uvNote = uv.length ? `; uv installs on ${lines(uv)} keep uv's own cache (UV_NO_CACHE, --no-cache), which this rule does not edit` : '';
    return { ok: false, reason: exec.length ? `no pip install in a shell-form RUN; ${execNote}${uvNote}` : `no pip install in any RUN${uvNote}` };
  }
  const why = [...clean].map(([group, items]) => `${group} ${listItems(items)}`);
  return { ok: false, reason: `every pip install already runs without a cache in the image: ${why.join('; ')}` };
}

/** `line 6, line 9` reads `lines 6, 9`; items with details stay as they are. */
function listItems(items: string[]): string {
  const u = [...new Set(items)];
  const bare = u.map((i) => /^line (\d+)$/.exec(i)?.[1]);
  return bare.every((n) => n !== undefined) ? lines(bare.map(Number)) : u.join(', ');
}
