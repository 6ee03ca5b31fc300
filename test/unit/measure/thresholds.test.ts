import { describe, expect, it } from 'vitest';
import { checkThresholds, growthGates, parseByteSize, parsePercent, thresholdGates } from '../../../src/measure/thresholds.js';

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

describe('check gates', () => {
  const before = { sizeBytes: 100e6, compressedBytes: 40e6, efficiency: 0.99, wastedBytes: 1e6 };

  it('one gate per threshold, passing ones included, with their figures', () => {
    const gates = thresholdGates(before, { maxSize: 200e6, maxWasted: 5e5 });
    expect(gates.map((g) => [g.id, g.ok])).toEqual([['max-size', true], ['max-wasted', false]]);
    expect(gates[1]).toMatchObject({ value: 1e6, limit: 5e5, message: 'wasted space 1 MB exceeds 500 kB by 500 kB' });
  });

  it('growth: size, compressed and wasted each against the baseline, per limit given', () => {
    const same = growthGates(before, before, { maxPercent: 5, maxBytes: 50e6 });
    expect(same.map((g) => g.id)).toEqual([
      'growth-size-percent', 'growth-size-bytes', 'growth-compressed-percent', 'growth-compressed-bytes', 'growth-wasted-percent', 'growth-wasted-bytes',
    ]);
    expect(same.every((g) => g.ok)).toBe(true);
    const grown = growthGates({ ...before, sizeBytes: 106e6 }, before, { maxPercent: 5, maxBytes: 50e6 });
    expect(grown.filter((g) => !g.ok).map((g) => g.id)).toEqual(['growth-size-percent']);
    expect(grown[0]).toMatchObject({ value: 106e6, limit: 5e6, baseline: 100e6 });
    expect(grown[0]?.message).toBe('size 100 MB → 106 MB, +6 MB (+6.0%): exceeds the allowed 5%');
  });

  it('a shrink passes; a figure missing on either side fails and says which', () => {
    expect(growthGates({ ...before, sizeBytes: 50e6 }, before, { maxBytes: 0 })[0]).toMatchObject({ ok: true, message: 'size 100 MB → 50 MB, −50 MB (−50.0%): within the allowed 0 B' });
    const [, compressed] = growthGates(before, { ...before, compressedBytes: null }, { maxPercent: 5 });
    expect(compressed).toMatchObject({ ok: false, message: 'compressed growth: not measured in the baseline (limit 5%)' });
  });

  it('parses percentages', () => {
    expect(parsePercent('5%')).toBe(5);
    expect(parsePercent('2.5')).toBe(2.5);
    expect(parsePercent('-1%')).toBeNull();
    expect(parsePercent('five')).toBeNull();
  });
});
