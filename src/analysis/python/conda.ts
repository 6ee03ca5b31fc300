// conda, mamba and micromamba installs: the env prefix they install into (-p/--prefix; -n/--name under the root
// prefix's envs/; the env file's `name:`/`prefix:` for `env create`; the active env otherwise), and the root prefix
// itself (-r/--root-prefix, MAMBA_ROOT_PREFIX, the installer's -p, the base image's).
import { parse } from 'yaml';
import type { Instruction } from '../../dockerfile/index.js';
import type { SimpleCommand } from '../shell/shell.js';
import { absolutePath, type CommandEnv } from './install-env.js';
import type { DependencyInstall, InstallTree, WalkState } from './install-types.js';
import { installerOf } from './installer-of.js';
import { optionValue } from './install-trees.js';

type Found = Pick<DependencyInstall, 'installer' | 'what' | 'tree' | 'python' | 'project'>;

/** A conda/mamba/micromamba install, create or env create/update; null for any other command. */
export function readCondaInstall(cmd: SimpleCommand, env: CommandEnv, st: WalkState, instr: Instruction): Found | null {
  const w = cmd.words;
  if (installerOf(cmd) !== 'conda') return null;
  const envFile = w[1] === 'env';
  const what = `${cmd.name} ${envFile ? `env ${w[2]}` : w[1]}`;
  const args = w.slice(envFile ? 3 : 2);
  const found = (tree: InstallTree): Found => ({ installer: 'conda', what, tree, python: { kind: 'env' }, project: null });
  const root = rootPrefix(args, env, st);
  const prefix = optionValue(args, ['-p', '--prefix']);
  if (prefix !== undefined) {
    const path = prefix === null ? null : absolutePath(prefix, env.cwd);
    return found(path === null ? unknown(`its prefix ${prefix} is not a path dflab can read`) : { kind: 'conda', prefix: path, root: path === root });
  }
  let name = optionValue(args, ['-n', '--name']);
  if (name === undefined && envFile) {
    const file = optionValue(args, ['-f', '--file']) ?? 'environment.yml';
    const spec = envFileFields(st.readFile(instr, file));
    if (spec === null) return found(unknown(`${file} is not a context file dflab can read (its env name or prefix decides where the env goes)`));
    if (spec.prefix) return found({ kind: 'conda', prefix: spec.prefix, root: spec.prefix === root });
    name = spec.name ?? undefined;
    if (name === undefined) return found(unknown(`${file} names no env (name: or prefix:)`));
  }
  name ??= env.condaActivated ?? env.get('ENV_NAME') ?? env.get('CONDA_DEFAULT_ENV') ?? 'base';
  if (root === null) return found(unknown(`the conda root prefix is not known (no installer -p, MAMBA_ROOT_PREFIX or known conda base image), so env ${name} has no known path`));
  if (name === null) return found(unknown('the active env holds a value dflab cannot read'));
  return found(name === 'base' ? { kind: 'conda', prefix: root, root: true } : { kind: 'conda', prefix: `${root === '/' ? '' : root}/envs/${name}`, root: false });
}

function rootPrefix(args: string[], env: CommandEnv, st: WalkState): string | null {
  const explicit = optionValue(args, ['-r', '--root-prefix']) ?? env.get('MAMBA_ROOT_PREFIX');
  if (explicit === null) return null;
  return explicit === undefined ? st.condaRoot : absolutePath(explicit, env.cwd);
}

/** The `name:` and `prefix:` of an environment.yml; null when it cannot be read. */
function envFileFields(text: string | undefined): { name: string | null; prefix: string | null } | null {
  if (text === undefined) return null;
  try {
    const doc = parse(text) as unknown;
    if (typeof doc !== 'object' || doc === null) return null;
    const { name, prefix } = doc as { name?: unknown; prefix?: unknown };
    return { name: typeof name === 'string' ? name : null, prefix: typeof prefix === 'string' && prefix.startsWith('/') ? prefix : null };
  } catch {
    return null;
  }
}

function unknown(why: string): InstallTree {
  return { kind: 'unknown', why };
}
