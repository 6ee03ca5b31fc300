// Predictions from the original image, shared by `dflab plan --image` and `dflab run`: the original's byte
// attribution (one read of its layers; a run hands over the read its own measurement then reuses) with the evidence
// beside it (history, the context's file sizes, the candidate bases' local sizes), and every planned variant's
// predicted size, compressed size and cold build time.
import { contextFileSizes } from '../context/index.js';
import type { LoadedProject } from '../context/project.js';
import { parseDockerfile } from '../dockerfile/index.js';
import { imageHistory, inspectImage } from '../engine/docker.js';
import { readImageFiles } from '../engine/image-files.js';
import { layersToRead, readImageLayers, type ReadOptions } from '../engine/image-layers.js';
import { zstdFromLayerScan } from '../engine/zstd-size.js';
import { attributeImage, attributionWants, attributionWantsKey, dpkgPathFilters, installedDebNames, type Attribution, type Category, type PathFilter } from '../measure/attribution/index.js';
import type { LayerBytes } from '../measure/attribution/types.js';
import { inventoryOf } from '../measure/inventory.js';
import type { Plan, PlannedVariant } from '../plan/index.js';
import { addedInstallObservations, compressedOfCategories, DEFAULT_RATIOS, installObservations, observedRatios, predictCold, predictVariant, type InstallObservation, type Prediction, type PredictFacts } from '../predict/index.js';
import { installHistoryFile, loadInstallHistory, saveInstallHistory } from './install-history.js';
import { newRunId } from './ids.js';
import { packageFacts } from './package-facts.js';
import type { StepTime } from '../predict/cold.js';
import type { PredictedFigures } from '../rank/predicted.js';
import { reason, type Reason } from '../reasons.js';
import { ORIGINAL, type PredictedRecord, type VariantResult } from '../results.js';
import type { Progress } from './progress.js';
import type { Built, LayersRead } from './variant.js';

const FROM = /^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim;

export interface OriginalAttribution { attribution: Attribution; facts: PredictFacts; sizeBytes: number }

/** What a run predicted for a variant before building it; compressedDelta becomes absolute once the original's push measured it. */
export type RunPrediction =
  | {
    predicted: true; sizeBytes: number; compressedDelta: number; estimatedCompressed: number; coldSeconds: number | null; contributors: PredictedRecord['contributors'];
    /** The size difference by category, and the original's layers by category (one array shared by every prediction):
     *  once the original's push measured each layer, the delta is compressed again at the ratios observed there. */
    byCategory: Partial<Record<Category, number>>; originalLayers: readonly Pick<LayerBytes, 'storedBytes' | 'byCategory'>[];
  }
  | { predicted: false; reason: Reason };

/**
 * The original image's attribution and the facts the predictors read. `layers`: the image's layers read with
 * attributionWants, or that read still under way (plan --image starts it first; the history, context sizes and
 * candidate bases are read meanwhile); else they are read here, only the layers whose texts the layer cache does
 * not hold being parsed (none, and no `docker save`, for an image read before).
 */
export async function attributeOriginal(
  image: string, sizeBytes: number, loaded: LoadedProject, plan: Plan,
  layers?: Parameters<typeof attributeImage>[0]['layers'] | Promise<Parameters<typeof attributeImage>[0]['layers']>, runId?: string,
): Promise<OriginalAttribution> {
  const original = plan.variants.find((v) => v.rules.length === 0 && !v.base) ?? plan.variants[0]!;
  const froms = (text: string) => [...text.matchAll(FROM)].map((m) => m[1]!);
  const originalBase = froms(original.dockerfile).pop() ?? null;
  const candidates = [...new Set(plan.variants.flatMap((v) => [...froms(v.dockerfile), ...(v.base ? [v.base] : [])]))];
  // Base swaps: which Debian packages each candidate base already holds (the others the installs pull in again),
  // and which paths its dpkg configuration leaves out of what is installed on it.
  // Every base a variant's final stage moves to (base-slim, base trials, multi-stage's final stage).
  const swapped = [...new Set(plan.variants.map((v) => v.base ?? froms(v.dockerfile).pop() ?? ''))].filter((c) => c && c !== originalBase);
  const [history, read, context, baseInfos, { basePackages, baseFilters }] = await Promise.all([
    imageHistory(image), layers ?? readAttributionLayers(image), contextFileSizes(loaded.contextDir),
    Promise.all(candidates.map(async (c) => [c, await inspectImage(c)] as const)), candidateDebs(swapped, runId ?? newRunId()),
  ]);
  const infos = new Map(baseInfos);
  const baseInfo = originalBase === null ? null : infos.get(originalBase) ?? null;
  // Without the original's base locally its layer count is unknown: no base swap is predicted then.
  const bases = new Map(candidates.map((c) => [c, baseInfo ? infos.get(c)?.sizeBytes ?? null : null]));
  const attribution = attributeImage({ image, sizeBytes, history, layers: read, baseLayerCount: baseInfo?.layers.length ?? 1, context });
  // The replacements' sizes (torch-cpu, onnx-runtime): the local wheel index and apt-cache in the original image.
  const index = await packageFacts(image, attribution, plan.variants, runId);
  // minify keeps listed files: their sizes come from the original's final filesystem.
  const finalFiles = plan.variants.some((v) => v.rules.includes('minify')) ? inventoryOf(read.map((l) => l.entries), true).files : undefined;
  return { attribution, facts: { dockerfile: original.dockerfile, files: loaded.project.files, context, bases, basePackages, baseFilters, ...(index ? { index } : {}), ...(finalFiles ? { finalFiles } : {}) }, sizeBytes };
}

/** Where a base's installed Debian packages (status; distroless: status.d) and dpkg's path filters are. */
const DPKG_FILES = ['/var/lib/dpkg/status', '/var/lib/dpkg/status.d', '/etc/dpkg/dpkg.cfg.d'];

/**
 * The Debian packages and dpkg path filters of each candidate base that is a local image, read alongside the
 * original: only those files, from a container created (not run) on the image — its final filesystem, so a
 * later layer's deletion counts — instead of a `docker save` of the whole base competing with the original's.
 */
async function candidateDebs(candidates: readonly string[], runId: string): Promise<{ basePackages: Map<string, Set<string>>; baseFilters: Map<string, PathFilter[]> }> {
  const basePackages = new Map<string, Set<string>>();
  const baseFilters = new Map<string, PathFilter[]>();
  await Promise.all(candidates.map(async (c) => {
    // A candidate that is not a local image cannot be created from: null, like any failed read.
    const contents = await readImageFiles(c, DPKG_FILES, runId).catch(() => null);
    if (!contents) return;
    basePackages.set(c, installedDebNames([{ contents }]));
    baseFilters.set(c, dpkgPathFilters(contents));
  }));
  return { basePackages, baseFilters };
}

/** The image's layers with the texts attribution reads (layer cache first): what `layers` of attributeOriginal takes. */
export async function readAttributionLayers(image: string, signal?: AbortSignal) {
  return (await readImageLayers(image, { want: attributionWants, wantKey: attributionWantsKey, ...(signal ? { signal } : {}) })).layers;
}

/** The original's compressed size, estimated from its categories and the default ratios (no push is made). */
export function estimatedCompressed(a: Attribution): number {
  return Math.round(a.categories.reduce((s, c) => s + c.bytes * DEFAULT_RATIOS[c.category], 0));
}

/** A run's prediction of each planned variant but the original; cold time from the original's recorded steps. */
export function predictRun(o: OriginalAttribution, plan: Plan, loaded: LoadedProject, originalSteps: readonly StepTime[], history: readonly InstallObservation[] = []): Map<string, RunPrediction> {
  const estimated = estimatedCompressed(o.attribution);
  const out = new Map<string, RunPrediction>();
  for (const v of plan.variants) {
    if (v.rules.length === 0 && !v.base) continue;
    const p: Prediction = predictVariant(o.attribution, v, o.facts);
    if (!p.predicted) { out.set(v.name, p); continue; }
    out.set(v.name, {
      predicted: true, sizeBytes: o.sizeBytes + p.sizeBytes, compressedDelta: p.compressedBytes, estimatedCompressed: estimated + p.compressedBytes,
      coldSeconds: coldOf(v, loaded, originalSteps, history), contributors: p.contributors,
      byCategory: p.byCategory, originalLayers: o.attribution.layers,
    });
  }
  return out;
}

const LEARNT_FROM_VARIANTS = new Set<InstallObservation['installer']>(['venv', 'files']);

/** The variant's context files: the original's with its edits. */
function filesOf(v: PlannedVariant, loaded: LoadedProject): Record<string, string> {
  const files: Record<string, string> = { ...loaded.project.files };
  for (const f of v.files) if (f.newText === null) delete files[f.path]; else files[f.path] = f.newText;
  return files;
}

function coldOf(v: PlannedVariant, loaded: LoadedProject, originalSteps: readonly StepTime[], history: readonly InstallObservation[]): number | null {
  const files = filesOf(v, loaded);
  try {
    const variant = parseDockerfile(v.dockerfile, 'Dockerfile', { target: loaded.project.dockerfile.target });
    return predictCold({ original: loaded.project.dockerfile, originalSteps, originalFiles: loaded.project.files, variant, files, history });
  } catch {
    return null; // a variant Dockerfile the parser refuses has no steps to cost (its build will say why)
  }
}

/**
 * Adds the venv steps (`python3 -m venv DIR` alone in a RUN, or added to an original RUN: the step less the
 * original's) and file-command RUNs (cold.ts's `venv` and `files`) that really ran in this run's variant builds to
 * the install history: no original has a venv, so multi-stage's
 * cold time has a basis only from an earlier run's. Other variants' install steps are not kept: on another base an
 * install of as many named packages pulls in others, and would skew the original's per-package rates. `kept`:
 * variants kept from a resumed run.
 */
export async function rememberVariantSteps(results: readonly VariantResult[], plan: Plan, loaded: LoadedProject, kept: ReadonlySet<string>, file = installHistoryFile()): Promise<void> {
  const seen: InstallObservation[] = [];
  const ran = (name: string) => results.find((r) => r.name === name)?.build?.steps.filter((s) => !s.cached) ?? [];
  const originalSteps = ran(ORIGINAL);
  for (const v of plan.variants) {
    const steps = ran(v.name);
    if (v.name === ORIGINAL || !steps.length || kept.has(v.name)) continue;
    try {
      const model = parseDockerfile(v.dockerfile, 'Dockerfile', { target: loaded.project.dockerfile.target });
      const files = filesOf(v, loaded);
      seen.push(...[
        ...installObservations(model, steps, files),
        ...addedInstallObservations(loaded.project.dockerfile, originalSteps, loaded.project.files, model, steps, files),
      ].filter((o) => LEARNT_FROM_VARIANTS.has(o.installer)));
    } catch {
      // a variant Dockerfile the parser refuses built nothing to learn from
    }
  }
  if (seen.length) await saveInstallHistory(await loadInstallHistory(file), seen, file);
}

/**
 * The result with what was predicted for it: absolute figures, the compressed one once the original's is measured.
 * `pushedLayers`: the original's compressed layer blobs, in layer order, as its push measured them.
 */
export function withPrediction(result: VariantResult, p: RunPrediction | undefined, originalCompressed: number | null, pushedLayers?: readonly number[]): VariantResult {
  // A variant kept from the run being resumed keeps what that run predicted.
  if (!p || result.predicted || result.unpredicted) return result;
  if (!p.predicted) return { ...result, unpredicted: { code: p.reason.code, message: p.reason.message } };
  const predicted: PredictedRecord = {
    sizeBytes: p.sizeBytes, compressedBytes: originalCompressed === null ? null : Math.round(originalCompressed + measuredDelta(p, originalCompressed, pushedLayers)),
    coldSeconds: p.coldSeconds, contributors: p.contributors,
  };
  return { ...result, predicted };
}

/**
 * The compressed difference at the ratios each category showed in the original's pushed layers (a category it does
 * not hold: the default ratio). Without per-layer figures, the default-ratio delta scaled by how far the defaults
 * missed the original's measured compressed size, so a variant that drops most of the image cannot go below zero.
 */
function measuredDelta(p: Extract<RunPrediction, { predicted: true }>, originalCompressed: number, pushedLayers?: readonly number[]): number {
  if (pushedLayers && pushedLayers.length === p.originalLayers.length) return compressedOfCategories(p.byCategory, observedRatios(p.originalLayers, pushedLayers));
  const estimatedOriginal = p.estimatedCompressed - p.compressedDelta;
  return p.compressedDelta * (estimatedOriginal > 0 ? originalCompressed / estimatedOriginal : 1);
}

/**
 * From this many bytes on top of its base, an original whose layers this machine has not read is read by `docker
 * save` while its push runs, instead of waiting for the push to read the new layers back from the registry: the push
 * gzips every new byte on one core (text-classifier's ~3 GB of new layers: 103–118 s, before any variant could
 * start), a save streams at ~150 MB/s here. Below it the push is short and spares a save of the whole image.
 */
export const READ_WHILE_PUSHING_BYTES = 1024 ** 3;

/** Whether the original's read should not wait for its push (pure; see READ_WHILE_PUSHING_BYTES). */
export function readWhilePushing(f: { imageBytes: number; baseBytes: number; unknownLayers: number }, threshold = READ_WHILE_PUSHING_BYTES): boolean {
  return f.unknownLayers > 0 && f.imageBytes - f.baseBytes >= threshold;
}

/** DFLAB_READ_WHILE_PUSHING_BYTES moves the threshold (a machine whose cores gzip faster, or a test on a small image). */
function readWhilePushingThreshold(env: NodeJS.ProcessEnv = process.env): number {
  const set = Number(env['DFLAB_READ_WHILE_PUSHING_BYTES']);
  return env['DFLAB_READ_WHILE_PUSHING_BYTES'] !== undefined && Number.isFinite(set) && set >= 0 ? set : READ_WHILE_PUSHING_BYTES;
}

/** How the original's layers are read for attribution: only layers whose texts (or, on the classic store and with
 *  --zstd, zstd size, as the original's measurement would have read it) the layer cache lacks are parsed. */
export async function attributionRead(built: Built, measureZstd: boolean): Promise<AttributionRead> {
  const endpoint = built.target?.endpoint;
  return { want: attributionWants, wantKey: attributionWantsKey, zstd: measureZstd && await zstdFromLayerScan(endpoint).catch(() => false), endpoint };
}
type AttributionRead = Pick<ReadOptions, 'want' | 'wantKey' | 'zstd' | 'endpoint'>;

/** readWhilePushing for the built original: its size, its final stage's base's, the layers the read would parse. */
export async function readsWhilePushing(built: Built, how: AttributionRead): Promise<boolean> {
  try {
    const base = built.job.baseImage.toLowerCase() === 'scratch' ? null : await inspectImage(built.job.baseImage, how.endpoint);
    const { unknown } = await layersToRead(built.job.tag, how);
    return readWhilePushing({ imageBytes: built.sizeBytes, baseBytes: base?.sizeBytes ?? 0, unknownLayers: unknown }, readWhilePushingThreshold());
  } catch {
    return false; // the read reports its own failure
  }
}

/** The original's layers read once, with the package databases' texts attribution needs; null when they cannot be. */
export async function readForAttribution(built: Built, progress: Progress, how: AttributionRead): Promise<LayersRead | null> {
  progress.phase(ORIGINAL, 'reading layers');
  try {
    built.read = await readImageLayers(built.job.tag, { ...how, pushed: built.pushed ?? null });
    return built.read;
  } catch (e) {
    progress.note(`the original's layers could not be read for predictions: ${(e as Error).message}`);
    return null;
  }
}

/** Every variant's prediction from the original, or why none could be made. */
export async function predictAll(built: Built | null, read: LayersRead | null, plan: Plan, loaded: LoadedProject, progress: Progress, resumed: boolean, runId?: string): Promise<Map<string, RunPrediction>> {
  const none = (message: string) => new Map(plan.variants.map((v) => [v.name, { predicted: false as const, reason: reason('original-not-attributed', message) }]));
  if (!built || !read) {
    return none(resumed ? 'the run was resumed: the original was not built again' : !built ? 'the original image did not build' : "the original's layers could not be read");
  }
  progress.phase(ORIGINAL, 'predicting variants');
  try {
    const o = await attributeOriginal(built.job.tag, built.sizeBytes, loaded, plan, read.layers, runId);
    const history = await loadInstallHistory();
    const predictions = predictRun(o, plan, loaded, built.build.steps, history);
    await saveInstallHistory(history, installObservations(loaded.project.dockerfile, built.build.steps, loaded.project.files)).catch(() => undefined);
    const count = [...predictions.values()].filter((p) => p.predicted).length;
    progress.note(`predicted ${count} of ${predictions.size} variant(s) from the original's byte attribution`);
    return predictions;
  } catch (e) {
    return none(`the original's attribution failed: ${(e as Error).message}`);
  }
}

export function figuresOf(name: string, p: RunPrediction | undefined): PredictedFigures {
  return p?.predicted
    ? { name, sizeBytes: p.sizeBytes, compressedBytes: p.estimatedCompressed, coldSeconds: p.coldSeconds }
    : { name, sizeBytes: null, compressedBytes: null, coldSeconds: null };
}
