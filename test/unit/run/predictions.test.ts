import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInstallHistory } from '../../../src/run/install-history.js';
import { figuresOf, rememberVariantSteps, withPrediction, type RunPrediction } from '../../../src/run/predictions.js';
import { unmeasured } from '../../../src/run/variant.js';
import type { VariantResult } from '../../../src/results.js';
import { loadFixture } from '../../helpers/corpus.js';

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

describe('rememberVariantSteps', () => {
  it("keeps the venv and file-command steps that ran in this run's variant builds, not the cached ones, nor other installs", async () => {
    const { loaded, plan } = await loadFixture('experiments/pip-service');
    const multi = plan.variants.find((v) => v.name === 'multi-stage')!;
    expect(multi.dockerfile).toContain('RUN python3 -m venv /opt/venv');
    // base-distroless points the venv at the distroless image's python: a RUN of file commands only.
    const fixUp = plan.variants.find((v) => v.name === 'base-distroless')!.dockerfile.split('\n').find((l) => l.startsWith('RUN ln -sf'))!;
    const built = (name: string, steps: { name: string; seconds: number; cached: boolean; quietSeconds?: number }[]) =>
      ({ ...unmeasured(name, [name], null), build: { coldSeconds: 1, warmSeconds: null, coldSpreadSeconds: null, steps } }) as VariantResult;
    const results = [
      built('multi-stage', [
        { name: '[builder 3/4] RUN python3 -m venv /opt/venv', seconds: 2.7, cached: false, quietSeconds: 2.7 },
        { name: '[builder 4/4] RUN pip install -r requirements.txt', seconds: 2.4, cached: false },
      ]),
      built('base-distroless', [
        { name: '[builder 3/5] RUN python3 -m venv /opt/venv', seconds: 2.9, cached: true },
        { name: `[builder 5/5] ${fixUp}`, seconds: 0.2, cached: false },
      ]),
      built('all', [{ name: '[builder 3/4] RUN python3 -m venv /opt/venv', seconds: 3.1, cached: false }]),
    ];
    const file = join(mkdtempSync(join(tmpdir(), 'dflab-venv-')), 'install-seconds.json');
    await rememberVariantSteps(results, plan, loaded, new Set(['all']), file);
    expect(await loadInstallHistory(file)).toEqual([
      { installer: 'venv', packages: 1, seconds: 2.7, fixedSeconds: 2.7 }, { installer: 'files', packages: 1, seconds: 0.2 },
    ]);
  });
});
