// The original's layers read by `docker save` while it is pushed (what a run does when over 1 GiB of unread layers
// sits on the base, forced here on hello-py with DFLAB_READ_WHILE_PUSHING_BYTES=0 and an empty layer cache) give the
// same measurements and predictions as the usual order (push, then the new layers read back from the registry), and
// the original's measurement still has its push: compressed sizes, no second push, nothing left behind.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../src/results.js';
import { root, runCli, type CliResult } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

const experiment = join(root, 'experiments/hello-py');
const NOTE = 'read by docker save while it is pushed';

async function run(env: Record<string, string>): Promise<{ cli: CliResult; results: Results }> {
  const out = join(mkdtempSync(join(tmpdir(), 'dflab-e2e-')), 'out');
  const cli = await runCli(['run', experiment, '--out', out, '--rules', 'base-slim'], { env: { ...process.env, ...env } as Record<string, string>, timeoutMinutes: 10 });
  return { cli, results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results };
}

describe('the original read while it is pushed', () => {
  let usual: { cli: CliResult; results: Results };
  let beside: { cli: CliResult; results: Results };

  beforeAll(async () => {
    usual = await run({ DFLAB_LAYER_CACHE: mkdtempSync(join(tmpdir(), 'dflab-layers-')) });
    beside = await run({ DFLAB_LAYER_CACHE: mkdtempSync(join(tmpdir(), 'dflab-layers-')), DFLAB_READ_WHILE_PUSHING_BYTES: '0' });
  }, 20 * 60_000);

  it('takes that path only when told (the note), and both runs finish every variant', () => {
    expect(usual.cli.status, usual.cli.stderr.slice(-2000)).toBe(0);
    expect(beside.cli.status, beside.cli.stderr.slice(-2000)).toBe(0);
    expect(usual.cli.stderr).not.toContain(NOTE);
    expect(beside.cli.stderr).toContain(NOTE);
    for (const { results } of [usual, beside]) {
      for (const name of ['original', 'base-slim']) expect(results.variants.find((v) => v.name === name)?.outcome).toBe('ok');
    }
  });

  it('the same sizes, compressed sizes, waste and predictions; the original pushed once', () => {
    const pick = (r: Results, name: string) => {
      const v = r.variants.find((x) => x.name === name)!;
      return { size: v.sizeBytes, compressed: v.compressedBytes, wasted: v.wastedBytes, predicted: v.predicted?.sizeBytes ?? null, layers: v.layers.length };
    };
    for (const name of ['original', 'base-slim']) expect(pick(beside.results, name)).toEqual(pick(usual.results, name));
    const original = beside.results.variants.find((v) => v.name === 'original')!;
    expect(original.compressedBytes).toBeGreaterThan(0);
    // Its push ran beside the read and still counts in its own timings.
    expect(original.timings?.push).toBeGreaterThan(0);
    expect(pick(beside.results, 'base-slim').predicted).toBeGreaterThan(0);
    // One push: a second one would have been timed into the same phase, and its log says "pushing" once.
    expect(beside.cli.stderr.match(/original: pushing/g)?.length ?? 0).toBe(1);
  });

  it('leaves no labelled container or image', () => {
    for (const { results } of [usual, beside]) {
      expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
      expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    }
  });
});
