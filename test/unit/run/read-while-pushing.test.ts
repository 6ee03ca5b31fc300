// Whether the original's layer read waits for its push (then reads the new layers back from the registry) or runs
// beside it through `docker save`: only a large stack of layers this machine has not read is worth a whole save.
import { describe, expect, it } from 'vitest';
import { READ_WHILE_PUSHING_BYTES, readWhilePushing } from '../../../src/run/predictions.js';

const GB = 1024 ** 3;

describe('readWhilePushing', () => {
  it('text-classifier cold: ~3 GB of new layers on its base, none read before — read beside the push', () => {
    expect(readWhilePushing({ imageBytes: 4.1 * GB, baseBytes: 1.0 * GB, unknownLayers: 9 })).toBe(true);
  });

  it('hello-py or pip-service: a small stack on a large base waits for the short push (no save of the whole image)', () => {
    expect(readWhilePushing({ imageBytes: 828e6, baseBytes: 827e6, unknownLayers: 9 })).toBe(false);
    expect(readWhilePushing({ imageBytes: 1.06e9, baseBytes: 0.83e9, unknownLayers: 3 })).toBe(false);
  });

  it('every layer already read on this machine: nothing to read, the push comes first as before', () => {
    expect(readWhilePushing({ imageBytes: 4.1 * GB, baseBytes: 1.0 * GB, unknownLayers: 0 })).toBe(false);
  });

  it('the threshold is on the bytes above the base, inclusive; FROM scratch counts the whole image', () => {
    expect(readWhilePushing({ imageBytes: 2 * GB, baseBytes: 2 * GB - READ_WHILE_PUSHING_BYTES, unknownLayers: 1 })).toBe(true);
    expect(readWhilePushing({ imageBytes: 2 * GB, baseBytes: 2 * GB - READ_WHILE_PUSHING_BYTES + 1, unknownLayers: 1 })).toBe(false);
    expect(readWhilePushing({ imageBytes: 1.5 * GB, baseBytes: 0, unknownLayers: 2 })).toBe(true);
  });
});
