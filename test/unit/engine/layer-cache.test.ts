// The per-layer cache on disk: records round-trip (file texts by want key and images' empty_layer flags included), a
// keyed read is served only by the key's texts, and a damaged, foreign or other-version record is no record.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLayerCacheDir, LayerCache, serves, type KnownLayer } from '../../../src/engine/layer-cache.js';

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

  it('keeps the texts of each want key: a new process reads them back whole, the paths not repeated on disk', async () => {
    const texts = new Map([
      ['attribution/x', new Map([['etc/big', 'Package: a\nStatus: ok ✓\n']])],
      ['other/y', new Map<string, string>()], // a key whose want found no file in the layer: known, and empty
    ]);
    const withTexts: KnownLayer = { ...layer, diffId: id('2'), texts };
    await new LayerCache(dir).put(withTexts);
    expect(await new LayerCache(dir).get(id('2'))).toEqual(withTexts);
    const onDisk = readFileSync(join(dir, `${'2'.repeat(64)}.json`), 'utf8');
    expect(onDisk.split('etc/big')).toHaveLength(2); // once, in paths; the text names it by index
  });

  it('serves a keyed read only with that key\'s texts, and a zstd read only with the zstd size', () => {
    const keyed: KnownLayer = { ...layer, texts: new Map([['attribution/x', new Map()]]) };
    expect(serves(layer, { zstd: true })).toBe(true);
    expect(serves(layer, { zstd: false, key: 'attribution/x' })).toBe(false);
    expect(serves(keyed, { zstd: false, key: 'attribution/x' })).toBe(true);
    expect(serves(keyed, { zstd: false, key: 'attribution/z' })).toBe(false);
    expect(serves({ ...keyed, zstdBytes: null }, { zstd: true, key: 'attribution/x' })).toBe(false);
    expect(serves(null, { zstd: false })).toBe(false);
  });

  it('merges a new record of a layer with the old one: other keys\' texts and a measured zstd size stay', async () => {
    const cache = new LayerCache(dir);
    const textsOf = (key: string) => new Map([[key, new Map([['etc/big', key]])]]);
    await cache.put({ ...layer, diffId: id('3'), zstdBytes: null, texts: textsOf('k1') });
    await cache.put({ ...layer, diffId: id('3'), zstdBytes: 77 }); // an unkeyed zstd read
    await cache.put({ ...layer, diffId: id('3'), zstdBytes: null, texts: textsOf('k2') });
    const back = await new LayerCache(dir).get(id('3'));
    expect(back?.zstdBytes).toBe(77);
    expect([...back!.texts!.keys()].sort()).toEqual(['k1', 'k2']);
    expect(back?.texts?.get('k1')?.get('etc/big')).toBe('k1');
  });

  it('takes a record with damaged texts for no record', async () => {
    const record = (diffId: string, texts: unknown) => JSON.stringify({ v: 1, diffId, fileBytes: 1, zstdBytes: null, paths: ['a'], types: 'f', sizes: [1], texts });
    const damaged = [
      { k: { at: [1], text: ['x'] } }, { k: { at: [0], text: [3] } }, { k: { at: [0, 0], text: ['x'] } },
      { k: { at: [0.5], text: ['x'] } }, { k: null }, 'texts',
    ];
    const cache = new LayerCache(dir);
    const sound = `sha256:${'9'.repeat(64)}`;
    writeFileSync(join(dir, `${'9'.repeat(64)}.json`), record(sound, { k: { at: [0], text: ['x'] } }));
    expect((await cache.get(sound))?.texts?.get('k')?.get('a')).toBe('x');
    for (const [i, texts] of damaged.entries()) {
      const hex = `${'8'.repeat(63)}${i}`;
      writeFileSync(join(dir, `${hex}.json`), record(`sha256:${hex}`, texts));
      expect(await cache.get(`sha256:${hex}`)).toBeNull();
    }
  });

  it('keeps an image\'s empty_layer flags by image id, for the same diff ids only', async () => {
    const image = { id: id('4'), diffIds: [id('a'), id('2')], emptyLayer: [false, true, false] };
    await new LayerCache(dir).putImage(image);
    expect(await new LayerCache(dir).image(id('4'), image.diffIds)).toEqual(image);
    expect(await new LayerCache(dir).image(id('4'), [id('a')])).toBeNull();
    expect(await new LayerCache(dir).image(id('5'), image.diffIds)).toBeNull();
    writeFileSync(join(dir, `${'6'.repeat(64)}.image.json`), JSON.stringify({ v: 1, id: id('6'), diffIds: [], empty: '01x' }));
    writeFileSync(join(dir, `${'7'.repeat(64)}.image.json`), '{"v":1,"id":');
    expect(await new LayerCache(dir).image(id('6'), [])).toBeNull();
    expect(await new LayerCache(dir).image(id('7'), [])).toBeNull();
  });

  it('lives under the XDG cache folder, or where DFLAB_LAYER_CACHE says ("off": nowhere)', () => {
    expect(defaultLayerCacheDir({ XDG_CACHE_HOME: '/x' })).toBe('/x/dflab/layers');
    expect(defaultLayerCacheDir({ DFLAB_LAYER_CACHE: '/y', XDG_CACHE_HOME: '/x' })).toBe('/y');
    expect(defaultLayerCacheDir({ DFLAB_LAYER_CACHE: 'off' })).toBeNull();
    expect(defaultLayerCacheDir({})).toMatch(/\.cache\/dflab\/layers$/);
  });
});
