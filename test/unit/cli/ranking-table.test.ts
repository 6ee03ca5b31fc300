import { describe, expect, it } from 'vitest';
import { rankingTable } from '../../../src/cli/ranking-table.js';
import type { Results, VariantResult } from '../../../src/results.js';

const v = (name: string, rank: number | null, sizeBytes: number | null, extra: Partial<VariantResult> = {}): VariantResult => ({
  name, rules: [], outcome: 'ok', dockerfile: '', patch: null, sizeBytes, compressedBytes: sizeBytes === null ? null : sizeBytes / 2,
  wastedBytes: 0, efficiency: 1, layers: [], build: { coldSeconds: 12.4, warmSeconds: 1, steps: [] }, smoke: null, rank, pareto: false, error: null, ...extra,
});

describe('rankingTable', () => {
  it('lists variants best first with the size change, marks the recommended one, failures last with why', () => {
    const results = {
      recommended: 'base-slim',
      variants: [
        v('original', 2, 1_000_000_000),
        v('base-alpine', null, null, { outcome: 'base-unavailable', build: null, error: 'base image python:3.13-alpine is not available\nmore' }),
        v('base-slim', 1, 200_000_000, { smoke: { passed: true, seconds: 1, startupSeconds: null, peakMemoryBytes: null, outputTail: '' } }),
      ],
    } as unknown as Results;
    expect(rankingTable(results).split('\n')).toEqual([
      'rank  variant      outcome                                                             size  vs orig  compressed  cold build  smoke',
      '1     base-slim *  ok                                                                200 MB     -80%      100 MB        12 s   pass',
      '2     original     ok                                                                  1 GB               500 MB        12 s      —',
      '—     base-alpine  base-unavailable: base image python:3.13-alpine is not available       —                    —           —      —',
    ]);
  });
});
