import { describe, expect, it } from 'vitest';
import { buildChecks, parseDockerfile } from '../../../src/dockerfile/index.js';

const checks = (text: string) => buildChecks(parseDockerfile(text)).map((w) => `${w.line} ${w.code}`);

describe('buildChecks (BuildKit build-check wording)', () => {
  it('reports an empty continuation line at its own line', () => {
    const w = buildChecks(parseDockerfile('FROM debian\nRUN apt-get update && \\\n\n    apt-get install -y curl\nCMD ["bash"]\n'));
    expect(w).toEqual([{ code: 'NoEmptyContinuation', line: 3, message: expect.stringMatching(/^Empty continuation line \(the RUN on line 2 continues past it/) }]);
  });
  it('does not count blank lines of a heredoc body, or comment lines inside a continuation', () => {
    expect(checks('FROM debian\nRUN <<EOF\nset -e\n\necho hi\nEOF\nRUN echo a \\\n# a comment\n    && echo b\n')).toEqual([]);
  });
  it('reports a JSON-form CMD/ENTRYPOINT with a missing bracket as JSONArgsRecommended, a RUN as InvalidJSONForm', () => {
    expect(checks('FROM python\nRUN ["pip", "install", "x"\nENTRYPOINT ["python", "app.py"\nCMD ["--port", "80"]\n')).toEqual(['2 InvalidJSONForm', '3 JSONArgsRecommended']);
    const [w] = buildChecks(parseDockerfile('FROM python\nCMD ["python", "app.py"\n'));
    expect(w!.message).toContain(`/bin/sh -c '["python", "app.py"'`);
  });
  it('leaves valid Dockerfiles alone', () => {
    expect(checks('FROM python\nRUN pip install x \\\n    y\nCMD ["python", "app.py"]\n')).toEqual([]);
  });
});
