// `dflab run`: progress on stderr, results on stdout with --json; SIGINT/SIGTERM stop cleanly with 130. A run whose
// original or every variant failed, or whose report did not render, says so first and exits 1.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { projectArgument } from '../context/locate.js';
import { EXIT, UserError, type ExitCodeValue } from '../errors.js';
import type { Objective } from '../rank/index.js';
import { ORIGINAL, type Results } from '../results.js';
import { plainProgress, silentProgress, ttyProgress, type Progress } from '../run/progress.js';
import { readResults, RESULTS_FILE } from '../run/results-file.js';
import { restoreSelection, type Choices, type Selection } from '../run/selection.js';
import { runTrial, type TrialOutcome } from '../run/trial.js';
import { describeVerdict } from '../run/verdict.js';
import { rankingTable } from './ranking-table.js';

export interface RunFlags extends Selection { objective?: Objective; resume?: string; out?: string; keepImages?: boolean; builder?: string; exactCold?: boolean; repeat?: number; concurrency?: number; json?: boolean; quiet?: boolean }

/** Flags that choose what a run does: `--resume` restores the first run's, so none may be given with it. */
const FIXED_ON_RESUME = { out: '--out', file: '-f', service: '--service', rules: '--rules', skipRules: '--skip-rules', bases: '--bases', objective: '--objective', exactCold: '--exact-cold', repeat: '--repeat' } as const;

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
  const progress = progressFor(flags);
  const choices: Choices = resume ? restoreSelection(resume.selection) : { selection: { rules: flags.rules, skipRules: flags.skipRules, bases: flags.bases, target: flags.target, file: arg?.file, service: flags.service }, objective: flags.objective, exactCold: flags.exactCold, repeat: flags.repeat };
  if (resume && !resume.selection) progress.note('the run being resumed did not record its --rules/--bases/--objective choices: dflab.yaml\'s apply');
  try {
    const outcome = await runTrial({
      ...choices, dir: resume?.projectDir ?? dir ?? '.', outDir: flags.resume ?? flags.out, resume, keepImages: flags.keepImages,
      builder: flags.builder, concurrency: flags.concurrency, signal: controller.signal, progress,
    });
    return report(outcome, flags.json ?? false);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
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
    console.log(`${rankingTable(results)}\n\n${rec}\n${files}results: ${resultsPath}`);
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

/**
 * The one command that applies the recommended variant, runnable from the current directory. Patch paths are
 * relative to the project dir; inside a git repository `git apply` reads them from the repository's top and
 * silently skips what lies elsewhere, so a project below the top needs `--directory=<its path from the top>`.
 */
export function applyLine(results: Results, outDir: string, cwd = process.cwd(), repoTop = gitTop(results.projectDir)): string {
  if (!results.recommended || results.recommended === ORIGINAL || !results.projectDir) return '';
  const patch = relative(results.projectDir, join(outDir, 'patches', 'recommended.patch'));
  const project = relative(cwd, results.projectDir);
  const prefix = repoTop === null ? '' : relative(repoTop, results.projectDir).split(sep).join('/');
  const quote = (p: string) => (/[\s'"$`\\]/.test(p) ? `'${p.replace(/'/g, "'\\''")}'` : p);
  const parts = ['git', ...(project === '' ? [] : ['-C', quote(project)]), 'apply', ...(prefix === '' ? [] : [`--directory=${quote(prefix)}`]), quote(patch)];
  return `\napply it: ${parts.join(' ')}`;
}

/** The top of the git work tree holding `dir` (a `.git` dir or file), or null. */
function gitTop(dir: string | undefined): string | null {
  for (let d = dir ? resolve(dir) : null; d !== null; d = dirname(d) === d ? null : dirname(d)) {
    if (existsSync(join(d, '.git'))) return d;
  }
  return null;
}
