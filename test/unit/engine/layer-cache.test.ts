// The per-layer cache on disk: records round-trip, and a damaged, foreign or other-version record is no record.
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLayerCacheDir, LayerCache, type KnownLayer } from '../../../src/engine/layer-cache.js';

const dir = mkdtempSync(join(tmpdir(), 'dflab-layer-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const id = (c: string) => `sha256:${c.repeat(64)}`;
const layer: KnownLayer = {
  diffId: id('a'), fileBytes: 5003, zstdBytes: 120,
  entries: [
    { path: 'etc', type: 'dir', size: 0 }, { path: 'etc/big', type: 'file', size: 5000 }, { path: 'etc/ln', type: 'hardlink', size: 0 },
    { path: 'bin/sh', type: 'symlink', size: 0 }, { path: 'dev/null', type: 'other', size: 3 }, { path: 'etc/.wh.old', type: 'file', size: 0 },
  ],
};

describe('LayerCache', () => {
  it('keeps a layer on disk: a new process (a new cache on the same folder) reads it back whole', async () => {
    await new LayerCache(dir).put(layer);
    expect(readdirSync(dir)).toEqual([`${'a'.repeat(64)}.json`]);
    expect(await new LayerCache(dir).get(layer.diffId)).toEqual(layer);
    expect(await new LayerCache(dir).get(id('b'))).toBeNull();
  });

  it('without a folder, keeps layers for this process only', async () => {
    const cache = new LayerCache(null);
    await cache.put({ ...layer, diffId: id('c') });
    expect((await cache.get(id('c')))?.fileBytes).toBe(5003);
    expect(await new LayerCache(null).get(id('c'))).toBeNull();
  });

  it('ignores a damaged record, a record of another layer or version, and a diff id that is no sha256', async () => {
    const file = (c: string) => join(dir, `${c.repeat(64)}.json`);
    writeFileSync(file('d'), '{"v":1,"diffId":');
    writeFileSync(file('e'), JSON.stringify({ v: 1, diffId: id('f'), fileBytes: 0, zstdBytes: null, paths: [], types: '', sizes: [] }));
    writeFileSync(file('0'), JSON.stringify({ v: 99, diffId: id('0'), fileBytes: 0, zstdBytes: null, paths: [], types: '', sizes: [] }));
    writeFileSync(file('1'), JSON.stringify({ v: 1, diffId: id('1'), fileBytes: 0, zstdBytes: null, paths: ['a'], types: 'x', sizes: [1] }));
    const cache = new LayerCache(dir);
    for (const c of ['d', 'e', '0', '1']) expect(await cache.get(id(c))).toBeNull();
    expect(await cache.get('sha256:../../etc/passwd')).toBeNull();
  });

  it('lives under the XDG cache folder, or where DFLAB_LAYER_CACHE says ("off": nowhere)', () => {
    expect(defaultLayerCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/dflab/layers');
    expect(defaultLayerCacheDir({ DFLAB_LAYER_CACHE: '/y', XDG_CACHE_HOME: '/x' })).toBe('/y');
    expect(defaultLayerCacheDir({ DFLAB_LAYER_CACHE: 'off' })).toBeNull();
    expect(defaultLayerCacheDir({})).toMatch(/\.cache\/dflab\/layers$/);
  });
});
