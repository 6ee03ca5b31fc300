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
import { buildTarget, parseDockerfile } from '../dockerfile/index.js';
import { registryAnswers } from '../engine/registry.js';
import { finalStageChain } from '../measure/chain.js';
import { buildxInfo } from '../engine/buildx.js';
import { requireEngine } from '../engine/availability.js';
import { engineInfo, pingEngine, removeRunObjects } from '../engine/docker.js';
import { describeFsError, ExitCode, UserError } from '../errors.js';
import { planVariants, type PlannedVariant, type Plan } from '../plan/index.js';
import { withSavingEstimates } from '../plan/estimates.js';
import { diffInventories } from '../measure/image-diff.js';
import type { Inventory } from '../measure/inventory.js';
import { rankVariants, type RankObjective } from '../rank/index.js';
import { SCHEMA_VERSION, type Results, type VariantResult } from '../results.js';
import { allRules } from '../rules/index.js';
import { imageTag, newRunId, systemClock, type Clock } from './ids.js';
import { silentProgress, type Progress } from './progress.js';
import { writeOutputs } from './outputs.js';
import { prepareOutDir } from './out-dir.js';
import { StepTimes } from './step-times.js';
import { runVariant, type PhaseKind, type VariantJob } from './variant.js';
import { analyseImports, describeEvidence, fallback, wantsImportAnalysis } from './import-evidence.js';
import type { ImportAnalysis } from '../rules/types.js';

export interface TrialOptions {
  dir: string;
  selection?: Selection;
  outDir?: string;
  keepImages?: boolean;
  builder?: string;
  exactCold?: boolean;
  /** Results of an interrupted run in `outDir`: its finished variants are kept, the rest are run. */
  resume?: Results;
  /** Builds at a time (default 1, see makeQueues). */
  concurrency?: number;
  /** Overrides dflab.yaml's rank settings (`--objective`). */
  objective?: RankObjective;
  signal?: AbortSignal;
  clock?: Clock;
  runId?: string;
  stepTimes?: StepTimes;
  progress?: Progress;
}

export interface TrialOutcome {
  results: Results;
  outDir: string;
  interrupted: boolean;
  /** Why the engine stopped answering mid-run (the run then stopped); null when it did not. */
  engineLost: string | null;
}

export interface LoadedTrial { config: DflabConfig; loaded: LoadedProject }

/** Command-line choices that replace dflab.yaml's (`--rules`, `--skip-rules`, `--bases`, `--target`). */
export interface Selection { rules?: string[]; skipRules?: string[]; bases?: string[]; target?: string }

export async function loadTrial(dir: string, selection: Selection = {}): Promise<LoadedTrial> {
  const { config, file } = await loadConfig(resolve(dir));
  checkRuleIds(config, allRules.map((r) => r.id), file ?? 'dflab.yaml');
  const chosen = applySelection(config, selection);
  return { config: chosen, loaded: await loadProject(dir, chosen) };
}

function applySelection(config: DflabConfig, s: Selection): DflabConfig {
  const known = allRules.map((r) => r.id);
  for (const [flag, ids] of [['--rules', s.rules], ['--skip-rules', s.skipRules]] as const) {
    const unknown = (ids ?? []).filter((id) => !known.includes(id));
    if (unknown.length) throw new UserError(`${flag}: unknown rule ${unknown.map((u) => `"${u}"`).join(', ')}`, { hint: `known rules: ${known.join(', ')}` });
  }
  return {
    ...config,
    rules: { include: s.rules ?? config.rules.include, exclude: [...config.rules.exclude, ...(s.skipRules ?? [])] },
    bases: s.bases ?? config.bases,
    target: s.target ?? config.target,
  };
}

/** The variants for this project and dflab.yaml; `evidence` is the original image's import analysis, when there is one. */
export function planFor({ config, loaded }: LoadedTrial, evidence?: ImportAnalysis): Plan {
  const project = { ...loaded.project, config: { onnx: config.onnx, prune: config.prune, bases: config.bases }, ...(evidence ? { importAnalysis: evidence } : {}) };
  const plan = planVariants(project, allRules, { ...config.rules, variants: config.variants, bases: config.bases });
  return { ...plan, skipped: withSavingEstimates(plan.skipped, evidence) };
}

/** `dflab plan`: no image is built, so prune-requirements plans with its fallback list and says so. */
export async function planTrial(dir: string, selection: Selection = {}): Promise<LoadedTrial & { plan: Plan }> {
  const trial = await loadTrial(dir, selection);
  return { ...trial, plan: planFor(trial, fallback('`dflab plan` builds nothing; `dflab run` analyses the imports in the built original image')) };
}

export async function runTrial(opts: TrialOptions): Promise<TrialOutcome> {
  const clock = opts.clock ?? systemClock;
  const progress = opts.progress ?? silentProgress;
  const log = (line: string) => progress.note(line);
  log(`planning variants of ${resolve(opts.dir)}`);
  const trial = await loadTrial(opts.dir, opts.selection);
  const { config, loaded } = trial;
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
  const stepTimes = opts.stepTimes ?? await StepTimes.load();
  const registryDown = await registryAnswers();
  if (registryDown) log(`local registry not answering (${registryDown}): compressed sizes are not measured; run scripts/engine-up.sh`);
  const queues = makeQueues(opts.concurrency);
  log(`concurrency: ${queues.build.concurrency} build(s), ${queues.measure.concurrency} measurement(s), ${queues.smoke.concurrency} smoke test(s) at a time`);
  // Stops the run on the user's SIGINT/SIGTERM, or when the engine stops answering mid-run.
  const stop = new AbortController();
  const signal = stop.signal;
  if (opts.signal?.aborted) stop.abort();
  opts.signal?.addEventListener('abort', () => stop.abort(), { once: true });
  let engineLost: string | null = null;
  const byName = new Map<string, VariantResult>();
  const inventories = new Map<string, Inventory>();
  const runJob = async (job: VariantJob, afterBuild?: (job: VariantJob) => Promise<void>): Promise<void> => {
    if (signal.aborted) return;
    const result = await runVariant(job, {
      runId, outDir, smoke: config.smoke, buildArgs: buildArgs.args, secretValues: buildArgs.secretValues, stepTimes, builder: opts.builder, signal,
      measureCompressed: registryDown === null, exactCold: opts.exactCold, afterBuild,
      onInventory: (name, inventory) => inventories.set(name, inventory),
      onPhase: (name, phase) => progress.phase(name, phase),
      schedule: (kind, fn) => queues[kind].add(async () => {
        if (signal.aborted) throw new Interrupted();
        return fn();
      }),
    }).catch((e: unknown) => {
      if (describeFsError(e)) throw e; // a full disk stops the run (main.ts says so), it is not this variant's result
      return e instanceof Interrupted ? null : skipped(job, `dflab could not finish this variant: ${(e as Error).message}`);
    });
    if (result === null || (signal.aborted && result.outcome !== 'ok')) return; // cut short by the interruption
    // A failure may be the engine going away: then nothing else can run, and the run stops.
    if (result.outcome !== 'ok' && result.outcome !== 'smoke-failed' && !engineLost) {
      engineLost = await pingEngine();
      if (engineLost) {
        log(`the Docker engine stopped answering (${engineLost}): stopping the run`);
        stop.abort();
        // Not this variant's failure: left as not run, so --resume builds it again.
        byName.set(job.name, skipped(job, `the Docker engine stopped answering during this variant (${(result.error ?? '').split('\n')[0]})`));
        return;
      }
    }
    byName.set(job.name, result);
    progress.phase(job.name, `${result.outcome}${result.sizeBytes ? `, ${prettyBytes(result.sizeBytes)}` : ''}${result.error ? `: ${result.error.split('\n')[0]}` : ''}`);
  };

  // prune-requirements decides with the imports seen in the built original, so when it may apply the original
  // builds first and the other variants are planned once its analysis is in.
  const wanted = wantsImportAnalysis(loaded.project, config);
  let evidence: ImportAnalysis | undefined = opts.resume?.importAnalysis ?? undefined;
  const firstPlan = planFor(trial, evidence);
  let plan = firstPlan;
  let jobs: VariantJob[] = [await writeVariant(firstPlan.variants[0]!, loaded, outDir, runId)];
  let restPlanned = false;
  const planRest = async (found: ImportAnalysis | undefined, quiet = false): Promise<VariantJob[]> => {
    restPlanned = true;
    evidence = found;
    plan = planFor(trial, found);
    if (found && wanted && !quiet) log(describeEvidence(found));
    if (!quiet) for (const v of plan.variants.slice(1)) if (!byName.has(v.name)) progress.phase(v.name, 'queued');
    const rest = await Promise.all(plan.variants.slice(1).map((v) => writeVariant(v, loaded, outDir, runId)));
    jobs = [jobs[0]!, ...rest];
    return rest;
  };
  for (const v of finishedVariants(opts.resume, firstPlan)) byName.set(v.name, v);
  if (byName.size > 0) log(`resuming: ${[...byName.keys()].join(', ')} already finished`);
  log(`run ${runId}: out dir ${outDir}`);
  progress.start(firstPlan.variants.map((v) => v.name).filter((n) => !byName.has(n)));
  try {
    const original = jobs[0]!;
    if (!wanted || evidence) {
      const rest = await planRest(evidence);
      await Promise.all([original, ...rest].filter((j) => !byName.has(j.name)).map((j) => runJob(j)));
    } else if (byName.has(original.name)) {
      // A resumed run whose original finished before its analysis was recorded: its image is gone.
      const rest = await planRest(fallback('the run was resumed after the original image was removed'));
      await Promise.all(rest.filter((j) => !byName.has(j.name)).map((j) => runJob(j)));
    } else {
      let found: ImportAnalysis | undefined;
      let startRest!: () => void;
      const restMayStart = new Promise<void>((r) => { startRest = r; });
      // The rest starts as soon as the analysis is in, or when the original failed before it could run.
      const rest = restMayStart
        .then(() => planRest(found ?? fallback('the original image did not build')))
        .then((restJobs) => Promise.all(restJobs.filter((j) => !byName.has(j.name)).map((j) => runJob(j))));
      const analyse = async (job: VariantJob) => {
        progress.phase(job.name, 'analysing imports');
        found = await analyseImports(loaded.project, job.tag, runId, signal);
        startRest();
      };
      const settled = await Promise.allSettled([runJob(original, analyse).finally(startRest), rest]);
      const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } finally {
    // A job that failed the run leaves others queued or running: start no more, let the running ones end, then clean up.
    for (const q of Object.values(queues)) { q.pause(); q.clear(); }
    await Promise.all(Object.values(queues).map((q) => q.onPendingZero()));
    await stepTimes.save().catch(() => undefined);
    await rm(join(outDir, 'contexts'), { recursive: true, force: true });
    await removeRunObjects(runId, !opts.keepImages).catch((e: Error) => log(`cleanup: ${e.message}; once the engine answers, run \`dflab clean --run ${runId}\``));
    progress.stop();
  }
  const interrupted = (opts.signal?.aborted ?? false) && !engineLost;
  // Interrupted before the analysis was in: the rest of the plan is still listed, as not run.
  if (!restPlanned) {
    await planRest(evidence ?? fallback('the run was interrupted before the import analysis'), true);
    await rm(join(outDir, 'contexts'), { recursive: true, force: true });
  }
  const variants = jobs.map((j) => byName.get(j.name) ?? skipped(j, engineLost ? 'the Docker engine stopped answering before this variant finished'
    : interrupted ? 'interrupted before this variant finished' : 'not run'));
  // What each remedy actually dropped or added, against the original's final filesystem.
  const original = inventories.get('original');
  for (const v of variants) {
    const inventory = inventories.get(v.name);
    if (original && inventory && v.name !== 'original') v.diff = diffInventories(original, inventory, 10);
  }
  results.objective = opts.objective ?? config.rank.objective;
  const ranked = rankVariants(variants, results.objective);
  results.variants = ranked.variants;
  results.recommended = ranked.recommended;
  results.finishedAt = clock.now().toISOString();
  if (wanted) results.importAnalysis = evidence ?? null;
  results.skippedRules = plan.skipped;
  results.target = plan.target;
  await writeOutputs({ outDir, results, plan, loaded, recommendedReason: ranked.reason, secretValues: buildArgs.secretValues });
  return { results, outDir, interrupted, engineLost };
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
  const model = parseDockerfile(v.dockerfile, `variants/${v.name}/Dockerfile`, { target: loaded.project.dockerfile.target });
  const target = buildTarget(model);
  const chain = finalStageChain(model);
  const warmPath = chooseWarmEditPath(model, contextPaths, ignore);
  const warmEdit = warmPath === null ? null : { path: warmPath, newText: warmEditText(warmPath, await readFile(join(contextDir, warmPath), 'utf8'), runId) };
  return {
    name: v.name, rules: v.rules, dockerfileAbs, contextDir, contextPaths,
    dockerfileRel: `variants/${v.name}/Dockerfile`, patchRel: v.name === 'original' ? null : `patches/${v.name}.patch`,
    tag: imageTag(basename(loaded.dir), runId, v.name),
    baseImage: chain.baseImage,
    chain: chain.instructions.map((i) => ({ keyword: i.keyword, raw: i.raw, line: i.line, stage: i.stage })),
    warmEdit, ...(target ? { target } : {}),
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
