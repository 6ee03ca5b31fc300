import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BuildProgress, parseRawJson } from '../../../src/engine/rawjson.js';
import { isExportStep, trialLimit } from '../../../src/measure/limit.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/rawjson/${name}`, import.meta.url), 'utf8');
const stepsOf = (text: string) => {
  const p = new BuildProgress();
  for (const s of parseRawJson(text)) p.add(s);
  return p.steps();
};

describe('trialLimit on captured rawjson (buildx 0.13.1)', () => {
  const ok = stepsOf(fixture('ok.rawjson'));
  const okExport = ok.find((s) => isExportStep(s.name));
  const run = ok.find((s) => s.name.includes('RUN echo hello'));

  it('counts the executed steps and the export of one build', () => {
    const limit = trialLimit([ok]);
    expect(okExport).toBeDefined();
    expect(run?.seconds).toBeGreaterThan(1); // the fixture's RUN sleeps 1 s
    expect(limit.exports).toBe(1);
    expect(limit.exportSeconds).toBeCloseTo(okExport?.seconds ?? NaN, 2);
    expect(limit.stepSeconds).toBeGreaterThanOrEqual(run?.seconds ?? Infinity);
    expect(limit.seconds).toBeCloseTo(limit.stepSeconds + limit.exportSeconds, 1);
  });

  it('counts a step executed in two builds once, and each build’s export', () => {
    const one = trialLimit([ok]);
    const two = trialLimit([ok, stepsOf(fixture('ok.rawjson'))]);
    expect(two.distinctSteps).toBe(one.distinctSteps);
    expect(two.stepSeconds).toBe(one.stepSeconds);
    expect(two.exports).toBe(2);
    expect(two.exportSeconds).toBeCloseTo(2 * one.exportSeconds, 1);
  });

  it('takes the shortest time of a step timed in two builds', () => {
    const slower = ok.map((s) => (s.key === run?.key ? { ...s, seconds: s.seconds + 10 } : s));
    expect(trialLimit([slower, ok]).stepSeconds).toBe(trialLimit([ok]).stepSeconds);
    expect(trialLimit([slower]).stepSeconds).toBeCloseTo(trialLimit([ok]).stepSeconds + 10, 1);
  });

  it('counts cached vertices zero', () => {
    const cached = stepsOf(fixture('cached.rawjson'));
    const cachedKeys = cached.filter((s) => s.cached).map((s) => s.key);
    expect(cachedKeys.length).toBeGreaterThanOrEqual(2);
    const alone = trialLimit([cached]);
    const executedSeconds = cached.filter((s) => !s.cached && s.completedAt && !isExportStep(s.name)).reduce((a, s) => a + s.seconds, 0);
    expect(alone.stepSeconds).toBeCloseTo(executedSeconds, 2);
    expect(alone.stepSeconds).toBeLessThan(run?.seconds ?? 0); // the 1 s RUN was a cache hit
    // Built after ok: the cache hits add no step and no time to what ok already ran.
    expect(trialLimit([ok, cached])).toEqual(trialLimit([ok, cached.filter((s) => !s.cached)]));
    expect(trialLimit([cached.filter((s) => s.cached)])).toEqual({ seconds: 0, stepSeconds: 0, exportSeconds: 0, distinctSteps: 0, exports: 0 });
  });

  it('is not thrown off by error text: a failed build’s trailing error, braces in it, an error line in a log', () => {
    const fail = stepsOf(fixture('fail.rawjson'));
    const failed = fail.find((s) => s.error !== null);
    expect(failed).toBeDefined();
    const limit = trialLimit([fail]);
    expect(limit.distinctSteps).toBe(fail.filter((s) => !s.cached && s.error === null && s.completedAt && !isExportStep(s.name)).length);
    expect(limit.distinctSteps).toBeGreaterThan(0);
    // A log line (base64 in the stream) reading like an error, and plain text with an unbalanced brace after it.
    const data = Buffer.from('ERROR: failed to solve: {"vertexes": [\n', 'utf8').toString('base64');
    const log = `{"logs":[{"vertex":"${run?.digest}","stream":2,"data":"${data}","timestamp":"2026-11-23T19:41:16Z"}]}\n`;
    const noisy = stepsOf(`${fixture('ok.rawjson')}${log}ERROR: process "/bin/sh -c echo {" did not complete\n`);
    expect(trialLimit([noisy])).toEqual(trialLimit([ok]));
  });
});
