import { describe, expect, it } from 'vitest';
import { stepsView } from '../../../src/report/steps.js';
import { recordedRun } from '../../helpers/recorded-run.js';

const step = (name: string, seconds: number, cached = false) => ({ name, seconds, cached });

describe('stepsView', () => {
  it('lists the steps of a recorded run in Dockerfile order, cached ones as "cached"', () => {
    const all = recordedRun('load').results.variants.find((v) => v.name === 'original')!;
    const view = stepsView(all.build!.steps, recordedRun('load').variants['original']!.dockerfile);
    expect(view.rows.map((r) => r.name.slice(0, 5))).toEqual(['[1/6]', '[2/6]', '[3/6]', '[4/6]', '[5/6]', '[6/6]']);
    for (const r of view.rows) expect(r.time).toEqual(r.cached ? 'cached' : expect.stringMatching(/^\d+\.\d\d$/));
  });

  it('orders stages as the Dockerfile does, named or not, and times only the steps that ran', () => {
    const dockerfile = 'FROM python:3.13 AS deps\nRUN pip install x\nFROM deps AS test\nRUN pytest\nFROM python:3.13-slim\nCOPY --from=deps /x /x\n';
    const view = stepsView([
      step('[stage-2 2/2] COPY --from=deps /x /x', 0.4),
      step('[test 2/2] RUN pytest', 3),
      step('[deps 2/2] RUN pip install x', 142.8, true),
      step('[stage-2 1/2] FROM docker.io/library/python:3.13-slim', 0),
      step('[deps 1/2] FROM docker.io/library/python:3.13', 0),
    ], dockerfile);
    expect(view.rows.map((r) => r.name.split(']')[0])).toEqual(['[deps 1/2', '[deps 2/2', '[test 2/2', '[stage-2 1/2', '[stage-2 2/2']);
    expect(view.rows[1]).toMatchObject({ time: 'cached', title: 'took 142.8 s when it last ran uncached' });
    expect(view.total).toBe('3.40');
    expect(view.cachedCount).toBe(1);
  });
});
