// conda-meta/*.json as data (pure): a conda package's name, version, files (relative to its prefix) and depends.

export interface CondaPackage { name: string; version: string; files: string[]; depends: string[] }

/** `opt/conda/conda-meta/numpy-1.26-py311.json` → the package, its files relative to the root; null if unreadable. */
export function parseCondaMeta(path: string, text: string): CondaPackage | null {
  const prefix = path.replace(/\/?conda-meta\/[^/]+$/, '');
  let json: { name?: unknown; version?: unknown; files?: unknown; depends?: unknown };
  try { json = JSON.parse(text) as typeof json; } catch { return null; } // cut at its limit, or not JSON
  if (typeof json.name !== 'string') return null;
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    name: json.name,
    version: typeof json.version === 'string' ? json.version : '',
    files: strings(json.files).map((f) => (prefix ? `${prefix}/${f}` : f).replace(/^\/+/, '')),
    depends: strings(json.depends).map((d) => d.split(/\s/)[0]!).filter(Boolean),
  };
}
