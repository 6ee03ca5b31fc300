// What an image's final filesystem holds, summed up to compare two images (pure): bytes per directory (a few
// levels deep), the Debian and pip packages installed, and optionally every file with its size.
import { layerTree, OverlayStack, type TarEntry } from './layer-fs.js';
import { packageBytes } from './package-sizes.js';

export interface Inventory {
  totalBytes: number;
  fileCount: number;
  /** Directory → bytes of the files under it, for directories at most DIR_DEPTH levels deep. */
  dirs: Record<string, number>;
  /** `deb:name` or `pip:name` → version ('' when unknown). */
  packages: Record<string, string>;
  /** Every file and its size; only when asked for (dflab diff), since it grows with the image. */
  files?: Map<string, number>;
  /** `deb:`/`pip:` name → bytes, when the layers carry the package databases' texts (dflab diff). */
  packageBytes?: Record<string, number>;
}

export const DIR_DEPTH = 4;

/** dpkg keeps one `<package>[:arch].list` per installed package. */
const DPKG_LIST = /^var\/lib\/dpkg\/info\/([^/:]+)(?::[^/]+)?\.list$/;
/** Installed Python distributions: `<name>-<version>.dist-info` / `.egg-info` in a site or dist-packages dir. */
const PY_DIST = /(?:^|\/)(?:site|dist)-packages\/([^/]+?)-([^-/][^/]*?)\.(?:dist|egg)-info$/;

export function inventoryOf(layers: readonly (readonly (TarEntry & { text?: string })[])[], withFiles = false): Inventory {
  const overlay = new OverlayStack(() => undefined);
  layers.forEach((entries, index) => overlay.apply(layerTree(entries), index));
  const inv = inventoryOfOverlay(overlay, withFiles);
  if (!layers.some((l) => l.some((e) => e.text !== undefined))) return inv;
  const present = new Set<string>();
  for (const { path, isDir } of overlay.paths()) if (!isDir) present.add(path);
  return { ...inv, packageBytes: packageBytes(layers, (p) => present.has(p)) };
}

/** The inventory of layers already stacked (analyzeEfficiency hands its stack over). */
export function inventoryOfOverlay(overlay: OverlayStack, withFiles = false): Inventory {
  const inv: Inventory = { totalBytes: 0, fileCount: 0, dirs: {}, packages: {}, ...(withFiles ? { files: new Map() } : {}) };
  for (const { path, size, isDir } of overlay.paths()) {
    const pip = PY_DIST.exec(path);
    if (pip) inv.packages[`pip:${normalize(pip[1]!)}`] = pip[2]!;
    if (isDir) continue;
    const deb = DPKG_LIST.exec(path);
    if (deb) inv.packages[`deb:${deb[1]}`] = '';
    inv.totalBytes += size;
    inv.fileCount++;
    inv.files?.set(path, size);
    const parts = path.split('/');
    for (let depth = 1; depth < parts.length && depth <= DIR_DEPTH; depth++) {
      const dir = parts.slice(0, depth).join('/');
      inv.dirs[dir] = (inv.dirs[dir] ?? 0) + size;
    }
  }
  return inv;
}

/** PEP 503 names, so `PyYAML-6.0.dist-info` and `pyyaml` meet. */
function normalize(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}
