// Whether `pip install .` can run on a stub of the project (pyproject.toml alone, plus the files its metadata
// names): then layer-order installs the dependencies before the sources come in, and installs the project
// itself again with --no-deps after. Only setuptools with static metadata and discovered packages builds such
// a stub; other backends, dynamic metadata or explicit package lists need the sources.
import { readToml } from './toml.js';

export type Stub = { files: string[] } | { why: string };

export function stubbable(pyproject: string, exists: (name: string) => boolean): Stub {
  const tables = readTables(pyproject);
  const backend = unquote(tables.get('build-system')?.get('build-backend') ?? '');
  if (backend !== '' && backend !== 'setuptools.build_meta') return { why: `its build backend ${backend} needs the package sources` };
  const project = tables.get('project');
  if (!project) return { why: 'pyproject.toml has no [project] table (its metadata lives elsewhere)' };
  if (project.has('dynamic') || tables.has('tool.setuptools.dynamic')) return { why: 'its metadata is dynamic (read from the sources at build time)' };
  const explicit = ['packages', 'package-dir', 'py-modules'].find((k) => tables.get('tool.setuptools')?.has(k));
  if (explicit) return { why: `[tool.setuptools] ${explicit} names package sources` };
  const legacy = ['setup.py', 'setup.cfg'].find(exists);
  if (legacy) return { why: `${legacy} may read the sources` };
  const files: string[] = [];
  for (const key of ['readme', 'license']) {
    const v = project.get(key);
    if (v === undefined) continue;
    const file = /^\{.*\bfile\s*=\s*("[^"]*"|'[^']*')/.exec(v)?.[1] ?? (/^["']/.test(v) && key === 'readme' ? v : undefined);
    if (file !== undefined && exists(unquote(file))) files.push(unquote(file));
  }
  return { files };
}

/** Table name → key → raw value; keys before any table are under "". */
function readTables(text: string): Map<string, Map<string, string>> {
  return new Map([...readToml(text).tables].map(([name, entries]) => [name, new Map(entries.map((e) => [e.key, e.value]))]));
}

function unquote(v: string): string {
  return v.trim().replace(/^"(.*)"$|^'(.*)'$/, '$1$2');
}
