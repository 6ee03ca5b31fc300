// multi-stage: the final stage's installs move to a builder stage on the original base, and the final stage moves
// to the slim sibling, keeping only what runs the app.
//
// pip stacks: the builder makes a venv (/opt/venv, or the one the Dockerfile already makes) before the first pip
// install and runs every step up to the last install; the final stage copies the venv (`COPY --from=builder`) and
// keeps the app's COPYs, ENV, WORKDIR, USER, CMD …. A venv rather than `pip install --prefix=/install`: it needs
// no knowledge of the interpreter's site-packages layout (Debian's python3 puts --prefix installs elsewhere), and
// pip, python and console scripts find it through PATH alone. Apt-based Python stacks (python3-X from Debian)
// get a venv with --system-site-packages, so pip adds only what Debian lacks; the final stage installs the
// run-time apt packages again, with --no-install-recommends and the list cleanup, and leaves the build-only
// ones (compilers, -dev headers, pip/venv/dev tools, git/curl that only build steps run) in the builder; a -dev
// package leaves its run-time library behind where its name is known (libpq-dev → libpq5).
// Stacks with apt installs and no pip need no builder: nothing is built to copy. The variant then keeps one stage
// on the slim base that installs only the run-time packages.
import { finalStage, type DockerfileModel, type Stage } from '../../dockerfile/index.js';
import { aptRuns, packageName } from '../../analysis/packages/apt.js';
import { slimFinalBase, type FinalBase } from '../../analysis/images/final-base.js';
import { onEarlierStage } from '../../analysis/images/stage-base.js';
import { reason, type Reason, type ReasonCode } from '../../reasons.js';
import { pipInstalls, type PipInstall } from '../../analysis/python/pip-args.js';
import { assembleAptOnly, assembleWithBuilder } from './assemble.js';
import { lines } from '../../analysis/python/pip.js';
import { splitStage, type StageSplit } from '../../analysis/stage/stage-split.js';
import type { Project, Rule, RuleEdits } from '../types.js';
import { defineRule, type Analysis } from '../define.js';

export type { Analysis } from '../define.js';
import type { StageFacts } from './facts.js';

export const multiStage: Rule = defineRule('multi-stage', 'installs in a builder stage (venv), final stage on the slim base with only the installed tree, the run-time packages and the app', analyse);


function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const stage = finalStage(model);
  const onStage = onEarlierStage(model, stage);
  if (onStage) return { ok: false, reason: onStage };
  const split = splitStage(model, stage);
  if (split.lastInstall === -1) {
    const exec = split.execInstalls.length ? ` (exec-form RUN on ${lines(split.execInstalls)} left alone)` : '';
    return no('no-install-in-final-stage', `no apt-get install or pip install in the final stage: nothing to leave in a builder${exec}`);
  }
  const base = finalBase(model, stage);
  if ('reason' in base) return { ok: false, reason: base.reason };
  const copies = stage.instructions.filter((i) => i.keyword === 'COPY' && i.flags.some((f) => f.name === 'from'));
  if (copies.length > 0 && base.edit === null) {
    return no('already-multi-stage', `already multi-stage with a slim final stage (${base.shown}; COPY --from on ${lines(copies.map((c) => c.line))})`);
  }
  const pip = pipInstalls(model, p.files, p.contextPaths, [stage]);
  const outside = pip.find((i) => i.options.some((o) => ['--target', '-t', '--prefix', '--root'].includes(o.name)) || i.cmd.at[0]!.text.includes('/'));
  if (outside) {
    return no('pip-outside-venv', `pip install on line ${outside.script.instr.line} installs outside a venv (--target/--prefix/--root or pip by absolute path): copy that tree into a slim stage yourself`);
  }
  if (split.venv === undefined) return no('venv-path-unknown', 'the stage makes a venv whose path dflab cannot read (a variable or an unknown WORKDIR)');
  const facts: StageFacts = { model, stage, split, base, pip, aptPackages: aptPackagesUpTo(model, stage, split.lastInstall), files: p.files };
  if (pip.length === 0 && split.venv === null) return assembleAptOnly(facts);
  return assembleWithBuilder(facts);
}

/** The final stage's base: slim already (kept), or its slim sibling (edited), or why neither. */
function finalBase(model: DockerfileModel, stage: Stage): FinalBase | { reason: Reason } {
  const base = slimFinalBase(model, stage, 'multi-stage');
  if ('reason' in base && base.reason.code !== 'final-base-alpine') return { reason: { ...base.reason, message: `no slim base for the final stage: ${base.reason.message}` } };
  return base;
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
