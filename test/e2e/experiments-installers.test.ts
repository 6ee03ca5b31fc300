// End to end on experiments/poetry-app and experiments/pipenv-app: projects whose dependencies poetry and pipenv
// (Debian's python3-poetry and pipenv, installed with apt) install from their lock files into the image's Python,
// from the private index of real wheels served on 127.0.0.1:3141 (scripts/pip-index/). multi-stage must carry the
// installs and their tool into the builder and give the final stage what they installed: the variant builds, its
// smoke test imports the dependencies, and its final stage holds neither the tool nor an install.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDockerfile, finalStage } from '../../src/dockerfile/index.js';
import { containersWithLabel, imagesWithLabel } from '../helpers/engine.js';
import { applyPatch, dflabRun, experimentDir, variant, type DflabRun } from '../helpers/experiments.js';
import { startPipIndex, type PipIndex } from '../helpers/pip-index.js';


let server: PipIndex | null = null;
beforeAll(async () => {
  server = await startPipIndex();
});
afterAll(() => {
  server?.close();
});

describe.each([
  ['poetry-app', 'poetry', /poetry install/],
  ['pipenv-app', 'pipenv', /pipenv install --system --deploy/],
])('experiments/%s through multi-stage', (name, tool, install) => {
  const project = experimentDir(name);
  let run: DflabRun;

  beforeAll(async () => {
    run = await dflabRun(project, ['--rules', 'multi-stage'], 15);
  });

  it('builds the original and the multi-stage variant, and both pass the smoke test that imports the dependencies', () => {
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    for (const v of [variant(run.results, 'original'), variant(run.results, 'multi-stage')]) {
      expect(v.outcome, `${v.name}: ${v.error}`).toBe('ok');
      expect(v.smoke?.passed, `${v.name}: ${v.smoke?.outputTail}`).toBe(true);
      expect(v.smoke?.outputTail).toMatch(/ok lookup-service Slider/);
    }
  });

  it(`runs ${tool}'s install in the builder, with ${tool}, and leaves both out of the final stage`, () => {
    const v = variant(run.results, 'multi-stage');
    const model = parseDockerfile(readFileSync(join(run.out, v.dockerfile), 'utf8'));
    const [builder, final] = [model.stages[0]!, finalStage(model)];
    expect(builder.instructions.map((i) => i.raw).join('\n')).toMatch(install);
    const runs = final.instructions.filter((i) => i.keyword === 'RUN' || i.keyword === 'CMD').map((i) => i.raw).join('\n');
    expect(runs).not.toMatch(new RegExp(`\\b${tool}\\b`));
    expect(final.instructions.map((i) => i.raw)).toContain('COPY --from=builder /opt/venv /opt/venv');
    expect(v.sizeBytes!).toBeLessThan(variant(run.results, 'original').sizeBytes!);
    applyPatch(project, run.out, v);
  });

  it('leaves no container and no image with the run label', () => {
    expect(containersWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
    expect(imagesWithLabel(`dflab.run=${run.results.runId}`)).toEqual([]);
  });
});
