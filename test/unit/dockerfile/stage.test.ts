// The chain of stages an image is built from.
import { describe, expect, it } from 'vitest';
import { parseDockerfile, stageChain } from '../../../src/dockerfile/index.js';

describe('stageChain', () => {
  it('walks FROM <stage> back to the external base, root first; names are case-insensitive', () => {
    const model = parseDockerfile('FROM python:3.13 AS Base\nFROM alpine AS other\nFROM base AS deps\nFROM DEPS\n');
    expect(stageChain(model, model.stages[3]!).map((s) => s.index)).toEqual([0, 2, 3]);
    expect(stageChain(model, model.stages[1]!).map((s) => s.index)).toEqual([1]);
  });

  it('does not take a later stage of the same name as a parent', () => {
    const model = parseDockerfile('FROM app\nFROM python:3.13 AS app\n');
    expect(stageChain(model, model.stages[0]!).map((s) => s.index)).toEqual([0]);
  });
});
