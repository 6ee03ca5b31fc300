// The results.json contract (DESIGN.md "Contracts"). Names are stable: tests and users rely on them.
import type { ImageDiff } from './measure/image-diff.js';
import type { ImportAnalysis } from './rules/types.js';
import type { RankObjective } from './rank/objectives.js';

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
}
