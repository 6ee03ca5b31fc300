// pip-no-cache: `pip install` keeps every downloaded wheel in ~/.cache/pip, which then ships in the layer.
// Each pip install in a shell-form RUN (any stage; continuations, `&&` chains and heredoc scripts included)
// gets `--no-cache-dir` right after `install`, unless it already runs without a cache: the option is there,
// PIP_NO_CACHE_DIR is set (ENV/ARG in its image, `export` or an assignment in the RUN; pip treats any value
// as "no cache"), or the RUN mounts a pip cache (nothing stays in the layer then).
import type { DockerfileModel } from '../dockerfile/index.js';
import { exportedNoCache, hasPipCacheMount, lines, noCacheWords, pipInstallIndex, pipRuns } from '../analysis/python/pip.js';
import { offsetAfter } from '../analysis/shell/run-script.js';
import { envSetting } from '../analysis/stage/stage-env.js';
import type { Rule, RuleEdits } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason } from '../reasons.js';

export const pipNoCache: Rule = defineRule('pip-no-cache', 'pip install --no-cache-dir: keep pip\'s download cache out of the image', (p) => analyse(p.dockerfile));

function analyse(model: DockerfileModel): Analysis {
  const { runs, exec } = pipRuns(model);
  const edits: RuleEdits = { dockerfile: [], files: [], notes: [] };
  const clean = { option: [] as number[], env: [] as string[], mount: [] as number[] };
  for (const { script, installs } of runs) {
    const instr = script.instr;
    const cacheDir = envSetting(model, instr, 'PIP_CACHE_DIR')?.value ?? null;
    const env = envSetting(model, instr, 'PIP_NO_CACHE_DIR');
    for (const cmd of installs) {
      if (noCacheWords(cmd).length > 0) clean.option.push(instr.line);
      else if (hasPipCacheMount(instr, cacheDir)) clean.mount.push(instr.line);
      else if (env) clean.env.push(`line ${instr.line} (${env.instr.keyword} PIP_NO_CACHE_DIR on line ${env.instr.line})`);
      else if (exportedNoCache(script, cmd)) clean.env.push(`line ${instr.line} (exported in the RUN)`);
      else {
        const at = offsetAfter(cmd.part, cmd.at[pipInstallIndex(cmd)]!.end);
        edits.dockerfile.push({ start: at, end: at, newText: ' --no-cache-dir' });
      }
    }
  }
  const execNote = exec.length ? `pip install in exec-form RUN on ${lines(exec)} left as is (edit it yourself: add "--no-cache-dir" after "install")` : null;
  if (edits.dockerfile.length > 0) {
    if (execNote) edits.notes.push(execNote);
    return { ok: true, edits };
  }
  if (runs.length === 0) {
    return { ok: false, reason: exec.length ? reason('exec-form-only', `no pip install in a shell-form RUN; ${execNote}`) : reason('no-pip-install', 'no pip install in any RUN') };
  }
  const why = [
    clean.option.length ? `--no-cache-dir on ${lines(clean.option)}` : '',
    clean.env.length ? `PIP_NO_CACHE_DIR set for ${[...new Set(clean.env)].join(', ')}` : '',
    clean.mount.length ? `a pip cache mount on ${lines(clean.mount)}` : '',
  ].filter((s) => s !== '');
  return { ok: false, reason: reason('pip-cache-already-off', `every pip install already runs without a cache in the image: ${why.join('; ')}`) };
}
