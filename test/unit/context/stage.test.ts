import { mkdtempSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync, existsSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stageContext } from '../../../src/context/stage.js';

describe('staged contexts', () => {
  it('links unchanged files, replaces and deletes edited ones, and never touches the source', async () => {
    const src = mkdtempSync(join(tmpdir(), 'dflab-src-'));
    mkdirSync(join(src, 'app'));
    writeFileSync(join(src, 'app', 'main.py'), 'print(1)\n');
    writeFileSync(join(src, 'requirements.txt'), 'torch\nflask\n');
    writeFileSync(join(src, 'notes.md'), 'x');
    symlinkSync('app/main.py', join(src, 'link.py'));
    const dest = join(mkdtempSync(join(tmpdir(), 'dflab-dest-')), 'ctx');
    await stageContext(src, dest, ['app/main.py', 'link.py', 'notes.md', 'requirements.txt'], { 'requirements.txt': 'flask\n', 'notes.md': null, '.dockerignore': '.git\n' });
    expect(readFileSync(join(dest, 'requirements.txt'), 'utf8')).toBe('flask\n');
    expect(readFileSync(join(src, 'requirements.txt'), 'utf8')).toBe('torch\nflask\n');
    expect(existsSync(join(dest, 'notes.md'))).toBe(false);
    expect(existsSync(join(src, 'notes.md'))).toBe(true);
    expect(readFileSync(join(dest, '.dockerignore'), 'utf8')).toBe('.git\n');
    expect(statSync(join(dest, 'app', 'main.py')).ino).toBe(statSync(join(src, 'app', 'main.py')).ino);
    expect(readlinkSync(join(dest, 'link.py'))).toBe('app/main.py');
  });
});

describe('the run\'s own output is never context', () => {
  it('drops the out dir when it lies inside the context, and ignores every .dflab', async () => {
    const { ownIgnoreLines, withoutOutDir } = await import('../../../src/context/project.js');
    const loaded = { dir: '/p', contextDir: '/p', dockerfileAbs: '/p/Dockerfile', project: { contextPaths: ['app.py', 'out/logs/a.json', 'out', 'outside.txt'] } } as never;
    expect((withoutOutDir(loaded, '/p/out') as { project: { contextPaths: string[] } }).project.contextPaths).toEqual(['app.py', 'outside.txt']);
    expect(ownIgnoreLines(loaded, '/p/out')).toEqual(['**/.dflab', 'out']);
    expect(ownIgnoreLines(loaded, '/tmp/elsewhere')).toEqual(['**/.dflab']);
    expect(withoutOutDir(loaded, '/tmp/elsewhere')).toBe(loaded);
  });
});
