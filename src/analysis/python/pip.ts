// pip commands inside RUN scripts, for the pip rules: which commands install, and where (whether they keep a
// cache: pip-cache.ts).
import type { DockerfileModel, TextEdit } from '../../dockerfile/index.js';
import { offsetAfter, offsetAt, runScript, type RunCommand, type RunScript, type ScriptPart } from '../shell/run-script.js';
import { execFormCommands, type ShellWord } from '../shell/shell.js';

/** pip's global options that take a value (`pip --log x install …`). */
const GLOBAL_WITH_VALUE = new Set(['--log', '--proxy', '--retries', '--timeout', '--exists-action', '--trusted-host', '--cert', '--client-cert', '--cache-dir', '--python']);

/** Index in `cmd.words` of pip's `install` subcommand (pip, pip3, pip3.12, python -m pip); -1 for anything else. */
export function pipInstallIndex(cmd: { name: string; words: string[] }): number {
  const w = cmd.words;
  let i: number;
  if (/^pip[\d.]*$/.test(cmd.name)) i = 1;
  else if (/^python[\d.]*$/.test(cmd.name) && w[1] === '-m' && w[2] === 'pip') i = 3;
  else return -1;
  while (w[i]?.startsWith('-')) i += GLOBAL_WITH_VALUE.has(w[i]!) ? 2 : 1;
  return w[i] === 'install' ? i : -1;
}

/** A shell-form RUN with the pip installs in it. */
export interface PipRun {
  script: RunScript;
  installs: RunCommand[];
}

/** Every shell-form RUN with a pip install, in file order (outside `skipStages`); `exec` lists the lines of exec-form RUNs that have one. */
export function pipRuns(model: DockerfileModel, skipStages: readonly number[] = []): { runs: PipRun[]; exec: number[] } {
  const runs: PipRun[] = [];
  const exec: number[] = [];
  for (const instr of model.instructions) {
    if (instr.keyword !== 'RUN' || skipStages.includes(instr.stage)) continue;
    if (instr.jsonForm) {
      if (execFormCommands(instr.args).some((c) => pipInstallIndex(c) !== -1)) exec.push(instr.line);
      continue;
    }
    const script = runScript(model, instr)!;
    const installs = script.commands.filter((c) => pipInstallIndex(c) !== -1);
    if (installs.length > 0) runs.push({ script, installs });
  }
  return { runs, exec };
}

/**
 * Removes a word from the text: with the blanks before it; when it opens its line, with the blanks after it
 * instead, and with the whole line when nothing but a line continuation is left on it.
 */
export function removeWord(model: DockerfileModel, part: ScriptPart, word: ShellWord): TextEdit {
  const text = model.text;
  const start = offsetAt(part, word.start);
  const end = offsetAfter(part, word.end);
  let s = start;
  while (s > 0 && (text[s - 1] === ' ' || text[s - 1] === '\t')) s--;
  if (s > 0 && text[s - 1] !== '\n' && text[s - 1] !== '\r') return { start: s, end, newText: '' };
  let e = end;
  while (text[e] === ' ' || text[e] === '\t') e++;
  const esc = part.kind === 'line' ? model.escapeChar : '\\';
  const brk = /\r\n|\r|\n/.exec(text.slice(e));
  const rest = brk ? text.slice(e, e + brk.index) : text.slice(e);
  if (rest.trim() === esc && brk) return { start: s, end: e + brk.index + brk[0].length, newText: '' };
  return { start, end: e, newText: '' };
}

export function lines(ns: number[]): string {
  const u = [...new Set(ns)];
  return `${u.length === 1 ? 'line' : 'lines'} ${u.join(', ')}`;
}
