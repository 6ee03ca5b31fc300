// The dependencies each kind of Python manifest declares, with the line each is declared on: pyproject.toml
// ([project] dependencies and optional-dependencies, [dependency-groups], [tool.uv] dev-dependencies, poetry's
// dependencies, dev-dependencies and groups, [build-system] requires), Pipfile ([packages], [dev-packages]),
// Pipfile.lock, conda's environment.yml (conda specs and its `pip:` list), requirements files, and setup.py /
// setup.cfg install_requires (literal lists only).
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { inlineKey, readToml, stringItems, tomlValue, type TomlDoc } from './toml.js';
import { normalizeName, readRequirements, requirementName } from './requirements.js';

export interface Declared {
  /** PEP 503 normalized distribution name (conda package names as conda writes them, normalized the same way). */
  name: string;
  /** Context path of the manifest (the Dockerfile's path for names on a command line). */
  file: string;
  /** 1-based line of the declaration. */
  line: number;
  /**
   * Where in the manifest: null for the main dependencies; a group name (poetry/uv/PEP 735 groups, `dev` for
   * poetry's dev-dependencies and Pipfile's dev-packages), `extra:NAME` for optional dependencies, `build-system`.
   */
  group: string | null;
  /** True for groups that are dev-only by declaration (see isDevGroup). */
  dev: boolean;
  /** Not installed unless asked for (poetry `optional = true` groups and dependencies, extras). */
  optional: boolean;
  ecosystem: 'pypi' | 'conda';
}

/** Group names that say "not for the running app". */
const DEV_GROUP = /^(dev|devel|develop|development|test|tests|testing|lint|linting|linters|typing|types|mypy|docs?|documentation|format|fmt|qa|ci|bench|benchmarks?|debug|notebooks?|jupyter)$/i;

export function isDevGroup(group: string): boolean {
  return group.split(/[-_.]/).some((w) => DEV_GROUP.test(w));
}

/** Every dependency a pyproject.toml declares, in every table that can hold them. */
export function pyprojectDeps(file: string, text: string): Declared[] {
  const doc = readToml(text);
  const out: Declared[] = [];
  const add = (name: string | null, line: number, group: string | null, optional = false, dev = group !== null && isDevGroup(group)) => {
    if (name !== null) out.push({ name, file, line: line + 1, group, dev, optional, ecosystem: 'pypi' });
  };
  const items = (table: string, key: string) => doc.tables.get(table)?.filter((e) => e.key === key).flatMap(stringItems) ?? [];
  for (const i of items('project', 'dependencies')) add(requirementName(i.text), i.line, null);
  for (const [table, entries] of doc.tables) {
    if (table === 'project.optional-dependencies') for (const e of entries) for (const i of stringItems(e)) add(requirementName(i.text), i.line, `extra:${e.key}`, true, false);
    if (table === 'dependency-groups') for (const e of entries) for (const i of stringItems(e)) add(requirementName(i.text), i.line, e.key);
  }
  for (const i of items('tool.uv', 'dev-dependencies')) add(requirementName(i.text), i.line, 'dev', false, true);
  for (const i of items('build-system', 'requires')) add(requirementName(i.text), i.line, 'build-system', false, false);
  out.push(...poetryDeps(file, doc));
  return out;
}

/** [tool.poetry.dependencies] (python left out), dev-dependencies, and [tool.poetry.group.X.dependencies]. */
function poetryDeps(file: string, doc: TomlDoc): Declared[] {
  const out: Declared[] = [];
  for (const [table, entries] of doc.tables) {
    const group = table === 'tool.poetry.dependencies' ? null
      : table === 'tool.poetry.dev-dependencies' ? 'dev'
        : /^tool\.poetry\.group\.([^.]+)\.dependencies$/.exec(table)?.[1];
    if (group === undefined) continue;
    const groupOptional = group !== null && tomlValue(doc, `tool.poetry.group.${group}`, 'optional') === 'true';
    for (const e of entries) {
      if (e.key === 'python') continue;
      const optional = groupOptional || (group === null && inlineKey(e.value, 'optional') === 'true');
      out.push({ name: normalizeName(e.key), file, line: e.line + 1, group, dev: group !== null && isDevGroup(group), optional, ecosystem: 'pypi' });
    }
  }
  // `[tool.poetry.dependencies.torch]` declares torch as a table of its own.
  for (const [table, line] of doc.headers) {
    const m = /^tool\.poetry\.(?:(dev)-dependencies|group\.([^.]+)\.dependencies|dependencies)\.([^.]+)$/.exec(table);
    if (!m || m[3] === 'python') continue;
    const group = m[1] ?? m[2] ?? null;
    out.push({ name: normalizeName(m[3]!), file, line: line + 1, group, dev: group !== null && isDevGroup(group), optional: false, ecosystem: 'pypi' });
  }
  return out;
}

/** Pipfile: [packages] (main) and [dev-packages] (group dev). */
export function pipfileDeps(file: string, text: string): Declared[] {
  const doc = readToml(text);
  const table = (name: string, group: string | null) => (doc.tables.get(name) ?? []).map((e): Declared =>
    ({ name: normalizeName(e.key), file, line: e.line + 1, group, dev: group !== null, optional: false, ecosystem: 'pypi' }));
  return [...table('packages', null), ...table('dev-packages', 'dev')];
}

/** Pipfile.lock (JSON): "default" (main) and "develop" (group dev); lines where each name's key is written. */
export function pipfileLockDeps(file: string, text: string): Declared[] {
  let lock: Record<string, unknown>;
  try {
    lock = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const lines = text.split(/\r?\n/);
  const out: Declared[] = [];
  let section: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const top = /^ {4}"(default|develop)": \{/.exec(lines[i]!) ?? /^\s{0,4}"(default|develop)":\s*\{/.exec(lines[i]!);
    if (top) section = top[1]!;
    const key = /^ {8}"([^"]+)": \{/.exec(lines[i]!);
    if (section && key && typeof (lock[section] as Record<string, unknown> | undefined)?.[key[1]!] === 'object') {
      const dev = section === 'develop';
      out.push({ name: normalizeName(key[1]!), file, line: i + 1, group: dev ? 'dev' : null, dev, optional: false, ecosystem: 'pypi' });
    }
  }
  return out;
}

/** A requirements file's requirement lines (its includes are separate files: requirementFileClosure). */
export function requirementsDeps(file: string, text: string): Declared[] {
  return readRequirements(text).flatMap((l) => (l.name !== null && (l.kind === 'requirement' || l.kind === 'other')
    ? [{ name: l.name, file, line: l.line + 1, group: null, dev: false, optional: false, ecosystem: 'pypi' as const }] : []));
}

/** conda's environment.yml: `dependencies:` conda specs and the `pip:` list under it. */
export function environmentYmlDeps(file: string, text: string): Declared[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const deps = isMap(doc.contents) ? doc.contents.get('dependencies', true) : null;
  if (!isSeq(deps)) return [];
  const lineOf = (n: Node) => counter.linePos(n.range?.[0] ?? 0).line;
  const out: Declared[] = [];
  for (const item of deps.items) {
    if (isScalar(item) && typeof item.value === 'string') {
      const name = condaSpecName(item.value);
      if (name) out.push({ name, file, line: lineOf(item), group: null, dev: false, optional: false, ecosystem: 'conda' });
    } else if (isMap(item)) {
      const pip = item.get('pip', true);
      if (!isSeq(pip)) continue;
      for (const p of pip.items) {
        const name = isScalar(p) && typeof p.value === 'string' ? requirementName(p.value) : null;
        if (name) out.push({ name, file, line: lineOf(p as Node), group: null, dev: false, optional: false, ecosystem: 'pypi' });
      }
    }
  }
  return out;
}

/** A conda spec's package: `conda-forge::numpy>=1.21` → numpy, `python=3.11` → python. */
export function condaSpecName(spec: string): string | null {
  const m = /^(?:[\w.-]+::)?([A-Za-z0-9_][A-Za-z0-9_.-]*)/.exec(spec.trim());
  return m ? normalizeName(m[1]!) : null;
}

/** setup.py `install_requires=[…]` and setup.cfg `[options] install_requires =` lists, when written as literals. */
export function setupDeps(file: string, text: string): Declared[] {
  const out: Declared[] = [];
  const push = (spec: string, index: number) => {
    const name = requirementName(spec);
    if (name) out.push({ name, file, line: text.slice(0, index).split('\n').length, group: null, dev: false, optional: false, ecosystem: 'pypi' });
  };
  if (file.endsWith('.py')) {
    const list = /install_requires\s*=\s*\[([^\]]*)\]/.exec(text);
    if (list) {
      const start = list.index + list[0].indexOf('[') + 1;
      for (const m of list[1]!.matchAll(/(["'])([^"'\n]+)\1/g)) push(m[2]!, start + m.index);
    }
    return out;
  }
  const cfg = /^install_requires\s*=[ \t]*(.*(?:\r?\n[ \t]+.*)*)/m.exec(text);
  if (cfg) {
    let at = cfg.index + cfg[0].indexOf('=') + 1;
    for (const part of cfg[1]!.split('\n')) {
      const spec = part.replace(/(^|\s)#.*$/, '').trim();
      if (spec !== '') push(spec, at + part.indexOf(spec));
      at += part.length + 1;
    }
  }
  return out;
}

/** The declarations of a manifest by its file name; [] for a kind this module does not read. */
export function manifestDeps(file: string, text: string): Declared[] {
  const base = file.replace(/^.*\//, '');
  if (base === 'pyproject.toml') return pyprojectDeps(file, text);
  if (base === 'Pipfile') return pipfileDeps(file, text);
  if (base === 'Pipfile.lock') return pipfileLockDeps(file, text);
  if (/\.ya?ml$/.test(base)) return environmentYmlDeps(file, text);
  if (base === 'setup.py' || base === 'setup.cfg') return setupDeps(file, text);
  return requirementsDeps(file, text);
}
