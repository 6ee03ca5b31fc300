// Steps a combination shares with the other variants (issue 14): the pure count of leading steps a variant's stages
// share with the original's, on the experiments' Dockerfiles; the builders the layer-tuning rules leave as they are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { composeRules, planVariants, type PlannedVariant } from '../../../src/plan/index.js';
import { distinctSteps, sharedSteps } from '../../../src/plan/shared-steps.js';
import { allRules, ruleById } from '../../../src/rules/index.js';
import type { Project, Rule } from '../../../src/rules/types.js';

function project(text: string, files: Record<string, string>, paths: string[] = [], extra: Partial<Project> = {}): Project {
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files, contextPaths: [...new Set(['Dockerfile', ...Object.keys(files), ...paths])].sort(), ...extra };
}

/** A variant as a project of its own (its Dockerfile and files), to ask what a later variant shares with it. */
function asProject(base: Project, v: PlannedVariant): Project {
  const files = { ...base.files, ...Object.fromEntries(v.files.filter((f) => f.newText !== null).map((f) => [f.path, f.newText!])) };
  return project(v.dockerfile, files, base.contextPaths);
}

const rules = (...ids: string[]): Rule[] => ids.map((id) => ruleById(id)!);
const variant = (p: Project, name: string) => planVariants(p, allRules).variants.find((v) => v.name === name)!;

const pipService = () => project(readFileSync('experiments/pip-service/Dockerfile', 'utf8'), {
  'requirements.txt': readFileSync('experiments/pip-service/requirements.txt', 'utf8'),
}, ['service.py', 'setup.sh', 'notebooks/explore.ipynb']);

const onnx = { export: 'python3 export_onnx.py', artifact: '/app/model.onnx', runtime: ['onnxruntime'], env: { MODEL_BACKEND: 'onnx' } };
const textClassifier = () => project(readFileSync('experiments/text-classifier/Dockerfile', 'utf8'), {}, [
  'app.py', 'classifier.py', 'export_onnx.py', 'features.py', 'model.py', 'train.py', 'training_data.py', 'notebooks/eda.ipynb', 'data/raw/tickets.csv', '.hg/store/data',
], { config: { onnx } });

describe('sharedSteps: leading steps a variant shares with the original, per stage', () => {
  it('is every step of the original for itself, and none for another base', () => {
    const p = pipService();
    expect(sharedSteps(p, { dockerfile: p.dockerfile.text, files: [] })).toEqual([{ stage: '0', with: '0', shared: 4, steps: 4 }]);
    expect(sharedSteps(p, variant(p, 'base-slim'))).toEqual([{ stage: '0', with: null, shared: 0, steps: 4 }]);
  });

  it('multi-stage: the builder shares the original up to the venv it makes; the final stage on the slim base shares nothing', () => {
    const p = pipService();
    expect(sharedSteps(p, variant(p, 'multi-stage'))).toEqual([
      { stage: 'builder', with: '0', shared: 3, steps: 6 }, // FROM, WORKDIR, COPY . . — then python3 -m venv
      { stage: '1', with: null, shared: 0, steps: 5 },
    ]);
  });

  it('a context COPY is another step when the variant edits a file it sends (.dockerignore, requirements.txt)', () => {
    const p = pipService();
    expect(sharedSteps(p, variant(p, 'dockerignore'))[0]).toMatchObject({ shared: 2 });
    expect(sharedSteps(p, variant(p, 'prune-requirements'))[0]).toMatchObject({ shared: 2 });
  });

  it('onnx-runtime: the builder is the original stage plus the export', () => {
    const p = textClassifier();
    expect(sharedSteps(p, variant(p, 'onnx-runtime'))).toEqual([
      { stage: 'builder', with: '0', shared: 9, steps: 10 },
      { stage: '1', with: null, shared: 0, steps: 5 }, // FROM, the apt install, WORKDIR, COPY --from, ENV
    ]);
  });

  it('all: the builder keeps the installs as the rules before onnx-runtime wrote them, not apt-hygiene\'s rewrite', () => {
    const p = textClassifier();
    const all = variant(p, 'all');
    expect(all.rules).toEqual(['prune-requirements', 'dockerignore', 'onnx-runtime']);
    // FROM, apt-get update and three installs as the original has them; prune-requirements edits the fourth install.
    expect(sharedSteps(p, all)[0]).toEqual({ stage: 'builder', with: '0', shared: 5, steps: 10 });
    // With prune-requirements' own variant it shares the installs and WORKDIR; the COPY sends .dockerignore's context.
    expect(sharedSteps(asProject(p, variant(p, 'prune-requirements')), all)[0]).toEqual({ stage: 'builder', with: '0', shared: 7, steps: 10 });
    expect(all.notes).toContain("left out of all: apt-hygiene (its edits would fall only in builder stage builder, which the variant keeps as the rules before it wrote it, its steps shared with other variants: what it changes there (the package lists and recommends) is not what the final stage copies)");
  });
});

describe('distinctSteps: the steps a trial of the plan builds once each', () => {
  it('text-classifier: all adds only its context COPY, the training, the export and the final COPY --from', () => {
    const p = textClassifier();
    const plan = planVariants(p, allRules).variants;
    const others = plan.filter((v) => v.name !== 'all');
    expect(distinctSteps(p, plan).distinct - distinctSteps(p, others).distinct).toBe(4); // 6 when apt-hygiene and merge-runs rewrote the builder
  });

  it('counts a step shared by two variants once, and a step after a differing one apart', () => {
    const p = pipService();
    const same = distinctSteps(p, [{ dockerfile: p.dockerfile.text, files: [] }, { dockerfile: p.dockerfile.text, files: [] }]);
    expect(same).toEqual({ steps: 6, distinct: 3 }); // WORKDIR, COPY, RUN twice
    expect(distinctSteps(p, [{ dockerfile: p.dockerfile.text, files: [] }, variant(p, 'pip-no-cache')])).toEqual({ steps: 6, distinct: 4 });
  });
});

describe('a combination leaves builders to the rules before the layer-tuning ones', () => {
  const pipBuilder = (copy: string) => project(`FROM python:3.12 AS build\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=build ${copy}\nRUN pip install gunicorn\n`, {});

  it('tunes the final stage only where the final image takes a tree of the builder\'s own', () => {
    const composed = composeRules(pipBuilder('/install /usr/local'), rules('pip-no-cache', 'base-slim'));
    expect(composed.applied).toEqual(['pip-no-cache']);
    expect(composed.dockerfile).toContain('RUN pip install --prefix=/install flask\n');
    expect(composed.dockerfile).toContain('RUN pip install --no-cache-dir gunicorn\n');
    expect(composed.notes.some((n) => n.startsWith('pip-no-cache tunes the final stage only: builder stage build keeps the steps'))).toBe(true);
  });

  it('is left out with only-in-builder when its edits would all fall in a kept builder', () => {
    const p = project('FROM python:3.12 AS build\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n', {});
    const composed = composeRules(p, rules('pip-no-cache', 'pip-cache-mount'));
    expect(composed.applied).toEqual([]);
    expect(composed.skipped.map((s) => s.code)).toEqual(['only-in-builder', 'only-in-builder']);
  });

  it('still edits a builder whose copy may take caches along (/, a home) or whose ENV moves pip\'s cache', () => {
    expect(composeRules(pipBuilder('/ /'), rules('pip-no-cache')).dockerfile).toContain('pip install --no-cache-dir --prefix=/install flask');
    expect(composeRules(pipBuilder('/root/.local /root/.local'), rules('pip-no-cache')).dockerfile).toContain('pip install --no-cache-dir --prefix=/install flask');
    const moved = project('FROM python:3.12 AS build\nENV PIP_CACHE_DIR=/install/cache\nRUN pip install --prefix=/install flask\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n', {});
    expect(composeRules(moved, rules('pip-no-cache')).applied).toEqual(['pip-no-cache']);
  });

  it('apt-hygiene still edits a builder where pip runs after apt (recommends can change what pip installs)', () => {
    const p = project('FROM python:3.12 AS build\nRUN apt-get update && apt-get install -y libpq-dev\nRUN pip install --prefix=/install psycopg2\nFROM python:3.12-slim\nCOPY --from=build /install /usr/local\n', {});
    expect(composeRules(p, rules('apt-hygiene')).dockerfile).toContain('--no-install-recommends libpq-dev');
  });

  it('single-rule variants are unchanged: pip-no-cache alone still edits the builder', () => {
    const p = pipBuilder('/install /usr/local');
    expect(variant(p, 'pip-no-cache').dockerfile).toContain('pip install --no-cache-dir --prefix=/install flask');
  });
});
