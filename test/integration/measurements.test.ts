// Measurements through a real trial (library API, real engine): compressed size, layer attribution,
// edit-rebuild time, HTTP smoke probes.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildImage } from '../../src/engine/buildx.js';
import { removeRunObjects } from '../../src/engine/docker.js';
import { LOCAL_REGISTRY, pushForCompressedSize } from '../../src/engine/registry.js';
import { runSmoke } from '../../src/engine/smoke.js';
import { allRules } from '../../src/rules/index.js';
import { StepTimes } from '../../src/run/step-times.js';
import { runTrial } from '../../src/run/trial.js';
import { containersWithLabel } from '../helpers/engine.js';

const stamp = `${process.pid}-${Date.now()}`;

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-measure-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

async function trial(dir: string) {
  const { results } = await runTrial({ dir, outDir: join(dir, 'out'), stepTimes: StepTimes.inMemory() });
  return results;
}

describe('measurements on a real engine', () => {
  it('compressed size agrees with the manifest the registry serves for a pushed image', async () => {
    const runId = `itg-comp-${stamp}`;
    const dir = project({ Dockerfile: 'FROM debian:trixie-slim\nRUN head -c 3000000 /dev/urandom > /r && seq 1 200000 > /s\n' });
    const tag = `dflab-itg:${runId}`;
    const built = await buildImage({ contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tag, runId, logFile: join(dir, 'l'), metadataFile: join(dir, 'm.json') });
    expect(built.ok).toBe(true);
    const ours = await pushForCompressedSize(tag, `dflab/itg-${stamp}`, 'a');
    // Independently: docker push and the registry's own manifest, read with curl.
    const ref = `${LOCAL_REGISTRY}/dflab/itg-check-${stamp}:b`;
    execFileSync('docker', ['tag', tag, ref]);
    execFileSync('docker', ['push', '-q', ref]);
    const manifest = JSON.parse(execFileSync('curl', ['-fsS', '-H', 'Accept: application/vnd.docker.distribution.manifest.v2+json', `http://${LOCAL_REGISTRY}/v2/dflab/itg-check-${stamp}/manifests/b`], { encoding: 'utf8' })) as { layers: { size: number }[] };
    execFileSync('docker', ['rmi', ref]);
    expect(ours.compressedBytes).toBe(manifest.layers.reduce((s, l) => s + l.size, 0));
    // Random bytes do not compress; the counted sequence does: the total sits between the two.
    expect(ours.compressedBytes).toBeGreaterThan(3_000_000);
    await removeRunObjects(runId, true);
  });

  it('attributes each layer of a 3-stage build to its instruction line', async () => {
    const dir = project({
      'dflab.yaml': `rules: {exclude: [${allRules.map((r) => r.id).join(', ')}]}\n`, // the original only
      Dockerfile: [
        'FROM debian:trixie-slim AS fetch',
        'RUN echo fetched > /fetched',
        'FROM debian:trixie-slim AS build',
        'COPY --from=fetch /fetched /built',
        'RUN head -c 200000 /dev/urandom > /artifact',
        'FROM build AS final',
        'RUN head -c 300000 /dev/urandom > /extra',
        'COPY app.txt /app.txt',
        '',
      ].join('\n'),
      'app.txt': 'app\n',
    });
    const results = await trial(dir);
    const original = results.variants.find((v) => v.name === 'original')!;
    expect(original.outcome, original.error ?? '').toBe('ok');
    const layers = original.layers.map((l) => [l.instruction, l.line, l.stage]);
    expect(layers).toEqual([
      ['base', null, null],
      ['COPY --from=fetch /fetched /built', 4, 1],
      ['RUN head -c 200000 /dev/urandom > /artifact', 5, 1],
      ['RUN head -c 300000 /dev/urandom > /extra', 7, 2],
      ['COPY app.txt /app.txt', 8, 2],
    ]);
    expect(original.layers[2]!.sizeBytes).toBeGreaterThanOrEqual(200_000);
    expect(original.compressedBytes).toBeGreaterThan(500_000);
    expect(original.efficiency).toBeGreaterThan(0);
  });

  it('edit-rebuild: copying the app before the slow dependency step reruns it; the right order does not', async () => {
    const slow = 'RUN sleep 4 && echo deps > /deps';
    const only = { 'dflab.yaml': `rules: {exclude: [${allRules.map((r) => r.id).join(', ')}]}\n` };
    const bad = project({ ...only, Dockerfile: `FROM debian:trixie-slim\nWORKDIR /app\nCOPY . .\n${slow}\n`, 'main.py': 'print(1)\n', 'requirements.txt': 'x\n' });
    const good = project({ ...only, Dockerfile: `FROM debian:trixie-slim\nWORKDIR /app\nCOPY requirements.txt .\n${slow}\nCOPY . .\n`, 'main.py': 'print(1)\n', 'requirements.txt': 'x\n' });
    const [b, g] = [(await trial(bad)).variants[0]!, (await trial(good)).variants[0]!];
    expect(b.build?.warmSeconds).toBeGreaterThanOrEqual(4);
    expect(b.build?.coldSeconds).toBeGreaterThanOrEqual(4);
    expect(g.build?.coldSeconds).toBeGreaterThanOrEqual(4);
    expect(g.build!.warmSeconds!).toBeLessThan(b.build!.warmSeconds! - 3);
  });

  it('HTTP smoke: a server healthy after a delay passes; one that never listens fails at the timeout, container gone', async () => {
    const runId = `itg-http-${stamp}`;
    const server = 'import http.server as s, time\ntime.sleep(3)\nclass H(s.BaseHTTPRequestHandler):\n  def do_GET(self):\n    self.send_response(200); self.end_headers(); self.wfile.write(b"ready")\ns.HTTPServer(("0.0.0.0", 8080), H).serve_forever()\n';
    const dir = project({ Dockerfile: 'FROM python:3.13-slim\nCOPY server.py /server.py\nCMD ["python3", "/server.py"]\n', 'server.py': server });
    const tag = `dflab-itg:${runId}`;
    const built = await buildImage({ contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tag, runId, logFile: join(dir, 'l'), metadataFile: join(dir, 'm.json') });
    expect(built.ok).toBe(true);
    const spec = { kind: 'http' as const, port: 8080, path: '/', method: 'GET', body: null, expectStatus: 200, expectBody: 'ready', timeoutSeconds: 30 };
    const ok = await runSmoke({ image: tag, runId, spec });
    expect(ok).toMatchObject({ passed: true });
    expect(ok.startupSeconds).toBeGreaterThanOrEqual(3);
    const silent = await runSmoke({ image: tag, runId, spec: { ...spec, port: 9999, timeoutSeconds: 4 } });
    expect(silent.passed).toBe(false);
    expect(silent.reason).toMatch(/within 4s/);
    expect(silent.seconds).toBeGreaterThanOrEqual(4);
    expect(containersWithLabel(`dflab.run=${runId}`)).toEqual([]);
    await removeRunObjects(runId, true);
  });

  it('command smoke: the output of a command that exits at once is all there, both streams, every time', async () => {
    // Attached before the start: logs read right after an exit came back empty now and then under load.
    const runId = `itg-cmd-${stamp}`;
    const spec = { kind: 'command' as const, command: ['sh', '-c', 'echo ok out; echo warn >&2; exit 3'], expectExitCode: 3, expectStdout: '^ok out\\s*$', timeoutSeconds: 30 };
    const runs = await Promise.all(Array.from({ length: 12 }, () => runSmoke({ image: 'debian:trixie-slim', runId, spec })));
    for (const r of runs) {
      expect(r).toMatchObject({ passed: true, reason: null });
      expect(r.outputTail).toMatch(/ok out\n/);
      expect(r.outputTail).toMatch(/warn\n/);
    }
    const wrong = await runSmoke({ image: 'debian:trixie-slim', runId, spec: { ...spec, expectExitCode: 0 } });
    expect(wrong).toMatchObject({ passed: false, reason: 'exit code 3, expected 0' });
    expect(containersWithLabel(`dflab.run=${runId}`)).toEqual([]);
  });
});
