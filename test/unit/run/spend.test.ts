import { describe, expect, it } from 'vitest';
import { predictedOrder } from '../../../src/rank/predicted.js';
import { durationText, nextSpend, notBuiltReason, parseDuration, spendBuilds, type SpendRunner, type SpendState } from '../../../src/run/spend.js';
import type { Built, VariantJob } from '../../../src/run/variant.js';

const state = (over: Partial<SpendState> = {}): SpendState => ({ waiting: ['a', 'b', 'c'], building: 0, finishing: 0, proven: 0, elapsedSeconds: 0, buildSlots: 1, ...over });

describe('nextSpend', () => {
  it('starts the best waiting variant while nothing limits it', () => {
    expect(nextSpend(state(), {})).toEqual({ kind: 'start', name: 'a' });
    expect(nextSpend(state({ waiting: [] }), {})).toEqual({ kind: 'stop', why: null });
  });

  it('stops once the budget is spent, however much is waiting', () => {
    expect(nextSpend(state({ elapsedSeconds: 1199 }), { budgetSeconds: 1200 })).toEqual({ kind: 'start', name: 'a' });
    expect(nextSpend(state({ elapsedSeconds: 1200 }), { budgetSeconds: 1200 })).toEqual({ kind: 'stop', why: 'budget-spent' });
  });

  it('under --prove N keeps at most N - proven in flight, and stops at N proven', () => {
    expect(nextSpend(state({ building: 1 }), { prove: 1 })).toEqual({ kind: 'wait' });
    expect(nextSpend(state({ finishing: 1, buildSlots: 2 }), { prove: 2 })).toEqual({ kind: 'start', name: 'a' });
    expect(nextSpend(state({ finishing: 1, proven: 1, buildSlots: 2 }), { prove: 2 })).toEqual({ kind: 'wait' });
    expect(nextSpend(state({ proven: 2 }), { prove: 2 })).toEqual({ kind: 'stop', why: 'proven' });
  });

  it('never runs more builds than the build queue', () => {
    expect(nextSpend(state({ building: 1 }), { budgetSeconds: 60 })).toEqual({ kind: 'wait' });
    expect(nextSpend(state({ finishing: 1 }), { budgetSeconds: 60 })).toEqual({ kind: 'start', name: 'a' });
  });
});

describe('spendBuilds', () => {
  const job = (name: string) => ({ name }) as VariantJob;
  const runner = (fails: string[], log: string[]): SpendRunner & { ok: Set<string> } => {
    const ok = new Set<string>();
    return {
      ok, buildSlots: 1,
      build: async (j) => { log.push(`build ${j.name}`); return fails.includes(`build:${j.name}`) ? null : ({ job: j } as Built); },
      finish: async (b) => { log.push(`finish ${b.job.name}`); if (!fails.includes(`smoke:${b.job.name}`)) ok.add(b.job.name); },
      okay: (n) => ok.has(n),
    };
  };

  it('--prove 1: the best predicted is built; a failure is replaced by the next; the rest are never started', async () => {
    const log: string[] = [];
    const out = await spendBuilds(['a', 'b', 'c', 'd'].map(job), ['b', 'a', 'c', 'd'], { prove: 1 }, runner(['smoke:b'], log), () => 0, () => false);
    expect(log).toEqual(['build b', 'finish b', 'build a', 'finish a']);
    expect(out).toEqual({ notStarted: ['c', 'd'], why: 'proven' });
  });

  it('--budget: no build starts after the budget, the ones running finish', async () => {
    const log: string[] = [];
    let now = 0;
    const r = runner([], log);
    const timed: SpendRunner = { ...r, build: async (j) => { now += 50; return r.build(j); } };
    const out = await spendBuilds(['a', 'b', 'c'].map(job), ['a', 'b', 'c'], { budgetSeconds: 90 }, timed, () => now, () => false);
    expect(log).toEqual(['build a', 'finish a', 'build b', 'finish b']);
    expect(out).toEqual({ notStarted: ['c'], why: 'budget-spent' });
  });

  it('builds everything when the limit is never reached', async () => {
    const out = await spendBuilds(['a', 'b'].map(job), ['a', 'b'], { prove: 5 }, runner(['build:a'], []), () => 0, () => false);
    expect(out).toEqual({ notStarted: [], why: null });
  });
});

describe('predictedOrder', () => {
  const v = (name: string, sizeBytes: number | null, compressedBytes: number | null = null, coldSeconds: number | null = null) => ({ name, sizeBytes, compressedBytes, coldSeconds });

  it('orders predicted variants by the objective, unpredicted ones last in plan order', () => {
    const vs = [v('x', null), v('big', 900, 300, 10), v('small', 100, 80, 60), v('y', null), v('mid', 500, 50, 5)];
    expect(predictedOrder(vs, 'size')).toEqual(['small', 'mid', 'big', 'x', 'y']);
    expect(predictedOrder(vs, 'compressed')).toEqual(['mid', 'small', 'big', 'x', 'y']);
    expect(predictedOrder(vs, 'build')).toEqual(['mid', 'big', 'small', 'x', 'y']);
  });
});

describe('durations', () => {
  it('reads 20m, 90s, 1h, 1h30m and plain seconds; refuses anything else', () => {
    expect([parseDuration('20m'), parseDuration('90s'), parseDuration('1h'), parseDuration('1h30m'), parseDuration('45')]).toEqual([1200, 90, 3600, 5400, 45]);
    expect([parseDuration(''), parseDuration('soon'), parseDuration('0s'), parseDuration('-5m')]).toEqual([null, null, null, null]);
    expect([durationText(1200), durationText(90), durationText(5400)]).toEqual(['20m', '1m30s', '1h30m']);
  });

  it('says why a variant was not built', () => {
    expect(notBuiltReason({ names: ['c'], why: 'proven', limits: { prove: 1 } })).toBe('the top 1 by prediction were proven (--prove 1)');
    expect(notBuiltReason({ names: ['c'], why: 'budget-spent', limits: { budgetSeconds: 1200 } })).toBe('the budget of 20m was spent (--budget)');
  });
});
