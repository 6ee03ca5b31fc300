// The command tree of shell scripts: constructs, clauses, the place of each command, and what the reader refuses.
import { describe, expect, it } from 'vitest';
import { readScript, type LocatedCommand } from '../../../src/analysis/shell/shell.js';
import { parseScript, type CommandNode, type ShellList } from '../../../src/analysis/shell/tree.js';

/** A compact rendering of a tree: simple commands by name, constructs with their clauses. */
function shape(list: ShellList): string {
  return list.items.map((item) => {
    const chain = item.pipelines.map((p) => `${p.bang ? '! ' : ''}${p.commands.map(node).join(' | ')}`);
    const joined = chain.map((c, k) => (k === 0 ? c : `${item.ops[k - 1]!.text} ${c}`)).join(' ');
    return item.sep ? `${joined}${item.sep.text === '\n' ? ' ⏎' : ` ${item.sep.text}`}` : joined;
  }).join(' ');
}

function node(n: CommandNode): string {
  if (n.kind === 'simple') return n.words[0]?.text ?? '';
  return `${n.kind}[${n.header.join(' ')}]{${n.clauses.map((c) => `${c.opener}: ${shape(c.list)}`).join(' / ')}}`;
}

const scopes = (c: LocatedCommand) => c.scopes!.map((s) => `${s.kind}#${s.clause}`).join('>');

describe('parseScript', () => {
  it.each([
    ['a && b || c; d &', 'a && b || c ; d &'],
    ['if [ -n "$X" ]; then a && b; elif c; then d; else e; fi && f', 'if[]{if: [ ; / then: a && b ; / elif: c ; / then: d ; / else: e ;} && f'],
    ['case "$ARCH" in\n  amd64|x86_64) a ;;\n  *) b; c ;;\nesac', 'case[$ARCH]{amd64|x86_64): a / *): b ; c}'],
    ['for p in a "b c"; do pip install $p; done', 'for[p a b c]{do: pip ;}'],
    ['while read l; do echo $l; done < list.txt', 'while[]{while: read ; / do: echo ;}'],
    ['(cd /x && make) && { a; b; } | tee log', 'subshell[]{(: cd && make} && group[]{{: a ; b ;} | tee'],
    ['! grep -q x f || echo missing', '! grep || echo'],
    ['a \\\n  && b\nc', 'a && b ⏎ c'],
  ])('%j', (script, expected) => {
    const parsed = parseScript(script);
    expect(parsed.error).toBeNull();
    expect(shape(parsed.tree!)).toBe(expected);
  });

  it.each([
    ['if a; then b', /expected "fi"/],
    ['f() { a; }', /function definitions/],
    ['echo "unclosed', /unclosed double quote/],
    ['a && && b', /unexpected "&&"/],
    ['then a', /unexpected "then"/],
  ])('refuses %j', (script, message) => {
    const parsed = parseScript(script);
    expect(parsed.tree).toBeNull();
    expect(parsed.error!.message).toMatch(message);
  });
});

describe('readScript', () => {
  it('places each command in the constructs around it', () => {
    const s = readScript('if [ "$A" = 1 ]; then apt-get update; else (cd /x && pip install y); fi; echo $(uname -m)');
    expect(s.commands.map((c) => [c.name, scopes(c)])).toEqual([
      ['[', 'if#0'], ['apt-get', 'if#1'], ['cd', 'if#2>subshell#0'], ['pip', 'if#2>subshell#0'], ['uname', 'substitution#0'], ['echo', ''],
    ]);
    expect(s.commands.map((c) => c.place!.role)).toEqual(['condition', 'body', 'body', 'body', 'substitution', 'script']);
  });
  it('reads a backtick comment inside a word list as no word, and keeps it in the command', () => {
    const script = 'apt-get install -y a `# the a tool` b \\\n  `# last` && echo ok';
    const [apt, echo] = readScript(script).commands;
    expect(apt!.words).toEqual(['apt-get', 'install', '-y', 'a', 'b']);
    expect(script.slice(apt!.start, apt!.end)).toBe('apt-get install -y a `# the a tool` b \\\n  `# last`');
    expect(echo!.name).toBe('echo');
  });
  it('keeps a trailing comment out of the command and the end', () => {
    const script = 'protoc --version  # Verify installed version';
    expect(readScript(script).end).toBe('protoc --version'.length);
  });
  it('skips the bodies of heredocs the script opens', () => {
    const s = readScript('cat > /etc/x.conf <<EOF\nif this were a command\nEOF\napt-get update');
    expect(s.error).toBeNull();
    expect(s.commands.map((c) => c.name)).toEqual(['cat', 'apt-get']);
  });
  it('ends at the construct that closes the script', () => {
    const script = '(cd /x && make) # built';
    expect(script.slice(0, readScript(script).end)).toBe('(cd /x && make)');
  });
  it('still lists the commands of a script it cannot read as a tree, without places', () => {
    const s = readScript('f() { apt-get update; }; f');
    expect(s.error).toMatch(/function definitions/);
    expect(s.commands.map((c) => c.name)).toContain('apt-get');
    expect(s.commands.every((c) => c.place === null)).toBe(true);
  });
  it('reads ${…} with blanks and redirections with & as parts of words', () => {
    const s = readScript('echo ${X:-a b} &>/dev/null 2>&1 && true');
    expect(s.commands.map((c) => c.words)).toEqual([['echo', '${X:-a b}', '&>/dev/null', '2>&1'], ['true']]);
  });
});
