// What parseDockerfile refuses, and that it says where and what to do.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { UserError } from '../../../src/errors.js';

function parseError(text: string, file?: string): UserError {
  try {
    parseDockerfile(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(UserError);
    return e as UserError;
  }
  throw new Error('expected a parse error');
}

describe('parseDockerfile errors', () => {
  const cases: [string, string, string, RegExp][] = [
    ['an empty file', '', 'Dockerfile:1', /no instructions/],
    ['only comments and blank lines', '# just a comment\n\n   \n', 'Dockerfile:1', /no instructions/],
    ['only ARGs', 'ARG A=1\nARG B\n', 'Dockerfile:1', /no FROM instruction/],
    ['RUN before FROM', 'RUN echo hi\nFROM debian\n', 'Dockerfile:1', /RUN before the first FROM/],
    ['ENV after ARG before FROM', 'ARG X=1\n# note\nENV A=1\nFROM debian\n', 'Dockerfile:3', /ENV before the first FROM/],
    ['an unknown keyword', 'FROM debian\nFOOBAR x\n', 'Dockerfile:2', /unknown instruction "FOOBAR"/],
    ['a missing line continuation', 'FROM debian\nRUN apt-get update &&\n    apt-get install -y curl\n', 'Dockerfile:3', /unknown instruction "apt-get"/],
    ['FROM without an image', 'FROM\nRUN true\n', 'Dockerfile:1', /FROM without an image/],
    ['FROM with two words', 'FROM debian bookworm\n', 'Dockerfile:1', /FROM takes an image and optionally `AS name`/],
    ['FROM with a bad AS clause', 'FROM debian AS\n', 'Dockerfile:1', /FROM takes an image/],
    ['a duplicate stage name', 'FROM debian AS build\nFROM debian AS BUILD\n', 'Dockerfile:2', /duplicate stage name "BUILD" \(also on line 1\)/],
    ['an unterminated heredoc', 'FROM debian\nRUN <<EOF\necho hi\n', 'Dockerfile:2', /heredoc <<EOF is never closed/],
    ['an unterminated heredoc with a near-miss delimiter', 'FROM debian\nRUN <<EOF\necho hi\nEOF \n', 'Dockerfile:2', /never closed/],
    ['the first problem in file order', 'FROM debian\nBOGUS\nRUN <<EOF\n', 'Dockerfile:2', /unknown instruction "BOGUS"/],
  ];
  it.each(cases)('rejects %s', (_name, text, where, message) => {
    const e = parseError(text);
    expect(e.where).toBe(where);
    expect(e.message).toMatch(message);
    expect(e.hint).toBeTruthy();
  });

  it('names the file it was given, on CRLF files too', () => {
    const e = parseError('FROM debian\r\n\r\nBOGUS x\r\n', 'docker/Dockerfile.dev');
    expect(e.where).toBe('docker/Dockerfile.dev:3');
    expect(e.describe()).toMatch(/^docker\/Dockerfile\.dev:3: unknown instruction "BOGUS"\n  hint: /);
  });

  it('accepts ARGs, comments and directives before FROM', () => {
    const model = parseDockerfile('# syntax=docker/dockerfile:1\n# comment\nARG A=1\n\nFROM debian\n');
    expect(model.instructions.map((i) => [i.keyword, i.stage])).toEqual([['ARG', -1], ['FROM', 0]]);
  });

  it('does not take a heredoc in an exec-form RUN, nor a here-string, for a heredoc', () => {
    const model = parseDockerfile('FROM debian\nRUN ["sh", "-c", "cat <<EOF"]\nRUN cat <<<word\nCOPY ["a<<b", "/c"]\nRUN true\n');
    expect(model.instructions.map((i) => [i.keyword, i.line, i.endLine, i.heredocs.length])).toEqual([
      ['FROM', 1, 1, 0], ['RUN', 2, 2, 0], ['RUN', 3, 3, 0], ['COPY', 4, 4, 0], ['RUN', 5, 5, 0],
    ]);
    expect(model.instructions[1]!.args).toEqual(['sh', '-c', 'cat <<EOF']);
  });
});
