// The pieces of evidence pip-no-cache and pip-cache-mount decline on: pip's abbreviations, what an rm takes with it.
import { describe, expect, it } from 'vitest';
import { isNoCacheOption } from '../../../src/analysis/python/pip-cache.js';
import { removesPath, rmTargets } from '../../../src/analysis/shell/rm.js';

describe('isNoCacheOption', () => {
  it('takes the prefixes of --no-cache-dir pip accepts, and nothing else', () => {
    expect(['--no-ca', '--no-cac', '--no-cache', '--no-cache-', '--no-cache-d', '--no-cache-di', '--no-cache-dir'].every(isNoCacheOption)).toBe(true);
    // --no-c is ambiguous (--no-clean, --no-color, --no-compile): pip rejects it
    expect(['--no-c', '--no-clean', '--no-compile', '--no-cache-dirs', '--cache-dir', '-no-cache'].some(isNoCacheOption)).toBe(false);
  });
});

describe('rm', () => {
  it('reads the targets, options and `--` aside', () => {
    expect(rmTargets({ name: 'rm', words: ['rm', '-rf', '--', '-odd', '/a'] })).toEqual(['-odd', '/a']);
    expect(rmTargets({ name: 'rm', words: ['rm', '--recursive', '--force', '/var/lib/apt/lists/*', '/tmp/*'] })).toEqual(['/var/lib/apt/lists/*', '/tmp/*']);
    expect(rmTargets({ name: 'echo', words: ['echo', '/a'] })).toEqual([]);
  });

  it('removes a path with the path itself, a directory above it, its contents, or a glob over either', () => {
    const lists = '/var/lib/apt/lists';
    for (const t of ['/var/lib/apt/lists', '/var/lib/apt/lists/', '/var/lib/apt/lists/*', '/var/lib/apt', '/var/lib/apt/*', '/var/lib/apt/l*']) {
      expect(removesPath(t, lists), t).toBe(true);
    }
    for (const t of ['/var/lib/apt/lists/partial', '/var/cache/apt', '/var/lib/apt/lists/*.deb', '/', '$LISTS', 'lists']) {
      expect(removesPath(t, lists), t).toBe(false);
    }
    expect(removesPath('~/.cache', '~/.cache/pip')).toBe(true);
    expect(removesPath('~', '~/.cache/pip')).toBe(false);
  });
});
