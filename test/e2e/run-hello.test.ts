// End to end: the built CLI on the bundled experiment, on the real engine.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Log } from 'sarif';
import { BuildProgress, parseRawJson } from '../../src/engine/rawjson.js';
import { trialLimit } from '../../src/measure/limit.js';
import { resultsSchema, type Results } from '../../src/results.js';
import { root, runCli, type CliResult } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';
import { sarifErrors } from '../helpers/sarif-schema.js';

const experiment = join(root, 'experiments/hello-py');
const dflab = (args: string[], cwd = root) => runCli(args, { cwd });

describe('dflab run on experiments/hello-py', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'dflab-e2e-')), 'out');
  let results: Results;
  let run: CliResult;
  /** The engine's container events during the run (dockerd's clock, as BuildKit's step timestamps are). */
  let events: { Action: string; id: string; timeNano: number; Actor?: { Attributes?: Record<string, string> } }[] = [];

  beforeAll(async () => {
    const watch = spawn('docker', ['events', '--format', '{{json .}}', '--filter', 'type=container'], { stdio: ['ignore', 'pipe', 'ignore'] });
    let text = '';
    watch.stdout.on('data', (d: Buffer) => { text += d.toString('utf8'); });
    run = await dflab(['run', experiment, '--out', out, '--json']);
    await new Promise((r) => setTimeout(r, 500)); // the last events reach the watcher
    watch.kill();
    events = text.split('\n').filter((l) => l.trim().startsWith('{')).map((l) => JSON.parse(l) as (typeof events)[number]);
    results = JSON.parse(run.stdout) as Results;
  });

  it('exits 0 and prints results.json with every buildable variant measured and smoke-tested', () => {
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'))).toEqual(results);
    expect(resultsSchema.safeParse(results).error?.issues).toBeUndefined();
    expect(results.schemaVersion).toBe(1);
    expect(results.variants.map((v) => v.name)).toEqual(expect.arrayContaining(['original', 'base-slim', 'base-alpine']));
    // Offline there is no python:3.13-alpine: reported as unavailable with the image named, not as a crash.
    const alpine = results.variants.find((v) => v.name === 'base-alpine')!;
    expect(alpine.outcome).toBe('base-unavailable');
    expect(alpine.error).toContain('python:3.13-alpine');
    for (const v of results.variants.filter((r) => r.name !== 'base-alpine')) {
      expect(v.outcome, `${v.name}: ${v.error}`).toBe('ok');
      expect(v.sizeBytes).toBeGreaterThan(0);
      expect(v.smoke?.passed).toBe(true);
      expect(v.smoke?.outputTail).toMatch(/ok python 3\./);
      expect(v.build?.steps.length).toBeGreaterThan(0);
    }
    const size = (name: string) => results.variants.find((v) => v.name === name)!.sizeBytes!;
    expect(size('base-slim')).toBeLessThan(size('original'));
    // What the slim base dropped, read from the two images' final filesystems: the compilers among it.
    const slim = results.variants.find((v) => v.name === 'base-slim')!;
    expect(slim.diff?.packagesRemoved).toEqual(expect.arrayContaining(['deb:gcc']));
    expect(slim.diff?.filesystemDeltaBytes).toBeLessThan(0);
    // minify (FROM scratch with only what the smoke test touched) passes the same smoke test: ranked like any other.
    expect(size('minify')).toBeLessThan(size('base-slim'));
    // minify on top of the recommended variant (base-slim, minify left out), traced in base-slim's own image.
    expect(results.variants.find((v) => v.name === 'base-slim+minify')?.rules).toEqual(['base-slim', 'minify']);
    expect(size('base-slim+minify')).toBeLessThan(size('base-slim'));
    expect(['minify', 'base-slim+minify']).toContain(results.recommended);
  });

  it('writes a report and a patch that git apply accepts on the project', () => {
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('base-slim');
    expect(report).toContain('python:3.13-slim');
    const patch = join(out, 'patches', 'base-slim.patch');
    expect(existsSync(patch)).toBe(true);
    const copy = mkdtempSync(join(tmpdir(), 'dflab-apply-'));
    cpSync(experiment, copy, { recursive: true });
    execFileSync('git', ['apply', '--check', patch], { cwd: copy });
    execFileSync('git', ['apply', patch], { cwd: copy });
    expect(readFileSync(join(copy, 'Dockerfile'), 'utf8')).toBe(readFileSync(join(out, 'variants/base-slim/Dockerfile'), 'utf8'));
  });

  it('writes results.sarif: valid SARIF 2.1.0, base-slim at the FROM line with its measured saving and the fix', () => {
    const log = JSON.parse(readFileSync(join(out, 'results.sarif'), 'utf8')) as Log;
    expect(sarifErrors(log)).toEqual([]);
    const slim = log.runs[0]!.results!.find((r) => r.ruleId === 'base-slim')!;
    const from = readFileSync(join(experiment, 'Dockerfile'), 'utf8').split('\n').findIndex((l) => l.startsWith('FROM ')) + 1;
    expect(slim.locations![0]!.physicalLocation!.region).toEqual({ startLine: from, endLine: from });
    expect(slim.message.text).toMatch(/measured: size \S+ MB → \S+ MB \(−/);
    expect(slim.level).toBe('warning');
    expect(slim.fixes![0]!.artifactChanges[0]!.replacements[0]!.insertedContent!.text).toContain('python:3.13-slim');
    // Offline, base-alpine could not get its base: reported as a note with no fix to apply.
    const alpine = log.runs[0]!.results!.find((r) => r.ruleId === 'base-alpine')!;
    expect(alpine).toMatchObject({ level: 'note' });
    expect(alpine.fixes).toBeUndefined();
  });

  it('check OUT reads this run: exit 0 when its thresholds hold, 1 when one fails', async () => {
    const size = results.variants.find((v) => v.name === 'original')!.sizeBytes!;
    expect((await dflab(['check', out, '--max-size', String(size)])).status).toBe(0);
    const fail = await dflab(['check', out, '--max-size', String(size - 1)]);
    expect(fail.status, fail.stderr).toBe(1);
    expect(fail.stdout).toContain('size');
  });

  it('starts the variants the evidence cannot change right after the original, before its edit-rebuild', () => {
    // The original's edit-rebuild is queued once its layers are read; base-slim (neither the minify trace nor the
    // read can change it) is queued as soon as the original is built, so it builds first. minify waits for the trace.
    const started = (name: string) => Math.min(...parseRawJson(readFileSync(join(out, 'logs', `${name}.rawjson`), 'utf8'))
      .flatMap((s) => s.vertexes ?? []).flatMap((v) => (v.started ? [Date.parse(v.started)] : [])));
    expect(started('base-slim.build')).toBeGreaterThan(started('original.build'));
    expect(started('base-slim.build')).toBeLessThan(started('original.warm'));
  });

  it('runs its builds alone (the original builds in well under a minute): no analysis, trace or smoke container runs beside a build step', () => {
    expect(results.timings?.schedule).toEqual({ buildsAlone: true, why: expect.stringContaining('the original built in') });
    // Every container the run started, its smoke tests' among them (they go between builds, like the measurements).
    const mine = events.filter((e) => e.Actor?.Attributes?.['dflab.run'] === results.runId);
    const smokes = new Set(mine.filter((e) => e.Actor?.Attributes?.['dflab.role'] === 'smoke').map((e) => e.id));
    expect(smokes.size).toBeGreaterThanOrEqual(2);
    const spans = [...new Set(mine.map((e) => e.id))].map((id) => {
      const at = (action: string) => mine.find((e) => e.id === id && e.Action === action)?.timeNano;
      return { start: (at('start') ?? NaN) / 1e6, end: (at('die') ?? NaN) / 1e6 };
    }).filter((s) => !Number.isNaN(s.start));
    expect(spans.length).toBeGreaterThan(smokes.size); // minify's trace and the smoke tests
    for (const s of spans) expect(s.end, 'a container that never ended').not.toBeNaN();
    // Every Dockerfile step BuildKit ran (not a cache hit) in every build of the run.
    const steps = readdirSync(join(out, 'logs')).filter((f) => f.endsWith('.rawjson')).flatMap((f) => {
      const p = new BuildProgress();
      for (const status of parseRawJson(readFileSync(join(out, 'logs', f), 'utf8'))) p.add(status);
      return p.steps().filter((x) => !x.cached && x.startedAt && x.completedAt && /^\[/.test(x.name))
        .map((x) => ({ what: `${f} ${x.name}`, start: Date.parse(x.startedAt!), end: Date.parse(x.completedAt!) }));
    });
    expect(steps.length).toBeGreaterThan(0);
    for (const step of steps) {
      const beside = spans.filter((c) => c.start < step.end && step.start < c.end);
      expect(beside, `${step.what} ran beside a container of the run`).toEqual([]);
    }
  });

  it('records where the time goes, and its build logs give the distinct-steps limit', () => {
    const ok = results.variants.filter((v) => v.outcome === 'ok');
    for (const v of ok) {
      const t = v.timings!;
      expect(t.build, v.name).toBeGreaterThan(0);
      expect(t.analysis, v.name).toBeGreaterThan(0);
      expect(t.smoke, v.name).toBeGreaterThan(0);
      expect(t.editRebuild, v.name).toBeGreaterThan(0);
      expect(t.export, v.name).toBeGreaterThanOrEqual(0);
    }
    const alpine = results.variants.find((v) => v.name === 'base-alpine')!.timings!;
    expect({ ...alpine, build: 0 }).toEqual({ build: 0, export: 0, analysis: 0, push: 0, smoke: 0, editRebuild: 0 });
    const run = results.timings!;
    expect(run.totals.analysis).toBeCloseTo(results.variants.reduce((s, v) => s + (v.timings?.analysis ?? 0), 0), 1);
    expect(run.buildingSeconds).toBeGreaterThan(0);
    expect(run.buildingSeconds).toBeLessThanOrEqual(run.wallSeconds);
    expect(run.idleShare).toBeCloseTo(1 - run.buildingSeconds / run.wallSeconds, 2);
    const logs = readdirSync(join(out, 'logs')).filter((f) => /\.build(-nocache)?\.rawjson$/.test(f));
    const limit = trialLimit(logs.map((f) => {
      const p = new BuildProgress();
      for (const status of parseRawJson(readFileSync(join(out, 'logs', f), 'utf8'))) p.add(status);
      return p.steps();
    }));
    expect(limit.exports).toBeGreaterThanOrEqual(ok.length);
    expect(limit.distinctSteps).toBeGreaterThan(0);
    expect(limit.seconds).toBeLessThan(run.totals.build + run.totals.export);
  });

  it('leaves no container and, by default, no image with the run label', () => {
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});

describe('dflab CLI basics', () => {
  it('doctor passes once scripts/engine-up.sh has run', async () => {
    const res = await dflab(['doctor']);
    expect(res.status, res.stdout + res.stderr).toBe(0);
    expect(res.stdout).toMatch(/ok\s+engine\s+Docker/);
    expect(res.stdout).toMatch(/base python:3\.13-slim\s+(local stand-in|real image)/);
  });

  it('a directory without a Dockerfile is a usage error with one clear line, exit 2', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dflab-empty-'));
    const res = await dflab(['run', empty]);
    expect(res.status).toBe(2);
    expect(res.stderr).toContain(`no Dockerfile at ${join(empty, 'Dockerfile')}`);
    expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
