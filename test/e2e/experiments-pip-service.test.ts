// End to end on experiments/pip-service: a pip project on python:3.13 whose requirements mix the service's
// dependencies with notebook, test and lint tools, installed from a private index of real wheels served on
// 127.0.0.1:3141 (scripts/pip-index/). pip's cache, --no-cache-dir, a cache mount, pruning and multi-stage must
// each show a real difference.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VariantResult } from '../../src/results.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';
import { applyPatch, dflabRun, experimentDir, variant, type DflabRun } from '../helpers/experiments.js';
import { startPipIndex, type PipIndex } from '../helpers/pip-index.js';

const project = experimentDir('pip-service');
const MB = 1024 * 1024;
// Each rule alone plus `all`; base-slim, layer-order and dockerignore are left to the full run (README).
const RULES = 'pip-no-cache,pip-cache-mount,prune-requirements,multi-stage,base-alpine';


describe('experiments/pip-service', () => {
  let server: PipIndex | null = null;
  let run: DflabRun;
  const size = (name: string) => variant(run.results, name).sizeBytes!;

  beforeAll(async () => {
    server = await startPipIndex();
    run = await dflabRun(project, ['--rules', RULES], 15);
  });

  afterAll(() => {
    server?.close();
  });

  it('builds and smoke-tests the original and every variant but alpine', () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    for (const v of run.results.variants.filter((x) => x.name !== 'base-alpine')) {
      expect(v.outcome, `${v.name}: ${v.error}`).toBe('ok');
      expect(v.smoke?.passed, v.name).toBe(true);
    }
    expect(variant(run.results, 'base-alpine').outcome).toBe('base-unavailable');
  });

  it("pip's cache in the image is real: --no-cache-dir and a cache mount both drop it", () => {
    const cache = size('original') - size('pip-no-cache');
    expect(cache).toBeGreaterThan(80 * MB); // the wheels are ~110 MB; pip keeps a copy of each download
    expect(Math.abs(size('pip-cache-mount') - size('pip-no-cache'))).toBeLessThan(5 * MB);
  });

  it('pruning drops the notebook, test and lint packages the service never imports', () => {
    const saved = size('original') - size('prune-requirements');
    const analyzed = (run.results as { importAnalysis?: { method?: string } | null }).importAnalysis?.method === 'import-analysis';
    // Fallback list: pytest-acme, flake8-acme, types-acme (~15 MB, twice with the cache). With the import
    // analysis also chartkit, notebook-kit and widgetkit (~67 MB more, twice).
    expect(saved).toBeGreaterThan((analyzed ? 120 : 25) * MB);
  });

  it('multi-stage on the slim base is a fraction of the original, and the recommended variant applies as a patch', () => {
    expect(size('multi-stage')).toBeLessThan(0.45 * size('original'));
    const rec: VariantResult = variant(run.results, run.results.recommended!);
    expect(rec.smoke?.passed).toBe(true);
    expect(rec.sizeBytes!).toBeLessThanOrEqual(size('multi-stage'));
    applyPatch(project, run.out, rec);
  });

  it('leaves no container and no image with the run label', () => {
    expect(containersWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
  });
});
