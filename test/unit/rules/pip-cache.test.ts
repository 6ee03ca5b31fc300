// The pieces of evidence pip-no-cache and pip-cache-mount decline on: pip's abbreviations, what an rm takes with it.
import { describe, expect, it } from 'vitest';
import { isNoCacheOption } from '../../../src/analysis/python/pip-cache.js';
import { removesPath, rmTargets } from '../../../src/analysis/shell/rm.js';
import { baseImageUser } from '../../../src/analysis/images/base-user.js';

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

describe('baseImageUser', () => {
  it('knows the widely used bases that run as a non-root user, and nothing else', () => {
    expect(baseImageUser('quay.io/jupyter/scipy-notebook:2024-05-27')).toBe('jovyan');
    expect(baseImageUser('jupyter/base-notebook')).toBe('jovyan');
    expect(baseImageUser('mambaorg/micromamba:1.5.8')).toBe('mambauser');
    expect(baseImageUser('gcr.io/distroless/python3-debian12:nonroot')).toBe('nonroot');
    for (const image of ['python:3.12', 'jupyterhub/jupyterhub:5', 'gcr.io/distroless/python3-debian12', 'continuumio/miniconda3']) {
      expect(baseImageUser(image), image).toBeNull();
    }
  });
});
