// Every Python dependency install of a stage, shell form and exec form (`RUN ["pip", …]`): pip (-e ., --user,
// --prefix, --target, URLs, python -m pip, $VENV/bin/pip), uv sync and uv pip, poetry, pipenv, conda/mamba/
// micromamba; with where each installed tree lands and the Python it is bound to (install-trees.ts, conda.ts). Also
// the installs of the tools themselves and the installer housekeeping (tool-installs.ts), and the venvs the
// stage's chain makes. The walk runs over the stage and the stages it builds FROM, in build order, because
// what an earlier step made (a venv, `poetry config`, a conda root) decides where a later install goes.
import { parseImageRef, stageByName, stageChain, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/index.js';
import { resolvedBase } from '../images/stage-base.js';
import { condaImage, hasPython } from '../images/python-images.js';
import { runScript, type RunCommand } from '../shell/run-script.js';
import { aptInstallPackages, execFormCommands, type SimpleCommand } from '../shell/shell.js';
import { readCondaInstall } from './conda.js';
import { absolutePath, commandEnv, type CommandEnv } from './install-env.js';
import { expand, readInstall } from './install-trees.js';
import type { DependencyInstall, WalkState } from './install-types.js';
import { resolveContextFile, WITH_VALUE } from './pip-args.js';
import { requirementName } from './requirements.js';
import { isInstallerHousekeeping, toolCopied, toolInstalled, type Tool, type ToolInstall } from './tool-installs.js';

export type { BoundPython, DependencyInstall, Installer, InstallTree } from './install-types.js';
export type { Tool, ToolInstall } from './tool-installs.js';

export interface PythonInstalls {
  /** The dependency installs, in build order. */
  installs: DependencyInstall[];
  /** The installs of the installers themselves (pip install poetry, the uv binary copied in …). */
  tools: ToolInstall[];
  /** Every RUN command that installs, installs a tool, makes a venv or runs installer housekeeping. */
  commands: Set<SimpleCommand>;
  /** Exec-form RUNs that run one of those commands. */
  execRuns: Set<Instruction>;
  /** The venvs the chain makes (python -m venv DIR, virtualenv DIR, uv venv DIR), absolute; path null when it is unknown. */
  venvs: { instr: Instruction; path: string | null }[];
  /** The conda root prefix the installs use, when known. */
  condaRoot: string | null;
}

/** The Python installs of `stage` and the stages it builds FROM, with the project's context files to read manifests. */
export function pythonInstalls(model: DockerfileModel, stage: Stage, files: Record<string, string>, contextPaths: string[]): PythonInstalls {
  const chain = stageChain(model, stage);
  const base = parseImageRef(resolvedBase(model, chain[0]!));
  const conda = condaImage(base);
  const st: WalkState = {
    venvs: new Set(), condaRoot: conda?.root ?? null, condaEnvs: new Set(), condaImage: conda, poetry: new Map(), uvPythonInstall: null,
    basePython: hasPython(base), aptPython: false, baseTag: base.tag,
    readFile: (instr, arg) => {
      const path = resolveContextFile(model, instr, arg, files, contextPaths);
      return path === null ? undefined : files[path];
    },
  };
  const out: PythonInstalls = { installs: [], tools: [], commands: new Set(), execRuns: new Set(), venvs: [], condaRoot: null };
  const stageImage = (name: string) => stageByName(model, name, stage.index + 1)?.baseImage ?? null;
  const fetched = new Map<string, Tool>();
  for (const instr of chain.flatMap((s) => s.instructions)) {
    const copied = toolCopied(instr, stageImage);
    if (copied) out.tools.push({ instr, cmd: null, tool: copied, how: 'copy' });
    if (instr.keyword !== 'RUN') continue;
    const script = runScript(model, instr);
    const commands: (RunCommand | SimpleCommand)[] = script ? script.commands : execFormCommands(instr.args);
    commands.forEach((cmd, i) => {
      const located = script ? (cmd as RunCommand) : null;
      const env = commandEnv(model, instr, script, located);
      const prev = script && i > 0 ? script.commands[i - 1]! : null;
      visit(instr, cmd, { located, prev, env, fetched }, st, out);
      if (!script && out.commands.has(cmd)) out.execRuns.add(instr);
    });
  }
  out.condaRoot = st.condaRoot;
  return out;
}

interface At {
  located: RunCommand | null;
  prev: RunCommand | null;
  env: CommandEnv;
  fetched: Map<string, Tool>;
}

function visit(instr: Instruction, cmd: SimpleCommand, { located, prev, env, fetched }: At, st: WalkState, out: PythonInstalls): void {
  if (aptInstallPackages(cmd).some((p) => /^python3(\.\d+)?(-minimal|-full)?$/.test(p))) st.aptPython = true;
  const venv = venvMade(cmd);
  if (venv !== null) {
    const dir = expand(venv, env);
    const path = dir === null ? null : absolutePath(dir, env.cwd);
    out.venvs.push({ instr, path });
    if (path !== null) st.venvs.add(path);
    out.commands.add(cmd);
    return;
  }
  const tool = toolInstalled(cmd, prev, fetched);
  if (tool) {
    out.tools.push({ instr, cmd, ...tool });
    if (tool.root !== undefined) st.condaRoot = absolutePath(tool.root, env.cwd);
    if (tool.how !== 'apt') out.commands.add(cmd);
    return;
  }
  const found = readInstall(cmd, env, st, instr) ?? readCondaInstall(cmd, env, st, instr);
  if (found) {
    out.installs.push({ instr, cmd, located, ...found });
    out.commands.add(cmd);
    if (found.tree.kind === 'venv') st.venvs.add(found.tree.path);
    if (found.tree.kind === 'conda' && !found.tree.root) st.condaEnvs.add(found.tree.prefix);
    return;
  }
  if (isInstallerHousekeeping(cmd)) {
    out.commands.add(cmd);
    const w = cmd.words;
    if (cmd.name === 'poetry' && w[1] === 'config') {
      const args = w.slice(2).filter((a) => !a.startsWith('-'));
      if (args.length === 2) st.poetry.set(args[0]!, args[1]!);
    }
    if (cmd.name === 'uv' && w[1] === 'python' && w[2] === 'install') st.uvPythonInstall = instr.line;
  }
}

/** The directory a venv-making command creates (`python -m venv [opts] DIR`, `virtualenv DIR`, `uv venv [DIR]`), or null. */
export function venvMade(cmd: SimpleCommand): string | null {
  const w = cmd.words;
  let at = -1;
  if (/^python[\d.]*$/.test(cmd.name) && w[1] === '-m' && (w[2] === 'venv' || w[2] === 'virtualenv')) at = 3;
  else if (cmd.name === 'virtualenv') at = 1;
  else if (cmd.name === 'uv' && w[1] === 'venv') at = 2;
  if (at === -1) return null;
  const dirs: string[] = [];
  for (let i = at; i < w.length; i++) {
    if (/^(-p|--python|--prompt|--seed-packages|--index-url|--extra-index-url)$/.test(w[i]!)) i++;
    else if (!w[i]!.startsWith('-')) dirs.push(w[i]!);
  }
  return dirs[dirs.length - 1] ?? (cmd.name === 'uv' ? '.venv' : null);
}

/** Options of uv, poetry, pipenv and conda that take a value (pip's are pip-args.ts's WITH_VALUE). */
const VALUE_OPTIONS = new Set([
  '-n', '--name', '-p', '--prefix', '-c', '--channel', '-r', '--root-prefix', '--python', '--index-url', '--extra-index-url', '--index',
  '--directory', '--project', '-C', '-P', '--group', '--only-group', '--extra', '-E', '--extras', '--package', '--only', '--with',
  '--without', '--categories', '--target', '--python-preference', '--constraint', '--override', '--index-strategy', '-i',
]);
/** Options whose value is what gets installed (a requirements or env file, an editable path); pip's -f is --find-links. */
const FILE_OPTIONS = new Set(['-r', '--requirement', '-e', '--editable']);
const CONDA_FILE_OPTIONS = new Set(['-f', '--file']);

/**
 * What identifies an install across a rule's rewrite, one key per thing it installs (`pip install flask`, `pip install
 * requirements.txt`, `uv sync`): the distribution names without versions, files and paths as written. Flags a rule
 * adds or drops (--user, --system, --locked, --no-install-project, an index URL) and a split into two commands
 * leave the keys the same.
 */
export function installKeys(i: DependencyInstall): string[] {
  const w = i.cmd.words;
  const what = i.what.replace(/^\S*\//, '');
  const sub = i.installer === 'pip' ? w.indexOf('install') : w.indexOf(i.what.split(' ').pop()!, i.what.split(' ').length - 1);
  const withValue = i.installer === 'pip' ? WITH_VALUE : VALUE_OPTIONS;
  const targets: string[] = [];
  const args = w.slice(sub + 1);
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    const eq = a.indexOf('=');
    const name = a.startsWith('-') && eq !== -1 ? a.slice(0, eq) : a;
    if (a.startsWith('-')) {
      const value = eq !== -1 ? a.slice(eq + 1) : withValue.has(a) ? args[++k] : undefined;
      if (value !== undefined && (FILE_OPTIONS.has(name) || (i.installer === 'conda' && CONDA_FILE_OPTIONS.has(name)))) targets.push(value);
      continue;
    }
    targets.push(requirementName(a) ?? a);
  }
  return targets.length ? targets.map((t) => `${what} ${t}`) : [what];
}
