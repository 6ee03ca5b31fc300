import { describe, expect, it } from 'vitest';
import { exactPin, normalizeName, readRequirements, removeLines, requirementName } from '../../../src/analysis/python/requirements.js';

describe('requirement names', () => {
  it('normalizes as PEP 503 says', () => {
    expect(normalizeName('Flask_Cors')).toBe('flask-cors');
    expect(normalizeName('zope.interface')).toBe('zope-interface');
    expect(normalizeName('A__b--c..d')).toBe('a-b-c-d');
  });

  it.each([
    ['torch==2.3.1+cu121', 'torch'],
    ['uvicorn[standard]>=0.29 ; python_version > "3.8"', 'uvicorn'],
    ['"transformers>=4.40"', 'transformers'],
    ['Pillow', 'pillow'],
    ['my-lib @ https://example.com/my_lib-1.0.tar.gz', 'my-lib'],
    ['git+https://example.com/tiny-lib.git#egg=tiny_lib', 'tiny-lib'],
    ['./wheels/torch-2.3.1-cp312-none-linux_x86_64.whl', 'torch'],
    ['.', null],
    ['https://example.com/pkg.tar.gz', null],
    ['not a requirement', null],
  ])('%s → %s', (spec, name) => {
    expect(requirementName(spec)).toBe(name);
  });

  it('reads the exact pin', () => {
    expect(exactPin('torch == 2.3.1+cpu ; sys_platform == "linux"')).toBe('2.3.1+cpu');
    expect(exactPin('torch>=2')).toBeNull();
  });
});

describe('requirements files', () => {
  const text = [
    '# comment',
    '-r base.txt',
    '--requirement=dev.txt',
    '--extra-index-url https://download.pytorch.org/whl/cpu',
    '-e ./libs/core',
    'numpy==1.26.4 \\',
    '    --hash=sha256:aaaa',
    'flask  # web',
    'git+https://example.com/x.git#egg=x-lib',
    '',
  ].join('\n');

  it('reads logical lines with their kind and name', () => {
    expect(readRequirements(text).map((l) => [l.line, l.count, l.kind, l.name, l.include])).toEqual([
      [0, 1, 'blank', null, null],
      [1, 1, 'include', null, 'base.txt'],
      [2, 1, 'include', null, 'dev.txt'],
      [3, 1, 'option', null, null],
      [4, 1, 'other', null, null],
      [5, 2, 'requirement', 'numpy', null],
      [7, 1, 'requirement', 'flask', null],
      [8, 1, 'other', 'x-lib', null],
    ]);
  });

  it('removes whole logical lines and keeps every other byte, CRLF included', () => {
    const lines = readRequirements(text);
    expect(removeLines(text, [lines[5]!, lines[6]!])).toBe(text.replace('numpy==1.26.4 \\\n    --hash=sha256:aaaa\nflask  # web\n', ''));
    const crlf = 'a\r\nb\r\nc';
    expect(removeLines(crlf, [readRequirements(crlf)[2]!])).toBe('a\r\nb\r\n');
    expect(removeLines(crlf, [readRequirements(crlf)[1]!])).toBe('a\r\nc');
  });
});
