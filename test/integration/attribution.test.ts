// Byte attribution of a real image built on the stand-in base: apt (a small package and its libraries), pip (local
// wheels, one requiring the other), a file written then deleted, a COPY of a data dir. The attributed bytes add up to
// the engine's image size, and the named packages carry the bytes dpkg -L and RECORD say their files hold.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contextFileSizes } from '../../src/context/index.js';
import { imageHistory, inspectImage } from '../../src/engine/docker.js';
import { readLayerEntries } from '../../src/engine/layer-contents.js';
import { attributeImage, attributionWants, type Attribution } from '../../src/measure/attribution/index.js';
import { docker, imagesWithLabel } from '../helpers/engine.js';

const runId = `itg-attrib-${process.pid}-${Date.now()}`;
const tag = `dflab-itg:${runId}`;
const BASE = 'python:3.13-slim';
const dir = mkdtempSync(join(tmpdir(), 'dflab-attrib-'));
const MB = 1_000_000;

/** name-1.0-py3-none-any.whl: a package with a 300 kB blob, METADATA with its Requires-Dist, a RECORD. */
const WHEEL_MAKER = `
import sys, zipfile
out, name, requires = sys.argv[1], sys.argv[2], sys.argv[3:]
dist = f"{name}-1.0.dist-info"
files = {
    f"{name}/__init__.py": "X = 1\\n",
    f"{name}/blob.bin": "x" * 300000,
    f"{dist}/METADATA": "Metadata-Version: 2.1\\nName: " + name + "\\nVersion: 1.0\\n" + "".join(f"Requires-Dist: {r}\\n" for r in requires),
    f"{dist}/WHEEL": "Wheel-Version: 1.0\\nGenerator: dflab-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
}
with zipfile.ZipFile(f"{out}/{name}-1.0-py3-none-any.whl", "w") as z:
    for p, t in files.items():
        z.writestr(p, t)
    z.writestr(f"{dist}/RECORD", "".join(f"{p},,\\n" for p in files) + f"{dist}/RECORD,,\\n")
`;

const DOCKERFILE = `FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends jq
COPY wheels/ /wheels/
RUN pip install --no-index --find-links /wheels alpha
RUN head -c ${3 * MB} /dev/urandom > /tmp/dump.bin
RUN rm /tmp/dump.bin
COPY data/ /app/data/
`;

/** Bytes of a package's regular files as the image itself reports them: dpkg -L, and dpkg's own files for it. */
const DPKG_BYTES = `for f in $(dpkg -L "$1") /var/lib/dpkg/info/"$1".* /var/lib/dpkg/info/"$1":*.*; do [ -f "$f" ] && [ ! -L "$f" ] && stat -c %s "$f"; done | awk '{s+=$1} END {print s}'`;
/** Bytes of the files a distribution's RECORD lists, as the image reports them. */
const RECORD_BYTES = `import importlib.metadata as m, os, sys
d = m.distribution(sys.argv[1])
print(sum(os.path.getsize(p) for p in (d.locate_file(f) for f in d.files) if os.path.isfile(p) and not os.path.islink(p)))`;

let a: Attribution;
let sizeBytes: number;
let baseLayers: number;
const inImage = (cmd: string[]) => Number(docker(['run', '--rm', '--label', `dflab.run=${runId}`, tag, ...cmd]));

beforeAll(async () => {
  mkdirSync(join(dir, 'wheels'));
  execFileSync('python3', ['-c', WHEEL_MAKER, join(dir, 'wheels'), 'alpha', 'beta']);
  execFileSync('python3', ['-c', WHEEL_MAKER, join(dir, 'wheels'), 'beta']);
  mkdirSync(join(dir, 'data', 'raw'), { recursive: true });
  writeFileSync(join(dir, 'data', 'raw', 'dump.csv'), 'a,b\n'.repeat(500_000));
  writeFileSync(join(dir, 'data', 'labels.txt'), 'x\n'.repeat(1000));
  writeFileSync(join(dir, 'Dockerfile'), DOCKERFILE);
  docker(['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
  const [info, base, history, layers, context] = await Promise.all([
    inspectImage(tag), inspectImage(BASE), imageHistory(tag), readLayerEntries(tag, attributionWants), contextFileSizes(dir),
  ]);
  sizeBytes = info!.sizeBytes;
  baseLayers = base!.layers.length;
  a = attributeImage({ image: tag, sizeBytes, history, layers, baseLayerCount: baseLayers, context });
});

afterAll(() => {
  for (const id of imagesWithLabel(`dflab.run=${runId}`)) docker(['rmi', '-f', id]);
  rmSync(dir, { recursive: true, force: true });
});

describe('attributeImage on a real image', () => {
  it('attributes bytes that add up to the image size within 1%, with little left as "other"', () => {
    expect(Math.abs(a.attributedBytes - sizeBytes) / sizeBytes).toBeLessThan(0.01);
    expect(a.categories.map((c) => c.category)).toEqual(expect.arrayContaining(['base', 'deb', 'python', 'copy', 'waste']));
    expect(a.otherBytes / a.attributedBytes).toBeLessThan(0.05);
  });

  it('gives jq and its libraries the bytes dpkg -L lists, and names the libraries only jq pulls in', () => {
    const jq = a.packages.find((p) => p.kind === 'deb' && p.name === 'jq')!;
    expect(jq.bytes).toBe(inImage(['sh', '-c', DPKG_BYTES, 'sh', 'jq']));
    expect(jq.onlyPulls.names).toEqual(expect.arrayContaining(['libjq1', 'libonig5']));
    const lib = a.packages.find((p) => p.name === 'libjq1')!;
    expect(lib.bytes).toBe(inImage(['sh', '-c', DPKG_BYTES, 'sh', 'libjq1']));
    expect(jq.onlyPulls.bytes).toBeGreaterThanOrEqual(lib.bytes);
  });

  it('gives each pip-installed distribution the bytes of its RECORD, and alpha the beta only it requires', () => {
    for (const name of ['alpha', 'beta']) {
      const dist = a.packages.find((p) => p.kind === 'python' && p.name === name)!;
      expect(dist.bytes, name).toBe(inImage(['python', '-c', RECORD_BYTES, name]));
      expect(dist.bytes).toBeGreaterThan(300_000);
    }
    const alpha = a.packages.find((p) => p.name === 'alpha')!;
    expect(alpha).toMatchObject({ root: true, onlyPulls: { names: ['beta'] } });
  });

  it('counts the file written then deleted as waste of the layer that wrote it', () => {
    const dump = a.waste.find((w) => w.top.some((t) => t.path === '/tmp/dump.bin'))!;
    expect(dump.bytes).toBe(3 * MB);
    expect(dump.hiddenBy).toEqual([{ layer: dump.layer + 1, bytes: 3 * MB }]);
  });

  it('matches the COPY of the data dir to its context paths', () => {
    const copy = a.copies.find((c) => c.instruction.includes('data/'))!;
    expect(copy.matchedBytes).toBe(copy.bytes);
    expect(copy.groups.map((g) => [g.path, g.bytes])).toEqual([['data/raw/', 2 * MB], ['data/', 2000]]); // data/labels.txt: the files right under data/
    expect(copy.groups.map((g) => g.matched)).toEqual([true, true]);
    const wheels = a.copies.find((c) => c.instruction.includes('wheels/'))!;
    expect(wheels.groups[0]!.path).toBe('wheels/');
  });
});
