import { describe, expect, it } from 'vitest';
import { formatImageRef, parseImageRef } from '../../../src/dockerfile/index.js';
import { slimSibling } from '../../../src/analysis/images/slim-sibling.js';

const sibling = (ref: string) => {
  const s = slimSibling(parseImageRef(ref));
  return s.ok ? { image: formatImageRef(s.image), lost: s.lost } : { reason: s.reason };
};

describe('slimSibling', () => {
  it.each([
    ['python', 'python:slim', 'full'],
    ['python:latest', 'python:slim', 'full'],
    ['python:3', 'python:3-slim', 'full'],
    ['python:3.12', 'python:3.12-slim', 'full'],
    ['python:3.12.4', 'python:3.12.4-slim', 'full'],
    ['python:3.12-bookworm', 'python:3.12-slim-bookworm', 'full'],
    ['python:bookworm', 'python:slim-bookworm', 'full'],
    ['python:3.14-rc-trixie', 'python:3.14-rc-slim-trixie', 'full'],
    ['python:3.14.0a3', 'python:3.14.0a3-slim', 'full'],
    ['docker.io/library/python:3.13', 'docker.io/library/python:3.13-slim', 'full'],
    ['debian:bookworm', 'debian:bookworm-slim', null],
    ['debian:12.5', 'debian:12.5-slim', null],
    ['debian:bookworm-20240513', 'debian:bookworm-20240513-slim', null],
    ['debian:testing', 'debian:testing-slim', null],
    ['debian:latest', 'debian:stable-slim', null],
    ['buildpack-deps', 'debian:stable-slim', 'full'],
    ['buildpack-deps:curl', 'debian:stable-slim', 'curl'],
    ['buildpack-deps:bookworm', 'debian:bookworm-slim', 'full'],
    ['buildpack-deps:bookworm-curl', 'debian:bookworm-slim', 'curl'],
    ['buildpack-deps:sid-scm', 'debian:sid-slim', 'scm'],
    ['docker.io/library/buildpack-deps:trixie', 'docker.io/library/debian:trixie-slim', 'full'],
  ])('%s → %s', (ref, image, lost) => {
    expect(sibling(ref)).toEqual({ image, lost });
  });

  it.each([
    ['scratch', 'base-scratch', /nothing to slim/],
    ['python:3.12-slim', 'base-already-slim', /already slim/],
    ['python:slim-bookworm', 'base-already-slim', /already slim/],
    ['debian:bookworm-slim', 'base-already-slim', /already slim/],
    ['python:3.12-alpine', 'base-already-alpine', /already alpine/],
    ['alpine:3.20', 'base-already-alpine', /already alpine/],
    ['gcr.io/distroless/python3-debian12:nonroot', 'base-distroless', /already distroless/],
    ['python:3.12@sha256:abc', 'base-pinned-digest', /pinned by digest/],
    ['python:3.12-windowsservercore-ltsc2022', 'no-slim-sibling', /Windows/],
    ['python:3.12-weird', 'no-slim-sibling', /unrecognised python tag/],
    ['debian:experimental', 'no-slim-sibling', /no slim sibling/],
    ['buildpack-deps:noble', 'no-slim-sibling', /Ubuntu-based/],
    ['buildpack-deps:foo', 'no-slim-sibling', /unrecognised buildpack-deps tag/],
    ['ubuntu:24.04', 'no-slim-sibling', /no known slim sibling/],
    ['acme/python:3.12', 'no-slim-sibling', /no known slim sibling/],
  ])('%s does not have one: %s', (ref, code, message) => {
    expect(sibling(ref)).toEqual({ reason: { code, message: expect.stringMatching(message) } });
  });
});
