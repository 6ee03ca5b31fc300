// prune-requirements: drop the dependencies the app never imports, from the manifests the image's installs read
// (requirements files whatever their name, environment.yml: context file edits), pip install command lines,
// dev-only groups of poetry, uv and pipenv (left out by the installer's flag: groups.ts) and apt-get install lines
// (Debian's python3-X). Only the stages the target image is built from count.
//
// With an import analysis (Project.importAnalysis, computed by templates/analyze_imports.py in the built original
// image: the app's imports → distributions → their dependency closure), every requirement outside the closure
// goes, and python3-X apt packages outside the Debian packages it maps to. Without one (or when it could not run:
// method 'fallback-list'), only a fixed list of dev/test/lint/notebook tools goes (pytest, black, jupyter …), and
// dev-only groups; libraries an app may import (matplotlib, seaborn) stay. Kept in any case: dflab.yaml's
// prune.keep, what the image runs (CMD, ENTRYPOINT, HEALTHCHECK and RUN, through `sh -c` and entry scripts: `jupyter
// lab` keeps the Jupyter stack, `celery` celery) and what build steps import (`python -c "import nltk"`, `python
// manage.py`), and the packages apps load by name rather than import (database drivers, servers and their workers).
import { builtStages, type DockerfileModel, type Stage, type TextEdit } from '../../dockerfile/index.js';
import { aptCommand, aptRuns, packageName, removesLists } from '../../analysis/packages/apt.js';
import { distributionsInUse } from '../../analysis/python/command-distributions.js';
import { manifestInstalls, type ManifestInstall } from '../../analysis/python/declared.js';
import { pipInstalls, type PipInstall } from '../../analysis/python/pip-args.js';
import { isDevDeb, isPythonLibDeb } from '../../analysis/python/python-packages.js';
import { normalizeName } from '../../analysis/python/requirements.js';
import type { RunCommand, RunScript } from '../../analysis/shell/run-script.js';
import { removeArgs } from '../../analysis/shell/script-edit.js';
import { removeCommands } from '../../analysis/shell/structure-edit.js';
import type { ImportAnalysis, Project, Rule } from '../types.js';
import { defineRule, type Analysis } from '../define.js';
import { reason, type Reason } from '../../reasons.js';
import { conditionalRun, prunes, record, type Decider } from './decide.js';
import { pruneGroups } from './groups.js';
import { notEdited, pruneManifests } from './manifests.js';

/** Debian packages of tools whose distribution is not python3-<name>. */
const DEB_DISTRIBUTION: Record<string, string> = { 'jupyter-notebook': 'notebook', ipython3: 'ipython' };

export const pruneRequirements: Rule = defineRule('prune-requirements', 'drop dependencies the app never imports (import analysis of the built image; dev/test/notebook tools and dev-only groups without it)', analyse, { evidence: 'import-analysis' });

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  const stages = builtStages(model);
  // An analysis that found nothing at all imported most likely looked in the wrong place: not evidence enough to prune everything.
  const given = p.importAnalysis?.method === 'import-analysis' ? p.importAnalysis : null;
  const evidence = given && given.keep.length > 0 ? given : null;
  const d: Decider = {
    evidence, keep: new Set((p.config?.prune?.keep ?? []).map(normalizeName)), used: distributionsInUse(p, stages), keptWhy: new Map(),
    removed: new Map(), notPruned: new Set(), fallbackWhy: fallbackWhy(p.importAnalysis, given !== evidence), leftAlone: [],
  };
  const pip = pipInstalls(model, p.files, p.contextPaths, stages);
  const installs = manifestInstalls(p, stages);
  const edits: TextEdit[] = [];
  for (const inst of pip) edits.push(...pruneInstall(model, inst, d));
  execFormNames(p, installs, d);
  const files = pruneManifests(p, installs, d);
  notEdited(p, installs, d);
  edits.push(...pruneGroups(p, stages, installs, d));
  const apt = pruneApt(model, stages, d);
  edits.push(...apt.edits);
  if (edits.length === 0 && files.length === 0) return { ok: false, reason: nothingReason(d, pip.length > 0 || installs.length > 0 || apt.seen) };
  const requires = [...new Set([...d.removed.values()].flat())].map((subject) => ({ kind: 'not-installed' as const, subject }));
  return { ok: true, edits: { dockerfile: edits, files, notes: notes(d), requires } };
}

function fallbackWhy(analysis: ImportAnalysis | undefined, empty: boolean): string {
  if (empty) return 'the import analysis found no third-party import at all, so it probably did not see the app';
  if (analysis?.method !== 'fallback-list') return 'no import analysis';
  return analysis.reason ? `the import analysis could not run: ${analysis.reason}` : 'the import analysis could not run';
}

/** Removes pruned words from a pip install; the whole command when nothing is left to install. */
function pruneInstall(model: DockerfileModel, inst: PipInstall, d: Decider): TextEdit[] {
  if (conditionalRun(model, inst.script.instr)) return [];
  const drop = inst.targets.filter((t) => t.name !== null && prunes(d, t.name));
  if (drop.length === 0) return [];
  let edits = removeArgs(model, inst.cmd, drop.map((t) => t.word));
  if (drop.length === inst.targets.length && inst.reqFiles.length === 0 && !inst.options.some((o) => o.name === '-e' || o.name === '--editable')) {
    const removed = removeCommands(model, inst.script, [inst.cmd]);
    if (!removed.ok) {
      d.leftAlone.push(`${drop.map((t) => t.name!).join(', ')} (${removed.why})`);
      return [];
    }
    edits = removed.edits;
  }
  record(d, `line ${inst.script.instr.line}`, drop.map((t) => t.name!));
  return edits;
}

/** Names an exec-form `RUN ["pip", "install", …]` lists that would go: said, not edited. */
function execFormNames(p: Project, installs: ManifestInstall[], d: Decider): void {
  for (const i of installs.filter((x) => x.cmd === null && (x.tool === 'pip' || x.tool === 'uv-pip'))) {
    const names = i.installs.filter((x) => x.file === p.dockerfilePath && prunes(d, x.name)).map((x) => x.name);
    if (names.length) d.leftAlone.push(`${names.join(', ')} on the exec-form RUN on line ${i.instr.line} (edit it yourself)`);
  }
}

/** python3-X (with evidence) and dev-tool packages out of apt-get install lines. */
function pruneApt(model: DockerfileModel, stages: Stage[], d: Decider): { edits: TextEdit[]; seen: boolean } {
  const edits: TextEdit[] = [];
  const aptKeep = d.evidence?.aptKeep ? new Set(d.evidence.aptKeep) : null;
  let seen = false;
  for (const run of aptRuns(model, stages.flatMap((s) => s.instructions)).runs) {
    if (conditionalRun(model, run.script.instr)) continue;
    const gone: RunCommand[] = [];
    const goneNames: string[] = [];
    for (const { a } of run.apt.filter((x) => x.a.sub.text === 'install')) {
      const pkgs = a.packages.map((w) => ({ w, name: packageName(w.text) }));
      seen ||= pkgs.some((x) => isPythonLibDeb(x.name) || isDevDeb(x.name));
      const inUse = (name: string) => d.used.has(name) || d.used.has(normalizeName(DEB_DISTRIBUTION[name] ?? name.replace(/^python3-/, '')));
      const drop = pkgs.filter(({ name }) => !d.keep.has(name) && !inUse(name) && (isDevDeb(name) || (aptKeep !== null && isPythonLibDeb(name) && !aptKeep.has(name))));
      if (drop.length === 0) continue;
      if (drop.length === pkgs.length) {
        gone.push(a.cmd);
        goneNames.push(...drop.map(({ name }) => name));
        continue;
      }
      record(d, `line ${run.script.instr.line}`, drop.map(({ name }) => name));
      edits.push(...removeArgs(model, a.cmd, drop.map(({ w }) => w)));
    }
    if (gone.length === 0) continue;
    const removed = removeCommands(model, run.script, withOnlyHousekeepingLeft(run.script, gone));
    if (removed.ok) {
      edits.push(...removed.edits);
      record(d, `line ${run.script.instr.line}`, goneNames);
    } else d.leftAlone.push(`${goneNames.join(', ')} (${removed.why})`);
  }
  return { edits, seen };
}

/** When removing installs leaves a RUN with nothing but `apt-get update` and list cleanup, those go too. */
function withOnlyHousekeepingLeft(script: RunScript, gone: RunCommand[]): RunCommand[] {
  const rest = script.commands.filter((c) => !gone.includes(c));
  const housekeeping = rest.every((c) => removesLists(c) || ['update', 'clean'].includes(aptCommand(c)?.sub.text ?? ''));
  return housekeeping ? script.commands : gone;
}

function notes(d: Decider): string[] {
  const out: string[] = [];
  if (d.evidence) {
    out.push(`method: import analysis of the built original image (${d.evidence.keep.length} distributions in the app's import closure${d.evidence.aptKeep ? `, ${d.evidence.aptKeep.length} Debian packages` : ''})`);
  } else {
    out.push(`method: fallback list of dev/test/notebook tools (${d.fallbackWhy}; it runs in the built original image and prunes everything the app never imports)`);
  }
  out.push(`removed: ${[...d.removed].map(([where, names]) => `${names.join(', ')} (${where})`).join('; ')}`);
  const kept = [...d.keptWhy].map(([n, why]) => `${n} (${why})`);
  if (kept.length) out.push(`kept: ${kept.join(', ')}`);
  if (d.notPruned.size) out.push(`not pruned without import analysis: ${[...d.notPruned].join(', ')} (an app may import them)`);
  if (d.leftAlone.length) out.push(`left alone: ${d.leftAlone.join('; ')}`);
  if (d.evidence?.unresolved?.length) out.push(`imports nothing installed provides (optional or conditional imports?): ${d.evidence.unresolved.join(', ')}`);
  if (d.evidence) out.push('modules loaded by name only (plugins, string settings the analysis missed) do not count as imports: the smoke test tells; prune.keep in dflab.yaml keeps a package');
  return out;
}

function nothingReason(d: Decider, anything: boolean): Reason {
  const alone = d.leftAlone.length ? ` (left alone: ${d.leftAlone.join('; ')})` : '';
  const maybe = d.notPruned.size ? ` (not pruned without import analysis: ${[...d.notPruned].join(', ')}, an app may import them)` : '';
  const kept = [...d.keptWhy].map(([n, why]) => `${n}: ${why}`);
  const keptText = kept.length ? ` (kept: ${kept.join('; ')})` : '';
  if (!anything) return reason('no-python-dependencies', 'no requirements file, pip install or apt-installed Python package to prune');
  if (d.leftAlone.length) return reason('dev-tools-left-alone', `nothing it can remove: what it would prune is where it leaves requirements alone${keptText}${maybe}${alone}`);
  if (d.evidence) return reason('all-imported', `every requirement is in the app's import closure or kept (import analysis of the built original image)${keptText}`);
  const what = d.notPruned.size ? 'no dev/test/notebook tools it can remove' : 'no dev/test/notebook tools among the requirements';
  return reason('no-dev-tools', `${what} (fallback list: without an import analysis of the built original image, nothing else is pruned)${keptText}${maybe}`);
}
