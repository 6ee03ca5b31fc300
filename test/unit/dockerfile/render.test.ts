// New instruction text as rules write it: flags rendered one way.
import { describe, expect, it } from 'vitest';
import { fromText, instructionText, parseDockerfile, renderFlags } from '../../../src/dockerfile/index.js';

describe('flag rendering', () => {
  it('renders flags as written: with and without a value, in order', () => {
    const model = parseDockerfile('FROM --platform=$BUILDPLATFORM python:3.13\nCOPY --link --chown=app:app a b\n');
    expect(renderFlags(model.instructions[1]!.flags)).toBe('--link --chown=app:app');
    expect(renderFlags([])).toBe('');
  });

  it('puts flags between keyword and arguments, with no double space when there are none', () => {
    expect(instructionText('COPY', [{ name: 'from', value: 'builder' }, { name: 'link', value: null }], '/app /app')).toBe('COPY --from=builder --link /app /app');
    expect(instructionText('COPY', [], 'a b')).toBe('COPY a b');
  });

  it('writes a FROM that keeps the stage\'s flags and names it when asked', () => {
    const from = parseDockerfile('FROM --platform=linux/amd64 python:3.13 AS app\n').stages[0]!.from;
    expect(fromText(from.flags, 'python:3.13-slim', 'builder')).toBe('FROM --platform=linux/amd64 python:3.13-slim AS builder');
    expect(fromText([], 'debian:trixie-slim', null)).toBe('FROM debian:trixie-slim');
  });
});
