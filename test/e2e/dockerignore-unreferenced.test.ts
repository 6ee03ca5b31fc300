// End to end on the real engine: a 30 MB file nothing in the project names (junk/dump.bin, copied by `COPY . .`) is
// guessed for .dockerignore, and the smoke test proves the guess — the variant without it passes and is 30 MB
// smaller; where the app does read it (by walking its directory, which no text shows), the variant fails its smoke
// test like any other and is not recommended.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { imagesWithLabel } from '../helpers/engine.js';
import { dflabRun, variant } from '../helpers/experiments.js';

const DUMP = 30 * 1024 * 1024;
const work = mkdtempSync(join(tmpdir(), 'dflab-unref-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function project(name: string, app: string): string {
  const dir = join(work, name);
  mkdirSync(join(dir, 'junk'), { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.13-slim\nWORKDIR /srv\nCOPY . .\nCMD ["python", "app.py"]\n');
  writeFileSync(join(dir, 'app.py'), app);
  writeFileSync(join(dir, 'dflab.yaml'), 'smoke:\n  command: ["python", "app.py"]\n  expectStdout: ready\n  timeoutSeconds: 60\n');
  writeFileSync(join(dir, 'junk/dump.bin'), randomBytes(DUMP));
  return dir;
}

describe('dockerignore: a large file nothing references', () => {
  it('is left out of the variant, which passes its smoke test 30 MB smaller', async () => {
    const run = await dflabRun(project('unused', 'print("ready")\n'), ['--rules', 'dockerignore'], 10);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const v = variant(run.results, 'dockerignore');
    expect(v.outcome, v.error ?? '').toBe('ok');
    expect(v.smoke?.passed).toBe(true);
    expect(variant(run.results, 'original').sizeBytes! - v.sizeBytes!).toBeGreaterThanOrEqual(DUMP);
    const patch = readFileSync(join(run.out, v.patch!), 'utf8');
    expect(patch).toMatch(/^\+# junk\/: 31\.5 MB in 1 file, referenced nowhere .*\n\+junk$/m);
    expect(v.requires).toContainEqual({ kind: 'not-copied', subject: 'junk' });
    expect(run.results.recommended).toBe('dockerignore');
    expect(imagesWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
  });

  it('read by the app after all: the variant fails its smoke test, as any other', async () => {
    const walker = [
      'import os, sys',
      'sizes = [os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(".") for n in ns]',
      'if max(sizes) < 1000000: sys.exit("the big file is gone")',
      'print("ready")', '',
    ].join('\n');
    const run = await dflabRun(project('walked', walker), ['--rules', 'dockerignore'], 10);
    // Its only variant failed: the run says none can be recommended, and exits 1.
    expect(run.status, run.stderr.slice(-2000)).toBe(1);
    expect(run.stderr).toContain('every variant failed');
    expect(variant(run.results, 'original')).toMatchObject({ outcome: 'ok', smoke: { passed: true } });
    const v = variant(run.results, 'dockerignore');
    expect(v.outcome).toBe('smoke-failed');
    expect(v.smoke?.outputTail).toContain('the big file is gone');
    expect(run.results.recommended).toBeNull();
  });
});
