// Bad input and faults, end to end on the built CLI and the real engine: each case gets one clear message (what,
// where, what to do), the exit code of its kind, no stack trace; a run that started leaves a complete results.json
// and no container or image with its label. Projects are tiny and plan one or two variants.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/results.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

const OUTCOMES = ['ok', 'build-failed', 'smoke-failed', 'base-unavailable', 'skipped'];
const NO_RULES = 'rules: {include: [pip-no-cache]}\n'; // does not apply to these projects: only the original is built

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-fault-'));
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  return dir;
}

async function run(dir: string, opts: { out?: string; env?: Record<string, string> } = {}): Promise<CliResult & { out: string }> {
  const out = opts.out ?? join(dir, 'out');
  const res = await runCli(['run', dir, '--out', out], { env: opts.env, timeoutMinutes: 10 });
  return { ...res, out };
}

/** One clear message: no stack trace, no internal error, the hint line present. */
function expectCleanError(res: CliResult, code: number, message: RegExp): void {
  expect(res.status, res.stderr).toBe(code);
  expect(res.stderr).toMatch(message);
  expect(res.stderr).toMatch(/\n\s+hint: \S/);
  expect(res.stderr).not.toMatch(/\n\s+at |internal error|node:internal|Error: /);
}

function expectNoStackTrace(res: CliResult): void {
  expect(res.stderr).not.toMatch(/\n\s+at |internal error|node:internal/);
}

/** results.json is complete valid JSON, every variant has an outcome; and the run left no object behind. */
function finishedRun(out: string): Results {
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  expect(results.schemaVersion).toBe(1);
  expect(results.finishedAt).toBeTruthy();
  expect(results.variants.length).toBeGreaterThan(0);
  for (const v of results.variants) {
    expect(OUTCOMES, v.name).toContain(v.outcome);
    if (v.outcome !== 'ok') expect(v.error, v.name).toBeTruthy();
  }
  expectNoLeaks(results.runId);
  return results;
}

function expectNoLeaks(runId: string): void {
  expect(containersWithLabel(`dflab.run=${runId}`)).toEqual([]);
  expect(imagesWithLabel(`dflab.run=${runId}`)).toEqual([]);
}

function variant(results: Results, name: string) {
  const v = results.variants.find((x) => x.name === name);
  expect(v, `${name} in ${results.variants.map((x) => x.name).join(', ')}`).toBeDefined();
  return v!;
}

describe('bad projects', () => {
  it('no Dockerfile: exit 2, says where it looked', async () => {
    const dir = project({});
    expectCleanError(await run(dir), 2, new RegExp(`no Dockerfile at ${join(dir, 'Dockerfile')}`));
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an empty Dockerfile: exit 2, file:line', async () => {
    const dir = project({ Dockerfile: '' });
    expectCleanError(await run(dir), 2, /Dockerfile:1: the Dockerfile has no instructions/);
  });

  it('a Dockerfile that does not parse: exit 2, file:line and the fix', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nRUN echo hi &&\n    echo there\n' });
    const res = await run(dir);
    expectCleanError(res, 2, /Dockerfile:3: unknown instruction "echo"/);
    expect(res.stderr).toMatch(/line continuation/);
  });

  it('a FROM of an image that exists nowhere: a finished report with the original base-unavailable, exit 1', async () => {
    const dir = project({ Dockerfile: 'FROM dflab-test/does-not-exist:nowhere\nCMD ["true"]\n', 'dflab.yaml': NO_RULES });
    const res = await run(dir);
    expectNoStackTrace(res);
    // Nothing can be compared with an original that has no image: the run failed (src/run/verdict.ts).
    expect(res.status, res.stderr).toBe(1);
    expect(res.stderr).toMatch(/^dflab: the original could not get its base image \(.*dflab-test\/does-not-exist:nowhere/m);
    const original = variant(finishedRun(res.out), 'original');
    expect(original.outcome).toBe('base-unavailable');
    expect(original.error).toMatch(/dflab-test\/does-not-exist:nowhere/);
  });
});

describe('invalid dflab.yaml: the key path in the message, exit 2', () => {
  const cases: [string, string, RegExp][] = [
    ['wrong types', 'smoke:\n  command: ["true"]\n  timeoutSeconds: "ten"\n', /dflab\.yaml: smoke\.timeoutSeconds: expected a number, got "ten"/],
    ['an unknown key', 'rulez: {include: [base-slim]}\n', /dflab\.yaml: rulez: unknown key; did you mean "rules"\?/],
    ['a bad regex', 'smoke:\n  command: ["true"]\n  expectStdout: "ok("\n', /dflab\.yaml: smoke\.expectStdout: expected a regular expression, got "ok\(" \(Unterminated group\)/],
    ['an unknown rule', 'rules: {include: [base-slimm]}\n', /dflab\.yaml: rules\.include\[0\]: unknown rule "base-slimm"; did you mean "base-slim"\?/],
    ['broken YAML', 'smoke: [1\n', /dflab\.yaml:2:1: invalid YAML/],
  ];
  it.each(cases)('%s', async (_name, yaml, message) => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\n', 'dflab.yaml': yaml });
    expectCleanError(await run(dir), 2, message);
  });
});

describe('builds that fail', () => {
  it('a COPY of a file the context lacks: build-failed naming the step; the run exits 1 and says so before the table', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nCOPY missing.txt /missing.txt\n', 'dflab.yaml': NO_RULES });
    const res = await run(dir);
    expectNoStackTrace(res);
    expect(res.status, res.stderr).toBe(1);
    const said = res.all.indexOf('dflab: the original did not build (step "[2/2] COPY missing.txt /missing.txt" failed');
    expect(said, res.all).toBeGreaterThanOrEqual(0);
    expect(said).toBeLessThan(res.all.indexOf('rank  variant'));
    expect(existsSync(join(res.out, 'report.md'))).toBe(true);
    const original = variant(finishedRun(res.out), 'original');
    expect(original.outcome).toBe('build-failed');
    expect(original.error).toMatch(/step "\[2\/2\] COPY missing\.txt \/missing\.txt" failed/);
    expect(original.error).toMatch(/missing\.txt.*not found/);
  });

  it('the one variant fails while the original passes: every variant failed, exit 1, said before the table', async () => {
    // debian:trixie has the CA bundle, its slim sibling has not: base-slim fails at that step.
    const dir = project({ Dockerfile: 'FROM debian:trixie\nRUN test -s /etc/ssl/certs/ca-certificates.crt\n', 'dflab.yaml': 'rules: {include: [base-slim]}\n' });
    const res = await run(dir);
    expectNoStackTrace(res);
    expect(res.status, res.stderr).toBe(1);
    const said = res.all.indexOf('dflab: every variant failed (1 of 1): none can be recommended');
    expect(said, res.all).toBeGreaterThanOrEqual(0);
    expect(said).toBeLessThan(res.all.indexOf('rank  variant'));
    const results = finishedRun(res.out);
    expect(variant(results, 'original').outcome).toBe('ok');
    const slim = variant(results, 'base-slim');
    expect(slim.outcome).toBe('build-failed');
    expect(slim.error).toMatch(/step "\[2\/2\] RUN test -s \/etc\/ssl\/certs\/ca-certificates\.crt" failed/);
    expect(results.recommended).not.toBe('base-slim');
  });
});

describe('smoke tests that fail', () => {
  it('a command that hangs is killed at the timeout', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\n', 'dflab.yaml': `${NO_RULES}smoke:\n  command: ["sleep", "600"]\n  timeoutSeconds: 3\n` });
    const started = Date.now();
    const res = await run(dir);
    expectNoStackTrace(res);
    expect(Date.now() - started).toBeLessThan(180_000);
    const original = variant(finishedRun(res.out), 'original');
    expect(original.outcome).toBe('smoke-failed');
    expect(original.error).toMatch(/command still running after 3s; killed/);
  });

  it('a server that never listens fails at the timeout', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nCMD ["sleep", "600"]\n', 'dflab.yaml': `${NO_RULES}smoke:\n  http: {port: 8000, path: /health}\n  timeoutSeconds: 4\n` });
    const res = await run(dir);
    expectNoStackTrace(res);
    const original = variant(finishedRun(res.out), 'original');
    expect(original.outcome).toBe('smoke-failed');
    expect(original.error).toMatch(/no expected answer from GET \/health within 4s/);
  });

  it('a server that crashes at start fails with its exit code and output', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nCMD ["sh", "-c", "echo boom-at-start >&2; exit 3"]\n', 'dflab.yaml': `${NO_RULES}smoke:\n  http: {port: 8000}\n  timeoutSeconds: 30\n` });
    const res = await run(dir);
    expectNoStackTrace(res);
    const original = variant(finishedRun(res.out), 'original');
    expect(original.outcome).toBe('smoke-failed');
    expect(original.error).toMatch(/server exited with code 3 before answering \//);
    expect(original.smoke?.outputTail).toContain('boom-at-start');
  });
});

describe('where the outputs go', () => {
  const mounts: string[] = [];
  const tmpfs = (options: string): string => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-mnt-'));
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]);
    mounts.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of mounts) execFileSync('umount', ['-l', dir]);
  });

  it('an out dir that is not writable: exit 2 with the reason and a hint, before anything is built', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\n', 'dflab.yaml': NO_RULES });
    const readOnly = tmpfs('ro,size=64k');
    const res = await run(dir, { out: join(readOnly, 'out') });
    expectCleanError(res, 2, new RegExp(`--out: cannot write to the out dir ${join(readOnly, 'out')}: the file system is read-only`));
    expect(res.stderr).toMatch(/hint: choose a writable place with --out DIR/);
    expect(res.stderr).not.toMatch(/building/);
  });

  it('an out dir under a file: exit 2', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\n', 'dflab.yaml': NO_RULES });
    expectCleanError(await run(dir, { out: join(dir, 'Dockerfile', 'out') }), 2, /cannot write to the out dir .*: a part of the path is a file, not a directory/);
  });

  it('a disk that fills during the run: says disk full, non-zero exit, no stack trace, nothing left', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nRUN for i in $(seq 1 300); do echo "line $i of build output"; done\n', 'dflab.yaml': NO_RULES });
    const small = tmpfs('size=64k');
    writeFileSync(join(small, 'filler'), Buffer.alloc(52 * 1024)); // leaves ~12 KB: the Dockerfiles fit, the build log does not
    const res = await run(dir, { out: join(small, 'out') });
    expectCleanError(res, 2, /disk full: no space left on the device/);
    expect(res.stderr).toMatch(/hint: free some space, or choose another place with --out DIR/);
    const runId = /run (\d{8}-\d{6}-[0-9a-f]+)/.exec(res.stderr)?.[1];
    expect(runId, res.stderr).toBeTruthy();
    expectNoLeaks(runId!);
    // Whatever got written is valid; a results.json that could not be written is absent, never truncated.
    const results = join(small, 'out', 'results.json');
    if (existsSync(results)) expect(() => JSON.parse(readFileSync(results, 'utf8'))).not.toThrow();
  });
});

describe('the engine', () => {
  it('not running when the run starts: exit 3 with the fix', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\n', 'dflab.yaml': NO_RULES });
    const res = await run(dir, { env: { DOCKER_HOST: 'unix:///nonexistent-dflab.sock' } });
    expectCleanError(res, 3, /the Docker engine does not answer/);
    expect(res.stderr).toMatch(/hint: start it: `bash scripts\/engine-up\.sh`.*`dflab doctor`/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});

describe('secret build args', () => {
  const SECRET = 'dflab-S3cret-value-7Qz';

  function filesUnder(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((p) => join(dir, p)).filter((p) => statSync(p).isFile());
  }

  /** The text of a file as a reader would see it: rawjson logs carry the build output base64-encoded. */
  function readable(path: string): string {
    const text = readFileSync(path, 'utf8');
    if (!path.endsWith('.rawjson')) return text;
    const decoded = [...text.matchAll(/"(?:data|short)":\s*"([A-Za-z0-9+/=]+)"/g)].map((m) => Buffer.from(m[1]!, 'base64').toString('utf8'));
    return `${text}\n${decoded.join('')}`;
  }

  it('never appear in results.json, report.md, patches, variant files or logs, nor on the terminal', async () => {
    const dir = project({
      Dockerfile: 'FROM debian:trixie-slim\nARG TOKEN\nRUN echo "token is $TOKEN" && echo "$TOKEN" > /t\nCMD ["cat", "/t"]\n',
      'dflab.yaml': 'secretBuildArgs: [TOKEN]\nrules: {include: [apt-hygiene]}\nsmoke:\n  command: ["cat", "/t"]\n',
    });
    const res = await run(dir, { env: { TOKEN: SECRET } });
    expect(res.status, res.stderr).toBe(0);
    const results = finishedRun(res.out);
    expect(variant(results, 'original').outcome).toBe('ok');
    expect(variant(results, 'original').smoke?.outputTail).toContain('***');
    const files = filesUnder(res.out);
    expect(files.some((f) => f.endsWith('.rawjson'))).toBe(true);
    for (const file of files) expect(readable(file), file).not.toContain(SECRET);
    expect(res.stdout).not.toContain(SECRET);
    expect(res.stderr).not.toContain(SECRET);
  });

  it('a secret build arg missing from the environment: exit 2 naming it, before anything is built', async () => {
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nARG TOKEN\n', 'dflab.yaml': 'secretBuildArgs: [DFLAB_TEST_UNSET_TOKEN]\n' });
    expectCleanError(await run(dir), 2, /dflab\.yaml: secretBuildArgs: secret build args not set in the environment: DFLAB_TEST_UNSET_TOKEN/);
  });
});
