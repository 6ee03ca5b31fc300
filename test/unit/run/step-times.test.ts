import { describe, expect, it } from 'vitest';
import { StepTimes } from '../../../src/run/step-times.js';

const step = (digest: string, seconds: number, cached: boolean) => ({
  digest, key: `k-${digest}`, name: `[1/1] RUN ${digest}`, startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:01Z', seconds, cached, error: null,
});

describe('cold-time attribution by vertex digest', () => {
  it('credits a cache hit with the duration recorded when the step really ran', () => {
    const times = StepTimes.inMemory();
    expect(times.attribute([step('a', 5, false), step('b', 2, false)]).coldSeconds).toBe(7);
    const second = times.attribute([step('a', 0, true), step('c', 1, false)]);
    expect(second.coldSeconds).toBe(6);
    expect(second.steps[0]).toEqual({ name: '[1/1] RUN a', seconds: 5, cached: true, estimated: true });
  });

  it('records a step that stays cached under --no-cache as free', () => {
    const times = StepTimes.inMemory();
    times.attribute([step('w', 0, true)], true);
    expect(times.attribute([step('w', 0, true)]).steps[0]).toMatchObject({ seconds: 0, cached: true, estimated: true });
  });

  it('counts an unknown cache hit as 0 and says it is not estimated', () => {
    const r = StepTimes.inMemory().attribute([step('x', 0, true)]);
    expect(r.steps[0]).toMatchObject({ seconds: 0, cached: true, estimated: false });
  });

  it('counts the FROM of a base image already in the engine as free, so it never forces a --no-cache rebuild', () => {
    const from = { ...step('f', 0, true), name: '[builder 1/4] FROM docker.io/library/python:3.13@sha256:abc' };
    const r = StepTimes.inMemory().attribute([from, step('g', 3, false)]);
    expect(r.steps[0]).toMatchObject({ seconds: 0, cached: true, estimated: true });
    expect(r.coldSeconds).toBe(3);
  });
});
