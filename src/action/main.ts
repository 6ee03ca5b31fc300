#!/usr/bin/env node
// The GitHub Action's entry (action.yml runs dist/action/main.js): `dflab run` on the project, `dflab check` on its
// out dir when thresholds are given, then the step summary, the outputs and the sticky PR comment's body, all from
// results.json read through its schema. Exits with dflab's own code (run first, then check) once everything is written.
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { execa } from 'execa';
import { EXIT, UserError } from '../errors.js';
import { commentMarker, headlineOf, renderFailedRunComment, renderPrComment, type Gate, type PrCommentInput } from '../report/pr-comment.js';
import type { Results } from '../results.js';
import { readResults, RESULTS_FILE } from '../run/results-file.js';
import { formatOutputs, readEvent, runUrl } from './github.js';
import { checkArgs, readInputs, runArgs, type ActionInputs, type ActionOutputs } from './inputs.js';

const CLI = join(import.meta.dirname, '../cli/main.js');
export const COMMENT_FILE = 'pr-comment.md';

async function main(env: NodeJS.ProcessEnv): Promise<number> {
  const given = readInputs(env);
  const inputs = { ...given, outDir: resolve(given.outDir) };
  const help = inputs.budget === null ? '' : (await dflab(['run', '--help'], env, 'pipe')).stdout;
  await freshOutDir(inputs.outDir);
  const run = await dflab(runArgs(inputs, help), env, 'inherit');
  const results = await readResults(inputs.outDir).catch((e: unknown) => {
    console.error(`dflab action: nothing to report: ${e instanceof UserError ? e.describe() : String(e)}`);
    return null;
  });
  const event = readEvent(env['GITHUB_EVENT_PATH'] ? await readOptional(env['GITHUB_EVENT_PATH']) : null, env);
  const artifact = { name: inputs.artifactName, url: runUrl(env) };
  const commentPath = join(inputs.outDir, COMMENT_FILE);
  const common = {
    'report-dir': inputs.outDir, 'comment-path': commentPath, 'comment-marker': commentMarker(inputs.commentKey),
    'pr-number': event.number === null ? '' : String(event.number),
  };
  const none = { recommended: '', 'size-bytes': '', 'saving-percent': '', 'check-passed': '', 'check-report': '' };
  if (!results) {
    const failed = { key: inputs.commentKey, exitCode: run.exitCode, artifact };
    await writeFile(commentPath, renderFailedRunComment(failed));
    await writeGithubFiles(env, renderFailedRunComment({ ...failed, target: 'summary' }), { ...common, ...none });
    return run.exitCode === EXIT.ok ? EXIT.internal : run.exitCode;
  }
  const check = checkArgs(inputs);
  const gate = check ? await runCheck(check, inputs, env) : null;
  const input: PrCommentInput = {
    results, patches: await readPatches(inputs.outDir, results), artifact, key: inputs.commentKey, gate: gate?.gate ?? null, commit: event.sha,
  };
  await writeFile(commentPath, renderPrComment(input));
  const headline = headlineOf(results);
  await writeGithubFiles(env, renderPrComment({ ...input, target: 'summary' }), {
    ...common,
    recommended: headline.recommended ?? '',
    'size-bytes': headline.sizeBytes === null ? '' : String(headline.sizeBytes),
    'saving-percent': headline.savingPercent === null ? '' : String(headline.savingPercent),
    'check-passed': gate?.gate ? String(gate.gate.passed) : '',
    'check-report': gate?.gate ? gate.gate.violations.join('\n') : '',
  });
  return run.exitCode !== EXIT.ok ? run.exitCode : gate?.exitCode ?? EXIT.ok;
}

/** Results are read back from the out dir: one that holds an earlier run's would be reported as this one's. */
async function freshOutDir(outDir: string): Promise<void> {
  if (await readOptional(join(outDir, RESULTS_FILE)) !== null) {
    throw new UserError(`the out dir ${outDir} holds an earlier run's ${RESULTS_FILE}`, { where: 'out-dir', hint: 'leave the out-dir input empty (a fresh dir under $RUNNER_TEMP) or name an empty one' });
  }
  await mkdir(outDir, { recursive: true });
}

/** The built CLI beside this file; `inherit` streams its progress into the job's log. */
async function dflab(args: string[], env: NodeJS.ProcessEnv, stdio: 'inherit' | 'pipe'): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  const res = await execa('node', [CLI, ...args], { env: { ...env, CI: 'true' }, reject: false, stdin: 'ignore', stdout: stdio, stderr: stdio });
  return { exitCode: res.exitCode ?? EXIT.internal, stdout: typeof res.stdout === 'string' ? res.stdout : '', stderr: typeof res.stderr === 'string' ? res.stderr : '' };
}

/** `dflab check OUT --json`: the gate's verdict, or null (with its error in the log) when check itself failed. */
async function runCheck(args: string[], inputs: ActionInputs, env: NodeJS.ProcessEnv): Promise<{ gate: Gate | null; exitCode: number }> {
  const res = await dflab(args, env, 'pipe');
  if (res.exitCode !== EXIT.ok && res.exitCode !== EXIT.checkFailed) {
    process.stderr.write(res.stderr);
    return { gate: null, exitCode: res.exitCode };
  }
  const report = JSON.parse(res.stdout) as { ok: boolean; violations: string[] };
  process.stdout.write(`dflab check: ${report.ok ? 'every threshold holds' : report.violations.join('; ')}\n`);
  return { gate: { variant: inputs.checkVariant, passed: report.ok, violations: report.violations }, exitCode: res.exitCode };
}

/** Each variant's patch as the run wrote it (OUT/patches/<name>.patch). */
async function readPatches(outDir: string, results: Results): Promise<Record<string, string>> {
  const patches: Record<string, string> = {};
  for (const v of results.variants) {
    const text = v.patch ? await readOptional(join(outDir, v.patch)) : null;
    if (text !== null) patches[v.name] = text;
  }
  return patches;
}

async function writeGithubFiles(env: NodeJS.ProcessEnv, summary: string, outputs: ActionOutputs): Promise<void> {
  if (env['GITHUB_STEP_SUMMARY']) await appendFile(env['GITHUB_STEP_SUMMARY'], summary);
  if (env['GITHUB_OUTPUT']) await appendFile(env['GITHUB_OUTPUT'], formatOutputs(outputs));
  else process.stdout.write(formatOutputs(outputs));
}

async function readOptional(path: string): Promise<string | null> {
  return readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return null;
    throw e;
  });
}

try {
  process.exitCode = await main(process.env);
} catch (e) {
  if (e instanceof UserError) {
    console.error(`dflab action: ${e.describe()}`);
    process.exitCode = e.exitCode;
  } else {
    console.error('dflab action: internal error (a bug; please report it with the lines below)');
    console.error(e instanceof Error ? e.stack ?? e.message : e);
    process.exitCode = EXIT.internal;
  }
}
