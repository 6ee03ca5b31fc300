// Helpers for the e2e tests on experiments/: run the built CLI on one, read its results, apply a patch.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Results, VariantResult } from '../../src/results.js';

import { root, runCli } from './cli.js';

export { root };

export function experimentDir(name: string): string {
  return join(root, 'experiments', name);
}

export interface DflabRun {
  status: number | null;
  stdout: string;
  stderr: string;
  out: string;
  results: Results;
}

/** `dflab run DIR --out OUT --json …`; results.json as the run wrote it. Async: see helpers/cli.ts. */
export async function dflabRun(dir: string, extra: string[] = [], timeoutMinutes = 20): Promise<DflabRun> {
  const out = join(mkdtempSync(join(tmpdir(), 'dflab-e2e-')), 'out');
  const res = await runCli(['run', dir, '--out', out, '--json', ...extra], { timeoutMinutes });
  let results: Results;
  try {
    results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  } catch (e) {
    throw new Error(`dflab run wrote no results.json (exit ${res.status}): ${res.stderr.slice(-2000)}`, { cause: e });
  }
  return { status: res.status, stdout: res.stdout, stderr: res.stderr, out, results };
}

export function dflabPlan(dir: string, extra: string[] = []) {
  return runCli(['plan', dir, ...extra], { timeoutMinutes: 2 });
}

export function variant(results: Results, name: string): VariantResult {
  const v = results.variants.find((x) => x.name === name);
  if (!v) throw new Error(`no variant ${name} in results (${results.variants.map((x) => x.name).join(', ')})`);
  return v;
}

/** Copies the project, `git apply`s the variant's patch, returns the copy's dir. */
export function applyPatch(project: string, out: string, v: VariantResult): string {
  const copy = mkdtempSync(join(tmpdir(), 'dflab-apply-'));
  cpSync(project, copy, { recursive: true });
  const patch = join(out, v.patch!);
  execFileSync('git', ['apply', '--check', patch], { cwd: copy });
  execFileSync('git', ['apply', patch], { cwd: copy });
  return copy;
}
