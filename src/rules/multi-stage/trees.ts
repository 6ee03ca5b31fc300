// Which installed trees the final stage copies from the builder, at the same path: venvs (the Dockerfile's own,
// uv's and poetry's/pipenv's project .venv), --prefix/--target dirs, conda envs with their prefix, micromamba's
// base env; and the venv the builder makes for installs into the system site-packages or the user base (pip,
// pip --user, poetry with virtualenvs.create false, pipenv --system, uv pip --system, uv sync into /usr/local).
// Why not, where an install's tree cannot be carried: unknown, conda's own base env, a uv-managed Python, an
// interpreter named by its path that a venv would not catch.
import type { DependencyInstall } from '../../analysis/python/installers.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';

/** The venv the builder makes when the stage installs into the system site-packages and makes none itself. */
export const DEFAULT_VENV = '/opt/venv';
/** pip, setuptools and wheel upgrading themselves: the base's tooling, not the app's dependencies. */
const TOOLING = /^(pip|setuptools|wheel)([<>=!~ ].*)?$/i;

export interface TreePlan {
  /** Directories the final stage copies from the builder at the same path, outermost only. */
  copies: string[];
  /** The venv the builder makes for system and --user installs; null when none is needed. */
  venv: string | null;
  /** The first install that goes into that venv (the venv is made right before it). */
  firstIntoVenv: DependencyInstall | null;
  /** Settings for the builder's venv ENV line that point the installers at it. */
  builderEnv: string[];
}

/** The trees to carry, or why an install's tree cannot be carried. */
export function planTrees(installs: DependencyInstall[], stageVenv: string | null | undefined, systemSet: (name: string) => boolean): TreePlan | { reason: Reason } {
  const plan: TreePlan = { copies: [], venv: null, firstIntoVenv: null, builderEnv: [] };
  const intoVenv = installs.filter((i) => (i.tree.kind === 'system' || i.tree.kind === 'user') && !toolingOnly(i));
  for (const i of installs) {
    const why = cannotCarry(i);
    if (why) return { reason: reason(why.code, `${i.what} on line ${i.instr.line} ${why.message}`) };
  }
  if (intoVenv.length > 0) {
    if (stageVenv) {
      const own = installs.find((i) => i.tree.kind === 'venv' && i.tree.path === stageVenv);
      return { reason: reason('venv-and-system-installs', `${intoVenv[0]!.what} on line ${intoVenv[0]!.instr.line} installs outside the venv ${stageVenv} the stage makes${own ? ` (line ${own.instr.line} installs into it)` : ''}: two trees the final stage would need on two paths`) };
    }
    plan.venv = DEFAULT_VENV;
    plan.firstIntoVenv = installs.find((i) => i.tree.kind === 'system' || i.tree.kind === 'user')!;
    if (intoVenv.some((i) => i.what === 'uv sync')) plan.builderEnv.push(`UV_PROJECT_ENVIRONMENT=${DEFAULT_VENV}`);
    if (systemSet('UV_SYSTEM_PYTHON')) plan.builderEnv.push('UV_SYSTEM_PYTHON=0');
  }
  const dirs = installs.flatMap((i) => {
    if (i.tree.kind === 'venv') return [i.tree.path];
    if (i.tree.kind === 'prefix') return [i.tree.path];
    if (i.tree.kind === 'conda') return [i.tree.prefix];
    return [];
  });
  if (plan.venv) dirs.unshift(plan.venv);
  if (stageVenv) dirs.unshift(stageVenv);
  const unique = [...new Set(dirs)];
  plan.copies = unique.filter((d) => !unique.some((o) => o !== d && d.startsWith(`${o}/`)));
  return plan;
}

/** Why a tree cannot be given to the final stage at the same path with the same Python; null when it can. */
function cannotCarry(i: DependencyInstall): { code: ReasonCode; message: string } | null {
  const why = (code: ReasonCode, message: string) => ({ code, message });
  const t = i.tree;
  if (t.kind === 'unknown') return why('install-tree-unknown', `installs where dflab cannot tell: ${t.why}`);
  if (t.kind === 'conda' && t.root && /^(conda|mamba) /.test(i.what)) {
    return why('conda-base-env', `installs into conda's base env ${t.prefix}, which is conda's own install: a final stage would need all of it (install into an env of its own, conda create -p /opt/env, to carry only that)`);
  }
  if (t.kind === 'conda' && t.root && i.installer !== 'conda') return why('conda-base-env', `installs into the conda base env ${t.prefix} through ${i.what}, which the final stage would need conda's Python for`);
  if (i.python.kind === 'uv-managed') return why('uv-managed-python', `makes its environment with a Python uv installs or downloads (${i.python.why}), which the final stage would lack`);
  if (!i.located && (t.kind === 'user' || (t.kind === 'system' && i.installer === 'uv' && i.cmd.words.includes('--system')))) {
    return why('exec-form-install-flag', `(exec form) installs with ${t.kind === 'user' ? '--user' : '--system'}, which would have to go for the install to land in the venv the final stage copies: dflab does not rewrite exec-form RUNs`);
  }
  if ((t.kind === 'system' || t.kind === 'user') && i.python.kind === 'path') {
    return why('python-by-path', `runs ${i.python.path} by its path: it would install outside the venv the builder makes for the final stage to copy`);
  }
  if ((t.kind === 'system' || t.kind === 'user') && i.cmd.words[0]!.includes('/') && !toolingOnly(i)) {
    return why('python-by-path', `runs ${i.cmd.words[0]} by its path: it would install outside the venv the builder makes for the final stage to copy`);
  }
  return null;
}

/** A pip install of nothing but pip, setuptools and wheel. */
export function toolingOnly(i: DependencyInstall): boolean {
  if (i.installer !== 'pip') return false;
  const args = i.cmd.words.slice(i.cmd.words.indexOf('install') + 1).filter((w) => !w.startsWith('-'));
  return args.length > 0 && args.every((a) => TOOLING.test(a));
}

/** True when `path` is a copied directory or inside one. */
export function isCopied(plan: TreePlan, path: string): boolean {
  return plan.copies.some((c) => path === c || path.startsWith(`${c}/`));
}
