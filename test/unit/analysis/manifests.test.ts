// The manifests dflab reads (class 7 of issue 11): each kind's declarations with file, line and group, and which of
// them an install command selects.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { declaredDistributions, manifestInstalls } from '../../../src/analysis/python/declared.js';
import { environmentYmlDeps, pipfileDeps, pipfileLockDeps, pyprojectDeps, setupDeps } from '../../../src/analysis/python/manifest-deps.js';
import { readToml, stringItems } from '../../../src/analysis/python/toml.js';
import type { Project } from '../../../src/analysis/project.js';

const brief = (ds: { name: string; line: number; group: string | null }[]) => ds.map((d) => `${d.name}:${d.line}${d.group ? `@${d.group}` : ''}`);

function project(dockerfile: string, files: Record<string, string>, extraPaths: string[] = []): Project {
  return { dockerfile: parseDockerfile(dockerfile), dockerfilePath: 'Dockerfile', files, contextPaths: [...Object.keys(files), ...extraPaths].sort() };
}

describe('toml: values across lines, string items with their lines', () => {
  it('joins a multi-line array and finds its strings, comments and inline tables aside', () => {
    const doc = readToml('[project]\nname = "x" # c\ndependencies = [\n  "fastapi>=0.1",  # web\n  # "not-this",\n  \'uvicorn[standard]\',\n  {include-group = "lint"},\n]\n[tool.x]\ny = """a\n[b]\n"""\n');
    const deps = doc.tables.get('project')!.find((e) => e.key === 'dependencies')!;
    expect(stringItems(deps)).toEqual([{ text: 'fastapi>=0.1', line: 3 }, { text: 'uvicorn[standard]', line: 5 }]);
    expect(doc.tables.get('project')!.find((e) => e.key === 'name')!.value).toBe('"x"');
    expect(doc.tables.has('b')).toBe(false); // inside a multi-line string
  });
});

describe('manifest declarations', () => {
  it('pyproject: project dependencies, extras, PEP 735 groups, uv dev-dependencies, poetry main/dev/groups, build-system', () => {
    const text = [
      '[build-system]', 'requires = ["setuptools-scm>=8"]', // 1-2
      '[project]', 'dependencies = [', '  "flask",', ']', // 3-6
      '[project.optional-dependencies]', 'gpu = ["torch"]', // 7-8
      '[dependency-groups]', 'dev = ["pytest"]', 'serve = ["gunicorn"]', // 9-11
      '[tool.uv]', 'dev-dependencies = ["ruff"]', // 12-13
      '[tool.poetry.dependencies]', 'python = "^3.11"', 'Django = "^5"', 'redis = {version = "^5", optional = true}', // 14-17
      '[tool.poetry.dev-dependencies]', 'black = "*"', // 18-19
      '[tool.poetry.group.docs]', 'optional = true', '[tool.poetry.group.docs.dependencies]', 'mkdocs = "*"', // 20-23
    ].join('\n');
    const ds = pyprojectDeps('pyproject.toml', text);
    expect(brief(ds)).toEqual([
      'flask:5', 'torch:8@extra:gpu', 'pytest:10@dev', 'gunicorn:11@serve', 'ruff:13@dev', 'setuptools-scm:2@build-system',
      'django:16', 'redis:17', 'black:19@dev', 'mkdocs:23@docs',
    ]);
    expect(ds.filter((d) => d.dev).map((d) => d.name)).toEqual(['pytest', 'ruff', 'black', 'mkdocs']);
    expect(ds.filter((d) => d.optional).map((d) => d.name)).toEqual(['torch', 'redis', 'mkdocs']);
  });

  it('Pipfile [packages] and [dev-packages]; Pipfile.lock default and develop', () => {
    expect(brief(pipfileDeps('Pipfile', '[[source]]\nurl = "x"\n\n[packages]\ntorch = "==1.7.0"\nFlask = "*"\n\n[dev-packages]\npytest = "*"\n'))).toEqual(['torch:5', 'flask:6', 'pytest:9@dev']);
    const lock = JSON.stringify({ _meta: {}, default: { django: { version: '==2.2' } }, develop: { pytest: { version: '==7' } } }, null, 4);
    expect(brief(pipfileLockDeps('Pipfile.lock', lock))).toEqual(['django:4', 'pytest:9@dev']);
  });

  it('environment.yml: conda specs (channel prefixes, versions) and the pip list', () => {
    const ds = environmentYmlDeps('environment.yml', 'name: x\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - conda-forge::numpy>=1.26\n  - pip\n  - pip:\n    - torch==2.3\n    - -r requirements.txt\n');
    expect(ds.map((d) => `${d.name}:${d.line}:${d.ecosystem}`)).toEqual(['python:4:conda', 'numpy:5:conda', 'pip:6:conda', 'torch:8:pypi']);
  });

  it('setup.py and setup.cfg install_requires written as literals', () => {
    expect(brief(setupDeps('setup.py', 'from setuptools import setup\nsetup(\n  name="x",\n  install_requires=[\n    "flask>=2",\n    \'gunicorn\',\n  ],\n)\n'))).toEqual(['flask:5', 'gunicorn:6']);
    expect(brief(setupDeps('setup.cfg', '[options]\ninstall_requires =\n    numpy\n    torch>=2  # cpu\npackages = find:\n'))).toEqual(['numpy:3', 'torch:4']);
  });
});

describe('what the image installs, from which manifest', () => {
  it('follows -r/--requirement recursively, relative to the including file, whatever the files are called', () => {
    const p = project('FROM python:3.12\nWORKDIR /app\nCOPY requirements /app/requirements\nRUN pip install --requirement requirements/prod.txt\n', {
      'requirements/prod.txt': '-r base.txt\ngunicorn\n', 'requirements/base.txt': '-c ../constraints.txt\nflask\n',
    }, ['constraints.txt']);
    const [i] = manifestInstalls(p);
    expect(i!.manifests).toEqual(['requirements/prod.txt', 'requirements/base.txt', 'constraints.txt']);
    expect(i!.installs.map((d) => `${d.file}:${d.line}:${d.name}`)).toEqual(['requirements/prod.txt:2:gunicorn', 'requirements/base.txt:2:flask']);
  });

  it('reads exec-form RUNs and `cd` in shell form', () => {
    const p = project('FROM python:3.12\nWORKDIR /app\nCOPY requirements_local /app/\nCOPY svc/ /srv/svc/\nRUN ["pip", "install", "-r", "requirements_local"]\nRUN cd /srv/svc && pip install .\n', {
      requirements_local: 'numpy\n', 'svc/pyproject.toml': '[project]\nname = "svc"\ndependencies = ["requests"]\n',
    });
    expect(declaredDistributions(p).map((d) => `${d.file}:${d.line}:${d.name}`)).toEqual(['requirements_local:1:numpy', 'svc/pyproject.toml:3:requests']);
  });

  it('poetry install: main and non-optional groups; --without, --only, --no-dev, --with', () => {
    const toml = '[tool.poetry.dependencies]\npython = "^3.11"\nfastapi = "*"\n[tool.poetry.group.dev.dependencies]\npytest = "*"\n[tool.poetry.group.gpu]\noptional = true\n[tool.poetry.group.gpu.dependencies]\ntorch = "*"\n';
    const names = (cmd: string) => manifestInstalls(project(`FROM python:3.12\nCOPY pyproject.toml ./\nRUN ${cmd}\n`, { 'pyproject.toml': toml }))[0]!.installs.map((d) => d.name);
    expect(names('poetry install')).toEqual(['fastapi', 'pytest']);
    expect(names('poetry install --without dev')).toEqual(['fastapi']);
    expect(names('poetry install --only main --no-root')).toEqual(['fastapi']);
    expect(names('poetry install --no-dev')).toEqual(['fastapi']);
    expect(names('poetry install --with gpu --without=dev')).toEqual(['fastapi', 'torch']);
    expect(names('poetry install --with $GROUPS')).toEqual(['fastapi', 'pytest', 'torch']);
  });

  it('uv sync: the project and the dev group unless --no-dev; other groups when asked for', () => {
    const toml = '[project]\ndependencies = ["fastapi"]\n[project.optional-dependencies]\ngpu = ["torch"]\n[dependency-groups]\ndev = ["pytest"]\nlint = ["ruff"]\n';
    const names = (cmd: string) => manifestInstalls(project(`FROM python:3.12\nCOPY pyproject.toml ./\nRUN ${cmd}\n`, { 'pyproject.toml': toml }))[0]!.installs.map((d) => d.name);
    expect(names('uv sync --frozen')).toEqual(['fastapi', 'pytest']);
    expect(names('uv sync --no-dev --extra gpu')).toEqual(['fastapi', 'torch']);
    expect(names('uv sync --all-groups')).toEqual(['fastapi', 'pytest', 'ruff']);
    expect(names('uv sync --only-group lint')).toEqual(['ruff']);
  });

  it('pipenv: [dev-packages] only with --dev; conda: specs on the line and -f files', () => {
    const pipfile = '[packages]\nflask = "*"\n[dev-packages]\npytest = "*"\n';
    const names = (cmd: string) => manifestInstalls(project(`FROM python:3.12\nCOPY Pipfile environment.yml ./\nRUN ${cmd}\n`, { Pipfile: pipfile, 'environment.yml': 'dependencies:\n  - numpy\n' }))[0]!.installs.map((d) => d.name);
    expect(names('pipenv install --system --deploy')).toEqual(['flask']);
    expect(names('pipenv install --system --dev')).toEqual(['flask', 'pytest']);
    expect(names('conda env create -n x')).toEqual(['numpy']);
    expect(names('micromamba install -y -n base -c conda-forge -f environment.yml python=3.11')).toEqual(['numpy', 'python']);
  });

  it('a manifest a COPY --from put there is not the context file of that name', () => {
    const p = project('FROM python:3.12 AS req\nRUN echo flask > /r.txt\nFROM python:3.12\nWORKDIR /app\nCOPY --from=req /r.txt requirements.txt\nRUN pip install -r requirements.txt\n', { 'requirements.txt': 'torch\n' });
    const [i] = manifestInstalls(p);
    expect(i!.installs).toEqual([]);
    expect(i!.unknown).toEqual(['requirements.txt']);
  });
});

describe('prune leaves installs inside shell conditionals alone, and only those', () => {
  it('tells a conditional from a word that reads like one', async () => {
    const { conditionalRun } = await import('../../../src/rules/prune-requirements/decide.js');
    const at = (run: string) => {
      const m = parseDockerfile(`FROM python:3.12\n${run}\n`);
      return conditionalRun(m, m.instructions[1]!);
    };
    expect(at('RUN if [ "$DEV" = 1 ]; then pip install -r dev.txt; fi')).toBe(true);
    expect(at('RUN set -e && for f in a b; do pip install $f; done')).toBe(true);
    expect(at('RUN echo "waiting for the index" && pip install -r requirements.txt')).toBe(false);
    expect(at('RUN pip install -r requirements.txt # if needed')).toBe(false);
  });
});
