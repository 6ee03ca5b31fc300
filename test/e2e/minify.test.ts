// End to end, minify on the real engine: a Flask app's smoke probes traced in the built original (inside
// containers), the variant FROM scratch with only what they touched, proven by the same probes. A file read only
// on a second endpoint is missing with one probe, and kept when a second probe names that endpoint or minify.keep
// names the file. minify on top: the recommended variant's own image traced, `<variant>+minify` built and proven.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';
import { dflabRun, root, variant, type DflabRun } from '../helpers/experiments.js';

const FIXTURE = join(root, 'test/fixtures/engine/minify-flask');

function keepList(run: DflabRun, name = 'minify'): string[] {
  const patch = readFileSync(join(run.out, 'patches', `${name}.patch`), 'utf8');
  const at = patch.indexOf('+++ b/.dflab-minify.keep');
  return patch.slice(at).split('\n').filter((l) => l.startsWith('+') && !l.startsWith('+++')).map((l) => l.slice(1));
}

function expectCleanedUp(run: DflabRun): void {
  expect(containersWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
  expect(imagesWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
}

describe('minify on the real engine', () => {
  it('one probe: the minified Flask app passes it, a fraction of the size; the file only /report reads is not kept', async () => {
    const run = await dflabRun(FIXTURE, ['--rules', 'minify'], 15);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const v = variant(run.results, 'minify');
    expect(v.outcome, v.error ?? '').toBe('ok');
    expect(v.smoke?.passed).toBe(true);
    expect(v.sizeBytes!).toBeLessThan(0.5 * variant(run.results, 'original').sizeBytes!);
    const keep = keepList(run);
    expect(keep).toEqual(expect.arrayContaining(['app/app.py', 'usr/bin/python3.13']));
    expect(keep).not.toContain('app/report.txt');
    // python:3.13-slim has a shell and GNU tar: the pick stage runs on the built stage itself, no bind mount of it.
    const text = readFileSync(join(run.out, 'variants', 'minify', 'Dockerfile'), 'utf8');
    expect(text).toContain('\nFROM dflab-minify-src AS dflab-minify-pick\nUSER 0\nWORKDIR /dflab-minify\n');
    expect(text).toMatch(/\nFROM scratch\nCOPY --from=dflab-minify-pick \/dflab-minify\/ \/\n/);
    expect(keep).not.toContain('etc/resolv.conf'); // the builder's, in a RUN on the stage: never copied
    expectCleanedUp(run);
  });

  it('a second probe on /report: the file it reads is kept, and both probes pass on the minified image', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dflab-minify-')), 'app');
    cpSync(FIXTURE, dir, { recursive: true });
    writeFileSync(join(dir, 'dflab.yaml'), [
      'smoke:',
      '  - http: {port: 8000, path: /health, expectBody: "^ok$"}',
      '    timeoutSeconds: 90',
      '  - http: {port: 8000, path: /report, expectBody: "all green"}',
      '    timeoutSeconds: 90',
      '',
    ].join('\n'));
    const run = await dflabRun(dir, ['--rules', 'minify'], 15);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const v = variant(run.results, 'minify');
    expect(v.outcome, v.error ?? '').toBe('ok');
    expect(keepList(run)).toContain('app/report.txt');
    expectCleanedUp(run);
  });

  it('minify.keep keeps the file with one probe; minify goes on top of the recommended variant, traced in its own image', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'dflab-minify-')), 'app');
    cpSync(FIXTURE, dir, { recursive: true });
    // Recommends and apt lists left in: apt-hygiene beats the original, so it is what minify goes on top of.
    const dockerfile = readFileSync(join(dir, 'Dockerfile'), 'utf8');
    writeFileSync(join(dir, 'Dockerfile'), dockerfile.replace(' --no-install-recommends', '').replace(' \\\n && rm -rf /var/lib/apt/lists/*', ''));
    writeFileSync(join(dir, 'dflab.yaml'), [
      'smoke:',
      '  http: {port: 8000, path: /health, expectBody: "^ok$"}',
      '  timeoutSeconds: 90',
      'minify: {keep: [/app/report.txt]}',
      '',
    ].join('\n'));
    const run = await dflabRun(dir, ['--rules', 'minify,apt-hygiene'], 20);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(keepList(run)).toContain('app/report.txt');
    const hygiene = variant(run.results, 'apt-hygiene');
    expect(hygiene.outcome, hygiene.error ?? '').toBe('ok');
    expect(hygiene.sizeBytes!).toBeLessThan(variant(run.results, 'original').sizeBytes!);
    const onTop = variant(run.results, 'apt-hygiene+minify');
    expect(onTop.outcome, onTop.error ?? '').toBe('ok');
    expect(onTop.rules).toEqual(['apt-hygiene', 'minify']);
    expect(onTop.smoke?.passed).toBe(true);
    expect(onTop.sizeBytes!).toBeLessThan(0.5 * hygiene.sizeBytes!);
    expect(onTop.unpredicted?.code).toBe('planned-after-builds');
    expect(onTop.compressedBytes).not.toBeNull();
    expect(keepList(run, 'apt-hygiene+minify')).toContain('app/report.txt');
    const text = readFileSync(join(run.out, 'variants', 'apt-hygiene+minify', 'Dockerfile'), 'utf8');
    expect(text).toContain('--no-install-recommends');
    expect(text).toMatch(/\nFROM scratch\nCOPY --from=dflab-minify-pick \/dflab-minify\/ \/\n/);
    expectCleanedUp(run);
  });
});
