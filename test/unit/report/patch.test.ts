// makePatch is checked against the real thing: every patch must pass `git apply --check` and
// `git apply` in a scratch repository and leave exactly the new texts behind.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makePatch, type FileChange } from '../../../src/report/index.js';

// Isolated from the user's git config (core.autocrlf would change what lands on disk).
const GIT_ENV = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };

let root: string;
let repo: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dflab-patch-'));
  repo = join(root, 'repo');
  await mkdir(repo);
  git(['init', '-q', '.']);
});
afterEach(async () => { await rm(root, { recursive: true, force: true }); });

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: repo, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Writes the old files, applies the patch with git, and returns what is on disk afterwards. */
async function applyWithGit(changes: FileChange[]): Promise<Record<string, string | null>> {
  for (const c of changes) {
    if (c.oldText === null) continue;
    await mkdir(dirname(join(repo, c.path)), { recursive: true });
    await writeFile(join(repo, c.path), c.oldText);
  }
  const patchFile = join(root, 'change.patch');
  await writeFile(patchFile, makePatch(changes));
  git(['apply', '--check', patchFile]);
  git(['apply', patchFile]);
  const after: Record<string, string | null> = {};
  for (const c of changes) after[c.path] = existsSync(join(repo, c.path)) ? await readFile(join(repo, c.path), 'utf8') : null;
  return after;
}

async function hashObject(text: string): Promise<string> {
  const file = join(root, 'blob');
  await writeFile(file, text);
  return git(['hash-object', file]).trim();
}

function expected(changes: FileChange[]): Record<string, string | null> {
  return Object.fromEntries(changes.map((c) => [c.path, c.newText]));
}

const DOCKERFILE = 'FROM python:3.13\nWORKDIR /app\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\nCMD ["python", "app.py"]\n';

describe('makePatch', () => {
  it('writes git headers (with git\'s blob ids) and hunks for a modified file', async () => {
    const newText = DOCKERFILE.replace('python:3.13', 'python:3.13-slim');
    const patch = makePatch([{ path: 'Dockerfile', oldText: DOCKERFILE, newText }]);
    expect(patch).toBe([
      'diff --git a/Dockerfile b/Dockerfile',
      `index ${await hashObject(DOCKERFILE)}..${await hashObject(newText)}`,
      '--- a/Dockerfile',
      '+++ b/Dockerfile',
      '@@ -1,4 +1,4 @@',
      '-FROM python:3.13',
      '+FROM python:3.13-slim',
      ' WORKDIR /app',
      ' COPY requirements.txt .',
      ' RUN pip install -r requirements.txt',
      '',
    ].join('\n'));
  });

  it('is empty when nothing changes', () => {
    expect(makePatch([{ path: 'Dockerfile', oldText: 'x\n', newText: 'x\n' }, { path: 'gone', oldText: null, newText: null }])).toBe('');
  });

  it('refuses paths that are not relative to the project root', () => {
    for (const path of ['/etc/passwd', '../x', 'a/../b', 'a\\b', '', './x']) {
      expect(() => makePatch([{ path, oldText: null, newText: 'x' }])).toThrow(/patch path must be relative/);
    }
  });

  it('modifies a file (git apply)', async () => {
    const changes = [{ path: 'Dockerfile', oldText: DOCKERFILE, newText: DOCKERFILE.replace('pip install', 'pip install --no-cache-dir') }];
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });

  it('keeps CRLF line endings (git apply)', async () => {
    const crlf = DOCKERFILE.replace(/\n/g, '\r\n');
    const changes = [{ path: 'Dockerfile', oldText: crlf, newText: crlf.replace('RUN pip install', 'RUN pip install --no-cache-dir') }];
    const patch = makePatch(changes);
    expect(patch).toContain('+RUN pip install --no-cache-dir -r requirements.txt\r\n');
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });

  it.each([
    ['edits the last line of a file without a final newline', 'a\nb\nc', 'a\nb\nC'],
    ['adds a final newline', 'a\nb\nc', 'a\nb\nc\n'],
    ['removes the final newline', 'a\nb\nc\n', 'a\nb\nc'],
    ['edits before an unterminated last line', 'a\nb\nc', 'A\nb\nc'],
  ])('%s (git apply)', async (_title, oldText, newText) => {
    const changes = [{ path: 'file.txt', oldText, newText }];
    const patch = makePatch(changes);
    expect(patch).toContain('\\ No newline at end of file\n');
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });

  it('creates new files, including an empty one and one in a new folder (git apply)', async () => {
    const changes = [
      { path: '.dockerignore', oldText: null, newText: '.git\n__pycache__/\n*.ipynb\n' },
      { path: 'docker/empty.txt', oldText: null, newText: '' },
      { path: 'no-newline.txt', oldText: null, newText: 'x' },
    ];
    const patch = makePatch(changes);
    expect(patch).toContain('diff --git a/.dockerignore b/.dockerignore\nnew file mode 100644\nindex 0000000000000000000000000000000000000000..');
    expect(patch).toContain('--- /dev/null\n+++ b/.dockerignore\n@@ -0,0 +1,3 @@\n');
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });

  it('deletes files, including an empty one (git apply)', async () => {
    const changes = [
      { path: 'requirements-dev.txt', oldText: 'pytest\njupyter\n', newText: null },
      { path: 'empty', oldText: '', newText: null },
    ];
    const patch = makePatch(changes);
    expect(patch).toContain('deleted file mode 100644');
    expect(patch).toContain('--- a/requirements-dev.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n');
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });

  it('handles paths with spaces, quotes and non-ASCII (git apply)', async () => {
    const changes = [
      { path: 'my app/Dockerfile', oldText: DOCKERFILE, newText: DOCKERFILE.replace('3.13', '3.13-slim') },
      { path: 'my app/new file.txt', oldText: null, newText: 'hi\n' },
      { path: 'we"ird é\tname.txt', oldText: 'a\n', newText: 'b\n' },
    ];
    const patch = makePatch(changes);
    expect(patch).toContain('diff --git a/my app/Dockerfile b/my app/Dockerfile\n');
    expect(patch).toContain('--- a/my app/Dockerfile\t\n+++ b/my app/Dockerfile\t\n');
    expect(patch).toContain('diff --git "a/we\\"ird \\303\\251\\tname.txt" "b/we\\"ird \\303\\251\\tname.txt"\n');
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });

  it('applies several hunks and several files in one patch (git apply)', async () => {
    const long = Array.from({ length: 60 }, (_, i) => `line ${i}`).join('\n') + '\n';
    const changes = [
      { path: 'long.txt', oldText: long, newText: long.replace('line 3\n', 'line three\n').replace('line 40\n', '').replace('line 59\n', 'line 59\nline 60\n') },
      { path: 'Dockerfile', oldText: DOCKERFILE, newText: `# syntax=docker/dockerfile:1\n${DOCKERFILE}` },
      { path: '.dockerignore', oldText: null, newText: '.git\n' },
    ];
    expect(makePatch(changes).match(/^@@ /gm)).toHaveLength(5);
    expect(await applyWithGit(changes)).toEqual(expected(changes));
  });
});
