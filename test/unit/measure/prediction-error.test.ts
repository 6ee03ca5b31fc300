import { describe, expect, it } from 'vitest';
import { errorPercent, median, meetsGoal, summarize, variantErrors, type Figures } from '../../../src/measure/prediction-error.js';

const figs = (size: number | null, compressed: number | null, cold: number | null): Figures => ({ size, compressed, cold });

describe('prediction errors', () => {
  it('is signed, in percent of the measured value, and null without both figures', () => {
    expect(errorPercent(110, 100)).toBeCloseTo(10);
    expect(errorPercent(90, 100)).toBeCloseTo(-10);
    expect(errorPercent(null, 100)).toBeNull();
    expect(errorPercent(100, null)).toBeNull();
    expect(errorPercent(5, 0)).toBeNull();
  });

  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it('matches variants by name, summarizes |error| per figure and names the worst (signed)', () => {
    const predicted = new Map([['original', figs(1000, 400, 10)], ['slim', figs(520, 200, null)], ['nocache', figs(880, 390, 9)]]);
    const measured = new Map([['original', figs(1000, 500, 12)], ['slim', figs(500, 210, 6)], ['nocache', figs(800, 400, 9)], ['alpine', figs(300, 100, 5)]]);
    const rows = variantErrors(predicted, measured);
    expect(rows.map((r) => r.name)).toEqual(['original', 'slim', 'nocache', 'alpine']);
    expect(rows[3]!.size).toEqual({ predicted: null, measured: 300, errorPercent: null });
    const size = summarize(rows, 'size', ['original']);
    expect(size.count).toBe(2);
    expect(size.medianAbsPercent).toBeCloseTo(7); // 4% and 10%
    expect(size.worst).toEqual({ name: 'nocache', errorPercent: expect.closeTo(10) as number });
    const compressed = summarize(rows, 'compressed');
    expect(compressed.count).toBe(3); // the original's compressed size is itself estimated: it counts
    expect(compressed.worst!.name).toBe('original');
    expect(compressed.worst!.errorPercent).toBeCloseTo(-20);
    expect(summarize(rows, 'cold').count).toBe(2); // slim's cold time was not predicted
  });

  it('meets a goal on the median and the worst, and says null when nothing was compared', () => {
    const s = { count: 2, medianAbsPercent: 4, worst: { name: 'x', errorPercent: -16 } };
    expect(meetsGoal(s, { medianPercent: 5 })).toBe(true);
    expect(meetsGoal(s, { medianPercent: 5, worstPercent: 15 })).toBe(false);
    expect(meetsGoal(s, { medianPercent: 3 })).toBe(false);
    expect(meetsGoal({ count: 0, medianAbsPercent: null, worst: null }, { medianPercent: 5 })).toBeNull();
  });
});
