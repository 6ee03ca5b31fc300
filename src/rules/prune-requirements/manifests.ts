// Requirement lines dropped from the manifests the image's installs read: requirements files whatever their name
// (`-r requirements/base.txt`, includes followed, exec-form RUNs too) and conda's environment.yml (its conda list
// and its pip: list). A file only installs read inside shell conditionals is left alone (whether they run depends
// on the build's arguments). pyproject.toml and Pipfile are never edited: their lock files would be out of step.
import type { ManifestInstall } from '../../analysis/python/declared.js';
import type { Declared } from '../../analysis/python/manifest-deps.js';
import { isDevTool } from '../../analysis/python/python-packages.js';
import { readRequirements, removeLines, type RequirementLine } from '../../analysis/python/requirements.js';
import type { FileEdit, Project } from '../types.js';
import { conditionalRun, prunes, record, type Decider } from './decide.js';

const LOCKED = /(^|\/)(pyproject\.toml|setup\.py|setup\.cfg|Pipfile|Pipfile\.lock)$/;

export function pruneManifests(p: Project, installs: ManifestInstall[], d: Decider): FileEdit[] {
  const readers = new Map<string, ManifestInstall[]>();
  for (const i of installs) {
    for (const file of new Set(i.installs.map((x) => x.file))) {
      if (file === p.dockerfilePath || LOCKED.test(file) || p.files[file] === undefined) continue;
      readers.set(file, [...(readers.get(file) ?? []), i]);
    }
  }
  const out: FileEdit[] = [];
  for (const [file, by] of readers) {
    if (by.every((i) => conditionalRun(p.dockerfile, i.instr))) {
      d.leftAlone.push(`${file}: installed only inside shell conditionals (${lineList(by)}), which may not run in the default build`);
      continue;
    }
    const drop = /\.ya?ml$/.test(file) ? ymlLines(file, p.files[file]!, by, d) : requirementLines(p.files[file]!, d);
    if (drop.length === 0) continue;
    out.push({ path: file, newText: removeLines(p.files[file]!, drop.map((x) => x.line)) });
    record(d, file, drop.map((x) => x.name));
  }
  return out;
}

/**
 * Dev tools the installs take from manifests this rule does not edit (pyproject.toml and Pipfile main dependencies,
 * conda specs on a command line), said in a note: the user can move them to a dev group.
 */
export function notEdited(p: Project, installs: ManifestInstall[], d: Decider): void {
  const found = new Map<string, Set<string>>();
  for (const i of installs) {
    for (const x of i.installs) {
      const where = LOCKED.test(x.file) && !x.dev ? `main dependencies of ${x.file}` : x.file === p.dockerfilePath && i.tool === 'conda' ? `conda specs on line ${i.instr.line}` : null;
      if (where === null || !isDevTool(x.name) || d.used.has(x.name) || d.keep.has(x.name)) continue;
      found.set(where, (found.get(where) ?? new Set()).add(x.name));
    }
  }
  for (const [where, names] of found) d.leftAlone.push(`${[...names].join(', ')} (${where}, not edited)`);
}

function requirementLines(text: string, d: Decider): { line: RequirementLine; name: string }[] {
  return readRequirements(text).filter((l) => l.kind === 'requirement' && l.name !== null && prunes(d, l.name)).map((line) => ({ line, name: line.name! }));
}

/** environment.yml items written on one line each (`- pytest`, `- flake8=6.0`); the pip: list is never emptied. */
function ymlLines(file: string, text: string, by: ManifestInstall[], d: Decider): { line: RequirementLine; name: string }[] {
  const lines = text.split(/\r\n|\r|\n/);
  const declared = unique(by.flatMap((i) => i.installs.filter((x) => x.file === file)));
  const simple = (x: Declared) => /^\s*-\s*[^\s#:{[][^\s#]*\s*(#.*)?$/.test(lines[x.line - 1] ?? '');
  const drop = declared.filter((x) => simple(x) && prunes(d, x.name));
  const pip = declared.filter((x) => x.ecosystem === 'pypi');
  const emptiesPip = drop.filter((x) => x.ecosystem === 'pypi').length === pip.length && pip.length > 0;
  if (emptiesPip) d.leftAlone.push(`${pip.map((x) => x.name).join(', ')} (the pip: list of ${file} would be left empty)`);
  const kept = emptiesPip ? drop.filter((x) => x.ecosystem !== 'pypi') : drop;
  return kept.map((x) => ({ line: { line: x.line - 1, count: 1, text: '', kind: 'requirement', name: x.name, include: null }, name: x.name }));
}

function unique(xs: Declared[]): Declared[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(`${x.line}:${x.name}`) && seen.add(`${x.line}:${x.name}`) !== undefined);
}

function lineList(installs: ManifestInstall[]): string {
  const ls = [...new Set(installs.map((i) => i.instr.line))];
  return `${ls.length === 1 ? 'line' : 'lines'} ${ls.join(', ')}`;
}
