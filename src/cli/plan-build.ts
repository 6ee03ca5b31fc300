// `dflab plan --build [DIR]`: builds the original through the engine adapter (labelled `dflab.run=<id>`, as a run's
// images are), predicts every variant against it as `plan --image` does, and removes what the build left unless
// --keep-images. Progress goes to stderr so stdout stays the prediction (text or --json).
import { join } from 'node:path';
import { redactSecrets, resolveBuildArgs } from '../config/index.js';
import { requireEngine } from '../engine/availability.js';
import { buildImage } from '../engine/buildx.js';
import { removeRunObjects } from '../engine/docker.js';
import { EXIT, UserError } from '../errors.js';
import type { Plan } from '../plan/index.js';
import { newRunId } from '../run/ids.js';
import { prepareJob } from '../run/jobs.js';
import type { LoadedTrial } from '../run/selection.js';
import { stopWhenOutputCloses } from './output-closed.js';
import { predictPlan, type ImagePrediction, type PlanObjective } from './plan-image.js';

export interface PlanBuildOptions { outDir: string; objective: PlanObjective; keepImages?: boolean; builder?: string; log?: (line: string) => void }
/** What `plan --build` adds to `plan --image`'s answer: the build it made. */
export interface BuiltOriginal { runId: string; tag: string; seconds: number; kept: boolean; logFile: string }

export async function planWithBuild(trial: LoadedTrial & { plan: Plan }, opts: PlanBuildOptions): Promise<ImagePrediction & { built: BuiltOriginal }> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const original = trial.plan.variants.find((v) => v.rules.length === 0 && !v.base);
  if (!original) throw new Error('the plan has no original variant'); // the planner always plans it
  await requireEngine();
  const buildArgs = resolveBuildArgs(trial.config, process.env);
  const runId = newRunId();
  const job = await prepareJob(original, trial.loaded, opts.outDir, runId);
  const controller = new AbortController();
  const onSignal = () => { log('dflab: interrupted: stopping the build, removing its image…'); controller.abort(); };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopOnClosedOutput = stopWhenOutputCloses(() => controller.abort());
  try {
    log(`building the original (run ${runId}) …`);
    const kind = 'plan-build';
    const result = await buildImage({
      contextDir: job.contextDir, dockerfile: job.dockerfileAbs, tag: job.tag, runId, buildArgs: buildArgs.args,
      logFile: join(opts.outDir, 'logs', `${job.name}.${kind}.rawjson`), metadataFile: join(opts.outDir, 'logs', `${job.name}.${kind}.metadata.json`),
      builder: opts.builder, networkHost: true, signal: controller.signal, ...(job.target ? { target: job.target } : {}),
      onStep: (step) => log(`  ${step}`),
      ...(buildArgs.secretValues.length ? { redact: (text: string) => redactSecrets(text, buildArgs.secretValues) } : {}),
    });
    if (controller.signal.aborted) throw new UserError('interrupted while building the original', { exitCode: EXIT.interrupted });
    if (!result.ok) {
      const tail = result.logTail.slice(-10).map((l) => `  ${l}`).join('\n');
      throw new UserError(`the original did not build${result.step ? ` at ${result.step}` : ''}: ${result.message}${tail ? `\n${tail}` : ''}`, {
        exitCode: EXIT.checkFailed, hint: `the full build log is ${result.logFile}`,
      });
    }
    log(`built ${job.tag} in ${result.seconds.toFixed(1)} s; reading its layers …`);
    const predicted = await predictPlan(job.tag, trial, opts.objective);
    return { ...predicted, built: { runId, tag: job.tag, seconds: result.seconds, kept: opts.keepImages === true, logFile: result.logFile } };
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    const removed = await removeRunObjects(runId, opts.keepImages !== true).catch(() => null);
    if (opts.keepImages) log(`kept ${job.tag} (remove it with \`dflab clean --run ${runId}\`)`);
    else log(removed ? `removed the original's image (run ${runId})` : `could not remove run ${runId}'s objects: \`dflab clean --run ${runId}\``);
    stopOnClosedOutput();
  }
}
