// SIGINT/SIGTERM: the run stops starting work, cancels builds, removes its containers, writes partial
// results and exits 130.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/results.js';
import { runCli } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

const root = resolve(import.meta.dirname, '../..');

function slowProject(smokeSleep: number | string, buildSleep: number | string): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-int-'));
  const sleep = (s: number | string) => (typeof s === 'number' ? `sleep ${s}` : s);
  writeFileSync(join(dir, 'Dockerfile'), `FROM python:3.13\nRUN ${sleep(buildSleep)} && echo ${dir} > /marker\nCMD ["python3", "-c", "print('ok')"]\n`);
  writeFileSync(join(dir, 'dflab.yaml'), `rules:\n  include: [base-slim]\nsmoke:\n  command: ["sh", "-c", "${sleep(smokeSleep)}; echo ok"]\n  timeoutSeconds: 120\n`);
  return dir;
}

/** Starts a run, sends `signal` once the progress shows `phase`, and waits for the exit. */
function interruptAt(dir: string, phase: RegExp, signal: NodeJS.Signals, delayMs = 1500): Promise<{ code: number | null; stderr: string; out: string }> {
  const out = join(dir, 'out');
  const child = spawn('node', [join(root, 'dist/cli/main.js'), 'run', dir, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (!sent && phase.test(stderr)) { sent = true; setTimeout(() => child.kill(signal), delayMs); }
  });
  return new Promise((res) => child.on('exit', (code) => res({ code, stderr, out })));
}

describe('interrupting a run', () => {
  // Measuring a 600 MB layer (layer contents streamed, a push to the local registry) takes several seconds.
  const phases = [
    [/original: building/, 'SIGINT', 'sleep 60'],
    [/original: measuring/, 'SIGINT', 'head -c 600000000 /dev/urandom > /big'],
    [/: smoke/, 'SIGTERM', 'sleep 1'],
  ] as const;
  for (const [phase, signal, build] of phases) {
    it(`${signal} while ${phase.source.replace(/[^a-z ]/g, '').trim()}: exit 130, partial results, nothing left behind`, async () => {
      const dir = slowProject(60, build);
      const { code, stderr, out } = await interruptAt(dir, phase, signal);
      expect(code, stderr).toBe(130);
      expect(stderr).toContain(`${signal} received`);
      expect(existsSync(join(out, 'results.json'))).toBe(true);
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
      expect(results.variants.length).toBeGreaterThanOrEqual(2);
      expect(results.variants.some((v) => v.outcome === 'skipped' && /interrupted/.test(v.error ?? ''))).toBe(true);
      expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
      expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    });
  }
});

describe('interrupting while planning', () => {
  it('SIGINT before any build: exit 130, every planned variant listed as not run, nothing built', async () => {
    const dir = slowProject(0, 'sleep 1');
    const { code, stderr, out } = await interruptAt(dir, /planning variants of /, 'SIGINT', 0);
    expect(code, stderr).toBe(130);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.variants.map((v) => v.name)).toEqual(expect.arrayContaining(['original', 'base-slim']));
    for (const v of results.variants) expect(v.outcome, v.name).toBe('skipped');
    expect(stderr).not.toMatch(/original: building/);
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});

describe('resuming an interrupted run', () => {
  it('keeps the finished variant and runs only the rest', async () => {
    // The full python image has gcc, the slim one has not: the original's smoke test answers at once, base-slim's
    // after 45 s. The slow part is the smoke, not the build: the original's edit-rebuild may queue behind
    // base-slim's build, so "original: ok" can come after that build, but never after base-slim's smoke.
    const dir = slowProject('if command -v gcc >/dev/null; then :; else sleep 45; fi', 'sleep 1');
    const { code, out } = await interruptAt(dir, /original: ok/, 'SIGINT');
    expect(code).toBe(130);
    const before = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(before.variants.find((v) => v.name === 'original')?.outcome).toBe('ok');
    const resumed = await runCli(['run', '--resume', out], { timeoutMinutes: 10 });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('resuming: original already finished');
    expect(resumed.stderr).not.toMatch(/original: building/);
    const after = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(after.runId).toBe(before.runId);
    expect(after.variants.every((v) => v.outcome === 'ok')).toBe(true);
    expect(after.variants.find((v) => v.name === 'original')?.sizeBytes).toBe(before.variants.find((v) => v.name === 'original')?.sizeBytes);
    expect(containersWithLabel(`dflab.run=${after.runId}`)).toEqual([]);
  });
});

describe('the reader of its output going away', () => {
  it('stderr closed mid-run (`dflab run 2>&1 | head`): stops as an interrupt, exit 130, partial results, nothing left behind', async () => {
    const dir = slowProject(60, 'sleep 3');
    const out = join(dir, 'out');
    const child = spawn('node', [join(root, 'dist/cli/main.js'), 'run', dir, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = '';
    child.stderr.on('data', (d: Buffer) => {
      seen += d.toString();
      // The reader goes away: dflab's next progress line (the build's end, ~3 s on) meets a closed pipe.
      if (/original: building/.test(seen)) child.stderr.destroy();
    });
    const code = await new Promise<number | null>((res) => child.on('exit', (c) => res(c)));
    expect(code, seen).toBe(130);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.variants.some((v) => v.outcome === 'skipped')).toBe(true);
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});
