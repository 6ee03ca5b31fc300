// multi-stage: the final stage's installs move to a builder stage on the original base, and the final stage moves
// to the slim sibling, keeping only what runs the app.
//
// Python stacks: the builder runs every step up to the last install — every dependency install (pip, uv, poetry,
// pipenv, conda; python/installers.ts) together with the installs of the installers themselves — and the final
// stage copies each installed tree from it at the same path, with the same Python (trees.ts): the Dockerfile's own
// venv, uv's and poetry's/pipenv's project .venv, a --prefix/--target dir, a conda env with its prefix. Installs
// into the system site-packages or the user base go into a venv the builder makes (/opt/venv) right before the
// first of them: pip, python, console scripts, poetry and pipenv find it through VIRTUAL_ENV and PATH, and it needs
// no knowledge of the interpreter's site-packages layout. Apt-based Python stacks (python3-X from Debian) get a
// venv with --system-site-packages, so pip adds only what Debian lacks; the final stage installs the run-time apt
// packages again, with --no-install-recommends and the list cleanup, and leaves the build-only ones (compilers,
// -dev headers, pip/venv/installer tools, git/curl that only build steps run) in the builder; a -dev package leaves
// its run-time library behind where its name is known (libpq-dev → libpq5). uv's RUNs follow uv's Docker pattern
// (uv-pattern.ts). The variant is read back before it is claimed (verify.ts): no install lost, no tree left behind.
// Stacks with apt installs and no Python install need no builder: nothing is built to copy. The variant then keeps
// one stage on the slim base that installs only the run-time packages.
// A CommonJS module whose typings declare an ES default export; at runtime `.default` is the same function.
import dockerignoreLib from '@balena/dockerignore';
import { finalStage, parseImageRef, replaceBaseImage, type DockerfileModel, type Instruction, type Stage } from '../../dockerfile/index.js';
import { aptRuns, packageName } from '../../analysis/packages/apt.js';
import { slimFinalBase, type FinalBase } from '../../analysis/images/final-base.js';
import { onEarlierStage, resolvedBase } from '../../analysis/images/stage-base.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';
import { condaImage } from '../../analysis/images/python-images.js';
import { commandEnv, pathDirs } from '../../analysis/python/install-env.js';
import { pythonInstalls, type DependencyInstall } from '../../analysis/python/installers.js';
import { pipInstalls } from '../../analysis/python/pip-args.js';
import { lines } from '../../analysis/python/pip.js';
import { copyEntries, fromContext } from '../../analysis/stage/copy-sources.js';
import { copiesOnlyManifests, splitStage, type StageSplit } from '../../analysis/stage/stage-split.js';
import { stageCommands } from '../../analysis/stage/stage-tools.js';
import type { Project, Rule } from '../types.js';
import { defineRule, type Analysis } from '../define.js';
import { ADDS_A_STAGE, baseRequirement } from '../declared.js';
import { assembleAptOnly, assembleWithBuilder } from './assemble.js';
import type { DistrolessShape, StageFacts } from './facts.js';
import { isCopied, planTrees, type TreePlan } from './trees.js';
import { uvPattern } from './uv-pattern.js';
import { lostInstall } from './verify.js';

export type { Analysis } from '../define.js';

export const multiStage: Rule = defineRule('multi-stage', 'installs in a builder stage, final stage on the slim base with only the installed trees (venv, conda env …), the run-time packages and the app', analyse, {
  effect: ADDS_A_STAGE,
  requires: (before, after) => [...baseRequirement('base-image')(before, after), { kind: 'builder-only', subject: '' }],
});

/** Installers the final stage would not have: a command that runs one there makes the rule decline. */
const TOOLS = new Set(['poetry', 'pipenv', 'uv', 'uvx', 'conda', 'mamba', 'micromamba', 'pipx']);

function analyse(p: Project): Analysis {
  return analyseOnto(p, finalBase, null);
}

/** The builder rewrite onto the base `chooseBase` picks; base-distroless passes its image and its shape. */
export function analyseOnto(p: Project, chooseBase: (model: DockerfileModel, stage: Stage) => FinalBase | { reason: Reason }, distroless: DistrolessShape | null): Analysis {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { ok: false, reason: onStage };
  const py = pythonInstalls(model, stage, p.files, p.contextPaths);
  const installs = py.installs.filter((i) => i.instr.stage === stage.index);
  const split = splitStage(model, stage, { commands: py.commands, execRuns: py.execRuns });
  if (split.lastInstall === -1) {
    const exec = split.execInstalls.length ? ` (exec-form RUN on ${lines(split.execInstalls)} left alone)` : '';
    return no('no-install-in-final-stage', `no apt, pip, uv, poetry, pipenv or conda install in the final stage: nothing to leave in a builder${exec}`);
  }
  const base = chooseBase(model, stage);
  if ('reason' in base) return { ok: false, reason: base.reason };
  const copies = stage.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from') && !py.tools.some((t) => t.instr === i));
  if (copies.length > 0 && base.edit === null) {
    return no('already-multi-stage', `already multi-stage with a slim final stage (${base.shown}; COPY --from on ${lines(copies.map((c) => c.line))})`);
  }
  const made = py.venvs.filter((v) => v.instr.stage === stage.index);
  if (made.some((v) => v.path === null)) return no('venv-path-unknown', 'the stage makes a venv whose path dflab cannot read (a variable or an unknown WORKDIR)');
  const stageVenv = made.length ? made[made.length - 1]!.path : null;
  const trees = planTrees(installs, stageVenv, (name) => installs.some((i) => commandEnv(model, i.instr, null, null).get(name) !== undefined));
  if ('reason' in trees) return { ok: false, reason: trees.reason };
  const conda = condaImage(parseImageRef(resolvedBase(model, stage)));
  const sameImage = base.edit === null && conda !== null;
  const runtime = runtimeNeed(model, stage, split, trees, sameImage) ?? (sameImage ? null : condaActivation(model, stage, installs)) ?? overwrites(p, stage, trees);
  if (runtime) return { ok: false, reason: runtime };
  const hidden = aptVariables(model, stage, split.lastInstall);
  if (hidden) return { ok: false, reason: hidden };
  const facts: StageFacts = {
    model, stage, split, base, py, installs, trees, stageVenv, files: p.files, sameImage, baseUser: conda?.user ?? null,
    pip: pipInstalls(model, p.files, p.contextPaths, [stage]),
    uv: uvPattern(model, stage, installs, p.files, p.contextPaths),
    aptPackages: aptPackagesUpTo(model, stage, split.lastInstall),
    distroless,
  };
  // On a distroless base nothing can be installed again: an apt-only stack's packages are copied from a builder too.
  if (installs.length === 0 && stageVenv === null && !distroless) return assembleAptOnly(facts);
  const variant = assembleWithBuilder(facts);
  if (!variant.ok) return variant;
  const lost = lostInstall(p, facts, variant.edits);
  return lost ? no('install-not-placed', `multi-stage cannot place every install: ${lost}`) : variant;
}

/** The final stage's base: slim already (kept), its slim sibling (edited), for a conda image the OS under it; or why none. */
function finalBase(model: DockerfileModel, stage: Stage): FinalBase | { reason: Reason } {
  const shown = resolvedBase(model, stage);
  const conda = condaImage(parseImageRef(shown));
  if (conda?.tool === 'micromamba') {
    const notes = [`the final stage stays on ${shown}: slim already, with micromamba outside the env it activates (entrypoint and SHELL as before)`];
    return { edit: null, image: stage.baseImage, shown, lost: null, python: false, notes };
  }
  if (conda) {
    if (conda.os === null) return { reason: reason('no-slim-sibling', `no slim base known for the final stage: ${shown} ships conda on an OS image dflab does not know`) };
    const notes = [`the final stage runs on ${conda.os}, the OS ${shown} is built on: a conda env carries its own Python and libraries`];
    return { edit: replaceBaseImage(model, stage.index, conda.os), image: conda.os, shown: conda.os, lost: 'scm', python: false, notes };
  }
  const base = slimFinalBase(model, stage, 'multi-stage');
  if ('reason' in base && base.reason.code !== 'final-base-alpine') return { reason: { ...base.reason, message: `no slim base for the final stage: ${base.reason.message}` } };
  return base;
}

/** Why the final stage would miss something it runs: an installer (poetry run, uv run, conda run …), or the system Python by its path while the installs move into a venv. */
function runtimeNeed(model: DockerfileModel, stage: Stage, split: StageSplit, trees: TreePlan, sameImage: boolean): Reason | null {
  const kept = (i: Instruction) => stage.instructions.indexOf(i) > split.lastInstall;
  for (const c of stageCommands(model, stage)) {
    if (!c.runtime && !kept(c.instr)) continue;
    if (TOOLS.has(c.cmd.name) && !(sameImage && c.cmd.name === 'micromamba')) {
      return reason('installer-at-run-time', `${c.instr.keyword} on line ${c.instr.line} runs ${c.cmd.name}, which stays in the builder with the installs: the final stage would not have it`);
    }
    if (trees.venv && /^\/(usr\/(local\/)?)?bin\/python/.test(c.cmd.words[0]!)) {
      return reason('python-by-path', `${c.instr.keyword} on line ${c.instr.line} runs ${c.cmd.words[0]} by its path: it would not see the venv ${trees.venv} the installs move into`);
    }
  }
  const shell = stage.instructions.find((i) => i.keyword === 'SHELL' && TOOLS.has((i.args[0] ?? '').replace(/^.*\//, '')));
  return shell && !sameImage ? reason('installer-at-run-time', `SHELL on line ${shell.line} runs the build's commands through ${shell.args[0]}, which the final stage would not have`) : null;
}

/** Why a conda env would not be active in the final stage: nothing there puts its bin on PATH (conda activates it in the original). */
function condaActivation(model: DockerfileModel, stage: Stage, installs: DependencyInstall[]): Reason | null {
  const last = stage.instructions.find((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT') ?? stage.instructions[stage.instructions.length - 1]!;
  const path = pathDirs(commandEnv(model, last, null, null).get('PATH'));
  const runs = stageCommands(model, stage).filter((c) => c.runtime).map((c) => c.cmd.words[0]!);
  for (const i of installs) {
    if (i.tree.kind !== 'conda') continue;
    const bin = `${i.tree.prefix}/bin`;
    if (!path.includes(bin) && !(runs.length > 0 && runs.every((r) => r.startsWith(`${bin}/`)))) {
      return reason('conda-env-not-on-path', `${i.what} on line ${i.instr.line} makes the conda env ${i.tree.prefix}, and no ENV puts ${i.tree.prefix}/bin on PATH: the original finds it through conda's activation, which the final stage would not have`);
    }
  }
  return null;
}

/** Why a context COPY the final stage keeps would land on a tree it takes from the builder (a local .venv sent along). */
function overwrites(p: Project, stage: Stage, trees: TreePlan): Reason | null {
  const ignore = dockerignoreLib.default().add((p.files['.dockerignore'] ?? '').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  for (const instr of stage.instructions.slice(1)) {
    if (!fromContext(instr) || copiesOnlyManifests(instr)) continue;
    const hit = (copyEntries(p.dockerfile, instr, p.contextPaths) ?? []).find((e) => !ignore.ignores(e.ctx) && isCopied(trees, e.image));
    if (hit) return reason('context-over-tree', `COPY on line ${instr.line} sends the context's ${hit.ctx} into ${hit.image}, over the tree the final stage takes from the builder (add it to .dockerignore)`);
  }
  return null;
}

/** Why the apt packages cannot be split into run time and build only: an install takes them from a variable ($RUN_DEPS). */
function aptVariables(model: DockerfileModel, stage: Stage, last: number): Reason | null {
  for (const run of aptRuns(model, stage.instructions.slice(0, last + 1)).runs) {
    for (const { a } of run.apt) {
      const vars = a.sub.text === 'install' ? a.packages.filter((w) => w.text.includes('$')).map((w) => w.text) : [];
      if (vars.length) return reason('apt-packages-unread', `apt-get install on line ${run.script.instr.line} takes packages from ${vars.join(', ')}, which dflab does not read: the final stage could not install the run-time ones again`);
    }
  }
  return null;
}

function aptPackagesUpTo(model: DockerfileModel, stage: Stage, last: number): string[] {
  const upTo = new Set(stage.instructions.slice(0, last + 1));
  const out: string[] = [];
  for (const run of aptRuns(model, stage.instructions.filter((i) => upTo.has(i))).runs) {
    for (const { a } of run.apt) if (a.sub.text === 'install') out.push(...a.packages.map((w) => packageName(w.text)));
  }
  return out;
}

function no(code: ReasonCode, message: string): Analysis {
  return { ok: false, reason: reason(code, message) };
}
