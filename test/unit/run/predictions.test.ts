import { describe, expect, it } from 'vitest';
import { figuresOf, withPrediction, type RunPrediction } from '../../../src/run/predictions.js';
import { unmeasured } from '../../../src/run/variant.js';

const p = {
  predicted: true as const, sizeBytes: 600, compressedDelta: -100, estimatedCompressed: 250, coldSeconds: 12,
  contributors: [{ what: "pip's cache", bytes: -400, keys: ['pip-cache:rest'] }],
  byCategory: { 'pip-cache': -400 }, originalLayers: [{ storedBytes: 1000, byCategory: { base: 600, python: 100, 'pip-cache': 300 } }],
} satisfies RunPrediction;

describe('withPrediction', () => {
  it('records absolute figures: compressed from the measured original, null when it was not measured', () => {
    const v = unmeasured('pip-no-cache', ['pip-no-cache'], null);
    // estimated original 350, measured 300: the −100 delta of default ratios counts as −100 × 300/350
    expect(withPrediction(v, p, 300).predicted).toEqual({ sizeBytes: 600, compressedBytes: 214, coldSeconds: 12, contributors: p.contributors });
    expect(withPrediction(v, p, null).predicted?.compressedBytes).toBeNull();
  });

  it("with the original's pushed layers, compresses the difference at the ratios each category showed there", () => {
    const layers = [{ storedBytes: 600, byCategory: { base: 600 } }, { storedBytes: 500, byCategory: { python: 100, 'pip-cache': 400 } }];
    const q = { ...p, byCategory: { base: -300, 'pip-cache': -400, copy: -100 }, originalLayers: layers };
    // base at 240/600, the pip layer at 450/500 for both its categories, copy (not in the original) at the default 0.5
    const v = withPrediction(unmeasured('x', ['x'], null), q, 690, [240, 450]);
    expect(v.predicted?.compressedBytes).toBe(690 - 120 - 360 - 50);
    // layer counts that disagree (an image read differently): the scaled default-ratio delta instead
    expect(withPrediction(unmeasured('x', ['x'], null), q, 300, [240]).predicted?.compressedBytes).toBe(214);
  });

  it('a variant that drops nearly everything (minify) stays above zero when the default ratios overestimate the original', () => {
    // hello-py, measured: the original 304.7 MB compressed, estimated 332.0 MB; minify keeps 11.07 MB (delta −327.0 MB)
    const minify: RunPrediction = { ...p, compressedDelta: -327_000_000, estimatedCompressed: 5_000_000 };
    const c = withPrediction(unmeasured('minify', ['minify'], null), minify, 304_700_000).predicted!.compressedBytes!;
    expect(c).toBeGreaterThan(0);
    expect(Math.abs(c - 4_800_000)).toBeLessThan(0.1 * 4_800_000);
  });

  it('records why a variant was not predicted, and keeps what a resumed run had predicted', () => {
    const v = unmeasured('torch-cpu', ['torch-cpu'], null);
    const none: RunPrediction = { predicted: false, reason: { code: 'replacement-unsized', message: 'not known offline' } };
    expect(withPrediction(v, none, 300)).toMatchObject({ unpredicted: { code: 'replacement-unsized', message: 'not known offline' } });
    const kept = withPrediction(unmeasured('x', [], null), p, 300);
    expect(withPrediction(kept, none, 300)).toEqual(kept);
  });

  it('orders by estimated figures; an unpredicted variant has none', () => {
    expect(figuresOf('a', p)).toEqual({ name: 'a', sizeBytes: 600, compressedBytes: 250, coldSeconds: 12 });
    expect(figuresOf('b', undefined)).toEqual({ name: 'b', sizeBytes: null, compressedBytes: null, coldSeconds: null });
  });
});
