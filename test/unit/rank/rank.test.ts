import { describe, expect, it } from 'vitest';
import { rankVariants, recommendedWithout } from '../../../src/rank/index.js';
import type { Outcome, VariantResult } from '../../../src/results.js';

const MB = 1_000_000;

function variant(name: string, sizeMB: number | null, coldSeconds: number | null, outcome: Outcome = 'ok', extra: Partial<VariantResult> = {}): VariantResult {
  return {
    name, rules: name === 'original' ? [] : [name], outcome,
    dockerfile: `variants/${name}/Dockerfile`, patch: name === 'original' ? null : `patches/${name}.patch`,
    sizeBytes: sizeMB === null ? null : sizeMB * MB, compressedBytes: null, wastedBytes: null, efficiency: null, layers: [],
    build: coldSeconds === null ? null : { coldSeconds, warmSeconds: null, steps: [] },
    smoke: outcome === 'ok' || outcome === 'smoke-failed' ? { passed: outcome === 'ok', seconds: 1, startupSeconds: null, outputTail: '' } : null,
    rank: null, pareto: false, error: outcome === 'ok' ? null : `${outcome}: why`, ...extra,
  };
}

/** The golden view of a ranking: one line per variant, then the verdict. */
function summary(variants: VariantResult[], objective?: Parameters<typeof rankVariants>[1]): string[] {
  const r = rankVariants(variants, objective);
  return [
    ...r.variants.map((v) => `${v.rank ?? '-'} ${v.name} ${v.outcome}${v.pareto ? ' pareto' : ''}`),
    `recommended: ${r.recommended ?? 'none'}`,
    r.reason,
  ];
}

describe('rankVariants', () => {
  it('ranks by size, breaking ties by cold build time and then by name', () => {
    expect(summary([
      variant('original', 502, 40),
      variant('b-tied', 145, 30),
      variant('a-tied', 145, 30),
      variant('slower-tie', 145, 35),
      variant('nocache', 480, 41),
    ])).toEqual([
      '1 a-tied ok pareto',
      '2 b-tied ok pareto',
      '3 slower-tie ok',
      '4 nocache ok',
      '5 original ok',
      'recommended: a-tied',
      'a-tied is 71% smaller than original (145 MB vs 502 MB) and passed its smoke test.',
    ]);
  });

  it('never ranks a failed variant, even a smaller one; failures come last in their given order', () => {
    expect(summary([
      variant('original', 502, 40),
      variant('alpine', null, 5, 'base-unavailable'),
      variant('slim', 145, 38),
      variant('distroless', 60, 20, 'smoke-failed'),
      variant('broken', null, 3, 'build-failed'),
      variant('later', null, null, 'skipped'),
    ])).toEqual([
      '1 slim ok pareto',
      '2 original ok',
      '- alpine base-unavailable',
      '- distroless smoke-failed',
      '- broken build-failed',
      '- later skipped',
      'recommended: slim',
      'slim is 71% smaller than original (145 MB vs 502 MB) and passed its smoke test.',
    ]);
  });

  it('a variant better on both axes is the only one on the Pareto front', () => {
    expect(summary([
      variant('original', 502, 40),
      variant('multi-stage', 120, 20),
      variant('slim', 145, 30),
      variant('nocache', 480, 41),
    ])).toEqual([
      '1 multi-stage ok pareto',
      '2 slim ok',
      '3 nocache ok',
      '4 original ok',
      'recommended: multi-stage',
      'multi-stage is 76% smaller than original (120 MB vs 502 MB) and passed its smoke test.',
    ]);
  });

  it('keeps the trade-offs on the front: smaller-but-slower and faster-but-bigger', () => {
    const ranked = rankVariants([variant('original', 502, 40), variant('small', 100, 60), variant('fast', 300, 10), variant('worse', 310, 12)]);
    expect(ranked.variants.filter((v) => v.pareto).map((v) => v.name)).toEqual(['small', 'fast']);
  });

  it('recommends nothing when every variant failed, and says how they failed', () => {
    expect(summary([
      variant('original', null, 3, 'build-failed'),
      variant('slim', null, 3, 'build-failed'),
      variant('alpine', null, null, 'base-unavailable'),
    ])).toEqual([
      '- original build-failed',
      '- slim build-failed',
      '- alpine base-unavailable',
      'recommended: none',
      'None of the 3 variants finished ok (2 build-failed, 1 base-unavailable), so nothing is recommended.',
    ]);
  });

  it('recommends nothing when the original is already the smallest', () => {
    const r = rankVariants([variant('original', 100, 40), variant('nocache', 100.5, 41)]);
    expect([r.recommended, r.reason]).toEqual([null, 'original already has the smallest image (100 MB); no variant beats it.']);
  });

  it('with the build objective, recommends the fastest cold build even when it is a little bigger, and says so', () => {
    const r = rankVariants([variant('original', 500, 40), variant('cache-mount', 510, 12)], 'build');
    expect(r.variants.map((v) => v.name)).toEqual(['cache-mount', 'original']);
    expect([r.recommended, r.reason]).toEqual(['cache-mount', "cache-mount's cold build is 70% faster than original's (12.0 s vs 40.0 s; size 510 MB vs 500 MB) and passed its smoke test."]);
  });

  it('recommends nothing when the rank-1 variant ties with the original on the objective', () => {
    const r = rankVariants([variant('original', 500, 40), variant('nocache', 500, 30)]);
    expect(r.variants.map((v) => v.name)).toEqual(['nocache', 'original']);
    expect([r.recommended, r.reason]).toEqual([null, 'nocache has the smallest image but does not beat original on it (500 MB vs 500 MB), so nothing is recommended.']);
  });

  it('cannot recommend when the original produced no image', () => {
    const r = rankVariants([variant('original', null, 3, 'build-failed'), variant('slim', 145, 30)]);
    expect([r.recommended, r.reason]).toEqual([null, 'slim ranks first, but original did not produce an image (build-failed), so there is nothing to compare it with.']);
  });

  it('compares with an original that failed its smoke test and says so', () => {
    const r = rankVariants([variant('original', 502, 40, 'smoke-failed'), variant('slim', 145, 30)]);
    expect(r.reason).toBe('slim is 71% smaller than original (145 MB vs 502 MB) (original: smoke-failed) and passed its smoke test.');
  });

  it('says when there was no smoke test, and shows small savings with a decimal', () => {
    const r = rankVariants([variant('original', 500, 40, 'ok', { smoke: null }), variant('apt', 497, 40, 'ok', { smoke: null })]);
    expect(r.reason).toBe('apt is 0.6% smaller than original (497 MB vs 500 MB) and built (no smoke test is configured).');
  });

  it('ranks by compressed size, unmeasured last', () => {
    const r = rankVariants([
      variant('original', 500, 40, 'ok', { compressedBytes: 200 * MB }),
      variant('a', 300, 40, 'ok', { compressedBytes: null }),
      variant('b', 400, 40, 'ok', { compressedBytes: 100 * MB }),
    ], 'compressed');
    expect(r.variants.map((v) => `${v.rank} ${v.name}`)).toEqual(['1 b', '2 original', '3 a']);
  });

  it('balanced weighs relative size and relative build time equally', () => {
    const r = rankVariants([
      variant('original', 500, 40),
      variant('small-slow', 100, 100), // 1 × 5 = 5
      variant('mid', 200, 30), //          2 × 1.5 = 3
      variant('big-fast', 500, 20), //     5 × 1 = 5; ties with small-slow, faster cold build wins
    ], 'balanced');
    expect(r.variants.map((v) => v.name)).toEqual(['mid', 'big-fast', 'small-slow', 'original']);
  });

  it('does not mutate its input and handles an empty list', () => {
    const input = [variant('original', 500, 40)];
    rankVariants(input);
    expect(input[0]?.rank).toBeNull();
    expect(rankVariants([])).toEqual({ variants: [], unranked: [], recommended: null, reason: 'No variants were run, so there is nothing to recommend.' });
  });
});

describe('cold build times inside the noise', () => {
  const timed = (name: string, sizeMB: number, seconds: number, spread: number | null) =>
    variant(name, sizeMB, null, 'ok', { build: { coldSeconds: seconds, warmSeconds: null, steps: [], coldSpreadSeconds: spread } });
  // a ties b, b ties c, but a is measurably faster than c: "better" goes round in a circle under build.
  const circle = [timed('original', 300, 10.0, 0.2), timed('a', 310, 9.6, 0.3), timed('c', 280, 10.3, 0.3), timed('d', 100, 30, 0.2)];

  it('ranks the same whatever order the variants come in', () => {
    const orders = [circle, [...circle].reverse(), [circle[2]!, circle[0]!, circle[3]!, circle[1]!]];
    for (const objective of ['build', 'balanced', 'size'] as const) {
      const [first, ...rest] = orders.map((vs) => summary(vs, objective));
      for (const other of rest) expect(other, objective).toEqual(first);
    }
  });

  it('calls 0.4 s faster a tie when the ± cover it, and 0.4 s a difference when they do not', () => {
    const pair = (spread: number) => [timed('original', 300, 10.0, spread), timed('fast', 310, 9.6, spread)];
    expect(rankVariants(pair(0.2), 'build').recommended).toBeNull(); // 0.4 ≤ 0.2 + 0.2
    expect(rankVariants(pair(0.1), 'build').recommended).toBe('fast'); // 0.4 > 0.1 + 0.1
  });

  it('uses the floor max(0.5 s, 5%) when a spread is unknown', () => {
    const pair = (seconds: number, fast: number) => [timed('original', 300, seconds, null), timed('fast', 310, fast, 0.01)];
    expect(rankVariants(pair(4, 3.5), 'build').recommended).toBeNull(); // 0.5 s apart: inside 0.5 s
    expect(rankVariants(pair(4, 3.4), 'build').recommended).toBe('fast');
    expect(rankVariants(pair(40, 38.1), 'build').recommended).toBeNull(); // 1.9 s: inside 5% of 40 s
    expect(rankVariants(pair(40, 37.9), 'build').recommended).toBe('fast');
  });
});

describe('recommendedWithout (what minify goes on top of)', () => {
  const minified = variant('minify', 20, 2, 'ok', { rules: ['minify'] });
  it('recommends as the ranking would, the variants left out not being there', () => {
    const all = [variant('original', 800, 10), variant('all', 150, 12), variant('base-slim', 300, 9), minified];
    expect(rankVariants(all).recommended).toBe('minify');
    expect(recommendedWithout(all, 'size', (v) => v.rules.includes('minify'))).toBe('all');
    expect(recommendedWithout(all, 'build', (v) => v.rules.includes('minify'))).toBe('base-slim');
  });
  it('is null when nothing left beats the original, or the original did not finish', () => {
    expect(recommendedWithout([variant('original', 100, 10), variant('all', 150, 12), minified], 'size', (v) => v.rules.includes('minify'))).toBeNull();
    expect(recommendedWithout([variant('original', null, null, 'build-failed'), variant('all', 150, 12)], 'size', () => false)).toBeNull();
  });
});
