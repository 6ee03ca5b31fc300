import { describe, expect, it } from 'vitest';
import { combinedSpread, median, spreadOf } from '../../../src/measure/spread.js';

describe('spread of repeated timings', () => {
  it('takes the median of odd and even counts, whatever the order', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('is half the range, and unknown from one observation', () => {
    expect(spreadOf([10.2, 9.8, 10.0])).toBeCloseTo(0.2, 10);
    expect(spreadOf([5, 5])).toBe(0);
    expect(spreadOf([5])).toBeNull();
    expect(spreadOf([])).toBeNull();
  });

  it('combines the steps of a build as independent errors', () => {
    expect(combinedSpread([{ seconds: 4, spread: 0.3 }, { seconds: 9, spread: 0.4 }])).toBeCloseTo(0.5, 10);
  });

  it('needs no spread for a step that costs nothing, and is unknown when a step that takes time has none', () => {
    expect(combinedSpread([{ seconds: 0, spread: null }, { seconds: 3, spread: 0.2 }])).toBeCloseTo(0.2, 10);
    expect(combinedSpread([{ seconds: 0.4, spread: null }, { seconds: 3, spread: 0.2 }])).toBeNull();
    expect(combinedSpread([])).toBe(0);
  });
});
