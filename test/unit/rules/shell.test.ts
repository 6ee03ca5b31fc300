import { describe, expect, it } from 'vitest';
import {
  aptInstallPackages, execFormCommands, isPipInstall, isRedirection, lastWordEnd, locatedCommands, simpleCommands, withoutRedirections,
} from '../../../src/analysis/shell/shell.js';

const names = (script: string) => simpleCommands(script).map((c) => c.name);

describe('simpleCommands', () => {
  it.each([
    ['apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*', ['apt-get', 'apt-get', 'rm']],
    ['set -eux; curl -fsSL x | tar -xz; DEBIAN_FRONTEND=noninteractive sudo -E apt-get install git', ['set', 'curl', 'tar', 'apt-get']],
    ['echo "curl && git" \'wget; x\' # curl in a comment', ['echo']],
    ['if command -v curl; then /usr/bin/wget x; fi', ['curl', 'wget']],
    ['x=$(git rev-parse HEAD) && echo `date`', ['git', 'date', 'echo']], // a substitution runs before its command
    ['echo a \\\n  && make\n# comment\nenv A=1 gcc -o x x.c', ['echo', 'make', 'gcc']],
    ['', []],
  ])('%s', (script, expected) => {
    expect(names(script)).toEqual(expected);
  });

  it('keeps words with quotes removed', () => {
    expect(simpleCommands('pip install "requests==2.*" \'flask\'')[0]!.words).toEqual(['pip', 'install', 'requests==2.*', 'flask']);
  });
});

describe('execFormCommands', () => {
  it('reads sh -c scripts and plain argv', () => {
    expect(execFormCommands(['/bin/sh', '-c', 'curl x && git y']).map((c) => c.name)).toEqual(['curl', 'git']);
    expect(execFormCommands(['/usr/bin/curl', '-f', 'http://x']).map((c) => c.name)).toEqual(['curl']);
    expect(execFormCommands([])).toEqual([]);
  });
});

describe('apt and pip', () => {
  it('lists apt-get install packages without options, versions or architectures', () => {
    const [cmd] = simpleCommands('apt-get install -y --no-install-recommends curl=7.88.1-10 libc6:amd64 git');
    expect(aptInstallPackages(cmd!)).toEqual(['curl', 'libc6', 'git']);
    expect(aptInstallPackages(simpleCommands('apt-get update')[0]!)).toEqual([]);
  });
  it.each([
    ['pip install x', true],
    ['pip3.12 install -r r.txt', true],
    ['python3 -m pip install x', true],
    ['uv pip install x', true],
    ['pip wheel x', false],
    ['python -m venv /v', false],
  ])('%s → pip install: %s', (script, expected) => {
    expect(isPipInstall(simpleCommands(script)[0]!)).toBe(expected);
  });
});

describe('locatedCommands', () => {
  it('gives each command its words, positions, prefix and the operator after it', () => {
    const script = 'DEBIAN_FRONTEND=noninteractive apt-get install -y "curl" && rm -rf /x; echo done 2>&1 | tee log';
    const cmds = locatedCommands(script);
    expect(cmds.map((c) => [c.name, c.op])).toEqual([['apt-get', '&&'], ['rm', ';'], ['echo', '|'], ['tee', '']]);
    const [apt] = cmds;
    expect(apt!.prefix.map((w) => w.text)).toEqual(['DEBIAN_FRONTEND=noninteractive']);
    expect(script.slice(apt!.start, apt!.end)).toBe('DEBIAN_FRONTEND=noninteractive apt-get install -y "curl"');
    expect(apt!.at.map((w) => script.slice(w.start, w.end))).toEqual(['apt-get', 'install', '-y', '"curl"']);
    expect(cmds[2]!.words).toEqual(['echo', 'done', '2>&1']);
  });
  it('skips compound keywords but keeps them in lastWordEnd', () => {
    const script = 'if true; then pip install x; fi # trailing';
    expect(locatedCommands(script).map((c) => c.name)).toEqual(['true', 'pip']);
    expect(script.slice(0, lastWordEnd(script))).toBe('if true; then pip install x; fi');
  });
  it('reads line continuations inside and between words', () => {
    const script = 'pip install \\\n  --upgrade \\\r\n  pip';
    expect(locatedCommands(script)[0]!.words).toEqual(['pip', 'install', '--upgrade', 'pip']);
  });
});

describe('redirections', () => {
  it.each([['>', true], ['2>&1', true], ['>/dev/null', true], ['<in', true], ['-o', false], ['a>b', false]])('%s → %s', (w, expected) => {
    expect(isRedirection(w)).toBe(expected);
  });
  it('drops redirections and their targets from arguments', () => {
    const [cmd] = locatedCommands('apt-get install x > /dev/null 2>&1 y');
    expect(withoutRedirections(cmd!.at).map((w) => w.text)).toEqual(['apt-get', 'install', 'x', 'y']);
  });
});
