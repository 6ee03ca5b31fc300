// Builds through the real engine with BuildKit: the adapter's build, inspect, history, smoke and cleanup.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildImage, dockerfileSteps } from '../../src/engine/buildx.js';
import { imageHistory, inspectImage, removeRunObjects } from '../../src/engine/docker.js';
import { runSmoke } from '../../src/engine/smoke.js';
import { containersWithLabel } from '../helpers/engine.js';

const runId = `itg-${process.pid}-${Date.now()}`;
const dir = mkdtempSync(join(tmpdir(), 'dflab-itg-'));

afterAll(async () => {
  await removeRunObjects(runId, true);
});

function project(dockerfile: string): string {
  const d = mkdtempSync(join(dir, 'p-'));
  writeFileSync(join(d, 'Dockerfile'), dockerfile);
  return d;
}

describe('engine adapter on a real BuildKit engine', () => {
  it('builds a two-line Dockerfile: size, run label, step records with timestamps', async () => {
    const ctx = project(`FROM debian:trixie-slim\nRUN echo ${runId} > /stamp && head -c 100000 /dev/zero > /blob\n`);
    const tag = `dflab-itg:${runId}-two-line`;
    const res = await buildImage({ contextDir: ctx, dockerfile: join(ctx, 'Dockerfile'), tag, runId, logFile: join(ctx, 'build.log'), metadataFile: join(ctx, 'meta', 'm.json') });
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    const image = await inspectImage(tag);
    expect(image?.sizeBytes).toBeGreaterThan(100_000);
    expect(image?.labels['dflab.run']).toBe(runId);
    expect(image?.id).toBe(res.imageId);
    const steps = dockerfileSteps(res.steps);
    const run = steps.find((s) => s.name.includes('RUN echo'));
    expect(run).toBeDefined();
    expect(run!.cached).toBe(false);
    expect(Date.parse(run!.startedAt!)).toBeLessThanOrEqual(Date.parse(run!.completedAt!));
    const history = await imageHistory(tag);
    expect(history.at(-1)?.createdBy).toContain('RUN');
    expect(history.at(-1)?.sizeBytes).toBeGreaterThanOrEqual(100_000);

    const smoke = await runSmoke({ image: tag, runId, spec: { kind: 'command', command: ['cat', '/stamp'], expectExitCode: 0, expectStdout: runId, timeoutSeconds: 30 } });
    expect(smoke).toMatchObject({ passed: true, reason: null });
    expect(containersWithLabel(`dflab.run=${runId}`)).toEqual([]);
  });

  it('returns a failure value naming the failing step and its last 20 log lines', async () => {
    const ctx = project('FROM debian:trixie-slim\nRUN for i in $(seq 1 40); do echo line $i; done; exit 7\n');
    const res = await buildImage({ contextDir: ctx, dockerfile: join(ctx, 'Dockerfile'), tag: `dflab-itg:${runId}-fail`, runId, logFile: join(ctx, 'build.log'), metadataFile: join(ctx, 'm.json') });
    expect(res.ok).toBe(false);
    if (res.ok) return;
    expect(res.kind).toBe('build-failed');
    expect(res.step).toMatch(/^\[2\/2\] RUN for i/);
    expect(res.message).toContain('exit code: 7');
    expect(res.logTail).toHaveLength(20);
    expect(res.logTail.at(-1)).toBe('line 40');
  });

  it('reports a base image that exists nowhere as base-unavailable', async () => {
    const ctx = project('FROM dflab-no-such-image.invalid/none:1\nRUN true\n');
    const res = await buildImage({ contextDir: ctx, dockerfile: join(ctx, 'Dockerfile'), tag: `dflab-itg:${runId}-nobase`, runId, logFile: join(ctx, 'build.log'), metadataFile: join(ctx, 'm.json') });
    expect(res.ok).toBe(false);
    if (!res.ok) expect(res.kind).toBe('base-unavailable');
  });

  it('kills a hanging smoke command at its timeout and removes the container', async () => {
    const smoke = await runSmoke({ image: 'debian:trixie-slim', runId, spec: { kind: 'command', command: ['sleep', '600'], expectExitCode: 0, timeoutSeconds: 2 } });
    expect(smoke.passed).toBe(false);
    expect(smoke.reason).toContain('killed');
    expect(containersWithLabel(`dflab.run=${runId}`)).toEqual([]);
  });

  it('probes a server over HTTP on a loopback-published port', async () => {
    const server = 'import http.server as s\nclass H(s.BaseHTTPRequestHandler):\n  def do_GET(self):\n    self.send_response(200); self.end_headers(); self.wfile.write(b"healthy")\ns.HTTPServer(("0.0.0.0", 8000), H).serve_forever()\n';
    const ctx = project(`FROM python:3.13-slim\nCOPY server.py /server.py\nCMD ["python3", "/server.py"]\n`);
    writeFileSync(join(ctx, 'server.py'), server);
    const tag = `dflab-itg:${runId}-http`;
    const res = await buildImage({ contextDir: ctx, dockerfile: join(ctx, 'Dockerfile'), tag, runId, logFile: join(ctx, 'build.log'), metadataFile: join(ctx, 'm.json') });
    expect(res.ok).toBe(true);
    const smoke = await runSmoke({ image: tag, runId, spec: { kind: 'http', port: 8000, path: '/health', method: 'GET', body: null, expectStatus: 200, expectBody: 'healthy', timeoutSeconds: 30 } });
    expect(smoke).toMatchObject({ passed: true, reason: null });
    expect(smoke.startupSeconds).toBeGreaterThan(0);
    const crash = await runSmoke({ image: 'python:3.13-slim', runId, spec: { kind: 'http', port: 8000, path: '/', method: 'GET', body: null, expectStatus: 200, timeoutSeconds: 20 } });
    expect(crash.passed).toBe(false);
    expect(crash.reason).toMatch(/exited with code/);
    expect(containersWithLabel(`dflab.run=${runId}`)).toEqual([]);
  });
});
