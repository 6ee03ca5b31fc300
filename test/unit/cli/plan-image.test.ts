// `dflab plan --image` as text: each predicted variant with its size, compressed size, saving and top contributors;
// an unpredicted one says why, with its code, and shows no number.
import { describe, expect, it } from 'vitest';
import { formatPredictions, type ImagePrediction } from '../../../src/cli/plan-image.js';

const MB = 1_000_000;
const p: ImagePrediction = {
  image: 'app:orig', sizeBytes: 900 * MB, compressedBytes: 400 * MB, compressedMeasured: false, objective: 'size',
  variants: [
    { name: 'prune-requirements', rules: ['prune-requirements'], sizeBytes: 500 * MB, compressedBytes: 240 * MB,
      prediction: { predicted: true, sizeBytes: -400 * MB, compressedBytes: -160 * MB, byCategory: { python: -400 * MB }, contributors: [{ what: 'torch and 12 packages only it needs', bytes: -400 * MB }] } },
    { name: 'original', rules: [], sizeBytes: 900 * MB, compressedBytes: 400 * MB, prediction: { predicted: true, sizeBytes: 0, compressedBytes: 0, byCategory: {}, contributors: [] } },
    { name: 'torch-cpu', rules: ['torch-cpu'], sizeBytes: null, compressedBytes: null,
      prediction: { predicted: false, reason: { code: 'replacement-unsized', message: 'not sized offline' } } },
  ],
};

describe('formatPredictions', () => {
  it('shows sizes, the saving and its contributors, and why a variant is not predicted', () => {
    const text = formatPredictions(p);
    expect(text).toContain('  prune-requirements          500 MB  compressed ~   240 MB  −400 MB');
    expect(text).toContain('−400 MB: torch and 12 packages only it needs');
    expect(text).toContain('torch-cpu                not predicted: [replacement-unsized] not sized offline');
    expect(text).not.toMatch(/torch-cpu.*MB/);
  });
});
