// The effective build the planner dedupes on: what BuildKit reads, and nothing else.
import { describe, expect, it } from 'vitest';
import { collapseBlanks, effectiveDockerfile } from '../../../src/plan/effective.js';

const same = (a: string, b: string) => effectiveDockerfile(a) === effectiveDockerfile(b);

describe('effectiveDockerfile', () => {
  it('drops comment and empty lines, joins continuations, collapses blanks outside quotes', () => {
    expect(same('FROM debian\nRUN a && b\n', '# c\nFROM debian\n\nRUN   a \\\n  # inner\n  && b\n')).toBe(true);
    expect(same('FROM debian\nRUN echo "a  b"\n', 'FROM debian\nRUN echo "a b"\n')).toBe(false);
    expect(same("FROM debian\nRUN echo 'a  b'\n", "FROM debian\nRUN echo 'a b'\n")).toBe(false);
    expect(same('from debian\nrun true\n', 'FROM debian\nRUN true\n')).toBe(true);
  });

  it('keeps heredoc bodies, flags, exec-form arguments and parser directives as they are', () => {
    expect(same('FROM debian\nRUN <<EOF\necho  a\nEOF\n', 'FROM debian\nRUN <<EOF\necho a\nEOF\n')).toBe(false);
    expect(same('FROM debian\nRUN --mount=type=cache,target=/a true\n', 'FROM debian\nRUN true\n')).toBe(false);
    expect(same('FROM debian\nCMD ["a", "b c"]\n', 'FROM debian\nCMD ["a",   "b c"]\n')).toBe(true);
    expect(same('FROM debian\nCMD ["a", "b c"]\n', 'FROM debian\nCMD ["a", "b  c"]\n')).toBe(false);
    expect(same('# syntax=docker/dockerfile:1\nFROM debian\n', 'FROM debian\n')).toBe(false);
  });

  it('compares unparsable text as it is', () => {
    expect(effectiveDockerfile('RUN x\n')).toBe('unparsed:RUN x\n');
  });
});

describe('collapseBlanks', () => {
  it('keeps an escaped blank apart from the blanks around it', () => {
    expect(collapseBlanks('a\\  b')).toBe('a\\  b');
    expect(collapseBlanks('a\\ b')).toBe('a\\ b');
    expect(collapseBlanks('  a \t b  ')).toBe('a b');
  });
});
