import { describe, expect, it } from 'vitest';
import { explainRules } from '../../../src/report/explain.js';
import { breakdown } from '../../../src/report/layer-categories.js';
import { highlightPatch } from '../../../src/report/highlight.js';
import { niceScale } from '../../../src/report/charts.js';
import type { VariantResult } from '../../../src/results.js';
import { fixtureRun } from './fixture.js';

const variants = () => fixtureRun().results.variants;
const notes = { 'base-slim': ['a note'] };

describe('explainRules', () => {
  it('measures each rule alone against original', () => {
    const e = explainRules({ variants: variants(), notes, skipped: [] });
    const slim = e.rules.find((r) => r.rule === 'base-slim')!;
    expect(slim.alone).toEqual({
      variant: 'base-slim', outcome: 'ok',
      saving: expect.objectContaining({ sizeBytes: 1_093_000_000 - 312_400_000, compressedBytes: 406_200_000 - 98_100_000 }),
    });
    expect(slim.alone!.saving!.coldSeconds).toBeCloseTo(48.2 - 41.7);
    expect(slim.givesUp).toEqual(['a note', expect.stringContaining('slim base lacks the compilers')]);
    expect(slim.inCumulative).toBe(true);
  });

  it('measures a rule\'s share in `all` only where all-minus-that-rule ran, and says so', () => {
    const e = explainRules({ variants: variants(), notes, skipped: [] });
    const share = Object.fromEntries(e.rules.map((r) => [r.rule, r.inChain?.without ?? null]));
    // slim-nocache is all minus apt-hygiene; nothing is all minus base-slim or minus pip-no-cache.
    expect(share).toMatchObject({ 'apt-hygiene': 'slim-nocache', 'base-slim': null, 'pip-no-cache': null });
    expect(e.rules.find((r) => r.rule === 'apt-hygiene')!.inChain!.saving!.sizeBytes).toBe(290_800_000 - 268_000_000);
    expect(e.method).toContain('measured for 1 of 3 rules');
    expect(e.cumulative).toMatchObject({ variant: 'all', outcome: 'ok', sumOfAlone: null }); // apt-hygiene alone failed
  });

  it('gives the failure as the first cost of a rule whose variant failed', () => {
    const e = explainRules({ variants: variants(), notes: {}, skipped: [] });
    expect(e.rules.find((r) => r.rule === 'base-alpine')!.givesUp[0]).toBe('base image unavailable: base image python:3.13-alpine is not available (no registry is reachable)');
    // merge-runs made apt-hygiene's build (its alias): measured as that variant, failure first.
    expect(e.rules.find((r) => r.rule === 'merge-runs')).toMatchObject({ alone: { variant: 'apt-hygiene', outcome: 'build-failed' }, aloneMissing: null });
    expect(e.rules.find((r) => r.rule === 'merge-runs')!.givesUp[0]).toMatch(/^build failed: step/);
  });

  it('reads runs written before aliases: a rule deduped as same-as-variant is listed without a variant', () => {
    const old = variants().map(({ aliases: _, ...v }) => v);
    const e = explainRules({ variants: old, notes: {}, skipped: [{ rule: 'merge-runs', code: 'same-as-variant', reason: 'same as apt-hygiene' }] });
    expect(e.rules.find((r) => r.rule === 'merge-runs')).toMatchObject({ alone: null, aloneMissing: 'same as apt-hygiene' });
  });

  it('lists a rule without a variant only when its variant was deduped, by code', () => {
    const skipped = [
      { rule: 'merge-runs', code: 'same-as-variant', reason: 'identical to apt-hygiene' },
      { rule: 'dockerignore', code: 'no-context-copy', reason: 'same as nothing: a message that merely starts like a dedup' },
    ] as const;
    const listed = explainRules({ variants: variants().map(({ aliases: _, ...v }) => v), notes: {}, skipped: [...skipped] }).rules.map((r) => r.rule);
    expect(listed).toContain('merge-runs');
    expect(listed).not.toContain('dockerignore');
  });

  it('says nothing is measured about combining when there is no cumulative variant', () => {
    const e = explainRules({ variants: variants().filter((v) => v.name !== 'all'), notes: {}, skipped: [] });
    expect(e.cumulative).toBeNull();
    expect(e.method).toContain('no cumulative variant was run');
  });
});

describe('layer categories', () => {
  it('splits base, dependencies and app by instruction, and takes waste out in proportion', () => {
    const v = { sizeBytes: 1000, wastedBytes: 100, layers: [
      { instruction: 'base', line: null, stage: null, sizeBytes: 500 },
      { instruction: 'RUN apt-get update && apt-get install -y curl', line: 2, stage: 0, sizeBytes: 300 },
      { instruction: 'COPY requirements.txt .', line: 3, stage: 0, sizeBytes: 0 },
      { instruction: 'COPY --from=builder /venv /venv', line: 4, stage: 1, sizeBytes: 100 },
      { instruction: 'COPY . .', line: 5, stage: 1, sizeBytes: 100 },
    ] } as unknown as VariantResult;
    expect(breakdown(v)).toEqual({ base: 450, dependencies: 360, app: 90, waste: 100, other: 0 });
  });
});

describe('highlightPatch', () => {
  it('classes diff lines and Dockerfile tokens', () => {
    const lines = highlightPatch('diff --git a/Dockerfile b/Dockerfile\n@@ -1 +1 @@\n-FROM python:3.13\n+RUN pip install --no-cache-dir "$PKG" # x\n');
    expect(lines.map((l) => l.cls)).toEqual(['file', 'hunk', 'del', 'add']);
    expect(lines[3]!.tokens.map((t) => `${t.cls}:${t.text}`)).toEqual(['mark:+', 'kw:RUN', ': pip install ', 'flag:--no-cache-dir', ': ', 'str:"$PKG"', ': # x']);
  });
});

describe('niceScale', () => {
  it('ends on a round number above the data', () => {
    expect(niceScale([48.2, 12.4])).toEqual({ min: 0, max: 50, ticks: [0, 10, 20, 30, 40, 50] });
    expect(niceScale([])).toEqual({ min: 0, max: 1, ticks: [0, 0.5, 1] });
  });
});
