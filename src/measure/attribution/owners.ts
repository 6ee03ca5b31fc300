// Who owns each file of the final filesystem (pure): a Debian package (its .list, or .md5sums on distroless),
// a conda package (conda-meta "files"), a Python distribution (RECORD / installed-files.txt, else its top-level
// modules). The first claim wins, in that order: dpkg's database is the most exact. Bytecode nobody lists (Debian's
// py3compile writes it after dpkg) belongs to the owner of its source: removing the package removes both.
import { parseCondaMeta } from './conda.js';
import { debGraph, dpkgInfoPackage, ownedPaths, parseDpkgStatus, parseExtendedStates, type DebPackage } from './dpkg.js';
import { pythonDists, type PythonDist } from './python.js';

/** The final filesystem's regular files, column-wise (images hold hundreds of thousands). */
export interface FileTable {
  paths: string[];
  sizes: number[];
  layers: number[];
  index: Map<string, number>;
  /** Directories whose name ends in .dist-info / .egg-info. */
  metaDirs: string[];
}

/** One package of any kind: its files are those whose owner slot points to it. */
export interface Owner {
  kind: 'deb' | 'python' | 'conda';
  name: string;
  version: string;
  deps: string[];
  /** Debian packages: the deps without Recommends (Depends, Pre-Depends). */
  requires?: string[];
  installedSizeBytes?: number | null;
  inBase: boolean;
  root: boolean;
}

export interface Ownership { owners: Owner[]; ownerOf: Int32Array }

type Text = (path: string) => string | undefined;

/** dpkg's records of one package: info/<pkg>[:arch].<ext>, or distroless' status.d/<pkg>[.md5sums]. */
const DPKG_INFO_FILE = /^var\/lib\/dpkg\/(?:info\/([^/:]+)(?::[^/]+)?\.[^/.]+|status\.d\/([^/.]+)(?:\.md5sums)?)$/;
const SITE_FILE = /^(.*\/(?:site|dist)-packages)\/([^/.]+)/;
const PYC = /^(.*\/)?__pycache__\/([^/.]+)\.[^/]*\.py[co]$/;

export function findOwners(files: FileTable, text: Text, inBaseLayer: (path: string) => boolean): Ownership {
  const ownerOf = new Int32Array(files.paths.length).fill(-1);
  const owners: Owner[] = [];
  const claim = (path: string, owner: number) => {
    const i = files.index.get(path) ?? files.index.get(`usr/${path}`); // merged /usr: /bin → /usr/bin
    if (i !== undefined && ownerOf[i] === -1) ownerOf[i] = owner;
  };
  claimDebs(files, text, inBaseLayer, owners, claim);
  claimConda(files, text, inBaseLayer, owners, claim);
  const fallback = claimPython(files, text, inBaseLayer, owners, claim);
  claimBytecode(files, ownerOf);
  claimTopLevel(files, fallback, ownerOf);
  return { owners, ownerOf };
}

function claimDebs(files: FileTable, text: Text, inBaseLayer: (p: string) => boolean, owners: Owner[], claim: (p: string, o: number) => void): void {
  const statusD = files.paths.filter((p) => /^var\/lib\/dpkg\/status\.d\/[^/.]+$/.test(p)).map((p) => text(p) ?? '');
  const packages: DebPackage[] = parseDpkgStatus([text('var/lib/dpkg/status') ?? '', ...statusD].join('\n\n'));
  if (packages.length === 0) return;
  const auto = text('var/lib/apt/extended_states');
  const autoSet = auto === undefined ? null : parseExtendedStates(auto);
  const graph = debGraph(packages);
  const hard = debGraph(packages, true);
  const required = new Set([...graph.values()].flat());
  const lists = new Map<string, { path: string; kind: 'list' | 'md5sums' }[]>();
  for (const path of files.paths) {
    const info = dpkgInfoPackage(path);
    if (info) lists.set(info.name, [...(lists.get(info.name) ?? []), { path, kind: info.kind }]);
  }
  const id = new Map<string, number>();
  for (const p of packages) {
    const own = lists.get(p.name) ?? [];
    const inBase = own.some((l) => inBaseLayer(l.path));
    id.set(p.name, owners.length);
    owners.push({
      kind: 'deb', name: p.name, version: p.version, deps: graph.get(p.name) ?? [], requires: hard.get(p.name) ?? [], installedSizeBytes: p.installedSizeBytes, inBase,
      root: inBase || p.essential || !required.has(p.name) || (autoSet !== null && !autoSet.has(p.name)),
    });
    // .md5sums lists files only; it speaks when there is no .list (distroless)
    const sources = own.some((l) => l.kind === 'list') ? own.filter((l) => l.kind === 'list') : own;
    for (const l of sources) for (const path of ownedPaths(text(l.path) ?? '', l.kind)) claim(path, id.get(p.name)!);
  }
  for (const path of files.paths) { // dpkg's own records of a package belong to it
    const m = DPKG_INFO_FILE.exec(path);
    const owner = m ? id.get((m[1] ?? m[2])!) : undefined;
    if (owner !== undefined) claim(path, owner);
  }
}

function claimConda(files: FileTable, text: Text, inBaseLayer: (p: string) => boolean, owners: Owner[], claim: (p: string, o: number) => void): void {
  const metas = files.paths.filter((p) => /(?:^|\/)conda-meta\/[^/]+\.json$/.test(p));
  const pkgs = metas.map((path) => ({ path, pkg: parseCondaMeta(path, text(path) ?? '') }));
  const required = new Set(pkgs.flatMap((p) => p.pkg?.depends ?? []));
  for (const { path, pkg } of pkgs) {
    if (!pkg) continue;
    const id = owners.length;
    const inBase = inBaseLayer(path);
    owners.push({ kind: 'conda', name: pkg.name, version: pkg.version, deps: pkg.depends, inBase, root: inBase || !required.has(pkg.name) });
    for (const f of pkg.files) claim(f, id);
    claim(path, id);
  }
}

/** What claimPython leaves for the fallback: owners by top-level module path and by metadata directory. */
interface TopLevel { byTop: Map<string, number>; byMetaDir: Map<string, number> }

function claimPython(files: FileTable, text: Text, inBaseLayer: (p: string) => boolean, owners: Owner[], claim: (p: string, o: number) => void): TopLevel {
  const dists: PythonDist[] = pythonDists(files.metaDirs, text, (p) => files.index.has(p));
  const required = new Set(dists.flatMap((d) => d.requires));
  const byTop = new Map<string, number>();
  const byMetaDir = new Map<string, number>();
  for (const d of dists) {
    const id = owners.length;
    byMetaDir.set(d.metaDir, id);
    const inBase = inBaseLayer(`${d.metaDir}/RECORD`) || inBaseLayer(`${d.metaDir}/METADATA`) || inBaseLayer(`${d.metaDir}/PKG-INFO`);
    owners.push({ kind: 'python', name: d.name, version: d.version, deps: d.requires, inBase, root: inBase || d.requested || !required.has(d.name) });
    for (const f of d.files ?? []) claim(f, id);
    if (d.files === null) for (const t of d.topLevel) byTop.set(t, id);
  }
  return { byTop, byMetaDir };
}

/** `pkg/__pycache__/mod.cpython-313.pyc` → the owner of `pkg/mod.py`. */
function claimBytecode(files: FileTable, ownerOf: Int32Array): void {
  files.paths.forEach((path, i) => {
    const m = ownerOf[i] === -1 ? PYC.exec(path) : null;
    const source = m ? files.index.get(`${m[1] ?? ''}${m[2]}.py`) : undefined;
    if (source !== undefined && ownerOf[source] !== -1) ownerOf[i] = ownerOf[source]!;
  });
}

/** No RECORD: the files under the distribution's top-level modules (and its metadata directory) are its own. */
function claimTopLevel(files: FileTable, { byTop, byMetaDir }: TopLevel, ownerOf: Int32Array): void {
  files.paths.forEach((path, i) => {
    if (ownerOf[i] !== -1) return;
    const meta = byMetaDir.get(path.slice(0, path.lastIndexOf('/')));
    if (meta !== undefined) { ownerOf[i] = meta; return; }
    const site = SITE_FILE.exec(path);
    const owner = site ? byTop.get(`${site[1]}/${site[2]}`) : undefined;
    if (owner !== undefined) ownerOf[i] = owner;
  });
}
