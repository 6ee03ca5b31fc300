// The one reader of shell scripts (RUN lines and heredoc scripts, CMD/ENTRYPOINT/HEALTHCHECK, `sh -c` strings):
// the command tree (tree.ts) flattened into simple commands, each named (after env assignments and wrappers such
// as sudo), with its words, positions, the constructs around it and the list it belongs to; plus the small
// readers rules share (apt-get install packages, pip install, redirections).
import { lex, type ShellWord, type Token, type WordToken } from './lex.js';
import { parseScript, type AndOr, type CommandNode, type CompoundKind, type CompoundNode, type Pipeline, type ShellList, type SimpleNode } from './tree.js';

export type { ShellWord } from './lex.js';

export interface SimpleCommand {
  /** The command's basename after env assignments and wrappers (sudo, env …): "curl", "apt-get", "pip". */
  name: string;
  /** The command's words from the name on. */
  words: string[];
}

/** Reserved words: skipped before a command's name only where the script could not be read as a tree. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'case', 'esac', 'for', 'in']);
const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nohup', 'command', 'nice', 'env']);

/** The simple commands of a script, in the order the shell runs them (a substitution's before its command). */
export function simpleCommands(script: string): SimpleCommand[] {
  return readScript(script).commands.map(({ name, words }) => ({ name, words }));
}

/** Commands of an exec-form argument list: `["sh", "-c", "…"]` is read as a script, anything else as one command. */
export function execFormCommands(args: string[]): SimpleCommand[] {
  const shell = args[0]?.replace(/^.*\//, '');
  if ((shell === 'sh' || shell === 'bash') && args[1] === '-c' && args[2] !== undefined) return simpleCommands(args[2]);
  const cmd = nameCommand(args);
  return cmd ? [cmd] : [];
}

/** The packages an `apt-get install`/`apt install` command installs (versions and architectures stripped). */
export function aptInstallPackages(cmd: SimpleCommand): string[] {
  if (cmd.name !== 'apt-get' && cmd.name !== 'apt' && cmd.name !== 'aptitude') return [];
  const at = cmd.words.indexOf('install');
  if (at === -1) return [];
  return cmd.words.slice(at + 1).filter((w) => !w.startsWith('-')).map((w) => w.replace(/[=:].*$/, ''));
}

/** True for `pip install …`, `pip3 install`, `python -m pip install`, `uv pip install`. */
export function isPipInstall(cmd: SimpleCommand): boolean {
  const w = cmd.words;
  if (/^pip[\d.]*$/.test(cmd.name)) return w[1] === 'install';
  if (/^python[\d.]*$/.test(cmd.name)) return w[1] === '-m' && w[2] === 'pip' && w[3] === 'install';
  if (cmd.name === 'uv') return w[1] === 'pip' && w[2] === 'install';
  return false;
}

function nameCommand(words: string[]): SimpleCommand | null {
  let i = 0;
  for (;;) {
    const w = words[i];
    if (w === undefined) return null;
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (WRAPPERS.has(w)) {
      i++;
      while (words[i]?.startsWith('-')) i++; // wrapper options: sudo -E, env -i
    } else break;
  }
  const rest = words.slice(i);
  return { name: rest[0]!.replace(/^.*\//, ''), words: rest };
}

/** Where a command sits: the constructs around it, outermost first, and the list, and-or and pipeline it is in. */
export interface Scope {
  kind: CompoundKind | 'substitution';
  /** The construct (null for a substitution). */
  node: CompoundNode | null;
  /** Index of the clause in node.clauses (0 for a substitution). */
  clause: number;
  role: 'condition' | 'body';
}

export interface Place {
  list: ShellList;
  item: AndOr;
  pipeline: Pipeline;
  /** Role of the list: the script's own, a construct's condition or body, or a substitution's. */
  role: 'script' | 'condition' | 'body' | 'substitution';
}

/** A simple command with its words' positions: what rules need to edit a script in place. */
export interface LocatedCommand extends SimpleCommand {
  /** The positioned words from the name on (`words` are their texts). */
  at: ShellWord[];
  /** Env assignments and wrappers written before the name (`DEBIAN_FRONTEND=noninteractive`, `sudo -E`). */
  prefix: ShellWord[];
  /** Script index where the command starts (its prefix included). */
  start: number;
  /** Script index just after its last word (a comment-only word such as `` `# x` `` included). */
  end: number;
  /** The operator after it: `&&`, `||`, `;`, `|`, `&`, a line break, or '' where its list ends. */
  op: string;
  node: SimpleNode;
  /** The constructs around it, outermost first; null when the script could not be read as a tree. */
  scopes: Scope[] | null;
  place: Place | null;
}

/** A script read as a command tree, with its simple commands in the order the shell runs them. */
export interface ReadScript {
  tree: ShellList | null;
  /** Why the script could not be read as a tree (its commands are then split at operators only). */
  error: string | null;
  commands: LocatedCommand[];
  /** Script index just after its last token (a closing `fi`, `done`, `)` included); 0 when it has none. */
  end: number;
}

/** Reads s[from, to) as a command tree. */
export function readScript(s: string, from = 0, to = s.length): ReadScript {
  const parsed = parseScript(s, from, to);
  if (parsed.tree) {
    const commands: LocatedCommand[] = [];
    collectList(parsed.tree, 'script', [], commands);
    return { tree: parsed.tree, error: null, commands, end: parsed.tree.end };
  }
  const message = `${parsed.error.message} at "${s.slice(parsed.error.at, parsed.error.at + 12).replace(/\s+/g, ' ')}"`;
  return { tree: null, error: message, ...flatCommands(s, from, to) };
}

/** Like simpleCommands, with positions, places and the operator after each command. */
export function locatedCommands(script: string): LocatedCommand[] {
  return readScript(script).commands;
}

/** Script index just after the script's last token (compound keywords such as `fi` included); 0 when it has none. */
export function lastWordEnd(script: string): number {
  return readScript(script).end;
}

function collectList(list: ShellList, role: Place['role'], scopes: Scope[], out: LocatedCommand[]): void {
  for (const item of list.items) {
    item.pipelines.forEach((pipeline, p) => {
      pipeline.commands.forEach((node, k) => {
        if (node.kind !== 'simple') {
          node.clauses.forEach((c, i) => collectList(c.list, c.role, [...scopes, { kind: node.kind, node, clause: i, role: c.role }], out));
          return;
        }
        for (const sub of node.substs) collectList(sub, 'substitution', [...scopes, { kind: 'substitution', node: null, clause: 0, role: 'body' }], out);
        const op = pipeline.commands[k + 1] ? '|' : item.ops[p]?.text ?? item.sep?.text ?? '';
        const cmd = located(node, op, scopes, { list, item, pipeline, role });
        if (cmd) out.push(cmd);
      });
    });
  }
}

function located(node: SimpleNode, op: string, scopes: Scope[] | null, place: Place | null): LocatedCommand | null {
  const words: ShellWord[] = node.words.map(({ text, start, end }) => ({ text, start, end }));
  const cmd = nameCommand(words.map((w) => w.text));
  if (!cmd) return null;
  const at = words.slice(words.length - cmd.words.length);
  return { ...cmd, at, prefix: words.slice(0, words.length - at.length), start: node.start, end: node.end, op, node, scopes, place };
}

/** For a script the tree reader cannot follow: commands split at operators, reserved words skipped. */
function flatCommands(s: string, from: number, to: number): { commands: LocatedCommand[]; end: number } {
  let tokens: Token[];
  try {
    tokens = lex(s, from, to);
  } catch {
    return { commands: [], end: 0 };
  }
  const commands: LocatedCommand[] = [];
  let words: WordToken[] = [];
  const flush = (op: string) => {
    while (words[0]?.plain && RESERVED.has(words[0].text)) words.shift();
    const real = words.filter((w) => !w.comment);
    if (real.length) {
      const node: SimpleNode = { kind: 'simple', words: real, comments: words.filter((w) => w.comment), substs: [], start: words[0]!.start, end: words[words.length - 1]!.end };
      const cmd = located(node, op, null, null);
      if (cmd) commands.push(cmd);
    }
    words = [];
  };
  for (const t of tokens) {
    if (t.kind === 'word') words.push(t);
    else flush(t.text);
  }
  flush('');
  return { commands, end: tokens.length ? tokens[tokens.length - 1]!.end : 0 };
}

/** True for a redirection word (`>`, `2>&1`, `>/dev/null`, `<in`): not an argument of the command. */
export function isRedirection(word: string): boolean {
  return /^\d*(>>?|<<?|>&|<&|&>>?)/.test(word);
}

/** The arguments of a command without its redirections (`> log`, `2>/dev/null`, `2>&1`). */
export function withoutRedirections(words: ShellWord[]): ShellWord[] {
  const out: ShellWord[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!.text;
    if (!isRedirection(w)) out.push(words[i]!);
    else if (/^\d*(>>?|<<?|&>>?)$/.test(w)) i++; // the operator alone: its target is the next word
  }
  return out;
}
