import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { alpineCheck } from './alpine.js';

function project(dockerfile: string, files: Record<string, string> = {}, force = false): Project {
  return {
    dockerfile: parseDockerfile(dockerfile, 'Dockerfile'), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files)],
    ...(force ? { config: { rules: { include: [], exclude: [], force: ['base-alpine'] } } } : {}),
  };
}
const check = (p: Project, variant: string) => alpineCheck(p, 'base-alpine', { dockerfile: variant, files: {}, rules: ['base-alpine'] });

describe('the alpine check', () => {
  it('passes a translated variant with nothing against it', () => {
    const p = project('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n', { 'requirements.txt': 'flask\n' });
    expect(check(p, 'FROM python:3.12-alpine\nRUN apk add --no-cache curl\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\n')).toEqual([]);
  });

  it('ignores variants that do not move the final stage onto Alpine', () => {
    const p = project('FROM python:3.12\nRUN apt-get update && apt-get install -y curl\n');
    expect(check(p, 'FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\n')).toEqual([]);
  });

  it('catches apt-get and dpkg left in the final stage, even when forced', () => {
    const p = project('FROM python:3.12-slim\nRUN apt-get update && apt-get install -y curl\nRUN dpkg -i /tmp/x.deb\n', {}, true);
    expect(check(p, 'FROM python:3.12-alpine\nRUN apk add --no-cache curl && \\\n    apt-get clean\nRUN dpkg -i /tmp/x.deb\n')).toEqual([
      'line 2: Debian package tooling left in the Alpine stage: apt-get',
      'line 4: Debian package tooling left in the Alpine stage: dpkg',
    ]);
  });

  it('catches a manylinux-only requirement in a copied manifest or on the command line', () => {
    const p = project('FROM python:3.12\nCOPY requirements.txt .\nRUN pip install -r requirements.txt onnxruntime\n', { 'requirements.txt': 'flask\ntorch==2.3.1\n' });
    const v = check(p, 'FROM python:3.12-alpine\nCOPY requirements.txt .\nRUN pip install -r requirements.txt onnxruntime\n');
    expect(v).toHaveLength(2);
    expect(v.join('\n')).toMatch(/onnxruntime/);
    expect(v.join('\n')).toMatch(/torch/);
  });

  it('catches pyproject dependencies when the whole context is copied', () => {
    const p = project('FROM python:3.12\nCOPY . /app\nRUN pip install /app\n', { 'pyproject.toml': '[project]\nname = "x"\ndependencies = [\n  "magika~=0.6",\n]\n' });
    expect(check(p, 'FROM python:3.12-alpine\nCOPY . /app\nRUN pip install /app\n')).toEqual(['planned on Alpine though magika has manylinux wheels only (or needs a package that has)']);
  });

  it('catches venvs and --prefix trees taken from a glibc stage, not from an alpine one', () => {
    const glibc = 'FROM python:3.12 AS b\nWORKDIR /src\nRUN uv sync\nRUN pip install --prefix=/opt/deps flask\nFROM python:3.12-slim\nCOPY --from=b /src /src\nCOPY --from=b /opt/deps /usr/local\n';
    expect(check(project(glibc), glibc.replace('FROM python:3.12-slim', 'FROM python:3.12-alpine'))).toEqual([
      'planned on Alpine though it takes /src (line 6) from a glibc stage',
      'planned on Alpine though it takes /opt/deps (line 7) from a glibc stage',
    ]);
    const musl = glibc.replace('FROM python:3.12 AS b', 'FROM python:3.12-alpine AS b');
    expect(check(project(musl), musl.replace('FROM python:3.12-slim', 'FROM python:3.12-alpine'))).toEqual([]);
  });

  it('catches conda installers', () => {
    const p = project('FROM debian:bookworm\nRUN wget https://x/Miniconda3-latest-Linux-x86_64.sh && bash Miniconda3-latest-Linux-x86_64.sh -b\n');
    expect(check(p, 'FROM alpine:3\nRUN wget https://x/Miniconda3-latest-Linux-x86_64.sh && bash Miniconda3-latest-Linux-x86_64.sh -b\n')).toEqual(['line 2: conda on Alpine (glibc builds)']);
  });
});
