import { describe, expect, it } from 'vitest';
import { formatImageRef, officialName, parseImageRef, withOfficialName } from '../../../src/dockerfile/index.js';

describe('parseImageRef', () => {
  it.each([
    ['python', { registry: null, repository: 'python', tag: null, digest: null }],
    ['python:3.12-slim', { registry: null, repository: 'python', tag: '3.12-slim', digest: null }],
    ['library/python:3.12', { registry: null, repository: 'library/python', tag: '3.12', digest: null }],
    ['docker.io/library/python:3.13', { registry: 'docker.io', repository: 'library/python', tag: '3.13', digest: null }],
    ['localhost:5000/app:1', { registry: 'localhost:5000', repository: 'app', tag: '1', digest: null }],
    ['localhost/app', { registry: 'localhost', repository: 'app', tag: null, digest: null }],
    ['ghcr.io/acme/tools/python:3.12', { registry: 'ghcr.io', repository: 'acme/tools/python', tag: '3.12', digest: null }],
    ['python:3.12@sha256:abc', { registry: null, repository: 'python', tag: '3.12', digest: 'sha256:abc' }],
    ['python@sha256:abc', { registry: null, repository: 'python', tag: null, digest: 'sha256:abc' }],
    ['acme/app', { registry: null, repository: 'acme/app', tag: null, digest: null }],
  ])('%s', (ref, expected) => {
    expect(parseImageRef(ref)).toEqual(expected);
    expect(formatImageRef(parseImageRef(ref))).toBe(ref);
  });
});

describe('officialName', () => {
  it.each([
    ['python:3.12', 'python'],
    ['library/python', 'python'],
    ['docker.io/python:3', 'python'],
    ['index.docker.io/library/debian', 'debian'],
    ['mirror.gcr.io/library/python:3.12', 'python'],
    ['ghcr.io/acme/python:3.12', null],
    ['acme/python', null],
    ['docker.io/acme/python', null],
    ['localhost:5000/python', null],
  ])('%s → %s', (ref, name) => {
    expect(officialName(parseImageRef(ref))).toBe(name);
  });

  it('renames keeping registry and library/ as written', () => {
    expect(formatImageRef(withOfficialName(parseImageRef('docker.io/library/buildpack-deps:bookworm'), 'debian'))).toBe('docker.io/library/debian:bookworm');
    expect(formatImageRef(withOfficialName(parseImageRef('buildpack-deps'), 'debian'))).toBe('debian');
  });
});
