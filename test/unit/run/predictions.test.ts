import { describe, expect, it } from 'vitest';
import { figuresOf, withPrediction, type RunPrediction } from '../../../src/run/predictions.js';
import { unmeasured } from '../../../src/run/variant.js';

const p: RunPrediction = {
  predicted: true, sizeBytes: 600, compressedDelta: -100, estimatedCompressed: 250, coldSeconds: 12,
  contributors: [{ what: "pip's cache", bytes: -400, keys: ['pip-cache:rest'] }],
};

describe('withPrediction', () => {
  it('records absolute figures: compressed from the measured original, null when it was not measured', () => {
    const v = unmeasured('pip-no-cache', ['pip-no-cache'], null);
    expect(withPrediction(v, p, 300).predicted).toEqual({ sizeBytes: 600, compressedBytes: 200, coldSeconds: 12, contributors: p.contributors });
    expect(withPrediction(v, p, null).predicted?.compressedBytes).toBeNull();
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
