// What byte attribution says about an image (pure data, JSON as is): where every stored byte comes from.
import type { CopyLayer } from './copy.js';

/** The categories partition the stored bytes: each byte of each layer lands in exactly one. */
export const CATEGORIES = ['base', 'deb', 'python', 'conda', 'pip-cache', 'uv-cache', 'apt-lists', 'apt-cache', 'pycache', 'copy', 'waste', 'other'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface SourceBytes { name: string; bytes: number; files: number }
export interface CategoryBytes { category: Category; bytes: number; files: number; sourceCount: number; top: SourceBytes[] }

export interface PackageBytes {
  kind: 'deb' | 'python' | 'conda';
  name: string;
  version: string;
  /** Bytes of its files the final filesystem shows, above the base image. */
  bytes: number;
  /** …and inside the base image's layers (counted under `base`). */
  baseBytes: number;
  files: number;
  /** Of `bytes + baseBytes`, the compiled bytecode (`__pycache__`) of its Python sources. */
  pycacheBytes: number;
  /** Debian packages: bytes (above and inside the base) of its files below /usr/share directories that dpkg path
   *  filters commonly leave out, by `shareKey` (`usr/share/doc`, `usr/share/doc/*\/copyright`, `usr/share/man` …). */
  shareBytes?: Record<string, number>;
  /** dpkg's Installed-Size, for a check against `bytes + baseBytes`. */
  installedSizeBytes?: number | null;
  /** In the base image (its database entry is in a base layer). */
  inBase: boolean;
  /** Asked for (apt manual / pip REQUESTED / nothing requires it), as opposed to pulled in. */
  root: boolean;
  /** Debian packages: what it Depends/Pre-Depends on, installed names (Recommends left out: apt-hygiene's prediction reads them apart). */
  requires?: string[];
  /** What installing it brings along, installed names: Depends, Pre-Depends and Recommends (deb), Requires-Dist
   *  (python), depends (conda) — the graph `onlyPulls` is computed on. */
  pulls?: string[];
  /** The packages only it pulls in (its removal would remove them too) and their bytes above the base. */
  onlyPulls: { names: string[]; bytes: number };
}

export interface LayerBytes {
  index: number;
  createdBy: string;
  base: boolean;
  storedBytes: number;
  /** Stored bytes a later layer deletes or rewrites. */
  wastedBytes: number;
  byCategory: Partial<Record<Category, number>>;
}

export interface WasteLayer { layer: number; createdBy: string; bytes: number; hiddenBy: { layer: number; bytes: number }[]; top: { path: string; bytes: number }[] }

export interface Attribution {
  image: string;
  /** As `dflab analyze` counts it: the engine's image size. */
  sizeBytes: number;
  /** Σ of every layer's entries (the bytes attributed). */
  storedBytes: number;
  attributedBytes: number;
  finalBytes: number;
  otherBytes: number;
  categories: CategoryBytes[];
  layers: LayerBytes[];
  packages: PackageBytes[];
  copies: CopyLayer[];
  waste: WasteLayer[];
}
