// The arguments of `pip install` commands in RUN scripts: requirement targets (with their words, so rules
// can remove them), `-r` files resolved to context paths through the COPYs before the RUN, and options.
import type { DockerfileModel, Instruction, Stage } from '../../dockerfile/index.js';
import { copyEntries } from '../stage/copy-sources.js';
import { pipInstallIndex } from './pip.js';
import { readRequirements, requirementName } from './requirements.js';
import { mounts, runScript, type RunCommand, type RunScript } from '../shell/run-script.js';
import { withoutRedirections, type ShellWord } from '../shell/shell.js';
import { joinPath, workdirAt } from '../stage/stage-env.js';

/** pip install options that take a value (written `--opt value`, `--opt=value`, or `-rfile` for short ones). */
export const WITH_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy',
  '--progress-bar', '--global-option', '-C', '--config-settings', '--no-binary', '--only-binary', '--trusted-host', '--cache-dir',
  '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--report', '--python',
]);

export interface PipOption {
  /** `--index-url`, `-r` … as written (without `=value`). */
  name: string;
  value: string | null;
  /** The option's words (one, or two when the value is a separate word). */
  words: ShellWord[];
}

export interface PipTarget {
  word: ShellWord;
  /** Normalized distribution name; null for paths and URLs. */
  name: string | null;
}

export interface PipInstall {
  script: RunScript;
  cmd: RunCommand;
  /** Index of `install` in cmd.words / cmd.at. */
  installIndex: number;
  targets: PipTarget[];
  options: PipOption[];
  /** `-r` files: the argument as written and the context path it comes from (null when unknown). */
  reqFiles: { arg: string; path: string | null }[];
}

/** Every pip install in the shell-form RUNs of the given stages (all stages by default), in file order. */
export function pipInstalls(model: DockerfileModel, files: Record<string, string>, contextPaths: string[], stages: Stage[] = model.stages): PipInstall[] {
  const out: PipInstall[] = [];
  for (const stage of stages) {
    for (const instr of stage.instructions) {
      const script = runScript(model, instr);
      if (!script) continue;
      for (const cmd of script.commands) {
        const installIndex = pipInstallIndex(cmd);
        if (installIndex !== -1) out.push(readInstall(model, script, cmd, installIndex, files, contextPaths));
      }
    }
  }
  return out;
}

function readInstall(model: DockerfileModel, script: RunScript, cmd: RunCommand, installIndex: number, files: Record<string, string>, contextPaths: string[]): PipInstall {
  const args = withoutRedirections(cmd.at.slice(installIndex + 1));
  const targets: PipTarget[] = [];
  const options: PipOption[] = [];
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    if (!w.text.startsWith('-') || w.text === '-') {
      targets.push({ word: w, name: requirementName(w.text) });
      continue;
    }
    const eq = w.text.indexOf('=');
    const name = eq === -1 ? w.text : w.text.slice(0, eq);
    if (eq !== -1) options.push({ name, value: w.text.slice(eq + 1), words: [w] });
    else if (WITH_VALUE.has(name) && args[i + 1]) options.push({ name, value: args[i + 1]!.text, words: [w, args[++i]!] });
    else if (/^-[rce]./.test(w.text)) options.push({ name: w.text.slice(0, 2), value: w.text.slice(2), words: [w] });
    else options.push({ name, value: null, words: [w] });
  }
  const reqFiles = options
    .filter((o) => (o.name === '-r' || o.name === '--requirement') && o.value !== null)
    .map((o) => ({ arg: o.value!, path: resolveContextFile(model, script.instr, o.value!, files, contextPaths) }));
  return { script, cmd, installIndex, targets, options, reqFiles };
}

/**
 * The context path of a file a RUN reads at `arg` (relative to its WORKDIR): through a bind mount of the RUN, else
 * the last COPY/ADD before it in its stage that puts a context file there, else the one editable context file
 * with that path or name. Null when none fits.
 */
export function resolveContextFile(model: DockerfileModel, instr: Instruction, arg: string, files: Record<string, string>, contextPaths: string[]): string | null {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) return null; // a URL is never a context file, whatever its name
  const workdir = workdirAt(model, instr);
  const imagePath = workdir === null || arg.includes('$') ? null : joinPath(workdir, arg);
  if (imagePath !== null) {
    for (const m of mounts(instr)) {
      const target = m.get('target');
      if (m.get('type') !== 'bind' || !target || m.has('from')) continue;
      const t = joinPath(workdir!, target);
      const source = (m.get('source') ?? '.').replace(/^\.?\/*/, '');
      if (imagePath === t) return source;
      if (imagePath.startsWith(`${t}/`)) return joinPath('/', `${source}/${imagePath.slice(t.length + 1)}`).slice(1);
    }
    const stage = model.stages[instr.stage]!;
    const copies = stage.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && i.start < instr.start && !i.flags.some((f) => f.name === 'from'));
    for (const c of copies.reverse()) {
      const hit = (copyEntries(model, c, contextPaths) ?? []).find((e) => e.image === imagePath);
      if (hit) return hit.ctx;
    }
  }
  const plain = arg.replace(/^(\.\/)+/, '');
  if (plain in files) return plain;
  const base = plain.replace(/^.*\//, '');
  const byName = Object.keys(files).filter((p) => p === base || p.endsWith(`/${base}`));
  return byName.length === 1 ? byName[0]! : null;
}

/** A requirements file and the files it includes with `-r` (relative to its directory), each once, in order. */
export function requirementFileClosure(path: string, files: Record<string, string>): string[] {
  const out: string[] = [];
  const visit = (p: string) => {
    if (out.includes(p) || !(p in files)) return;
    out.push(p);
    const dir = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '';
    for (const l of readRequirements(files[p]!)) {
      if (l.kind === 'include' && l.include) visit(joinPath(`/${dir}`, l.include).slice(1));
    }
  };
  visit(path);
  return out;
}

/** The normalized names of every requirement in the given files. */
export function requirementNames(paths: string[], files: Record<string, string>): Set<string> {
  const names = new Set<string>();
  for (const p of paths) for (const l of readRequirements(files[p] ?? '')) if (l.name) names.add(l.name);
  return names;
}

