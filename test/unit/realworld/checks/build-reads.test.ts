// The build-reads check catches a .dockerignore that keeps out what a build step reads (.git for git or SCM
// versioning, a path a RUN names), and passes one that keeps out only what nothing reads.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { ignoreKeepsWhatBuildReads } from './build-reads.js';

function project(dockerfile: string, files: Record<string, string>, paths: string[]): Project {
  return { dockerfile: parseDockerfile(dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files), ...paths].sort() };
}
const variant = (ignore: string) => ({ dockerfile: '', files: { '.dockerignore': ignore }, rules: ['dockerignore'] });

describe('build-reads', () => {
  it('flags .git kept out where a RUN runs git describe', () => {
    const p = project('FROM python:3.12\nCOPY . .\nRUN echo "$(git describe --tags)" > VERSION && pip install .\n', {}, ['.git/HEAD', 'app.py']);
    expect(ignoreKeepsWhatBuildReads(p, 'dockerignore', variant('.git\n'))).toEqual(['ignores .git, which the RUN on line 3 reads through git']);
  });

  it('flags .git kept out where the version comes from setuptools-scm', () => {
    const p = project('FROM python:3.12\nCOPY . .\nRUN pip install .\n', { 'pyproject.toml': '[build-system]\nrequires = ["setuptools>=64", "setuptools-scm>=8"]\n' }, ['.git/HEAD']);
    expect(ignoreKeepsWhatBuildReads(p, 'dockerignore', variant('.git\n'))).toEqual(['ignores .git, which pyproject.toml takes its version from']);
  });

  it('flags a path a RUN names', () => {
    const p = project('FROM python:3.12\nCOPY . /src\nWORKDIR /src\nRUN python tools/train.py data/train.csv\n', {}, ['data/train.csv', 'tools/train.py']);
    expect(ignoreKeepsWhatBuildReads(p, 'dockerignore', variant('data\n'))).toEqual(['ignores data/train.csv, which the RUN on line 4 names (data/train.csv)']);
  });

  it('passes an ignore file that keeps out only what no build step reads', () => {
    const p = project('FROM python:3.12\nCOPY . .\nRUN pip install .\n', { 'pyproject.toml': '[project]\nname = "x"\n' }, ['.git/HEAD', 'notebooks/a.ipynb']);
    expect(ignoreKeepsWhatBuildReads(p, 'dockerignore', variant('.git\n**/*.ipynb\n'))).toEqual([]);
  });
});
