// Secret build-arg values never reach the build log, step names, errors or log tails: redactStatus is applied
// to every SolveStatus as it streams in.
import { describe, expect, it } from 'vitest';
import { BuildProgress, redactStatus, type SolveStatus } from '../../../src/engine/rawjson.js';

const SECRET = 's3cr3t-Value';
const redact = (t: string) => t.split(SECRET).join('***');
const b64 = (t: string) => Buffer.from(t).toString('base64');

describe('redactStatus', () => {
  it('redacts vertex names and errors, statuses, warnings and the base64 log data', () => {
    const status: SolveStatus = {
      vertexes: [{ digest: 'sha256:a', name: `[2/2] RUN echo ${SECRET}`, error: `process "echo ${SECRET}" did not complete`, started: '2026-01-01T00:00:00Z' }],
      statuses: [{ id: `x ${SECRET}`, vertex: 'sha256:a' }],
      logs: [{ vertex: 'sha256:a', stream: 1, data: b64(`token is ${SECRET}\n`) }],
      warnings: [{ vertex: 'sha256:a', short: b64(`uses ${SECRET}`), detail: [b64(SECRET)] }],
    };
    const out = redactStatus(status, redact);
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(out.vertexes![0]!.name).toBe('[2/2] RUN echo ***');
    expect(Buffer.from(out.logs![0]!.data!, 'base64').toString()).toBe('token is ***\n');
    const w = (out.warnings as { short: string; detail: string[] }[])[0]!;
    expect(Buffer.from(w.short, 'base64').toString()).toBe('uses ***');
    expect(Buffer.from(w.detail[0]!, 'base64').toString()).toBe('***');
    const progress = new BuildProgress();
    progress.add(out);
    expect(progress.steps()[0]!.name).toBe('[2/2] RUN echo ***');
    expect(progress.logTail('sha256:a')).toEqual(['token is ***']);
  });

  it('leaves a status without secrets as it was', () => {
    const status: SolveStatus = { vertexes: [{ digest: 'sha256:b', name: 'FROM debian', cached: true }], logs: [{ vertex: 'sha256:b', data: b64('hello\n') }] };
    expect(redactStatus(status, redact)).toEqual(status);
  });
});
