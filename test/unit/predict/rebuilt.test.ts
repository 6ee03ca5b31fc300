// Predictors of the rules that rebuild the final stage (multi-stage, base-distroless, onnx-runtime), change only
// layers (merge-runs, layer-order), swap to alpine, or replace the torch stack — on synthetic attributions shaped
// like the real ones (pip-service on python:3.13, text-classifier's Debian ML stack).
import { describe, expect, it } from 'vitest';
import type { Attribution, PackageBytes } from '../../../src/measure/attribution/index.js';
import type { PlannedVariant } from '../../../src/plan/index.js';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { DEFAULT_RATIOS, predictVariant, type PackageIndex, type PredictFacts, type WheelFacts } from '../../../src/predict/index.js';
import { historyKey, instructionKey } from '../../../src/predict/final-stage.js';

const MB = 1_000_000;
type Layer = Attribution['layers'][number];

function pkg(kind: PackageBytes['kind'], name: string, bytes: number, more: Partial<PackageBytes> = {}): PackageBytes {
  return { kind, name, version: '1', bytes, baseBytes: 0, files: 1, pycacheBytes: 0, inBase: false, root: false, onlyPulls: { names: [], bytes: 0 }, ...more };
}
function layer(index: number, createdBy: string, byCategory: Layer['byCategory'], base = false): Layer {
  const storedBytes = Object.values(byCategory).reduce((s, b) => s + b, 0);
  return { index, createdBy, base, storedBytes, wastedBytes: byCategory.waste ?? 0, byCategory };
}
function attribution(layers: Layer[], packages: PackageBytes[], more: Partial<Attribution> = {}): Attribution {
  const size = layers.reduce((s, l) => s + l.storedBytes, 0);
  const cats = new Map<string, number>();
  for (const l of layers) for (const [c, b] of Object.entries(l.byCategory)) cats.set(c, (cats.get(c) ?? 0) + b);
  const categories = [...cats].map(([category, bytes]) => ({
    category: category as Attribution['categories'][number]['category'], bytes, files: 1, sourceCount: 1,
    top: category === 'pip-cache' ? [{ name: '/root/.cache/pip', bytes, files: 1 }] : [],
  }));
  return { image: 'x', sizeBytes: size, storedBytes: size, attributedBytes: size, finalBytes: size, otherBytes: 0, categories, layers, packages, copies: [], waste: [], ...more };
}
const variant = (rules: string[], dockerfile: string, files: PlannedVariant['files'] = []): PlannedVariant =>
  ({ name: rules.join('+'), rules, dockerfile, files, notes: [], requires: [], aliases: [] });
const facts = (dockerfile: string, more: Partial<PredictFacts> = {}): PredictFacts => ({ dockerfile, files: {}, context: null, bases: new Map(), ...more });

describe('layer keys', () => {
  it("match BuildKit's created-by to the instruction, build args, flags and continuations aside", () => {
    const model = parseDockerfile('FROM x\nRUN --mount=type=cache,target=/root/.cache/pip apt-get update && \\\n    apt-get install -y gcc\nCOPY --chown=app . .\n');
    const [run, copy] = model.stages[0]!.instructions.slice(1);
    expect(historyKey('RUN |2 A=1 B=2 /bin/sh -c apt-get update &&     apt-get install -y gcc')).toBe(instructionKey(run!));
    expect(historyKey('COPY --chown=app . . # buildkit')).toBe(instructionKey(copy!));
    expect(historyKey('RUN /bin/sh -c pip install x')).not.toBe(instructionKey(run!));
  });
});

// pip-service's shape: python:3.13, build tools from apt, pip's cache left in the image.
const ORIGINAL = `FROM python:3.13
WORKDIR /srv
COPY . .
RUN apt-get update && apt-get install -y gcc libpq-dev libpq5
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
`;
const BUILDER = `FROM python:3.13 AS builder
WORKDIR /srv
COPY . .
RUN apt-get update && apt-get install -y gcc libpq-dev libpq5
RUN python3 -m venv /opt/venv
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
RUN pip install -r requirements.txt
`;
const MULTI = `${BUILDER}
FROM python:3.13-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
COPY --from=builder /opt/venv /opt/venv
WORKDIR /srv
COPY . .
CMD ["python", "app.py"]
`;
const DISTROLESS = `${BUILDER}RUN mkdir -p /dflab-runtime && for p in $(apt-cache depends --recurse --installed --no-recommends --no-suggests --no-conflicts --no-breaks --no-replaces --no-enhances libpq5 | grep '^[a-z0-9]' | sort -u); do true; done

FROM gcr.io/distroless/python3-debian13
ENV VIRTUAL_ENV=/opt/venv PATH="/opt/venv/bin:$PATH"
COPY --from=builder /dflab-runtime/ /
COPY --from=builder /opt/venv /opt/venv
WORKDIR /srv
COPY . .
ENTRYPOINT []
CMD ["/opt/venv/bin/python", "app.py"]
`;
const pipService = attribution([
  layer(0, '', { base: 800 * MB }, true),
  layer(1, 'WORKDIR /srv', {}),
  layer(2, 'COPY . .', { copy: 1 * MB }),
  layer(3, 'RUN /bin/sh -c apt-get update && apt-get install -y gcc libpq-dev libpq5', { deb: 50 * MB, 'apt-lists': 10 * MB }),
  layer(4, 'RUN /bin/sh -c pip install -r requirements.txt', { python: 115 * MB, 'pip-cache': 115 * MB }),
], [
  pkg('deb', 'gcc', 40 * MB, { root: true, requires: ['cpp'] }), pkg('deb', 'cpp', 5 * MB, { requires: [] }),
  pkg('deb', 'libpq-dev', 4 * MB, { root: true, requires: ['libpq5'] }), pkg('deb', 'libpq5', 1 * MB, { root: true, requires: ['libc6', 'libssl3t64', 'libldap2'] }),
  pkg('deb', 'libc6', 0, { inBase: true, root: true, baseBytes: 12 * MB, requires: [] }),
  pkg('deb', 'libssl3t64', 0, { inBase: true, baseBytes: 5 * MB, requires: ['libc6'] }),
  pkg('deb', 'libldap2', 0, { inBase: true, baseBytes: 2 * MB, requires: ['libc6'] }),
  pkg('deb', 'python3-pip', 0, { inBase: true, root: true, baseBytes: 15 * MB, pycacheBytes: 5 * MB, installedSizeBytes: 10 * MB, requires: [] }),
  pkg('python', 'numpy', 115 * MB, { root: true }),
]);
const bases = new Map([['python:3.13-slim', 160 * MB], ['gcr.io/distroless/python3-debian13', 50 * MB]]);

describe('multi-stage', () => {
  it('drops the base difference, the build-only packages, the caches and lists; keeps the tree; adds the venv\'s pip', () => {
    const p = predictVariant(pipService, variant(['multi-stage'], MULTI), facts(ORIGINAL, { bases }));
    // slim − base layers, gcc + cpp + libpq-dev (libpq5 is installed again), pip's cache, the lists, + the venv's pip
    expect(p).toMatchObject({ predicted: true, sizeBytes: (160 - 800 - 49 - 115 - 10 + 10) * MB });
    if (p.predicted) expect(p.contributors.map((c) => c.what)).toContain('3 Debian packages left in the builder (build-only, or brought by Recommends) (gcc, cpp, libpq-dev)');
  });

  it('with pip-no-cache in the same variant, counts pip\'s cache once — in the compressed figure too', () => {
    const alone = predictVariant(pipService, variant(['multi-stage'], MULTI), facts(ORIGINAL, { bases }));
    const both = predictVariant(pipService, variant(['multi-stage', 'pip-no-cache'], MULTI.replace('RUN pip install', 'RUN pip install --no-cache-dir')), facts(ORIGINAL, { bases }));
    expect(both).toMatchObject({ predicted: true, sizeBytes: alone.predicted ? alone.sizeBytes : NaN, compressedBytes: alone.predicted ? alone.compressedBytes : NaN });
    if (alone.predicted) expect(alone.compressedBytes).toBe(Math.round((160 - 800) * MB * DEFAULT_RATIOS.base - 49 * MB * DEFAULT_RATIOS.deb - 115 * MB * DEFAULT_RATIOS['pip-cache'] - 10 * MB * DEFAULT_RATIOS['apt-lists'] + 10 * MB * DEFAULT_RATIOS.python));
  });

  it("with the slim base's package list, the kept packages' Depends it lacks come back too (on its dpkg filters)", () => {
    // libpq5 → libc6, libssl3t64, libldap2 (all in python:3.13); the slim base holds libc6 and libssl3t64 only
    const basePackages = new Map([['python:3.13-slim', new Set(['libc6', 'libssl3t64'])]]);
    const p = predictVariant(pipService, variant(['multi-stage'], MULTI), facts(ORIGINAL, { bases, basePackages }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: (160 - 800 - 49 - 115 - 10 + 10 + 2) * MB });
    if (p.predicted) expect(p.contributors.map((c) => c.what)).toContain('libldap2 installed again on the new base');
  });

  it('is not predicted when the slim base is not local', () => {
    expect(predictVariant(pipService, variant(['multi-stage'], MULTI), facts(ORIGINAL))).toMatchObject({ predicted: false, reason: { code: 'base-size-unknown' } });
  });
});

describe('base-distroless', () => {
  it('copies the run-time packages and what they Depend on that the image lacks, and drops the rest', () => {
    const p = predictVariant(pipService, variant(['base-distroless'], DISTROLESS), facts(ORIGINAL, { bases }));
    // libc6 and libssl3t64 are in the distroless image; libldap2 (of the original's base) is copied: +2 MB
    expect(p).toMatchObject({ predicted: true, sizeBytes: (50 - 800 - 49 - 115 - 10 + 2 + 10) * MB });
  });
});

describe('merge-runs', () => {
  const original = 'FROM debian:trixie-slim\nRUN curl -o /tmp/x.tgz http://h/x.tgz\nRUN tar xzf /tmp/x.tgz -C /opt\nRUN rm /tmp/x.tgz\nCMD ["/opt/x/bin/x"]\n';
  const merged = 'FROM debian:trixie-slim\nRUN curl -o /tmp/x.tgz http://h/x.tgz && tar xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz\nCMD ["/opt/x/bin/x"]\n';
  const layers = [
    layer(0, '', { base: 100 * MB }, true), layer(1, 'RUN /bin/sh -c curl -o /tmp/x.tgz http://h/x.tgz', { waste: 30 * MB }),
    layer(2, 'RUN /bin/sh -c tar xzf /tmp/x.tgz -C /opt', { other: 80 * MB }), layer(3, 'RUN /bin/sh -c rm /tmp/x.tgz', {}),
  ];

  it('removes the waste a RUN merged with it deletes', () => {
    const a = attribution(layers, [], { waste: [{ layer: 1, createdBy: layers[1]!.createdBy, bytes: 30 * MB, hiddenBy: [{ layer: 3, bytes: 30 * MB }], top: [] }] });
    expect(predictVariant(a, variant(['merge-runs'], merged), facts(original))).toMatchObject({ predicted: true, sizeBytes: -30 * MB });
  });

  it('predicts 0 bytes when what is deleted was written outside the merged RUNs', () => {
    const a = attribution(layers, [], { waste: [{ layer: 0, createdBy: '', bytes: 30 * MB, hiddenBy: [{ layer: 3, bytes: 30 * MB }], top: [] }] });
    expect(predictVariant(a, variant(['merge-runs'], merged), facts(original))).toMatchObject({ predicted: true, sizeBytes: 0, contributors: [{ bytes: 0 }] });
  });
});

describe('layer-order', () => {
  it('is the same size, plus the manifest copied twice', () => {
    const moved = ORIGINAL.replace('COPY . .\n', 'COPY requirements.txt ./\n').replace('CMD', 'COPY . .\nCMD');
    const p = predictVariant(pipService, variant(['layer-order'], moved), facts(ORIGINAL, { context: [{ path: 'requirements.txt', size: 434 }, { path: 'app.py', size: 900 }] }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: 434, contributors: expect.arrayContaining([expect.objectContaining({ what: 'layer order changes build time, not size', bytes: 0 })]) });
  });
});

describe('base-alpine', () => {
  const alpine = ORIGINAL.replace('FROM python:3.13', 'FROM python:3.13-alpine');

  it('is the base difference when the alpine image is local', () => {
    const p = predictVariant(pipService, variant(['base-alpine'], alpine), facts(ORIGINAL, { bases: new Map([['python:3.13-alpine', 50 * MB]]) }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: -750 * MB });
  });

  it('is not predicted where alpine cannot be had (the offline lab)', () => {
    const p = predictVariant(pipService, variant(['base-alpine'], alpine), facts(ORIGINAL, { bases: new Map([['python:3.13-alpine', null]]) }));
    expect(p).toMatchObject({ predicted: false, reason: { code: 'base-size-unknown' } });
  });
});

const wheel = (name: string, version: string, fileMB: number, unpackedMB: number, requires: string[] = []): WheelFacts =>
  ({ name, version, fileBytes: fileMB * MB, unpackedBytes: unpackedMB * MB, requires });
const index = (wheels: WheelFacts[]): PackageIndex => ({ wheels: new Map(wheels.map((w) => [w.name, wheels.filter((x) => x.name === w.name)])), debs: new Map(), source: '/idx' });

describe('torch-cpu', () => {
  const original = 'FROM python:3.13\nRUN pip install torch\n';
  const cpu = 'FROM python:3.13\nRUN pip install --index-url https://download.pytorch.org/whl/cpu torch\n';
  const a = attribution([layer(0, '', { base: 800 * MB }, true), layer(1, 'RUN /bin/sh -c pip install torch', { python: 3200 * MB, 'pip-cache': 1000 * MB })], [
    pkg('python', 'torch', 900 * MB, { root: true, onlyPulls: { names: ['nvidia-cublas-cu12', 'triton'], bytes: 2300 * MB } }),
    pkg('python', 'nvidia-cublas-cu12', 2000 * MB), pkg('python', 'triton', 300 * MB),
    pkg('python', 'sympy', 0, { inBase: true, baseBytes: 60 * MB }),
  ]);
  const wheels = index([wheel('torch', '2.5.1', 800, 900), wheel('torch', '2.5.1+cpu', 190, 700, ['sympy', 'filelock', "pytest; extra == 'dev'"]), wheel('filelock', '3.16', 0.05, 0.1)]);

  it('replaces the CUDA build and its CUDA packages by the CPU wheel and what it needs that is missing', () => {
    const p = predictVariant(a, variant(['torch-cpu'], cpu), facts(original, { index: wheels }));
    // −3200 MB of CUDA stack, +700 MB CPU torch, +0.1 MB filelock; pip's cache: −1000 MB of CUDA wheels, +190.05 MB
    expect(p).toMatchObject({ predicted: true, sizeBytes: Math.round((-3200 + 700 + 0.1 - 1000 + 190.05) * MB) });
  });

  it('is not predicted when the index has no CPU wheel', () => {
    const p = predictVariant(a, variant(['torch-cpu'], cpu), facts(original, { index: index([wheel('torch', '2.5.1+cu121', 800, 900)]) }));
    expect(p).toMatchObject({ predicted: false, reason: { code: 'replacement-unsized' } });
  });
});

describe('onnx-runtime', () => {
  const original = `FROM buildpack-deps:trixie
RUN apt-get update
RUN apt-get install -y python3 python3-torch python3-onnxruntime python3-flask
WORKDIR /app
COPY . .
RUN python3 train.py
CMD ["python3", "app.py"]
`;
  const onnx = `${original.replace('FROM buildpack-deps:trixie', 'FROM buildpack-deps:trixie AS builder').replace(/CMD.*\n/, 'RUN python3 export_onnx.py\n')}
FROM debian:trixie-slim
RUN apt-get update && apt-get install -y --no-install-recommends python3 python3-flask python3-onnxruntime && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=builder /app /app
ENV MODEL_BACKEND=onnx
CMD ["python3", "app.py"]
`;
  const a = attribution([
    layer(0, '', { base: 770 * MB }, true), layer(1, 'RUN /bin/sh -c apt-get update', { 'apt-lists': 20 * MB }),
    layer(2, 'RUN /bin/sh -c apt-get install -y python3 python3-torch python3-onnxruntime python3-flask', { deb: 1500 * MB }),
    layer(3, 'COPY . .', { copy: 1 * MB }), layer(4, 'RUN /bin/sh -c python3 train.py', { other: 2 * MB }),
  ], [
    pkg('deb', 'python3', 30 * MB, { root: true, requires: [] }), pkg('deb', 'python3-torch', 1000 * MB, { root: true, requires: ['libtorch2.6', 'python3-numpy'], onlyPulls: { names: ['libtorch2.6'], bytes: 300 * MB } }),
    pkg('deb', 'libtorch2.6', 300 * MB, { requires: [] }), pkg('deb', 'python3-numpy', 40 * MB, { requires: ['python3'] }),
    pkg('deb', 'python3-onnxruntime', 100 * MB, { root: true, requires: ['python3-numpy', 'libonnx'] }), pkg('deb', 'libonnx', 10 * MB, { requires: [] }),
    pkg('deb', 'python3-flask', 20 * MB, { root: true, requires: ['python3'] }),
  ]);

  it('drops the torch stack, the base difference and the lists; keeps the app and what the run-time packages need', () => {
    const p = predictVariant(a, variant(['onnx-runtime'], onnx), facts(original, { bases: new Map([['debian:trixie-slim', 110 * MB]]) }));
    expect(p).toMatchObject({ predicted: true, sizeBytes: (110 - 770 - 1300 - 20) * MB });
    if (p.predicted) expect(p.contributors[0]).toMatchObject({ what: 'python3-torch and the packages only they need', bytes: -1300 * MB });
  });

  it("on a slim base whose package list is known: the run-time packages' Depends of the original base come back, less its dpkg filters", () => {
    const b = attribution(a.layers, [
      ...a.packages.filter((p) => p.name !== 'python3-flask'),
      pkg('deb', 'python3-flask', 20 * MB, { root: true, requires: ['python3', 'libexpat1'], shareBytes: { 'usr/share/doc': 2 * MB } }),
      pkg('deb', 'libexpat1', 0, { inBase: true, baseBytes: 3 * MB, requires: [], shareBytes: { 'usr/share/doc': 1 * MB } }),
    ]);
    const f = facts(original, {
      bases: new Map([['debian:trixie-slim', 110 * MB]]), basePackages: new Map([['debian:trixie-slim', new Set<string>()]]),
      baseFilters: new Map([['debian:trixie-slim', [{ include: false, glob: '/usr/share/doc/*' }]]]),
    });
    // libexpat1 (buildpack-deps has it, the slim base does not) comes back at 3 − 1 MB; flask's 2 MB of docs stay out
    expect(predictVariant(b, variant(['onnx-runtime'], onnx), f)).toMatchObject({ predicted: true, sizeBytes: (110 - 770 - 1300 - 20 + 2 - 2) * MB });
  });

  it('sizes a pip-installed onnxruntime from the index, and is not predicted without it', () => {
    const pipOriginal = 'FROM python:3.13-slim\nRUN pip install torch numpy\nCMD ["python", "app.py"]\n';
    const pipOnnx = 'FROM python:3.13-slim AS builder\nRUN pip install torch numpy\nRUN python export.py\n\nFROM python:3.13-slim\nRUN pip install --no-cache-dir onnxruntime numpy\nCMD ["python", "app.py"]\n';
    const b = attribution([layer(0, '', { base: 160 * MB }, true), layer(1, 'RUN /bin/sh -c pip install torch numpy', { python: 940 * MB })], [
      pkg('python', 'torch', 900 * MB, { root: true }), pkg('python', 'numpy', 40 * MB, { root: true }),
    ]);
    const withIndex = predictVariant(b, variant(['onnx-runtime'], pipOnnx), facts(pipOriginal, { index: index([wheel('onnxruntime', '1.20', 15, 50, ['numpy>=1.21'])]) }));
    expect(withIndex).toMatchObject({ predicted: true, sizeBytes: (-900 + 50) * MB });
    expect(predictVariant(b, variant(['onnx-runtime'], pipOnnx), facts(pipOriginal))).toMatchObject({ predicted: false, reason: { code: 'replacement-unsized' } });
  });
});
