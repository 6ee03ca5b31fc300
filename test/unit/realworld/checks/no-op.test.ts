// The no-op check on hand-made originals and variants: it catches each no-op shape (a layout-only rewrite, a flag or
// cleanup already in effect, a cache mount that stays empty) and lets real changes pass.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { noOpCheck } from './no-op.js';

function project(text: string, files: Record<string, string> = {}): Project {
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files)].sort() };
}

const check = (original: string, variant: string, files: Record<string, string | null> = {}, context: Record<string, string> = {}) =>
  noOpCheck(project(original, context), 'v', { dockerfile: variant, files });

describe('noOpCheck finds no-ops', () => {
  it('a Dockerfile that differs only in comments, blanks and continuations', () => {
    const out = check('FROM python:3.12\nRUN pip install flask && echo ok\n', '# note\nFROM python:3.12\n\nRUN pip install flask \\\n    # inner\n    &&  echo ok\n');
    expect(out).toEqual([expect.stringMatching(/^v: a no-op: its Dockerfile differs from the original only in comments/)]);
  });

  it('--no-cache-dir where pip runs without a cache already', () => {
    const cases: [string, string][] = [
      ['RUN pip install --no-cache flask', 'RUN pip install --no-cache-dir --no-cache flask'],
      ['RUN pip install flask && rm -rf /root/.cache/pip', 'RUN pip install --no-cache-dir flask && rm -rf /root/.cache/pip'],
      ['RUN PIP_NO_CACHE_DIR=1 pip install flask', 'RUN PIP_NO_CACHE_DIR=1 pip install --no-cache-dir flask'],
      ['ENV PIP_NO_CACHE_DIR=off\nRUN pip install flask', 'ENV PIP_NO_CACHE_DIR=off\nRUN pip install --no-cache-dir flask'],
      ['RUN --mount=type=cache,target=/root/.cache/pip pip install flask', 'RUN --mount=type=cache,target=/root/.cache/pip pip install --no-cache-dir flask'],
    ];
    for (const [o, v] of cases) {
      expect(check(`FROM python:3.12\n${o}\n`, `FROM python:3.12\n${v}\n`), o).toEqual([expect.stringMatching(/^v: a no-op: it only adds what is in effect already \(line \d: --no-cache-dir\)$/)]);
    }
  });

  it('an rm of the package lists where an rm covers them already, and -y alone', () => {
    const o = 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists\n';
    expect(check(o, o.replace('/lists\n', '/lists && rm -rf /var/lib/apt/lists/*\n'))).toEqual(['v: a no-op: it only adds what is in effect already (line 2: rm -rf /var/lib/apt/lists/*)']);
    const noYes = 'FROM debian\nRUN apt-get update && apt-get install --no-install-recommends tzdata && rm -rf /var/lib/apt/lists/*\n';
    expect(check(noYes, noYes.replace('install --no', 'install -y --no'))).toEqual(['v: a no-op: it only adds what is in effect already (line 2: -y)']);
  });

  it('--no-install-recommends where recommends are off already, and a second apt-get update', () => {
    const o = 'FROM debian\nRUN echo \'APT::Install-Recommends "0";\' > /etc/apt/apt.conf.d/00r\nRUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n';
    expect(check(o, o.replace('install -y git', 'install -y --no-install-recommends git'))).toEqual(['v: a no-op: it only adds what is in effect already (line 3: --no-install-recommends)']);
    const twice = o.replace('apt-get update && apt-get install', 'apt-get update && apt-get update && apt-get install');
    expect(check(o, twice)).toEqual(['v: a no-op: it only adds what is in effect already (line 3: apt-get update)']);
  });

  it('a pip cache mount on a RUN that deletes the cache, or where PIP_NO_CACHE_DIR stays set', () => {
    const rm = 'FROM python:3.12\nRUN pip install flask && rm -rf /root/.cache/pip\n';
    expect(check(rm, rm.replace('RUN ', 'RUN --mount=type=cache,target=/root/.cache/pip '))).toEqual([
      'v: a no-op: it only adds what is in effect already (line 2: --mount=type=cache,target=/root/.cache/pip)',
    ]);
    const env = 'FROM python:3.12\nENV PIP_NO_CACHE_DIR=1\nRUN pip install flask\n';
    expect(check(env, env.replace('RUN ', 'RUN --mount=type=cache,target=/root/.cache/pip '))).toHaveLength(1);
  });

  it('a redundant edit inside a variant that also changes something real', () => {
    const o = 'FROM python:3.12\nRUN pip install --upgrade pip && pip install --no-cache /wheels/*\n';
    const v = 'FROM python:3.12\nRUN pip install --no-cache-dir --upgrade pip && pip install --no-cache-dir --no-cache /wheels/*\n';
    expect(check(o, v)).toEqual(['v: adds what is in effect already (line 2: --no-cache-dir)']);
  });
});

describe('noOpCheck lets real changes pass', () => {
  it('--no-cache-dir where pip keeps its cache, also when an rm comes before the install or in a later RUN', () => {
    expect(check('FROM python:3.12\nRUN pip install flask\n', 'FROM python:3.12\nRUN pip install --no-cache-dir flask\n')).toEqual([]);
    expect(check('FROM python:3.12\nRUN rm -rf /root/.cache/pip && pip install flask\n', 'FROM python:3.12\nRUN rm -rf /root/.cache/pip && pip install --no-cache-dir flask\n')).toEqual([]);
    expect(check('FROM python:3.12\nRUN pip install flask\nRUN rm -rf /root/.cache/pip\n', 'FROM python:3.12\nRUN pip install --no-cache-dir flask\nRUN rm -rf /root/.cache/pip\n')).toEqual([]);
    // the base runs as jovyan: root's cache is not the one pip fills
    const jupyter = 'FROM quay.io/jupyter/base-notebook\nRUN pip install flask && rm -rf /root/.cache/pip\n';
    expect(check(jupyter, jupyter.replace('install flask', 'install --no-cache-dir flask'))).toEqual([]);
  });

  it('a cache mount that replaces --no-cache-dir, and the lists cleanup where nothing removed them', () => {
    expect(check('FROM python:3.12\nRUN pip install --no-cache-dir flask\n', 'FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install flask\n')).toEqual([]);
    const apt = 'FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n';
    expect(check(apt, apt.replace('curl\n', 'curl && rm -rf /var/lib/apt/lists/*\n'))).toEqual([]);
  });

  it('a quoted string that changes, a changed context file, a new instruction', () => {
    expect(check('FROM debian\nRUN echo "a  b"\n', 'FROM debian\nRUN echo "a b"\n')).toEqual([]);
    expect(check('FROM debian\n', 'FROM debian\n', { '.dockerignore': '.git\n' })).toEqual([]);
    expect(check('FROM debian\n', 'FROM debian\n', { 'requirements.txt': 'flask\n' }, { 'requirements.txt': 'flask\ntorch\n' })).toEqual([]);
    expect(check('FROM debian\n', 'FROM debian\nENV A=1\n')).toEqual([]);
  });

  it('counts a file edit that writes what the file holds as no change', () => {
    expect(check('FROM debian\n', 'FROM debian\n', { 'requirements.txt': 'flask\n' }, { 'requirements.txt': 'flask\n' })).toHaveLength(1);
  });
});

describe('noOpCheck on what dflab plans', () => {
  const RULES = ['pip-no-cache', 'apt-hygiene', 'pip-cache-mount'];
  const cases = RULES.flatMap((r) => readdirSync(join('test/fixtures/rules', r)).map((c) => join('test/fixtures/rules', r, c)))
    .filter((dir) => existsSync(join(dir, 'expected.Dockerfile')));

  it.each(cases)('%s', (dir) => {
    const context = join(dir, 'context');
    const files = existsSync(context) ? Object.fromEntries(readdirSync(context).map((f) => [f, readFileSync(join(context, f), 'utf8')])) : {};
    const expectedFiles = join(dir, 'expected.files');
    const edits = existsSync(expectedFiles) ? Object.fromEntries(readdirSync(expectedFiles).map((f) => [f, readFileSync(join(expectedFiles, f), 'utf8')])) : {};
    const out = noOpCheck(project(readFileSync(join(dir, 'Dockerfile'), 'utf8'), files), basename(dir), { dockerfile: readFileSync(join(dir, 'expected.Dockerfile'), 'utf8'), files: edits });
    expect(out).toEqual([]);
  });
});
