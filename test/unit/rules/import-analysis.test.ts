// templates/analyze_imports.py run with the local python3 on a tiny app and a fake site-packages (so the result
// does not depend on what this machine has installed), and the parser of its output.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { appSourcePaths, parseImportAnalysis } from '../../../src/analysis/python/import-analysis.js';

const SCRIPT = 'templates/analyze_imports.py';
const python = spawnSync('python3', ['-c', 'import sys; print(sys.version_info >= (3, 10))'], { encoding: 'utf8' });
const hasPython = python.status === 0 && python.stdout.trim() === 'True';
const root = mkdtempSync(join(tmpdir(), 'dflab-imports-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A distribution in the fake site dir: its top-level package and dist-info with Requires-Dist lines. */
function dist(name: string, module: string, requires: string[] = []): void {
  write(`site/${module}/__init__.py`, '');
  const info = `site/${name.replace(/-/g, '_')}-1.0.dist-info`;
  write(`${info}/METADATA`, [`Metadata-Version: 2.1`, `Name: ${name}`, 'Version: 1.0', ...requires.map((r) => `Requires-Dist: ${r}`), ''].join('\n'));
  write(`${info}/top_level.txt`, `${module}\n`);
  write(`${info}/RECORD`, `${module}/__init__.py,,\n`);
}

function run(app: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('python3', [SCRIPT, join(root, app)], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(root, 'site'), PYTHONNOUSERSITE: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// These spawn Python: on a loaded 2-core machine a run can take several seconds.
describe.skipIf(!hasPython)('analyze_imports.py', { timeout: 60_000 }, () => {
  dist('Fake-Web', 'fakeweb', ['fake-core>=1', 'fake-extra; extra == "speed"', 'fake-old; python_version < "3.0"']);
  dist('fake_core', 'fakecore', ['fake-leaf']);
  dist('fake-leaf', 'fakeleaf');
  dist('fake-extra', 'fakeextra');
  dist('fake-old', 'fakeold');
  dist('fake-unused', 'fakeunused');
  dist('fake-plugin', 'fakeplugin');
  write('app/main.py', 'import json, os.path\nfrom fakeweb import App\nfrom . import local_helper\nimport helpers\nimport not_installed_anywhere\n');
  write('app/helpers.py', 'import re\n');
  write('app/settings.py', 'INSTALLED = ["fakeplugin.apps.Config", "a sentence", "json"]\n');
  write('app/broken.py', 'def (:\n');
  write('app/.venv/lib/site.py', 'import fakeunused\n');
  // Tests are not what the image runs: their imports keep nothing.
  write('app/tests/test_main.py', 'import fakeextra\n');
  write('app/conftest.py', 'import fakeold\n');
  write('app/main_test.py', 'import fakeunused\n');

  it('keeps the import closure (extras and false markers left out), string references, and reports the rest', () => {
    const r = run('app');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, string[]>;
    expect(out.distributions).toEqual(['fake-core', 'fake-leaf', 'fake-plugin', 'fake-web']);
    expect(out.imports).toEqual(['fakeplugin', 'fakeweb', 'not_installed_anywhere']);
    expect(out.unresolved).toEqual(['not_installed_anywhere']);
    expect(out.parseErrors).toEqual([expect.stringMatching(/\/broken\.py: /)]);
    expect(parseImportAnalysis(r.stdout)).toEqual({
      method: 'import-analysis',
      keep: ['fake-core', 'fake-leaf', 'fake-plugin', 'fake-web'],
      aptKeep: [],
      unresolved: ['not_installed_anywhere'],
    });
  });

  it('fails with usage on a missing directory', () => {
    const r = run('nope');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage/);
  });
});

// Debian's python3-X packages: only where the system python and dpkg know python3-yaml.
const debian = spawnSync('/usr/bin/python3', ['-c', 'import yaml; print(yaml.__file__)'], { encoding: 'utf8' });
const yamlFile = debian.status === 0 ? debian.stdout.trim() : '';
const owned = yamlFile !== '' && spawnSync('dpkg', ['-S', yamlFile], { encoding: 'utf8' }).status === 0;

describe.skipIf(!owned)('analyze_imports.py with Debian packages', { timeout: 60_000 }, () => {
  it('maps imported modules to the Debian packages owning them', () => {
    write('deb-app/main.py', 'import yaml\n');
    const r = spawnSync('/usr/bin/python3', [SCRIPT, join(root, 'deb-app')], { encoding: 'utf8', env: { ...process.env, PYTHONNOUSERSITE: '1' } });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).debPackages).toContain('python3-yaml');
  });
});

describe('parseImportAnalysis', () => {
  it('normalizes and sorts names, keeps Debian packages', () => {
    expect(parseImportAnalysis('warning: something\n{"distributions": ["Flask", "flask", "Jinja2"], "debPackages": ["python3-flask"], "unresolved": []}\n')).toEqual({
      method: 'import-analysis', keep: ['flask', 'jinja2'], aptKeep: ['python3-flask'],
    });
  });

  it('says what is wrong with bad output', () => {
    expect(() => parseImportAnalysis('Traceback (most recent call last):')).toThrow('the import analysis printed no JSON object');
    expect(() => parseImportAnalysis('{"distributions": "flask"}')).toThrow('the import analysis\'s "distributions" is not a list of strings');
    expect(() => parseImportAnalysis('{oops')).toThrow(/invalid JSON/);
  });
});

describe('appSourcePaths', () => {
  const paths = (text: string, contextPaths: string[]) =>
    appSourcePaths({ dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files: {}, contextPaths });

  it('names the directories the final stage copies .py files into, none inside another', () => {
    expect(paths('FROM python:3.12\nWORKDIR /app\nCOPY requirements.txt .\nCOPY . .\n', ['Dockerfile', 'app.py', 'pkg/a.py', 'requirements.txt'])).toEqual(['/app']);
    expect(paths('FROM python:3.12\nCOPY serve.py /srv/\nCOPY tools/ /opt/tools/\nCOPY run.py /\n', ['run.py', 'serve.py', 'tools/x.py'])).toEqual(['/opt/tools', '/run.py', '/srv']);
  });

  it('follows the final stage to the stages it builds on, and is empty when unknown', () => {
    expect(paths('FROM python:3.12 AS base\nWORKDIR /w\nCOPY . .\nFROM base\nCMD ["python", "main.py"]\n', ['main.py'])).toEqual(['/w']);
    expect(paths('FROM python:3.12\nCOPY . .\n', ['main.py'])).toEqual([]);
    expect(paths('FROM python:3.12\nWORKDIR /app\nCOPY data/ ./data/\n', ['data/x.csv'])).toEqual([]);
  });
});
