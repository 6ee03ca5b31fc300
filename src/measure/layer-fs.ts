// Filesystem trees behind the wasted-space analysis (pure): one layer's tar entries as a tree, and
// two stacks of the layers below — dive's (to size a whiteout as dive does) and overlayfs's (to know
// which stored bytes the final image no longer shows). Memory grows with paths, never with bytes.

export type TarEntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';
/** One tar header: path normalized (no leading './' or '/', no trailing '/'), size from the header. */
export interface TarEntry { path: string; type: TarEntryType; size: number }

const WHITEOUT = '.wh.';
/** `.wh..wh.` names are overlay metadata (`.wh..wh..opq`, aufs' `.wh..wh.plnk`), never files. */
const WHITEOUT_META = '.wh..wh.';
const OPAQUE = '.wh..wh..opq';

export interface LayerNode {
  size: number;
  isDir: boolean;
  /** False for a parent directory only implied by the paths below it. */
  explicit: boolean;
  whiteout: boolean;
  hasChildren: boolean;
}
export interface LayerTree { nodes: Map<string, LayerNode>; opaqueDirs: string[] }

/** Hardlinks carry no bytes of their own (the tar stores them with size 0; be sure of it). */
export function entryBytes(e: TarEntry): number {
  return e.type === 'hardlink' ? 0 : e.size;
}

/** The path a whiteout node deletes: `a/.wh.b` → `a/b`. */
export function whiteoutTarget(key: string): string {
  const slash = key.lastIndexOf('/');
  return key.slice(0, slash + 1) + key.slice(slash + 1 + WHITEOUT.length);
}

/** One layer's tree, built as dive's AddPath does: metadata names are skipped but their parents exist. */
export function layerTree(entries: readonly TarEntry[]): LayerTree {
  const nodes = new Map<string, LayerNode>();
  const opaqueDirs: string[] = [];
  for (const e of entries) {
    if (e.path === '' || e.path === '.') continue;
    const parts = e.path.split('/');
    const meta = parts.findIndex((p) => p.startsWith(WHITEOUT_META));
    if (meta >= 0) {
      addPrefixes(nodes, parts, meta);
      if (meta === parts.length - 1 && parts[meta] === OPAQUE) opaqueDirs.push(parts.slice(0, meta).join('/'));
      continue;
    }
    const parent = addPrefixes(nodes, parts, parts.length - 1);
    if (parent) parent.hasChildren = true;
    const name = parts[parts.length - 1]!;
    const old = nodes.get(e.path);
    nodes.set(e.path, {
      size: entryBytes(e),
      isDir: e.type === 'dir',
      explicit: true,
      whiteout: name.startsWith(WHITEOUT),
      hasChildren: old?.hasChildren ?? false,
    });
  }
  return { nodes, opaqueDirs };
}

/** Creates the first `count` prefixes of `parts` as implied dirs; returns the deepest one. */
function addPrefixes(nodes: Map<string, LayerNode>, parts: string[], count: number): LayerNode | undefined {
  let key = '';
  let node: LayerNode | undefined;
  for (let k = 0; k < count; k++) {
    if (node) node.hasChildren = true;
    key = k === 0 ? parts[0]! : `${key}/${parts[k]}`;
    node = nodes.get(key);
    if (!node) nodes.set(key, (node = { size: 0, isDir: true, explicit: false, whiteout: false, hasChildren: false }));
  }
  return node;
}

/** `layer`: the index of the layer that stored the node (the overlay stack reports it; dive's ignores it). */
interface FsNode { size: number; isDir: boolean; children: Map<string, FsNode> | null; layer: number }

function dirNode(layer = 0): FsNode { return { size: 0, isDir: true, children: null, layer }; }

function child(node: FsNode, name: string): FsNode | undefined { return node.children?.get(name); }

function setChild(node: FsNode, name: string, value: FsNode): void {
  (node.children ??= new Map()).set(name, value);
}

function lookup(root: FsNode, path: string): FsNode | undefined {
  let node: FsNode | undefined = root;
  for (const name of path.split('/')) node = node && child(node, name);
  return node;
}

/** Sum of the sizes of a node and everything under it. */
export function subtreeBytes(node: FsNode): number {
  let sum = node.size;
  for (const c of node.children?.values() ?? []) sum += subtreeBytes(c);
  return sum;
}

/** Stack of layers as dive stacks them: whiteouts remove, entries replace the payload and keep children,
 *  opaque markers are ignored (dive never adds them to its trees). */
export class DiveStack {
  private readonly root = dirNode();

  /** What dive counts for a whiteout of `path`: the subtree if the stacked node is a directory, else 0. */
  whiteoutBytes(path: string): number {
    const node = lookup(this.root, path);
    return node?.isDir ? subtreeBytes(node) : 0;
  }

  apply(layer: LayerTree): void {
    for (const [key, n] of layer.nodes) {
      if (n.whiteout) this.remove(whiteoutTarget(key));
      else if (n.explicit) Object.assign(this.ensure(key), { size: n.size, isDir: n.isDir });
      else this.ensure(key);
    }
  }

  private ensure(path: string): FsNode {
    let node = this.root;
    for (const name of path.split('/')) {
      let next = child(node, name);
      if (!next) setChild(node, name, (next = dirNode()));
      node = next;
    }
    return node;
  }

  private remove(path: string): void {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? this.root : lookup(this.root, path.slice(0, slash));
    parent?.children?.delete(path.slice(slash + 1));
  }
}

/** A stored node the final filesystem no longer shows: hidden by layer `hiddenBy`, stored by layer `storedIn`. */
export type OnHidden = (path: string, hiddenBy: number, bytes: number, storedIn: number) => void;
/** One path of the final filesystem: its own size and the layer whose copy it shows. */
export interface FinalPath { path: string; size: number; isDir: boolean; layer: number }

/** Stack of layers as overlayfs (and docker's layer unpacking) shows them; counts the stored bytes that
 *  end up hidden and reports each hidden path with the layer that hid it and the one that stored it. */
export class OverlayStack {
  private readonly root = dirNode();
  hiddenBytes = 0;

  constructor(private readonly onHidden: OnHidden) {}

  apply(layer: LayerTree, index: number): void {
    // A layer's whiteouts and opaque markers act on the layers below, never on its own entries.
    for (const [key, n] of layer.nodes) if (n.whiteout) this.removeAt(whiteoutTarget(key), index);
    for (const dir of layer.opaqueDirs) this.clearDir(dir, index);
    for (const [key, n] of layer.nodes) {
      if (n.whiteout) continue;
      if (n.explicit) this.put(key, n.size, n.isDir, index);
      else this.ensureDir(key, index);
    }
  }

  /** Bytes the final filesystem shows (for checks: stored = visible + hidden). */
  visibleBytes(): number { return subtreeBytes(this.root); }

  /** Every path the final filesystem shows, depth first, with its own size and the layer it comes from. */
  *paths(): Generator<FinalPath> {
    const walk = function* (node: FsNode, prefix: string): Generator<FinalPath> {
      for (const [name, c] of node.children ?? []) {
        const path = prefix ? `${prefix}/${name}` : name;
        yield { path, size: c.size, isDir: c.isDir, layer: c.layer };
        if (c.children) yield* walk(c, path);
      }
    };
    yield* walk(this.root, '');
  }

  private put(path: string, size: number, isDir: boolean, index: number): void {
    const { parent, name } = this.parentDir(path, index);
    const old = child(parent, name);
    if (old && old.isDir && isDir) {
      this.hide(old, path, index, false); // a re-listed directory replaces only its own header
      old.size = size;
      old.layer = index;
      return;
    }
    if (old) this.hide(old, path, index, true);
    setChild(parent, name, { size, isDir, children: null, layer: index });
  }

  private ensureDir(path: string, index: number): void {
    const { parent, name } = this.parentDir(path, index);
    const old = child(parent, name);
    if (old?.isDir) return;
    if (old) this.hide(old, path, index, true);
    setChild(parent, name, dirNode(index));
  }

  /** Walks to the parent of `path`, creating implied directories; a non-directory in the way is replaced. */
  private parentDir(path: string, index: number): { parent: FsNode; name: string } {
    const names = path.split('/');
    let node = this.root;
    let at = '';
    for (const name of names.slice(0, -1)) {
      at = at ? `${at}/${name}` : name;
      let next = child(node, name);
      if (next && !next.isDir) { this.hide(next, at, index, true); next = undefined; }
      if (!next) setChild(node, name, (next = dirNode(index)));
      node = next;
    }
    return { parent: node, name: names[names.length - 1]! };
  }

  private removeAt(path: string, index: number): void {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? this.root : lookup(this.root, path.slice(0, slash));
    const node = parent && child(parent, path.slice(slash + 1));
    if (!parent || !node) return;
    this.hide(node, path, index, true);
    parent.children!.delete(path.slice(slash + 1));
  }

  private clearDir(path: string, index: number): void {
    const dir = lookup(this.root, path);
    for (const [name, c] of dir?.children ?? []) this.hide(c, `${path}/${name}`, index, true);
    if (dir) dir.children = null;
  }

  private hide(node: FsNode, path: string, index: number, withChildren: boolean): void {
    this.hiddenBytes += node.size;
    this.onHidden(path, index, node.size, node.layer);
    if (!withChildren) return;
    for (const [name, c] of node.children ?? []) this.hide(c, `${path}/${name}`, index, true);
  }
}
