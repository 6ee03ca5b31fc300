// The `docker save` reader on synthetic archives (no engine): both layouts, ordering, repeated layers.
import { PassThrough, Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import { normalizeTarPath, orderLayers, readImageArchive, scanArchive } from '../../../src/engine/layer-contents.js';

type Item = { name: string; type?: 'file' | 'directory' | 'symlink' | 'link'; body?: string | Buffer; linkname?: string };

async function pack(items: Item[]): Promise<Buffer> {
  const p = tar.pack();
  for (const it of items) {
    if (it.type === 'file' || it.type === undefined) p.entry({ name: it.name }, it.body ?? '');
    else p.entry({ name: it.name, type: it.type, linkname: it.linkname });
  }
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const c of p) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const hex = (c: string) => c.repeat(64);
const layerA = () => pack([{ name: './etc/', type: 'directory' }, { name: './etc/big', body: 'x'.repeat(5000) }, { name: 'etc/ln', type: 'link', linkname: 'etc/big' }]);
const layerB = () => pack([{ name: 'etc/', type: 'directory' }, { name: 'etc/.wh.big' }, { name: 'tmp/.wh..wh..opq' }]);

describe('readImageArchive', () => {
  it('reads the OCI layout: layers by diff id, in manifest order, config blobs untouched, manifest after blobs', async () => {
    const [a, b] = [hex('a'), hex('b')];
    const outer = await pack([
      { name: 'blobs/', type: 'directory' },
      { name: `blobs/sha256/${b}`, body: await layerB() },
      { name: `blobs/sha256/${hex('c')}`, body: '{"not":"a tar"}' }, // config: parsing it would throw
      { name: `blobs/sha256/${a}`, body: await layerA() },
      { name: 'index.json', body: '{}' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: `blobs/sha256/${hex('c')}`, Layers: [`blobs/sha256/${a}`, `blobs/sha256/${b}`, `blobs/sha256/${a}`] }]) },
    ]);
    const layers = await readImageArchive(Readable.from([outer]), [`sha256:${a}`, `sha256:${b}`, `sha256:${a}`]);
    expect(layers.map((l) => [l.diffId.slice(7, 9), l.fileBytes])).toEqual([['aa', 5000], ['bb', 0], ['aa', 5000]]);
    expect(layers[0]!.entries).toEqual([
      { path: 'etc', type: 'dir', size: 0 },
      { path: 'etc/big', type: 'file', size: 5000 },
      { path: 'etc/ln', type: 'hardlink', size: 0 },
    ]);
    expect(layers[1]!.entries.map((e) => e.path)).toEqual(['etc', 'etc/.wh.big', 'tmp/.wh..wh..opq']);
  });

  it('ends the scan once manifest.json and everything it names are read: a response dockerd has not ended yet is not waited for', async () => {
    const [a, c] = [hex('a'), hex('c')];
    const outer = await pack([
      { name: `blobs/sha256/${a}`, body: await layerA() },
      { name: `blobs/sha256/${c}`, body: '{"rootfs":{"diff_ids":[]}}' },
      { name: 'index.json', body: '{}' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: `blobs/sha256/${c}`, Layers: [`blobs/sha256/${a}`] }]) },
      { name: 'oci-layout', body: '{}' },
    ]);
    const source = new PassThrough();
    source.write(outer); // never ended, as while dockerd removes its temporary copy of the image
    const scan = await scanArchive(source, new Set([`sha256:${a}`]));
    expect(orderLayers(scan, [`sha256:${a}`]).map((l) => l.fileBytes)).toEqual([5000]);
    expect(scan.json).toEqual(['{"rootfs":{"diff_ids":[]}}']);
    expect(source.destroyed).toBe(true);
  });

  it('a manifest.json read before a layer it names does not end the scan', async () => {
    const [a, b, c] = [hex('a'), hex('b'), hex('c')];
    const outer = await pack([
      { name: `blobs/sha256/${b}`, body: await layerB() },
      { name: `blobs/sha256/${c}`, body: '{}' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: `blobs/sha256/${c}`, Layers: [`blobs/sha256/${a}`, `blobs/sha256/${b}`] }]) },
      { name: `blobs/sha256/${a}`, body: await layerA() },
    ]);
    const layers = await readImageArchive(Readable.from([outer]), [`sha256:${a}`, `sha256:${b}`]);
    expect(layers.map((l) => l.fileBytes)).toEqual([5000, 0]);
  });

  it('keeps the text of the files `want` asks for, cut at its limit, in the same pass; others are drained', async () => {
    const layer = await pack([
      { name: 'var/lib/dpkg/status', body: 'Package: a\nStatus: install ok installed\n' },
      { name: 'etc/big', body: 'y'.repeat(100_000) },
      { name: 'meta/METADATA', body: 'Name: x\n\n' + 'z'.repeat(50_000) },
      { name: 'var/lib/dpkg/empty' },
    ]);
    const outer = await pack([{ name: 'manifest.json', body: JSON.stringify([{ Layers: ['l/layer.tar'] }]) }, { name: 'l/layer.tar', body: layer }]);
    const want = (p: string) => (p === 'var/lib/dpkg/status' || p === 'var/lib/dpkg/empty' ? 1 << 20 : p.endsWith('METADATA') ? 9 : 0);
    const [read] = await readImageArchive(Readable.from([outer]), ['sha256:1'], want);
    expect([...read!.contents]).toEqual([['var/lib/dpkg/status', 'Package: a\nStatus: install ok installed\n'], ['meta/METADATA', 'Name: x\n\n']]);
    expect(read!.fileBytes).toBe(40 + 100_000 + 50_009);
  });

  it('reads the legacy layout, where a repeated layer is a symlink to the first copy', async () => {
    const outer = await pack([
      { name: 'manifest.json', body: JSON.stringify([{ Config: 'c.json', Layers: ['one/layer.tar', 'two/layer.tar', 'three/layer.tar'] }]) },
      { name: 'one/layer.tar', body: await layerA() },
      { name: 'two/layer.tar', body: await layerB() },
      { name: 'three/layer.tar', type: 'symlink', linkname: '../one/layer.tar' },
      { name: 'c.json', body: '{}' },
    ]);
    const layers = await readImageArchive(Readable.from([outer]), ['sha256:1', 'sha256:2', 'sha256:1']);
    expect(layers.map((l) => [l.diffId, l.entries.length])).toEqual([['sha256:1', 3], ['sha256:2', 3], ['sha256:1', 3]]);
  });

  it('reads gzip layer blobs named by their compressed digest (containerd image store)', async () => {
    const [gzA, gzB, config] = [hex('1'), hex('2'), hex('3')];
    const outer = await pack([
      { name: `blobs/sha256/${gzA}`, body: gzipSync(await layerA()) },
      { name: `blobs/sha256/${gzB}`, body: gzipSync(await layerB()) },
      { name: `blobs/sha256/${config}`, body: '{"rootfs":{}}' },
      { name: 'manifest.json', body: JSON.stringify([{ Config: `blobs/sha256/${config}`, Layers: [`blobs/sha256/${gzB}`, `blobs/sha256/${gzA}`] }]) },
    ]);
    const layers = await readImageArchive(Readable.from([outer]), ['sha256:b', 'sha256:a']);
    expect(layers.map((l) => [l.diffId, l.entries.length, l.fileBytes])).toEqual([['sha256:b', 3, 0], ['sha256:a', 3, 5000]]);
  });

  it('fails with a cause when a layer of the manifest is missing from the stream', async () => {
    const outer = await pack([{ name: 'manifest.json', body: JSON.stringify([{ Layers: [`blobs/sha256/${hex('d')}`] }]) }]);
    await expect(readImageArchive(Readable.from([outer]), [`sha256:${hex('d')}`])).rejects.toThrow(/missing from the docker save stream/);
  });

  it('rejects a truncated stream', async () => {
    const outer = await pack([{ name: `blobs/sha256/${hex('a')}`, body: await layerA() }]);
    await expect(readImageArchive(Readable.from([outer.subarray(0, 1200)]), [`sha256:${hex('a')}`])).rejects.toThrow();
  });
});

describe('normalizeTarPath', () => {
  it.each([['./usr/bin/', 'usr/bin'], ['/etc//x', 'etc/x'], ['./', ''], ['/', ''], ['.', ''], ['a/.wh..wh..opq', 'a/.wh..wh..opq']])('%s → %s', (input, out) => {
    expect(normalizeTarPath(input)).toBe(out);
  });
});

describe('scanArchive with known layers and a sizer', () => {
  const archive = async () => {
    const [a, b] = [hex('a'), hex('b')];
    return pack([
      { name: `blobs/sha256/${a}`, body: await layerA() },
      { name: `blobs/sha256/${b}`, body: await layerB() },
      { name: 'manifest.json', body: JSON.stringify([{ Layers: [`blobs/sha256/${a}`, `blobs/sha256/${b}`] }]) },
    ]);
  };
  const ids = [`sha256:${hex('a')}`, `sha256:${hex('b')}`];
  const count = async (s: Readable) => { let n = 0; for await (const c of s) n += (c as Buffer).length; return n; };

  it('drains a known layer unparsed and unsized; the new one is parsed and sized from the same bytes', async () => {
    const sized: number[] = [];
    const scan = await scanArchive(Readable.from([await archive()]), new Set(ids), {
      skip: new Set([ids[0]!]), sizeLayer: async (s) => { const n = await count(s); sized.push(n); return n; },
    });
    expect([...scan.layers.keys()]).toEqual([`blobs/sha256/${hex('b')}`]);
    expect(sized).toEqual([(await layerB()).length]);
    const known = { entries: [], fileBytes: 7, contents: new Map<string, string>(), sized: 1 };
    const ordered = orderLayers(scan, ids, (id) => (id === ids[0] ? known : undefined));
    expect(ordered.map((l) => [l.fileBytes, l.sized])).toEqual([[7, 1], [0, (await layerB()).length]]);
  });

  it('a sizer that fails, or stops reading, leaves its error and never stalls the parse', async () => {
    const failing = await scanArchive(Readable.from([await archive()]), new Set(ids), { sizeLayer: async () => { throw new Error('no zstd'); } });
    expect([...failing.layers.values()].map((l) => [l.entries.length, (l.sized as Error).message])).toEqual([[3, 'no zstd'], [3, 'no zstd']]);
    const big = await pack([{ name: 'f', body: 'x'.repeat(4 << 20) }]);
    const outer = await pack([{ name: `blobs/sha256/${hex('a')}`, body: big }, { name: 'manifest.json', body: JSON.stringify([{ Layers: [`blobs/sha256/${hex('a')}`] }]) }]);
    const quitting = await scanArchive(Readable.from([outer]), new Set([ids[0]!]), { sizeLayer: async () => 0 });
    expect([...quitting.layers.values()].map((l) => [l.fileBytes, l.sized])).toEqual([[4 << 20, 0]]);
  });
});
