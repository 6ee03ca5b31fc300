// The results.json contract (DESIGN.md "Contracts"). Names are stable: tests and users rely on them.
import { REASON_CODES, type ReasonCode } from './reasons.js';
// The interfaces say what the writer produces; resultsSchema (below) checks what a reader is given, and a
// compile-time check keeps the two the same shape.
import { z } from 'zod';

export const SCHEMA_VERSION = 1;

/** The unchanged Dockerfile's variant: always planned first, never ranked above a variant that beats it. */
export const ORIGINAL = 'original';
/**
 * The cumulative variant's name (every selected rule that composes, applied together); never a rule id. In a list
 * that selects rules (`--rules`, dflab.yaml `rules.include`) it stands, alone, for every rule.
 */
export const ALL_VARIANT = 'all';

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
  /** Of `seconds`, those before the step's first log line and after its last (an installer's start-up and BuildKit's
   *  commit; what cold predictions take as an install's fixed cost): for a step that ran once and logged, or a cache
   *  hit credited from the step history (step-times.ts). */
  quietSeconds?: number;
}

export interface BuildRecord {
  coldSeconds: number;
  /** The median of warmSamples when the edit-rebuild was measured more than once (`--repeat N`). */
  warmSeconds: number | null;
  steps: StepRecord[];
  /**
   * ± of coldSeconds: each step's spread (half the range of its recorded durations) combined as independent errors;
   * null when a step that takes time was recorded only once. Absent in files written before spreads were recorded.
   */
  coldSpreadSeconds?: number | null;
  /** Every edit-rebuild time measured, in order (`--repeat N` gives N); absent in older files. */
  warmSamples?: number[];
  /** ± of warmSeconds: half the range of warmSamples; null with fewer than two. */
  warmSpreadSeconds?: number | null;
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
  /** Σ layer sizes with zstd at BuildKit's default level (absent in runs before it was measured). */
  compressedZstdBytes?: number | null;
  /** How: BuildKit's own zstd export (containerd image store), or the zstd CLI at level 3 over the same layer tars (classic store). */
  compressedZstdMethod?: ZstdMethod | null;
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
  /** BuildKit build-check findings this variant has that the original does not (absent when the checks did not run). */
  newBuildChecks?: BuildCheckRecord[] | null;
  build: BuildRecord | null;
  smoke: SmokeRecord | null;
  rank: number | null;
  pareto: boolean;
  /** Why the outcome is not ok; null when it is. */
  error: string | null;
  /** What the variant asks of the app and of whoever runs it, from the rules it applies (absent: nothing recorded). */
  requires?: Requirement[];
  /** Other planned variants whose effective build is this one's: built once, shown as one, under this name. */
  aliases?: VariantAlias[];
  /** Wall seconds this variant spent in each phase (absent in runs before they were recorded). */
  timings?: VariantTimings;
  /** The buildx builder that built it, when the run spread its variants over several (absent otherwise). */
  builder?: string;
  /** What the run predicted for it before building it, from the original's byte attribution (absent: no prediction made). */
  predicted?: PredictedRecord;
  /** Why no prediction could be made (absent when one was, or none was tried). */
  unpredicted?: { code: ReasonCode; message: string };
  /** Not built (`--budget` spent, or `--prove N` proved the top N): only its prediction is known; never ranked or recommended. */
  predictedOnly?: boolean;
}

/** Absolute predicted figures (the original's plus the predicted difference). */
export interface PredictedRecord {
  sizeBytes: number;
  /** null when the original's compressed size was not measured. */
  compressedBytes: number | null;
  /** The cold build time predict/cold.ts gives; null when some step has no basis. */
  coldSeconds: number | null;
  /** Signed bytes per source (negative: removed); `keys` name the packages/caches/files counted (`deb:x`, `python:y`, `pip-cache:…`). */
  contributors: { what: string; bytes: number; keys?: string[] }[];
}

/** Wall seconds per phase: build excludes its image export (export); analysis is layers and wasted space. */
export interface VariantTimings {
  build: number;
  export: number;
  analysis: number;
  push: number;
  smoke: number;
  editRebuild: number;
}

/** Where the run's time went: per-phase totals over the variants, and the wall time no build was running. */
export interface RunTimings {
  wallSeconds: number;
  totals: VariantTimings;
  /** Wall seconds during which at least one build (cold, no-cache or edit-rebuild) ran. */
  buildingSeconds: number;
  /** 1 - buildingSeconds / wallSeconds. */
  idleShare: number;
  /** Whether builds ran alone (no push, read, analysis or trace beside them: fair cold and edit-rebuild times) and why
   *  (run/build-gate.ts); absent in runs before it was recorded, and in runs where no original was built. */
  schedule?: { buildsAlone: boolean; why: string };
}

/** What a variant's rules require, as a typed value the report words (report/requirements.ts). */
export const REQUIREMENT_KINDS = [
  'reads-env', 'loads-model', 'not-copied', 'not-installed', 'base-image', 'musl-base', 'cpu-only', 'no-recommends',
  'buildkit', 'builder-only', 'manifests-named',
] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

export interface Requirement {
  kind: RequirementKind;
  /** What it is about: a variable (`MODEL_BACKEND=onnx`), a path, a package, an image; '' when the kind says it all. */
  subject: string;
}

export interface VariantAlias {
  name: string;
  rules: string[];
}

/** A warning dflab's engine-less checks give for the project's Dockerfile, worded as BuildKit's checks word it
 *  (dockerfile/build-checks.ts): found without an engine, so recorded even where BuildKit cannot run its checks. */
export interface DockerfileWarningRecord {
  /** The Dockerfile, relative to the project dir. */
  file: string;
  line: number;
  /** BuildKit's check name: NoEmptyContinuation, JSONArgsRecommended, InvalidJSONForm. */
  code: string;
  message: string;
}

/** One finding of BuildKit's own build checks (`docker buildx build --call=check`). */
export interface BuildCheckRecord {
  /** BuildKit's rule name: "JSONArgsRecommended", "FromAsCasing", … */
  rule: string;
  detail: string;
  url: string | null;
  /** 1-based lines of the variant's Dockerfile it points at. */
  lines: number[];
}

/** BuildKit's build checks of the original, or why they did not run. */
export interface BuildChecksRecord { ran: boolean; reason: string | null; original: BuildCheckRecord[] }

export const ZSTD_METHODS = ['buildkit', 'zstd-cli-level-3'] as const;
export type ZstdMethod = (typeof ZSTD_METHODS)[number];

export interface EngineRecord {
  docker: string;
  buildx: string;
  builder: string;
  storageDriver?: string;
  /** Every builder of a run spread over several (`builder` is the first): its driver and the docker context it loads into. */
  builders?: { name: string; driver: string; context: string }[];
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
  skippedRules?: SkippedRuleRecord[];
  /** What the variants were ranked by: a named objective or dflab.yaml's weights. */
  objective?: RankObjective;
  /** Why `recommended` (or why nothing is): the ranking's verdict, so the report shows it without ranking again. */
  recommendedReason?: string;
  /** What the command line chose (`dflab run --resume` restores it); dflab.yaml decides what it leaves null. */
  selection?: RunSelection;
  /** The stage that was built and tuned (absent in runs before it was recorded). */
  target?: TargetRecord;
  /** BuildKit's own build checks of the original (absent in runs before they were recorded). */
  buildChecks?: BuildChecksRecord | null;
  /** dflab's engine-less warnings on the project's Dockerfile (empty continuation lines, broken JSON form) (absent in runs before it was recorded). */
  dockerfileWarnings?: DockerfileWarningRecord[];
  /** Where the run's time went (absent in runs before it was recorded). */
  timings?: RunTimings;
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

export interface RunSelection {
  /** `--rules` as given ("all": every rule); null: dflab.yaml's rules.include. */
  rules: string[] | null;
  /** `--skip-rules`, added to dflab.yaml's rules.exclude. */
  skipRules: string[] | null;
  /** `--bases`; null: dflab.yaml's bases. */
  bases: string[] | null;
  /** `--target`; absent: dflab.yaml's target, else the default (written only when given). */
  target?: string;
  /** `--objective`; null: dflab.yaml's rank settings. */
  objective: RankObjective | null;
  /** `--exact-cold`. */
  exactCold: boolean;
  /** The Dockerfile `-f` (or DIR given as a Dockerfile) chose, absolute; absent: dflab.yaml's `dockerfile:` or `--service`'s. */
  file?: string;
  /** `--service`: the Compose service whose build entry gave the Dockerfile, context and target. */
  service?: string;
  /** `--repeat`: edit-rebuilds measured per variant (written only when above 1). */
  repeat?: number;
  /** `--zstd` (or dflab.yaml `zstd: true`): zstd sizes were asked for (written only when true). */
  zstd?: boolean;
  /** `--budget`, in seconds (written only when given). */
  budgetSeconds?: number;
  /** `--prove N` (written only when given). */
  prove?: number;
}

export interface SkippedRuleRecord {
  rule: string;
  /** The stable code of the reason (src/reasons.ts); absent in files written before codes existed. */
  code?: ReasonCode;
  /** The reason's message. */
  reason: string;
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
  /** Largest first when the sizes are known (`packageBytes`), else by name. */
  packagesAdded: string[];
  packagesRemoved: string[];
  /** Bytes of each added and removed package, when the package databases were read (dflab diff). */
  packageBytes?: Record<string, number>;
  /** `pip:x 1.0 → 2.0`. */
  packagesChanged: string[];
  filesAdded?: { count: number; bytes: number; largest: FileChange[] };
  filesRemoved?: { count: number; bytes: number; largest: FileChange[] };
}

// ---- The schema a reader checks results.json against (run/results-file.ts reads through it). ----

/** Variant names and out-dir paths become file names under the out dir: nothing that could leave it. `+` joins a
 *  rule applied on top of a variant (`all+minify`, since the variant was added). */
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;
const inOutDir = (p: string) => !p.startsWith('/') && !p.split('/').includes('..');
const outPath = z.string().refine(inOutDir, { message: 'expected a path inside the out dir' });
const bytes = z.number().nullable();
const fileChange = z.object({ path: z.string(), bytes: z.number() });
const fileSet = z.object({ count: z.number(), bytes: z.number(), largest: z.array(fileChange) });

const imageDiffSchema = z.object({
  filesystemDeltaBytes: z.number(),
  dirs: z.array(z.object({ path: z.string(), beforeBytes: z.number(), afterBytes: z.number(), deltaBytes: z.number() })),
  packagesAdded: z.array(z.string()),
  packagesRemoved: z.array(z.string()),
  packageBytes: z.record(z.number()).optional(),
  packagesChanged: z.array(z.string()),
  filesAdded: fileSet.optional(),
  filesRemoved: fileSet.optional(),
});

const reasonCode = z.enum(Object.keys(REASON_CODES) as [ReasonCode, ...ReasonCode[]]);
const buildCheckSchema = z.object({ rule: z.string(), detail: z.string(), url: z.string().nullable(), lines: z.array(z.number()) });
const timingsSchema = z.object({
  build: z.number(), export: z.number(), analysis: z.number(), push: z.number(), smoke: z.number(), editRebuild: z.number(),
});

const variantSchema = z.object({
  name: z.string().regex(SAFE_NAME, { message: 'expected a variant name dflab writes (letters, digits, ".", "_", "-", "+")' }),
  rules: z.array(z.string()),
  outcome: z.enum(['ok', 'build-failed', 'smoke-failed', 'base-unavailable', 'skipped']),
  dockerfile: outPath,
  patch: outPath.nullable(),
  sizeBytes: bytes,
  compressedBytes: bytes,
  compressedZstdBytes: bytes.optional(),
  compressedZstdMethod: z.enum(ZSTD_METHODS).nullable().optional(),
  wastedBytes: bytes,
  efficiency: z.number().nullable(),
  wastedUserPercent: z.number().nullable().optional(),
  reclaimableBytes: bytes.optional(),
  diff: imageDiffSchema.nullable().optional(),
  layers: z.array(z.object({ instruction: z.string(), line: z.number().nullable(), stage: z.number().nullable(), sizeBytes: z.number() })),
  newBuildChecks: z.array(buildCheckSchema).nullable().optional(),
  build: z.object({
    coldSeconds: z.number(),
    warmSeconds: z.number().nullable(),
    steps: z.array(z.object({ name: z.string(), seconds: z.number(), cached: z.boolean(), quietSeconds: z.number().optional() })),
    coldSpreadSeconds: z.number().nullable().optional(),
    warmSamples: z.array(z.number()).optional(),
    warmSpreadSeconds: z.number().nullable().optional(),
  }).nullable(),
  smoke: z.object({
    passed: z.boolean(), seconds: z.number(), startupSeconds: z.number().nullable(), peakMemoryBytes: bytes.optional(), outputTail: z.string(),
  }).nullable(),
  rank: z.number().nullable(),
  pareto: z.boolean(),
  error: z.string().nullable(),
  requires: z.array(z.object({ kind: z.enum(REQUIREMENT_KINDS), subject: z.string() })).optional(),
  aliases: z.array(z.object({ name: z.string(), rules: z.array(z.string()) })).optional(),
  timings: timingsSchema.optional(),
  builder: z.string().optional(),
  predicted: z.object({
    sizeBytes: z.number(),
    compressedBytes: bytes,
    coldSeconds: z.number().nullable(),
    contributors: z.array(z.object({ what: z.string(), bytes: z.number(), keys: z.array(z.string()).optional() })),
  }).optional(),
  unpredicted: z.object({ code: reasonCode, message: z.string() }).optional(),
  predictedOnly: z.boolean().optional(),
});

const objectiveSchema = z.union([
  z.enum(OBJECTIVES),
  z.object({ weights: z.object({ size: z.number(), compressed: z.number(), build: z.number() }) }),
]);

export const resultsSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION, { errorMap: (_, ctx) => ({ message: `expected ${SCHEMA_VERSION}, got ${JSON.stringify(ctx.data)}` }) }),
  runId: z.string(),
  project: z.string(),
  projectDir: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  engine: z.object({
    docker: z.string(), buildx: z.string(), builder: z.string(), storageDriver: z.string().optional(),
    builders: z.array(z.object({ name: z.string(), driver: z.string(), context: z.string() })).optional(),
  }),
  variants: z.array(variantSchema),
  recommended: z.string().nullable(),
  importAnalysis: z.object({
    method: z.enum(['import-analysis', 'fallback-list']),
    keep: z.array(z.string()),
    aptKeep: z.array(z.string()).optional(),
    unresolved: z.array(z.string()).optional(),
    heavyBytes: z.record(z.number()).optional(),
    reason: z.string().optional(),
  }).nullable().optional(),
  skippedRules: z.array(z.object({ rule: z.string(), code: reasonCode.optional(), reason: z.string() })).optional(),
  objective: objectiveSchema.optional(),
  recommendedReason: z.string().optional(),
  selection: z.object({
    rules: z.array(z.string()).nullable(),
    skipRules: z.array(z.string()).nullable(),
    bases: z.array(z.string()).nullable(),
    target: z.string().optional(),
    objective: objectiveSchema.nullable(),
    exactCold: z.boolean(),
    file: z.string().optional(),
    service: z.string().optional(),
    repeat: z.number().int().positive().optional(),
    zstd: z.boolean().optional(),
    budgetSeconds: z.number().positive().optional(),
    prove: z.number().int().positive().optional(),
  }).optional(),
  target: z.object({ stage: z.string().nullable(), index: z.number(), line: z.number(), description: z.string() }).optional(),
  buildChecks: z.object({ ran: z.boolean(), reason: z.string().nullable(), original: z.array(buildCheckSchema) }).nullable().optional(),
  dockerfileWarnings: z.array(z.object({ file: z.string(), line: z.number(), code: z.string(), message: z.string() })).optional(),
  timings: z.object({
    wallSeconds: z.number(), totals: timingsSchema, buildingSeconds: z.number(), idleShare: z.number(),
    schedule: z.object({ buildsAlone: z.boolean(), why: z.string() }).optional(),
  }).optional(),
});

// Compile-time: the schema reads exactly what the interfaces say is written (a field added to one and not the
// other fails `tsc`).
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
type Holds<T extends true> = T;
export type ResultsSchemaMatches = Holds<Same<z.infer<typeof resultsSchema>, Results>>;
