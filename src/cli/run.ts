// `dflab run`: progress on stderr, results on stdout with --json; SIGINT/SIGTERM stop cleanly with 130.
import { join } from 'node:path';
import { ExitCode } from '../errors.js';
import { runTrial } from '../run/trial.js';

export interface RunFlags { out?: string; keepImages?: boolean; builder?: string; exactCold?: boolean; concurrency?: number; json?: boolean; quiet?: boolean }

export async function runCommand(dir: string, flags: RunFlags): Promise<number> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(ExitCode.interrupted); // second signal: stop now
    process.stderr.write(`\ndflab: ${sig} received: cancelling builds, removing containers, writing partial results…\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const log = flags.quiet || flags.json ? undefined : (line: string) => process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
  try {
    const { results, outDir, interrupted } = await runTrial({ dir, outDir: flags.out, keepImages: flags.keepImages, builder: flags.builder, exactCold: flags.exactCold, concurrency: flags.concurrency, signal: controller.signal, log });
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    } else {
      const rec = results.recommended ? `recommended: ${results.recommended}` : 'no variant is recommended over the original';
      console.log(`${rec}\nreport: ${join(outDir, 'report.md')}\nresults: ${join(outDir, 'results.json')}`);
    }
    return interrupted ? ExitCode.interrupted : ExitCode.ok;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
