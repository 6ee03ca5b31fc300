import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHistory, StepTimes } from '../../../src/run/step-times.js';

const step = (digest: string, seconds: number, cached: boolean) => ({
  digest, key: `k-${digest}`, name: `[1/1] RUN ${digest}`, startedAt: '2026-01-01T00:00:00Z', completedAt: '2026-01-01T00:00:01Z', seconds, cached, error: null,
});

describe('cold-time attribution by vertex digest', () => {
  it('credits a cache hit with the duration recorded when the step really ran', () => {
    const times = StepTimes.inMemory();
    expect(times.attribute([step('a', 5, false), step('b', 2, false)]).coldSeconds).toBe(7);
    const second = times.attribute([step('a', 0, true), step('c', 1, false)]);
    expect(second.coldSeconds).toBe(6);
    expect(second.steps[0]).toEqual({ name: '[1/1] RUN a', seconds: 5, cached: true, estimated: true, spread: null });
  });

  it("keeps a step's quiet seconds when it ran and credits a cache hit with them, like its seconds, across runs", async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'dflab-steps-')), 'step-seconds.json');
    const times = await StepTimes.load(file);
    expect(times.attribute([{ ...step('p', 2, false), quietSeconds: 0.7 }, step('q', 1, false)]).steps[0]).toMatchObject({ seconds: 2, quietSeconds: 0.7 });
    await times.save();
    const again = await StepTimes.load(file);
    const [p, q] = again.attribute([{ ...step('p', 0, true), quietSeconds: 0 }, step('q', 0, true)]).steps;
    expect(p).toMatchObject({ seconds: 2, quietSeconds: 0.7, estimated: true });
    expect(q!.quietSeconds).toBeUndefined();
    // The seconds stay readable where the file holds {seconds, quiet}.
    expect(parseHistory(JSON.parse(readFileSync(file, 'utf8')))).toEqual(new Map([['k-p', [2]], ['k-q', [1]]]));
  });

  it('records a step that stays cached under --no-cache as free', () => {
    const times = StepTimes.inMemory();
    times.attribute([step('w', 0, true)], true);
    expect(times.attribute([step('w', 0, true)]).steps[0]).toMatchObject({ seconds: 0, cached: true, estimated: true });
  });

  it('counts a step --no-cache once ran and once left cached as two observations (its time, then 0 s)', () => {
    // BuildKit runs a WORKDIR in one --no-cache build and reports it cached in the next (seen on hello-py's base-slim)
    const times = StepTimes.inMemory();
    times.attribute([step('w', 0.03, false), step('r', 2, false)], true);
    const second = times.attribute([step('w', 0, true), step('r', 2.2, false)], true);
    expect(second.steps[0]).toMatchObject({ seconds: 0.015, cached: true, estimated: true, spread: 0.015 });
    expect(second.coldSpreadSeconds).not.toBeNull();
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

  it("counts a base's FROM as free when BuildKit ran it too (a build's first use of the base): it is below a cold build", () => {
    const times = StepTimes.inMemory();
    const from = { ...step('f', 0.06, false), name: '[1/4] FROM docker.io/library/python:3.13@sha256:abc' };
    const r = times.attribute([from, step('g', 0.3, false)]);
    expect(r.steps[0]).toMatchObject({ seconds: 0, cached: false });
    expect(r.coldSeconds).toBe(0.3);
    // Nor is it credited to a later build's cache hit, nor does it leave the build's spread unknown.
    expect(times.attribute([{ ...from, seconds: 0, cached: true }, step('g', 0.3, false)]).coldSpreadSeconds).toBe(0);
  });

  it('keeps every real run of a step: a cache hit gets their median, the step their spread, the build both combined', () => {
    const times = StepTimes.inMemory();
    const first = times.attribute([step('a', 4, false), step('b', 2, false)], true);
    expect(first.coldSpreadSeconds).toBeNull(); // each step seen once: the noise is not known yet
    times.attribute([step('a', 5, false), step('b', 2.4, false)], true);
    times.attribute([step('a', 4.4, false), step('b', 2.2, false)], true);
    const hit = times.attribute([step('a', 0, true), step('b', 0, true)]);
    expect(hit.steps.map((s) => [s.seconds, s.spread])).toEqual([[4.4, 0.5], [2.2, expect.closeTo(0.2, 10)]]);
    expect(hit.coldSeconds).toBe(6.6);
    expect(hit.coldSpreadSeconds).toBe(0.54); // √(0.5² + 0.2²), rounded to 2 digits
  });

  it('leaves the build\'s spread unknown when one step that takes time was seen only once', () => {
    const times = StepTimes.inMemory();
    times.attribute([step('a', 4, false)], true);
    times.attribute([step('a', 5, false)], true);
    const r = times.attribute([step('a', 0, true), step('new', 1, false)]);
    expect(r.steps[0]!.spread).toBe(0.5);
    expect(r.coldSpreadSeconds).toBeNull();
  });

  it('reads history files of single numbers and of lists, and writes a step seen once as a number', async () => {
    expect(parseHistory({ a: 3, b: [1, 2], c: 'x', d: [-1, 2] })).toEqual(new Map([['a', [3]], ['b', [1, 2]], ['d', [2]]]));
    expect(parseHistory(null).size).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'dflab-steps-')), 'step-seconds.json');
    writeFileSync(file, JSON.stringify({ 'k-a': 4 }));
    const times = await StepTimes.load(file);
    times.attribute([step('a', 5, false), step('b', 1, false)], true);
    await times.save();
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ 'k-a': [4, 5], 'k-b': 1 });
  });

  it('keeps the last ten runs of a step', () => {
    const times = StepTimes.inMemory();
    for (let i = 1; i <= 12; i++) times.attribute([step('a', i, false)], true);
    // Runs 3..12 are kept: median 7.5, half the range 4.5.
    expect(times.attribute([step('a', 0, true)]).steps[0]).toMatchObject({ seconds: 7.5, spread: 4.5 });
  });
});
