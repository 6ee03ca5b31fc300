// Runs the built CLI without blocking the test worker: a spawnSync of a minutes-long run starves vitest's
// worker RPC ("Timeout calling onTaskUpdate"), which fails the whole suite although every test passed.
import { join, resolve } from 'node:path';
import { execa } from 'execa';

export const root = resolve(import.meta.dirname, '../..');
export const cli = join(root, 'dist/cli/main.js');

/** `all`: stdout and stderr interleaved as they were written. */
export interface CliResult { status: number | null; stdout: string; stderr: string; all: string }

export async function runCli(args: string[], opts: { cwd?: string; timeoutMinutes?: number; env?: Record<string, string> } = {}): Promise<CliResult> {
  const res = await execa('node', [cli, ...args], {
    cwd: opts.cwd ?? root, reject: false, all: true, timeout: (opts.timeoutMinutes ?? 20) * 60_000, env: opts.env, stripFinalNewline: false,
  });
  return { status: res.exitCode ?? null, stdout: res.stdout ?? '', stderr: res.stderr ?? '', all: res.all ?? '' };
}
