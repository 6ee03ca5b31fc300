// prune-requirements: drop the dependencies the app never imports, from requirements files (context file edits),
// pip install command lines and apt-get install lines (Debian's python3-X).
//
// With an import analysis (Project.importAnalysis, computed by templates/analyze_imports.py in the built original
// image: the app's imports → distributions → their dependency closure), every requirement outside the closure
// goes, and python3-X apt packages outside the Debian packages it maps to. Without one (or when it could not run:
// method 'fallback-list'), only a fixed list of dev/test/lint/notebook tools goes (pytest, black, jupyter …);
// libraries an app may import (matplotlib, seaborn) stay. Kept in any case: dflab.yaml's prune.keep, what the
// Dockerfile runs as a command or names in CMD/ENTRYPOINT arguments (gunicorn, `-k uvicorn.workers…`), and the
// packages apps load by name rather than import (database drivers, servers and their worker classes).
import type { DockerfileModel, TextEdit } from '../dockerfile/index.js';
import { aptCommand, aptRuns, packageName, removesLists } from '../analysis/packages/apt.js';
import { pipInstalls, requirementFileClosure, type PipInstall } from '../analysis/python/pip-args.js';
import { isDevDeb, isDevTool, isPythonLibDeb } from '../analysis/python/python-packages.js';
import { normalizeName, readRequirements, removeLines, type RequirementLine } from '../analysis/python/requirements.js';
import type { RunCommand, RunScript } from '../analysis/shell/run-script.js';
import { removeArgs, removeCommands } from '../analysis/shell/script-edit.js';
import { stageCommands } from '../analysis/stage/stage-tools.js';
import type { FileEdit, ImportAnalysis, Project, Rule } from './types.js';
import { defineRule, type Analysis } from './define.js';
import { reason, type Reason } from '../reasons.js';

/** Loaded by name (a database URL, a worker class, a server's event loop), so import analysis never sees them. */
const LOADED_BY_NAME = new Set([
  'psycopg2', 'psycopg2-binary', 'psycopg', 'psycopg-binary', 'pymysql', 'mysqlclient', 'mysql-connector-python', 'cx-oracle',
  'oracledb', 'pyodbc', 'asyncpg', 'aiosqlite', 'aiomysql', 'gevent', 'eventlet', 'uvloop', 'httptools', 'websockets',
  'gunicorn', 'uvicorn', 'hypercorn', 'daphne', 'waitress', 'python-multipart', 'whitenoise',
]);
/** Libraries an app may well import: never on the fallback list. */
const MAYBE_IMPORTED = new Set(['matplotlib', 'seaborn', 'plotly', 'ipywidgets']);

export const pruneRequirements: Rule = defineRule('prune-requirements', 'drop dependencies the app never imports (import analysis of the built image; dev/test/notebook tools without it)', analyse);

interface Decider {
  evidence: ImportAnalysis | null;
  keep: Set<string>;
  commands: Set<string>;
  /** Why kept though outside the evidence: name → reason. */
  keptWhy: Map<string, string>;
  /** Where → what was removed ("requirements.txt", "line 4"). */
  removed: Map<string, string[]>;
  notPruned: Set<string>;
  /** Why there is no evidence (for the fallback note). */
  fallbackWhy: string;
}

function analyse(p: Project): Analysis {
  const model = p.dockerfile;
  // An analysis that found nothing at all imported most likely looked in the wrong place: not evidence enough to prune everything.
  const given = p.importAnalysis?.method === 'import-analysis' ? p.importAnalysis : null;
  const evidence = given && given.keep.length > 0 ? given : null;
  const d: Decider = { evidence, keep: new Set((p.config?.prune?.keep ?? []).map(normalizeName)), commands: commandNames(model), keptWhy: new Map(), removed: new Map(), notPruned: new Set(), fallbackWhy: fallbackWhy(p.importAnalysis, given !== evidence) };
  const installs = pipInstalls(model, p.files, p.contextPaths);
  const edits: TextEdit[] = [];
  const fileLines = new Map<string, RequirementLine[]>();
  for (const inst of installs) edits.push(...pruneInstall(model, inst, d));
  for (const path of new Set(installs.flatMap((i) => i.reqFiles.flatMap((r) => (r.path ? requirementFileClosure(r.path, p.files) : []))))) {
    const drop = readRequirements(p.files[path]!).filter((l) => l.name !== null && l.kind === 'requirement' && prunes(d, l.name));
    if (drop.length) fileLines.set(path, drop);
  }
  const apt = pruneApt(model, d);
  edits.push(...apt.edits);
  const files: FileEdit[] = [...fileLines].map(([path, ls]) => ({ path, newText: removeLines(p.files[path]!, ls) }));
  for (const [path, ls] of fileLines) record(d, path, ls.map((l) => l.name!));
  if (edits.length === 0 && files.length === 0) return { ok: false, reason: nothingReason(d, installs.length > 0 || apt.seen) };
  return { ok: true, edits: { dockerfile: edits, files, notes: notes(d) } };
}

function fallbackWhy(analysis: ImportAnalysis | undefined, empty: boolean): string {
  if (empty) return 'the import analysis found no third-party import at all, so it probably did not see the app';
  if (analysis?.method !== 'fallback-list') return 'no import analysis';
  return analysis.reason ? `the import analysis could not run: ${analysis.reason}` : 'the import analysis could not run';
}

function record(d: Decider, where: string, names: string[]): void {
  d.removed.set(where, [...(d.removed.get(where) ?? []), ...names]);
}

/** True when the distribution goes (and records why others stay). */
function prunes(d: Decider, name: string): boolean {
  if (d.keep.has(name)) {
    if (d.evidence ? !d.evidence.keep.includes(name) : isDevTool(name)) d.keptWhy.set(name, 'prune.keep');
    return false;
  }
  if (!d.evidence) {
    if (MAYBE_IMPORTED.has(name)) d.notPruned.add(name);
    if (!isDevTool(name) || MAYBE_IMPORTED.has(name)) return false;
    if (d.commands.has(name)) d.keptWhy.set(name, 'run by the Dockerfile');
    return !d.commands.has(name);
  }
  if (d.evidence.keep.includes(name)) return false;
  if (d.commands.has(name)) {
    d.keptWhy.set(name, 'run by the Dockerfile');
    return false;
  }
  if (LOADED_BY_NAME.has(name)) {
    d.keptWhy.set(name, 'loaded by name, not imported');
    return false;
  }
  return true;
}

/** Removes pruned words from a pip install; the whole command when nothing is left to install. */
function pruneInstall(model: DockerfileModel, inst: PipInstall, d: Decider): TextEdit[] {
  const drop = inst.targets.filter((t) => t.name !== null && prunes(d, t.name));
  if (drop.length === 0) return [];
  record(d, `line ${inst.script.instr.line}`, drop.map((t) => t.name!));
  if (drop.length === inst.targets.length && inst.reqFiles.length === 0 && !inst.options.some((o) => o.name === '-e' || o.name === '--editable')) {
    return removeCommands(model, inst.script, [inst.cmd]);
  }
  return removeArgs(model, inst.cmd, drop.map((t) => t.word));
}

/** python3-X (with evidence) and dev-tool packages out of apt-get install lines. */
function pruneApt(model: DockerfileModel, d: Decider): { edits: TextEdit[]; seen: boolean } {
  const edits: TextEdit[] = [];
  const aptKeep = d.evidence?.aptKeep ? new Set(d.evidence.aptKeep) : null;
  let seen = false;
  for (const run of aptRuns(model, model.instructions).runs) {
    const gone: RunCommand[] = [];
    for (const { a } of run.apt.filter((x) => x.a.sub.text === 'install')) {
      const pkgs = a.packages.map((w) => ({ w, name: packageName(w.text) }));
      seen ||= pkgs.some((x) => isPythonLibDeb(x.name) || isDevDeb(x.name));
      const drop = pkgs.filter(({ name }) => !d.keep.has(name) && (isDevDeb(name) || (aptKeep !== null && isPythonLibDeb(name) && !aptKeep.has(name) && !d.commands.has(name.replace(/^python3-/, '')))));
      if (drop.length === 0) continue;
      record(d, `line ${run.script.instr.line}`, drop.map(({ name }) => name));
      if (drop.length === pkgs.length) gone.push(a.cmd);
      else edits.push(...removeArgs(model, a.cmd, drop.map(({ w }) => w)));
    }
    if (gone.length) edits.push(...removeCommands(model, run.script, withOnlyHousekeepingLeft(run.script, gone)));
  }
  return { edits, seen };
}

/** When removing installs leaves a RUN with nothing but `apt-get update` and list cleanup, those go too. */
function withOnlyHousekeepingLeft(script: RunScript, gone: RunCommand[]): RunCommand[] {
  const rest = script.commands.filter((c) => !gone.includes(c));
  const housekeeping = rest.every((c) => removesLists(c) || ['update', 'clean'].includes(aptCommand(c)?.sub.text ?? ''));
  return housekeeping ? script.commands : gone;
}

/** Names the Dockerfile runs (RUN, CMD, ENTRYPOINT, HEALTHCHECK), `python -m X` modules, and dotted names or words in CMD/ENTRYPOINT arguments. */
function commandNames(model: DockerfileModel): Set<string> {
  const names = new Set<string>();
  for (const stage of model.stages) {
    for (const { cmd, runtime } of stageCommands(stage)) {
      names.add(normalizeName(cmd.name));
      if (/^python[\d.]*$/.test(cmd.name) && cmd.words[1] === '-m' && cmd.words[2]) names.add(normalizeName(cmd.words[2].split('.')[0]!));
      if (runtime) for (const w of cmd.words.slice(1)) if (/^[A-Za-z_][\w-]*(\.[A-Za-z_]\w*)*(:\w+)?$/.test(w)) names.add(normalizeName(w.split(/[.:]/)[0]!));
    }
  }
  return names;
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
  if (d.evidence?.unresolved?.length) out.push(`imports nothing installed provides (optional or conditional imports?): ${d.evidence.unresolved.join(', ')}`);
  if (d.evidence) out.push('modules loaded by name only (plugins, string settings the analysis missed) do not count as imports: the smoke test tells; prune.keep in dflab.yaml keeps a package');
  return out;
}

function nothingReason(d: Decider, anything: boolean): Reason {
  if (!anything) return reason('no-python-dependencies', 'no requirements file, pip install or apt-installed Python package to prune');
  if (d.evidence) return reason('all-imported', "every requirement is in the app's import closure or kept (import analysis of the built original image)");
  return reason('no-dev-tools', 'no dev/test/notebook tools among the requirements (fallback list: without an import analysis of the built original image, nothing else is pruned)');
}

