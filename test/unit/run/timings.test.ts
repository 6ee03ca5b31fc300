import { describe, expect, it } from 'vitest';
import { resultsSchema } from '../../../src/results.js';
import { BuildSpans, noTimings, timed, unionMs } from '../../../src/run/timings.js';

describe('where the time goes', () => {
  it('unions overlapping build spans (two builds at once count once)', () => {
    expect(unionMs([])).toBe(0);
    expect(unionMs([[0, 10], [5, 15], [20, 30], [22, 25]])).toBe(25);
    expect(unionMs([[20, 30], [0, 10]])).toBe(20);
  });

  it('adds each phase’s wall seconds, also when the phase throws', async () => {
    const t = noTimings();
    await timed(t, 'smoke', () => new Promise((r) => setTimeout(r, 30)));
    await expect(timed(t, 'smoke', () => Promise.reject(new Error('x')))).rejects.toThrow('x');
    expect(t.smoke).toBeGreaterThanOrEqual(0.02);
    expect(t.build).toBe(0);
  });

  it('totals the variants and gives the share of wall time with no build running', async () => {
    const spans = new BuildSpans();
    await spans.around(() => new Promise((r) => setTimeout(r, 100)));
    await new Promise((r) => setTimeout(r, 100));
    const a = { ...noTimings(), build: 1.5, smoke: 0.25 };
    const summary = spans.summary([a, undefined, { ...noTimings(), build: 2, push: 1 }]);
    expect(summary.totals).toEqual({ ...noTimings(), build: 3.5, smoke: 0.25, push: 1 });
    expect(summary.buildingSeconds).toBeGreaterThanOrEqual(0.09);
    expect(summary.idleShare).toBeGreaterThan(0.3);
    expect(summary.idleShare).toBeLessThan(0.7);
    expect(summary.wallSeconds).toBeGreaterThanOrEqual(0.19);
  });

  it('is part of the results.json contract (optional: older files still read)', () => {
    const results = {
      schemaVersion: 1, runId: 'r', project: 'p', startedAt: 'a', finishedAt: null,
      engine: { docker: 'd', buildx: 'b', builder: 'x' }, variants: [], recommended: null,
    };
    expect(resultsSchema.safeParse(results).success).toBe(true);
    const timings = { wallSeconds: 10, totals: noTimings(), buildingSeconds: 6, idleShare: 0.4 };
    expect(resultsSchema.safeParse({ ...results, timings }).success).toBe(true);
    expect(resultsSchema.safeParse({ ...results, timings: { ...timings, idleShare: 'x' } }).success).toBe(false);
  });
});
