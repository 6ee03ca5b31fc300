// The minify tracer on the real engine: a probe traced from the entrypoint's first instruction, inside containers;
// the app gets no added capability, the tracer holds SYS_PTRACE; nothing is left behind.
import { describe, expect, it } from 'vitest';
import { docker, listRunContainers } from '../../src/engine/docker.js';
import { imageRunConfig, traceProbe } from '../../src/engine/trace.js';

const IMAGE = 'python:3.13-slim';

describe('traceProbe', () => {
  it('records the files a command probe touches, with the listing of the image', async () => {
    const runId = `trace-${Date.now()}`;
    const run = await imageRunConfig(IMAGE);
    expect(run).not.toBeNull();
    const caps: Record<string, string[] | null | undefined> = {};
    const traced = await traceProbe({
      image: IMAGE, runId,
      spec: { kind: 'command', command: ['python3', '-c', 'import json; print("ok")'], expectExitCode: 0, expectStdout: 'ok', timeoutSeconds: 120 },
      onStarted: async (app, tracer) => {
        caps.app = (await docker().getContainer(app).inspect()).HostConfig.CapAdd;
        caps.tracer = (await docker().getContainer(tracer).inspect()).HostConfig.CapAdd;
      },
    }, run!);
    if (!traced.ok) throw new Error(traced.reason);
    expect(traced.trace).toMatch(/execve\("\/usr\/bin\/python3"/);
    expect(traced.trace).toMatch(/json\/__init__\.py/);
    expect(traced.listing.split('\0')).toContain('usr/lib/python3.13/json/__init__.py');
    expect(caps.app ?? []).toEqual([]);
    expect(caps.tracer).toEqual(['SYS_PTRACE']);
    expect(await listRunContainers(runId)).toEqual([]);
  });

  it("holds an image with no shell (the distroless stand-in) with the tracer's busybox, which never enters the listing", async () => {
    const runId = `trace-${Date.now()}`;
    const image = 'gcr.io/distroless/python3-debian13';
    const run = await imageRunConfig(image);
    const traced = await traceProbe({
      image, runId, spec: { kind: 'command', command: ['python3', '-c', 'import json; print("ok")'], expectExitCode: 0, expectStdout: 'ok', timeoutSeconds: 120 },
    }, run!);
    if (!traced.ok) throw new Error(traced.reason);
    expect(traced.trace).toMatch(/execve\("\/usr\/bin\/python3/);
    expect(traced.listing).not.toContain('dflab-hold-tools');
    expect(traced.listing.split('\0')).not.toContain('bin/sh');
    expect(await listRunContainers(runId)).toEqual([]);
    expect((await docker().listVolumes({ filters: { label: [`dflab.run=${runId}`] } })).Volumes ?? []).toEqual([]);
  });

  it("runs the image's own sh for a bare `sh` (not busybox's applet), so the trace names it", async () => {
    const runId = `trace-${Date.now()}`;
    const run = await imageRunConfig(IMAGE);
    const traced = await traceProbe({
      image: IMAGE, runId, spec: { kind: 'command', command: ['sh', '-c', 'echo ok'], expectExitCode: 0, expectStdout: 'ok', timeoutSeconds: 120 },
    }, run!);
    if (!traced.ok) throw new Error(traced.reason);
    expect(traced.trace).toMatch(/execve\("\/(usr\/)?(local\/)?(s?bin)\/sh"/);
  });
});
