// Build, measure and smoke-test one variant, in two steps (the original's import analysis runs between them);
// every failure becomes a result value, never a throw.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { redactSecrets } from '../config/index.js';
import { stageContext } from '../context/stage.js';
import { warmEditText } from '../context/warm-edit.js';
import type { BuilderTarget } from '../engine/builders.js';
import { buildImage, dockerfileSteps } from '../engine/buildx.js';
import { imageHistory, inspectImage } from '../engine/docker.js';
import { historyWithLayerBytes } from '../engine/layer-bytes.js';
import { readImageLayers, type ImageLayers } from '../engine/image-layers.js';
import type { LayerEntries } from '../engine/layer-contents.js';
import { pushForCompressedSize, type PushedImage } from '../engine/registry.js';
import { runSmokes } from '../engine/smoke.js';
import { zstdCompressedSize, zstdFromLayerScan, type ZstdSize } from '../engine/zstd-size.js';
import type { Endpoint } from '../engine/endpoint.js';
import type { BuildRequest, SmokeSpec } from '../engine/types.js';
import { analyzeEfficiency } from '../measure/efficiency.js';
import { median, spreadOf } from '../measure/spread.js';
import { inventoryOfOverlay, type Inventory } from '../measure/inventory.js';
import { attributeLayers, type ChainInstruction } from '../measure/layers.js';
import { isExportStep } from '../measure/limit.js';
import { ORIGINAL, type BuildRecord, type LayerRecord, type VariantResult, type VariantTimings } from '../results.js';
import { openGate, type Gate } from './build-gate.js';
import type { BuilderPool } from './builders.js';
import type { StepTimes } from './step-times.js';
import { round } from './step-times.js';
import { noTimings, timed, type BuildSpans } from './timings.js';
import { tagSlug } from './ids.js';

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
  /** The engine the builder loads into: where the variant is measured and smoke-tested (undefined: the process's own). */
  endpoint?: Endpoint;
  /** Several builders: builds go to the pool (the builder free first), a variant's later builds to its own builder. */
  pool?: BuilderPool;
  measureCompressed: boolean;
  /** zstd beside gzip (`--zstd`); only when compressed sizes are measured at all. */
  measureZstd?: boolean;
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
  /** Builds alone (build-gate.ts): work outside the queues (the ahead push) goes through it too. */
  gate?: Gate;
}

export type PhaseKind = 'build' | 'measure' | 'smoke';
const direct = <T>(_kind: PhaseKind, fn: () => Promise<T>) => fn();

/** The image's layers as one read gave them (the original's, read early for its byte attribution). */
export type LayersRead = ImageLayers;

/** The variant's image exists: what measuring and smoke-testing it starts from (on `target`'s engine, when a pool
 *  built it); `read`: its layers, when already read; `pushedLayers`: its compressed layer blobs once its push measured
 *  them (the original's predictions are compressed again with them). */
export interface Built {
  job: VariantJob; build: BuildRecord; sizeBytes: number; timings: VariantTimings; target?: BuilderTarget; read?: LayersRead; pushedLayers?: number[];
  /** Its gzip push, when pushAhead made it before the measurement (null: tried, not measured). */
  pushed?: PushedImage | null;
  /** pushAhead's push while it runs (the original's read may not wait for it): the measurement waits for it. */
  pushing?: Promise<void>;
  /** What the measurement waits for (a run's variants: the original's measurement queued first); the edit-rebuild
   *  and the smoke test do not wait. */
  measureAfter?: Promise<unknown>;
}

/** Either the image was built, or the variant's final result says why not. */
export type BuildOutcome = { kind: 'built'; built: Built } | { kind: 'failed'; result: VariantResult };

export async function buildVariant(job: VariantJob, env: VariantEnv): Promise<BuildOutcome> {
  const base = unmeasured(job.name, job.rules, null);
  const timings = noTimings();
  // The original builds on the first builder: the import analysis and the runs that resume from it look there.
  const { built, attributed, target } = await onBuilder(env, async (e, t) => ({ ...await buildTimed(job, e, timings), target: t }),
    job.name === ORIGINAL ? env.pool?.first : undefined);
  const by = target && env.pool && env.pool.targets.length > 1 ? { builder: target.name } : {};
  const steps = attributed.steps.map(({ name, seconds, cached, quietSeconds }) => ({
    name, seconds: round(seconds), cached, ...(quietSeconds === undefined ? {} : { quietSeconds: round(quietSeconds) }),
  }));
  const build: BuildRecord = { coldSeconds: attributed.coldSeconds, warmSeconds: null, steps, coldSpreadSeconds: attributed.coldSpreadSeconds };
  if (!built.ok) {
    const where = built.step && built.kind !== 'base-unavailable' ? `step "${built.step}" failed: ` : '';
    const tail = built.logTail.length ? `\n${built.logTail.join('\n')}` : '';
    // Nothing was built when the base is unavailable: no build time to report.
    return { kind: 'failed', result: { ...base, ...by, outcome: built.kind, build: built.kind === 'base-unavailable' ? null : build, error: `${where}${built.message}${tail}`, timings } };
  }
  const image = await inspectImage(job.tag, target?.endpoint ?? env.endpoint);
  if (!image) return { kind: 'failed', result: { ...base, ...by, outcome: 'build-failed', build, error: `image ${job.tag} is missing after a successful build`, timings } };
  return { kind: 'built', built: { job, build, sizeBytes: image.sizeBytes, timings, ...(target ? { target } : {}) } };
}

/** Runs a build on a builder: the pool's (`on`, else the one free first) with its engine, or the one build queue. */
function onBuilder<T>(env: VariantEnv, fn: (env: VariantEnv, target?: BuilderTarget) => Promise<T>, on?: BuilderTarget): Promise<T> {
  if (!env.pool) return (env.schedule ?? direct)('build', () => fn(env));
  return env.pool.run((t) => fn(onTarget(env, t), t), on);
}

function onTarget(env: VariantEnv, t: BuilderTarget): VariantEnv {
  return { ...env, builder: t.name, endpoint: t.endpoint };
}

type Optional = <T>(what: string, fn: () => Promise<T>) => Promise<T | null>;

/** A measurement that fails leaves its field null and says why; it never fails the variant. */
function optionalIn(env: VariantEnv, job: VariantJob): Optional {
  return async <T>(what: string, fn: () => Promise<T>): Promise<T | null> => {
    try { return await fn(); } catch (e) { env.onPhase?.(job.name, `${what} not measured: ${(e as Error).message}`); return null; }
  };
}

/** The gzip push of a built image ahead of its measurement, which then reuses it. The original's: its layers the
 *  machine has not read are then read back from the registry for the predictions — only those — instead of dockerd
 *  preparing a `docker save` of the whole image, base included (~8 s for hello-py's 828 MB even when every base
 *  layer was known). */
export async function pushAhead(b: Built, env0: VariantEnv): Promise<void> {
  const env = b.target ? onTarget(env0, b.target) : env0;
  if (!env.measureCompressed || b.pushed !== undefined) return;
  if (b.pushing) return b.pushing;
  env.onPhase?.(b.job.name, 'pushing');
  b.pushing = (env.gate ?? openGate).beside(() => timed(b.timings, 'push', () => pushGzip(b.job, env, optionalIn(env, b.job)))).then((p) => { b.pushed = p; });
  await b.pushing;
}

export async function measureVariant(b: Built, env0: VariantEnv): Promise<VariantResult> {
  const { job, build: built, sizeBytes, timings: t, target, read } = b;
  const env = target ? onTarget(env0, target) : env0;
  const by = target && env.pool && env.pool.targets.length > 1 ? { builder: target.name } : {};
  const schedule = env.schedule ?? direct;
  const build = { ...built };
  const timings = { ...t };
  const optional = optionalIn(env, job);
  // The layers and compressed size (measure queue) beside the edit-rebuild and then the smoke test: they only
  // need the image, and neither waits for the other.
  const measuring = (async () => {
    await b.measureAfter;
    return schedule('measure', async () => {
      env.onPhase?.(job.name, 'measuring');
      // Pushed first: the layers no earlier image brought are then read back from the registry, not saved whole.
      if (b.pushing) {
        await b.pushing.catch(() => undefined);
        timings.push = t.push; // timed into the built's own timings, copied above before it ended
      }
      const gzip = !env.measureCompressed ? null : b.pushed !== undefined ? b.pushed : await timed(timings, 'push', () => pushGzip(job, env, optional));
      if (gzip) b.pushedLayers = gzip.layers.map((l) => l.sizeBytes);
      const contents = await timed(timings, 'analysis', () => measureContents(job, env, optional, gzip, read));
      return {
        ...contents,
        compressed: env.measureCompressed ? await timed(timings, 'push', () => measureCompressed(job, env, optional, gzip, contents.zstd)) : NOT_COMPRESSED,
      };
    });
  })();
  const testing = (async () => {
    const warm = await onBuilder(env, (e) => timed(timings, 'editRebuild', () => optional('edit-rebuild time', () => measureWarmRebuilds(job, e))), target);
    const specs = env.smoke === null ? [] : Array.isArray(env.smoke) ? env.smoke : [env.smoke];
    const smoke = specs.length === 0 ? null : await schedule('smoke', () => timed(timings, 'smoke', async () => {
      env.onPhase?.(job.name, 'smoke');
      try {
        return await runSmokes({ image: job.tag, runId: env.runId, specs, signal: env.signal, endpoint: env.endpoint });
      } catch (e) {
        return { passed: false, seconds: 0, startupSeconds: null, peakMemoryBytes: null, outputTail: '', reason: `could not run the smoke container: ${(e as Error).message}` };
      }
    }));
    return { warm, smoke };
  })();
  // Both settle before either's failure is passed on: a stopping run must not leave one running unawaited.
  const [m, tested] = await Promise.allSettled([measuring, testing]);
  if (m.status === 'rejected') throw m.reason;
  if (tested.status === 'rejected') throw tested.reason;
  const { layers, waste, compressed } = m.value;
  const { warm, smoke } = tested.value;
  if (warm) Object.assign(build, warm);
  const measured: VariantResult = { ...unmeasured(job.name, job.rules, null), ...by, build, sizeBytes, ...compressed, layers, ...waste, timings };
  if (!smoke) return { ...measured, outcome: 'ok' };
  const smokeRecord = { passed: smoke.passed, seconds: round(smoke.seconds), startupSeconds: smoke.startupSeconds === null ? null : round(smoke.startupSeconds), peakMemoryBytes: smoke.peakMemoryBytes, outputTail: smoke.outputTail };
  return smoke.passed
    ? { ...measured, outcome: 'ok', smoke: smokeRecord }
    : { ...measured, outcome: 'smoke-failed', smoke: smokeRecord, error: `smoke test failed: ${smoke.reason}` };
}

type Compressed = Pick<VariantResult, 'compressedBytes' | 'compressedZstdBytes' | 'compressedZstdMethod'>;
const NOT_COMPRESSED: Compressed = { compressedBytes: null, compressedZstdBytes: null, compressedZstdMethod: null };

function pushGzip(job: VariantJob, env: VariantEnv, optional: Optional): Promise<PushedImage | null> {
  const opts = { runId: env.runId, builder: env.builder, signal: env.signal, endpoint: env.endpoint };
  return optional('compressed size', () => pushForCompressedSize(job.tag, `dflab/${env.runId}`, tagSlug(job.name), env.signal, opts));
}

/** gzip as pushed, and zstd as BuildKit would store the layers (zstd-size.ts says how on each image store);
 *  `scanned`: the zstd size the layer scan already measured (classic store), undefined when it was not its job. */
async function measureCompressed(
  job: VariantJob, env: VariantEnv, optional: Optional,
  gzip: PushedImage | null, scanned: ZstdSize | null | undefined,
): Promise<Compressed> {
  const opts = { runId: env.runId, builder: env.builder, signal: env.signal, endpoint: env.endpoint };
  const zstd = !env.measureZstd ? null : scanned !== undefined ? scanned : await optional('zstd size', () => zstdCompressedSize(job.tag, `dflab/${env.runId}`, `${tagSlug(job.name)}-zstd`, opts));
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
    builder: env.builder, endpoint: env.endpoint, networkHost: true, signal: env.signal, ...(job.target ? { target: job.target } : {}),
    onStep: (step) => env.onPhase?.(job.name, `step ${step}`),
    ...(env.secretValues?.length ? { redact: (text: string) => redactSecrets(text, env.secretValues ?? []) } : {}),
  };
}

/** Layer attribution and waste, from one read of the image's layer tars (sizes as engine/layer-bytes.ts says), only
 *  the layers no earlier variant or run has read being parsed; on the classic store the same pass measures zstd. */
async function measureContents(
  job: VariantJob, env: VariantEnv, optional: Optional, pushed: PushedImage | null, already?: LayersRead,
): Promise<{ layers: LayerRecord[]; waste: Partial<VariantResult>; zstd: ZstdSize | null | undefined }> {
  const zstd = env.measureCompressed && env.measureZstd === true && await zstdFromLayerScan(env.endpoint);
  const read = already ?? await optional('layer contents', () => readImageLayers(job.tag, { zstd, pushed, signal: env.signal, endpoint: env.endpoint }));
  const entries = read?.layers ?? null;
  if (read?.zstd && 'error' in read.zstd) env.onPhase?.(job.name, `zstd size not measured: ${read.zstd.error}`);
  return {
    layers: (await optional('layers', () => measureLayers(job, entries, read?.emptyLayer ?? null, env.endpoint))) ?? [],
    waste: entries ? (await optional('wasted space', () => measureWaste(job, env, entries))) ?? {} : {},
    zstd: !zstd ? undefined : read?.zstd && 'bytes' in read.zstd ? { bytes: read.zstd.bytes, method: 'zstd-cli-level-3' } : null,
  };
}

async function measureLayers(job: VariantJob, entries: LayerEntries[] | null, emptyLayer: boolean[] | null, e?: Endpoint): Promise<LayerRecord[]> {
  const raw = await imageHistory(job.tag, e);
  const history = entries ? historyWithLayerBytes(raw, entries.map((l) => l.fileBytes), emptyLayer) : raw;
  const baseCount = job.baseImage.toLowerCase() === 'scratch' ? 0 : (await imageHistory(job.baseImage, e).catch(() => [])).length;
  return attributeLayers(history, baseCount, job.chain);
}

/** dive's wasted space and efficiency, and reclaimable bytes, from the image's layer tars. */
async function measureWaste(job: VariantJob, env: VariantEnv, entries: LayerEntries[]): Promise<Pick<VariantResult, 'wastedBytes' | 'efficiency' | 'wastedUserPercent' | 'reclaimableBytes'>> {
  const baseLayers = job.baseImage.toLowerCase() === 'scratch' ? 0 : (await inspectImage(job.baseImage, env.endpoint).catch(() => null))?.layers.length ?? 0;
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
