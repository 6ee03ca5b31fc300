// The GitHub Action's entry script (dist/action/main.js, what action.yml runs) on a real small run on the engine,
// with $GITHUB_STEP_SUMMARY, $GITHUB_OUTPUT and $GITHUB_EVENT_PATH pointing at temp files as a runner sets them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseOutputs } from '../../src/action/github.js';
import { ACTION_OUTPUTS } from '../../src/action/inputs.js';
import { GITHUB_COMMENT_LIMIT, headlineOf } from '../../src/report/pr-comment.js';
import type { Results } from '../../src/results.js';
import { readResults } from '../../src/run/results-file.js';
import { root } from '../helpers/cli.js';
import { imagesWithLabel } from '../helpers/engine.js';
import { splitFences } from '../unit/report/markdown-structure.js';

const entry = join(root, 'dist/action/main.js');
const HEAD = '0123456789abcdef0123456789abcdef01234567';

/** A runner's view of one step: its files in a fresh temp dir, the inputs as action.yml maps them. */
function runnerEnv(inputs: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-action-'));
  const files = { summary: join(dir, 'summary.md'), output: join(dir, 'output.txt'), event: join(dir, 'event.json'), temp: join(dir, 'runner-temp') };
  mkdirSync(files.temp);
  writeFileSync(files.event, JSON.stringify({ action: 'synchronize', pull_request: { number: 42, head: { sha: HEAD } } }));
  writeFileSync(files.output, 'earlier=kept\n'); // another step's output: appended to, never replaced
  const env = {
    ...process.env, GITHUB_STEP_SUMMARY: files.summary, GITHUB_OUTPUT: files.output, GITHUB_EVENT_PATH: files.event, RUNNER_TEMP: files.temp,
    GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/app', GITHUB_RUN_ID: '7', GITHUB_SHA: 'f'.repeat(40),
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.toUpperCase().replace(/-/g, '_')}`, v])),
  };
  return { files, run: () => execa('node', [entry], { cwd: root, env, reject: false, all: true }) };
}

describe('the action entry on experiments/hello-py', () => {
  // max-size 1B: no image passes it, so the gate's failure path runs for certain; min-efficiency 0 always holds.
  const step = runnerEnv({ project: 'experiments/hello-py', rules: 'base-slim', 'max-size': '1B', 'min-efficiency': '0' });
  let res: Awaited<ReturnType<typeof step.run>>;
  let outputs: Record<string, string>;
  let results: Results;

  beforeAll(async () => {
    res = await step.run();
    outputs = parseOutputs(readFileSync(step.files.output, 'utf8'));
    results = await readResults(outputs['report-dir']!);
  });

  it('runs dflab, then fails the step with check\'s exit code 1 once everything is written', () => {
    expect(res.exitCode, res.all).toBe(1);
    expect(res.all).toMatch(/run \S+: out dir .*dflab-out/); // dflab run's progress, streamed into the job's log
    expect(res.all).toMatch(/dflab check: size .* exceeds 1 B/);
    expect(results.variants.map((v) => v.name).sort()).toEqual(['base-slim', 'original']);
    expect(results.variants.every((v) => v.outcome === 'ok')).toBe(true);
  });

  it('sets every output action.yml declares, from the run\'s results.json', () => {
    expect(outputs['earlier']).toBe('kept');
    expect(Object.keys(outputs).filter((k) => k !== 'earlier').sort()).toEqual([...ACTION_OUTPUTS].sort());
    const headline = headlineOf(results);
    expect(headline.recommended).toBe('base-slim');
    expect(outputs).toMatchObject({
      recommended: 'base-slim', 'size-bytes': String(headline.sizeBytes), 'saving-percent': String(headline.savingPercent),
      'report-dir': join(step.files.temp, 'dflab-out'), 'comment-path': join(step.files.temp, 'dflab-out', 'pr-comment.md'),
      'comment-marker': '<!-- dflab:sticky -->', 'pr-number': '42', 'check-passed': 'false',
    });
    expect(Number(outputs['saving-percent'])).toBeGreaterThan(0);
    expect(outputs['check-report']).toMatch(/^size .* exceeds 1 B/);
    expect(outputs['check-report']).not.toContain('efficiency');
  });

  it('writes the comment body: marker, recommendation, a row per variant, the patch, the gate, within the limit', () => {
    const comment = readFileSync(outputs['comment-path']!, 'utf8');
    expect(comment.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(comment.startsWith('<!-- dflab:sticky -->\n')).toBe(true);
    expect(comment).toMatch(/### dflab on hello-py: `base-slim` saves [\d.]+ MB \(−\d+%\)/);
    expect(comment).toMatch(/\| ⭐ \| `base-slim` \| [\d.]+ MB \(−[\d.]+ MB\) \|/);
    expect(comment).toMatch(/\| 2 \| `original` \| [\d.]+ MB \|/);
    expect(comment).toContain('**dflab check** on `original`: ❌ failed');
    const diffs = splitFences(comment).blocks.filter((b) => b.info === 'diff');
    expect(diffs.map((d) => d.content)).toEqual([readFileSync(join(outputs['report-dir']!, 'patches/base-slim.patch'), 'utf8')]);
    expect(comment).toContain('on `0123456789ab`');
    expect(comment).toContain('[the `dflab-report` artifact](https://github.com/acme/app/actions/runs/7)');
  });

  it('writes the same Markdown to the step summary, without the marker', () => {
    const summary = readFileSync(step.files.summary, 'utf8');
    expect(summary.startsWith('### dflab on hello-py: `base-slim` saves')).toBe(true);
    expect(summary).not.toContain('<!--');
  });

  it('leaves no image with the run\'s label', () => {
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});

// When dflab run gains --budget the input passes through instead (test/unit/action covers both sides).
const runHasBudget = /^\s*(-\w, )?--budget\b/m.test(execFileSync('node', [join(root, 'dist/cli/main.js'), 'run', '--help'], { encoding: 'utf8' }));

describe('the action entry without a run to report', () => {
  it.skipIf(runHasBudget)('a budget this dflab cannot honour (dflab run --help lists no --budget): exit 2, said plainly', async () => {
    const step = runnerEnv({ project: 'experiments/hello-py', budget: '10m' });
    const res = await step.run();
    expect(res.exitCode).toBe(2);
    expect(res.all).toContain('the budget input (10m) is set, but this dflab\'s `run` has no --budget flag');
    expect(existsSync(join(step.files.temp, 'dflab-out', 'results.json'))).toBe(false);
  });

  it('an out dir that holds an earlier run\'s results.json: exit 2, so stale results are never reported', async () => {
    const step = runnerEnv({ project: 'experiments/hello-py' });
    mkdirSync(join(step.files.temp, 'dflab-out'));
    writeFileSync(join(step.files.temp, 'dflab-out', 'results.json'), '{}');
    const res = await step.run();
    expect(res.exitCode).toBe(2);
    expect(res.all).toMatch(/holds an earlier run's results\.json/);
  });

  it('a run that fails before measuring (no Dockerfile): its exit code, and a comment and outputs that say so', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dflab-action-empty-'));
    const step = runnerEnv({ project: empty, 'comment-key': 'empty' });
    const res = await step.run();
    expect(res.exitCode).toBe(2);
    expect(res.all).toMatch(/dflab: .*Dockerfile/); // dflab run's own error, in the job's log
    const outputs = parseOutputs(readFileSync(step.files.output, 'utf8'));
    expect(outputs).toMatchObject({ recommended: '', 'size-bytes': '', 'comment-marker': '<!-- dflab:sticky:empty -->', 'pr-number': '42' });
    const comment = readFileSync(outputs['comment-path']!, 'utf8');
    expect(comment.startsWith('<!-- dflab:sticky:empty -->\n')).toBe(true);
    expect(comment).toContain('the run failed (exit code 2) before it measured anything');
    expect(readFileSync(step.files.summary, 'utf8')).toContain('exit code 2');
  });
});
