// `dflab run`: progress on stderr, results on stdout with --json; SIGINT/SIGTERM stop cleanly with 130. A run whose
// original or every variant failed, or whose report did not render, says so first and exits 1.
import { join, resolve } from 'node:path';
import { projectArgument } from '../context/locate.js';
import { EXIT, UserError, type ExitCodeValue } from '../errors.js';
import type { Objective } from '../rank/index.js';
import { ORIGINAL, type Results } from '../results.js';
import { plainProgress, silentProgress, ttyProgress, type Progress } from '../run/progress.js';
import { readResults, RESULTS_FILE } from '../run/results-file.js';
import { gitTop } from '../run/git-top.js';
import { applyCommand } from '../report/apply-command.js';
import { restoreSelection, type Choices, type Selection } from '../run/selection.js';
import { runTrial, type TrialOutcome } from '../run/trial.js';
import { describeVerdict } from '../run/verdict.js';
import { legendLines } from '../report/labels.js';
import { stopWhenOutputCloses } from './output-closed.js';
import { warningLines } from './plan.js';
import { rankingTable } from './ranking-table.js';

export interface RunFlags extends Selection { objective?: Objective; resume?: string; out?: string; keepImages?: boolean; builder?: string; exactCold?: boolean; repeat?: number; concurrency?: number; buildsAlone?: boolean; json?: boolean; quiet?: boolean; budget?: number; prove?: number; zstd?: boolean }

/** Flags that choose what a run does: `--resume` restores the first run's, so none may be given with it. */
const FIXED_ON_RESUME = { out: '--out', file: '-f', service: '--service', rules: '--rules', skipRules: '--skip-rules', bases: '--bases', objective: '--objective', exactCold: '--exact-cold', repeat: '--repeat', budget: '--budget', prove: '--prove', zstd: '--zstd' } as const;

/** `dir` is undefined when the command line gives none. */
export async function runCommand(dirArg: string | undefined, flags: RunFlags): Promise<number> {
  const arg = dirArg === undefined && flags.resume ? undefined : await projectArgument(dirArg ?? '.', flags.file);
  const dir = dirArg === undefined ? undefined : arg?.dir;
  const resume = flags.resume ? await readPriorRun(flags.resume, dir, flags) : undefined;
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted); // second signal: stop now
    process.stderr.write(`\ndflab: ${sig} received: cancelling builds, removing containers, writing partial results…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const stopOnClosedOutput = stopWhenOutputCloses(() => controller.abort());
  const progress = progressFor(flags);
  const choices: Choices = resume ? restoreSelection(resume.selection) : { selection: { rules: flags.rules, skipRules: flags.skipRules, bases: flags.bases, target: flags.target, file: arg?.file, service: flags.service }, objective: flags.objective, exactCold: flags.exactCold, repeat: flags.repeat, budgetSeconds: flags.budget, prove: flags.prove, zstd: flags.zstd };
  if (resume && !resume.selection) progress.note('the run being resumed did not record its --rules/--bases/--objective choices: dflab.yaml\'s apply');
  try {
    const outcome = await runTrial({
      ...choices, dir: resume?.projectDir ?? dir ?? '.', outDir: flags.resume ?? flags.out, resume, keepImages: flags.keepImages,
      builder: flags.builder, concurrency: flags.concurrency, buildsAlone: flags.buildsAlone, signal: controller.signal, progress,
      // Before anything builds, what `dflab plan` warns about too (file:line, BuildKit's wording).
      onBuildChecks: flags.quiet ? undefined : (loaded, warnings) => { for (const l of warningLines(loaded, warnings)) process.stderr.write(`${l}\n`); },
    });
    return report(outcome, flags.json ?? false);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stopOnClosedOutput();
  }
}

async function readPriorRun(outDir: string, dir: string | undefined, flags: RunFlags): Promise<Results> {
  const given = Object.entries(FIXED_ON_RESUME).filter(([key]) => flags[key as keyof typeof FIXED_ON_RESUME] !== undefined).map(([, flag]) => flag);
  if (given.length > 0) {
    throw new UserError(`${given.join(', ')} cannot be given with --resume: the run resumes in its own out dir with the choices it recorded`, {
      hint: 'drop them, or start a new run with the choices you want',
    });
  }
  const prior = await readResults(outDir);
  if (!prior.projectDir) throw new UserError('it does not say which project it was run on', { where: join(outDir, RESULTS_FILE), hint: 'start a new run instead' });
  if (dir !== undefined && resolve(dir) !== prior.projectDir) {
    throw new UserError(`the run in ${outDir} was on ${prior.projectDir}, not ${resolve(dir)}`, { hint: 'leave DIR out with --resume: the run goes back to its own project' });
  }
  return prior;
}

function progressFor(flags: RunFlags): Progress {
  if (flags.quiet || flags.json) return silentProgress;
  return process.stderr.isTTY && !process.env['CI'] ? ttyProgress(process.stderr) : plainProgress((s) => process.stderr.write(s));
}

/** Prints what the run found (failures first, on stderr) and returns the exit code. */
function report({ results, outDir, interrupted, engineLost, reportError, verdict }: TrialOutcome, json: boolean): ExitCodeValue {
  const stopped = interrupted || engineLost !== null;
  const failure = stopped ? null : describeVerdict(verdict);
  if (failure) console.error(`dflab: ${failure}`);
  const resultsPath = join(outDir, RESULTS_FILE);
  if (json) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } else {
    const rec = results.recommended ? `recommended: ${results.recommended} (*)${applyLine(results, outDir)}` : 'no variant is recommended over the original';
    const files = reportError ? '' : `report: ${join(outDir, 'report.md')} (and report.html)\n`;
    const legend = legendLines(results).map((l) => `${l}\n`).join('');
    console.log(`${rankingTable(results)}\n${legend ? `\n${legend}` : ''}\n${rec}\n${files}results: ${resultsPath}`);
  }
  if (reportError) console.error(`dflab: the report could not be rendered (${reportError}); the measurements are in ${resultsPath}`);
  if (engineLost) {
    throw new UserError(`the Docker engine stopped answering during run ${results.runId} (${engineLost}); partial results are in ${resultsPath}`, {
      exitCode: EXIT.engine,
      hint: `start the engine again (scripts/engine-up.sh), then remove what the run left with \`dflab clean --run ${results.runId}\` and finish it with \`dflab run --resume ${outDir}\``,
    });
  }
  if (interrupted) return EXIT.interrupted;
  return failure || reportError ? EXIT.checkFailed : EXIT.ok;
}

/** `apply it: <command>` after a newline, runnable from `cwd`; nothing when the original is recommended. */
export function applyLine(results: Results, outDir: string, cwd = process.cwd(), repoTop = gitTop(results.projectDir)): string {
  if (!results.recommended || results.recommended === ORIGINAL || !results.projectDir) return '';
  return `\napply it: ${applyCommand({ projectDir: results.projectDir, outDir: resolve(outDir), cwd, repoTop })}`;
}
