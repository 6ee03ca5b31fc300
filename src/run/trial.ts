// One what-if trial, as phases that hand each other plain values:
//   load → plan (→ build the original → analyze its imports → plan with that evidence) → build/measure/smoke
//   → clean up → rank → write.
// A run plans once per evidence and ranks once; when it stops early (SIGINT/SIGTERM, the engine gone) is the
// StopPolicy's call (stop.ts), and every planned variant is still listed, as not run.
import { rm } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { resolveBuildArgs, smokeProbes, type ResolvedBuildArgs } from '../config/index.js';
import { OUTPUT_DIR_NAME, withoutOutDir, type LoadedProject } from '../context/project.js';
import { buildChecks, type BuildCheckWarning } from '../dockerfile/index.js';
import { requireEngine } from '../engine/availability.js';
import { buildxInfo } from '../engine/buildx.js';
import { engineInfo, removeRunObjects } from '../engine/docker.js';
import { registryAnswers } from '../engine/registry.js';
import { EXIT, UserError } from '../errors.js';
import { diffInventories } from '../measure/image-diff.js';
import { originalVariant, type Plan, type PlannedVariant } from '../plan/index.js';
import { rankVariants, withRanking, type RankObjective } from '../rank/index.js';
import { ORIGINAL, SCHEMA_VERSION, type DockerfileWarningRecord, type ImportAnalysis, type Results, type VariantResult } from '../results.js';
import { newRunId, systemClock, type Clock } from './ids.js';
import { analyzeImports, fallback, recordEvidence, wantsImportAnalysis } from './import-evidence.js';
import { traceForMinify, wantsMinify } from './minify-evidence.js';
import type { MinifyEvidence } from '../rules/types.js';
import { prepareJob } from './jobs.js';
import { prepareOutDir } from './out-dir.js';
import { writeOutputs } from './outputs.js';
import { silentProgress, type Progress } from './progress.js';
import { VariantRunner } from './runner.js';
import { loadTrial, planFor, recordSelection, type LoadedTrial, type Selection } from './selection.js';
import { StepTimes } from './step-times.js';
import { StopPolicy } from './stop.js';
import { BuildSpans } from './timings.js';
import { unmeasured } from './variant.js';
import { checkVariants } from './build-checks.js';
import { runVerdict, type Verdict } from './verdict.js';

export interface TrialOptions {
  dir: string;
  selection?: Selection;
  outDir?: string;
  keepImages?: boolean;
  builder?: string;
  exactCold?: boolean;
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
  /** results.json without its variants, ranking and end time. */
  header: Results;
}

/** What the build phase ends with: the plan the run is reported with, and the evidence it was planned with. */
interface Planned { plan: Plan; evidence: ImportAnalysis | undefined; wanted: boolean }

export async function runTrial(opts: TrialOptions): Promise<TrialOutcome> {
  const progress = opts.progress ?? silentProgress;
  progress.note(`planning variants of ${resolve(opts.dir)}`);
  const spans = new BuildSpans();
  const loaded = await load(opts, progress);
  opts.onBuildChecks?.(loaded.trial.loaded, buildChecks(loaded.trial.loaded.project.dockerfile));
  const stop = new StopPolicy(opts.signal, (line) => progress.note(line));
  const runner = new VariantRunner({
    runId: loaded.runId, outDir: loaded.outDir, smoke: smokeProbes(loaded.trial.config), buildArgs: loaded.buildArgs.args,
    secretValues: loaded.buildArgs.secretValues, stepTimes: loaded.stepTimes, builder: opts.builder,
    measureCompressed: loaded.registryDown === null, exactCold: opts.exactCold, repeat: opts.repeat ?? loaded.trial.config.repeat, spans,
  }, opts.concurrency, stop, progress);
  const c = runner.concurrency;
  progress.note(`concurrency: ${c.build} build(s), ${c.measure} measurement(s), ${c.smoke} smoke test(s) at a time`);
  progress.note(`run ${loaded.runId}: out dir ${loaded.outDir}`);
  let planned: Planned;
  try {
    planned = await buildAll(loaded, runner, stop, progress, opts.resume);
  } finally {
    await cleanUp(loaded, runner, opts.keepImages ?? false, progress);
  }
  const checks = await checkVariants(planned.plan.variants.map((v) => v.name), loaded.outDir, loaded.trial.loaded.dir, { builder: opts.builder });
  if (!checks.record.ran) progress.note(`BuildKit build checks skipped: ${checks.record.reason}`);
  const variants = withDiffs(planned.plan.variants.map((v) => withPlanFacts(runner.results.get(v.name) ?? unmeasured(v.name, v.rules, stop.notRunReason()), v)), runner)
    .map((v) => (checks.record.ran ? { ...v, newBuildChecks: checks.added.get(v.name) ?? null } : v));
  const objective = opts.objective ?? loaded.trial.config.rank.objective;
  const ranking = rankVariants(variants, objective);
  const results = withRanking({
    ...loaded.header,
    finishedAt: (opts.clock ?? systemClock).now().toISOString(),
    ...(planned.wanted ? { importAnalysis: planned.evidence ?? null } : {}),
    skippedRules: planned.plan.skipped,
    target: planned.plan.target,
    buildChecks: checks.record,
    timings: spans.summary(variants.map((v) => v.timings)),
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
  const buildArgs = resolveBuildArgs(loadedTrial.config, process.env);
  await requireEngine();
  const runId = opts.resume?.runId ?? opts.runId ?? newRunId(clock);
  const outDir = resolve(opts.outDir ?? join(loadedTrial.loaded.dir, OUTPUT_DIR_NAME, runId));
  await prepareOutDir(outDir);
  // dflab never measures itself: the out dir (earlier runs, logs) is no part of any variant's context.
  const trial: LoadedTrial = { ...loadedTrial, loaded: withoutOutDir(loadedTrial.loaded, outDir) };
  const [engine, buildx] = await Promise.all([engineInfo(), buildxInfo(opts.builder)]);
  if ('error' in buildx) throw new UserError(`docker buildx is not usable: ${buildx.error}`, { exitCode: EXIT.engine, hint: 'run `dflab doctor`' });
  const stepTimes = opts.stepTimes ?? await StepTimes.load();
  const registryDown = await registryAnswers();
  if (registryDown) progress.note(`local registry not answering (${registryDown}): compressed sizes are not measured; run scripts/engine-up.sh`);
  const header: Results = {
    schemaVersion: SCHEMA_VERSION, runId, project: basename(trial.loaded.dir), projectDir: trial.loaded.dir,
    startedAt: opts.resume?.startedAt ?? clock.now().toISOString(), finishedAt: null,
    engine: { docker: engine.docker, buildx: buildx.version, builder: buildx.builder, storageDriver: engine.storageDriver },
    variants: [], recommended: null, selection: recordSelection(opts), dockerfileWarnings: warningRecords(trial.loaded),
  };
  return { trial, runId, outDir, buildArgs, stepTimes, registryDown, header };
}

/**
 * Phases plan and build. prune-requirements decides with the imports seen in the built original, so when it may
 * apply and no evidence is known yet, the original builds first, its image is analyzed, and the variants are
 * planned with that evidence while the original goes on to be measured. Otherwise everything is planned at once.
 */
async function buildAll(loaded: Loaded, runner: VariantRunner, stop: StopPolicy, progress: Progress, prior?: Results): Promise<Planned> {
  const { trial } = loaded;
  const wanted = wantsImportAnalysis(trial.loaded.project, trial.config);
  // minify plans with the original's traced smoke probes; a resumed run does not trace again (minify says why).
  const tracing = wantsMinify(trial.config) && !prior;
  const originalKept = kept(prior, ORIGINAL, []);
  const known = prior?.importAnalysis ?? (wanted && originalKept ? fallback('the run was resumed after the original image was removed') : undefined);
  if ((!wanted || known) && !tracing) {
    const plan = planFor(trial, known);
    if (wanted && known) progress.note(await recordEvidence(known, loaded.outDir));
    const jobs = toRun(plan, prior, runner, progress);
    progress.start(jobs.map((v) => v.name));
    await Promise.all((await prepare(jobs, loaded, stop)).map((job) => runner.run(job)));
    return { plan, evidence: known, wanted };
  }
  progress.start([ORIGINAL]);
  const [original] = await prepare([originalVariant(trial.loaded.project)], loaded, stop);
  const built = original ? await runner.build(original) : null;
  let evidence: ImportAnalysis | undefined = known;
  if (wanted && !known) {
    if (built) {
      progress.phase(ORIGINAL, 'analyzing imports');
      evidence = await analyzeImports(trial.loaded.project, built.job.tag, loaded.runId, stop.signal);
    } else {
      evidence = fallback(stop.reason ? 'the run stopped before the import analysis' : 'the original image did not build');
    }
  }
  let trace: MinifyEvidence | undefined;
  if (tracing) {
    progress.phase(ORIGINAL, 'tracing the smoke test for minify');
    trace = built
      ? await traceForMinify(built.job.tag, loaded.runId, trial.config, stop.signal).catch((e: Error) => ({ ok: false as const, reason: `the tracer could not run: ${e.message}` }))
      : { ok: false, reason: 'the original image did not build' };
  }
  const plan = planFor(trial, evidence, trace);
  if (wanted && evidence && !stop.signal.aborted) progress.note(await recordEvidence(evidence, loaded.outDir));
  const rest = toRun(plan, prior, runner, progress).filter((v) => v.name !== ORIGINAL);
  for (const v of rest) progress.phase(v.name, 'queued');
  const jobs = await prepare(rest, loaded, stop);
  await Promise.all([built ? runner.finish(built) : undefined, ...jobs.map((job) => runner.run(job))]);
  return { plan, evidence, wanted };
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
  await removeRunObjects(loaded.runId, !keepImages)
    .catch((e: Error) => progress.note(`cleanup: ${e.message}; once the engine answers, run \`dflab clean --run ${loaded.runId}\``));
  progress.stop();
}

/** What each remedy actually dropped or added, against the original's final filesystem. */
function withDiffs(variants: VariantResult[], runner: VariantRunner): VariantResult[] {
  const original = runner.inventories.get(ORIGINAL);
  return variants.map((v) => {
    const inventory = runner.inventories.get(v.name);
    return original && inventory && v.name !== ORIGINAL ? { ...v, diff: diffInventories(original, inventory, 10) } : v;
  });
}
