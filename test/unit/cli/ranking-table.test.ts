import { describe, expect, it } from 'vitest';
import { rankingTable } from '../../../src/cli/ranking-table.js';
import type { Results, VariantResult } from '../../../src/results.js';

const v = (name: string, rank: number | null, sizeBytes: number | null, extra: Partial<VariantResult> = {}): VariantResult => ({
  name, rules: [], outcome: 'ok', dockerfile: '', patch: null, sizeBytes, compressedBytes: sizeBytes === null ? null : sizeBytes / 2,
  wastedBytes: 0, efficiency: 1, layers: [], build: { coldSeconds: 12.4, warmSeconds: 1, steps: [] }, smoke: null, rank, pareto: false, error: null, ...extra,
});
const pass = { passed: true, seconds: 1, startupSeconds: null, peakMemoryBytes: null, outputTail: '' };

const results = {
  recommended: 'prune-requirements+onnx-runtime',
  variants: [
    v('original', 3, 4_010_000_000, { smoke: pass }),
    v('base-alpine', null, null, { outcome: 'base-unavailable', build: null, error: 'base image python:3.13-alpine is not available: pull access denied, the lab has no registry (no such host)\nmore' }),
    v('prune-requirements+onnx-runtime', 1, 389_000_000, { smoke: pass }),
    v('dockerignore', 2, 3_998_000_000, { smoke: pass }),
    v('multi-stage', null, 900_000_000, { outcome: 'smoke-failed', smoke: { ...pass, passed: false }, error: 'smoke: exit 1, ModuleNotFoundError: No module named flask' }),
  ],
} as unknown as Results;

describe('rankingTable', () => {
  it('at 120 columns: every column, the report\'s rounding, the original as baseline, causes as numbered footnotes', () => {
    expect(rankingTable(results, 120)).toBe([
      'rank  variant                            outcome                  size  vs original  compressed  cold build  smoke',
      '1     prune-requirements+onnx-runtime *  ok                     389 MB         -90%      195 MB      12.4 s   pass',
      '2     dockerignore                       ok                       4 GB        -0.3%        2 GB      12.4 s   pass',
      '3     original                           ok                    4.01 GB     baseline        2 GB      12.4 s   pass',
      '—     base-alpine                        base-unavailable [1]        —            —           —           —      —',
      '—     multi-stage                        smoke-failed [2]       900 MB         -78%      450 MB      12.4 s   fail',
      '',
      '[1] base-alpine: base image python:3.13-alpine is not available: pull access denied, the lab has no registry (no such',
      '    host)',
      '[2] multi-stage: smoke: exit 1, ModuleNotFoundError: No module named flask',
    ].join('\n'));
  });

  it('at 80 columns: the least telling columns go first, and no line is longer than the terminal', () => {
    const text = rankingTable(results, 80);
    expect(text).toBe([
      'rank  variant               outcome                  size  vs original',
      '1     prune-requirement… *  ok                     389 MB         -90%',
      '2     dockerignore          ok                       4 GB        -0.3%',
      '3     original              ok                    4.01 GB     baseline',
      '—     base-alpine           base-unavailable [1]        —            —',
      '—     multi-stage           smoke-failed [2]       900 MB         -78%',
      '',
      '[1] base-alpine: base image python:3.13-alpine is not available: pull access',
      '    denied, the lab has no registry (no such host)',
      '[2] multi-stage: smoke: exit 1, ModuleNotFoundError: No module named flask',
    ].join('\n'));
  });

  it('never exceeds the width, down to 40 columns', () => {
    for (const width of [40, 50, 60, 70, 80, 100, 120, 160]) {
      for (const line of rankingTable(results, width).split('\n')) expect([...line].length, `${width}: ${line}`).toBeLessThanOrEqual(width);
    }
  });
});
