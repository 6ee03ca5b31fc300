// The torch-cpu semantic check on hand-made variants: it catches each wrong shape of issue 11 class 3, and passes
// the right ones.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../src/dockerfile/index.js';
import type { Project } from '../../../../src/analysis/project.js';
import { torchCpuCheck } from './torch-cpu.js';

function project(dockerfile: string, files: Record<string, string> = {}): Project {
  return { dockerfile: parseDockerfile(dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths: ['Dockerfile', ...Object.keys(files)] };
}

const CPU = 'https://download.pytorch.org/whl/cpu';
const check = (original: Project, dockerfile: string, files: Record<string, string | null> = {}) => torchCpuCheck(original, 'torch-cpu', { dockerfile, files });

describe('torch-cpu semantic check', () => {
  const plain = project('FROM python:3.11\nRUN pip install torch flask\n');

  it('passes torch from the CPU index in its own install, and an extra CPU index', () => {
    expect(check(plain, `FROM python:3.11\nRUN pip install --index-url ${CPU} torch && pip install flask\n`)).toEqual([]);
    expect(check(plain, `FROM python:3.11\nRUN pip install torch flask --extra-index-url ${CPU}\n`)).toEqual([]);
  });

  it('looks only at torch-cpu variants', () => {
    expect(torchCpuCheck(plain, 'base-slim', { dockerfile: 'FROM python:3.11-slim\nRUN pip install torch flask\n', files: {} })).toEqual([]);
    expect(torchCpuCheck(plain, 'all', { dockerfile: 'FROM python:3.11\nRUN pip install torch flask\n', files: {}, rules: ['torch-cpu'] })).toHaveLength(1);
  });

  it('catches a find-links page kept beside the CPU index', () => {
    const v = check(plain, `FROM python:3.11\nRUN pip install --index-url ${CPU} torch==1.10 -f https://download.pytorch.org/whl/cu111/torch_stable.html\n`);
    expect(v).toEqual(['line 2: -f https://download.pytorch.org/whl/cu111/torch_stable.html is in effect for torch']);
  });

  it('catches a CPU --index-url put before a CUDA one (pip uses the last)', () => {
    const v = check(plain, `FROM python:3.11\nRUN pip install --index-url ${CPU} torch --index-url https://download.pytorch.org/whl/cu121\n`);
    expect(v).toContain('line 2: torch is installed, but not from the CPU index');
  });

  it('catches a CUDA index through an ARG default, and a +cu pin through a variable', () => {
    const v = check(plain, `FROM python:3.11\nARG CU=cu118\nRUN pip install --index-url ${CPU} torch==2.1.0+\${CU} --extra-index-url https://download.pytorch.org/whl/\${CU}\n`);
    expect(v).toEqual(['line 3: --extra-index-url https://download.pytorch.org/whl/cu118 is in effect for torch', 'line 3: torch==2.1.0+cu118 pins a CUDA build']);
  });

  it('catches +cu pins and CUDA index lines in requirements files and their includes, and in constraints', () => {
    const files = { 'requirements.txt': '-r base.txt\nflask\n', 'base.txt': '--extra-index-url https://download.pytorch.org/whl/cu118\ntorch==2.1.0+cu118\n', 'c.txt': 'torchvision==0.16.0+cu118\n' };
    const original = project('FROM python:3.11\nCOPY . .\nRUN pip install -r requirements.txt -c c.txt\n', files);
    const v = check(original, original.dockerfile.text);
    expect(v).toEqual([
      'line 3: --extra-index-url (base.txt) https://download.pytorch.org/whl/cu118 is in effect for torch',
      'line 3: torch==2.1.0+cu118 pins a CUDA build',
      'line 3: constraints file c.txt pins torchvision==0.16.0+cu118',
      'line 3: torch is installed, but not from the CPU index',
    ]);
  });

  it('catches a torch-carrying final base, and torch no longer installed', () => {
    const original = project('FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nRUN pip install flask\n');
    expect(check(original, `FROM pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime\nRUN pip install --index-url ${CPU} torch && pip install flask\n`))
      .toEqual(['the final image builds on pytorch/pytorch:2.3.0-cuda12.1-cudnn8-runtime, which ships torch']);
    expect(check(original, 'FROM python:3.10-slim\nRUN pip install flask\n')).toEqual(['torch is no longer installed (the original installed it)']);
    expect(check(original, `FROM python:3.10-slim\nRUN pip install --no-cache-dir --index-url ${CPU} torch==2.3.0\nRUN pip install flask\n`)).toEqual([]);
  });

  it('catches PIP_* variables, conda torch and pyproject CUDA sources in effect', () => {
    expect(check(plain, `FROM python:3.11\nENV PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cu121\nRUN pip install --index-url ${CPU} torch\n`))
      .toEqual(['line 3: PIP_EXTRA_INDEX_URL=https://download.pytorch.org/whl/cu121 is in effect']);
    expect(check(project('FROM continuumio/miniconda3\nRUN conda install pytorch pytorch-cuda=12.1 -c nvidia\n'), 'FROM continuumio/miniconda3\nRUN conda install pytorch pytorch-cuda=12.1 -c nvidia\n'))
      .toEqual(['line 2: conda installs a CUDA torch']);
    const pyproject = '[[tool.poetry.source]]\nname = "cu"\nurl = "https://download.pytorch.org/whl/cu126"\n';
    const p = project('FROM python:3.11\nCOPY . .\nRUN poetry install --extras cuda\n', { 'pyproject.toml': pyproject });
    expect(check(p, p.dockerfile.text)).toEqual(['line 3: poetry install reads pyproject.toml, which names a CUDA torch index']);
    expect(check(p, 'FROM python:3.11\nCOPY . .\nRUN poetry install --extras cpu\n')).toEqual([]);
  });
});

describe('torch-cpu golden variants pass the check', () => {
  const root = 'test/fixtures/rules/torch-cpu';
  const cases = readdirSync(root).filter((c) => existsSync(join(root, c, 'expected.Dockerfile')));

  it.each(cases)('%s', (name) => {
    const dir = join(root, name);
    const list = (d: string): string[] => (existsSync(d) ? readdirSync(d, { recursive: true, encoding: 'utf8' }).filter((p) => statSync(join(d, p)).isFile()) : []);
    const files = Object.fromEntries(list(join(dir, 'context')).map((p) => [p, readFileSync(join(dir, 'context', p), 'utf8')]));
    const written = Object.fromEntries(list(join(dir, 'expected.files')).map((p) => [p, readFileSync(join(dir, 'expected.files', p), 'utf8')]));
    const original = project(readFileSync(join(dir, 'Dockerfile'), 'utf8'), files);
    expect(check(original, readFileSync(join(dir, 'expected.Dockerfile'), 'utf8'), written)).toEqual([]);
  });
});
