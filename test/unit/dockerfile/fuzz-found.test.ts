// Inputs the fuzz test (fuzz.test.ts) found, minimized: each once made a rule throw or give a Dockerfile that
// does not parse, or made the parser disagree with BuildKit.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { planVariants } from '../../../src/plan/index.js';
import { ruleById } from '../../../src/rules/index.js';
import type { Project } from '../../../src/rules/types.js';

function variant(text: string, ruleId: string): string {
  const project: Project = { dockerfile: parseDockerfile(text), dockerfilePath: 'Dockerfile', files: {}, contextPaths: ['Dockerfile'] };
  const plan = planVariants(project, [ruleById(ruleId)!], { cumulative: false });
  expect(plan.skipped.filter((s) => s.code === 'rule-failed')).toEqual([]);
  const v = plan.variants.find((x) => x.name === ruleId);
  expect(v, JSON.stringify(plan.skipped)).toBeDefined();
  expect(() => parseDockerfile(v!.dockerfile)).not.toThrow();
  return v!.dockerfile;
}

describe('found by the fuzz test', () => {
  it('torch-cpu: the same package twice on a continuation line (two word removals sharing a blank)', () => {
    expect(variant('FROM python:3.12\nRUN pip install \\\n    torch torch .\n', 'torch-cpu'))
      .toBe('FROM python:3.12\nRUN pip install --index-url https://download.pytorch.org/whl/cpu torch torch && pip install \\\n     .\n');
  });

  it('prune-requirements: removing a continuation line that an empty line follows keeps the continuation', () => {
    expect(variant('FROM python:3.12\nRUN pip3 install \\\n    jupyter \\\n\n    flask\n', 'prune-requirements'))
      .toBe('FROM python:3.12\nRUN pip3 install \\\n\n    flask\n');
  });

  it('base-alpine: removing the command after a heredoc command keeps the heredoc marker', () => {
    expect(variant('FROM debian:bookworm\nRUN apt-get update && python3 <<EOT && rm -rf /var/lib/apt/lists/*\nprint(1)\nEOT\n', 'base-alpine'))
      .toBe('FROM alpine:3\nRUN python3 <<EOT\nprint(1)\nEOT\n');
  });

  it('apt-hygiene: a command appended after an escaped blank at the end of a continued line', () => {
    expect(variant('FROM python:3.12\nRUN apt-get update \\\n && apt-get install -y \\\n      curl \\ \\\n', 'apt-hygiene')).toContain('&& rm -rf /var/lib/apt/lists/*');
  });

  it('merge-runs: an rm path with an unclosed [ is a plain name, not a broken glob', () => {
    const project: Project = { dockerfile: parseDockerfile('FROM debian\nRUN apt-get install -y curl\nRUN rm -rf /var/[curl\n'), dockerfilePath: 'Dockerfile', files: {}, contextPaths: ['Dockerfile'] };
    expect(ruleById('merge-runs')!.applies(project)).toMatchObject({ applies: false });
  });

  it('the parser continues a line ending in an escaped blank and a line continuation, as BuildKit does', () => {
    const model = parseDockerfile('FROM debian\nRUN echo a \\  \\\n && echo b\n');
    expect(model.instructions.map((i) => [i.keyword, i.line, i.endLine])).toEqual([['FROM', 1, 1], ['RUN', 2, 3]]);
    expect(model.instructions[1]!.raw).toBe('RUN echo a \\  \\\n && echo b');
    const backtick = parseDockerfile('# escape=`\nFROM debian\nRUN echo a ` `\n && echo b\n');
    expect(backtick.instructions.map((i) => [i.keyword, i.line, i.endLine])).toEqual([['FROM', 2, 2], ['RUN', 3, 4]]);
  });
});
