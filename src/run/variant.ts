// Build, measure and smoke-test one variant, in two steps (the original's import analysis runs between them);
// every failure becomes a result value, never a throw.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { redactSecrets } from '../config/index.js';
import { stageContext } from '../context/stage.js';
import { warmEditText } from '../context/warm-edit.js';
import { buildImage, dockerfileSteps } from '../engine/buildx.js';
import { imageHistory, inspectImage } from '../engine/docker.js';
import { historyWithLayerBytes } from '../engine/layer-bytes.js';
import { readLayersAndHistory, type LayerEntries } from '../engine/layer-contents.js';
import { pushForCompressedSize } from '../engine/registry.js';
import { runSmokes } from '../engine/smoke.js';
import { zstdCompressedSize } from '../engine/zstd-size.js';
import type { BuildRequest, SmokeSpec } from '../engine/types.js';
import { analyzeEfficiency } from '../measure/efficiency.js';
import { median, spreadOf } from '../measure/spread.js';
import { inventoryOfOverlay, type Inventory } from '../measure/inventory.js';
import { attributeLayers, type ChainInstruction } from '../measure/layers.js';
import { isExportStep } from '../measure/limit.js';
import { ORIGINAL, type BuildRecord, type LayerRecord, type VariantResult, type VariantTimings } from '../results.js';
import type { StepTimes } from './step-times.js';
import { round } from './step-times.js';
import { noTimings, timed, type BuildSpans } from './timings.js';

export interface VariantJob {
  name: string;
  rules: string[];
  /** Absolute paths of the variant's Dockerfile and of its build context. */
  dockerfileAbs: string;
  contextDir: string;
  contextPaths: string[];
  tag: string;
  /** The final stage's external base image and the instructions built on it (for layer attribution). */
  baseImage: string;
  chain: ChainInstruction[];
  /** The source file edited (one line appended) for the edit-rebuild measurement, and its text; null when no copied source file exists. */
  warmEdit: { path: string; original: string } | null;
  /** The stage to build when it is not the last one (`--target`). */
  target?: string;
}

export interface VariantEnv {
  runId: string;
  outDir: string;
  /** The smoke probes (dflab.yaml `smoke:`, one or a list): all must pass. */
  smoke: SmokeSpec | SmokeSpec[] | null;
  buildArgs: Record<string, string>;
  /** Values of secret build args: redacted from build logs, step names and errors as they stream in. */
  secretValues?: string[];
  stepTimes: StepTimes;
  builder?: string;
  measureCompressed: boolean;
  /** Build every variant with --no-cache: measured rather than attributed cold times. */
  exactCold?: boolean;
  /** Edit-rebuilds per variant (default 1). */
  repeat?: number;
  signal?: AbortSignal;
  onPhase?: (variant: string, phase: string) => void;
  /** Receives what the image's final filesystem holds, to compare each variant with the original. */
  onInventory?: (variant: string, inventory: Inventory) => void;
  /** Runs a phase in its queue (builds, measurements and smoke tests each have their own concurrency). */
  schedule?: <T>(kind: PhaseKind, fn: () => Promise<T>) => Promise<T>;
  /** Records when builds run, for the run's idle share. */
  spans?: BuildSpans;
}

export type PhaseKind = 'build' | 'measure' | 'smoke';
const direct = <T>(_kind: PhaseKind, fn: () => Promise<T>) => fn();

/** The variant's image exists: what measuring and smoke-testing it starts from. */
export interface Built { job: VariantJob; build: BuildRecord; sizeBytes: number; timings: VariantTimings }

/** Either the image was built, or the variant's final result says why not. */
export type BuildOutcome = { kind: 'built'; built: Built } | { kind: 'failed'; result: VariantResult };

export async function buildVariant(job: VariantJob, env: VariantEnv): Promise<BuildOutcome> {
  const base = unmeasured(job.name, job.rules, null);
  const timings = noTimings();
  const { built, attributed } = await (env.schedule ?? direct)('build', () => buildTimed(job, env, timings));
  const steps = attributed.steps.map(({ name, seconds, cached }) => ({ name, seconds: round(seconds), cached }));
  const build: BuildRecord = { coldSeconds: attributed.coldSeconds, warmSeconds: null, steps, coldSpreadSeconds: attributed.coldSpreadSeconds };
  if (!built.ok) {
    const where = built.step && built.kind !== 'base-unavailable' ? `step "${built.step}" failed: ` : '';
    const tail = built.logTail.length ? `\n${built.logTail.join('\n')}` : '';
    // Nothing was built when the base is unavailable: no build time to report.
    return { kind: 'failed', result: { ...base, outcome: built.kind, build: built.kind === 'base-unavailable' ? null : build, error: `${where}${built.message}${tail}`, timings } };
  }
  const image = await inspectImage(job.tag);
  if (!image) return { kind: 'failed', result: { ...base, outcome: 'build-failed', build, error: `image ${job.tag} is missing after a successful build`, timings } };
  return { kind: 'built', built: { job, build, sizeBytes: image.sizeBytes, timings } };
}

export async function measureVariant({ job, build: built, sizeBytes, timings: t }: Built, env: VariantEnv): Promise<VariantResult> {
  const schedule = env.schedule ?? direct;
  const build = { ...built };
  const timings = { ...t };
  // A measurement that fails leaves its field null and says why; it never fails the variant.
  const optional = async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    try { return await fn(); } catch (e) { env.onPhase?.(job.name, `${what} not measured: ${(e as Error).message}`); return null; }
  };
  const { layers, waste, compressed } = await schedule('measure', async () => {
    env.onPhase?.(job.name, 'measuring');
    return {
      ...await timed(timings, 'analysis', () => measureContents(job, env, optional)),
      compressed: env.measureCompressed ? await timed(timings, 'push', () => measureCompressed(job, env, optional)) : NOT_COMPRESSED,
    };
  });
  const warm = await schedule('build', () => timed(timings, 'editRebuild', () => optional('edit-rebuild time', () => measureWarmRebuilds(job, env))));
  if (warm) Object.assign(build, warm);
  const measured: VariantResult = { ...unmeasured(job.name, job.rules, null), build, sizeBytes, ...compressed, layers, ...waste, timings };
  const specs = env.smoke === null ? [] : Array.isArray(env.smoke) ? env.smoke : [env.smoke];
  if (specs.length === 0) return { ...measured, outcome: 'ok' };
  const smoke = await schedule('smoke', () => timed(timings, 'smoke', async () => {
    env.onPhase?.(job.name, 'smoke');
    try {
      return await runSmokes({ image: job.tag, runId: env.runId, specs, signal: env.signal });
    } catch (e) {
      return { passed: false, seconds: 0, startupSeconds: null, peakMemoryBytes: null, outputTail: '', reason: `could not run the smoke container: ${(e as Error).message}` };
    }
  }));
  const smokeRecord = { passed: smoke.passed, seconds: round(smoke.seconds), startupSeconds: smoke.startupSeconds === null ? null : round(smoke.startupSeconds), peakMemoryBytes: smoke.peakMemoryBytes, outputTail: smoke.outputTail };
  return smoke.passed
    ? { ...measured, outcome: 'ok', smoke: smokeRecord }
    : { ...measured, outcome: 'smoke-failed', smoke: smokeRecord, error: `smoke test failed: ${smoke.reason}` };
}

type Compressed = Pick<VariantResult, 'compressedBytes' | 'compressedZstdBytes' | 'compressedZstdMethod'>;
const NOT_COMPRESSED: Compressed = { compressedBytes: null, compressedZstdBytes: null, compressedZstdMethod: null };

/** gzip as pushed, and zstd as BuildKit would store the layers (zstd-size.ts says how on each image store). */
async function measureCompressed(
  job: VariantJob, env: VariantEnv, optional: <T>(what: string, fn: () => Promise<T>) => Promise<T | null>,
): Promise<Compressed> {
  const opts = { runId: env.runId, builder: env.builder, signal: env.signal };
  const gzip = await optional('compressed size', () => pushForCompressedSize(job.tag, `dflab/${env.runId}`, job.name, env.signal, opts));
  const zstd = await optional('zstd size', () => zstdCompressedSize(job.tag, `dflab/${env.runId}`, `${job.name}-zstd`, opts));
  return { compressedBytes: gzip?.compressedBytes ?? null, compressedZstdBytes: zstd?.bytes ?? null, compressedZstdMethod: zstd?.method ?? null };
}

/** The cold build; cache hits from builds dflab never saw run have no duration, so those are timed for real, once. */
async function buildTimed(job: VariantJob, env: VariantEnv, timings: VariantTimings) {
  env.onPhase?.(job.name, 'building');
  const build = async (kind: string, noCache?: boolean) => {
    const started = performance.now();
    const result = await spanned(env, () => buildImage(buildRequest(job, env, job.contextDir, job.tag, kind, noCache)));
    // The export is one of the build's vertices: its time is counted apart from the steps'.
    const exported = result.steps.filter((s) => isExportStep(s.name) && !s.cached).reduce((sum, s) => sum + s.seconds, 0);
    timings.export = round(timings.export + exported);
    timings.build = round(timings.build + Math.max(0, (performance.now() - started) / 1000 - exported));
    return result;
  };
  let built = await build('build', env.exactCold);
  let attributed = env.stepTimes.attribute(dockerfileSteps(built.steps), env.exactCold);
  const untimed = attributed.steps.filter((s) => s.cached && !s.estimated).length;
  if (built.ok && untimed > 0 && !env.exactCold) {
    env.onPhase?.(job.name, `${untimed} cached step(s) have no recorded duration; rebuilding with --no-cache to time them`);
    built = await build('build-nocache', true);
    attributed = env.stepTimes.attribute(dockerfileSteps(built.steps), true);
  }
  return { built, attributed };
}

function spanned<T>(env: VariantEnv, fn: () => Promise<T>): Promise<T> {
  return env.spans ? env.spans.around(fn) : fn();
}

function buildRequest(job: VariantJob, env: VariantEnv, contextDir: string, tag: string, kind: string, noCache = false): BuildRequest {
  return {
    contextDir, dockerfile: job.dockerfileAbs, tag, runId: env.runId, buildArgs: env.buildArgs, noCache,
    logFile: join(env.outDir, 'logs', `${job.name}.${kind}.rawjson`),
    metadataFile: join(env.outDir, 'logs', `${job.name}.${kind}.metadata.json`),
    builder: env.builder, networkHost: true, signal: env.signal, ...(job.target ? { target: job.target } : {}),
    onStep: (step) => env.onPhase?.(job.name, `step ${step}`),
    ...(env.secretValues?.length ? { redact: (text: string) => redactSecrets(text, env.secretValues ?? []) } : {}),
  };
}

/** Layer attribution and waste, from one read of the image's layer tars (sizes as engine/layer-bytes.ts says). */
async function measureContents(
  job: VariantJob, env: VariantEnv, optional: <T>(what: string, fn: () => Promise<T>) => Promise<T | null>,
): Promise<{ layers: LayerRecord[]; waste: Partial<VariantResult> }> {
  const read = await optional('layer contents', () => readLayersAndHistory(job.tag));
  const entries = read?.layers ?? null;
  return {
    layers: (await optional('layers', () => measureLayers(job, entries, read?.emptyLayer ?? null))) ?? [],
    waste: entries ? (await optional('wasted space', () => measureWaste(job, env, entries))) ?? {} : {},
  };
}

async function measureLayers(job: VariantJob, entries: LayerEntries[] | null, emptyLayer: boolean[] | null): Promise<LayerRecord[]> {
  const raw = await imageHistory(job.tag);
  const history = entries ? historyWithLayerBytes(raw, entries.map((l) => l.fileBytes), emptyLayer) : raw;
  const baseCount = job.baseImage.toLowerCase() === 'scratch' ? 0 : (await imageHistory(job.baseImage).catch(() => [])).length;
  return attributeLayers(history, baseCount, job.chain);
}

/** dive's wasted space and efficiency, and reclaimable bytes, from the image's layer tars. */
async function measureWaste(job: VariantJob, env: VariantEnv, entries: LayerEntries[]): Promise<Pick<VariantResult, 'wastedBytes' | 'efficiency' | 'wastedUserPercent' | 'reclaimableBytes'>> {
  const baseLayers = job.baseImage.toLowerCase() === 'scratch' ? 0 : (await inspectImage(job.baseImage).catch(() => null))?.layers.length ?? 0;
  const layers = entries.map((l) => l.entries);
  const report = analyzeEfficiency(layers, baseLayers, (overlay) => env.onInventory?.(job.name, inventoryOfOverlay(overlay)));
  return {
    wastedBytes: report.wastedBytes,
    efficiency: round(report.efficiency, 6),
    wastedUserPercent: round(report.wastedUserPercent, 6),
    reclaimableBytes: report.reclaimableBytes,
  };
}

/** The edit-rebuild `repeat` times: each sample, their median and spread; null when none could be measured. */
async function measureWarmRebuilds(job: VariantJob, env: VariantEnv): Promise<Pick<BuildRecord, 'warmSeconds' | 'warmSamples' | 'warmSpreadSeconds'> | null> {
  const samples: number[] = [];
  const repeat = Math.max(1, env.repeat ?? 1);
  for (let i = 0; i < repeat; i++) {
    // Each repeat appends a different line: the same edit twice would be a cache hit, not a rebuild.
    const seconds = await measureWarmRebuild(job, env, i === 0 ? env.runId : `${env.runId}.${i + 1}`, repeat > 1 ? `${i + 1}/${repeat}` : '');
    if (seconds === null) return null;
    samples.push(seconds);
  }
  if (samples.length === 0) return null;
  const spread = spreadOf(samples);
  return { warmSeconds: round(median(samples)), warmSamples: samples, warmSpreadSeconds: spread === null ? null : round(spread) };
}

/** Rebuild after a one-line edit of a copied source file, in a staged context (the project is untouched). */
async function measureWarmRebuild(job: VariantJob, env: VariantEnv, nonce: string, ofN: string): Promise<number | null> {
  if (!job.warmEdit) return null;
  env.onPhase?.(job.name, `edit-rebuild${ofN ? ` ${ofN}` : ''}`);
  const dir = join(env.outDir, 'contexts', `${job.name}-warm`);
  try {
    await stageContext(job.contextDir, dir, job.contextPaths, { [job.warmEdit.path]: warmEditText(job.warmEdit.path, job.warmEdit.original, nonce) });
    const rebuilt = await spanned(env, () => buildImage(buildRequest(job, env, dir, `${job.tag}-warm`, ofN ? `warm-${ofN.split('/')[0]}` : 'warm')));
    return rebuilt.ok ? round(rebuilt.seconds) : null;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Where results.json says a variant's Dockerfile and patch are (relative to the out dir). */
export function variantPaths(name: string): { dockerfile: string; patch: string | null } {
  return { dockerfile: `variants/${name}/Dockerfile`, patch: name === ORIGINAL ? null : `patches/${name}.patch` };
}

/** A result with nothing measured: what every result starts from, and a variant that did not run (error says why). */
export function unmeasured(name: string, rules: string[], error: string | null): VariantResult {
  return {
    name, rules, outcome: 'skipped', ...variantPaths(name),
    sizeBytes: null, compressedBytes: null, wastedBytes: null, efficiency: null, layers: [],
    build: null, smoke: null, rank: null, pareto: false, error,
  };
}
