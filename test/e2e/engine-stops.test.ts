// The engine going away in the middle of a run. The shared dockerd cannot be stopped here, so dflab talks to it
// through a unix-socket proxy (DOCKER_HOST) that the test closes once the build has started: to dflab the engine
// is gone. The run must end with one clear message, the engine-unavailable exit code, a complete results.json, and
// a way to clean up what it could not remove once the engine is back.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../src/results.js';
import { cli, runCli } from '../helpers/cli.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';

/** A proxy to the real engine's socket that can be cut: closes the listener and every open connection. */
function engineProxy(path: string): { cut: () => void } {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const engine = createConnection('/var/run/docker.sock');
    for (const s of [client, engine]) { sockets.add(s); s.on('error', () => undefined); s.on('close', () => sockets.delete(s)); }
    client.pipe(engine).pipe(client);
  }).listen(path);
  return { cut: () => { server.close(); for (const s of sockets) s.destroy(); } };
}

describe('the engine stops in the middle of a run', () => {
  it('ends with a clear message and exit 3, writes complete results, and dflab clean removes what was left', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dflab-engine-stop-'));
    writeFileSync(join(dir, 'Dockerfile'), `FROM debian:trixie-slim\nRUN sleep 30 && echo ${dir} > /marker\n`);
    writeFileSync(join(dir, 'dflab.yaml'), 'rules: {include: [base-slim]}\n');
    const sock = join(dir, 'engine.sock');
    const proxy = engineProxy(sock);
    const out = join(dir, 'out');
    const child = execa('node', [cli, 'run', dir, '--out', out], { reject: false, env: { DOCKER_HOST: `unix://${sock}`, CI: 'true' } });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (/original: (building|step)/.test(stderr)) setTimeout(proxy.cut, 2000);
    });
    const res = await child;
    expect(res.exitCode, res.stderr).toBe(3);
    expect(res.stderr).toMatch(/engine|daemon/i);
    expect(res.stderr).not.toMatch(/\n\s+at |internal error|node:internal/);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.finishedAt).toBeTruthy();
    for (const v of results.variants) expect(v.outcome, v.name).not.toBe('ok');
    // Once the engine answers again, what the run could not remove goes with dflab clean.
    expect(res.stderr).toContain(`dflab clean --run ${results.runId}`);
    const clean = await runCli(['clean', '--run', results.runId]);
    expect(clean.status, clean.stderr).toBe(0);
    expect(containersWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${results.runId}`)).toEqual([]);
  });
});
