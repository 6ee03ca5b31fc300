// `dflab analyze --attribute` as text: the accounted-for line, categories with sources, what only a package pulls in.
import { describe, expect, it } from 'vitest';
import { formatAttribution } from '../../../src/cli/attribution-text.js';
import type { Attribution } from '../../../src/measure/attribution/index.js';

const a: Attribution = {
  image: 'app:1', sizeBytes: 1_000_000_000, storedBytes: 1_000_000_000, attributedBytes: 1_000_000_000, finalBytes: 900_000_000, otherBytes: 20_000_000,
  categories: [
    { category: 'deb', bytes: 800_000_000, files: 10, sourceCount: 3, top: [{ name: 'python3-torch', bytes: 500_000_000, files: 5 }] },
    { category: 'waste', bytes: 100_000_000, files: 0, sourceCount: 1, top: [{ name: 'layer 3: RUN make', bytes: 100_000_000, files: 0 }] },
    { category: 'other', bytes: 20_000_000, files: 4, sourceCount: 1, top: [{ name: '/var/log/', bytes: 20_000_000, files: 4 }] },
  ],
  layers: [],
  packages: [
    { kind: 'deb', name: 'python3-torch', version: '2.6', bytes: 500_000_000, baseBytes: 0, files: 5, pycacheBytes: 0, inBase: false, root: true,
      onlyPulls: { names: ['libtorch2.6', 'libsleef3', 'libgomp1', 'libdnnl3', 'libfoo'], bytes: 250_000_000 } },
    { kind: 'deb', name: 'libc6', version: '2.41', bytes: 0, baseBytes: 9_000_000, files: 5, pycacheBytes: 0, inBase: true, root: true, onlyPulls: { names: [], bytes: 0 } },
  ],
  copies: [{ layer: 5, instruction: 'COPY . .', bytes: 30_000_000, files: 3, matchedBytes: 30_000_000, groups: [{ path: 'junk/', matched: true, bytes: 30_000_000, files: 1 }] }],
  waste: [],
};

describe('formatAttribution', () => {
  it('says how much of the image is accounted for and how much is "other"', () => {
    const text = formatAttribution(a);
    expect(text).toContain('attributed 1 GB of 1 GB (100.0%); "other" (no known source) 20 MB (2.0%)');
    expect(text).toMatch(/waste\s+100 MB\s+10\.0%/);
    expect(text).toContain('layer 3: RUN make');
  });

  it('lists a package with the packages only it pulls in, and the COPY layers by context path', () => {
    const text = formatAttribution(a);
    expect(text).toContain('750 MB  python3-torch 2.6: 500 MB and 5 packages only it pulls in (250 MB: libtorch2.6, libsleef3, libgomp1, libdnnl3 …)');
    expect(text).not.toContain('libc6'); // in the base, nothing above it
    expect(text).toMatch(/layer 5: COPY \. \. — 30 MB, 3 files, 30 MB matched to the context\n\s+30 MB {2}junk\//);
  });
});
