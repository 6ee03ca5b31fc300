// One what-if trial: load → plan → build/measure/smoke each variant → rank → write outputs → clean up.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import PQueue from 'p-queue';
import prettyBytes from 'pretty-bytes';
import { checkRuleIds, loadConfig, resolveBuildArgs, type DflabConfig } from '../config/index.js';
import { loadProject, OUTPUT_DIR_NAME, type LoadedProject } from '../context/project.js';
import { stageContext } from '../context/stage.js';
import { chooseWarmEditPath, warmEditText } from '../context/warm-edit.js';
import { parseDockerfile } from '../dockerfile/index.js';
import { registryAnswers } from '../engine/registry.js';
import { finalStageChain } from '../measure/chain.js';
import { buildxInfo } from '../engine/buildx.js';
import { requireEngine } from '../engine/availability.js';
import { engineInfo, removeRunObjects } from '../engine/docker.js';
import { ExitCode, UserError } from '../errors.js';
import { planVariants, type PlannedVariant, type Plan } from '../plan/index.js';
import { rankVariants } from '../rank/index.js';
import { SCHEMA_VERSION, type Results, type VariantResult } from '../results.js';
import { allRules } from '../rules/index.js';
import { imageTag, newRunId, systemClock, type Clock } from './ids.js';
import { silentProgress, type Progress } from './progress.js';
import { writeOutputs } from './outputs.js';
import { StepTimes } from './step-times.js';
import { runVariant, type PhaseKind, type VariantJob } from './variant.js';

export interface TrialOptions {
  dir: string;
  outDir?: string;
  keepImages?: boolean;
  builder?: string;
  exactCold?: boolean;
  /** Results of an interrupted run in `outDir`: its finished variants are kept, the rest are run. */
  resume?: Results;
  /** Builds at a time (default 1, see makeQueues). */
  concurrency?: number;
  signal?: AbortSignal;
  clock?: Clock;
  runId?: string;
  stepTimes?: StepTimes;
  progress?: Progress;
}

export interface TrialOutcome { results: Results; outDir: string; interrupted: boolean }

export async function planTrial(dir: string): Promise<{ config: DflabConfig; loaded: LoadedProject; plan: Plan }> {
  const { config, file } = await loadConfig(resolve(dir));
  checkRuleIds(config, allRules.map((r) => r.id), file ?? 'dflab.yaml');
  const loaded = await loadProject(dir, config);
  const plan = planVariants(loaded.project, allRules, config.rules);
  return { config, loaded, plan };
}

export async function runTrial(opts: TrialOptions): Promise<TrialOutcome> {
  const clock = opts.clock ?? systemClock;
  const progress = opts.progress ?? silentProgress;
  const log = (line: string) => progress.note(line);
  const { config, loaded, plan } = await planTrial(opts.dir);
  const buildArgs = resolveBuildArgs(config, process.env);
  await requireEngine();
  const runId = opts.resume?.runId ?? opts.runId ?? newRunId(clock);
  const outDir = resolve(opts.outDir ?? join(loaded.dir, OUTPUT_DIR_NAME, runId));
  await prepareOutDir(outDir);
  const [engine, buildx] = await Promise.all([engineInfo(), buildxInfo(opts.builder)]);
  if ('error' in buildx) throw new UserError(`docker buildx is not usable: ${buildx.error}`, { exitCode: ExitCode.engineUnavailable, hint: 'run `dflab doctor`' });
  const results: Results = {
    schemaVersion: SCHEMA_VERSION, runId, project: basename(loaded.dir), projectDir: loaded.dir,
    startedAt: opts.resume?.startedAt ?? clock.now().toISOString(), finishedAt: null,
    engine: { docker: engine.docker, buildx: buildx.version, builder: buildx.builder, storageDriver: engine.storageDriver },
    variants: [], recommended: null,
  };
  log(`run ${runId}: ${plan.variants.length} variants (${plan.variants.map((v) => v.name).join(', ')}); out dir ${outDir}`);
  const jobs = await Promise.all(plan.variants.map((v) => writeVariant(v, loaded, outDir, runId)));
  const stepTimes = opts.stepTimes ?? await StepTimes.load();
  const registryDown = await registryAnswers();
  if (registryDown) log(`local registry not answering (${registryDown}): compressed sizes are not measured; run scripts/engine-up.sh`);
  const byName = new Map<string, VariantResult>(finishedVariants(opts.resume, plan).map((v) => [v.name, v]));
  if (byName.size > 0) log(`resuming: ${[...byName.keys()].join(', ')} already finished`);
  const queues = makeQueues(opts.concurrency);
  log(`concurrency: ${queues.build.concurrency} build(s), ${queues.measure.concurrency} measurement(s), ${queues.smoke.concurrency} smoke test(s) at a time`);
  progress.start(jobs.filter((j) => !byName.has(j.name)).map((j) => j.name));
  try {
    await Promise.all(jobs.filter((j) => !byName.has(j.name)).map(async (job) => {
      if (opts.signal?.aborted) return;
      const result = await runVariant(job, {
        runId, outDir, smoke: config.smoke, buildArgs: buildArgs.args, stepTimes, builder: opts.builder, signal: opts.signal,
        measureCompressed: registryDown === null, exactCold: opts.exactCold,
        onPhase: (name, phase) => progress.phase(name, phase),
        schedule: (kind, fn) => queues[kind].add(async () => {
          if (opts.signal?.aborted) throw new Interrupted();
          return fn();
        }),
      }).catch((e: unknown) => (e instanceof Interrupted ? null : skipped(job, `dflab could not finish this variant: ${(e as Error).message}`)));
      if (result === null || (opts.signal?.aborted && result.outcome !== 'ok')) return; // cut short by the interruption
      byName.set(job.name, result);
      progress.phase(job.name, `${result.outcome}${result.sizeBytes ? `, ${prettyBytes(result.sizeBytes)}` : ''}${result.error ? `: ${result.error.split('\n')[0]}` : ''}`);
    }));
  } finally {
    await stepTimes.save().catch(() => undefined);
    await rm(join(outDir, 'contexts'), { recursive: true, force: true });
    await removeRunObjects(runId, !opts.keepImages).catch((e: Error) => log(`cleanup: ${e.message}`));
    progress.stop();
  }
  const interrupted = opts.signal?.aborted ?? false;
  const variants = jobs.map((j) => byName.get(j.name) ?? skipped(j, interrupted ? 'interrupted before this variant finished' : 'not run'));
  const ranked = rankVariants(variants, config.rank.objective);
  results.variants = ranked.variants;
  results.recommended = ranked.recommended;
  results.finishedAt = clock.now().toISOString();
  await writeOutputs({ outDir, results, plan, loaded, recommendedReason: ranked.reason, secretValues: buildArgs.secretValues });
  return { results, outDir, interrupted };
}

async function prepareOutDir(outDir: string): Promise<void> {
  try {
    await mkdir(join(outDir, 'logs'), { recursive: true });
  } catch (e) {
    throw new UserError(`cannot create the out dir ${outDir}: ${(e as Error).message}`, { hint: 'choose a writable place with --out DIR' });
  }
}

async function writeVariant(v: PlannedVariant, loaded: LoadedProject, outDir: string, runId: string): Promise<VariantJob> {
  const dir = join(outDir, 'variants', v.name);
  await mkdir(dir, { recursive: true });
  const dockerfileAbs = join(dir, 'Dockerfile');
  await writeFile(dockerfileAbs, v.dockerfile);
  // A Dockerfile-specific ignore file takes precedence over the context's .dockerignore: it carries the
  // variant's .dockerignore (edited or not) and keeps our own out dir out of the build context.
  const edited = v.files.find((f) => f.path === '.dockerignore');
  const ignore = edited ? edited.newText ?? '' : loaded.project.files['.dockerignore'] ?? '';
  const own = relative(loaded.contextDir, resolve(loaded.dir, OUTPUT_DIR_NAME)).split(sep).join('/');
  await writeFile(`${dockerfileAbs}.dockerignore`, `${ignore}${ignore && !ignore.endsWith('\n') ? '\n' : ''}${own}\n`);
  const { contextDir, contextPaths } = await variantContext(v, loaded, outDir);
  const model = parseDockerfile(v.dockerfile, `variants/${v.name}/Dockerfile`);
  const chain = finalStageChain(model);
  const warmPath = chooseWarmEditPath(model, contextPaths, ignore);
  const warmEdit = warmPath === null ? null : { path: warmPath, newText: warmEditText(warmPath, await readFile(join(contextDir, warmPath), 'utf8'), runId) };
  return {
    name: v.name, rules: v.rules, dockerfileAbs, contextDir, contextPaths,
    dockerfileRel: `variants/${v.name}/Dockerfile`, patchRel: v.name === 'original' ? null : `patches/${v.name}.patch`,
    tag: imageTag(basename(loaded.dir), runId, v.name),
    baseImage: chain.baseImage,
    chain: chain.instructions.map((i) => ({ keyword: i.keyword, raw: i.raw, line: i.line, stage: i.stage })),
    warmEdit,
  };
}

/** Variants that edit context files (requirements.txt …) build from a staged copy of the context. */
async function variantContext(v: PlannedVariant, loaded: LoadedProject, outDir: string): Promise<{ contextDir: string; contextPaths: string[] }> {
  const edits = v.files.filter((f) => f.path !== '.dockerignore');
  const paths = loaded.project.contextPaths;
  if (edits.length === 0) return { contextDir: loaded.contextDir, contextPaths: paths };
  const contextDir = join(outDir, 'contexts', v.name);
  await stageContext(loaded.contextDir, contextDir, paths, Object.fromEntries(edits.map((f) => [f.path, f.newText])));
  const removed = new Set(edits.filter((f) => f.newText === null).map((f) => f.path));
  const added = edits.filter((f) => f.newText !== null && !paths.includes(f.path)).map((f) => f.path);
  return { contextDir, contextPaths: [...paths.filter((p) => !removed.has(p)), ...added].sort() };
}

class Interrupted extends Error {}

/** Variants of a previous run that finished (any outcome but skipped) and are still in the plan unchanged. */
function finishedVariants(prior: Results | undefined, plan: Plan): VariantResult[] {
  if (!prior) return [];
  const planned = new Map(plan.variants.map((v) => [v.name, v.rules.join(',')]));
  return prior.variants
    .filter((v) => v.outcome !== 'skipped' && planned.get(v.name) === v.rules.join(','))
    .map((v) => ({ ...v, rank: null, pareto: false }));
}

/**
 * Builds, measurements and smoke tests run in separate queues, so one variant's smoke test overlaps the
 * next one's build. Builds default to one at a time: concurrent builds share the cores and would make
 * each other's step timings slower than a real cold build (`--concurrency N` trades that for speed).
 */
export function makeQueues(concurrency?: number): Record<PhaseKind, PQueue> {
  const builds = Math.max(1, concurrency ?? 1);
  return {
    build: new PQueue({ concurrency: builds }),
    measure: new PQueue({ concurrency: Math.max(1, Math.min(builds, 2)) }),
    smoke: new PQueue({ concurrency: Math.max(1, Math.min(builds * 2, Math.floor(totalmem() / 2 ** 32))) }),
  };
}

function skipped(job: VariantJob, why: string): VariantResult {
  return {
    name: job.name, rules: job.rules, outcome: 'skipped', dockerfile: job.dockerfileRel, patch: job.patchRel,
    sizeBytes: null, compressedBytes: null, wastedBytes: null, efficiency: null, layers: [], build: null, smoke: null,
    rank: null, pareto: false, error: why,
  };
}
