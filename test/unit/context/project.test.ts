// loadProject reads the manifests the Dockerfile's installs name (whatever they are called, includes followed
// relative to the including file) and the scripts the image runs, each size-capped.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeConfig } from '../../../src/config/normalize.js';
import { loadProject } from '../../../src/context/project.js';

const dir = mkdtempSync(join(tmpdir(), 'dflab-load-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(path: string, text: string | Buffer): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

describe('loadProject: the files the pure core reads', () => {
  it('reads named manifests, includes of includes, -f files, entry scripts; not big files, binaries or unrelated ones', async () => {
    write('Dockerfile', [
      'FROM python:3.12', 'WORKDIR /app', 'COPY deps/ deps/', 'COPY env/conda.yml /tmp/env.yml', 'COPY docker-entrypoint.sh bin/tool /usr/local/bin/',
      'RUN pip install -r deps/prod.txt && conda env create -f /tmp/env.yml', 'RUN tool --init', 'ENTRYPOINT ["docker-entrypoint.sh"]', '',
    ].join('\n'));
    write('deps/prod.txt', '-r common.in\ngunicorn\n');
    write('deps/common.in', '-c ../constraints/pins.txt\nflask\n');
    write('constraints/pins.txt', 'flask==3.0.3\n');
    write('env/conda.yml', 'dependencies:\n  - numpy\n');
    write('docker-entrypoint.sh', '#!/bin/sh\nexec gunicorn app:app\n');
    write('bin/tool', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2]));
    write('Pipfile', '[packages]\n');
    write('notes/todo.txt', 'not a manifest\n');
    write('requirements-big.txt', `${'x\n'.repeat(600_000)}`);
    const { project } = await loadProject(dir, normalizeConfig({}));
    expect(Object.keys(project.files).sort()).toEqual([
      'Pipfile', 'constraints/pins.txt', 'deps/common.in', 'deps/prod.txt', 'docker-entrypoint.sh', 'env/conda.yml',
    ]);
    expect(project.contextPaths).toContain('requirements-big.txt');
  });
});

describe('loadProject: the context scan (sizes, and the texts that may name a large file)', () => {
  const root = mkdtempSync(join(tmpdir(), 'dflab-scan-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (path: string, data: string | Buffer) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), data);
  };

  it('reads no text while no file is large, then the small texts and dflab.yaml, never a binary', async () => {
    put('Dockerfile', 'FROM python:3.12\nCOPY . .\n');
    put('app.py', 'print("ok")\n');
    put('logo.png', Buffer.alloc(10, 1));
    const small = (await loadProject(root, normalizeConfig({}))).project.contextScan!;
    expect(small).toEqual({ sizes: { 'Dockerfile': 26, 'app.py': 12, 'logo.png': 10 }, texts: {}, complete: true });
    put('junk/dump.bin', Buffer.alloc(1_200_000, 7));
    put('dflab.yaml', 'smoke: {command: ["python", "app.py"]}\n');
    put('conf/blob.json', Buffer.from([0x7b, 0, 0x7d]));
    const scan = (await loadProject(root, normalizeConfig({}))).project.contextScan!;
    expect(scan.sizes['junk/dump.bin']).toBe(1_200_000);
    expect(Object.keys(scan.texts).sort()).toEqual(['Dockerfile', 'app.py', 'dflab.yaml']);
    expect(scan.complete).toBe(true);
  });
});
