// A fixed run for report tests: every volatile value (ids, dates, timings) is pinned here.
import { makePatch } from '../../../src/report/index.js';
import { rankVariants, withRanking } from '../../../src/rank/index.js';
import type { MarkdownReportInput } from '../../../src/report/index.js';
import type { RenderInput, VariantSource } from '../../../src/report/render.js';
import type { Outcome, Results, VariantResult } from '../../../src/results.js';

export const DOCKERFILE = [
  'FROM python:3.13',
  'WORKDIR /app',
  'RUN apt-get update && apt-get install -y build-essential',
  'COPY requirements.txt .',
  'RUN pip install -r requirements.txt',
  'COPY . .',
  'CMD ["python", "app.py"]',
  '',
].join('\n');

function variant(name: string, outcome: Outcome, sizeBytes: number | null, coldSeconds: number | null, extra: Partial<VariantResult> = {}): VariantResult {
  return {
    name, rules: name === 'original' ? [] : [name], outcome,
    dockerfile: `variants/${name}/Dockerfile`, patch: name === 'original' ? null : `patches/${name}.patch`,
    sizeBytes, compressedBytes: null, wastedBytes: null, efficiency: null, layers: [],
    build: coldSeconds === null ? null : { coldSeconds, warmSeconds: null, steps: [] },
    smoke: outcome === 'ok' ? { passed: true, seconds: 1.2, startupSeconds: null, outputTail: 'ok python 3.13\n' } : null,
    rank: null, pareto: false, error: null, ...extra,
  };
}

const dockerfiles: Record<string, string> = {
  'base-slim': DOCKERFILE.replace('FROM python:3.13', 'FROM python:3.13-slim'),
  'pip-no-cache': DOCKERFILE.replace('pip install', 'pip install --no-cache-dir'),
  'apt-hygiene': DOCKERFILE.replace(
    'RUN apt-get update && apt-get install -y build-essential',
    'RUN apt-get update && apt-get install -y --no-install-recommends build-essential \\\n    && rm -rf /var/lib/apt/lists/*',
  ),
  'base-alpine': DOCKERFILE.replace('FROM python:3.13', 'FROM python:3.13-alpine').replace('apt-get update && apt-get install -y', 'apk add --no-cache'),
  'layer-order': DOCKERFILE.replace('COPY . .\n', '').replace('CMD', 'COPY app.py .\nCMD'),
  'slim-nocache': DOCKERFILE.replace('FROM python:3.13', 'FROM python:3.13-slim').replace('pip install', 'pip install --no-cache-dir'),
};

export function fixtureVariants(): VariantResult[] {
  return [
    variant('original', 'ok', 1_093_000_000, 48.2, { compressedBytes: 406_200_000 }),
    variant('base-slim', 'ok', 312_400_000, 41.7, { compressedBytes: 98_100_000 }),
    variant('pip-no-cache', 'ok', 1_071_500_000, 47.9),
    variant('slim-nocache', 'ok', 290_800_000, 42.3, { rules: ['base-slim', 'pip-no-cache'] }),
    variant('apt-hygiene', 'build-failed', null, 12.4, {
      error: [
        'step "[2/5] RUN apt-get update && apt-get install -y --no-install-recommends build-essential" failed: exit code 100',
        'E: Unable to locate package build-essentialx',
        'E: Package has no installation candidate',
      ].join('\n'),
    }),
    variant('layer-order', 'smoke-failed', 1_093_100_000, 49.0, {
      smoke: { passed: false, seconds: 2.1, startupSeconds: null, outputTail: 'Traceback (most recent call last):\n  File "/app/app.py", line 1\nModuleNotFoundError: No module named \'greet\'\n' },
      error: 'smoke test failed: exit code 1, expected 0',
    }),
    variant('base-alpine', 'base-unavailable', null, null, { error: 'base image python:3.13-alpine is not available (no registry is reachable)' }),
  ];
}

export function fixtureInput(): MarkdownReportInput {
  const ranked = rankVariants(fixtureVariants(), 'size');
  const results: Results = {
    schemaVersion: 1,
    runId: '20250101-120000-abc123',
    project: 'hello-py',
    startedAt: '2025-01-01T12:00:00.000Z',
    finishedAt: '2025-01-01T12:04:12.000Z',
    engine: { docker: '26.1.5', buildx: '0.13.1', builder: 'default' },
    variants: ranked.variants,
    recommended: ranked.recommended,
  };
  const diffs = Object.fromEntries(Object.entries(dockerfiles).map(([name, text]) =>
    [name, makePatch([{ path: 'Dockerfile', oldText: DOCKERFILE, newText: text }])]));
  return {
    results,
    diffs,
    notes: {
      'base-slim': ['python:3.13-slim lacks build-essential; the build still needs it for wheels without a binary'],
      'base-alpine': ['torch has no musllinux wheel: likely to fail on alpine'],
    },
    skipped: [
      { rule: 'multi-stage', code: 'no-install-in-final-stage', reason: 'the final stage has no pip install to move into a builder stage' },
      // As results.json files written before reasons had codes hold them.
      { rule: 'torch-cpu', reason: 'requirements.txt does not mention torch' },
    ],
    recommendedReason: ranked.reason,
  };
}

const LAYERS = (deps: number, app: number) => [
  { instruction: 'base', line: null, stage: null, sizeBytes: 180_000_000 },
  { instruction: 'RUN apt-get update && apt-get install -y build-essential', line: 3, stage: 0, sizeBytes: deps * 0.6 },
  { instruction: 'COPY requirements.txt .', line: 4, stage: 0, sizeBytes: 1_200 },
  { instruction: 'RUN pip install -r requirements.txt', line: 5, stage: 0, sizeBytes: deps * 0.4 },
  { instruction: 'COPY . .', line: 6, stage: 0, sizeBytes: app },
];

const STEPS = [
  { name: '[1/5] FROM docker.io/library/python:3.13', seconds: 0.4, cached: true },
  { name: '[2/5] RUN apt-get update && apt-get install -y build-essential', seconds: 21.3, cached: false },
  { name: '[3/5] COPY requirements.txt .', seconds: 0.1, cached: false },
  { name: '[4/5] RUN pip install -r requirements.txt', seconds: 17.9, cached: false },
  { name: '[5/5] COPY . .', seconds: 0.2, cached: false },
];

/** A whole run as `dflab report` reads it: results.json (ranked by size) plus each variant's Dockerfile and record. */
export function fixtureRun(): RenderInput {
  const base = fixtureVariants().map((v) => (v.sizeBytes === null ? v : {
    ...v,
    layers: LAYERS(v.sizeBytes - 180_000_000 - 40_000_000, 40_000_000),
    wastedBytes: v.name === 'original' ? 25_000_000 : 2_000_000,
    build: v.build && { ...v.build, warmSeconds: v.build.coldSeconds / 6, steps: STEPS },
  }));
  const all: VariantResult = {
    ...base[1]!, name: 'all', rules: ['base-slim', 'pip-no-cache', 'apt-hygiene'], dockerfile: 'variants/all/Dockerfile', patch: 'patches/all.patch',
    sizeBytes: 268_000_000, compressedBytes: 90_500_000, build: { coldSeconds: 39.9, warmSeconds: 6.2, steps: STEPS },
    requires: [{ kind: 'base-image', subject: 'python:3.13-slim' }, { kind: 'no-recommends', subject: '' }, { kind: 'not-copied', subject: '.git' }, { kind: 'not-copied', subject: '**/*.ipynb' }],
  };
  // merge-runs made apt-hygiene's build: built once, shown with both names.
  const variants = [...base.map((v) => (v.name === 'apt-hygiene' ? { ...v, aliases: [{ name: 'merge-runs', rules: ['merge-runs'] }] } : v)), all];
  const ranking = rankVariants(variants, 'size');
  const results: Results = withRanking({
    schemaVersion: 1, runId: '20250101-120000-abc123', project: 'hello-py', projectDir: '/w/services/hello-py',
    startedAt: '2025-01-01T12:00:00.000Z', finishedAt: '2025-01-01T12:04:12.000Z',
    engine: { docker: '26.1.5', buildx: '0.13.1', builder: 'default' },
    variants, recommended: null,
    skippedRules: [
      { rule: 'multi-stage', code: 'no-install-in-final-stage', reason: 'the final stage has no pip install to move into a builder stage' },
    ],
    dockerfileWarnings: [{ file: 'Dockerfile', line: 4, code: 'NoEmptyContinuation', message: 'Empty continuation line (the RUN on line 3 continues past it; empty continuation lines will become errors in a future release)' }],
  }, ranking, 'size');
  const texts: Record<string, string> = { original: DOCKERFILE, ...dockerfiles, all: dockerfiles['slim-nocache']!.replace('install -y build', 'install -y --no-install-recommends build') };
  const notes: Record<string, string[]> = {
    'base-slim': ['python:3.13-slim lacks build-essential; the build still needs it for wheels without a binary'],
    'base-alpine': ['likely to fail on musl: torch has manylinux wheels only, which Alpine cannot install'],
    all: ['left out of all: base-alpine (musl cannot install manylinux wheels)'],
  };
  const sources: Record<string, VariantSource> = {};
  for (const v of variants) {
    const files = v.name === 'all' ? [{ path: '.dockerignore', oldText: null, newText: '.git\n__pycache__\n' }] : [];
    sources[v.name] = {
      dockerfile: texts[v.name] ?? DOCKERFILE,
      record: { name: v.name, rules: v.rules, notes: notes[v.name] ?? [], dockerfilePath: 'Dockerfile', files },
      existingPatch: null,
    };
  }
  // The project is a subdirectory of a git repository, its run in the default out dir.
  return { results, ranking, variants: sources, place: { outDir: '/w/services/hello-py/.dflab/20250101-120000-abc123', repoTop: '/w' } };
}
