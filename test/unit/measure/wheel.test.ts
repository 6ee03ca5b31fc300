// A wheel's facts read from its zip by the dependency-free reader, on a wheel Python's zipfile wrote (a deflated
// module, a stored binary, METADATA, a zip comment after the end record).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { centralDirectory, entryData, metadataEntry, requiresDist, wheelName, zipEntries } from '../../../src/measure/wheel.js';
import { readWheel } from '../../../src/context/package-index.js';

const FILE = 'tinyrt-1.2.0-cp313-cp313-manylinux_2_28_x86_64.whl';
const PATH = `test/fixtures/wheels/${FILE}`;

describe('wheel zip reader', () => {
  const zip = new Uint8Array(readFileSync(PATH));

  it("lists the entries with their uncompressed sizes (zipfile's figures: 15,166 bytes in all)", () => {
    const at = centralDirectory(zip.subarray(zip.length - 200), zip.length)!;
    const entries = zipEntries(zip.subarray(at.offset, at.offset + at.size));
    expect(entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['tinyrt/__init__.py', 10_000], ['tinyrt/_core.so', 5000], ['tinyrt-1.2.0.dist-info/METADATA', 145], ['tinyrt-1.2.0.dist-info/RECORD', 21],
    ]);
    const meta = metadataEntry(entries)!;
    const text = new TextDecoder().decode(entryData(zip.subarray(meta.localOffset), meta)!);
    expect(requiresDist(text)).toEqual(['numpy>=1.21', 'pytest ; extra == "dev"']);
  });

  it('says null for what is not a zip', () => {
    expect(centralDirectory(new Uint8Array(100), 100)).toBeNull();
  });

  it('reads the name and version from the file name', () => {
    expect(wheelName(FILE)).toEqual({ name: 'tinyrt', version: '1.2.0' });
    expect(wheelName('torch-2.5.1+cpu-cp313-cp313-linux_x86_64.whl')).toEqual({ name: 'torch', version: '2.5.1+cpu' });
    expect(wheelName('Flake8_Acme-5.0.1-1-py3-none-any.whl')).toEqual({ name: 'flake8-acme', version: '5.0.1' });
    expect(wheelName('notes.txt')).toBeNull();
  });

  it('gives the facts of a wheel file from its tail, directory and METADATA only', async () => {
    expect(await readWheel(PATH, FILE)).toEqual({ name: 'tinyrt', version: '1.2.0', fileBytes: zip.length, unpackedBytes: 15_166, requires: ['numpy>=1.21', 'pytest ; extra == "dev"'] });
  });
});
