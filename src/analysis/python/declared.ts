// What the image installs, declaration by declaration: every Python dependency install in its RUNs (shell and exec
// form; `cd` followed) — pip and `uv pip install` (names, `-r` files and their includes, local projects), `uv sync`,
// `poetry install`, `pipenv install|sync`, conda/mamba/micromamba (specs, `-f` files) — with the manifests it reads
// (context paths) and the declarations it selects, each with its file and line. The musl check, prune-requirements
// and the context loader (which manifests to read) share it.
import { builtStages, type Instruction, type Stage } from '../../dockerfile/index.js';
import type { Project } from '../project.js';
import { runScript, type RunCommand } from '../shell/run-script.js';
import { execFormCommands, withoutRedirections } from '../shell/shell.js';
import { copyEntries } from '../stage/copy-sources.js';
import { envSetting, joinPath, workdirAt } from '../stage/stage-env.js';
import { manifestDeps, condaSpecName, type Declared } from './manifest-deps.js';
import { bareVariables, pipenvSelects, poetrySelects, projectSelects, uvSyncSelects } from './install-selection.js';
import { pipInstallIndex } from './pip.js';
import { requirementFileClosure, resolveContextFile } from './pip-args.js';
import { requirementName } from './requirements.js';

export type InstallTool = 'pip' | 'uv-pip' | 'uv-sync' | 'poetry' | 'pipenv' | 'conda';

export interface ManifestInstall {
  instr: Instruction;
  tool: InstallTool;
  /** The command's words, its name first (`pip3 install -r r.txt`). */
  words: string[];
  /** The shell-form command, for edits; null in exec form. */
  cmd: RunCommand | null;
  /** Context paths of the manifests it reads (includes followed); read or not. */
  manifests: string[];
  /** Manifests it names that no context file is known for (a variable, another stage's file, an unread file). */
  unknown: string[];
  /** The declarations it installs. */
  installs: Declared[];
  /** Declarations of its manifests it leaves out (groups and extras not selected). */
  leftOut: Declared[];
}

/** Every dependency install in the given stages (by default the stages the target image is made from), in file order. */
export function manifestInstalls(p: Project, stages: Stage[] = builtStages(p.dockerfile)): ManifestInstall[] {
  const out: ManifestInstall[] = [];
  for (const stage of stages) {
    for (const instr of stage.instructions) {
      if (instr.keyword !== 'RUN') continue;
      const script = runScript(p.dockerfile, instr);
      const commands: { words: string[]; cmd: RunCommand | null }[] = script
        ? script.commands.map((c) => ({ words: withoutRedirections(c.at).map((w) => w.text), cmd: c }))
        : execFormCommands(instr.args).map((c) => ({ words: c.words, cmd: null }));
      let cwd: string | null = ''; // '' is the WORKDIR; null after a `cd` dflab cannot follow
      for (const { words, cmd } of commands) {
        if (words[0] === 'cd') cwd = cdTo(cwd, words[1]);
        const found = readInstall(p, instr, words, cwd);
        if (found) out.push({ instr, cmd, words, ...found });
      }
    }
  }
  return out;
}

/** Every declaration the target image installs, each once (by file, line and name). */
export function declaredDistributions(p: Project, stages?: Stage[]): Declared[] {
  const seen = new Set<string>();
  return manifestInstalls(p, stages).flatMap((i) => i.installs).filter((d) => {
    const key = `${d.file}:${d.line}:${d.name}`;
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

type Found = Omit<ManifestInstall, 'instr' | 'cmd' | 'words'>;

/** The directory after `cd to`: absolute, relative to the WORKDIR, or null when unknown (a variable, `cd` alone, `cd -`). */
function cdTo(cwd: string | null, to: string | undefined): string | null {
  if (cwd === null || to === undefined || to.includes('$') || to === '-' || to.startsWith('~')) return null;
  if (to.startsWith('/') || cwd.startsWith('/')) return joinPath(cwd.startsWith('/') ? cwd : '/', to);
  return cwd === '' ? to : `${cwd}/${to}`;
}

function readInstall(p: Project, instr: Instruction, words: string[], cwd: string | null): Found | null {
  const name = words[0]?.replace(/^.*\//, '') ?? '';
  const at = (arg: string) => (cwd === '' || arg.startsWith('/') ? arg : `${cwd}/${arg}`);
  const resolve = (arg: string) => (cwd === null || copiedFromStage(p, instr, at(arg)) ? null : resolveContextFile(p.dockerfile, instr, at(arg), p.files, p.contextPaths));
  const found = readTool(p, instr, name, words, resolve);
  // Flags in a variable (`uv sync $GROUP_FLAGS`) may be any flags: every declaration counts as installed.
  if (found && found.tool !== 'conda' && bareVariables(words.slice(1), [...PIP_VALUE, ...PIPENV_VALUE, ...GROUP_VALUE]).length > 0) {
    return { ...found, installs: [...found.installs, ...found.leftOut.filter((d) => d.group !== 'build-system')], leftOut: found.leftOut.filter((d) => d.group === 'build-system'), unknown: [...found.unknown, 'flags set by a variable'] };
  }
  return found;
}

function readTool(p: Project, instr: Instruction, name: string, words: string[], resolve: (arg: string) => string | null): Found | null {
  const pip = pipInstallIndex({ name, words });
  if (pip !== -1) return pipLike(p, instr, 'pip', words.slice(pip + 1), resolve);
  if (name === 'uv' && words[1] === 'pip' && words[2] === 'install') return pipLike(p, instr, 'uv-pip', words.slice(3), resolve);
  if (name === 'uv' && words[1] === 'sync' && words.some((w) => /^--package(=|$)/.test(w))) return { tool: 'uv-sync', manifests: [], unknown: ['a uv workspace member (--package)'], installs: [], leftOut: [] };
  const env = (v: string) => envSetting(p.dockerfile, instr, v)?.value ?? null;
  if (name === 'uv' && words[1] === 'sync') return fromManifest(p, 'uv-sync', resolve('pyproject.toml'), 'pyproject.toml', (text) => uvSyncSelects(words, text, env));
  if (name === 'poetry' && words[1] === 'install') return fromManifest(p, 'poetry', resolve('pyproject.toml'), 'pyproject.toml', () => poetrySelects(words));
  if (name === 'pipenv' && (words[1] === 'install' || words[1] === 'sync')) {
    const args = positional(words.slice(2), PIPENV_VALUE);
    if (args.length > 0) return { tool: 'pipenv', manifests: [], unknown: [], installs: onLine(p, instr, args.map(requirementName)), leftOut: [] };
    const pipfile = fromManifest(p, 'pipenv', resolve('Pipfile'), 'Pipfile', () => pipenvSelects(words, env));
    const lockPath = resolve('Pipfile.lock');
    const lock = lockPath && p.files[lockPath] !== undefined ? fromManifest(p, 'pipenv', lockPath, 'Pipfile.lock', () => pipenvSelects(words, env)) : null;
    return lock ? merge(pipfile, lock) : pipfile;
  }
  if (/^(conda|mamba|micromamba)$/.test(name)) return conda(p, instr, words, resolve);
  return null;
}

const PIP_VALUE = new Set([
  '-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links',
  '-t', '--target', '--prefix', '--root', '--platform', '--python-version', '--implementation', '--abi', '--src', '--upgrade-strategy',
  '--progress-bar', '--global-option', '-C', '--config-settings', '--no-binary', '--only-binary', '--trusted-host', '--cache-dir',
  '--log', '--proxy', '--retries', '--timeout', '--exists-action', '--cert', '--client-cert', '--report', '--python', '-p',
  '--index-strategy', '--keyring-provider', '--resolution', '--prerelease', '--python-platform',
]);
const PIPENV_VALUE = new Set(['--python', '--pypi-mirror', '-i', '--index', '--extra-index-url', '--categories']);
/** poetry and uv options whose value a variable may be without being a flag itself. */
const GROUP_VALUE = ['--with', '--without', '--only', '--group', '--only-group', '--no-group', '--extra', '-E', '--extras', '--package', '--python', '-p'];
const CONDA_VALUE = new Set(['-n', '--name', '-p', '--prefix', '-c', '--channel', '-f', '--file', '--override-channels', '--repodata-fn', '--platform', '-r', '--root-prefix']);

function pipLike(p: Project, instr: Instruction, tool: 'pip' | 'uv-pip', args: string[], resolve: (a: string) => string | null): Found {
  const found: Found = { tool, manifests: [], unknown: [], installs: [], leftOut: [] };
  for (let i = 0; i < args.length; i++) {
    const w = args[i]!;
    const opt = /^(-r|--requirement|-e|--editable)(?:=(.*))?$/.exec(w) ?? /^(-r|-e)(.+)$/.exec(w);
    if (opt) {
      const value = opt[2] ?? args[++i];
      if (value === undefined) continue;
      if (opt[1] === '-r' || opt[1] === '--requirement') requirementsArg(p, value, resolve, found);
      else localProject(p, value, resolve, found);
      continue;
    }
    if (/^(-c|--constraint)$/.test(w) || PIP_VALUE.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    if (/^(\.{1,2}|\/|\.\/)/.test(w) && !/\.(whl|zip|tar\.gz|tgz)$/.test(w)) localProject(p, w, resolve, found);
    else found.installs.push(...onLine(p, instr, [requirementName(w)]));
  }
  return found;
}

/** True when the last COPY before the RUN (in its stage) that puts a file at `arg` is a `COPY --from`: not a context file. */
function copiedFromStage(p: Project, instr: Instruction, arg: string): boolean {
  const model = p.dockerfile;
  const workdir = workdirAt(model, instr);
  if (workdir === null || arg.includes('$')) return false;
  const path = joinPath(workdir, arg);
  const copies = model.stages[instr.stage]!.instructions.filter((c) => c.keyword === 'COPY' && c.start < instr.start).reverse();
  for (const c of copies) {
    if (!c.flags.some((f) => f.name === 'from')) {
      if ((copyEntries(model, c, p.contextPaths) ?? []).some((e) => e.image === path)) return false;
      continue;
    }
    const destArg = c.args[c.args.length - 1] ?? '';
    const cw = workdirAt(model, c);
    if (cw === null || destArg.includes('$')) continue;
    const dest = joinPath(cw, destArg);
    if (path === dest || path.startsWith(`${dest}/`)) return true;
  }
  return false;
}

/** `-r FILE`: the file and its includes; `-r pyproject.toml` (uv) reads the project's dependencies. */
function requirementsArg(p: Project, arg: string, resolve: (a: string) => string | null, found: Found): void {
  const path = resolve(arg);
  if (path === null || p.files[path] === undefined) {
    found.unknown.push(path ?? arg);
    if (path !== null) found.manifests.push(path);
    return;
  }
  if (/(^|\/)(pyproject\.toml|setup\.cfg|setup\.py)$/.test(path)) {
    add(found, path, manifestDeps(path, p.files[path]!), projectSelects([], 'project'));
    return;
  }
  for (const f of requirementFileClosure(path, p.files)) add(found, f, manifestDeps(f, p.files[f]!), () => true);
  found.manifests.push(...includedButUnread(path, p.files));
}

/** `pip install .`, `-e ./pkg[extra]`: the project's pyproject.toml (or setup.py / setup.cfg) dependencies. */
function localProject(p: Project, arg: string, resolve: (a: string) => string | null, found: Found): void {
  const extras = /\[([^\]]*)\]$/.exec(arg)?.[1]?.split(',').map((e) => e.trim()) ?? [];
  const dir = arg.replace(/\[[^\]]*\]$/, '').replace(/\/+$/, '');
  let known = false;
  for (const name of ['pyproject.toml', 'setup.py', 'setup.cfg']) {
    const path = resolve(dir === '.' || dir === '' ? name : `${dir}/${name}`);
    if (path === null) continue;
    known = true;
    if (p.files[path] === undefined) {
      if (!found.manifests.includes(path)) found.manifests.push(path);
      continue;
    }
    const poetry = name === 'pyproject.toml' && /poetry\.core\.masonry|poetry\.masonry/.test(p.files[path]!) ? 'poetry' : 'project';
    add(found, path, manifestDeps(path, p.files[path]!), projectSelects(extras, poetry));
  }
  if (!known) found.unknown.push(arg);
}

function fromManifest(p: Project, tool: InstallTool, path: string | null, name: string, selects: (text: string) => (d: Declared) => boolean): Found {
  if (path === null || p.files[path] === undefined) return { tool, manifests: path ? [path] : [], unknown: [path ?? name], installs: [], leftOut: [] };
  const found: Found = { tool, manifests: [], unknown: [], installs: [], leftOut: [] };
  add(found, path, manifestDeps(path, p.files[path]!), selects(p.files[path]!));
  return found;
}

function conda(p: Project, instr: Instruction, words: string[], resolve: (a: string) => string | null): Found | null {
  const env = words[1] === 'env';
  const sub = env ? words[2] : words[1];
  if (!(env ? /^(create|update)$/ : /^(install|create|update)$/).test(sub ?? '')) return null;
  const args = words.slice(env ? 3 : 2);
  const found: Found = { tool: 'conda', manifests: [], unknown: [], installs: [], leftOut: [] };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const m = /^(-f|--file)(?:=(.*))?$/.exec(args[i]!);
    if (m) files.push(m[2] ?? args[++i] ?? '');
  }
  if (env && files.length === 0) files.push('environment.yml');
  for (const f of files) {
    const path = resolve(f);
    if (path === null || p.files[path] === undefined) {
      found.unknown.push(path ?? f);
      if (path !== null) found.manifests.push(path);
    } else add(found, path, /\.ya?ml$/.test(path) ? manifestDeps(path, p.files[path]!) : condaSpecFile(path, p.files[path]!), () => true);
  }
  const specs = positional(args, CONDA_VALUE);
  found.installs.push(...onLine(p, instr, specs.map(condaSpecName)).map((d) => ({ ...d, ecosystem: 'conda' as const })));
  return found;
}

/** `conda install --file specs.txt`: a conda spec per line. */
function condaSpecFile(file: string, text: string): Declared[] {
  return text.split(/\r?\n/).flatMap((l, i) => {
    const spec = l.replace(/(^|\s)#.*$/, '').trim();
    const name = spec === '' ? null : condaSpecName(spec);
    return name ? [{ name, file, line: i + 1, group: null, dev: false, optional: false, ecosystem: 'conda' as const }] : [];
  });
}

function add(found: Found, path: string, deps: Declared[], selects: (d: Declared) => boolean): void {
  if (!found.manifests.includes(path)) found.manifests.push(path);
  for (const d of deps) (selects(d) ? found.installs : found.leftOut).push(d);
}

function merge(a: Found, b: Found): Found {
  return { tool: a.tool, manifests: [...a.manifests, ...b.manifests], unknown: [...a.unknown, ...b.unknown], installs: [...a.installs, ...b.installs], leftOut: [...a.leftOut, ...b.leftOut] };
}

/** Names on the Dockerfile's own line. */
function onLine(p: Project, instr: Instruction, names: (string | null)[]): Declared[] {
  return names.flatMap((name) => (name === null ? [] : [{ name, file: p.dockerfilePath, line: instr.line, group: null, dev: false, optional: false, ecosystem: 'pypi' as const }]));
}

/** Arguments that are not options or option values. */
function positional(args: string[], withValue: Set<string>): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (withValue.has(args[i]!)) i++;
    else if (!args[i]!.startsWith('-')) out.push(args[i]!);
  }
  return out;
}

/** Files a read requirements file includes (`-r`/`-c`, relative to it) that are not read: the loader reads them next. */
function includedButUnread(path: string, files: Record<string, string>): string[] {
  const out: string[] = [];
  for (const f of requirementFileClosure(path, files)) {
    const dir = f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '';
    for (const l of (files[f] ?? '').split(/\r?\n/)) {
      const inc = /^\s*(?:-r|--requirement|-c|--constraint)(?:\s*=\s*|\s+|(?=[^\s=-]))(\S+)/.exec(l);
      if (inc) {
        const target = joinPath(`/${dir}`, inc[1]!).slice(1);
        if (files[target] === undefined) out.push(target);
      }
    }
  }
  return out;
}

export type { Declared } from './manifest-deps.js';
