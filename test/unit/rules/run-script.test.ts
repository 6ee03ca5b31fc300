// The scripts of a RUN, mapped back onto the Dockerfile's text: what lets rules edit a command in place.
import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../src/dockerfile/index.js';
import { instructionCommands, mounts, offsetAfter, offsetAt, runScript } from '../../../src/analysis/shell/run-script.js';

const run = (text: string, line = 2) => {
  const model = parseDockerfile(text);
  const instr = model.instructions.find((i) => i.line === line)!;
  return { model, script: runScript(model, instr)! };
};

describe('runScript', () => {
  it('joins continuations, drops comment lines inside them, and maps words back to the file', () => {
    const { model, script } = run('FROM x\nRUN --network=host set -e; \\\n# note\n    pip install \\\n      flask\n');
    expect(script.parts.map((p) => p.text)).toEqual(['set -e;     pip install       flask']);
    const pip = script.commands[1]!;
    expect(model.text.slice(offsetAt(pip.part, pip.start), offsetAfter(pip.part, pip.end))).toBe('pip install \\\n      flask');
  });
  it('honours the escape directive', () => {
    const { script } = run('# escape=`\nFROM x\nRUN echo a `\n  && echo b\n', 3);
    expect(script.commands.map((c) => c.words)).toEqual([['echo', 'a'], ['echo', 'b']]);
  });
  it('reads heredoc scripts, not heredocs fed to other programs', () => {
    const script = run('FROM x\nRUN <<EOT\napt-get update\nEOT\n').script;
    expect(script.parts.map((p) => p.kind)).toEqual(['line', 'heredoc']);
    expect(script.commands.map((c) => c.name)).toEqual(['apt-get']);
    expect(run('FROM x\nRUN python3 <<EOT\nimport os\nEOT\n').script.commands.map((c) => c.name)).toEqual(['python3']);
  });
  it('reads several heredoc scripts, <<- bodies and quoted delimiters, each as a tree', () => {
    const { script } = run('FROM x\nRUN <<-"ONE" bash <<TWO\n\tif true; then apt-get update; fi\n\tONE\nfor p in a b; do echo $p; done\nTWO\n');
    expect(script.parts.map((p) => [p.kind, p.error])).toEqual([['line', null], ['heredoc', null], ['heredoc', null]]);
    expect(script.commands.map((c) => [c.name, c.scopes!.map((s) => s.kind).join('>')])).toEqual([['bash', ''], ['true', 'if'], ['apt-get', 'if'], ['echo', 'for']]);
  });
  it('says where it cannot read a script as a tree', () => {
    expect(run('FROM x\nRUN f() { apt-get update; } && f\n').script.error).toMatch(/^line 2: function definitions/);
  });
  it('is null for exec form', () => {
    const model = parseDockerfile('FROM x\nRUN ["echo", "a"]\n');
    expect(runScript(model, model.instructions[1]!)).toBeNull();
  });
});

describe('mounts', () => {
  it('reads --mount flags with BuildKit defaults and aliases', () => {
    const model = parseDockerfile('FROM x\nRUN --mount=type=cache,dst=/root/.cache/pip --mount=source=a,target=/a true\n');
    expect(mounts(model.instructions[1]!).map((m) => Object.fromEntries(m))).toEqual([
      { type: 'cache', target: '/root/.cache/pip' }, { type: 'bind', source: 'a', target: '/a' },
    ]);
  });
});

describe('instructionCommands', () => {
  it.each([
    ['RUN ["/bin/sh", "-c", "apt-get update && pip install x"]', ['apt-get', 'pip']],
    ['RUN ["pip", "install", "x"]', ['pip']],
    ['RUN if [ -f a ]; then pip install -r a; fi', ['[', 'pip']],
    ['CMD gunicorn app:app', ['gunicorn']],
    ['ENTRYPOINT ["tini", "--"]', ['tini']],
    ['HEALTHCHECK --interval=5s CMD ["curl", "-f", "http://localhost/"]', ['curl']],
    ['HEALTHCHECK CMD wget -q localhost || exit 1', ['wget', 'exit']],
    ['ENV A=1', []],
  ])('%s', (line, names) => {
    const model = parseDockerfile(`FROM x\n${line}\n`);
    expect(instructionCommands(model, model.instructions[1]!).map((c) => c.name)).toEqual(names);
  });
});
