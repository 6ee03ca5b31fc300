// Reasons are values with a stable code: the rules that edit the final stage's base share one guard (one code, one
// wording) and tell alpine bases apart by code.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { planVariants } from '../../../src/plan/index.js';
import { ruleById } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';

const ONNX = { export: 'python3 export_onnx.py', artifact: '/app/model.onnx', runtime: ['onnxruntime'], env: {} };

function project(text: string): Project {
  return { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files: {}, contextPaths: ['Dockerfile'], config: { onnx: ONNX } };
}

describe('the final-stage guard', () => {
  const onStage = [
    ['FROM python:3.12 AS base\nRUN pip install flask\nFROM base\nCMD ["python"]\n', 'the final stage builds on stage base; its base and installs are that stage\'s'],
    ['ARG FINAL=base\nFROM python:3.12 AS base\nRUN pip install flask\nFROM ${FINAL}\nCMD ["python"]\n', 'the final stage builds on stage base (FROM ${FINAL}); its base and installs are that stage\'s'],
  ] as const;

  it.each(onStage)('is one reason for every rule that edits the base, and for base trials: %s', (text, message) => {
    const p = project(text);
    for (const id of ['base-slim', 'base-alpine', 'multi-stage', 'onnx-runtime']) {
      expect(ruleById(id)!.applies(p), id).toEqual({ applies: false, reason: { code: 'final-stage-on-stage', message } });
    }
    const plan = planVariants(p, [], { bases: ['python:3.13-slim'] });
    expect(plan.skipped).toEqual([{ rule: 'base-python-3.13-slim', code: 'final-stage-on-stage', reason: message }]);
  });
});

describe('alpine final stages, told apart by code', () => {
  const alpine = 'FROM python:3.12-alpine\nRUN pip install torch flask\nCOPY . /app\nCMD ["python", "/app/app.py"]\n';

  it('onnx-runtime and multi-stage decline with final-base-alpine, each saying why in its own words', () => {
    const p = project(alpine);
    expect(ruleById('onnx-runtime')!.applies(p)).toEqual({
      applies: false, reason: { code: 'final-base-alpine', message: 'python:3.12-alpine is alpine-based: onnxruntime has no musllinux wheel' },
    });
    expect(ruleById('multi-stage')!.applies(p)).toEqual({
      applies: false, reason: { code: 'final-base-alpine', message: 'python:3.12-alpine is alpine-based: multi-stage rebuilds apt-based (Debian) stacks' },
    });
  });

  it('a Debian candidate base for an alpine final stage is not planned', () => {
    const plan = planVariants(project(alpine), [], { bases: ['python:3.13-slim'] });
    expect(plan.skipped).toEqual([{ rule: 'base-python-3.13-slim', code: 'final-base-alpine', reason: expect.stringMatching(/apk → apt/) }]);
  });

  it('other reasons multi-stage finds no slim base for keep their code under its wording', () => {
    const verdict = ruleById('multi-stage')!.applies(project('FROM acme/python:3.12\nRUN pip install flask\nCMD ["python"]\n'));
    expect(verdict).toEqual({ applies: false, reason: { code: 'no-slim-sibling', message: expect.stringMatching(/^no slim base for the final stage: no known slim sibling for acme\/python:3\.12/) } });
  });
});
