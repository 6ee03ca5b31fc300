import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef } from '../../../src/dockerfile/index.js';
import { alpineSibling } from '../../../src/analysis/images/alpine-sibling.js';
import { apkNames } from '../../../src/analysis/packages/apk-names.js';

describe('alpineSibling', () => {
  it.each([
    ['python:3.12', 'python:3.12-alpine'],
    ['python:3.12-slim-bookworm', 'python:3.12-alpine'],
    ['python', 'python:alpine'],
    ['python:3', 'python:3-alpine'],
    ['docker.io/library/python:3.11-bookworm', 'docker.io/library/python:3.11-alpine'],
    ['node:20-bookworm-slim', 'node:20-alpine'],
    ['node:lts', 'node:lts-alpine'],
    ['debian:bookworm', 'alpine:3'],
    ['buildpack-deps:trixie-curl', 'alpine:3'],
    ['ubuntu:24.04', 'alpine:3'],
  ])('%s → %s', (from, to) => {
    const s = alpineSibling(parseImageRef(from));
    expect(s.ok && formatImageRef(s.image)).toBe(to);
  });

  it.each([
    ['python:3.12-alpine3.20', 'base-already-alpine', 'python:3.12-alpine3.20 is already alpine-based'],
    ['alpine:3.20', 'base-already-alpine', 'alpine:3.20 is already alpine-based'],
    ['python:3.12-windowsservercore', 'no-alpine-sibling', 'python:3.12-windowsservercore is a Windows image; it has no alpine sibling'],
    ['python:latest-custom', 'no-alpine-sibling', 'unrecognised python tag "latest-custom": choose its alpine sibling yourself'],
    ['scratch', 'base-scratch', 'the final stage is FROM scratch: there is no package manager to translate'],
  ])('%s: [%s] %s', (from, code, message) => {
    expect(alpineSibling(parseImageRef(from))).toEqual({ ok: false, reason: { code, message } });
  });
});

describe('apkNames', () => {
  it.each([
    ['build-essential', ['build-base'], 'known'],
    ['libpq-dev', ['postgresql-dev'], 'known'],
    ['libssl-dev', ['openssl-dev'], 'known'],
    ['python3-dev', ['python3-dev'], 'known'],
    ['python3-venv', [], 'known'],
    ['python3-sklearn', ['py3-scikit-learn'], 'known'],
    ['python3-numpy', ['py3-numpy'], 'known'],
    ['python3-torch', ['py3-torch'], 'guessed'],
    ['libfoo2-dev', ['foo-dev'], 'guessed'],
    ['frobnicate', ['frobnicate'], 'kept'],
  ])('%s → %j (%s)', (deb, names, how) => {
    expect(apkNames(deb)).toEqual({ names, how });
  });
});
