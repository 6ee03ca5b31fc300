// `dflab plan --build DIR` on the real engine: the original is built (labelled with the run id it reports),
// every variant is predicted against it as `plan --image` does, and nothing labelled with that run is left.
// `dflab plan --image` on an image built here: the save the entry point asks for before the CLI loads
// (engine/early-save.ts) gives the same predictions as a read from the layer cache, and a missing image is
// the usage error it always was.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { containersWithLabel, docker, imagesWithLabel } from '../helpers/engine.js';

interface Predicted { sizeBytes: number; variants: { name: string; sizeBytes: number | null; prediction: { predicted: boolean } }[]; built: { runId: string; tag: string; kept: boolean } }

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dflab-plan-build-'));
  writeFileSync(join(dir, 'Dockerfile'), 'FROM python:3.13\nWORKDIR /app\nCOPY app.py .\nCMD ["python", "app.py"]\n');
  writeFileSync(join(dir, 'app.py'), 'print("ok")\n');
  writeFileSync(join(dir, 'dflab.yaml'), 'smoke:\n  command: ["python", "app.py"]\n  expectStdout: "ok"\n');
  return dir;
}

describe('dflab plan --build', () => {
  it('builds the original, predicts the variants against it (--json), and leaves no object of its run', async () => {
    const dir = project();
    const res = await runCli(['plan', dir, '--build', '--json', '--rules', 'base-slim'], { timeoutMinutes: 8 });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/building the original \(run \S+\)/);
    expect(res.stderr).toMatch(/removed the original's image/);
    const out = JSON.parse(res.stdout) as Predicted;
    expect(out.built.kept).toBe(false);
    const original = out.variants.find((v) => v.name === 'original')!;
    expect(original.sizeBytes).toBe(out.sizeBytes);
    // base-slim: the python:3.13-slim stand-in plus the layers the Dockerfile adds on top of python:3.13.
    const base = (ref: string) => Number(docker(['image', 'inspect', '-f', '{{.Size}}', ref]));
    const added = out.sizeBytes - base('python:3.13');
    const slim = out.variants.find((v) => v.name === 'base-slim')!;
    expect(slim.prediction.predicted).toBe(true);
    expect(Math.abs(slim.sizeBytes! - (base('python:3.13-slim') + added))).toBeLessThan(64 * 1024);
    expect(imagesWithLabel(`dflab.run=${out.built.runId}`)).toEqual([]);
    expect(containersWithLabel(`dflab.run=${out.built.runId}`)).toEqual([]);
  }, 10 * 60_000);
});

describe('dflab plan --image', () => {
  it('predicts from a cold read (the early save) as from a warm one, and names a missing image', async () => {
    const dir = project();
    const runId = `e2e-plan-image-${process.pid}-${Date.now()}`;
    const tag = `dflab-e2e:${runId}`;
    const env = { DFLAB_LAYER_CACHE: mkdtempSync(join(tmpdir(), 'dflab-plan-image-cache-')) };
    try {
      docker(['buildx', 'build', '--quiet', '--load', '--label', `dflab.run=${runId}`, '-t', tag, dir]);
      const plan = () => runCli(['plan', dir, '--image', tag, '--json', '--rules', 'base-slim'], { env, timeoutMinutes: 5 });
      const cold = await plan();
      expect(cold.status, cold.stderr).toBe(0);
      const warm = await plan();
      expect(warm.status, warm.stderr).toBe(0);
      const figures = (text: string) => (JSON.parse(text) as Predicted).variants.map((v) => [v.name, v.sizeBytes]);
      expect(figures(warm.stdout)).toEqual(figures(cold.stdout));
      expect((JSON.parse(cold.stdout) as Predicted).variants.find((v) => v.name === 'base-slim')?.prediction.predicted).toBe(true);
      const missing = await runCli(['plan', dir, '--image', `dflab-e2e:missing-${runId}`, '--json'], { env, timeoutMinutes: 2 });
      expect(missing.status).toBe(2);
      expect(missing.stderr).toMatch(/image not found/);
    } finally {
      for (const id of imagesWithLabel(`dflab.run=${runId}`)) docker(['rmi', '-f', id]);
      rmSync(env.DFLAB_LAYER_CACHE, { recursive: true, force: true });
    }
  }, 10 * 60_000);
});
