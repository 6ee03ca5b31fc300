// What a smoke container may do: no network unless an HTTP probe needs a port (then published on 127.0.0.1
// only), memory and CPU limits, never privileged, always labelled with the run.
import { describe, expect, it } from 'vitest';
import { containerSpec } from '../../../src/engine/smoke.js';
import type { SmokeSpec } from '../../../src/engine/types.js';

const command: SmokeSpec = { kind: 'command', command: ['sh', '-c', 'echo ok'], expectExitCode: 0, timeoutSeconds: 5 };
const http: SmokeSpec = { kind: 'http', port: 8000, path: '/health', method: 'GET', body: null, expectStatus: 200, timeoutSeconds: 5 };

describe('smoke container spec', () => {
  it('a command smoke test runs with no network, limited, unprivileged, labelled', () => {
    const spec = containerSpec({ image: 'img:1', runId: 'run-1', spec: command });
    expect(spec.Labels).toEqual({ 'dflab.run': 'run-1', 'dflab.role': 'smoke' });
    expect(spec.Entrypoint).toEqual(['sh']);
    expect(spec.Cmd).toEqual(['-c', 'echo ok']);
    expect(spec.ExposedPorts).toBeUndefined();
    const host = spec.HostConfig!;
    expect(host.NetworkMode).toBe('none');
    expect(host.PortBindings).toBeUndefined();
    expect(host.Privileged).toBe(false);
    expect(host.SecurityOpt).toContain('no-new-privileges');
    expect(host.Memory).toBeGreaterThan(0);
    expect(host.NanoCpus).toBeGreaterThan(0);
    expect(host.CapAdd ?? []).toEqual([]);
    expect(host.Binds ?? []).toEqual([]);
  });

  it('an HTTP probe publishes only its port, on 127.0.0.1 only', () => {
    const spec = containerSpec({ image: 'img:1', runId: 'run-1', spec: http, memoryBytes: 512 * 1024 ** 2, cpus: 0.5 });
    const host = spec.HostConfig!;
    expect(spec.ExposedPorts).toEqual({ '8000/tcp': {} });
    expect(host.NetworkMode).toBe('bridge');
    expect(host.PortBindings).toEqual({ '8000/tcp': [{ HostIp: '127.0.0.1', HostPort: '' }] });
    expect(host.PublishAllPorts ?? false).toBe(false);
    expect(host.Memory).toBe(512 * 1024 ** 2);
    expect(host.NanoCpus).toBe(5e8);
    expect(host.Privileged).toBe(false);
  });
});
