// A seeded, bounded fuzz test of parse → edit → print: generated Dockerfiles (instructions, continuations,
// heredocs, comments, directives, CRLF, unicode, blank lines) and byte/line mutations of the fixtures. For each
// input: parsing succeeds or throws the clean UserError (with file:line); printing is byte-identical; every
// rule, through the planner, gives variants that parse again, and no rule throws. A failure prints the seed,
// the case number and the input (JSON-escaped), so it can be replayed and turned into a unit test.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile, printDockerfile, type DockerfileModel } from '../../../src/dockerfile/index.js';
import { UserError } from '../../../src/errors.js';
import { planVariants } from '../../../src/plan/index.js';
import { allRules } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';

const SEED = Number(process.env['DFLAB_FUZZ_SEED'] ?? 0x5eed_d0c);
const GENERATED = Number(process.env['DFLAB_FUZZ_GENERATED'] ?? 180);
const MUTATED = Number(process.env['DFLAB_FUZZ_MUTATED'] ?? 120);

/** mulberry32: small, fast, good enough to explore inputs, and the same sequence for the same seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}
type Rng = ReturnType<typeof rng>;

const IMAGES = ['python:3.12', 'python:3.13-slim', 'python:3.11-bookworm', 'debian:bookworm', 'debian:trixie-slim', 'ubuntu:24.04',
  'buildpack-deps:trixie', 'node:20', 'alpine:3.20', 'python:3.12-alpine', 'scratch', 'docker.io/library/python:3.12',
  'localhost:5000/app:1', 'python@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', '${BASE}', '$BASE:latest',
  'gcr.io/distroless/python3', 'pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime', 'builder'];
const PACKAGES = ['curl', 'ca-certificates', 'build-essential', 'git', 'python3', 'python3-pip', 'python3-torch', 'libpq-dev', 'gcc', 'vim'];
const PIP = ['torch', 'torchvision', 'flask', 'numpy', 'pandas', 'jupyter', 'pytest', 'onnxruntime', '-r requirements.txt', '"uvicorn[standard]"', '.', '-e .'];
const WORDS = ['app', 'srv', 'données', 'naïve', '日本語', 'emoji😀', 'a b', '$HOME', '${VAR:-x}', '"quoted word"', "'single'", '&&', '||', ';', '\\\\', '`'];

function continued(r: Rng, parts: string[], esc: string): string {
  // Joins parts with spaces or escaped line breaks, sometimes with comment/blank lines inside the continuation.
  let out = parts[0] ?? '';
  for (const p of parts.slice(1)) {
    if (r.chance(0.35)) {
      out += ` ${esc}${r.chance(0.2) ? '  ' : ''}\n`;
      if (r.chance(0.1)) out += '# inner comment\n';
      if (r.chance(0.05)) out += '\n';
      out += `    ${p}`;
    } else out += ` ${p}`;
  }
  return out;
}

function aptRun(r: Rng, esc: string): string {
  const pkgs = Array.from({ length: 1 + r.int(4) }, () => r.pick(PACKAGES));
  const parts = ['RUN', ...(r.chance(0.2) ? ['--mount=type=cache,target=/var/cache/apt'] : []), 'apt-get update', '&&', 'apt-get install -y',
    ...(r.chance(0.3) ? ['--no-install-recommends'] : []), ...pkgs];
  if (r.chance(0.4)) parts.push('&&', 'rm -rf /var/lib/apt/lists/*');
  if (r.chance(0.2)) parts.push('&&', 'apt-get clean');
  return continued(r, parts, esc);
}

function pipRun(r: Rng, esc: string): string {
  const parts = ['RUN', ...(r.chance(0.2) ? ['--mount=type=cache,target=/root/.cache/pip'] : []), r.pick(['pip', 'pip3', 'python -m pip', 'python3 -m pip']), 'install',
    ...(r.chance(0.3) ? ['--no-cache-dir'] : []), ...(r.chance(0.2) ? ['--index-url https://download.pytorch.org/whl/cpu'] : []),
    ...Array.from({ length: 1 + r.int(3) }, () => r.pick(PIP))];
  if (r.chance(0.2)) parts.push('&&', 'rm -rf /root/.cache/pip');
  return continued(r, parts, esc);
}

function heredocRun(r: Rng): string {
  const name = r.pick(['EOF', 'EOT', 'SCRIPT', '"EOF"', "'EOF'"]);
  const bare = name.replace(/["']/g, '');
  const dash = r.chance(0.3) ? '-' : '';
  const lines = Array.from({ length: r.int(4) }, () => r.pick(['set -eux', 'apt-get update', `apt-get install -y ${r.pick(PACKAGES)}`,
    'pip install torch', 'rm -rf /var/lib/apt/lists/*', '# shell comment', 'FROM not-an-instruction', '', `echo ${r.pick(WORDS)}`]));
  const body = lines.map((l) => (dash && r.chance(0.5) ? `\t${l}` : l)).join('\n');
  const keyword = r.pick(['RUN', 'RUN', 'COPY', 'ADD']);
  const head = keyword === 'RUN' ? `RUN <<${dash}${name}${r.chance(0.3) ? ' bash' : ''}` : `${keyword} <<${dash}${name} /etc/x.conf`;
  const close = r.chance(0.93) ? `${dash && r.chance(0.5) ? '\t' : ''}${bare}` : `${bare} `; // sometimes never closed
  return `${head}\n${body}${body ? '\n' : ''}${close}`;
}

function instruction(r: Rng, stageNames: string[], esc: string): string {
  switch (r.int(19)) {
    case 0: case 1: return aptRun(r, esc);
    case 2: case 3: return pipRun(r, esc);
    case 4: return heredocRun(r);
    case 5: return `COPY ${r.pick(['', '--chown=app:app ', '--link ', stageNames.length ? `--from=${r.pick(stageNames)} ` : ''])}${r.pick(['. .', 'requirements.txt .', 'requirements.txt ./', 'app.py /app/', '["a b", "/c"]', 'src/ /app/src/', 'pyproject.toml setup.cfg ./'])}`;
    case 6: return `ADD ${r.pick(['https://example.com/x.tgz /tmp/', 'app.tar.gz /srv/', '. /app'])}`;
    case 7: return `ENV ${r.pick(['PIP_NO_CACHE_DIR=1', 'PATH=/opt/venv/bin:$PATH', 'A=1 B="two words"', 'LANG C.UTF-8', `NAME=${r.pick(WORDS)}`, 'MODEL_BACKEND=torch'])}`;
    case 8: return `ARG ${r.pick(['BASE=python:3.12', 'VERSION', 'X=1', 'TOKEN', 'PYTHON_VERSION=3.12'])}`;
    case 9: return `WORKDIR ${r.pick(['/app', '/srv', 'C:\\app', '/données'])}`;
    case 10: return `CMD ${r.pick(['["python", "app.py"]', 'python app.py', '["python3", "-c", "print(\'ok\')"]', '[ "broken json', '[]'])}`;
    case 11: return `ENTRYPOINT ${r.pick(['["/entrypoint.sh"]', 'exec python serve.py'])}`;
    case 12: return `LABEL ${r.pick(['a=b', 'org.opencontainers.image.title="x y"', `note="${r.pick(WORDS)}"`])}`;
    case 13: return r.pick(['EXPOSE 8000', 'USER app', 'USER 1000:1000', 'STOPSIGNAL SIGTERM', 'VOLUME /data', 'ONBUILD RUN echo hi']);
    case 14: return `HEALTHCHECK ${r.pick(['CMD curl -fsS http://localhost:8000/health', 'NONE', '--interval=5s CMD true'])}`;
    case 15: return r.pick(['SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["pwsh", "-c"]']);
    case 16: return `RUN ${r.pick(['python -m venv /opt/venv', 'useradd -m app', 'rm -rf /tmp/*', 'echo "$X" > /x', `echo ${r.pick(WORDS)}`,
      '["sh", "-c", "cat <<EOF"]', 'cat <<<word', 'make && make install && rm -rf /src', 'python3 export_onnx.py', 'apt-get purge -y gcc'])}`;
    case 17: return r.pick(['# a comment', '#', '# syntax=not-a-directive-here', `# ${r.pick(WORDS)}`, '   ', '']);
    default: return r.pick(['RUN echo ok', 'COPY . .', `RUN pip install ${r.pick(PIP)} && pip cache purge`]);
  }
}

function generate(r: Rng): string {
  const lines: string[] = [];
  const backtick = r.chance(0.1);
  const esc = backtick ? '`' : '\\';
  if (r.chance(0.3)) lines.push(r.pick(['# syntax=docker/dockerfile:1', '# syntax=docker/dockerfile:1.7', '#syntax = docker/dockerfile:1']));
  if (backtick) lines.push('# escape=`');
  if (r.chance(0.1)) lines.push('# check=skip=all');
  if (r.chance(0.3)) lines.push(r.pick(['# A comment before everything', '', 'ARG BASE=python:3.12', 'ARG PYTHON_VERSION=3.12']));
  const stageNames: string[] = [];
  const stages = 1 + r.int(3);
  for (let s = 0; s < stages; s++) {
    const name = r.chance(0.5) ? r.pick(['builder', 'build', 'base', 'runtime', `s${s}`, 'Builder']) : null;
    const flags = r.chance(0.1) ? '--platform=$BUILDPLATFORM ' : '';
    const image = stageNames.length && r.chance(0.3) ? r.pick(stageNames) : r.pick(IMAGES);
    lines.push(`${r.chance(0.1) ? 'from' : 'FROM'} ${flags}${image}${name ? ` ${r.chance(0.2) ? 'as' : 'AS'} ${name}` : ''}`);
    if (name) stageNames.push(name);
    const count = r.int(8);
    for (let i = 0; i < count; i++) lines.push(instruction(r, stageNames, esc));
  }
  if (r.chance(0.05)) lines.splice(r.int(lines.length), 0, r.pick(['RUN echo before-from', 'BOGUS line', 'FROM', 'FROM a b c']));
  let text = lines.map((l) => (r.chance(0.05) ? `${l}   ` : l)).map((l) => (r.chance(0.04) ? `  ${l}` : l)).join('\n');
  if (r.chance(0.8)) text += '\n';
  if (r.chance(0.15)) text = text.replace(/\n/g, '\r\n');
  else if (r.chance(0.03)) text = text.replace(/\n/g, '\r');
  if (r.chance(0.05)) text = `\uFEFF${text}`;
  return text;
}

/** Bytes that matter to a Dockerfile parser: line breaks, escapes, heredoc and comment markers, quotes, unicode. */
const NOISE = ['\n', '\r\n', '\r', '\\', '\\\n', '`', '#', '<<', '<<EOF\n', 'EOF\n', '"', "'", '[', ']', ' ', '\t', '$', '${', '=', '--', 'é', '😀', '\u00a0', '\uFEFF', 'FROM ', 'RUN ', 'AS '];

function mutate(r: Rng, text: string): string {
  let out = text;
  for (let n = 1 + r.int(3); n > 0; n--) {
    const lines = out.split('\n');
    const at = r.int(out.length + 1);
    switch (r.int(6)) {
      case 0: out = out.slice(0, at) + out.slice(at + 1 + r.int(8)); break; // delete bytes
      case 1: out = out.slice(0, at) + r.pick(NOISE) + out.slice(at); break; // insert bytes
      case 2: { const i = r.int(lines.length); lines.splice(i, 0, lines[i] ?? ''); out = lines.join('\n'); break; } // duplicate a line
      case 3: { lines.splice(r.int(lines.length), 1); out = lines.join('\n'); break; } // delete a line
      case 4: { const i = r.int(lines.length); const j = r.int(lines.length); [lines[i], lines[j]] = [lines[j]!, lines[i]!]; out = lines.join('\n'); break; } // swap lines
      default: out = out.slice(0, at) + out.slice(at, at + 1 + r.int(20)).repeat(2) + out.slice(at + 1 + r.int(20)); // duplicate bytes
    }
  }
  return out;
}

function fixtureTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'Dockerfile' || name.endsWith('.Dockerfile')) out.push(readFileSync(p, 'utf8'));
    }
  };
  for (const dir of ['test/fixtures/dockerfiles', 'test/fixtures/rules']) if (existsSync(dir)) walk(dir);
  return out;
}

function project(model: DockerfileModel, r: Rng): Project {
  const files: Record<string, string> = {};
  if (r.chance(0.7)) files['requirements.txt'] = Array.from({ length: r.int(6) }, () => r.pick(['torch==2.3.0', 'flask', 'numpy>=1.26', 'jupyter', 'pytest', 'black', '-r dev.txt', '# comment', '--extra-index-url https://x', 'pandas[all]', ''])).join(r.chance(0.1) ? '\r\n' : '\n');
  if (r.chance(0.3)) files['.dockerignore'] = r.pick(['', '.git\n', '*.ipynb\n!keep.ipynb\n', '**/__pycache__']);
  if (r.chance(0.2)) files['pyproject.toml'] = '[project]\nname = "app"\ndependencies = ["flask", "torch"]\n';
  const more = ['Dockerfile', 'app.py', 'serve.py', 'export_onnx.py', 'src/main.py', '.git/HEAD', 'venv/bin/python', 'notebook.ipynb', 'data/dump.csv', '__pycache__/a.pyc'].filter(() => r.chance(0.6));
  const p: Project = { dockerfile: model, dockerfilePath: 'Dockerfile', files, contextPaths: [...new Set([...more, ...Object.keys(files)])].sort() };
  if (r.chance(0.3)) p.config = { onnx: { export: 'python3 export_onnx.py', artifact: '/app/model.onnx', runtime: ['onnxruntime'], env: { MODEL_BACKEND: 'onnx' } }, prune: { keep: ['flask'] } };
  if (r.chance(0.3)) p.importAnalysis = { method: r.pick(['import-analysis', 'fallback-list'] as const), keep: ['flask', 'numpy', 'torch'], aptKeep: r.chance(0.5) ? ['python3-torch'] : undefined };
  return p;
}

interface Failure { kind: string; detail: string }

/** Runs one input through parse → print → plan → reparse; returns what went wrong, or how it went. */
function check(text: string, r: Rng): Failure | 'rejected' | 'planned' {
  let model: DockerfileModel;
  try {
    model = parseDockerfile(text, 'Dockerfile');
  } catch (e) {
    if (!(e instanceof UserError)) return { kind: 'parse threw a non-UserError', detail: e instanceof Error ? e.stack ?? e.message : String(e) };
    if (!/^Dockerfile:\d+$/.test(e.where ?? '') || !e.hint) return { kind: 'parse error without file:line or hint', detail: e.describe() };
    return 'rejected';
  }
  if (printDockerfile(model) !== text) return { kind: 'print is not byte-identical', detail: '' };
  const bases = r.chance(0.3) ? [r.pick(['python:3.13-slim', 'debian:trixie-slim', 'python:3.13-alpine', 'gcr.io/distroless/python3'])] : [];
  const variants = r.chance(0.2) ? [{ name: 'combo', rules: ['base-slim', 'pip-no-cache', 'apt-hygiene'] }] : [];
  let plan;
  try {
    plan = planVariants(project(model, r), allRules, { bases, variants });
  } catch (e) {
    return { kind: 'planVariants threw', detail: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
  const bug = plan.skipped.find((s) => s.code === 'rule-failed');
  if (bug) return { kind: `rule ${bug.rule} threw`, detail: bug.reason };
  for (const v of plan.variants) {
    try {
      parseDockerfile(v.dockerfile, `variants/${v.name}/Dockerfile`);
    } catch (e) {
      return { kind: `variant ${v.name} does not parse`, detail: `${e instanceof UserError ? e.describe() : String(e)}\n--- variant:\n${JSON.stringify(v.dockerfile)}` };
    }
  }
  return 'planned';
}

describe(`fuzz: parse → edit → print (seed ${SEED})`, () => {
  const fixtures = fixtureTexts();

  it('has fixtures to mutate', () => {
    expect(fixtures.length).toBeGreaterThan(20);
  });

  it(`${GENERATED} generated and ${MUTATED} mutated Dockerfiles: clean errors only, byte-exact print, variants parse`, () => {
    const r = rng(SEED);
    const started = Date.now();
    const failures: string[] = [];
    const counts = { planned: 0, rejected: 0 };
    for (let i = 0; i < GENERATED + MUTATED; i++) {
      const text = i < GENERATED ? generate(r) : mutate(r, r.pick(fixtures));
      const failure = check(text, r);
      if (typeof failure === 'string') { counts[failure]++; continue; }
      failures.push(`seed ${SEED} case ${i} (${i < GENERATED ? 'generated' : 'mutated'}): ${failure.kind}\n${failure.detail}\n--- input:\n${JSON.stringify(text)}`);
      if (failures.length >= 5) break;
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
    // Most inputs must get past the parser, or the rules are not exercised at all.
    expect(counts.planned, JSON.stringify(counts)).toBeGreaterThan((GENERATED + MUTATED) / 2);
    // About 4 s alone; the bound leaves room for a loaded 2-core machine running the whole unit tier.
    expect(Date.now() - started).toBeLessThan(45_000);
  }, 60_000);
});
