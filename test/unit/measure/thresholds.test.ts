import { describe, expect, it } from 'vitest';
import { checkThresholds, parseByteSize } from '../../../src/measure/thresholds.js';

describe('check thresholds', () => {
  it('parses sizes in decimal and binary units', () => {
    expect(parseByteSize('1.5GB')).toBe(1_500_000_000);
    expect(parseByteSize('50MB')).toBe(50_000_000);
    expect(parseByteSize('200MiB')).toBe(200 * 1024 * 1024);
    expect(parseByteSize('123')).toBe(123);
    expect(parseByteSize('1.5 parsecs')).toBeNull();
  });

  it('lists one line per violation and nothing when all hold', () => {
    const m = { sizeBytes: 2e9, compressedBytes: 5e8, efficiency: 0.9, wastedBytes: 1e8 };
    expect(checkThresholds(m, { maxSize: 3e9, maxCompressed: 6e8, minEfficiency: 0.8, maxWasted: 2e8 })).toEqual([]);
    const v = checkThresholds(m, { maxSize: 1.5e9, minEfficiency: 0.95, maxWasted: 5e7 });
    expect(v).toHaveLength(3);
    expect(v[0]).toBe('size 2 GB exceeds 1.5 GB by 500 MB');
    expect(v[1]).toMatch(/wasted space 100 MB exceeds 50 MB/);
    expect(v[2]).toBe('efficiency 90.00% is below 95.00%');
  });

  it('treats an unmeasured value as a violation when a limit is set', () => {
    expect(checkThresholds({ sizeBytes: 1, compressedBytes: null, efficiency: null, wastedBytes: null }, { maxCompressed: 1 })).toEqual(['compressed size: not measured (limit 1 B)']);
  });
});
