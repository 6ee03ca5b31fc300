// The bases a plan's builds pull FROM, per variant: what `dflab doctor DIR` checks.
import { describe, expect, it } from 'vitest';
import { baseImageUses } from '../../../src/plan/base-images.js';
import type { PlannedVariant } from '../../../src/plan/index.js';

const v = (name: string, dockerfile: string): PlannedVariant => ({ name, rules: [], dockerfile, files: [], notes: [], requires: [], aliases: [] });

describe('baseImageUses', () => {
  it('lists each external base once with the variants that need it; stages, scratch and unbuilt stages are left out', () => {
    const original = v('original', 'ARG PY=3.12\nFROM python:${PY} AS build\nRUN pip install x\nFROM build AS app\nCMD ["x"]\nFROM golang:1 AS unused\n');
    const slim = v('base-slim', 'ARG PY=3.12\nFROM python:${PY} AS build\nRUN pip install x\nFROM python:${PY}-slim AS app\nCOPY --from=build /x /x\n');
    const scratch = v('minify', 'FROM python:3.12 AS build\nFROM scratch AS app\nCOPY --from=build /x /x\n');
    expect(baseImageUses([original, slim, scratch], 'app')).toEqual([
      { image: 'python:3.12', variants: ['original', 'base-slim', 'minify'] },
      { image: 'python:3.12-slim', variants: ['base-slim'] },
    ]);
  });

  it('build args replace ARG defaults; a base it cannot expand is left out', () => {
    const d = v('original', 'ARG PY=3.12\nARG REG\nFROM python:${PY}\nFROM ${REG}/app:1\n');
    expect(baseImageUses([d], null, { PY: '3.13' })).toEqual([]); // the last stage's base cannot be expanded; python is not built
    expect(baseImageUses([v('original', 'ARG PY=3.12\nFROM python:${PY}\n')], null, { PY: '3.13' })).toEqual([{ image: 'python:3.13', variants: ['original'] }]);
  });
});
