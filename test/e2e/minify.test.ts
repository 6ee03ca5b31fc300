// End to end, minify on the real engine: a Flask app's smoke probes traced in the built original (inside
// containers), the variant FROM scratch with only what they touched, proven by the same probes. A file read only
// on a second endpoint is missing with one probe, and kept when a second probe names that endpoint.
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';
import { dflabRun, root, variant, type DflabRun } from '../helpers/experiments.js';

const FIXTURE = join(root, 'test/fixtures/engine/minify-flask');

function keepList(run: DflabRun): string[] {
  const patch = readFileSync(join(run.out, 'patches', 'minify.patch'), 'utf8');
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
    expect(readFileSync(join(run.out, 'variants', 'minify', 'Dockerfile'), 'utf8')).toMatch(/\nFROM scratch\nCOPY --from=dflab-minify-pick \/out\/ \/\n/);
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
});
