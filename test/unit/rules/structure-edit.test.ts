// Adding and removing whole commands of a RUN keeps its shell structure: no edit crosses a clause boundary, an
// emptied branch gets `true`, and what cannot be done so is refused with the reason.
import { describe, expect, it } from 'vitest';
import { applyEdits, parseDockerfile } from '../../../src/dockerfile/index.js';
import { runScript } from '../../../src/analysis/shell/run-script.js';
import { appendCommand, insertBefore, removeCommands, runWithOnly, type Edited } from '../../../src/analysis/shell/structure-edit.js';

const load = (run: string) => {
  const model = parseDockerfile(`FROM x\n${run}\n`);
  return { model, script: runScript(model, model.instructions[1]!)! };
};
const result = (text: string, e: Edited) => (e.ok ? applyEdits(text, e.edits).replace(/^FROM x\n/, '').replace(/\n$/, '') : `refused: ${e.why}`);

describe('removeCommands', () => {
  const removed = (run: string, drop: (name: string, words: string[]) => boolean) => {
    const { model, script } = load(run);
    return result(model.text, removeCommands(model, script, script.commands.filter((c) => drop(c.name, c.words))));
  };
  const update = (n: string, w: string[]) => n === 'apt-get' && w[1] === 'update';
  it.each([
    ['RUN if [ -n "$DEV" ]; then pip install pytest; else pip install -r r.txt; fi', (n: string, w: string[]) => n === 'pip' && w[2] === 'pytest',
      'RUN if [ -n "$DEV" ]; then true; else pip install -r r.txt; fi'],
    ['RUN if x; then apt-get update && apt-get install -y a; else apt-get update; apt-get install -y b; fi', update,
      'RUN if x; then apt-get install -y a; else apt-get install -y b; fi'],
    ['RUN case "$A" in\\\n  amd64) apt-get update ;;\\\n  *) echo none ;;\\\nesac', update, 'RUN case "$A" in\\\n  amd64) true ;;\\\n  *) echo none ;;\\\nesac'],
    ['RUN (apt-get update && apt-get install -y git) && echo done', update, 'RUN (apt-get install -y git) && echo done'],
    ['RUN for p in a b; do apt-get update; pip install $p; done', update, 'RUN for p in a b; do pip install $p; done'],
    ['RUN echo a && apt-get update # the lists', update, 'RUN echo a # the lists'],
    ['RUN pip install pytest || true', (n: string) => n === 'pip', ''],
    ['RUN useradd app && echo app:pw | chpasswd && pip install x', (n: string) => n !== 'useradd', 'RUN useradd app'],
    ['RUN useradd app && (which python && python --version) | tee -a /V', (n: string) => n !== 'useradd', 'RUN useradd app'],
    ['RUN apt-get update && python3 <<EOT && rm -rf /var/lib/apt/lists/*\nprint(1)\nEOT', (n: string, w: string[]) => update(n, w) || n === 'rm',
      'RUN python3 <<EOT\nprint(1)\nEOT'],
    ['RUN <<EOF\nif true; then\n  apt-get update\nfi\necho ok\nEOF', update, 'RUN <<EOF\nif true; then\n  true\nfi\necho ok\nEOF'],
  ])('%j', (run, drop, expected) => {
    expect(removed(run, drop)).toBe(expected);
  });

  it.each([
    ['RUN echo start | apt-get update', /pipes `apt-get update` into a command it keeps/],
    ['RUN apt-get update || echo failed', /joins a command it would remove to others with \|\|/],
    ['RUN if apt-get update; then echo ok; fi', /would leave the if condition of an if with no command/],
    ['RUN echo a; apt-get update &', /would leave `&` behind a kept command/],
    ['RUN X=$(apt-get update) && echo $X', /inside a command substitution/],
    ['RUN f() { apt-get update; } && f && echo', /is not a shell script dflab can read \(function definitions/],
  ])('refuses %j', (run, why) => {
    expect(removed(run, update)).toMatch(why);
  });
});

describe('runWithOnly', () => {
  it('keeps the selected commands with their structure', () => {
    const { model, script } = load('RUN useradd app && pip install x');
    expect(runWithOnly(model, script, (c) => c.name === 'useradd')).toEqual({ text: 'RUN useradd app' });
  });
  // Found by the fuzz test: keeping only `true` made removeCommands delete the whole RUN with its line end, an edit
  // outside the instruction's own text, and the rule threw.
  it('refuses, rather than throws, when nothing but `true` would be left', () => {
    const { model, script } = load('RUN pip instalstal pip install pytest || true');
    expect(runWithOnly(model, script, (c) => c.name === 'true')).toEqual({ why: 'the RUN on line 2 would keep nothing but `true`' });
  });
});

describe('insertBefore', () => {
  const inserted = (run: string, name: string, scope: 'command' | 'script' = 'command') => {
    const { model, script } = load(run);
    return result(model.text, insertBefore(script, script.commands.find((c) => c.name === name)!, 'NEW', scope));
  };
  it.each([
    ['RUN if x; then apt-get install -y a; fi', 'apt-get', 'command', 'RUN if x; then NEW && apt-get install -y a; fi'],
    ['RUN echo a && pip install b', 'pip', 'command', 'RUN echo a && NEW && pip install b'],
    ['RUN echo a; if x; then pip install b; else pip install c; fi', 'pip', 'script', 'RUN echo a; NEW && if x; then pip install b; else pip install c; fi'],
    ['RUN echo start | apt-get install -y git', 'apt-get', 'command', /refused: .* runs `apt-get` in a pipeline/],
    ['RUN apt-get install -y git || apt-get install -y curl', 'apt-get', 'command', 'RUN NEW && apt-get install -y git || apt-get install -y curl'],
    ['RUN true || apt-get install -y git', 'apt-get', 'command', /only when the command before it fails/],
    ['RUN ! apt-get install -y git', 'apt-get', 'command', /in a pipeline/],
    ['RUN while apt-get install -y git; do sleep 1; done', 'apt-get', 'command', /as a condition/],
  ])('%j before %s (%s)', (run, name, scope, expected) => {
    const out = inserted(run, name, scope as 'command' | 'script');
    if (typeof expected === 'string') expect(out).toBe(expected);
    else expect(out).toMatch(expected);
  });
});

describe('appendCommand', () => {
  const appended = (run: string) => {
    const { model, script } = load(run);
    return result(model.text, appendCommand(model, script, 'rm -rf /x'));
  };
  it.each([
    ['RUN a && b # c', 'RUN a && b && rm -rf /x # c'],
    ['RUN a \\\n && b', 'RUN a \\\n && b \\\n && rm -rf /x'],
    ['RUN a && \\\n    b', 'RUN a && \\\n    b && \\\n    rm -rf /x'],
    ['RUN <<EOT\na\nEOT', 'RUN <<EOT\na\nrm -rf /x\nEOT'],
    ['RUN (cd /src && make) # built', 'RUN (cd /src && make) && rm -rf /x # built'],
    ['RUN if x; then apt-get install -y a; fi', 'RUN if x; then apt-get install -y a; fi && rm -rf /x'],
    ['RUN apt-get install -y a \\\n    b `# the b tool`', 'RUN apt-get install -y a \\\n    b `# the b tool` && rm -rf /x'],
    ['RUN a; b &', /refused: .*in the background/],
  ])('%j', (run, expected) => {
    if (typeof expected === 'string') expect(appended(run)).toBe(expected);
    else expect(appended(run)).toMatch(expected);
  });
});
