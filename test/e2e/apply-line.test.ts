// End to end: `dflab run` on a project that is a subdirectory of a git repository, whose Dockerfile has an empty
// continuation line. The run warns about that line before it builds (file:line, BuildKit's wording), ends with the
// command that applies the recommended variant — which, run as printed from where dflab ran, turns the project's
// Dockerfile into the variant's — and the report's top block gives the same command for the project root.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsSchema, type Results } from '../../src/results.js';
import { root, runCli, type CliResult } from '../helpers/cli.js';

const DOCKERFILE = [
  'FROM python:3.13',
  '',
  'WORKDIR /app',
  'COPY greet.py app.py ./',
  'RUN python -m compileall \\',
  '',
  '    -q /app',
  '',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

describe('dflab run in a project below the top of a git repository', () => {
  const top = mkdtempSync(join(tmpdir(), 'dflab-apply-e2e-'));
  const project = join(top, 'services', 'app');
  let run: CliResult;
  let results: Results;
  let out: string;

  beforeAll(async () => {
    mkdirSync(project, { recursive: true });
    cpSync(join(root, 'experiments/hello-py'), project, { recursive: true });
    writeFileSync(join(project, 'Dockerfile'), DOCKERFILE);
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: top });
    git('init', '-q');
    git('add', '.');
    git('commit', '-qm', 'the project as it is');
    run = await runCli(['run', 'services/app', '--rules', 'base-slim'], { cwd: top });
    out = /^results: (.+)\/results\.json$/m.exec(run.stdout)?.[1] ?? '';
    results = resultsSchema.parse(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))) as Results;
  });

  it('warns about the empty continuation line before it builds, as dflab plan does, and records it', () => {
    expect(run.status, run.all).toBe(0);
    const warning = 'services/app/Dockerfile:6: warning: NoEmptyContinuation: Empty continuation line (the RUN on line 5 continues past it; empty continuation lines will become errors in a future release)';
    expect(run.stderr).toContain(warning);
    // Before anything builds: ahead of the progress line that lists the variants it starts.
    const started = run.stderr.search(/ variants: original/);
    expect(started).toBeGreaterThan(-1);
    expect(run.stderr.indexOf(warning)).toBeLessThan(started);
    expect(results.dockerfileWarnings).toEqual([{ file: 'Dockerfile', line: 6, code: 'NoEmptyContinuation', message: expect.stringContaining('Empty continuation line') }]);
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('- `Dockerfile:6`: NoEmptyContinuation: Empty continuation line');
  });

  it('ends with an apply line that, run where dflab ran, makes the Dockerfile the recommended variant\'s', () => {
    expect(results.recommended).toBe('base-slim');
    const line = /^apply it: (.+)$/m.exec(run.stdout)?.[1];
    expect(line).toBe(`git -C services/app apply --directory=services/app .dflab/${results.runId}/patches/recommended.patch`);
    const applied = spawnSync('sh', ['-c', line!], { cwd: top, encoding: 'utf8' });
    expect(applied.status, applied.stderr).toBe(0);
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(out, 'variants/base-slim/Dockerfile'), 'utf8'));
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toContain('FROM python:3.13-slim\n');
  });

  it('says the same command, relative to the project root, in the report\'s top block', () => {
    execFileSync('git', ['checkout', '--', 'services/app/Dockerfile'], { cwd: top });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    const command = /^- Apply it at the project root: `(.+)`$/m.exec(report)?.[1];
    expect(command).toBe(`git apply --directory=services/app .dflab/${results.runId}/patches/recommended.patch`);
    const applied = spawnSync('sh', ['-c', command!], { cwd: project, encoding: 'utf8' });
    expect(applied.status, applied.stderr).toBe(0);
    expect(readFileSync(join(project, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(out, 'variants/base-slim/Dockerfile'), 'utf8'));
    expect(report).toContain('- Size: ');
    expect(report).toContain('- Rules: base-slim');
    expect(report).toContain('  - the base is python:3.13-slim');
  });
});
