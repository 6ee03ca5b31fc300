// Every image command on the containerd image store (Docker 29's default), against the classic store:
// a second dockerd with the containerd snapshotter (scripts/engine-containerd-up.sh), reached through
// DOCKER_HOST. The same image, loaded into both, must give the same file-level waste, layer attribution
// and gzip size; what the stores define differently (image Size, `docker history` sizes) is left out
// and documented in the README ("Image stores").
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Results, VariantResult } from '../../src/results.js';
import { runCli } from '../helpers/cli.js';
import { buildOnBoth, CONTAINERD_HOST, containerdStoreUp, removeFromBoth } from '../helpers/stores.js';

const runId = `e2e-stores-${process.pid}-${Date.now()}`;
const tag = `dflab-e2e-stores:${process.pid}`;
const dockerfile = `FROM debian:trixie-slim
RUN head -c 3000000 /dev/urandom > /r && seq 1 200000 > /s && mkdir /d && head -c 100000 /dev/urandom > /d/x
RUN head -c 1000000 /dev/urandom > /r && rm -rf /s /d && ln -s /r /link
`;
const MAIN = null;
const env = (host: string | null) => ({ DOCKER_HOST: host ?? '' });
const dflab = async (host: string | null, args: string[]) => {
  const res = await runCli(args, { env: env(host) });
  expect(res.status, res.stderr).toBe(0);
  return res.stdout;
};

beforeAll(() => {
  containerdStoreUp();
  buildOnBoth(tag, runId, dockerfile);
});
afterAll(() => removeFromBoth(tag));

describe('the containerd image store', () => {
  it('the daemon under test stores images in containerd', async () => {
    const doctor = await runCli(['doctor'], { env: env(CONTAINERD_HOST) });
    expect(doctor.all).toContain('containerd image store');
  });

  it('analyze: the same layers, per-layer bytes, waste and wasted files on both stores', async () => {
    const [classic, containerd] = await Promise.all([MAIN, CONTAINERD_HOST].map(async (h) => JSON.parse(await dflab(h, ['analyze', tag, '--base', 'debian:trixie-slim', '--json'])) as Record<string, unknown>));
    const { sizeBytes: _a, ...restClassic } = classic!;
    const { sizeBytes: _b, ...restContainerd } = containerd!;
    expect(restContainerd).toEqual(restClassic);
    expect((classic!['layers'] as unknown[]).length).toBe(3);
    expect(classic!['wastedBytes']).toBeGreaterThanOrEqual(3_000_000);
  });

  it('diff: the same filesystem delta, packages and gzip sizes on both stores', async () => {
    const [classic, containerd] = await Promise.all([MAIN, CONTAINERD_HOST].map(async (h) => JSON.parse(await dflab(h, ['diff', 'debian:trixie-slim', tag, '--json'])) as Record<string, { sizeBytes: number; compressedBytes: number | null }>));
    const strip = (d: typeof classic) => ({ ...d, before: { ...d!['before'], sizeBytes: 0 }, after: { ...d!['after'], sizeBytes: 0 } });
    expect(strip(containerd)).toEqual(strip(classic));
    expect(classic!['after']!.compressedBytes).toBeGreaterThan(1_000_000);
  });

  it('run: a small trial gives the same layer attribution and waste on both stores, and zstd by BuildKit on containerd', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-stores-run-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM debian:trixie-slim\nWORKDIR /app\nRUN seq 1 300000 > /app/s && head -c 200000 /dev/zero > /app/z\nCOPY hello.sh ./\nRUN rm /app/z\nCMD ["sh", "hello.sh"]\n`);
    writeFileSync(join(dir, 'hello.sh'), 'echo ok hello\n');
    const run = async (host: string | null) => {
      const out = await dflab(host, ['run', dir, '--out', join(dir, `out-${host ? 'containerd' : 'classic'}`), '--rules', 'merge-runs', '--zstd', '--json', '--quiet']);
      return JSON.parse(out) as Results;
    };
    const classic = await run(MAIN);
    const containerd = await run(CONTAINERD_HOST);
    expect(containerd.engine.storageDriver).toBe('overlayfs');
    const original = (r: Results) => r.variants.find((v) => v.name === 'original')!;
    const view = (v: VariantResult) => ({ outcome: v.outcome, layers: v.layers, wastedBytes: v.wastedBytes, efficiency: v.efficiency, smoke: v.smoke?.passed });
    expect(view(original(containerd))).toEqual(view(original(classic)));
    expect(original(classic).outcome).toBe('ok');
    expect(original(classic).layers.map((l) => l.instruction)).toEqual(expect.arrayContaining(['base', expect.stringMatching(/^RUN seq/)]));
    expect(original(classic).wastedBytes).toBeGreaterThanOrEqual(200_000);
    expect(original(containerd).compressedZstdMethod).toBe('buildkit');
    expect(original(classic).compressedZstdMethod).toBe('zstd-cli-level-3');
    expect(original(containerd).compressedZstdBytes).toBeGreaterThan(0);
  });
});
