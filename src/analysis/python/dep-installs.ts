// Dependency installs in a RUN and the manifests they read (as image paths): pip install -r, pip install .
// (pyproject.toml), npm ci/install, yarn, pnpm, poetry install --no-root, pipenv, uv sync
// --no-install-project, go mod download, bundle install, conda env create -f. For layer-order.
import type { DockerfileModel, Instruction } from '../../dockerfile/index.js';
import { pipInstallIndex } from './pip.js';
import { offsetAfter, offsetAt, runScript, type RunCommand } from '../shell/run-script.js';
import { joinPath, workdirAt } from '../stage/stage-env.js';
import { stubbable } from './pyproject.js';

export interface DepInstall {
  cmd: RunCommand;
  /** What it is, for messages: "pip install -r", "npm ci" … */
  tool: string;
  /** Manifests it cannot run without (image paths). */
  required: string[];
  /** Files it reads when they exist (lock files, .npmrc …). */
  optional: string[];
  /** Why it needs the project's sources, when it does (then it cannot move before them). */
  needsSource: string | null;
  /** For `pip install .` on a pyproject stub: the same command with --no-deps, run again once the sources are in. */
  reinstall: string | null;
}

/** Reads a context file by its image path (through the COPY that puts it there); undefined when unknown. */
export type ReadManifest = (imagePath: string) => string | undefined;

const PIP_VALUE_OPTIONS = new Set([
  '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '-t', '--target', '--prefix', '--root', '--platform',
  '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy', '--progress-bar', '--cache-dir', '--log',
  '--proxy', '--retries', '--timeout', '--trusted-host', '--cert', '--client-cert', '--global-option', '--config-settings',
  '-C', '--only-binary', '--no-binary', '--report', '--python', '--exists-action',
]);

/** A local directory argument: `.`, `..`, `./x`, `/app`, `.[extra]`. */
const LOCAL_PATH = /^(\.{1,2}(\/|\[|$)|\/)/;
/** A built distribution: installing it reads no manifest. */
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar\.bz2)(\[.*\])?$/;

/** The dependency installs of a shell-form RUN, with the manifests they read. */
export function depInstalls(model: DockerfileModel, instr: Instruction, read: ReadManifest): DepInstall[] {
  const script = runScript(model, instr);
  if (!script) return [];
  let cwd = workdirAt(model, instr);
  const out: DepInstall[] = [];
  for (const cmd of script.commands) {
    if (cmd.name === 'cd') {
      const to = cmd.words[1];
      cwd = to === undefined || to.includes('$') || cwd === null ? null : joinPath(cwd, to);
      continue;
    }
    if (cwd === null) continue;
    const found = pipInstallIndex(cmd) !== -1 ? pipInstall(model, cmd, cwd, read) : otherInstall(cmd, cwd);
    if (found) out.push(found);
  }
  return out;
}

function pipInstall(model: DockerfileModel, cmd: RunCommand, cwd: string, read: ReadManifest): DepInstall | null {
  const args = cmd.words.slice(pipInstallIndex(cmd) + 1);
  const files: string[] = [];
  const local: string[] = [];
  let editable = '';
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const file = /^(-r|--requirement|-c|--constraint)$/.test(w) ? args[++i] : /^--(requirement|constraint)=(.*)$/.exec(w)?.[2] ?? /^-[rc](.+)$/.exec(w)?.[1];
    if (file !== undefined) files.push(joinPath(cwd, file));
    else if (w === '-e' || w === '--editable') {
      local.push(args[++i] ?? '');
      editable = '-e ';
    } else if (w.startsWith('--editable=')) {
      local.push(w.slice('--editable='.length));
      editable = '-e ';
    }
    else if (PIP_VALUE_OPTIONS.has(w)) i++;
    else if (!w.startsWith('-') && LOCAL_PATH.test(w) && !ARCHIVE.test(w)) local.push(w);
  }
  if (files.length === 0 && (local.length === 0 || args.includes('--no-deps'))) return null; // --no-deps . installs no dependencies
  const base: DepInstall = { cmd, tool: 'pip install', required: [], optional: [], needsSource: null, reinstall: null };
  const needs = (why: string): DepInstall => ({ ...base, required: [...files, ...local.map((l) => joinPath(cwd, l.replace(/\[.*$/, '')))], needsSource: why });
  const required = requirementFiles(files, read);
  if ('local' in required) return needs(`${required.file} installs the local path ${required.local}`);
  if (local.length === 0) return { ...base, tool: 'pip install -r', required: required.files };
  if (local.length > 1 || files.length > 0) return needs(`it installs local paths (${local.join(', ')})`);
  const dir = joinPath(cwd, local[0]!.replace(/\[.*$/, ''));
  const pyproject = read(`${dir}/pyproject.toml`);
  if (pyproject === undefined) return needs(`\`pip install ${editable}${local[0]}\` builds the project from its sources (no pyproject.toml to install its dependencies from)`);
  const stub = stubbable(pyproject, (name) => read(`${dir}/${name}`) !== undefined);
  if ('why' in stub) return needs(`\`pip install ${editable}${local[0]}\` builds the project itself, and ${stub.why}`);
  const install = cmd.at[pipInstallIndex(cmd)]!;
  const text = model.text;
  const reinstall = text.slice(offsetAt(cmd.part, cmd.start), offsetAfter(cmd.part, install.end)) + ' --no-deps'
    + text.slice(offsetAfter(cmd.part, install.end), offsetAfter(cmd.part, cmd.end));
  return { ...base, tool: `pip install ${editable}${local[0]}`, required: [`${dir}/pyproject.toml`, ...stub.files.map((f) => `${dir}/${f}`)], reinstall };
}

/** True when a pip install reads files from the app: requirement files, constraints, local paths. */
export function pipReadsApp(cmd: { name: string; words: string[] }): boolean {
  const args = cmd.words.slice(pipInstallIndex(cmd) + 1);
  return args.some((w, i) => /^(-r|--requirement|-c|--constraint|-e|--editable)(=|$)|^-[rce]./.test(w) || (!w.startsWith('-') && !PIP_VALUE_OPTIONS.has(args[i - 1] ?? '') && LOCAL_PATH.test(w)));
}

/** Requirement files and those they include (`-r`/`-c` lines); a local path in one (`-e .`, `./pkg`) is reported. */
function requirementFiles(files: string[], read: ReadManifest): { files: string[] } | { file: string; local: string } {
  const out: string[] = [];
  const queue = [...files];
  while (queue.length > 0) {
    const f = queue.shift()!;
    if (out.includes(f)) continue;
    out.push(f);
    const dir = f.replace(/\/[^/]*$/, '') || '/';
    for (const raw of (read(f) ?? '').split(/\r?\n/)) {
      const line = raw.replace(/(^|\s)#.*$/, '').trim();
      const inc = /^(-r|--requirement|-c|--constraint)[=\s]\s*(\S+)/.exec(line);
      if (inc) queue.push(joinPath(dir, inc[2]!));
      else if (/^(-e|--editable)\s+(\.|\/)|^file:/.test(line) || (LOCAL_PATH.test(line) && !ARCHIVE.test(line))) return { file: f.replace(/^.*\//, ''), local: line };
    }
  }
  return { files: out };
}

function otherInstall(cmd: RunCommand, cwd: string): DepInstall | null {
  const w = cmd.words;
  const at = (...names: string[]) => names.map((n) => joinPath(cwd, n));
  const make = (tool: string, required: string[], optional: string[], needsSource: string | null = null): DepInstall =>
    ({ cmd, tool, required: at(...required), optional: at(...optional), needsSource, reinstall: null });
  const packageArgs = w.slice(2).filter((x) => !x.startsWith('-'));
  if (cmd.name === 'npm' && (w[1] === 'ci' || ((w[1] === 'install' || w[1] === 'i') && packageArgs.length === 0))) {
    return make(`npm ${w[1]}`, ['package.json'], ['package-lock.json', 'npm-shrinkwrap.json', '.npmrc']);
  }
  if (cmd.name === 'yarn' && (w.length === 1 || w[1] === 'install' || (w[1]?.startsWith('-') ?? false))) {
    return make('yarn install', ['package.json'], ['yarn.lock', '.yarnrc', '.yarnrc.yml', '.npmrc']);
  }
  if (cmd.name === 'pnpm' && (w[1] === 'install' || w[1] === 'i') && packageArgs.length === 0) {
    return make('pnpm install', ['package.json'], ['pnpm-lock.yaml', 'pnpm-workspace.yaml', '.npmrc']);
  }
  if (cmd.name === 'poetry' && w[1] === 'install') {
    const why = w.includes('--no-root') || w.includes('--only-root') ? null : fromVariables(w) ?? 'poetry install without --no-root installs the project itself';
    return make('poetry install', ['pyproject.toml'], ['poetry.lock', 'poetry.toml'], w.includes('--only-root') ? 'it installs the project itself' : why);
  }
  if (cmd.name === 'uv' && w[1] === 'sync') {
    return make('uv sync', ['pyproject.toml'], ['uv.lock'], w.includes('--no-install-project') ? null : fromVariables(w) ?? 'uv sync without --no-install-project installs the project itself');
  }
  if (cmd.name === 'pipenv' && (w[1] === 'install' || w[1] === 'sync') && packageArgs.length === 0) return make(`pipenv ${w[1]}`, ['Pipfile'], ['Pipfile.lock']);
  if (cmd.name === 'go' && w[1] === 'mod' && w[2] === 'download') return make('go mod download', ['go.mod'], ['go.sum']);
  if (cmd.name === 'bundle' && (w[1] === 'install' || w.length === 1)) return make('bundle install', ['Gemfile'], ['Gemfile.lock']);
  if (/^(conda|mamba|micromamba)$/.test(cmd.name) && w[1] === 'env' && /^(create|update)$/.test(w[2] ?? '')) {
    const f = w.findIndex((x) => x === '-f' || x === '--file');
    return f === -1 ? null : make(`${cmd.name} env ${w[2]}`, [w[f + 1] ?? 'environment.yml'], []);
  }
  return null;
}

/** The reason when a command's options come from variables: dflab cannot tell whether it installs the project itself. */
function fromVariables(words: string[]): string | null {
  const vars = words.filter((x) => x.includes('$'));
  return vars.length ? `${words.slice(0, 2).join(' ')} takes options from ${vars.join(' ')}, which dflab does not read: it may install the project itself` : null;
}
