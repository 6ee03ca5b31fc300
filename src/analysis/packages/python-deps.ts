// The Python distributions a stage's installs name, with where each is written: pip/uv pip targets, requirement
// files (with their -r includes), the pyproject.toml of a local project pip installs, and the manifests poetry,
// uv sync and pipenv install from (pyproject.toml dependencies, optional dependencies asked for, dependency
// groups, Pipfile packages). Direct dependencies only: lock files are not read. Pure; for the musl evidence.
import type { DockerfileModel, Instruction, Stage } from '../../dockerfile/index.js';
import { pipInstalls, requirementFileClosure, resolveContextFile } from '../python/pip-args.js';
import { readRequirements, requirementName } from '../python/requirements.js';
import { runScript, type RunCommand } from '../shell/run-script.js';
import type { Project } from '../project.js';

export interface DeclaredDep {
  /** Normalized distribution name. */
  name: string;
  /** Where it is written: `line 12` (the Dockerfile) or `requirements.txt line 3`. */
  where: string;
}

/** Every distribution the stage's shell-form installs name. */
export function stagePythonDeps(p: Project, stage: Stage): DeclaredDep[] {
  const model = p.dockerfile;
  const out: DeclaredDep[] = [];
  const files = (paths: string[]) => paths.flatMap((path) => requirementFileClosure(path, p.files)).flatMap((path) => fileDeps(p.files[path]!, path));
  for (const inst of pipInstalls(model, p.files, p.contextPaths, [stage])) {
    const line = inst.script.instr.line;
    for (const t of inst.targets) {
      if (t.name) out.push({ name: t.name, where: `line ${line}` });
      else out.push(...localProject(p, inst.script.instr, t.word.text));
    }
    for (const o of inst.options) if ((o.name === '-e' || o.name === '--editable') && o.value) out.push(...localProject(p, inst.script.instr, o.value));
    out.push(...files(inst.reqFiles.flatMap((r) => (r.path ? [r.path] : []))));
  }
  for (const instr of stage.instructions) {
    for (const cmd of runScript(model, instr)?.commands ?? []) {
      const w = cmd.words;
      if (cmd.name === 'uv' && w[1] === 'pip' && w[2] === 'install') out.push(...uvPip(p, instr, cmd, files));
      else if (cmd.name === 'uv' && w[1] === 'sync') out.push(...projectDeps(p, instr, '.', extrasOf(w), !w.includes('--no-dev')));
      else if (cmd.name === 'poetry' && w[1] === 'install') out.push(...projectDeps(p, instr, '.', extrasOf(w), !w.includes('--no-dev') && !w.some((x) => x === 'main' || x === '--only=main')));
      else if (cmd.name === 'pipenv' && (w[1] === 'install' || w[1] === 'sync')) out.push(...pipfileDeps(p, instr, w.includes('--dev')));
    }
  }
  return out;
}

function uvPip(p: Project, instr: Instruction, cmd: RunCommand, files: (paths: string[]) => DeclaredDep[]): DeclaredDep[] {
  const out: DeclaredDep[] = [];
  const args = cmd.words.slice(3);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '-r' || a === '--requirement') {
      const path = resolveContextFile(p.dockerfile, instr, args[++i] ?? '', p.files, p.contextPaths);
      if (path) out.push(...files([path]));
    } else if (!a.startsWith('-')) {
      const name = requirementName(a);
      out.push(...(name ? [{ name, where: `line ${instr.line}` }] : localProject(p, instr, a)));
    }
  }
  return out;
}

/** `--extra X`, `-E X`, `--all-extras`: the extras asked for ('*' for all). */
function extrasOf(words: string[]): string[] {
  if (words.includes('--all-extras')) return ['*'];
  return words.flatMap((w, i) => (w === '--extra' || w === '-E' || w === '--extras' ? [words[i + 1] ?? ''] : /^--extras?=(.*)$/.exec(w)?.[1]?.split(/[ ,]/) ?? []));
}

/** The dependencies of a local project a pip install names (`.`, `/app/pkg[all]`). */
function localProject(p: Project, instr: Instruction, target: string): DeclaredDep[] {
  const m = /^([^[]+)(?:\[([^\]]*)\])?$/.exec(target);
  if (!m || !/^[./]/.test(m[1]!)) return [];
  return projectDeps(p, instr, m[1]!, (m[2] ?? '').split(',').map((s) => s.trim()).filter(Boolean), false);
}

function projectDeps(p: Project, instr: Instruction, dir: string, extras: string[], groups: boolean): DeclaredDep[] {
  const path = resolveContextFile(p.dockerfile, instr, `${dir.replace(/\/+$/, '')}/pyproject.toml`, p.files, p.contextPaths);
  if (!path || p.files[path] === undefined) return [];
  return tomlDeps(p.files[path]!, path).filter((d) => d.section === 'main' || (d.section === 'group' && groups) || (d.extra !== null && (extras.includes('*') || extras.includes(d.extra))));
}

function pipfileDeps(p: Project, instr: Instruction, dev: boolean): DeclaredDep[] {
  const path = resolveContextFile(p.dockerfile, instr, 'Pipfile', p.files, p.contextPaths);
  if (!path || p.files[path] === undefined) return [];
  return tomlDeps(p.files[path]!, path).filter((d) => d.section === 'main' || (d.section === 'group' && dev));
}

function fileDeps(text: string, path: string): DeclaredDep[] {
  return readRequirements(text).flatMap((l) => (l.name ? [{ name: l.name, where: `${path} line ${l.line + 1}` }] : []));
}

interface TomlDep extends DeclaredDep {
  section: 'main' | 'group' | 'extra';
  extra: string | null;
}

/**
 * Dependencies in a pyproject.toml or Pipfile: `[project] dependencies`, `[project.optional-dependencies]`,
 * `[dependency-groups]`, poetry's `[tool.poetry.dependencies]` and groups, Pipfile's `[packages]`/`[dev-packages]`.
 * A small reader: table headers, `key = [ "…", … ]` arrays over several lines, and `name = …` keys.
 */
function tomlDeps(text: string, path: string): TomlDep[] {
  const out: TomlDep[] = [];
  let table = '';
  let array: { section: TomlDep['section']; extra: string | null } | null = null;
  let depth = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.replace(/\s#.*$|^#.*$/, '').trim();
    const where = `${path} line ${i + 1}`;
    let rest = line;
    if (depth === 0) {
      const header = /^\[\[?\s*([^\]]+?)\s*\]\]?$/.exec(line);
      if (header) {
        table = header[1]!.replace(/["'\s]/g, '');
        return;
      }
      const key = /^([A-Za-z0-9_.-]+|"[^"]+")\s*=\s*(.*)$/.exec(line);
      if (!key) return;
      const name = key[1]!.replace(/"/g, '');
      array = key[2]!.startsWith('[') ? arraySection(table, name) : null;
      const keyed = keyedSection(table);
      if (!key[2]!.startsWith('[') && keyed && name.toLowerCase() !== 'python' && !/\boptional\s*=\s*true/.test(key[2]!)) {
        out.push({ name: requirementName(name) ?? name, where, ...keyed });
      }
      if (!key[2]!.startsWith('[')) return;
      rest = key[2]!;
    }
    for (const s of quoted(rest)) if (array) add(s, where);
    depth += brackets(rest);
    if (depth <= 0) {
      depth = 0;
      array = null;
    }
  });
  return out;

  function add(spec: string, where: string): void {
    const name = requirementName(spec);
    if (name && array) out.push({ name, where, ...array });
  }
}

/** `[` minus `]` outside quoted strings. */
function brackets(text: string): number {
  const bare = text.replace(/"[^"]*"|'[^']*'/g, '');
  return (bare.match(/\[/g) ?? []).length - (bare.match(/\]/g) ?? []).length;
}

function quoted(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'/g)].map((m) => m[1] ?? m[2]!);
}

function arraySection(table: string, key: string): { section: TomlDep['section']; extra: string | null } | null {
  if (table === 'project' && key === 'dependencies') return { section: 'main', extra: null };
  if (table === 'project.optional-dependencies') return { section: 'extra', extra: key };
  if (table === 'dependency-groups') return { section: 'group', extra: null };
  return null;
}

function keyedSection(table: string): { section: TomlDep['section']; extra: string | null } | null {
  if (table === 'tool.poetry.dependencies' || table === 'packages') return { section: 'main', extra: null };
  if (/^tool\.poetry\.(group\.[^.]+\.)?dev-dependencies$|^tool\.poetry\.group\.[^.]+\.dependencies$|^dev-packages$/.test(table)) return { section: 'group', extra: null };
  return null;
}
