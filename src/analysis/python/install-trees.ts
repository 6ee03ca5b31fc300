// Where pip, uv, poetry and pipenv installs land and which Python they are bound to, read the way each tool decides
// it: pip by the interpreter it belongs to (its path, or the first PATH entry that holds one) and its --user,
// --prefix, --target, --root; uv sync by the project env (UV_PROJECT_ENVIRONMENT or ./.venv); uv pip by --system,
// UV_SYSTEM_PYTHON, VIRTUAL_ENV or ./.venv; poetry by an active venv, virtualenvs.create and .in-project (env, `poetry
// config`, poetry.toml); pipenv by --system, an active venv, PIPENV_VENV_IN_PROJECT.
import type { Instruction } from '../../dockerfile/index.js';
import { installerOf } from './installer-of.js';
import { pipInstallIndex } from './pip.js';
import { absolutePath, falsy, homeOf, pathDirs, truthy, BASE_PATH, type CommandEnv } from './install-env.js';
import type { BoundPython, DependencyInstall, InstallTree, WalkState } from './install-types.js';
import type { SimpleCommand } from '../shell/shell.js';

type Found = Pick<DependencyInstall, 'installer' | 'what' | 'tree' | 'python' | 'project'>;

const SYSTEM_DIRS = new Set(['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin']);
const BASE: BoundPython = { kind: 'base' };

/** A pip, uv, poetry or pipenv dependency install; null for any other command. */
export function readInstall(cmd: SimpleCommand, env: CommandEnv, st: WalkState, instr: Instruction): Found | null {
  switch (installerOf(cmd)) {
    case 'pip': return pipInstall(cmd, env, st);
    case 'uv': return cmd.words[1] === 'sync' ? uvSync(cmd, env, st) : uvPip(cmd, env, st);
    case 'poetry': return poetryInstall(cmd, env, st, instr);
    case 'pipenv': return pipenvInstall(cmd, env, st);
    default: return null; // conda: conda.ts
  }
}

function pipInstall(cmd: SimpleCommand, env: CommandEnv, st: WalkState): Found {
  const args = cmd.words.slice(pipInstallIndex(cmd) + 1);
  const opt = (...names: string[]) => optionValue(args, names);
  const what = `${/^python/.test(cmd.name) ? `${cmd.words[0]} -m pip` : cmd.words[0]} install`;
  const found = (tree: InstallTree, python: BoundPython = BASE): Found => ({ installer: 'pip', what, tree, python, project: null });
  for (const [names, envName, option] of [[['-t', '--target'], 'PIP_TARGET', '--target'], [['--prefix'], 'PIP_PREFIX', '--prefix'], [['--root'], null, '--root']] as const) {
    const v = opt(...names) ?? (envName ? env.get(envName) : undefined);
    if (v === undefined) continue;
    const path = v === null ? null : absolutePath(v, env.cwd);
    return found(path === null ? unknown(`${option} ${v ?? '(a variable)'} is not a path dflab can read`) : { kind: 'prefix', path, option });
  }
  const at = locate(cmd.words[0]!, env, st);
  if (args.includes('--user') || truthy(env.get('PIP_USER'))) {
    if (at.tree.kind !== 'system') return found(unknown(`${what} --user from ${at.tree.kind === 'venv' ? `the venv ${at.tree.path}` : 'a conda env'}`));
    const base = env.get('PYTHONUSERBASE') ?? homeOf(env)?.concat('/.local') ?? null;
    return found(base === null ? unknown(`the home of user ${env.user} is not known`) : { kind: 'user', base }, at.python);
  }
  return found(at.tree, at.python);
}

function uvSync(cmd: SimpleCommand, env: CommandEnv, st: WalkState): Found {
  const project = projectDir(cmd.words, ['--directory', '--project'], env);
  const python = uvPython(cmd.words, env, st);
  const setting = env.get('UV_PROJECT_ENVIRONMENT');
  let tree: InstallTree;
  if (project === null) tree = unknown('its project directory is not known (a variable or an unknown WORKDIR)');
  else if (setting === null) tree = unknown('UV_PROJECT_ENVIRONMENT holds a value dflab cannot read');
  else {
    const path = absolutePath(setting ?? '.venv', project);
    tree = path === null ? unknown('its project environment path is not known') : isSystemPrefix(path) ? { kind: 'system' } : { kind: 'venv', path };
  }
  return { installer: 'uv', what: 'uv sync', tree, python, project };
}

function uvPip(cmd: SimpleCommand, env: CommandEnv, st: WalkState): Found {
  const args = cmd.words.slice(3);
  const what = `uv pip ${cmd.words[2]}`;
  const found = (tree: InstallTree, python: BoundPython): Found => ({ installer: 'uv', what, tree, python, project: null });
  for (const option of ['--target', '--prefix']) {
    const v = optionValue(args, [option]);
    if (v !== undefined) return found(v === null || absolutePath(v, env.cwd) === null ? unknown(`${option} is not a path dflab can read`) : { kind: 'prefix', path: absolutePath(v, env.cwd)!, option }, BASE);
  }
  const python = optionValue(args, ['-p', '--python']) ?? env.get('UV_PYTHON');
  if (python !== undefined && python !== null && python.includes('/')) return found(locate(python, env, st).tree, BASE);
  if (args.includes('--system') || truthy(env.get('UV_SYSTEM_PYTHON'))) {
    const at = locate('python3', env, st);
    return found(at.tree, python === undefined ? at.python : uvPython(cmd.words, env, st));
  }
  const venv = env.get('VIRTUAL_ENV');
  if (venv) return found({ kind: 'venv', path: venv }, BASE);
  const conda = env.get('CONDA_PREFIX');
  if (conda) return found({ kind: 'conda', prefix: conda, root: conda === st.condaRoot }, { kind: 'env' });
  const local = env.cwd === null ? null : absolutePath('.venv', env.cwd);
  if (local !== null && st.venvs.has(local)) return found({ kind: 'venv', path: local }, BASE);
  return found(unknown(`${what} finds no venv to install into (no --system, VIRTUAL_ENV or .venv)`), BASE);
}

function poetryInstall(cmd: SimpleCommand, env: CommandEnv, st: WalkState, instr: Instruction): Found {
  const project = projectDir(cmd.words, ['-C', '--directory', '-P', '--project'], env);
  const found = (tree: InstallTree, python: BoundPython = BASE): Found => ({ installer: 'poetry', what: `poetry ${cmd.words[1]}`, tree, python, project });
  const venv = env.get('VIRTUAL_ENV');
  if (venv) return found({ kind: 'venv', path: venv });
  const local = poetryToml(st.readFile(instr, project === null ? 'poetry.toml' : `${project}/poetry.toml`));
  const setting = (key: string) => env.get(`POETRY_${key.toUpperCase().replace(/[.-]/g, '_')}`) ?? local.get(key) ?? st.poetry.get(key);
  if (falsy(setting('virtualenvs.create'))) {
    const at = locate('python3', env, st);
    return found(at.tree, at.python);
  }
  if (truthy(setting('virtualenvs.in-project'))) {
    return found(project === null ? unknown('its project directory is not known') : { kind: 'venv', path: `${project === '/' ? '' : project}/.venv` });
  }
  const where = setting('virtualenvs.path') ?? '~/.cache/pypoetry/virtualenvs';
  return found(unknown(`poetry makes its venv under ${where}, named after the project and a hash (set POETRY_VIRTUALENVS_IN_PROJECT=true or virtualenvs.create false)`));
}

function pipenvInstall(cmd: SimpleCommand, env: CommandEnv, st: WalkState): Found {
  const project = env.cwd === null || env.cwd.startsWith('/<') ? null : env.cwd;
  const found = (tree: InstallTree, python: BoundPython = BASE): Found => ({ installer: 'pipenv', what: `pipenv ${cmd.words[1]}`, tree, python, project });
  if (cmd.words.includes('--system') || truthy(env.get('PIPENV_SYSTEM'))) {
    const at = locate('python', env, st);
    return found(at.tree, at.python);
  }
  const venv = env.get('VIRTUAL_ENV');
  if (venv && !truthy(env.get('PIPENV_IGNORE_VIRTUALENVS'))) return found({ kind: 'venv', path: venv });
  const local = project === null ? null : `${project === '/' ? '' : project}/.venv`;
  if (local !== null && (truthy(env.get('PIPENV_VENV_IN_PROJECT')) || st.venvs.has(local))) return found({ kind: 'venv', path: local });
  return found(unknown(`pipenv makes its venv under ${env.get('WORKON_HOME') ?? '~/.local/share/virtualenvs'}, named after the project and a hash (set PIPENV_VENV_IN_PROJECT=1, or install with --system)`));
}

/** The tree a program (pip, python3 …) installs into: by its own path, or by the first PATH entry that holds a Python. */
export function locate(program: string, env: CommandEnv, st: WalkState): { tree: InstallTree; python: BoundPython } {
  if (program.includes('/')) {
    const path = expand(program, env);
    const abs = path === null ? null : absolutePath(path, env.cwd);
    if (abs === null) return { tree: unknown(`${program} is not a path dflab can read`), python: BASE };
    const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
    const at = locateDir(dir, env, st) ?? { tree: unknown(`${abs} is neither in a venv dflab sees made nor in a system directory`), python: BASE };
    return at.tree.kind === 'system' && /python/.test(abs) ? { tree: at.tree, python: { kind: 'path', path: abs } } : at;
  }
  for (const dir of pathDirs(env.get('PATH'))) {
    if (dir === BASE_PATH) break;
    const at = locateDir(dir, env, st);
    if (at) return at;
  }
  if (st.condaImage?.onPath && st.condaRoot) return { tree: { kind: 'conda', prefix: st.condaRoot, root: true }, python: { kind: 'env' } };
  return { tree: { kind: 'system' }, python: BASE };
}

function locateDir(dir: string, env: CommandEnv, st: WalkState): { tree: InstallTree; python: BoundPython } | null {
  if (SYSTEM_DIRS.has(dir)) return { tree: { kind: 'system' }, python: BASE };
  if (!dir.endsWith('/bin')) return null;
  const parent = dir.slice(0, -4);
  if (st.venvs.has(parent) || env.get('VIRTUAL_ENV') === parent) return { tree: { kind: 'venv', path: parent }, python: BASE };
  if (parent === st.condaRoot || st.condaEnvs.has(parent)) return { tree: { kind: 'conda', prefix: parent, root: parent === st.condaRoot }, python: { kind: 'env' } };
  if (/(^|\/)[^/]*(venv|virtualenv|[._-]env|^env)[^/]*$|\/env$/i.test(parent)) return { tree: unknown(`${dir} is on PATH, but dflab sees no venv made at ${parent}`), python: BASE };
  return null;
}

/** The Python uv uses: the base's unless one uv installs or downloads is asked for or preferred. */
function uvPython(words: string[], env: CommandEnv, st: WalkState): BoundPython {
  const args = words.slice(1);
  const asked = optionValue(args, ['-p', '--python']) ?? env.get('UV_PYTHON');
  const preference = optionValue(args, ['--python-preference']) ?? env.get('UV_PYTHON_PREFERENCE');
  const noDownloads = /^(never|manual|0|false)$/i.test(env.get('UV_PYTHON_DOWNLOADS') ?? '') || args.includes('--no-python-downloads');
  if (args.includes('--managed-python') || preference === 'only-managed' || truthy(env.get('UV_MANAGED_PYTHON'))) return managed('it asks for a uv-managed Python');
  if (asked && asked.includes('/')) return { kind: 'path', path: asked };
  if (st.uvPythonInstall !== null && preference !== 'only-system' && preference !== 'system') return managed(`\`uv python install\` on line ${st.uvPythonInstall} gives uv a Python it prefers to the base's`);
  if (noDownloads) return BASE;
  if (asked && st.baseTag !== null && !st.baseTag.startsWith(asked.replace(/^(python|cpython)-?/, ''))) return managed(`it asks for Python ${asked}, which the base (tag ${st.baseTag}) may not have: uv downloads one`);
  if (st.basePython === false && !st.aptPython) return managed('the base has no Python and apt installs none: uv downloads one');
  return BASE;
}

function managed(why: string): BoundPython {
  return { kind: 'uv-managed', why };
}

/** The value of an option (`--opt v`, `--opt=v`, `-pv` for a short one); undefined when absent. */
export function optionValue(args: string[], names: string[]): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (names.includes(a)) return args[i + 1];
    const eq = names.find((n) => a.startsWith(`${n}=`));
    if (eq) return a.slice(eq.length + 1);
    const short = names.find((n) => /^-[a-zA-Z]$/.test(n) && a.startsWith(n) && a.length > 2 && !a.startsWith('--'));
    if (short) return a.slice(2);
  }
  return undefined;
}

function projectDir(words: string[], options: string[], env: CommandEnv): string | null {
  const dir = optionValue(words.slice(2), options);
  const cwd = env.cwd === null || env.cwd.startsWith('/<') ? null : env.cwd;
  return dir === undefined ? cwd : absolutePath(dir, cwd);
}

/** poetry.toml's `[virtualenvs]` settings as `virtualenvs.KEY` → value. */
function poetryToml(text: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  let table = '';
  for (const raw of (text ?? '').split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) table = header[1]!.trim();
    const kv = /^([A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (kv) out.set(`${table ? `${table}.` : ''}${kv[1]}`, kv[2]!.replace(/^["']|["']$/g, ''));
  }
  return out;
}

function isSystemPrefix(path: string): boolean {
  return path === '/usr' || path === '/usr/local';
}

/** The text with its $VARs read from the command's environment; null when one is unset or unreadable. */
export function expand(text: string, env: CommandEnv): string | null {
  let unresolved = false;
  const out = text.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, name: string) => {
    const v = env.get(name);
    if (v === undefined || v === null) unresolved = true;
    return v ?? '';
  });
  return unresolved ? null : out;
}

function unknown(why: string): InstallTree {
  return { kind: 'unknown', why };
}
