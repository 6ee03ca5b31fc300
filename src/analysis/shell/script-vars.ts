// What a `$NAME` argument of a RUN command expands to, where the Dockerfile says: an assignment earlier in the same
// script, at its top level (`PKGS="a b" && apt-get install $PKGS`, `export PKGS=…`), or else the ENV/ARG in effect.
// Rules that read package lists follow such variables this far, and leave a list whose value they cannot read alone.
import type { DockerfileModel } from '../../dockerfile/index.js';
import { envSetting } from '../stage/stage-env.js';
import { lex, type ShellWord } from './lex.js';
import type { RunCommand, RunScript } from './run-script.js';

const VARIABLE = /^\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))$/;

/** The words `word` of `cmd` expands to; itself when it holds no `$`; null when its value cannot be read. */
export function expandWord(model: DockerfileModel, script: RunScript, cmd: RunCommand, word: ShellWord): string[] | null {
  if (!word.text.includes('$')) return [word.text];
  const m = VARIABLE.exec(word.text);
  if (!m) return null;
  const name = (m[1] ?? m[2])!;
  const value = assignedBefore(script, cmd, name) ?? envValue(model, script, name);
  if (value === null || value.includes('$')) return null;
  return value.split(/\s+/).filter((w) => w !== '');
}

/** The ENV/ARG value in effect, its quotes read as the shell reads them (`ENV PKGS="curl git"`). */
function envValue(model: DockerfileModel, script: RunScript, name: string): string | null {
  const env = envSetting(model, script.instr, name);
  if (!env || env.value === null) return null;
  let words: string[];
  try {
    words = lex(env.instr.argsText).flatMap((t) => (t.kind === 'word' ? [t.text] : []));
  } catch {
    return null;
  }
  const assigned = words.filter((w) => w.startsWith(`${name}=`)).pop();
  if (assigned !== undefined) return assigned.slice(name.length + 1);
  return /["']/.test(env.value) ? null : env.value; // `ENV NAME value …`: the rest of the line, as written
}

/** The value of the last top-level `NAME=…` (alone or after export) before `cmd` in its script part. */
function assignedBefore(script: RunScript, cmd: RunCommand, name: string): string | null {
  const tree = cmd.part.tree;
  if (!tree) return null;
  let value: string | null = null;
  for (const item of tree.items) {
    if (item.start >= cmd.start) break;
    for (const p of item.pipelines) {
      for (const node of p.commands) {
        if (node.kind !== 'simple' || node.start >= cmd.start) continue;
        const words = node.words[0]?.text === 'export' ? node.words.slice(1) : node.words;
        if (!words.every((w) => /^[A-Za-z_]\w*=/.test(w.text))) continue;
        for (const w of words) if (w.text.startsWith(`${name}=`)) value = w.text.slice(name.length + 1);
      }
    }
  }
  return value;
}
