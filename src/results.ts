// The results.json contract (DESIGN.md "Contracts"). Names are stable: tests and users rely on them.

export const SCHEMA_VERSION = 1;

export type Outcome = 'ok' | 'build-failed' | 'smoke-failed' | 'base-unavailable' | 'skipped';

export interface LayerRecord {
  /** Dockerfile instruction that made the layer, or "base" for the base image's layers. */
  instruction: string;
  /** 1-based line of the instruction in the variant's Dockerfile; null for base layers. */
  line: number | null;
  /** Stage index in the variant's Dockerfile; null for base layers. */
  stage: number | null;
  sizeBytes: number;
}

export interface StepRecord {
  name: string;
  seconds: number;
  cached: boolean;
}

export interface BuildRecord {
  coldSeconds: number;
  warmSeconds: number | null;
  steps: StepRecord[];
}

export interface SmokeRecord {
  passed: boolean;
  seconds: number;
  startupSeconds: number | null;
  /** Peak memory of the smoke container (cgroup max usage), when the engine reports it. */
  peakMemoryBytes?: number | null;
  outputTail: string;
}

export interface VariantResult {
  name: string;
  rules: string[];
  outcome: Outcome;
  /** Path of the variant's Dockerfile, relative to the out dir. */
  dockerfile: string;
  /** Path of the variant's patch against the project, relative to the out dir; null for the original. */
  patch: string | null;
  sizeBytes: number | null;
  compressedBytes: number | null;
  /** dive's numbers: bytes of paths stored in two or more layers, and Σ min / Σ cumulative over leaf paths. */
  wastedBytes: number | null;
  efficiency: number | null;
  /** wastedBytes / bytes of the layers above the base image (a fraction, as dive reports it). */
  wastedUserPercent?: number | null;
  /** Bytes stored in layers that the final filesystem no longer shows: what squashing would save. */
  reclaimableBytes?: number | null;
  /** Against the original's final filesystem: the directories that changed most, packages added and removed. */
  diff?: ImageDiff | null;
  layers: LayerRecord[];
  build: BuildRecord | null;
  smoke: SmokeRecord | null;
  rank: number | null;
  pareto: boolean;
  /** Why the outcome is not ok; null when it is. */
  error: string | null;
}

export interface EngineRecord {
  docker: string;
  buildx: string;
  builder: string;
  storageDriver?: string;
}

export interface Results {
  schemaVersion: typeof SCHEMA_VERSION;
  runId: string;
  project: string;
  /** Absolute path of the project dir the run read (what `dflab run --resume` goes back to). */
  projectDir?: string;
  startedAt: string;
  finishedAt: string | null;
  engine: EngineRecord;
  variants: VariantResult[];
  recommended: string | null;
  /** The evidence prune-requirements planned with (absent when the rule was not selected or no app source is copied). */
  importAnalysis?: ImportAnalysis | null;
  /** Rules (and dflab.yaml combinations, base trials) that made no variant, and why. */
  skippedRules?: { rule: string; reason: string }[];
  /** What the variants were ranked by: a named objective or dflab.yaml's weights (`dflab report` re-ranks with it). */
  objective?: RankObjective;
  /** The stage that was built and tuned (absent in runs before it was recorded). */
  target?: TargetRecord;
}

/** The stage a plan tunes: the product image (`--target`, dflab.yaml `target:`, or the last stage that is not a helper). */
export interface TargetRecord {
  /** Its name; null for an unnamed stage (then it is the last one). */
  stage: string | null;
  /** 0-based stage index and the 1-based line of its FROM, in the original Dockerfile. */
  index: number;
  line: number;
  /** Which stage and why: "stage prod (line 12), the last stage that is not a helper (test is named like a helper (test))". */
  description: string;
}

export interface ImportAnalysis {
  /** 'fallback-list' when the analysis could not run: prune-requirements then uses its fixed dev/test/notebook list. */
  method: 'import-analysis' | 'fallback-list';
  /** Distributions (PEP 503 normalized names) in the app's import closure. */
  keep: string[];
  /** Debian packages (python3-x …) owning the modules and distributions the app needs; absent when not mapped. */
  aptKeep?: string[];
  /** Imported modules nothing installed provides (shown in notes). */
  unresolved?: string[];
  /** Bytes installed by deep-learning stacks (torch, nvidia-*, triton …; Debian packages as `deb:name`). */
  heavyBytes?: Record<string, number>;
  /** With 'fallback-list': why the analysis could not run. */
  reason?: string;
}

export const OBJECTIVES = ['size', 'compressed', 'build', 'balanced'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** dflab.yaml `rank.weights`: how much each axis counts; an axis left out counts 0. */
export interface Weights {
  size: number;
  compressed: number;
  build: number;
}

/** A named objective, or weights from dflab.yaml. */
export type RankObjective = Objective | { weights: Weights };

export interface DirChange { path: string; beforeBytes: number; afterBytes: number; deltaBytes: number }
export interface FileChange { path: string; bytes: number }

export interface ImageDiff {
  /** Bytes of the final filesystems (what `du` would say), after minus before. */
  filesystemDeltaBytes: number;
  dirs: DirChange[];
  packagesAdded: string[];
  packagesRemoved: string[];
  /** `pip:x 1.0 → 2.0`. */
  packagesChanged: string[];
  filesAdded?: { count: number; bytes: number; largest: FileChange[] };
  filesRemoved?: { count: number; bytes: number; largest: FileChange[] };
}
