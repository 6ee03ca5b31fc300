import { describe, expect, it } from 'vitest';
import { expandVariables, finalStage, globalArgDefaults, parentStage, parseDockerfile, stageByName } from '../../../src/dockerfile/index.js';

describe('globalArgDefaults', () => {
  it('reads the ARGs before the first FROM only, with quotes removed', () => {
    const model = parseDockerfile('ARG A=1\nARG B\nARG C="two words" D=\'x\'\nFROM debian\nARG E=5\n');
    expect(Object.fromEntries(globalArgDefaults(model))).toEqual({ A: '1', B: null, C: 'two words', D: 'x' });
  });
  it('expands defaults with the ARGs declared before them', () => {
    const model = parseDockerfile('ARG PY=3.12\nARG BASE=python:${PY}-slim\nARG LATER=${NOPE}x\nFROM ${BASE}\n');
    expect(Object.fromEntries(globalArgDefaults(model))).toEqual({ PY: '3.12', BASE: 'python:3.12-slim', LATER: '${NOPE}x' });
  });
});

describe('expandVariables', () => {
  const vars = new Map<string, string | null>([['PY', '3.12'], ['EMPTY', ''], ['UNSET', null]]);
  it.each([
    ['python:${PY}', { value: 'python:3.12' }],
    ['python:$PY-slim', { value: 'python:3.12-slim' }],
    ['${EMPTY}python', { value: 'python' }],
    ['python:${UNSET:-3.11}', { value: 'python:3.11' }],
    ['python:${EMPTY:-3.11}', { value: 'python:3.11' }],
    ['python:${EMPTY-3.11}', { value: 'python:' }],
    ['python:${UNSET-3.11}', { value: 'python:3.11' }],
    ['python:${NOPE:-3.10}', { value: 'python:3.10' }],
    ['python:${UNSET}', { unresolved: 'UNSET' }],
    ['python:$NOPE', { unresolved: 'NOPE' }],
    ['python:${PY:+x}', { unresolved: '${PY:+x}' }],
    ['no variables', { value: 'no variables' }],
  ])('%s', (text, expected) => {
    expect(expandVariables(text, vars)).toEqual(expected);
  });
});

describe('stages', () => {
  const model = parseDockerfile('FROM python:3.12 AS Build\nFROM build AS test\nFROM debian\n');
  it('finds the final stage and stage parents, names case-insensitively', () => {
    expect(finalStage(model).index).toBe(2);
    expect(parentStage(model, model.stages[1]!)?.index).toBe(0);
    expect(parentStage(model, model.stages[2]!)).toBeNull();
    expect(stageByName(model, 'BUILD')?.index).toBe(0);
    expect(stageByName(model, 'test', 1)).toBeNull();
  });
});
