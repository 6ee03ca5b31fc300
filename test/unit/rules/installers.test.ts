// Every Python dependency install of a stage, where its tree lands and which Python it is bound to; and the
// commands that install the installers themselves.
import { describe, expect, it } from 'vitest';
import { finalStage, parseDockerfile } from '../../../src/dockerfile/index.js';
import { pythonInstalls } from '../../../src/analysis/python/installers.js';

const read = (text: string, files: Record<string, string> = {}) => {
  const model = parseDockerfile(text);
  return pythonInstalls(model, finalStage(model), files, ['Dockerfile', ...Object.keys(files)]);
};
const trees = (text: string, files: Record<string, string> = {}) => read(text, files).installs.map((i) => ({ what: i.what, tree: i.tree }));

describe('pip', () => {
  it('system, venv by PATH, venv by path or variable, python -m pip, exec form', () => {
    const r = read([
      'FROM python:3.12',
      'RUN pip install -U pip',
      'RUN python -m venv /opt/venv',
      'ENV VENV=/opt/venv',
      'RUN $VENV/bin/pip install flask',
      'RUN ["/opt/venv/bin/python", "-m", "pip", "install", "gunicorn"]',
      'ENV PATH="/opt/venv/bin:$PATH"',
      'RUN python -m pip install -e . && pip install https://example.com/x.whl',
      '',
    ].join('\n'));
    expect(r.installs.map((i) => [i.instr.line, i.tree])).toEqual([
      [2, { kind: 'system' }],
      [5, { kind: 'venv', path: '/opt/venv' }],
      [6, { kind: 'venv', path: '/opt/venv' }],
      [8, { kind: 'venv', path: '/opt/venv' }],
      [8, { kind: 'venv', path: '/opt/venv' }],
    ]);
    expect(r.installs[2]!.located).toBeNull();
    expect(r.venvs.map((v) => v.path)).toEqual(['/opt/venv']);
  });

  it('--user (root and a USER), --prefix, --target, --root, PIP_TARGET, and an interpreter by its path', () => {
    expect(trees([
      'FROM python:3.12',
      'RUN pip install --user a',
      'USER app',
      'RUN pip install --user b',
      'WORKDIR /build',
      'RUN pip install --prefix=/install c && pip install -t deps d && pip install --root /r e',
      'ENV PIP_TARGET=/t',
      'RUN /usr/local/bin/python3.12 -m pip install f',
      '',
    ].join('\n')).map((t) => t.tree)).toEqual([
      { kind: 'user', base: '/root/.local' },
      { kind: 'user', base: '/home/app/.local' },
      { kind: 'prefix', path: '/install', option: '--prefix' },
      { kind: 'prefix', path: '/build/deps', option: '--target' },
      { kind: 'prefix', path: '/r', option: '--root' },
      { kind: 'prefix', path: '/t', option: '--target' },
    ]);
    const r = read('FROM python:3.12\nRUN /usr/local/bin/python3.12 -m pip install f\n');
    expect(r.installs[0]!.python).toEqual({ kind: 'path', path: '/usr/local/bin/python3.12' });
  });

  it('a venv activated in the RUN, and a venv-looking PATH entry nobody made', () => {
    expect(trees('FROM python:3.12\nRUN python -m venv /v && . /v/bin/activate && pip install a\n')[0]!.tree).toEqual({ kind: 'venv', path: '/v' });
    expect(trees('FROM python:3.12\nENV PATH=/opt/venv/bin:$PATH\nRUN pip install a\n')[0]!.tree).toMatchObject({ kind: 'unknown' });
  });

  it('pip install poetry is a tool install, not a dependency install', () => {
    const r = read('FROM python:3.12\nRUN pip install "poetry==1.8.3" && poetry config virtualenvs.create false && poetry install --no-root\n');
    expect(r.tools.map((t) => [t.tool, t.how])).toEqual([['poetry', 'pip']]);
    expect(r.installs.map((i) => [i.what, i.tree])).toEqual([['poetry install', { kind: 'system' }]]);
    expect(r.commands.size).toBe(3);
  });
});

describe('uv', () => {
  it('uv sync into the project .venv or UV_PROJECT_ENVIRONMENT; uv pip --system, VIRTUAL_ENV; the binary copied in', () => {
    const r = read([
      'FROM python:3.12-slim',
      'COPY --from=ghcr.io/astral-sh/uv:0.5 /uv /uvx /bin/',
      'WORKDIR /app',
      'RUN uv sync --frozen --no-install-project',
      'ENV UV_PROJECT_ENVIRONMENT=/opt/env',
      'RUN uv sync',
      'RUN uv pip install --system x',
      'ENV UV_PROJECT_ENVIRONMENT=/usr/local',
      'RUN uv sync',
      '',
    ].join('\n'));
    expect(r.tools.map((t) => [t.tool, t.how])).toEqual([['uv', 'copy']]);
    expect(r.installs.map((i) => i.tree)).toEqual([
      { kind: 'venv', path: '/app/.venv' }, { kind: 'venv', path: '/opt/env' }, { kind: 'system' }, { kind: 'system' },
    ]);
    expect(r.installs[0]!.project).toBe('/app');
  });

  it('the installer script, uv python install and a base without Python make a uv-managed interpreter', () => {
    const r = read('FROM debian:bookworm\nRUN curl -LsSf https://astral.sh/uv/install.sh | sh\nWORKDIR /app\nRUN uv sync\n');
    expect(r.tools.map((t) => t.tool)).toEqual(['uv', 'uv']); // curl and the sh it pipes into
    expect(r.commands.size).toBe(3);
    expect(r.installs[0]!.python).toMatchObject({ kind: 'uv-managed' });
    expect(read('FROM python:3.12\nRUN pip install uv && uv python install 3.13\nWORKDIR /app\nRUN uv sync\n').installs[0]!.python).toMatchObject({ kind: 'uv-managed' });
    expect(read('FROM python:3.12\nRUN pip install uv\nWORKDIR /app\nRUN uv sync --python 3.12\n').installs[0]!.python).toEqual({ kind: 'base' });
    expect(read('FROM debian:bookworm\nRUN apt-get install -y python3 && pip install uv\nWORKDIR /app\nRUN uv sync\n').installs[0]!.python).toEqual({ kind: 'base' });
  });
});

describe('poetry and pipenv', () => {
  it('poetry: an active venv, virtualenvs.create false (env, prefix, config, poetry.toml), in-project, and the cache-dir venv', () => {
    expect(trees([
      'FROM python:3.12',
      'WORKDIR /app',
      'RUN POETRY_VIRTUALENVS_CREATE=false poetry install',
      'RUN POETRY_VIRTUALENVS_IN_PROJECT=true poetry install',
      'RUN poetry install',
      '',
    ].join('\n')).map((t) => t.tree.kind === 'unknown' ? 'unknown' : t.tree)).toEqual([
      { kind: 'system' }, { kind: 'venv', path: '/app/.venv' }, 'unknown',
    ]);
    expect(trees('FROM python:3.12\nWORKDIR /app\nCOPY poetry.toml .\nRUN poetry install\n', { 'poetry.toml': '[virtualenvs]\nin-project = true\n' })[0]!.tree)
      .toEqual({ kind: 'venv', path: '/app/.venv' });
    expect(trees('FROM python:3.12\nENV VIRTUAL_ENV=/venv\nRUN python -m venv $VIRTUAL_ENV\nRUN poetry install\n')[0]!.tree).toEqual({ kind: 'venv', path: '/venv' });
  });

  it('pipenv: --system, PIPENV_VENV_IN_PROJECT, and the default venv; apt installs the tool', () => {
    const r = read([
      'FROM debian:trixie',
      'RUN apt-get update && apt-get install -y python3 pipenv',
      'WORKDIR /srv',
      'RUN pipenv install --system --deploy',
      'RUN PIPENV_VENV_IN_PROJECT=1 pipenv sync',
      'RUN pipenv install', // uses the project's .venv, now that there is one
      '',
    ].join('\n'));
    expect(r.tools.map((t) => [t.tool, t.how])).toEqual([['pipenv', 'apt']]);
    expect(r.installs.map((i) => i.tree)).toEqual([{ kind: 'system' }, { kind: 'venv', path: '/srv/.venv' }, { kind: 'venv', path: '/srv/.venv' }]);
    expect(read('FROM debian:trixie\nWORKDIR /srv\nRUN pipenv install\n').installs[0]!.tree).toMatchObject({ kind: 'unknown' });
  });
});

describe('conda', () => {
  it('env create by the file name, -n under the root, -p, and pip inside the conda base', () => {
    const r = read([
      'FROM continuumio/miniconda3:24.1.2-0',
      'COPY environment.yml /tmp/',
      'RUN conda env create -f /tmp/environment.yml',
      'RUN conda create -y -n other python=3.11 && conda install -y -p /opt/env numpy',
      'RUN pip install rich',
      '',
    ].join('\n'), { 'environment.yml': 'name: app\ndependencies:\n  - python=3.11\n' });
    expect(r.installs.map((i) => [i.what, i.tree])).toEqual([
      ['conda env create', { kind: 'conda', prefix: '/opt/conda/envs/app', root: false }],
      ['conda create', { kind: 'conda', prefix: '/opt/conda/envs/other', root: false }],
      ['conda install', { kind: 'conda', prefix: '/opt/env', root: false }],
      ['pip install', { kind: 'conda', prefix: '/opt/conda', root: true }],
    ]);
  });

  it('the Miniconda installer sets the root; micromamba installs into its base env by default', () => {
    const r = read('FROM debian:bookworm\nRUN wget -qO /tmp/m.sh https://repo.anaconda.com/miniconda/Miniconda3-latest-Linux-x86_64.sh && bash /tmp/m.sh -b -p /opt/miniconda\nRUN /opt/miniconda/bin/conda create -y -n app python\n');
    expect(r.tools.map((t) => t.tool)).toEqual(['conda', 'conda']);
    expect(r.installs[0]!.tree).toEqual({ kind: 'conda', prefix: '/opt/miniconda/envs/app', root: false });
    expect(read('FROM mambaorg/micromamba:1.5.8\nRUN micromamba install -y -f /tmp/env.yaml\n').installs[0]!.tree).toEqual({ kind: 'conda', prefix: '/opt/conda', root: true });
  });
});
