// A trial split over two builders (issue 14 item 5): the main engine's `default` builder and `dflab-second`, a
// docker-driver builder on a second dockerd with its own socket and data-root (scripts/engine-second-up.sh).
// Split over both, a run gives the same sizes and outcomes as on one builder, each variant measured on the engine
// its builder loaded it into, and it leaves nothing labelled on either engine.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Results, VariantResult } from '../../src/results.js';
import { root, runCli } from '../helpers/cli.js';
import { dockerOn } from '../helpers/stores.js';

const SECOND_HOST = 'unix:///var/run/dflab-second.sock';
const MAIN = { DOCKER_HOST: '', DOCKER_CONTEXT: '' };

/** hello-py's size: one small layer of app files, a RUN that makes a file and a RUN that deletes it (merge-runs
 *  applies), a notebook and bytecode in the context (dockerignore applies): original, 2 rules and `all`. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-builders-'));
  writeFileSync(join(dir, 'Dockerfile'), [
    'FROM debian:trixie-slim', 'WORKDIR /app', 'COPY . ./',
    'RUN seq 1 300000 > /app/s && head -c 2000000 /dev/zero > /app/z', 'RUN rm /app/z', 'CMD ["sh", "hello.sh"]', '',
  ].join('\n'));
  writeFileSync(join(dir, 'hello.sh'), 'echo ok hello\n');
  writeFileSync(join(dir, 'notes.ipynb'), '{}\n');
  mkdirSync(join(dir, '__pycache__'));
  writeFileSync(join(dir, '__pycache__', 'x.pyc'), Buffer.alloc(300_000, 7));
  writeFileSync(join(dir, 'dflab.yaml'), 'zstd: true\nsmoke:\n  command: ["sh", "hello.sh"]\n  expectStdout: "^ok hello"\n  timeoutSeconds: 30\n');
  return dir;
}

async function run(dir: string, name: string, builder: string, rules = 'dockerignore,merge-runs'): Promise<Results> {
  // Out dirs outside the project: a run leaves out another run's out dir only, and both runs must see one context.
  const out = join(mkdtempSync(join(tmpdir(), 'dflab-builders-out-')), name);
  const res = await runCli(['run', dir, '--rules', rules, '--builder', builder, '--out', out, '--json', '--quiet'], { env: MAIN });
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as Results;
}

const byName = (r: Results) => new Map(r.variants.map((v) => [v.name, v]));
const labelled = (host: string | null, what: 'images' | 'ps', runId: string) =>
  dockerOn(host, [what, '-aq', '--filter', `label=dflab.run=${runId}`]).split('\n').filter(Boolean);

describe('a trial split over two builders', () => {
  let one: Results;
  let two: Results;
  beforeAll(async () => {
    execFileSync('bash', [join(root, 'scripts/engine-second-up.sh')], { stdio: 'inherit', env: { ...process.env, ...MAIN } });
    const dir = project();
    one = await run(dir, 'out-one', 'default');
    two = await run(dir, 'out-two', 'default,dflab-second');
  });

  it('builds on both builders, the original on the first, and records which built each variant', () => {
    expect(two.engine.builders).toEqual([
      { name: 'default', driver: 'docker', context: 'default' },
      { name: 'dflab-second', driver: 'docker', context: 'dflab-second' },
    ]);
    expect(byName(two).get('original')!.builder).toBe('default');
    expect(new Set(two.variants.map((v) => v.builder))).toEqual(new Set(['default', 'dflab-second']));
    expect(one.variants.every((v) => v.builder === undefined)).toBe(true);
    expect(one.engine.builders).toBeUndefined();
  });

  it('gives the same outcomes, exact uncompressed sizes, layers and waste as one builder', () => {
    const view = (v: VariantResult) => ({
      outcome: v.outcome, smoke: v.smoke?.passed, sizeBytes: v.sizeBytes, wastedBytes: v.wastedBytes, efficiency: v.efficiency,
      layers: v.layers, compressedZstdMethod: v.compressedZstdMethod,
    });
    expect(two.variants.map((v) => v.name).sort()).toEqual(['all', 'dockerignore', 'merge-runs', 'original']);
    for (const v of one.variants) expect(view(byName(two).get(v.name)!), v.name).toEqual(view(v));
    expect(one.variants.every((v) => v.outcome === 'ok')).toBe(true);
    expect(byName(one).get('original')!.sizeBytes! - byName(one).get('merge-runs')!.sizeBytes!).toBe(2_000_000);
  });

  it('gives the same compressed sizes, to the few bytes that build-time file dates change in any two builds', () => {
    // Layer tars carry each file's mtime, so two builds of one Dockerfile gzip to a few bytes more or less, on one
    // builder as on two (measured here: at most 7 bytes gzip, 40 bytes zstd, of 42 MB / 34 MB).
    for (const v of one.variants) {
      const w = byName(two).get(v.name)!;
      expect(w.compressedBytes!, v.name).toBeGreaterThan(40_000_000);
      expect(Math.abs(w.compressedBytes! - v.compressedBytes!), v.name).toBeLessThanOrEqual(256);
      expect(Math.abs(w.compressedZstdBytes! - v.compressedZstdBytes!), v.name).toBeLessThanOrEqual(1024);
    }
  });

  it('removes the run\'s labelled images and containers on both engines', () => {
    for (const host of [null, SECOND_HOST]) {
      expect(labelled(host, 'images', two.runId)).toEqual([]);
      expect(labelled(host, 'ps', two.runId)).toEqual([]);
    }
  });

  it('traces minify\'s smoke probes on the engine that holds the traced image, the original\'s and the one under minify on top', async () => {
    // The second builder first: the original is loaded into the second engine, which the tracer must run on.
    const traced = await run(project(), 'out-minify', 'dflab-second,default', 'merge-runs,minify');
    const v = byName(traced);
    expect(v.get('original')!.builder).toBe('dflab-second');
    expect((traced.skippedRules ?? []).map((s) => s.rule)).not.toContain('minify');
    for (const name of ['minify', 'merge-runs+minify']) {
      expect(v.get(name)?.outcome, name).toBe('ok');
      expect(v.get(name)!.smoke?.passed, name).toBe(true);
      expect(v.get(name)!.sizeBytes!, name).toBeLessThan(v.get('original')!.sizeBytes! / 4);
    }
    for (const host of [null, SECOND_HOST]) {
      expect(labelled(host, 'ps', traced.runId)).toEqual([]);
      expect(dockerOn(host, ['volume', 'ls', '-q', '--filter', `label=dflab.run=${traced.runId}`]).trim()).toBe('');
    }
  });
});
