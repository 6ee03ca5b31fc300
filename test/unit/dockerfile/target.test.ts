import { describe, expect, it } from 'vitest';
import { buildTarget, describeTarget, finalStage, parseDockerfile } from '../../../src/dockerfile/index.js';
import { UserError } from '../../../src/errors.js';

const name = (text: string, target?: string) => finalStage(parseDockerfile(text, 'Dockerfile', { target })).name;

describe('the target stage: the product, not the helper that comes last', () => {
  it('is the last stage when nothing says otherwise', () => {
    const m = parseDockerfile('FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim AS app\nCOPY --from=build /x /x\n');
    expect(finalStage(m).name).toBe('app');
    expect(buildTarget(m)).toBeNull();
    expect(describeTarget(m)).toBe('stage app (line 3), the last stage');
  });

  it('skips a last stage named like a helper and builds the product with --target', () => {
    const text = 'FROM python:3.12 AS app\nCMD ["python", "app.py"]\nFROM app AS test\nRUN pytest\n';
    const m = parseDockerfile(text);
    expect(finalStage(m).name).toBe('app');
    expect(buildTarget(m)).toBe('app');
    expect(describeTarget(m)).toBe('stage app (line 1), the last stage that is not a helper (test is named like a helper (test))');
    for (const helper of ['lint', 'ci', 'dev', 'debug', 'docs', 'run-tests', 'unit_test', 'e2e']) expect(name(text.replace('AS test', `AS ${helper}`)), helper).toBe('app');
    expect(name(text.replace('AS test', 'AS production'))).toBe('production');
  });

  it('skips a last stage another stage copies from, and stages named like helpers before it', () => {
    const text = 'FROM python:3.12 AS prod\nRUN true\nFROM prod AS lint\nRUN ruff .\nFROM alpine AS assets\nRUN touch /a\nFROM prod AS docs\nCOPY --from=assets /a /a\n';
    expect(name(text)).toBe('prod');
    const m = parseDockerfile(text);
    expect(describeTarget(m)).toContain('docs is named like a helper (docs); assets is copied from on line 8; lint is named like a helper (lint)');
    expect(name('FROM python AS a\nRUN true\nFROM python AS b\nRUN --mount=from=a,target=/a true\n')).toBe('b');
  });

  it('keeps the last stage when the stage before the helpers has no name (--target could not build it)', () => {
    const m = parseDockerfile('FROM python:3.12\nRUN true\nFROM python:3.12 AS test\nRUN pytest\n');
    expect(finalStage(m).name).toBe('test');
    expect(buildTarget(m)).toBeNull();
    expect(describeTarget(m)).toContain('stage 0 before it has no name');
  });

  it('takes the stage --target or dflab.yaml names, case-insensitively, and refuses one that does not exist', () => {
    const text = 'FROM python:3.12 AS base\nRUN true\nFROM base AS app\nRUN true\nFROM app AS test\nRUN pytest\n';
    const m = parseDockerfile(text, 'Dockerfile', { target: 'BASE' });
    expect(finalStage(m).name).toBe('base');
    expect(buildTarget(m)).toBe('BASE');
    expect(describeTarget(m)).toBe('stage base (line 1), named by target (--target or dflab.yaml)');
    expect(name(text, 'test')).toBe('test');
    const e = (() => { try { parseDockerfile(text, 'Dockerfile', { target: 'prod' }); } catch (x) { return x; } return null; })();
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe('no stage named "prod" to target');
    expect((e as UserError).hint).toBe('the stages with a name: base, app, test');
  });
});
