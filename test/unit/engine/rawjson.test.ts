import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BuildProgress, JsonObjectSplitter, isDockerfileStep, parseRawJson } from '../../../src/engine/rawjson.js';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/rawjson/${name}`, import.meta.url), 'utf8');

function progressOf(text: string): BuildProgress {
  const p = new BuildProgress();
  for (const s of parseRawJson(text)) p.add(s);
  return p;
}

describe('rawjson stream (captured from buildx 0.13.1)', () => {
  it('splits concatenated objects the same whether fed whole or byte by byte, keeping trailing text apart', () => {
    const text = fixture('fail.rawjson');
    const whole = new JsonObjectSplitter();
    const objects = whole.push(text);
    const piecewise = new JsonObjectSplitter();
    const pieces = [...text].flatMap((ch) => piecewise.push(ch));
    expect(pieces).toEqual(objects);
    expect(objects.length).toBeGreaterThan(10);
    expect(whole.plainText()).toContain('ERROR: failed to solve');
  });

  it('handles braces and quotes inside strings', () => {
    const s = new JsonObjectSplitter();
    expect(s.push('{"a":"}{\\"x"}\n{"b":{"c":1}}')).toEqual(['{"a":"}{\\"x"}', '{"b":{"c":1}}']);
  });

  it('turns a successful build into Dockerfile steps with timestamps, none cached', () => {
    const steps = progressOf(fixture('ok.rawjson')).steps().filter((s) => isDockerfileStep(s.name));
    expect(steps.map((s) => s.name)).toEqual([
      '[1/3] FROM docker.io/library/debian:trixie-slim',
      '[2/3] RUN echo hello > /hello.txt && sleep 1',
      '[3/3] COPY a.txt /a.txt',
    ]);
    const run = steps[1]!;
    expect(run.cached).toBe(false);
    expect(run.seconds).toBeGreaterThanOrEqual(1);
    expect(Date.parse(run.completedAt!)).toBeGreaterThan(Date.parse(run.startedAt!));
  });

  it('marks cache hits', () => {
    const steps = progressOf(fixture('cached.rawjson')).steps().filter((s) => isDockerfileStep(s.name));
    expect(steps.filter((s) => s.name.includes('RUN') || s.name.includes('COPY')).every((s) => s.cached)).toBe(true);
  });

  it('names the failing step and keeps the last 20 log lines of it', () => {
    const p = progressOf(fixture('fail.rawjson'));
    const failed = p.steps().find((s) => s.error !== null)!;
    expect(failed.name).toBe('[3/3] RUN for i in $(seq 1 30); do echo line $i; done; exit 3');
    expect(failed.error).toContain('exit code: 3');
    const tail = p.logTail(failed.digest);
    expect(tail).toHaveLength(20);
    expect(tail.at(-1)).toBe('line 30');
    expect(tail[0]).toBe('line 11');
  });

  it("measures a step's quiet seconds: before its first log line and after its last (captured: pip-service's pip install)", () => {
    const steps = progressOf(fixture('pip-install.rawjson')).steps().filter((s) => isDockerfileStep(s.name));
    const pip = steps.find((s) => s.name.includes('pip install'))!;
    // Started, then 0.524 s until pip printed "adding trusted host", its last line ("Running pip as the 'root' user")
    // at 1.584 s, completed at 1.765 s: 0.524 + 0.181 quiet.
    expect(pip.seconds).toBeCloseTo(1.765, 2);
    expect(pip.quietSeconds).toBeCloseTo(0.705, 2);
    // A step that printed nothing has no quiet part to tell apart.
    expect(steps.find((s) => s.name.includes('COPY'))!.quietSeconds).toBeUndefined();
  });

  it('gives no quiet seconds to a step that ran twice or logged outside its run', () => {
    const p = new BuildProgress();
    const log = (timestamp: string) => ({ logs: [{ vertex: 'd', stream: 1, data: Buffer.from('x\n').toString('base64'), timestamp }] });
    p.add({ vertexes: [{ digest: 'd', name: '[1/1] RUN x', started: '2026-01-01T00:00:00Z', completed: '2026-01-01T00:00:02Z' }] });
    p.add(log('2026-01-01T00:00:00.500Z'));
    p.add(log('2026-01-01T00:00:01.000Z'));
    expect(p.steps()[0]!.quietSeconds).toBe(1.5);
    p.add({ vertexes: [{ digest: 'd', name: '[1/1] RUN x', started: '2026-01-01T00:00:05Z', completed: '2026-01-01T00:00:06Z' }] });
    expect(p.steps()[0]!.quietSeconds).toBeUndefined();
    const q = new BuildProgress();
    q.add({ vertexes: [{ digest: 'e', name: '[1/1] RUN y', started: '2026-01-01T00:00:00Z', completed: '2026-01-01T00:00:02Z' }] });
    q.add({ logs: [{ vertex: 'e', data: Buffer.from('late\n').toString('base64'), timestamp: '2026-01-01T00:00:03Z' }] });
    expect(q.steps()[0]!.quietSeconds).toBeUndefined();
  });

  it('counts a vertex that started twice as the union of its intervals', () => {
    const p = new BuildProgress();
    const v = (started: string, completed: string) => ({ vertexes: [{ digest: 'd', name: '[1/1] RUN x', started, completed }] });
    p.add(v('2026-01-01T00:00:00Z', '2026-01-01T00:00:02Z'));
    p.add(v('2026-01-01T00:00:01Z', '2026-01-01T00:00:03Z'));
    p.add(v('2026-01-01T00:00:10Z', '2026-01-01T00:00:11Z'));
    expect(p.steps()[0]!.seconds).toBe(4);
  });
});

describe('stable step keys', () => {
  it('are equal for the same steps in builds whose vertex digests differ (captured ok vs cached build)', () => {
    const key = (file: string) => Object.fromEntries(progressOf(fixture(file)).steps().filter((s) => isDockerfileStep(s.name)).map((s) => [s.name, s]));
    const first = key('ok.rawjson');
    const again = key('cached.rawjson');
    const run = '[2/3] RUN echo hello > /hello.txt && sleep 1';
    expect(again[run]!.cached).toBe(true);
    expect(again[run]!.key).toBe(first[run]!.key);
    expect(new Set(Object.values(first).map((s) => s.key)).size).toBe(3);
  });

  it('ignore the stage and position but not the inputs', () => {
    const p = new BuildProgress();
    p.add({ vertexes: [
      { digest: 'ctx', name: '[internal] load build context' },
      { digest: 'a', name: '[2/3] COPY . .', inputs: ['ctx'] },
      { digest: 'b', name: '[stage-1 4/9] COPY . .', inputs: ['ctx'] },
      { digest: 'c', name: '[2/3] COPY . .', inputs: ['other'] },
    ] });
    const k = Object.fromEntries(p.steps().map((s) => [s.digest, s.key]));
    expect(k['a']).not.toBe(k['c']);
    expect(k['a']).toBe(k['b']); // same instruction on the same inputs, whatever its stage and position
  });
});
