// The command tree of a shell script: lists (`&&`, `||`, `;`, `&`, line breaks), pipelines, subshells and
// groups, if/elif/else, case, for/while/until loops, and the commands inside command substitutions. A
// recursive-descent reader of the POSIX grammar on lex.ts's tokens; every node keeps its script range, so rules
// can edit a command where it is written without crossing a branch. Function definitions, `for ((…))` and
// `[[ ]]` with operators the lexer splits are not read: the script then has an error and rules leave it alone.
import { lex, ShellSyntaxError, type OpToken, type Token, type WordToken } from './lex.js';

export interface ShellList {
  items: AndOr[];
  start: number;
  end: number;
}

/** Pipelines joined by `&&`/`||`, ended by its separator (`;`, `&`, a line break) or nothing. */
export interface AndOr {
  pipelines: Pipeline[];
  /** ops[k] joins pipelines[k] and pipelines[k + 1]. */
  ops: OpToken[];
  sep: OpToken | null;
  start: number;
  end: number;
}

export interface Pipeline {
  bang: boolean;
  commands: CommandNode[];
  start: number;
  end: number;
}

export type CommandNode = SimpleNode | CompoundNode;

export interface SimpleNode {
  kind: 'simple';
  /** Its words, assignments and redirections included, comment-only words (`` `# x` ``) not. */
  words: WordToken[];
  /** Its comment-only words: they belong to the word before them (removed with it). */
  comments: WordToken[];
  /** The commands of its substitutions, in order. */
  substs: ShellList[];
  start: number;
  /** After its last token, comment-only words included. */
  end: number;
}

export type CompoundKind = 'if' | 'case' | 'for' | 'while' | 'until' | 'subshell' | 'group';

export interface Clause {
  /** A condition (`if`/`elif`/`while`/`until` lists) or a branch body (then, else, do, a case item, a group). */
  role: 'condition' | 'body';
  /** The keyword or pattern that opens it: `then`, `else`, `do`, `a|b)` … */
  opener: string;
  list: ShellList;
}

export interface CompoundNode {
  kind: CompoundKind;
  /** What it reads besides its clauses: the case subject, the for variable and words. */
  header: string[];
  clauses: Clause[];
  /** Redirections written after it (`done < file`). */
  redirects: WordToken[];
  start: number;
  end: number;
}

export type ParsedScript = { tree: ShellList; error: null } | { tree: null; error: ShellSyntaxError };

/** The command tree of s[from, to); an error (with its position) where the script is not one the reader follows. */
export function parseScript(s: string, from = 0, to = s.length): ParsedScript {
  try {
    return { tree: new Parser(s, lex(s, from, to), from, to).script(), error: null };
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { tree: null, error: e };
    throw e;
  }
}

const CLOSERS = new Set(['then', 'elif', 'else', 'fi', 'do', 'done', 'esac', '}']);

class Parser {
  private pos = 0;

  constructor(private readonly s: string, private readonly tokens: Token[], private readonly from: number, private readonly to: number) {}

  script(): ShellList {
    const list = this.list();
    const t = this.peek();
    if (t) throw new ShellSyntaxError(`unexpected ${t.text === '\n' ? 'line break' : `"${t.text}"`}`, t.start);
    return list;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }

  private isWord(t: Token | undefined, ...texts: string[]): boolean {
    return t?.kind === 'word' && t.plain && texts.includes(t.text);
  }

  private isOp(t: Token | undefined, ...texts: string[]): boolean {
    return t?.kind === 'op' && texts.includes(t.text);
  }

  private expect(text: string): Token {
    const t = this.peek();
    if (!t || !(this.isWord(t, text) || this.isOp(t, text))) throw new ShellSyntaxError(`expected "${text}"`, t?.start ?? this.to);
    this.pos++;
    return t;
  }

  private newlines(): void {
    while (this.isOp(this.peek(), '\n')) this.pos++;
  }

  private list(): ShellList {
    const items: AndOr[] = [];
    this.newlines();
    const start = this.peek()?.start ?? this.to;
    for (;;) {
      const t = this.peek();
      if (!t || this.isWord(t, ...CLOSERS) || this.isOp(t, ')', ';;')) break;
      const item = this.andOr();
      items.push(item);
      const sep = this.peek();
      if (!this.isOp(sep, ';', '&', '\n')) break;
      this.pos++;
      item.sep = sep as OpToken;
      this.newlines();
    }
    const last = items[items.length - 1];
    return { items, start: items[0]?.start ?? start, end: last ? last.end : start };
  }

  private andOr(): AndOr {
    const pipelines = [this.pipeline()];
    const ops: OpToken[] = [];
    for (let t = this.peek(); this.isOp(t, '&&', '||'); t = this.peek()) {
      this.pos++;
      ops.push(t as OpToken);
      this.newlines();
      pipelines.push(this.pipeline());
    }
    return { pipelines, ops, sep: null, start: pipelines[0]!.start, end: pipelines[pipelines.length - 1]!.end };
  }

  private pipeline(): Pipeline {
    const first = this.peek();
    const bang = this.isWord(first, '!');
    if (bang) this.pos++;
    const commands = [this.command()];
    while (this.isOp(this.peek(), '|')) {
      this.pos++;
      this.newlines();
      commands.push(this.command());
    }
    return { bang, commands, start: first!.start, end: commands[commands.length - 1]!.end };
  }

  private command(): CommandNode {
    const t = this.peek();
    if (!t) throw new ShellSyntaxError('a command is missing', this.to);
    if (this.isOp(t, '(')) return this.redirected(this.block('subshell', ')'));
    if (t.kind === 'op') throw new ShellSyntaxError(`unexpected "${t.text === '\n' ? 'line break' : t.text}"`, t.start);
    if (this.isWord(t, '{')) return this.redirected(this.block('group', '}'));
    if (this.isWord(t, 'if')) return this.redirected(this.ifClause());
    if (this.isWord(t, 'while', 'until')) return this.redirected(this.loop(t.text as 'while' | 'until', [], this.condition(t.text), t.start));
    if (this.isWord(t, 'for')) return this.redirected(this.forClause());
    if (this.isWord(t, 'case')) return this.redirected(this.caseClause());
    if (this.isWord(t, ...CLOSERS)) throw new ShellSyntaxError(`unexpected "${t.text}"`, t.start);
    return this.simple();
  }

  private simple(): SimpleNode {
    const words: WordToken[] = [];
    const comments: WordToken[] = [];
    const start = this.peek()!.start;
    let end = start;
    for (let t = this.peek(); t?.kind === 'word'; t = this.peek()) {
      this.pos++;
      end = t.end;
      (t.comment ? comments : words).push(t);
    }
    if (this.isOp(this.peek(), '(')) throw new ShellSyntaxError('function definitions are not read', this.peek()!.start);
    const substs = words.flatMap((w) => w.substs.map((r) => {
      const inner = parseScript(this.s, r.start, r.end);
      if (inner.error) throw inner.error;
      return inner.tree;
    }));
    return { kind: 'simple', words, comments, substs, start, end };
  }

  private block(kind: 'subshell' | 'group', close: string): CompoundNode {
    const open = this.peek()!;
    this.pos++;
    const list = this.list();
    const end = this.expect(close).end;
    return { kind, header: [], clauses: [{ role: 'body', opener: open.text, list }], redirects: [], start: open.start, end };
  }

  private condition(keyword: string): Clause {
    this.pos++;
    return { role: 'condition', opener: keyword, list: this.list() };
  }

  private ifClause(): CompoundNode {
    const start = this.peek()!.start;
    const clauses: Clause[] = [this.condition('if')];
    for (;;) {
      this.expect('then');
      clauses.push({ role: 'body', opener: 'then', list: this.list() });
      if (this.isWord(this.peek(), 'elif')) clauses.push(this.condition('elif'));
      else break;
    }
    if (this.isWord(this.peek(), 'else')) {
      this.pos++;
      clauses.push({ role: 'body', opener: 'else', list: this.list() });
    }
    const end = this.expect('fi').end;
    return { kind: 'if', header: [], clauses, redirects: [], start, end };
  }

  private loop(kind: 'for' | 'while' | 'until', header: string[], cond: Clause | null, start: number): CompoundNode {
    this.newlines();
    this.expect('do');
    const body: Clause = { role: 'body', opener: 'do', list: this.list() };
    const end = this.expect('done').end;
    return { kind, header, clauses: cond ? [cond, body] : [body], redirects: [], start, end };
  }

  private forClause(): CompoundNode {
    const start = this.peek()!.start;
    this.pos++;
    const name = this.peek();
    if (name?.kind !== 'word') throw new ShellSyntaxError('for without a variable', name?.start ?? this.to);
    this.pos++;
    const header = [name.text];
    this.newlines();
    if (this.isWord(this.peek(), 'in')) {
      this.pos++;
      for (let t = this.peek(); t?.kind === 'word'; t = this.peek()) {
        this.pos++;
        header.push(t.text);
      }
    }
    if (this.isOp(this.peek(), ';', '\n')) this.pos++;
    return this.loop('for', header, null, start);
  }

  private caseClause(): CompoundNode {
    const start = this.peek()!.start;
    this.pos++;
    const subject = this.peek();
    if (subject?.kind !== 'word') throw new ShellSyntaxError('case without a subject', subject?.start ?? this.to);
    this.pos++;
    this.newlines();
    this.expect('in');
    this.newlines();
    const clauses: Clause[] = [];
    while (!this.isWord(this.peek(), 'esac')) {
      if (this.isOp(this.peek(), '(')) this.pos++;
      const patterns: string[] = [];
      for (;;) {
        const t = this.peek();
        if (t?.kind !== 'word') throw new ShellSyntaxError('case pattern expected', t?.start ?? this.to);
        this.pos++;
        patterns.push(t.text);
        if (!this.isOp(this.peek(), '|')) break;
        this.pos++;
      }
      this.expect(')');
      clauses.push({ role: 'body', opener: `${patterns.join('|')})`, list: this.list() });
      if (this.isOp(this.peek(), ';;')) this.pos++;
      this.newlines();
    }
    const end = this.expect('esac').end;
    return { kind: 'case', header: [subject.text], clauses, redirects: [], start, end };
  }

  /** Redirections after a compound command (`done < list`, `) 2>&1`). */
  private redirected(node: CompoundNode): CompoundNode {
    for (let t = this.peek(); t?.kind === 'word' && /^\d*(>>?|<<?|>&|<&|&>>?)/.test(t.text); t = this.peek()) {
      this.pos++;
      node.redirects.push(t);
      node.end = t.end;
      const target = this.peek();
      if (/^\d*(>>?|<<?|&>>?)$/.test(t.text) && target?.kind === 'word') {
        this.pos++;
        node.redirects.push(target);
        node.end = target.end;
      }
    }
    return node;
  }
}
