// Wasted space of a real image: streamed out of the engine, checked against hand-computed numbers.
// Expectations are relative to the base image's own layer, which dive's numbers include too.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker as engine } from '../../src/engine/docker.js';
import { dropEarlySave, requestSaveEarly, takeEarlySave } from '../../src/engine/early-save.js';
import { readImageLayers } from '../../src/engine/image-layers.js';
import { LayerCache } from '../../src/engine/layer-cache.js';
import { orderLayers, readLayerEntries, scanArchive, scanImage, type LayerEntries } from '../../src/engine/layer-contents.js';
import { analyzeEfficiency } from '../../src/measure/efficiency.js';
import { docker, imagesWithLabel } from '../helpers/engine.js';

const runId = `itg-layers-${process.pid}-${Date.now()}`;
const tag = `dflab-itg:${runId}`;
const dir = mkdtempSync(join(tmpdir(), 'dflab-layers-'));
const MiB = 1024 * 1024;

const dockerfile = `FROM debian:trixie-slim
RUN head -c ${5 * MiB} /dev/urandom > /big.bin
RUN head -c ${5 * MiB} /dev/urandom > /big.bin
RUN mkdir /junk && for i in 1 2 3 4; do head -c 100000 /dev/urandom > /junk/f$i; done
RUN rm -rf /junk
COPY a.txt /a.txt
COPY a.txt /a.txt
`;

let base: LayerEntries[];
let image: LayerEntries[];

beforeAll(async () => {
  writeFileSync(join(dir, 'Dockerfile'), dockerfile);
  writeFileSync(join(dir, 'a.txt'), 'a'.repeat(3000));
  docker(['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
  [base, image] = await Promise.all([readLayerEntries('debian:trixie-slim'), readLayerEntries(tag)]);
});

afterAll(() => {
  for (const id of imagesWithLabel(`dflab.run=${runId}`)) docker(['rmi', '-f', id]);
  rmSync(dir, { recursive: true, force: true });
});

describe('readLayerEntries + analyzeEfficiency on a real image', () => {
  it('lists the layers in order: the base, then one per RUN or COPY, with headers only', () => {
    expect(image).toHaveLength(base.length + 6);
    expect(image.slice(0, base.length).map((l) => l.diffId)).toEqual(base.map((l) => l.diffId));
    const runs = image.slice(base.length);
    expect(runs[0]!.entries).toContainEqual({ path: 'big.bin', type: 'file', size: 5 * MiB });
    expect(runs[1]!.fileBytes).toBe(5 * MiB);
    expect(runs[2]!.entries.filter((e) => e.path.startsWith('junk/'))).toHaveLength(4);
    expect(runs[3]!.entries).toContainEqual({ path: '.wh.junk', type: 'file', size: 0 });
    expect(base[0]!.entries.length).toBeGreaterThan(1000);
    // Two identical COPY layers: one blob in the save stream, two occurrences in RootFS.Layers.
    expect(runs[5]!.diffId).toBe(runs[4]!.diffId);
    expect(runs[5]!.entries).toEqual([{ path: 'a.txt', type: 'file', size: 3000 }]);
  });

  it('counts rewrites twice as dive does, once as reclaimable; the deleted dir only as reclaimable', () => {
    const b = analyzeEfficiency(base.map((l) => l.entries), base.length);
    const r = analyzeEfficiency(image.map((l) => l.entries), base.length);
    const n = base.length;

    expect(r.wastedBytes - b.wastedBytes).toBe(10 * MiB + 6000);
    expect(r.inefficiencies[0]).toEqual({ path: '/big.bin', cumulativeBytes: 10 * MiB, occurrences: 2, layers: [n, n + 1], removedIn: n + 1 });
    expect(r.inefficiencies[1]).toEqual({ path: '/a.txt', cumulativeBytes: 6000, occurrences: 2, layers: [n + 4, n + 5], removedIn: n + 5 });
    // /junk is a leaf once (its whiteout, sized 4 × 100000); the files under it once each: no waste
    expect(r.inefficiencies.find((i) => i.path.startsWith('/junk'))).toBeUndefined();
    expect(r.reclaimableBytes - b.reclaimableBytes).toBe(5 * MiB + 400_000 + 3000);
    expect(r.userBytes).toBe(10 * MiB + 400_000 + 6000);
    expect(r.wastedUserPercent).toBeCloseTo(r.wastedBytes / r.userBytes, 12);

    // The base is one layer with no duplicates: Σ min = Σ cumulative = its bytes.
    expect(b.efficiency).toBe(1);
    const baseBytes = base.reduce((s, l) => s + l.fileBytes, 0);
    // + big.bin, junk/f1..f4, the /junk whiteout (its subtree), a.txt; /etc is re-listed empty: 0 bytes
    const minSum = baseBytes + 5 * MiB + 400_000 + 400_000 + 3000;
    const cumulativeSum = baseBytes + 10 * MiB + 400_000 + 400_000 + 6000;
    expect(r.efficiency).toBeCloseTo(minSum / cumulativeSum, 12);
  });

  it('stops a save whose signal aborts, even before dockerd sends its first byte', async () => {
    const img = await engine().getImage(tag).inspect();
    const cancel = new AbortController();
    const scan = scanImage(img.Id, img.RootFS.Layers ?? [], { signal: cancel.signal });
    cancel.abort();
    // a whole save of this image resolves: the rejection is the abort's
    await expect(scan).rejects.toThrow();
  });
});

describe('the save the entry point asks for before dflab loads (plan --image)', () => {
  const paths = (ls: readonly LayerEntries[]) => ls.map((l) => [l.diffId, l.entries.length, l.fileBytes]);

  it('is the same archive as a save asked for later, and is taken only for the image it was asked for', async () => {
    const img = await engine().getImage(tag).inspect();
    const env = { DFLAB_LAYER_CACHE: 'off' }; // no layer known: the save is asked for
    requestSaveEarly(['plan', dir, '--image', tag], env);
    expect(await takeEarlySave(`sha256:${'0'.repeat(64)}`)).toBeNull(); // another image: closed, not handed over
    requestSaveEarly(['plan', dir, '--image', tag], env);
    const stream = await takeEarlySave(img.Id);
    expect(stream).not.toBeNull();
    const early = orderLayers(await scanArchive(stream!, new Set(img.RootFS.Layers)), img.RootFS.Layers ?? []);
    expect(paths(early)).toEqual(paths(image));
    expect(await takeEarlySave(img.Id)).toBeNull(); // taken once
  });

  it('is taken by the layer read; an image the layer cache knows is not saved at all', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'dflab-early-cache-'));
    const env = { DFLAB_LAYER_CACHE: cacheDir };
    try {
      const cache = new LayerCache(cacheDir);
      requestSaveEarly(['plan', dir, '--image', tag], env);
      const cold = await readImageLayers(tag, { cache });
      expect(cold.read.from).toBe('save');
      expect(paths(cold.layers)).toEqual(paths(image));
      const img = await engine().getImage(tag).inspect();
      expect(await takeEarlySave(img.Id)).toBeNull(); // the read took it
      requestSaveEarly(['plan', dir, '--image', tag], env);
      expect(await takeEarlySave(img.Id)).toBeNull(); // known: never asked for
      const warm = await readImageLayers(tag, { cache });
      expect(warm.read.from).toBe('cache');
    } finally {
      dropEarlySave();
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
