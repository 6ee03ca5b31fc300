// The per-layer analysis cache on a real engine: a second variant sharing the base and first layer parses only its
// new layer, and its waste, inventory and zstd size equal those of a full read; keyed reads of file texts (what
// attribution reads) are served from the cache too, a known image without any docker save.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageLayers, type ImageLayers } from '../../src/engine/image-layers.js';
import { LayerCache } from '../../src/engine/layer-cache.js';
import { pushForCompressedSize } from '../../src/engine/registry.js';
import { attributionWants, attributionWantsKey } from '../../src/measure/attribution/index.js';
import { analyzeEfficiency } from '../../src/measure/efficiency.js';
import { inventoryOf } from '../../src/measure/inventory.js';
import { docker, imagesWithLabel } from '../helpers/engine.js';

const runId = `itg-layer-cache-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'dflab-layer-cache-'));
const cacheDir = join(dir, 'cache');
const first = `FROM debian:trixie-slim
RUN head -c 300000 /dev/urandom > /big && mkdir /junk && head -c 4000 /dev/urandom > /junk/a && echo ${runId} > /id
`;
// The second variant: the same base and first step (BuildKit reuses the layer), then its own.
const second = `${first}RUN rm -rf /junk && head -c 200000 /dev/urandom > /big
`;
const tags = { a: `dflab-itg:${runId}-a`, b: `dflab-itg:${runId}-b` };

function build(tag: string, dockerfile: string): void {
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  docker(['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
}

const waste = (r: ImageLayers) => {
  const e = analyzeEfficiency(r.layers.map((l) => l.entries), 1);
  return { wastedBytes: e.wastedBytes, efficiency: e.efficiency, reclaimableBytes: e.reclaimableBytes };
};

beforeAll(() => {
  build(tags.a, first);
  build(tags.b, second);
});
afterAll(() => {
  for (const id of imagesWithLabel(`dflab.run=${runId}`)) docker(['rmi', '-f', id]);
  rmSync(dir, { recursive: true, force: true });
});

describe('per-layer analysis cache', () => {
  it('reads only the layers no earlier image brought, with the same waste, inventory and zstd size as a full read', async () => {
    const cache = new LayerCache(cacheDir);
    const a = await readImageLayers(tags.a, { cache, zstd: true });
    expect(a.read).toEqual({ parsed: 2, reused: 0, from: 'save' });

    const b = await readImageLayers(tags.b, { cache, zstd: true });
    expect(b.layers.slice(0, 2).map((l) => l.diffId)).toEqual(a.layers.map((l) => l.diffId));
    expect(b.read).toEqual({ parsed: 1, reused: 2, from: 'save' });

    const full = await readImageLayers(tags.b, { cache: new LayerCache(null), zstd: true });
    expect(full.read).toEqual({ parsed: 3, reused: 0, from: 'save' });
    expect(b.layers.map((l) => [l.diffId, l.fileBytes, l.entries])).toEqual(full.layers.map((l) => [l.diffId, l.fileBytes, l.entries]));
    expect(waste(b)).toEqual(waste(full));
    expect(waste(b).wastedBytes).toBeGreaterThan(300_000); // /big rewritten, /junk deleted: real waste compared
    expect(inventoryOf(b.layers.map((l) => l.entries))).toEqual(inventoryOf(full.layers.map((l) => l.entries)));
    expect(b.zstd).toEqual(full.zstd);
    expect(b.emptyLayer).toEqual(full.emptyLayer);
  });

  it('a later process on the same machine (a new cache on the same folder) parses nothing of a known image, and saves nothing', async () => {
    const again = await readImageLayers(tags.b, { cache: new LayerCache(cacheDir), zstd: true });
    expect(again.read).toEqual({ parsed: 0, reused: 3, from: 'cache' });
    const full = await readImageLayers(tags.b, { cache: new LayerCache(null), zstd: true });
    expect(again.zstd).toEqual(full.zstd);
    expect(again.emptyLayer).toEqual(full.emptyLayer);
    expect(waste(again)).toEqual(waste(full));
  });

  it('after the push, reads only the new layer back from the registry (no docker save), with the same results', async () => {
    const cache = new LayerCache(null);
    await readImageLayers(tags.a, { cache, zstd: true });
    const pushed = await pushForCompressedSize(tags.b, `dflab/itg-layer-cache-${process.pid}`, 'b');
    const b = await readImageLayers(tags.b, { cache, zstd: true, pushed });
    expect(b.read).toEqual({ parsed: 1, reused: 2, from: 'registry' });
    const full = await readImageLayers(tags.b, { cache: new LayerCache(null), zstd: true });
    expect(b.layers.map((l) => [l.diffId, l.fileBytes, l.entries])).toEqual(full.layers.map((l) => [l.diffId, l.fileBytes, l.entries]));
    expect(b.zstd).toEqual(full.zstd);
    expect(b.emptyLayer).toEqual(full.emptyLayer);
    expect(waste(b)).toEqual(waste(full));
  });

  it('keeps attribution\'s file texts by key: a known image is read again with no parse and no save, a sibling parses its new layer', async () => {
    const keyedDir = join(dir, 'keyed');
    const keyed = { want: attributionWants, wantKey: attributionWantsKey };
    const full = async (tag: string) => readImageLayers(tag, { cache: new LayerCache(null), want: attributionWants });
    const same = (r: ImageLayers, f: ImageLayers) => {
      expect(r.layers.map((l) => [l.diffId, l.fileBytes, l.entries, l.contents])).toEqual(f.layers.map((l) => [l.diffId, l.fileBytes, l.entries, l.contents]));
      expect(r.emptyLayer).toEqual(f.emptyLayer);
    };
    const fullA = await full(tags.a);
    expect(fullA.layers[0]!.contents.has('var/lib/dpkg/status')).toBe(true); // real texts compared below

    // headers cached by an unkeyed read do not serve a keyed one
    expect((await readImageLayers(tags.a, { cache: new LayerCache(cacheDir), ...keyed })).read).toEqual({ parsed: 2, reused: 0, from: 'save' });

    const first = await readImageLayers(tags.a, { cache: new LayerCache(keyedDir), ...keyed });
    expect(first.read).toEqual({ parsed: 2, reused: 0, from: 'save' });
    same(first, fullA);

    const again = await readImageLayers(tags.a, { cache: new LayerCache(keyedDir), ...keyed }); // a later process
    expect(again.read).toEqual({ parsed: 0, reused: 2, from: 'cache' });
    same(again, fullA);
    expect(again.emptyLayer).not.toBeNull();

    const b = await readImageLayers(tags.b, { cache: new LayerCache(keyedDir), ...keyed });
    expect(b.read).toEqual({ parsed: 1, reused: 2, from: 'save' });
    same(b, await full(tags.b));
  });

  it('a trial\'s original, pushed before its keyed read, has every new layer read from the registry (two at a time) with the texts a save gives', async () => {
    const keyed = { want: attributionWants, wantKey: attributionWantsKey };
    const pushed = await pushForCompressedSize(tags.b, `dflab/itg-layer-cache-${process.pid}`, 'b-keyed');
    const r = await readImageLayers(tags.b, { cache: new LayerCache(join(dir, 'keyed-registry')), ...keyed, pushed });
    expect(r.read).toEqual({ parsed: 3, reused: 0, from: 'registry' });
    const saved = await readImageLayers(tags.b, { cache: new LayerCache(null), want: attributionWants });
    expect(r.layers.map((l) => [l.diffId, l.fileBytes, l.entries, l.contents])).toEqual(saved.layers.map((l) => [l.diffId, l.fileBytes, l.entries, l.contents]));
    expect(r.layers[0]!.contents.has('var/lib/dpkg/status')).toBe(true);
    expect(r.emptyLayer).toEqual(saved.emptyLayer);
  });
});
