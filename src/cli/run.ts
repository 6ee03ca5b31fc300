// `dflab run`: progress on stderr, results on stdout with --json; SIGINT/SIGTERM stop cleanly with 130.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UserError } from '../errors.js';
import type { Objective } from '../rank/index.js';
import type { Results } from '../results.js';
import { ExitCode } from '../errors.js';
import { plainProgress, silentProgress, ttyProgress } from '../run/progress.js';
import { runTrial, type Selection } from '../run/trial.js';
import { rankingTable } from './ranking-table.js';

export interface RunFlags extends Selection { objective?: Objective; resume?: string; out?: string; keepImages?: boolean; builder?: string; exactCold?: boolean; concurrency?: number; json?: boolean; quiet?: boolean }

async function readPriorRun(outDir: string): Promise<Results> {
  const file = join(resolve(outDir), 'results.json');
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UserError(`nothing to resume: no results.json in ${outDir}`, { hint: 'pass the out dir of an interrupted `dflab run`' });
  });
  const prior = JSON.parse(text) as Results;
  if (!prior.projectDir) throw new UserError(`${file} does not say which project it was run on`, { hint: 'start a new run instead' });
  return prior;
}

export async function runCommand(dir: string, flags: RunFlags): Promise<number> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted); // second signal: stop now
    process.stderr.write(`\ndflab: ${sig} received: cancelling builds, removing containers, writing partial results…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const progress = flags.quiet || flags.json ? silentProgress
    : process.stderr.isTTY && !process.env['CI'] ? ttyProgress(process.stderr) : plainProgress((s) => process.stderr.write(s));
  const resume = flags.resume ? await readPriorRun(flags.resume) : undefined;
  try {
    const { results, outDir, interrupted, engineLost } = await runTrial({
      dir: resume?.projectDir ?? dir, selection: { rules: flags.rules, skipRules: flags.skipRules, bases: flags.bases, target: flags.target }, outDir: flags.resume ?? flags.out, resume, keepImages: flags.keepImages, builder: flags.builder, exactCold: flags.exactCold, concurrency: flags.concurrency, objective: flags.objective, signal: controller.signal, progress });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      const rec = results.recommended ? `recommended: ${results.recommended} (*)` : 'no variant is recommended over the original';
      console.log(`${rankingTable(results)}\n\n${rec}\nreport: ${join(outDir, 'report.md')} (and report.html)\nresults: ${join(outDir, 'results.json')}`);
    }
    if (engineLost) {
      throw new UserError(`the Docker engine stopped answering during run ${results.runId} (${engineLost}); partial results are in ${join(outDir, 'results.json')}`, {
        exitCode: ExitCode.engineUnavailable,
        hint: `start the engine again (scripts/engine-up.sh), then remove what the run left with \`dflab clean --run ${results.runId}\` and finish it with \`dflab run --resume ${outDir}\``,
      });
    }
    return interrupted ? ExitCode.interrupted : ExitCode.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
