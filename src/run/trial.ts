// One what-if trial, as phases that hand each other plain values:
//   load → plan (→ build the original → analyze its imports and trace it → plan with that evidence) →
//   build/measure/smoke (the variants that evidence cannot change start right after the original) → clean up →
//   rank → write.
// A run plans once per evidence and ranks once; when it stops early (SIGINT/SIGTERM, the engine gone) is the
// StopPolicy's call (stop.ts), and every planned variant is still listed, as not run.
import { rm } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { resolveBuildArgs, smokeProbes, type ResolvedBuildArgs } from '../config/index.js';
import { OUTPUT_DIR_NAME, withoutOutDir, type LoadedProject } from '../context/project.js';
import { buildChecks, type BuildCheckWarning } from '../dockerfile/index.js';
import { requireEngine } from '../engine/availability.js';
import { distinctEndpoints, requireEngines, resolveBuilders, type BuilderTarget } from '../engine/builders.js';
import { buildxVersion } from '../engine/buildx.js';
import { engineInfo, pingEngine, removeRunObjects } from '../engine/docker.js';
import { registryAnswers } from '../engine/registry.js';
import { EXIT, UserError } from '../errors.js';
import { diffInventories } from '../measure/image-diff.js';
import { originalVariant, type Plan, type PlannedVariant } from '../plan/index.js';
import { earlyVariants, laterVariants } from '../plan/early.js';
import { rankVariants, withRanking, type RankObjective } from '../rank/index.js';
import { predictedOrder } from '../rank/predicted.js';
import { ORIGINAL, SCHEMA_VERSION, type DockerfileWarningRecord, type ImportAnalysis, type Results, type RunTimings, type VariantResult } from '../results.js';
import { chooseBuildsAlone } from './build-gate.js';
import { analyzeImports, fallback, recordEvidence, wantsImportAnalysis } from './import-evidence.js';
import { traceForMinify, wantsMinify } from './minify-evidence.js';
import { planMinifyOnTop } from './minify-on-top.js';
import { imageTag, newRunId, systemClock, type Clock } from './ids.js';
import { reason } from '../reasons.js';
import { allRules } from '../rules/index.js';
import type { MinifyEvidence, RuleEvidence } from '../rules/types.js';
import { prepareJob } from './jobs.js';
import { prepareOutDir } from './out-dir.js';
import { writeOutputs } from './outputs.js';
import { silentProgress, type Progress } from './progress.js';
import { builderSpecs } from './builders.js';
import { VariantRunner } from './runner.js';
import { loadTrial, planFor, recordSelection, type LoadedTrial, type Selection } from './selection.js';
import { StepTimes } from './step-times.js';
import { StopPolicy } from './stop.js';
import { notBuiltReason, spendBuilds, type NotBuilt, type SpendLimits } from './spend.js';
import { attributionRead, figuresOf, predictAll, readForAttribution, readsWhilePushing, rememberVariantSteps, withPrediction, type RunPrediction } from './predictions.js';
import { BuildSpans } from './timings.js';
import { unmeasured, type Built, type LayersRead, type VariantJob } from './variant.js';
import { checkVariants, type RunChecks } from './build-checks.js';
import { runVerdict, type Verdict } from './verdict.js';

export interface TrialOptions {
  dir: string;
  selection?: Selection;
  outDir?: string;
  keepImages?: boolean;
  /** The buildx builder, or several comma-separated (`--builder a,b`): variants are spread over them. Replaces dflab.yaml's builders. */
  builder?: string;
  exactCold?: boolean;
  /** `--builds-alone` (true) / `--no-builds-alone` (false): whether anything runs beside a build; absent: chosen from
   *  the original's build (build-gate.ts). */
  buildsAlone?: boolean;
  /** Edit-rebuilds per variant (`--repeat`, default 1): their median is warmSeconds, their spread its ±. */
  repeat?: number;
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
  /** `--budget`: no build starts after this many wall seconds; variants build best predicted first. */
  budgetSeconds?: number;
  /** `--prove N`: no build starts once N variants are measured and smoke-passed; best predicted first. */
  prove?: number;
  /** `--zstd`: measure zstd sizes beside gzip (default: dflab.yaml `zstd:`, else not). */
  zstd?: boolean;
  /** Told, before anything builds, what BuildKit's build checks warn about in the project's Dockerfile. */
  onBuildChecks?: (loaded: LoadedProject, warnings: BuildCheckWarning[]) => void;
}

export interface TrialOutcome {
  results: Results;
  outDir: string;
  interrupted: boolean;
  /** Why the engine stopped answering mid-run (the run then stopped); null when it did not. */
  engineLost: string | null;
  /** Why report.md/report.html could not be rendered (results.json was written); null when they were. */
  reportError: string | null;
  /** Whether the original and at least one variant worked. */
  verdict: Verdict;
}

/** What the load phase hands on: the project and config, where the run writes, and the engine it builds with. */
interface Loaded {
  trial: LoadedTrial;
  runId: string;
  outDir: string;
  buildArgs: ResolvedBuildArgs;
  stepTimes: StepTimes;
  /** Why the local registry does not answer (compressed sizes are then not measured); null when it does. */
  registryDown: string | null;
  /** The builders the run builds with, each paired with the engine it loads into; the first builds the original. */
  targets: BuilderTarget[];
  /** results.json without its variants, ranking and end time. */
  header: Results;
  /** When the run began (clock ms): what --budget counts from. */
  startedMs: number;
  /** Whether zstd sizes are measured (`--zstd` or dflab.yaml), when compressed sizes are. */
  zstd: boolean;
}

/** What the build phase ends with: the plan the run is reported with, and the evidence it was planned with. */
interface Planned {
  plan: Plan; evidence: ImportAnalysis | undefined; wanted: boolean;
  /** Variant name → what was predicted before it built (the original has none). */
  predictions: Map<string, RunPrediction>;
  /** The variants `--budget`/`--prove` left unbuilt, and why; null when none was. */
  notBuilt: NotBuilt | null;
  /** The original's compressed layer blobs as its push measured them (the predictions' compressed figures use them). */
  pushedLayers?: number[];
  /** Whether builds ran alone, and why (null when no original was built or kept to decide from). */
  schedule: RunTimings['schedule'] | null;
}

export async function runTrial(opts: TrialOptions): Promise<TrialOutcome> {
  const progress = opts.progress ?? silentProgress;
  progress.note(`planning variants of ${resolve(opts.dir)}`);
  const spans = new BuildSpans();
  const loaded = await load(opts, progress);
  opts.onBuildChecks?.(loaded.trial.loaded, buildChecks(loaded.trial.loaded.project.dockerfile));
  const stop = new StopPolicy(opts.signal, (line) => progress.note(line), () => firstDown(loaded.targets));
  const runner = new VariantRunner({
    runId: loaded.runId, outDir: loaded.outDir, smoke: smokeProbes(loaded.trial.config), buildArgs: loaded.buildArgs.args,
    secretValues: loaded.buildArgs.secretValues, stepTimes: loaded.stepTimes, builder: opts.builder,
    measureCompressed: loaded.registryDown === null, measureZstd: loaded.zstd, exactCold: opts.exactCold, repeat: opts.repeat ?? loaded.trial.config.repeat, spans,
  }, opts.concurrency, stop, progress, loaded.targets);
  if (loaded.targets.length > 1) progress.note(`builders: ${loaded.targets.map(describeTarget).join(', ')}`);
  const c = runner.concurrency;
  progress.note(`concurrency: ${c.build} build(s), ${c.measure} measurement(s), ${c.smoke} smoke test(s) at a time`);
  progress.note(`run ${loaded.runId}: out dir ${loaded.outDir}`);
  let planned: Planned;
  let checking: Promise<RunChecks>;
  try {
    planned = await buildAll(loaded, runner, stop, progress, opts);
    // BuildKit's checks read the variants' Dockerfiles only: they run while the run's images are removed.
    checking = checkVariants(planned.plan.variants.map((v) => v.name), loaded.outDir, loaded.trial.loaded.dir, { builder: loaded.targets[0]?.name ?? opts.builder, buildx: loaded.header.engine.buildx });
  } finally {
    await cleanUp(loaded, runner, opts.keepImages ?? false, progress);
  }
  const checks = await checking;
  if (!checks.record.ran) progress.note(`BuildKit build checks skipped: ${checks.record.reason}`);
  const originalCompressed = runner.results.get(ORIGINAL)?.compressedBytes ?? null;
  const variants = withDiffs(planned.plan.variants.map((v) => withPrediction(
    withPlanFacts(runner.results.get(v.name) ?? notRun(v, planned, stop), v), planned.predictions.get(v.name), originalCompressed, planned.pushedLayers)), runner)
    .map((v) => (checks.record.ran ? { ...v, newBuildChecks: checks.added.get(v.name) ?? null } : v));
  const resumed = new Set(planned.plan.variants.filter((v) => kept(opts.resume, v.name, v.rules)).map((v) => v.name));
  await rememberVariantSteps(variants, planned.plan, loaded.trial.loaded, resumed).catch(() => undefined);
  const objective = opts.objective ?? loaded.trial.config.rank.objective;
  const ranking = rankVariants(variants, objective);
  const results = withRanking({
    ...loaded.header,
    finishedAt: (opts.clock ?? systemClock).now().toISOString(),
    ...(planned.wanted ? { importAnalysis: planned.evidence ?? null } : {}),
    skippedRules: planned.plan.skipped,
    target: planned.plan.target,
    buildChecks: checks.record,
    timings: { ...spans.summary(variants.map((v) => v.timings)), ...(planned.schedule ? { schedule: planned.schedule } : {}) },
  }, ranking, objective);
  const reportError = await writeOutputs({
    outDir: loaded.outDir, results, ranking, plan: planned.plan, loaded: loaded.trial.loaded, secretValues: loaded.buildArgs.secretValues,
  });
  return { results, outDir: loaded.outDir, interrupted: stop.reason === 'interrupted', engineLost: stop.engineLost, reportError, verdict: runVerdict(results) };
}

/** Phase load: dflab.yaml and the project, the engine and buildx, the out dir made writable. */
async function load(opts: TrialOptions, progress: Progress): Promise<Loaded> {
  const clock = opts.clock ?? systemClock;
  const loadedTrial = await loadTrial(opts.dir, opts.selection);
  const zstd = opts.zstd ?? loadedTrial.config.zstd;
  const buildArgs = resolveBuildArgs(loadedTrial.config, process.env);
  await requireEngine();
  const runId = opts.resume?.runId ?? opts.runId ?? newRunId(clock);
  const outDir = resolve(opts.outDir ?? join(loadedTrial.loaded.dir, OUTPUT_DIR_NAME, runId));
  await prepareOutDir(outDir);
  // dflab never measures itself: the out dir (earlier runs, logs) is no part of any variant's context.
  const trial: LoadedTrial = { ...loadedTrial, loaded: withoutOutDir(loadedTrial.loaded, outDir) };
  // Each a separate process or request, none needing another's answer: the buildx CLI calls take ~0.3 s each.
  const [targets, buildx, stepTimes, registryDown] = await Promise.all([
    resolveBuilders(builderSpecs(opts.builder, loadedTrial.config.builders)), buildxVersion(), opts.stepTimes ?? StepTimes.load(), registryAnswers(),
  ]);
  await requireEngines(targets, pingEngine);
  const first = targets[0]!;
  if ('error' in buildx) throw new UserError(`docker buildx is not usable: ${buildx.error}`, { exitCode: EXIT.engine, hint: 'run `dflab doctor`' });
  const engine = await engineInfo(first.endpoint);
  if (registryDown) progress.note(`local registry not answering (${registryDown}): compressed sizes are not measured; run scripts/engine-up.sh`);
  const header: Results = {
    schemaVersion: SCHEMA_VERSION, runId, project: basename(trial.loaded.dir), projectDir: trial.loaded.dir,
    startedAt: opts.resume?.startedAt ?? clock.now().toISOString(), finishedAt: null,
    engine: {
      docker: engine.docker, buildx: buildx.version, builder: first.name, storageDriver: engine.storageDriver,
      ...(targets.length > 1 ? { builders: targets.map((t) => ({ name: t.name, driver: t.driver, context: t.endpoint.context ?? t.endpoint.host ?? 'default' })) } : {}),
    },
    variants: [], recommended: null, selection: recordSelection({ ...opts, zstd }), dockerfileWarnings: warningRecords(trial.loaded),
  };
  return { trial, runId, outDir, buildArgs, stepTimes, registryDown, targets, header, startedMs: clock.now().getTime(), zstd };
}

/**
 * Phases plan, predict and build. The original builds first: its layers are read once (for its byte attribution
 * now and its measurement later), prune-requirements may need the imports seen in it and minify a trace of its
 * smoke test (both start as soon as it is built, beside its push and read), and every variant is predicted from it.
 * Without `--budget`/`--prove` every variant builds: those the pending evidence cannot change (early.ts) start
 * building right after the original, the others once the evidence is in. Under `--budget`/`--prove` they build best
 * predicted first until spend.ts says stop. No variant is measured before the original: its read fills the layer
 * cache they share, and its push puts their common layers in the registry.
 */
async function buildAll(loaded: Loaded, runner: VariantRunner, stop: StopPolicy, progress: Progress, opts: TrialOptions): Promise<Planned> {
  const { trial } = loaded;
  const prior = opts.resume;
  const wanted = wantsImportAnalysis(trial.loaded.project, trial.config);
  // minify plans with the original's traced smoke probes; a resumed run does not trace again (minify says why).
  const traces = wantsMinify(trial.config) && !prior;
  const originalKept = kept(prior, ORIGINAL, []);
  const known = prior?.importAnalysis ?? (wanted && originalKept ? fallback('the run was resumed after the original image was removed') : undefined);
  const limits: SpendLimits = { ...(opts.budgetSeconds ? { budgetSeconds: opts.budgetSeconds } : {}), ...(opts.prove ? { prove: opts.prove } : {}) };
  const spending = Boolean(limits.budgetSeconds || limits.prove);
  progress.start([ORIGINAL]);
  const [original] = originalKept ? [] : await prepare([originalVariant(trial.loaded.project)], loaded, stop);
  const built = original ? await runner.build(original) : null;
  const schedule = scheduleBuilds(runner, opts, loaded, built?.build.coldSeconds ?? originalKept?.build?.coldSeconds ?? null, progress);
  // The import analysis and the trace are independent container runs on the original: they run together, beside
  // its push and read.
  const analyses = wanted && !known;
  if (built && (analyses || traces)) progress.phase(ORIGINAL, [analyses && 'analyzing imports', traces && 'tracing the smoke test for minify'].filter(Boolean).join(' and '));
  const evidenceRead = Promise.all([
    analyses ? runner.gate.beside(() => importEvidence(built, trial.loaded.project, loaded.runId, stop)) : known,
    traces ? runner.gate.beside(() => minifyEvidence(built, trial.config, loaded.runId, stop)) : undefined,
  ]);
  const originalRead = readOriginal(built, loaded, runner, progress);
  // Every variant's measurement waits for the original's to be queued (its edit-rebuild and smoke test do not).
  const measurable = originalRead.then(() => undefined, () => undefined);
  const runAfterOriginal = async (job: VariantJob) => {
    const b = await runner.build(job);
    if (b) await runner.finish(Object.assign(b, { measureAfter: measurable }));
  };
  const pending = new Set<RuleEvidence>([...(analyses ? ['import-analysis' as const] : []), ...(traces ? ['minify-trace' as const] : [])]);
  const startedEarly = spending || !built ? [] : earlyVariants(planFor(trial, known), allRules, pending).filter((v) => !kept(prior, v.name, v.rules));
  for (const v of startedEarly) progress.phase(v.name, 'queued');
  const early = new Map((await prepare(startedEarly, loaded, stop)).map((job) => [job.name, runAfterOriginal(job)]));
  // The rest of the plan is known once the evidence is in, the original's read may still be under way.
  const [evidence, trace] = await evidenceRead;
  const plan = planFor(trial, evidence, trace);
  if (wanted && evidence && !stop.signal.aborted) progress.note(await recordEvidence(evidence, loaded.outDir));
  const { rest: later, stale } = laterVariants(plan, startedEarly);
  // Through the gate: attributing the original and reading the candidate bases' packages (containers created on the
  // engine) ran beside the variants started early, and set their cold times apart when builds run alone.
  const predict = (read: LayersRead | null) => runner.gate.beside(() => predictAll(built, read, plan, trial.loaded, progress, originalKept !== null, loaded.runId));
  // The original goes through toRun too: a resumed run keeps its finished result from there.
  const rest = toRun({ ...plan, variants: plan.variants.filter((v) => v.name === ORIGINAL || later.includes(v)) }, prior, runner, progress)
    .filter((v) => v.name !== ORIGINAL);
  if (!spending) {
    for (const v of rest) progress.phase(v.name, 'queued');
    // A variant started early that the evidence changed after all (early.ts rules that out) is built again.
    const jobs = (await prepare(rest, loaded, stop)).map(async (job) => {
      if (stale.has(job.name)) await forget(job.name, early.get(job.name), runner);
      return runAfterOriginal(job);
    });
    const { read, pushing, finishing } = await originalRead;
    const predictions = await predict(read);
    await Promise.all([finishing, pushing, ...early.values(), ...jobs]);
    for (const name of stale) if (!rest.some((v) => v.name === name)) await forget(name, early.get(name), runner);
    await minifyOnTop(loaded, plan, predictions, runner, stop, progress, opts);
    return { plan, evidence, wanted, predictions, notBuilt: null, schedule, ...pushed(built) };
  }
  const { read, pushing, finishing } = await originalRead;
  const predictions = await predict(read);
  for (const v of rest) progress.phase(v.name, 'queued');
  const jobs = await prepare(rest, loaded, stop);
  const order = predictedOrder(rest.map((v) => figuresOf(v.name, predictions.get(v.name))), opts.objective ?? trial.config.rank.objective);
  progress.note(`building in order of predicted value: ${order.join(', ')}`);
  const elapsed = () => ((opts.clock ?? systemClock).now().getTime() - loaded.startedMs) / 1000;
  const spent = await spendBuilds(jobs, order, limits, runner.spendRunner(), elapsed, () => stop.signal.aborted);
  // The original's push too: a stopping run skips its measurement, which would have waited for it.
  await Promise.all([finishing, pushing]);
  // Under a budget or --prove, minify on top is one more build only when every planned one was spent.
  if (!spent.why) await minifyOnTop(loaded, plan, predictions, runner, stop, progress, opts);
  return { plan, evidence, wanted, predictions, notBuilt: spent.why ? { names: spent.notStarted, why: spent.why, limits } : null, schedule, ...pushed(built) };
}

/**
 * The original's push and its read for attribution, then its measurement queued (it reuses that read, so it comes
 * before any variant's). Pushed before the read, the read then takes only the layers this machine has not read from
 * the registry; but a large new stack is read by `docker save` while it is pushed (readsWhilePushing), its
 * measurement awaiting the push.
 */
async function readOriginal(built: Built | null, loaded: Loaded, runner: VariantRunner, progress: Progress): Promise<{ read: LayersRead | null; pushing?: Promise<void>; finishing?: Promise<void> }> {
  if (!built) return { read: null };
  const how = await attributionRead(built, loaded.registryDown === null && loaded.zstd);
  const readFirst = await readsWhilePushing(built, how);
  const pushing = runner.pushAhead(built);
  if (readFirst) progress.note('the original holds a large stack of layers not read on this machine: read by docker save while it is pushed');
  else await pushing;
  const read = await runner.gate.beside(() => readForAttribution(built, progress, how));
  return { read, pushing, finishing: runner.finish(built) };
}

/** Decides, once the original is built and before anything runs beside it, whether builds run alone (build-gate.ts). */
function scheduleBuilds(runner: VariantRunner, opts: TrialOptions, loaded: Loaded, originalColdSeconds: number | null, progress: Progress): RunTimings['schedule'] | null {
  if (originalColdSeconds === null && opts.buildsAlone === undefined) return null;
  const choice = chooseBuildsAlone({ flag: opts.buildsAlone, concurrency: opts.concurrency, builders: loaded.targets.length, originalColdSeconds });
  runner.buildsAlone = choice.alone;
  progress.note(`builds ${choice.alone ? `alone, no measurement beside them (measurements ${runner.concurrency.measure} at a time between builds)` : 'beside measurements'}: ${choice.why}`);
  return { buildsAlone: choice.alone, why: choice.why };
}

/** Drops what a variant started early left once it ended: the final plan does not have that build under its name. */
async function forget(name: string, run: Promise<void> | undefined, runner: VariantRunner): Promise<void> {
  await run;
  runner.results.delete(name);
  runner.inventories.delete(name);
}

/** prune-requirements' evidence: the imports seen in the built original (or why there is none). */
async function importEvidence(built: Built | null, project: LoadedProject['project'], runId: string, stop: StopPolicy): Promise<ImportAnalysis> {
  if (!built) return fallback(stop.reason ? 'the run stopped before the import analysis' : 'the original image did not build');
  return analyzeImports(project, built.job.tag, runId, stop.signal, built.target?.endpoint);
}

/** minify's evidence: the smoke probes traced in the built original, on the engine it was loaded into. */
async function minifyEvidence(built: Built | null, config: LoadedTrial['config'], runId: string, stop: StopPolicy): Promise<MinifyEvidence> {
  if (!built) return { ok: false, reason: 'the original image did not build' };
  return traceForMinify(built.job.tag, runId, config, { signal: stop.signal, endpoint: built.target?.endpoint });
}

const pushed = (built: Built | null) => (built?.pushedLayers ? { pushedLayers: built.pushedLayers } : {});

/** `<recommended>+minify`, planned, traced and built once the first builds are measured (minify-on-top.ts). */
async function minifyOnTop(loaded: Loaded, plan: Plan, predictions: Map<string, RunPrediction>, runner: VariantRunner, stop: StopPolicy, progress: Progress, opts: TrialOptions): Promise<void> {
  const { trial, runId } = loaded;
  const onTop = await planMinifyOnTop({
    trial, plan, results: [...runner.results.values()], objective: opts.objective ?? trial.config.rank.objective,
    tagOf: (name) => imageTag(basename(trial.loaded.dir), runId, name), endpointOf: (name) => builderOf(loaded.targets, runner.results.get(name))?.endpoint,
    runId, signal: stop.signal,
    note: (line) => progress.note(line), phase: (name, phase) => progress.phase(name, phase),
  });
  if (!onTop) return;
  const { variant, under } = onTop;
  predictions.set(variant.name, { predicted: false, reason: reason('planned-after-builds', `planned once ${under} was measured, on its traced image: predictions are made before any build`) });
  await Promise.all((await prepare([variant], loaded, stop)).map((job) => runner.run(job)));
}

/** The builder a measured variant was built on: the one its result names (a run over several), else the only one. */
function builderOf(targets: readonly BuilderTarget[], result: VariantResult | undefined): BuilderTarget | undefined {
  return result?.builder === undefined ? targets[0] : targets.find((t) => t.name === result.builder);
}

/** A planned variant with no result: not built under --budget/--prove (predicted only, when it was predicted), or stopped. */
function notRun(v: PlannedVariant, planned: Planned, stop: StopPolicy): VariantResult {
  if (!planned.notBuilt?.names.includes(v.name)) return unmeasured(v.name, v.rules, stop.notRunReason());
  const predicted = planned.predictions.get(v.name)?.predicted === true;
  const why = notBuiltReason(planned.notBuilt);
  return { ...unmeasured(v.name, v.rules, predicted ? `predicted only, not built: ${why}` : `not built: ${why}; it has no prediction`), ...(predicted ? { predictedOnly: true } : {}) };
}

/** What the plan knows of a variant beside its measurements: what it requires, the variants it stands for. */
function withPlanFacts(result: VariantResult, v: PlannedVariant): VariantResult {
  return { ...result, ...(v.requires.length ? { requires: v.requires } : {}), ...(v.aliases.length ? { aliases: v.aliases } : {}) };
}

/** dflab's engine-less warnings on the project's Dockerfile, its path relative to the project dir. */
function warningRecords(loaded: LoadedProject): DockerfileWarningRecord[] {
  const file = relative(loaded.dir, loaded.dockerfileAbs).split(sep).join('/');
  return buildChecks(loaded.project.dockerfile).map((w) => ({ file, line: w.line, code: w.code, message: w.message }));
}

/** The plan's variants still to run; those a resumed run finished, unchanged, are kept as they were. */
function toRun(plan: Plan, prior: Results | undefined, runner: VariantRunner, progress: Progress): Plan['variants'] {
  const finished = plan.variants.flatMap((v) => kept(prior, v.name, v.rules) ?? []);
  for (const v of finished) runner.results.set(v.name, v);
  if (finished.length > 0) progress.note(`resuming: ${finished.map((v) => v.name).join(', ')} already finished`);
  return plan.variants.filter((v) => !runner.results.has(v.name));
}

/** A variant the run being resumed finished (any outcome but skipped) with the same rules; null otherwise. */
function kept(prior: Results | undefined, name: string, rules: string[]): VariantResult | null {
  const v = prior?.variants.find((r) => r.name === name);
  if (!v || v.outcome === 'skipped' || v.rules.join(',') !== rules.join(',')) return null;
  return { ...v, rank: null, pareto: false };
}

/** Jobs for the variants, unless the run is already stopping (nothing is written then). */
async function prepare(variants: Plan['variants'], loaded: Loaded, stop: StopPolicy) {
  if (stop.signal.aborted) return [];
  return Promise.all(variants.map((v) => prepareJob(v, loaded.trial.loaded, loaded.outDir, loaded.runId)));
}

/** Phase clean up: no more work is started, what runs ends; staged contexts and the run's images go. */
async function cleanUp(loaded: Loaded, runner: VariantRunner, keepImages: boolean, progress: Progress): Promise<void> {
  await runner.drain();
  await loaded.stepTimes.save().catch(() => undefined);
  await rm(join(loaded.outDir, 'contexts'), { recursive: true, force: true });
  // Every engine a builder loaded into holds the run's images and containers.
  for (const endpoint of distinctEndpoints(loaded.targets)) {
    const where = endpoint.host ? ` on ${endpoint.context ?? endpoint.host}` : '';
    await removeRunObjects(loaded.runId, !keepImages, endpoint)
      .catch((e: Error) => progress.note(`cleanup${where}: ${e.message}; once the engine answers, run \`dflab clean --run ${loaded.runId}${loaded.targets.length > 1 ? ` --builder ${loaded.targets.map((t) => t.name).join(',')}` : ''}\``));
  }
  progress.stop();
}

/** Why the first engine that stopped answering did (every builder's engine is asked); null when all answer. */
async function firstDown(targets: readonly BuilderTarget[]): Promise<string | null> {
  for (const e of distinctEndpoints(targets)) {
    const down = await pingEngine(e);
    if (down) return targets.length > 1 && e.host ? `${e.context ?? e.host}: ${down}` : down;
  }
  return null;
}

function describeTarget(t: BuilderTarget): string {
  return `${t.name} (${t.driver} driver, loads into ${t.endpoint.host ? t.endpoint.context ?? t.endpoint.host : 'the default engine'})`;
}

/** What each remedy actually dropped or added, against the original's final filesystem. */
function withDiffs(variants: VariantResult[], runner: VariantRunner): VariantResult[] {
  const original = runner.inventories.get(ORIGINAL);
  return variants.map((v) => {
    const inventory = runner.inventories.get(v.name);
    return original && inventory && v.name !== ORIGINAL ? { ...v, diff: diffInventories(original, inventory, 10) } : v;
  });
}
