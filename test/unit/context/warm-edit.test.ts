// The one-line source edit behind build.warmSeconds (pure).
import { describe, expect, it } from 'vitest';
import { chooseWarmEditPath, warmEditText } from '../../../src/context/warm-edit.js';
import { parseDockerfile } from '../../../src/dockerfile/index.js';

const paths = ['requirements.txt', 'app.py', 'lib/util.py', 'README.md', 'tests/test_app.py'];

describe('chooseWarmEditPath', () => {
  it('picks a Python source the final stage copies last, never a dependency manifest', () => {
    const model = parseDockerfile('FROM python:3.13\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n');
    expect(chooseWarmEditPath(model, paths, undefined)).toBe('app.py');
    expect(chooseWarmEditPath(parseDockerfile('FROM python:3.13\nCOPY requirements.txt .\n'), paths, undefined)).toBeNull();
  });

  it('skips what .dockerignore leaves out', () => {
    const model = parseDockerfile('FROM python:3.13\nCOPY . .\n');
    expect(chooseWarmEditPath(model, paths, 'app.py\nlib\n')).toBe('tests/test_app.py');
  });

  it('with a final stage that copies only from a builder, edits what the builder copies from the context', () => {
    const model = parseDockerfile('FROM python:3.13 AS builder\nCOPY lib/ /src/lib/\nRUN python -m compileall /src\nFROM python:3.13-slim\nCOPY --from=builder /src /app\n');
    expect(chooseWarmEditPath(model, paths, undefined)).toBe('lib/util.py');
  });

  it('reads COPY sources as the rules do: quotes removed, URL sources left out', () => {
    const model = parseDockerfile('FROM python:3.13\nCOPY "lib/" /app/lib/\nADD https://example.com/app.py /app/\n');
    expect(chooseWarmEditPath(model, paths, undefined)).toBe('lib/util.py');
  });
});

describe('warmEditText', () => {
  it('appends one comment line carrying the run id, in the file type\'s comment syntax', () => {
    expect(warmEditText('app.py', 'print(1)', 'r1')).toBe('print(1)\n# dflab edit-rebuild probe r1\n');
    expect(warmEditText('index.js', '', 'r2')).toBe('// dflab edit-rebuild probe r2\n');
    expect(warmEditText('page.html', '<p>\n', 'r3')).toBe('<p>\n<!-- dflab edit-rebuild probe r3 -->\n');
    expect(warmEditText('a.py', 'x\n', 'one')).not.toBe(warmEditText('a.py', 'x\n', 'two'));
  });
});
