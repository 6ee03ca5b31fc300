// dpkg's database as data (pure): the status file's stanzas (Package, Version, Installed-Size, Depends …),
// apt's extended_states (which packages were installed only as dependencies), and the owner of each path.

export interface DebPackage {
  name: string;
  version: string;
  /** Installed-Size, in bytes (dpkg writes KiB); null when the stanza has none. */
  installedSizeBytes: number | null;
  /** Depends, Pre-Depends and Recommends: each item a list of alternatives (names, arch and version dropped). */
  depends: string[][];
  /** Of `depends`, the first items: Pre-Depends and Depends (what --no-install-recommends still installs). */
  hardCount: number;
  provides: string[];
  /** Essential: yes, or Priority required/important: there whatever else is installed. */
  essential: boolean;
}

/** Stanzas of a Debian control-style file: field → value (continuation lines joined). */
export function parseStanzas(text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {};
    let last = '';
    for (const line of block.split('\n')) {
      if (/^\s/.test(line) && last) fields[last] += `\n${line.trim()}`;
      else {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        last = line.slice(0, colon).toLowerCase();
        fields[last] = line.slice(colon + 1).trim();
      }
    }
    if (Object.keys(fields).length > 0) out.push(fields);
  }
  return out;
}

/** Installed packages of a status file (or of distroless status.d stanzas joined). */
export function parseDpkgStatus(text: string): DebPackage[] {
  return parseStanzas(text)
    .filter((f) => f.package && (f.status === undefined || /\binstalled$/.test(f.status)))
    .map((f) => ({
      name: f.package!,
      version: f.version ?? '',
      installedSizeBytes: f['installed-size'] ? Number(f['installed-size']) * 1024 : null,
      depends: [f['pre-depends'], f.depends, f.recommends].flatMap(relationList),
      hardCount: relationList(f['pre-depends']).length + relationList(f.depends).length,
      provides: relationList(f.provides).map((alts) => alts[0]!),
      essential: f.essential === 'yes' || f.priority === 'required' || f.priority === 'important',
    }));
}

/** The Debian packages an image's final filesystem lists: the top-most layer's dpkg status, plus status.d stanzas. */
export function installedDebNames(layers: readonly { contents: ReadonlyMap<string, string> }[]): Set<string> {
  const status = [...layers].reverse().find((l) => l.contents.has('var/lib/dpkg/status'))?.contents.get('var/lib/dpkg/status') ?? '';
  const statusD = layers.flatMap((l) => [...l.contents].filter(([p]) => /^var\/lib\/dpkg\/status\.d\/[^/.]+$/.test(p)).map(([, t]) => t));
  return new Set(parseDpkgStatus([status, ...statusD].join('\n\n')).map((p) => p.name));
}

/** "a (>= 1) | b:any, c" → [["a", "b"], ["c"]]. */
export function relationList(value: string | undefined): string[][] {
  if (!value) return [];
  return value.split(',').map((item) => item.split('|').map((alt) => alt.trim().split(/[\s(:[<]/)[0]!).filter(Boolean))
    .filter((alts) => alts.length > 0);
}

/** Packages apt marked Auto-Installed: 1 (pulled in as dependencies). */
export function parseExtendedStates(text: string): Set<string> {
  return new Set(parseStanzas(text).filter((f) => f['auto-installed'] === '1' && f.package).map((f) => f.package!));
}

/** `var/lib/dpkg/info/libc6:amd64.list` → `libc6`; `….md5sums` likewise; null for other files. */
export function dpkgInfoPackage(path: string): { name: string; kind: 'list' | 'md5sums' } | null {
  const m = /^var\/lib\/dpkg\/info\/([^/:]+)(?::[^/]+)?\.(list|md5sums)$/.exec(path) ?? /^var\/lib\/dpkg\/status\.d\/([^/.]+)\.(md5sums)$/.exec(path);
  return m ? { name: m[1]!, kind: m[2] as 'list' | 'md5sums' } : null;
}

/** Paths of a .list ("/usr/bin/x" per line) or .md5sums ("<md5>  usr/bin/x") file, without the leading slash. */
export function ownedPaths(text: string, kind: 'list' | 'md5sums'): string[] {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const path = kind === 'list' ? line : line.replace(/^[0-9a-f]+\s+/, '');
    const rel = path.replace(/^\/+/, '').replace(/\/+$/, '');
    if (rel && rel !== '.') out.push(rel);
  }
  return out;
}

/** The dependency graph of the installed packages: an alternative counts when it (or a package providing it) is installed. */
export function debGraph(packages: readonly DebPackage[], hardOnly = false): Map<string, string[]> {
  const installed = new Set(packages.map((p) => p.name));
  const providers = new Map<string, string[]>();
  for (const p of packages) for (const v of p.provides) providers.set(v, [...(providers.get(v) ?? []), p.name]);
  const resolve = (name: string) => (installed.has(name) ? [name] : providers.get(name) ?? []);
  return new Map(packages.map((p) => {
    // the first alternative that is installed is the one that satisfies the relation
    const deps = (hardOnly ? p.depends.slice(0, p.hardCount) : p.depends).map((alts) => alts.map(resolve).find((r) => r.length > 0) ?? []).flat();
    return [p.name, [...new Set(deps)].filter((d) => d !== p.name)];
  }));
}
