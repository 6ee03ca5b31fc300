// multi-stage's two shapes, as edits on the original final stage: a builder stage inserted before it (pip stacks),
// or one slim stage with only the run-time apt packages (apt-only stacks). See multi-stage.ts for the choices.
import {
  applyEdits, fromText, insertAfter, insertBefore, replaceInstruction, type DockerfileModel, type Instruction, type Stage, type TextEdit,
} from '../../dockerfile/index.js';
import type { Analysis } from '../define.js';
import type { StageFacts } from './facts.js';
import { reason } from '../../reasons.js';
import { aptCommand } from '../../analysis/packages/apt.js';
import { requirementFileClosure } from '../../analysis/python/pip-args.js';
import { removeWord } from '../../analysis/python/pip.js';
import { readRequirements } from '../../analysis/python/requirements.js';
import { isPythonLibDeb } from '../../analysis/python/python-packages.js';
import { splitPackages, type PackageSplit } from '../../analysis/python/runtime-packages.js';
import { offsetAfter, offsetAt } from '../../analysis/shell/run-script.js';
import { aptInstallRun, commandText, deleteTidy, removeCommands } from '../../analysis/shell/script-edit.js';
import { copiesOnlyRequirements, isInstallCommand, type RunSplit } from '../../analysis/stage/stage-split.js';
import { lostTools, stageCommands } from '../../analysis/stage/stage-tools.js';

/** Instructions that shape the running container, not the build: left out of the builder. */
const RUNTIME_ONLY = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK', 'LABEL', 'VOLUME', 'STOPSIGNAL', 'ONBUILD', 'MAINTAINER', 'USER']);
const DEFAULT_VENV = '/opt/venv';

export function assembleWithBuilder(f: StageFacts): Analysis {
  const { model, stage, split, base } = f;
  const builder = uniqueStageName(model, 'builder');
  const venv = split.venv ?? DEFAULT_VENV;
  const debs = [...new Set(f.aptPackages.filter(isPythonLibDeb))];
  const notes: string[] = [...base.notes];
  const builderOnly: string[] = [];
  const finalEdits: TextEdit[] = [];
  const kept: Instruction[] = [];
  stage.instructions.forEach((instr, i) => {
    if (i === 0) return;
    if (i > split.lastInstall) {
      kept.push(instr);
      return;
    }
    if (instr.keyword === 'RUN') finalEdits.push(...finalRun(model, split.runs.find((r) => r.instr === instr)!, kept, builderOnly));
    else if (copiesOnlyRequirements(instr)) finalEdits.push(deleteTidy(model, instr));
    else kept.push(instr);
  });
  const pkgs = runtimeSplit(f, kept);
  const header = [
    pkgs.runtime.length ? aptInstallRun(model, pkgs.runtime) : null,
    split.venv === null ? venvEnv(venv) : null,
    `COPY --from=${builder} ${venv} ${venv}`,
  ].filter((l): l is string => l !== null);
  const edits: TextEdit[] = [insertBefore(stage.from, `${builderText(f, builder, venv, debs.length > 0, notes)}\n\n`)];
  if (base.edit) edits.push(base.edit);
  edits.push(insertAfter(stage.from, header.join('\n')), ...finalEdits);
  const site = debs.length ? ` that also sees Debian's ${debs.join(', ')} (--system-site-packages; the final stage installs them again)` : '';
  notes.unshift(`builder stage ${builder} (${stage.baseImage}) runs the installs into the venv ${venv}${site}; the final stage on ${base.shown} copies ${venv} and keeps the app`);
  notes.push(...packageNotes(pkgs, base.shown, 'left in the builder'), ...builderOnly);
  if (base.lost === 'full' && f.pip.length > 0) {
    notes.push(`modules compiled in the builder may link libraries that ${stage.baseImage} has and ${base.shown} lacks: if one fails to import, install its run-time package in the final stage`);
  }
  return { ok: true, edits: { dockerfile: edits, files: [], notes } };
}

export function assembleAptOnly(f: StageFacts): Analysis {
  const { model, stage, split, base } = f;
  const kept: Instruction[] = stage.instructions.slice(1).filter((i, idx) => idx + 1 > split.lastInstall || i.keyword !== 'RUN' || !split.runs.find((r) => r.instr === i)?.installs);
  const pkgs = runtimeSplit(f, kept);
  if (base.edit === null && pkgs.buildOnly.length === 0) {
    return { ok: false, reason: reason('only-runtime-packages', `installs only run-time apt packages on a slim base (${base.shown}): nothing to leave in a builder`) };
  }
  const edits: TextEdit[] = base.edit ? [base.edit] : [];
  const installRuns = split.runs.filter((r) => r.installs && r.script);
  if (pkgs.runtime.length) edits.push(insertBefore(installRuns[0]!.instr, aptInstallRun(model, pkgs.runtime)));
  for (const r of installRuns) edits.push(...removeCommands(model, r.script!, r.script!.commands.filter(isInstallCommand)));
  const notes = [
    ...base.notes,
    `no pip install: nothing is built for a final stage to copy, so the variant keeps one stage, on ${base.shown}, with only the run-time apt packages`,
    ...packageNotes(pkgs, base.shown, 'left out'),
  ];
  return { ok: true, edits: { dockerfile: edits, files: [], notes } };
}

/** A RUN up to the last install, in the final stage: setup commands stay (useradd, mkdir …), the rest is the builder's. */
function finalRun(model: DockerfileModel, run: RunSplit, kept: Instruction[], builderOnly: string[]): TextEdit[] {
  const { instr, script } = run;
  if (!script) {
    builderOnly.push(`exec-form RUN on line ${instr.line} runs in the builder only`);
    return [deleteTidy(model, instr)];
  }
  if (run.other.length) {
    const cmds = run.other.map((c) => `\`${commandText(c)}\``).join(', ');
    builderOnly.push(`line ${instr.line}: ${cmds} ${run.other.length === 1 ? 'runs' : 'run'} in the builder only; if the app needs what ${run.other.length === 1 ? 'it makes' : 'they make'}, COPY it --from the builder`);
  }
  if (run.setup.length === 0) return [deleteTidy(model, instr)];
  if (!run.installs && run.other.length === 0) {
    kept.push(instr);
    return [];
  }
  return [replaceInstruction(instr, `RUN ${run.setup.map(commandText).join(' && ')}`)];
}

/** The builder stage: the original base and every step up to the last install, with the venv made before the first pip install. */
function builderText(f: StageFacts, name: string, venv: string, systemSite: boolean, notes: string[]): string {
  const { stage, split } = f;
  const out = [fromText(stage.from.flags, stage.baseImage, name)];
  stage.instructions.slice(1, split.lastInstall + 1).forEach((instr, k) => {
    if (RUNTIME_ONLY.has(instr.keyword)) {
      if (instr.keyword === 'USER') notes.push(`USER on line ${instr.line} is left out of the builder: its installs run as root there`);
      return;
    }
    if (instr.keyword !== 'RUN') {
      out.push(instr.raw);
      return;
    }
    const makeVenv = k + 1 === split.firstPip && split.venv === null ? `python3 -m venv${systemSite ? ' --system-site-packages' : ''} ${venv}` : null;
    out.push(...builderRun(f, instr, makeVenv, notes));
  });
  return out.join('\n');
}

/**
 * A RUN for the builder: as written, except that `pip install --user` becomes a plain install (a venv refuses
 * --user) and, for the first pip install, the venv is made first: in a RUN of its own before it, or, when the
 * same RUN installs Python with apt first, right before its first pip command (with python3-venv added to that
 * install on bases whose python3 lacks the venv module).
 */
function builderRun(f: StageFacts, instr: Instruction, makeVenv: string | null, notes: string[]): string[] {
  const pipHere = f.pip.filter((i) => i.script.instr === instr);
  const edits: TextEdit[] = pipHere.flatMap((i) => i.options.filter((o) => o.name === '--user').map((o) => removeWord(f.model, i.cmd.part, o.words[0]!)));
  if (edits.length) notes.push(`pip install --user on line ${instr.line} installs into the venv in the builder`);
  const before: string[] = [];
  if (makeVenv !== null) {
    const first = pipHere[0]!;
    const aptBefore = first.script.commands.slice(0, first.script.commands.indexOf(first.cmd)).map((c) => aptCommand(c)).filter((a) => a?.sub.text === 'install');
    const needsModule = !f.base.python && !f.aptPackages.some((p) => /^python3(\.\d+)?-(venv|full)$/.test(p));
    if (aptBefore.length > 0) {
      const at = offsetAt(first.cmd.part, first.cmd.start);
      edits.push({ start: at, end: at, newText: `${makeVenv} && ` });
      const last = aptBefore[aptBefore.length - 1]!;
      const lastPkg = last.packages[last.packages.length - 1];
      if (needsModule && lastPkg) edits.push({ start: offsetAfter(first.cmd.part, lastPkg.end), end: offsetAfter(first.cmd.part, lastPkg.end), newText: ' python3-venv' });
    } else {
      if (needsModule) before.push(aptInstallRun(f.model, ['python3-venv']));
      before.push(`RUN ${makeVenv}`);
    }
    before.push(venvEnv(makeVenv.replace(/^.* /, '')));
  }
  const text = edits.length ? applyEdits(instr.raw, edits.map((e) => ({ ...e, start: e.start - instr.start, end: e.end - instr.start }))) : instr.raw;
  return [...before, text];
}

/** The apt packages split into run time and build only, plus the tools the final stage runs that the slim base lacks. */
function runtimeSplit(f: StageFacts, kept: Instruction[]): PackageSplit {
  const finalStage: Stage = { ...f.stage, instructions: [f.stage.from, ...kept] };
  const atRun = new Set(stageCommands(finalStage).map((c) => c.cmd.name));
  const builderRuns = f.split.runs.filter((r) => f.stage.instructions.indexOf(r.instr) <= f.split.lastInstall && !kept.includes(r.instr));
  const atBuild = new Set(builderRuns.flatMap((r) => r.script?.commands.map((c) => c.name) ?? []));
  for (const vcs of pipVcsTools(f)) atBuild.add(vcs);
  const pkgs = splitPackages(f.aptPackages, atBuild, atRun);
  if (f.base.lost !== null) {
    for (const m of lostTools(finalStage, f.base.lost).missing) if (!pkgs.runtime.includes(m.pkg)) pkgs.runtime.push(m.pkg);
    if (pkgs.runtime.some((p) => p === 'curl' || p === 'wget' || p === 'git') && !pkgs.runtime.includes('ca-certificates')) pkgs.runtime.unshift('ca-certificates');
  }
  return pkgs;
}

/** The version-control tools pip runs for `git+…`/`hg+…`/`svn+…` requirements of the builder's installs. */
function pipVcsTools(f: StageFacts): string[] {
  const specs = f.pip.flatMap((i) => [
    ...i.targets.map((t) => t.word.text),
    ...i.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, f.files) : []).flatMap((p) => readRequirements(f.files[p]!).map((l) => l.text))),
  ]);
  return ['git', 'hg', 'svn'].filter((vcs) => specs.some((s) => new RegExp(`(^|\\s|=)${vcs}\\+`).test(s)));
}

function packageNotes(s: PackageSplit, finalShown: string, dropped: string): string[] {
  const notes: string[] = [];
  if (s.buildOnly.length) notes.push(`${dropped}: ${s.buildOnly.join(', ')}`);
  if (s.runtime.length) {
    const libs = s.libraries.length ? ` (${s.libraries.map(([d, l]) => `${l} for ${d}`).join(', ')})` : '';
    notes.push(`the final stage on ${finalShown} installs the run-time apt packages ${s.runtime.join(', ')}${libs} with --no-install-recommends`);
  }
  if (s.unknownDev.length) notes.push(`no run-time library known for ${s.unknownDev.join(', ')}: if a compiled module fails to import, install its library in the final stage`);
  if (s.unusedTools.length) {
    const one = s.unusedTools.length === 1;
    notes.push(`${s.unusedTools.join(', ')} ${one ? 'is' : 'are'} installed but no step runs ${one ? 'it' : 'them'}: kept in the final stage in case the app calls ${one ? 'it' : 'them'}`);
  }
  return notes;
}

function venvEnv(venv: string): string {
  return `ENV VIRTUAL_ENV=${venv} PATH="${venv}/bin:$PATH"`;
}

/** `base`, or `base-2`, `base-3` … whichever no stage of the Dockerfile is named yet. */
export function uniqueStageName(model: DockerfileModel, base: string): string {
  const taken = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter((n) => n));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
