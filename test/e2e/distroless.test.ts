// End to end, base-distroless on the real engine and the distroless stand-in (scripts/engine-up.sh): a pip project
// (experiments/pip-service) and an apt + pip project (libpq loaded at run time, a wheel from the lab's index) run
// their smoke tests on gcr.io/distroless/python3-debian13, and so does an apt-only stack (Debian's python3-X); a project whose CMD needs /bin/sh is not planned, with the
// reason in results.json.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containersWithLabel, docker, imagesWithLabel } from '../helpers/engine.js';
import { dflabRun, experimentDir, root, variant, type DflabRun } from '../helpers/experiments.js';
import { startPipIndex, type PipIndex } from '../helpers/pip-index.js';

const IMAGE = 'gcr.io/distroless/python3-debian13';
const fixture = (name: string) => join(root, 'test/fixtures/engine', name);


/** The final stage of the variant's Dockerfile as the run wrote it. */
function finalStage(run: DflabRun, name: string): string {
  const text = readFileSync(join(run.out, 'variants', name, 'Dockerfile'), 'utf8');
  return text.slice(text.lastIndexOf('\nFROM '));
}

function expectCleanedUp(run: DflabRun): void {
  expect(containersWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
  expect(imagesWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
}

describe('base-distroless on the real engine', () => {
  let server: PipIndex | null = null;

  beforeAll(async () => {
    server = await startPipIndex();
  });

  afterAll(() => {
    server?.close();
  });

  it('the stand-in has no shell and no package manager, and runs Python 3.13 from /usr/bin/python3', () => {
    const label = ['--label', 'dflab.run=e2e-distroless'];
    expect(() => docker(['run', '--rm', ...label, '--entrypoint', '/bin/sh', IMAGE, '-c', 'true'])).toThrow();
    const seen = docker(['run', '--rm', ...label, IMAGE, '-c', 'import os, sys; print(sys.version_info[:2], os.path.realpath("/usr/bin/python3"), [p for p in ("/usr/bin/apt-get", "/usr/bin/dpkg", "/bin/sh") if os.path.lexists(p)])']);
    expect(seen.trim()).toBe("(3, 13) /usr/bin/python3.13 []");
    expect(containersWithLabel('dflab.run=e2e-distroless')).toEqual([]);
  });

  it('a pip project (experiments/pip-service): the venv on the distroless base answers its HTTP smoke test', async () => {
    const run = await dflabRun(experimentDir('pip-service'), ['--rules', 'base-distroless'], 15);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const v = variant(run.results, 'base-distroless');
    expect(v.outcome, v.error ?? '').toBe('ok');
    expect(v.smoke?.passed).toBe(true);
    expect(v.sizeBytes!).toBeLessThan(0.25 * variant(run.results, 'original').sizeBytes!);
    const final = finalStage(run, 'base-distroless');
    expect(final).toMatch(new RegExp(`^\\nFROM ${IMAGE}\\n`));
    expect(final).not.toMatch(/^RUN /m);
    expect(final).toContain('CMD ["/opt/venv/bin/python", "service.py"]');
    expectCleanedUp(run);
  });

  it('minify on top of the distroless variant: no shell or tar in its image, so the pick stage brings its own and mounts the stage', async () => {
    const run = await dflabRun(experimentDir('pip-service'), ['--rules', 'base-distroless,minify'], 20);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    for (const name of ['minify', 'base-distroless+minify']) {
      const v = variant(run.results, name);
      expect(v.outcome, `${name}: ${v.error ?? ''}`).toBe('ok');
      expect(v.smoke?.passed).toBe(true);
    }
    const text = (name: string) => readFileSync(join(run.out, 'variants', name, 'Dockerfile'), 'utf8');
    // The original (python:3.13-slim) picks on its own stage; the distroless one cannot run tar.
    expect(text('minify')).toContain('\nFROM dflab-minify-src AS dflab-minify-pick\n');
    expect(text('base-distroless+minify')).toContain('\nFROM debian:trixie-slim AS dflab-minify-pick\nRUN --mount=type=bind,from=');
    expect(text('base-distroless+minify')).toMatch(/\nFROM scratch\nCOPY --from=dflab-minify-pick \/out\/ \/\n/);
    expectCleanedUp(run);
  });

  it('an apt + pip project: libpq and the libraries it needs are copied from the builder, and load', async () => {
    const run = await dflabRun(fixture('distroless-apt-pip'), ['--rules', 'base-distroless'], 15);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const v = variant(run.results, 'base-distroless');
    expect(v.outcome, v.error ?? '').toBe('ok');
    expect(v.smoke?.passed, v.smoke?.outputTail ?? '').toBe(true);
    expect(v.smoke?.outputTail).toMatch(/^ok libpq 1\d acme-http 2\.1\.0 python 3\.13/);
    expect(finalStage(run, 'base-distroless')).toContain('COPY --from=builder /dflab-runtime/ /');
    expectCleanedUp(run);
  });

  it("an apt-only stack (Debian's python3-flask, python3-numpy): the packages' files and their alternatives links are copied", async () => {
    const run = await dflabRun(fixture('distroless-apt-only'), ['--rules', 'base-distroless'], 15);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    const v = variant(run.results, 'base-distroless');
    expect(v.outcome, v.error ?? '').toBe('ok');
    expect(v.smoke?.passed, v.smoke?.outputTail ?? '').toBe(true);
    expect(v.sizeBytes!).toBeLessThan(variant(run.results, 'original').sizeBytes!);
    expect(finalStage(run, 'base-distroless')).not.toMatch(/^RUN /m);
    expectCleanedUp(run);
  });

  it('a project whose CMD needs a shell gets "does not apply" with the reason, and only the original is built', async () => {
    const run = await dflabRun(fixture('distroless-shell'), ['--rules', 'base-distroless'], 10);
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect(run.results.variants.map((x) => x.name)).toEqual(['original']);
    expect(run.results.skippedRules).toContainEqual({ rule: 'base-distroless', code: 'distroless-needs-shell', reason: 'CMD on line 8 is in shell form: it runs through /bin/sh, which a distroless image does not have' });
    expectCleanedUp(run);
  });
});
