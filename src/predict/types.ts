// What a prediction says (pure data): how many bytes a variant removes or adds against the original image, and
// which sources make up the difference. Bytes are signed: negative removes, positive adds.
import type { Attribution, Category, ContextFile, PathFilter } from '../measure/attribution/index.js';
import type { PlannedVariant } from '../plan/index.js';
import type { Reason } from '../reasons.js';

/** The smallest thing a prediction counts (a package, a cache, a context group, the base image): counted once in a combination. */
export interface Unit { key: string; bytes: number; category: Category }

export interface Contributor {
  /** "python3-torch and 312 packages only it needs", "pip's cache /root/.cache/pip". */
  what: string;
  bytes: number;
  units: Unit[];
}

export type RulePrediction = { ok: true; contributors: Contributor[] } | { ok: false; reason: Reason };

export interface PredictedSize {
  /** Against the original: the predicted size minus the original's. */
  sizeBytes: number;
  compressedBytes: number;
  /** The difference by category (Σ of the units' bytes), to compress again once a push measured the original's ratios. */
  byCategory: Partial<Record<Category, number>>;
  /** `keys`: the units it counts (`deb:x`, `python:y`, `pip-cache:…`), to compare with a measured image diff. */
  contributors: { what: string; bytes: number; keys?: string[] }[];
}

export type Prediction = ({ predicted: true } & PredictedSize) | { predicted: false; reason: Reason };

/** The evidence beside the attribution, gathered by the caller (engine and file reads happen there). */
export interface PredictFacts {
  /** The original Dockerfile's text. */
  dockerfile: string;
  /** The original's context files as the planner read them (requirements, .dockerignore …), by context path. */
  files: Readonly<Record<string, string>>;
  /** Every context file with its size; null when not known. */
  context: readonly ContextFile[] | null;
  /** Candidate base images' sizes (local images; null: not local). */
  bases: ReadonlyMap<string, number | null>;
  /** Candidate base images' installed Debian packages (read from the local image); absent when not read. */
  basePackages?: ReadonlyMap<string, ReadonlySet<string>>;
  /** Candidate base images' dpkg path filters (path-exclude …, read from the local image); absent when not read. */
  baseFilters?: ReadonlyMap<string, readonly PathFilter[]>;
  /** Compressed/uncompressed per category when a registry push of the original measured it; else defaults (compress.ts). */
  ratios?: Partial<Record<Category, number>>;
  /** The original's final filesystem, path (relative to /) → bytes; read when a variant needs it (minify). */
  finalFiles?: ReadonlyMap<string, number>;
  /** What can be installed, sized from local metadata (a wheel directory, apt's lists): what a variant installs instead. */
  index?: PackageIndex;
}

/** A wheel of a local package index: its file's size, its files' size unpacked, the distributions it requires. */
export interface WheelFacts { name: string; version: string; fileBytes: number; unpackedBytes: number; requires: string[] }
/** A Debian package as apt's metadata describes it: Installed-Size, and what it Depends on. */
export interface DebFacts { name: string; installedBytes: number; requires: string[] }
export interface PackageIndex {
  /** By normalized distribution name. */
  wheels: ReadonlyMap<string, readonly WheelFacts[]>;
  debs: ReadonlyMap<string, DebFacts>;
  /** Where the facts come from ("/var/lib/dflab/pip-index/packages"), for the reasons. */
  source: string;
}

export type Predictor = (a: Attribution, v: PlannedVariant, f: PredictFacts) => RulePrediction;

export function contributor(what: string, units: Unit[]): Contributor {
  return { what, bytes: units.reduce((s, u) => s + u.bytes, 0), units };
}
