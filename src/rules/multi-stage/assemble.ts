// multi-stage's two shapes, as edits on the original final stage: a builder stage inserted before it (Python
// installs), or one slim stage with only the run-time apt packages (apt-only stacks). See index.ts for the choices.
import { insertAfter, insertBefore, type DockerfileModel, type Instruction, type Stage, type TextEdit } from '../../dockerfile/index.js';
import type { Analysis } from '../define.js';
import type { StageFacts } from './facts.js';
import { reason } from '../../reasons.js';
import { builderText, venvEnv } from './builder.js';
import { builderTail, distrolessNotes, finalCopies, missingPackages } from './distroless.js';
import { requirementFileClosure } from '../../analysis/python/pip-args.js';
import { readRequirements } from '../../analysis/python/requirements.js';
import { isPythonLibDeb } from '../../analysis/python/python-packages.js';
import { splitPackages, type PackageSplit } from '../../analysis/python/runtime-packages.js';
import { aptInstallRun, commandText, deleteTidy } from '../../analysis/shell/script-edit.js';
import { removeCommands } from '../../analysis/shell/structure-edit.js';
import { copiesOnlyManifests, isInstallCommand, type RunSplit } from '../../analysis/stage/stage-split.js';
import { lostTools, stageCommands } from '../../analysis/stage/stage-tools.js';


export function assembleWithBuilder(f: StageFacts): Analysis {
  const { model, stage, split, base } = f;
  const builder = uniqueStageName(model, 'builder');
  const debs = f.trees.venv ? [...new Set(f.aptPackages.filter(isPythonLibDeb))] : [];
  const notes: string[] = [...base.notes];
  const builderOnly: string[] = [];
  const finalEdits: TextEdit[] = [];
  const kept: Instruction[] = [];
  const refused: string[] = [];
  stage.instructions.forEach((instr, i) => {
    if (i === 0) return;
    if (i > split.lastInstall) {
      kept.push(instr);
      return;
    }
    if (instr.keyword === 'RUN') {
      const edited = finalRun(model, split.runs.find((r) => r.instr === instr)!, kept, builderOnly);
      if (typeof edited === 'string') refused.push(edited);
      else finalEdits.push(...edited);
    } else if (copiesOnlyManifests(instr) || f.py.tools.some((t) => t.instr === instr)) finalEdits.push(deleteTidy(model, instr));
    else kept.push(instr);
  });
  if (refused.length) return { ok: false, reason: reason('shell-structure', `the final stage cannot keep only the setup commands of its install RUNs: ${refused.join('; ')}`) };
  const pkgs = runtimeSplit(f, kept);
  if (f.sameImage && pkgs.buildOnly.length === 0 && builderOnly.length === 0 && f.py.tools.every((t) => t.instr.stage !== stage.index)) {
    return { ok: false, reason: reason('nothing-left-in-builder', `the final stage would stay on ${base.shown} and get the same ${f.trees.copies.join(', ')}: nothing (no build-only package, tool or step) is left in a builder`) };
  }
  const missing = f.distroless ? missingPackages(f, pkgs.runtime) : [];
  const header = [
    ...(f.distroless ? finalCopies(builder, missing) : pkgs.runtime.length ? [aptInstallRun(model, pkgs.runtime)] : []),
    f.trees.venv ? venvEnv(f.trees.venv) : null,
    ...f.trees.copies.map((dir) => `COPY --from=${builder} ${dir} ${dir}`),
  ].filter((l): l is string => l !== null);
  const tail = f.distroless ? builderTail(f, missing).map((l) => `\n${l}`).join('') : '';
  const edits: TextEdit[] = [insertBefore(stage.from, `${builderText(f, builder, debs.length > 0, notes)}${tail}\n\n`)];
  if (base.edit) edits.push(base.edit);
  edits.push(insertAfter(stage.from, header.join('\n')), ...finalEdits);
  const site = debs.length ? ` that also sees Debian's ${debs.join(', ')} (--system-site-packages; the final stage ${f.distroless ? 'copies' : 'installs'} them again)` : '';
  const copies = f.trees.copies.join(', ');
  notes.unshift(copies
    ? `builder stage ${builder} (${stage.baseImage}) runs the installs into ${describeTrees(f)}${site}; the final stage on ${base.shown} copies ${copies} and keeps the app`
    : `builder stage ${builder} (${stage.baseImage}) runs the apt installs; the final stage on ${base.shown} copies the run-time packages' files and keeps the app`);
  const packages = f.distroless ? [...packageNotes({ ...pkgs, runtime: [] }, base.shown, 'left in the builder'), ...distrolessNotes(f, missing, pkgs.runtime)] : packageNotes(pkgs, base.shown, 'left in the builder');
  notes.push(...toolNotes(f), ...uvNotes(f), ...editableNotes(f), ...packages, ...builderOnly);
  if (base.lost === 'full' && f.installs.length > 0) {
    notes.push(`modules compiled in the builder may link libraries that ${stage.baseImage} has and ${base.shown} lacks: if one fails to import, install its run-time package in the final stage`);
  }
  return { ok: true, edits: { dockerfile: edits, files: [], notes } };
}

/** "the venv /opt/venv", "the venv /app/.venv and the conda env /opt/env" … */
function describeTrees(f: StageFacts): string {
  const parts = f.trees.copies.map((dir) => {
    if (dir === f.trees.venv || dir === f.stageVenv) return `the venv ${dir}`;
    const tree = f.installs.map((i) => i.tree).find((t) => (t.kind === 'venv' || t.kind === 'prefix') ? t.path === dir : t.kind === 'conda' && t.prefix === dir);
    if (tree?.kind === 'prefix') return `the ${tree.option} directory ${dir}`;
    if (tree?.kind === 'conda') return `${tree.root ? 'the base env' : 'the conda env'} ${dir}`;
    return `the venv ${dir}`;
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts[0]!;
}

/** The installers themselves stay in the builder. */
function toolNotes(f: StageFacts): string[] {
  // Tools apt installs are among the apt packages left in the builder, which a note of their own names.
  const tools = [...new Set(f.py.tools.filter((t) => t.instr.stage === f.stage.index && t.how !== 'apt').map((t) => t.tool))];
  return tools.length ? [`left in the builder: ${tools.join(', ')} (the final stage runs none of ${tools.length === 1 ? 'it' : 'them'})`] : [];
}

/** An editable install links the tree to the sources: the final stage must hold them at the same path (its COPYs do). */
function editableNotes(f: StageFacts): string[] {
  const editable = f.installs.filter((i) => i.installer === 'pip' && i.cmd.words.some((w) => w === '-e' || w.startsWith('--editable')));
  return editable.map((i) => `${i.what} -e on line ${i.instr.line} links the installed tree to the sources: the final stage's own COPY puts them at the same path`);
}

function uvNotes(f: StageFacts): string[] {
  if (!f.uv) return [];
  const env = f.uv.env?.replace(/^ENV /, '') ?? null;
  const what = [[...f.uv.cacheMount.values()].some((v) => v) ? `a cache mount on uv's cache` : null, env].filter((x) => x);
  const python = env?.includes('UV_PYTHON_DOWNLOADS=0') ? ' (no Python downloads: the venv keeps the base\'s Python, which the final stage has)' : '';
  const notes = what.length ? [`uv's Docker pattern in the builder: ${what.join('; ')}${python}`] : [];
  for (const s of f.uv.splits) {
    notes.push(`${s.install.what} on line ${s.install.instr.line}: the dependencies first (--no-install-project, the manifests bind-mounted), before line ${s.before.line} copies the project, then the project${s.locked ? '; --locked: the build fails if uv.lock is out of date, where the original re-locks' : ''}`);
  }
  return notes;
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
  for (const r of installRuns) {
    const removed = removeCommands(model, r.script!, r.script!.commands.filter(isInstallCommand));
    if (!removed.ok) return { ok: false, reason: reason('shell-structure', `the installs cannot be taken out of their RUN: ${removed.why}`) };
    edits.push(...removed.edits);
  }
  const notes = [
    ...base.notes,
    `no pip install: nothing is built for a final stage to copy, so the variant keeps one stage, on ${base.shown}, with only the run-time apt packages`,
    ...packageNotes(pkgs, base.shown, 'left out'),
  ];
  return { ok: true, edits: { dockerfile: edits, files: [], notes } };
}

/**
 * A RUN up to the last install, in the final stage: setup commands stay (useradd, mkdir …) where they are written,
 * in their branches, with the conditions around them; the rest is the builder's. A string: why that cannot be done.
 */
function finalRun(model: DockerfileModel, run: RunSplit, kept: Instruction[], builderOnly: string[]): TextEdit[] | string {
  const { instr, script } = run;
  if (!script) {
    if (!run.installs) builderOnly.push(`exec-form RUN on line ${instr.line} runs in the builder only`);
    return [deleteTidy(model, instr)];
  }
  const other = run.other.filter((c) => c.place?.role !== 'condition' && c.place?.role !== 'substitution'); // tests and substitutions make nothing
  if (other.length) {
    const cmds = other.map((c) => `\`${commandText(c)}\``).join(', ');
    builderOnly.push(`line ${instr.line}: ${cmds} ${other.length === 1 ? 'runs' : 'run'} in the builder only; if the app needs what ${other.length === 1 ? 'it makes' : 'they make'}, COPY it --from the builder`);
  }
  if (run.setup.length === 0) return [deleteTidy(model, instr)];
  if (!run.installs && run.other.length === 0) {
    kept.push(instr);
    return [];
  }
  const removed = removeCommands(model, script, script.commands.filter((c) => !run.setup.includes(c) && c.place?.role !== 'condition' && c.place?.role !== 'substitution'));
  return removed.ok ? removed.edits : removed.why;
}

/** The apt packages split into run time and build only, plus the tools the final stage runs that the slim base lacks. */
function runtimeSplit(f: StageFacts, kept: Instruction[]): PackageSplit {
  const finalStage: Stage = { ...f.stage, instructions: [f.stage.from, ...kept] };
  const atRun = new Set(stageCommands(f.model, finalStage).map((c) => c.cmd.name));
  const builderRuns = f.split.runs.filter((r) => f.stage.instructions.indexOf(r.instr) <= f.split.lastInstall && !kept.includes(r.instr));
  const atBuild = new Set(builderRuns.flatMap((r) => r.script?.commands.map((c) => c.name) ?? []));
  for (const vcs of pipVcsTools(f)) atBuild.add(vcs);
  const pkgs = splitPackages(f.aptPackages, atBuild, atRun);
  if (f.base.lost !== null) {
    for (const m of lostTools(f.model, finalStage, f.base.lost).missing) if (!pkgs.runtime.includes(m.pkg)) pkgs.runtime.push(m.pkg);
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

/** `base`, or `base-2`, `base-3` … whichever no stage of the Dockerfile is named yet. */
export function uniqueStageName(model: DockerfileModel, base: string): string {
  const taken = new Set(model.stages.map((s) => s.name?.toLowerCase()).filter((n) => n));
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}-${i}`)) return `${base}-${i}`;
}
