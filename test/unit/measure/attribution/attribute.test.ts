// Byte attribution on a synthetic image: a base layer, apt, pip, conda, caches, a file written then deleted, a
// rewrite, a COPY matched to context paths. Every stored byte lands in exactly one category.
import { describe, expect, it } from 'vitest';
import { attributeImage, type Attribution } from '../../../../src/measure/attribution/index.js';
import type { TarEntry } from '../../../../src/measure/layer-fs.js';

type Layer = { entries: TarEntry[]; contents: Map<string, string> };
/** A layer from path → size (a string is the file's text, its size its length); parent dirs listed as tars do. */
function layer(files: Record<string, number | string>): Layer {
  const entries: TarEntry[] = [];
  const dirs = new Set<string>();
  const contents = new Map<string, string>();
  for (const [path, v] of Object.entries(files)) {
    const parts = path.split('/');
    for (let k = 1; k < parts.length; k++) {
      const dir = parts.slice(0, k).join('/');
      if (!dirs.has(dir)) { dirs.add(dir); entries.push({ path: dir, type: 'dir', size: 0 }); }
    }
    const size = typeof v === 'string' ? Buffer.byteLength(v) : v;
    entries.push({ path, type: 'file', size });
    if (typeof v === 'string') contents.set(path, v);
  }
  return { entries, contents };
}

const SITE = 'usr/local/lib/python3.13/site-packages';
const stanza = (name: string, deps = '', extra = '') => `Package: ${name}\nStatus: install ok installed\nVersion: 1\nInstalled-Size: 1\n${deps ? `Depends: ${deps}\n` : ''}${extra}`;
const baseStatus = stanza('libc6', '', 'Priority: required\n');
const status = [baseStatus, stanza('torchy', 'libtorchy, libshared, libc6'), stanza('libtorchy', 'libsleef'), stanza('libsleef'), stanza('numpy-deb', 'libshared'), stanza('libshared')].join('\n');
const record = `alpha/__init__.py,sha256=a,1000\nalpha/big.bin,,200000\nalpha-1.0.dist-info/METADATA,,\nalpha-1.0.dist-info/RECORD,,\n../../../bin/alpha,,\n`;

const layers: Layer[] = [
  layer({ 'usr/lib/libc.so.6': 2_000_000, 'var/lib/dpkg/status': baseStatus, 'var/lib/dpkg/info/libc6:amd64.list': '/.\n/usr\n/lib/libc.so.6\n', 'etc/base.conf': 500 }),
  layer({ // RUN apt-get update && apt-get install torchy numpy-deb
    'var/lib/dpkg/status': status,
    'var/lib/dpkg/info/torchy.list': '/usr/bin/torchy\n', 'usr/bin/torchy': 10_000, 'var/lib/dpkg/info/torchy.md5sums': 'x  usr/bin/torchy\n',
    'var/lib/dpkg/info/libtorchy.list': '/usr/lib/libtorchy.so\n', 'usr/lib/libtorchy.so': 3_000_000,
    'var/lib/dpkg/info/libsleef.list': '/usr/lib/libsleef.so\n', 'usr/lib/libsleef.so': 400_000,
    'var/lib/dpkg/info/numpy-deb.list': '/usr/lib/python3/dist-packages/numpy/core.so\n/usr/lib/python3/dist-packages/numpy/__init__.py\n',
    'usr/lib/python3/dist-packages/numpy/core.so': 700_000, 'usr/lib/python3/dist-packages/numpy/__init__.py': 100,
    'usr/lib/python3/dist-packages/numpy/__pycache__/__init__.cpython-313.pyc': 3000, // py3compile's, in no .list
    'var/lib/dpkg/info/libshared.list': '/usr/lib/libshared.so\n/usr/share/doc/libshared/changelog.gz\n/usr/share/doc/libshared/copyright\n/usr/share/man/man3/shared.3.gz\n',
    'usr/lib/libshared.so': 50_000, 'usr/share/doc/libshared/changelog.gz': 6000, 'usr/share/doc/libshared/copyright': 900, 'usr/share/man/man3/shared.3.gz': 700,
    'var/lib/apt/lists/deb.debian.org_Packages': 9_000_000, 'var/cache/apt/pkgcache.bin': 30_000,
  }),
  layer({ // RUN pip install alpha
    [`${SITE}/alpha/__init__.py`]: 1000, [`${SITE}/alpha/big.bin`]: 200_000, [`${SITE}/alpha/__pycache__/__init__.cpython-313.pyc`]: 800,
    [`${SITE}/alpha-1.0.dist-info/METADATA`]: 'Name: alpha\nVersion: 1.0\n\n', [`${SITE}/alpha-1.0.dist-info/RECORD`]: record, [`${SITE}/alpha-1.0.dist-info/REQUESTED`]: 0,
    'usr/local/bin/alpha': 300,
    [`${SITE}/gamma/__init__.py`]: 5000, [`${SITE}/gamma-2.0.egg-info/PKG-INFO`]: 'Name: gamma\n\n', // no installed-files.txt: its top-level module
    'root/.cache/pip/http-v2/a/b/blob': 250_000, 'usr/lib/python3.13/__pycache__/os.cpython-313.pyc': 40_000,
  }),
  layer({ 'opt/conda/conda-meta/zlib-1.3-h1.json': JSON.stringify({ name: 'zlib', version: '1.3', files: ['lib/libz.so.1'], depends: [] }), 'opt/conda/lib/libz.so.1': 100_000 }),
  layer({ 'tmp/dump.bin': 5_000_000, 'etc/base.conf': 700 }), // RUN: a dump, and a rewrite of a base file
  { entries: [{ path: 'tmp', type: 'dir', size: 0 }, { path: 'tmp/.wh.dump.bin', type: 'file', size: 0 }], contents: new Map() }, // RUN rm
  layer({ 'app/app.py': 1200, 'app/data/raw/tickets.csv': 8_000_000, 'app/.hg/store/00changelog.i': 3_000_000, 'app/other.bin': 77 }),
];
const history = [
  { createdBy: '/bin/sh -c #(nop) ADD file:abc in /', sizeBytes: 1 },
  { createdBy: 'RUN /bin/sh -c apt-get update && apt-get install -y torchy numpy-deb # buildkit', sizeBytes: 1 },
  { createdBy: 'RUN /bin/sh -c pip install alpha # buildkit', sizeBytes: 1 },
  { createdBy: 'RUN /bin/sh -c conda install zlib # buildkit', sizeBytes: 1 },
  { createdBy: 'RUN /bin/sh -c make-dump # buildkit', sizeBytes: 1 },
  { createdBy: 'RUN /bin/sh -c rm /tmp/dump.bin # buildkit', sizeBytes: 0 },
  { createdBy: 'WORKDIR /app', sizeBytes: 0 },
  { createdBy: 'COPY . . # buildkit', sizeBytes: 1 },
];
const context = [
  { path: 'app.py', size: 1200 }, { path: 'data/raw/tickets.csv', size: 8_000_000 }, { path: '.hg/store/00changelog.i', size: 3_000_000 },
  { path: 'backup/app.py', size: 1200 }, { path: 'Dockerfile', size: 90 },
];
const stored = layers.reduce((s, l) => s + l.entries.reduce((t, e) => t + e.size, 0), 0);
const run = (): Attribution => attributeImage({ image: 'x', sizeBytes: stored, history, layers, baseLayerCount: 1, context });
const cat = (a: Attribution, c: string) => a.categories.find((x) => x.category === c)?.bytes ?? 0;
const pkg = (a: Attribution, name: string) => a.packages.find((p) => p.name === name)!;

describe('attributeImage', () => {
  it('puts every stored byte in one category: the categories add up to the stored bytes, per layer too', () => {
    const a = run();
    expect(a.attributedBytes).toBe(stored);
    expect(a.storedBytes).toBe(stored);
    for (const l of a.layers) expect(Object.values(l.byCategory).reduce((s, b) => s + b, 0)).toBe(l.storedBytes);
    expect(cat(a, 'apt-lists')).toBe(9_000_000);
    expect(cat(a, 'apt-cache')).toBe(30_000);
    expect(cat(a, 'pip-cache')).toBe(250_000);
    expect(cat(a, 'pycache')).toBe(40_000); // os.pyc, whose source nobody owns
    expect(a.categories.find((c) => c.category === 'pip-cache')!.top[0]!.name).toBe('/root/.cache/pip');
  });

  it('gives a Debian package the files of its .list (merged /usr too), its own database files and the bytecode of its sources', () => {
    const a = run();
    expect(pkg(a, 'numpy-deb')).toMatchObject({ pycacheBytes: 3000 });
    expect(pkg(a, 'numpy-deb').bytes).toBe(700_000 + 100 + 3000 + Buffer.byteLength(layers[1]!.contents.get('var/lib/dpkg/info/numpy-deb.list')!));
    const torchyDb = Buffer.byteLength('/usr/bin/torchy\n') + Buffer.byteLength('x  usr/bin/torchy\n');
    expect(pkg(a, 'torchy')).toMatchObject({ kind: 'deb', bytes: 10_000 + torchyDb, baseBytes: 0, inBase: false, installedSizeBytes: 1024 });
    expect(pkg(a, 'libc6')).toMatchObject({ inBase: true, bytes: 0, baseBytes: 2_000_000 + Buffer.byteLength('/.\n/usr\n/lib/libc.so.6\n') });
    expect(pkg(a, 'libsleef').bytes).toBe(400_000 + Buffer.byteLength('/usr/lib/libsleef.so\n'));
    // what a slim base's dpkg path-exclude would leave out, by /usr/share directory (copyright files apart)
    expect(pkg(a, 'libshared').shareBytes).toEqual({ 'usr/share/doc': 6000, 'usr/share/doc/*/copyright': 900, 'usr/share/man': 700 });
    expect(pkg(a, 'libsleef').shareBytes).toBeUndefined();
  });

  it('names the packages only each one pulls in, leaving out those shared with another root', () => {
    const t = pkg(run(), 'torchy');
    expect(t.onlyPulls.names).toEqual(['libsleef', 'libtorchy']); // libshared is numpy-deb's too; libc6 is the base's
    expect(t.onlyPulls.bytes).toBe(pkg(run(), 'libsleef').bytes + pkg(run(), 'libtorchy').bytes);
    expect(pkg(run(), 'numpy-deb').onlyPulls.names).toEqual([]);
  });

  it('gives a Python distribution its RECORD files (scripts outside site-packages too), else its top-level module', () => {
    const a = run();
    const metaBytes = Buffer.byteLength('Name: alpha\nVersion: 1.0\n\n') + Buffer.byteLength(record);
    // its .pyc is not in its RECORD: it goes with its source
    expect(pkg(a, 'alpha')).toMatchObject({ kind: 'python', version: '1.0', bytes: 1000 + 200_000 + 300 + 800 + metaBytes, pycacheBytes: 800, root: true });
    expect(pkg(a, 'gamma')).toMatchObject({ kind: 'python', bytes: 5000 + Buffer.byteLength('Name: gamma\n\n') });
    expect(pkg(a, 'zlib')).toMatchObject({ kind: 'conda', bytes: 100_000 + layers[3]!.contents.get('opt/conda/conda-meta/zlib-1.3-h1.json')!.length });
  });

  it('counts a file written then deleted, and a rewritten one, as waste of the layer that stored it', () => {
    const a = run();
    // the base's dpkg status, rewritten by apt, is waste of the base layer too
    const statusBytes = Buffer.byteLength(baseStatus);
    expect(a.waste.map((w) => [w.layer, w.bytes, w.hiddenBy])).toEqual([
      [0, 500 + statusBytes, [{ layer: 1, bytes: statusBytes }, { layer: 4, bytes: 500 }]], [4, 5_000_000, [{ layer: 5, bytes: 5_000_000 }]],
    ]);
    expect(a.waste[1]!.top).toEqual([{ path: '/tmp/dump.bin', bytes: 5_000_000 }]);
    expect(cat(a, 'waste')).toBe(5_000_500 + statusBytes);
    expect(a.layers[4]!.wastedBytes).toBe(5_000_000);
    // the rewritten etc/base.conf and dpkg's status file: nothing owns them
    expect(cat(a, 'other')).toBe(700 + Buffer.byteLength(status));
  });

  it('matches COPY files to context paths by name, size and the closest path, so .dockerignore candidates are sized', () => {
    const a = run();
    expect(a.copies).toHaveLength(1);
    const c = a.copies[0]!;
    expect(c).toMatchObject({ layer: 6, instruction: 'COPY . .', bytes: 11_001_277, files: 4, matchedBytes: 11_001_200 });
    expect(c.groups.map((g) => [g.path, g.bytes, g.matched])).toEqual([
      ['data/raw/', 8_000_000, true], ['.hg/store/', 3_000_000, true], ['app.py', 1200, true], ['app/', 77, false],
    ]);
    expect(cat(a, 'copy')).toBe(11_001_277);
  });

  it('without a context, groups a COPY by image path and says it is unmatched', () => {
    const a = attributeImage({ image: 'x', sizeBytes: stored, history, layers, baseLayerCount: 1 });
    expect(a.copies[0]!.matchedBytes).toBe(0);
    expect(a.copies[0]!.groups[0]).toEqual({ path: 'app/data/raw/', matched: false, bytes: 8_000_000, files: 1 });
  });
});

describe('attributeImage on a distroless-style dpkg database and other users\' caches', () => {
  it('reads status.d stanzas and owns files by .md5sums when a package has no .list; a uv cache in a home is a cache', () => {
    const image: Layer[] = [
      layer({ 'var/lib/dpkg/status.d/tzdata': 'Package: tzdata\nVersion: 2025b\nInstalled-Size: 2\n', 'var/lib/dpkg/status.d/tzdata.md5sums': 'abc  usr/share/zoneinfo/UTC\n', 'usr/share/zoneinfo/UTC': 114 }),
      layer({ 'home/app/.cache/uv/wheels-v5/x.whl': 90_000, 'home/app/.cache/pip/selfcheck.json': 40 }),
    ];
    const a = attributeImage({ image: 'd', sizeBytes: 0, history: [{ createdBy: '', sizeBytes: 1 }, { createdBy: 'RUN /bin/sh -c uv sync # buildkit', sizeBytes: 1 }], layers: image, baseLayerCount: 0 });
    const md5 = Buffer.byteLength('abc  usr/share/zoneinfo/UTC\n');
    const stanza = Buffer.byteLength('Package: tzdata\nVersion: 2025b\nInstalled-Size: 2\n');
    expect(a.packages).toEqual([expect.objectContaining({ kind: 'deb', name: 'tzdata', version: '2025b', bytes: 114 + md5 + stanza, files: 3 })]);
    expect(cat(a, 'uv-cache')).toBe(90_000);
    expect(a.categories.find((c) => c.category === 'pip-cache')!.top).toEqual([{ name: '/home/app/.cache/pip', bytes: 40, files: 1 }]);
    expect(cat(a, 'other')).toBe(0);
  });
});
