// runSmoke as a library call in a process that has nothing else to do: an HTTP probe of a server that starts late
// must keep the process alive until it answers (Node's fetch keeps nothing alive while the published port's proxy
// holds a connection the app does not answer yet: the process exited mid-probe with code 13, and its container
// was left running). Uses dist/, as a script calling dflab's engine would.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(new URL('.', import.meta.url).pathname, '../..');
const runId = `e2e-smoke-alone-${process.pid}-${Date.now()}`;
const tag = `dflab-e2e:${runId}`;
const dir = mkdtempSync(join(tmpdir(), 'dflab-smoke-alone-'));

afterAll(() => {
  try { execFileSync('docker', ['rmi', '-f', tag], { stdio: 'ignore' }); } catch { /* not built */ }
  rmSync(dir, { recursive: true, force: true });
});

describe('runSmoke alone in a process', () => {
  it('waits for a server that answers seconds after it starts', () => {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.13-slim\nCMD ["sh", "-c", "sleep 3; exec python3 -m http.server 8000"]\n');
    execFileSync('docker', ['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir], { stdio: 'ignore' });
    const script = `import { runSmoke } from ${JSON.stringify(join(root, 'dist/engine/smoke.js'))};
const r = await runSmoke({ image: ${JSON.stringify(tag)}, runId: ${JSON.stringify(runId)}, spec: { kind: 'http', port: 8000, path: '/', method: 'GET', expectStatus: 200, timeoutSeconds: 60 } });
console.log(JSON.stringify({ passed: r.passed, reason: r.reason }));`;
    const res = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000 });
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout.trim())).toEqual({ passed: true, reason: null });
    expect(execFileSync('docker', ['ps', '-aq', '--filter', `label=dflab.run=${runId}`], { encoding: 'utf8' }).trim()).toBe('');
  });
});
