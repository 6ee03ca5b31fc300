// Inventories of final filesystems and the diff of two (pure): whiteouts honoured, packages read from dpkg's
// .list files and from dist-info directories, the largest changes first.
import { describe, expect, it } from 'vitest';
import { packageList } from '../../../src/cli/diff.js';
import { diffInventories } from '../../../src/measure/image-diff.js';
import { inventoryOf } from '../../../src/measure/inventory.js';
import type { TarEntry } from '../../../src/measure/layer-fs.js';

const file = (path: string, size: number): TarEntry => ({ path, type: 'file', size });
const dir = (path: string): TarEntry => ({ path, type: 'dir', size: 0 });

const base: TarEntry[] = [
  dir('usr'), dir('usr/bin'), file('usr/bin/gcc', 30_000_000), file('usr/bin/python3', 6_000_000),
  dir('var/lib/dpkg/info'), file('var/lib/dpkg/info/gcc-14.list', 100), file('var/lib/dpkg/info/libc6:amd64.list', 100),
];
const pipLayer: TarEntry[] = [
  dir('usr/local/lib/python3.13/site-packages/torch'), file('usr/local/lib/python3.13/site-packages/torch/lib.so', 800_000_000),
  dir('usr/local/lib/python3.13/site-packages/torch-2.5.1.dist-info'), file('usr/local/lib/python3.13/site-packages/torch-2.5.1.dist-info/METADATA', 10),
  dir('usr/local/lib/python3.13/site-packages/PyYAML-6.0.2.dist-info'), file('root/.cache/pip/http/blob', 50_000_000),
];

describe('inventoryOf', () => {
  it('sums the final filesystem and lists Debian and pip packages', () => {
    const inv = inventoryOf([base, pipLayer]);
    expect(inv.packages).toEqual({ 'deb:gcc-14': '', 'deb:libc6': '', 'pip:torch': '2.5.1', 'pip:pyyaml': '6.0.2' });
    expect(inv.totalBytes).toBe(30_000_000 + 6_000_000 + 200 + 800_000_000 + 10 + 50_000_000);
    expect(inv.dirs['usr/local/lib/python3.13']).toBe(800_000_010);
    expect(inv.dirs['usr/local/lib/python3.13/site-packages']).toBeUndefined(); // deeper than DIR_DEPTH
    expect(inv.files).toBeUndefined();
  });

  it('honours whiteouts: a file deleted in a later layer is not in the final filesystem', () => {
    const inv = inventoryOf([base, pipLayer, [file('root/.cache/pip/http/.wh.blob', 0), file('usr/bin/.wh.gcc', 0), file('var/lib/dpkg/info/.wh.gcc-14.list', 0)]], true);
    expect(inv.files?.has('root/.cache/pip/http/blob')).toBe(false);
    expect(inv.files?.has('usr/bin/gcc')).toBe(false);
    expect(inv.packages['deb:gcc-14']).toBeUndefined();
  });
});

describe('diffInventories', () => {
  it('reports what a remedy dropped: packages, directories and files, largest first', () => {
    const before = inventoryOf([base, pipLayer], true);
    const after = inventoryOf([base.filter((e) => !e.path.includes('gcc')), [dir('usr/local/lib/python3.13/site-packages/onnxruntime-1.20.0.dist-info'), file('usr/local/lib/python3.13/site-packages/onnxruntime/capi.so', 20_000_000)]], true);
    const d = diffInventories(before, after, 4);
    expect(d.packagesRemoved).toEqual(['deb:gcc-14', 'pip:pyyaml', 'pip:torch']);
    expect(d.packagesAdded).toEqual(['pip:onnxruntime']);
    expect(d.filesystemDeltaBytes).toBe(after.totalBytes - before.totalBytes);
    expect(d.dirs[0]).toMatchObject({ path: 'usr', deltaBytes: 20_000_000 - 800_000_010 - 30_000_000 });
    expect(d.dirs).toContainEqual({ path: 'usr/local/lib/python3.13', beforeBytes: 800_000_010, afterBytes: 20_000_000, deltaBytes: 20_000_000 - 800_000_010 });
    expect(d.dirs.length).toBe(4);
    expect(d.filesRemoved?.largest[0]).toEqual({ path: 'usr/local/lib/python3.13/site-packages/torch/lib.so', bytes: 800_000_000 });
    expect(d.filesRemoved?.count).toBe(5);
    expect(d.filesAdded).toEqual({ count: 1, bytes: 20_000_000, largest: [{ path: 'usr/local/lib/python3.13/site-packages/onnxruntime/capi.so', bytes: 20_000_000 }] });
  });

  it('notes a changed version (egg-info as a file, as Debian ships it, or a directory) and leaves out a directory one subdirectory fully explains', () => {
    const a = inventoryOf([[file('usr/lib/python3/dist-packages/numpy-1.26.4.egg-info', 1), file('opt/app/big', 5)]]);
    const b = inventoryOf([[dir('usr/lib/python3/dist-packages/numpy-2.2.0.egg-info')]]);
    const d = diffInventories(a, b);
    expect(d.dirs.map((x) => x.path)).toEqual(['opt/app', 'usr/lib/python3/dist-packages']);
    expect(d.packagesChanged).toEqual(['pip:numpy 1.26.4 → 2.2.0']);
  });
});

describe('package sizes (dflab diff reads dpkg status and pip RECORD files)', () => {
  const text = (path: string, content: string) => ({ path, type: 'file' as const, size: content.length, text: content });
  const status = 'Package: gcc-14\nStatus: install ok installed\nInstalled-Size: 70000\n\nPackage: libc6\nInstalled-Size: 12000\n\nPackage: tzdata\nInstalled-Size: 900\n';
  const record = 'torch/__init__.py,sha256=x,1000\ntorch/lib.so,sha256=y,800000000\ntorch-2.5.1.dist-info/RECORD,,\n';

  it('lists removed packages largest first, with their bytes, and a later status file wins over an earlier one', () => {
    const before = inventoryOf([[...base, text('var/lib/dpkg/status', status)], [...pipLayer, text('usr/local/lib/python3.13/site-packages/torch-2.5.1.dist-info/RECORD', record)]]);
    const after = inventoryOf([[dir('usr'), file('var/lib/dpkg/info/tzdata.list', 1), text('var/lib/dpkg/status', 'Package: tzdata\nInstalled-Size: 900\n')]]);
    expect(before.packageBytes).toMatchObject({ 'deb:gcc-14': 70000 * 1024, 'pip:torch': 800_001_000 });
    const d = diffInventories(before, after);
    expect(d.packagesRemoved).toEqual(['pip:torch', 'deb:gcc-14', 'deb:libc6', 'pip:pyyaml']);
    expect(d.packageBytes).toEqual({ 'pip:torch': 800_001_000, 'deb:gcc-14': 70000 * 1024, 'deb:libc6': 12000 * 1024, 'deb:tzdata': 900 * 1024 });
    expect(d.packagesAdded).toEqual(['deb:tzdata']);
  });

  it('prints "N packages removed, total" and the largest first', () => {
    expect(packageList('removed', ['pip:torch', 'deb:gcc-14', 'pip:pyyaml'], { 'pip:torch': 800_001_000, 'deb:gcc-14': 71_680_000 })).toEqual([
      '', '3 packages removed, 872 MB (2 sized):', '      800 MB  pip:torch', '     71.7 MB  deb:gcc-14', '           ?  pip:pyyaml',
    ]);
    expect(packageList('added', ['deb:a', 'deb:b'])).toEqual(['', '2 packages added:', '  deb:a deb:b']);
  });
});
