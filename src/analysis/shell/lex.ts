// Tokens of a shell script (POSIX sh with the bash bits Dockerfiles use): words with quotes removed and their
// positions, and the operators that build lists. Line continuations join, comments go, `$( )` and backtick
// substitutions stay inside their word (their ranges are kept so the parser can read the commands in them),
// and the bodies of heredocs the script itself opens (`cat <<EOF > f`) are skipped.

/** A word of a script: its text with quotes removed, and where it is written (script indices, end-exclusive). */
export interface ShellWord {
  text: string;
  start: number;
  end: number;
}

export interface WordToken extends ShellWord {
  kind: 'word';
  /** Written without quotes, escapes or expansions: only such a word can be a reserved word (if, then, fi …). */
  plain: boolean;
  /** Inner ranges of the command substitutions in the word (`$( … )`, backticks, `<( … )`). */
  substs: { start: number; end: number }[];
  /** The word is nothing but substitutions that hold only comments (`` `# note` `` in a package list): it expands to no word. */
  comment: boolean;
}

export interface OpToken {
  kind: 'op';
  /** `&&`, `||`, `;`, `;;`, `|`, `&`, `(`, `)` or a line break (`\n`). */
  text: string;
  start: number;
  end: number;
}

export type Token = WordToken | OpToken;

export class ShellSyntaxError extends Error {
  constructor(message: string, readonly at: number) {
    super(message);
  }
}

interface Building {
  text: string;
  start: number;
  plain: boolean;
  substs: { start: number; end: number }[];
  /** Characters outside substitutions were written. */
  other: boolean;
}

const HEREDOC_OP = /^\d*<<(-?)(.*)$/;

/** The tokens of s[from, to). Throws ShellSyntaxError for an unclosed quote or substitution. */
export function lex(s: string, from = 0, to = s.length): Token[] {
  const tokens: Token[] = [];
  const heredocs: { delim: string | null; strip: boolean }[] = [];
  let w = null as Building | null;
  const begin = (i: number): Building => (w ??= { text: '', start: i, plain: true, substs: [], other: false });
  const endWord = (at: number) => {
    if (!w) return;
    const comment = w.substs.length > 0 && !w.other && w.substs.every((r) => lex(s, r.start, r.end).every((t) => t.text === '\n'));
    const pending = heredocs[heredocs.length - 1];
    if (pending && pending.delim === null) pending.delim = w.text;
    else if (!w.text.startsWith('<<<') && HEREDOC_OP.test(w.text)) {
      const m = HEREDOC_OP.exec(w.text)!;
      heredocs.push({ delim: m[2] === '' ? null : m[2]!, strip: m[1] === '-' });
    }
    tokens.push({ kind: 'word', text: w.text, start: w.start, end: at, plain: w.plain, substs: w.substs, comment });
    w = null;
  };
  let i = from;
  while (i < to) {
    const ch = s[i]!;
    if (ch === '\\') {
      const next = s[i + 1];
      if (next === '\n') i += 2;
      else if (next === '\r') i += s[i + 2] === '\n' ? 3 : 2;
      else {
        const b = begin(i);
        b.text += next ?? '';
        b.plain = false;
        b.other = true;
        i += 2;
      }
    } else if (ch === "'") {
      const close = s.indexOf("'", i + 1);
      if (close === -1 || close >= to) throw new ShellSyntaxError('unclosed single quote', i);
      const b = begin(i);
      b.text += s.slice(i + 1, close);
      b.plain = false;
      b.other = true;
      i = close + 1;
    } else if (ch === '"') {
      const b = begin(i);
      b.plain = false;
      b.other = true;
      i = readDouble(s, i + 1, to, b);
    } else if (ch === '`' || ((ch === '$' || ch === '<' || ch === '>') && s[i + 1] === '(') || (ch === '$' && s[i + 1] === '{')) {
      const b = begin(i);
      const end = readExpansion(s, i, to, b);
      b.text += s.slice(i, end);
      b.plain = false;
      i = end;
    } else if (ch === '#' && w === null) {
      while (i < to && s[i] !== '\n') i++;
    } else if (ch === '\n') {
      endWord(i);
      tokens.push({ kind: 'op', text: '\n', start: i, end: i + 1 });
      i = skipHeredocBodies(s, i + 1, to, heredocs.splice(0));
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord(i);
      i++;
    } else if (ch === '&' && (s[i + 1] === '>' || (w !== null && /[<>]$/.test(w.text)))) {
      const b = begin(i); // 2>&1, &>/dev/null: a redirection, not an operator
      b.text += ch;
      b.other = true;
      i++;
    } else if (';&|()'.includes(ch)) {
      endWord(i);
      const two = s.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' ? two : two === ';&' ? ';;' : two === '|&' ? '|' : ch;
      const len = two === ';&' || two === '|&' ? 2 : op.length;
      tokens.push({ kind: 'op', text: op, start: i, end: i + len });
      i += len;
    } else {
      const b = begin(i);
      b.text += ch;
      b.other = true;
      i++;
    }
  }
  endWord(to);
  return tokens;
}

/** Reads a double-quoted string from after its opening quote; returns the index after the closing one. */
function readDouble(s: string, from: number, to: number, b: Building): number {
  let i = from;
  while (i < to) {
    const ch = s[i]!;
    if (ch === '"') return i + 1;
    if (ch === '\\') {
      const next = s[i + 1] ?? '';
      if (next === '\n') i += 2;
      else {
        b.text += '"\\$`'.includes(next) ? next : `\\${next}`;
        i += 2;
      }
    } else if (ch === '`' || (ch === '$' && (s[i + 1] === '(' || s[i + 1] === '{'))) {
      const end = readExpansion(s, i, to, b);
      b.text += s.slice(i, end);
      i = end;
    } else {
      b.text += ch;
      i++;
    }
  }
  throw new ShellSyntaxError('unclosed double quote', from - 1);
}

/** Reads `$( … )`, `$(( … ))`, `${ … }`, `<( … )` or a backtick substitution at i; returns the index after it. */
function readExpansion(s: string, i: number, to: number, b: Building): number {
  if (s[i] === '`') {
    let j = i + 1;
    while (j < to && s[j] !== '`') j += s[j] === '\\' ? 2 : 1;
    if (j >= to) throw new ShellSyntaxError('unclosed backtick', i);
    b.substs.push({ start: i + 1, end: j });
    return j + 1;
  }
  const open = s[i + 1]!;
  const close = closing(s, i + 1, to, open === '(' ? ')' : '}');
  if (open === '(' && s[i + 2] !== '(') b.substs.push({ start: i + 2, end: close });
  return close + 1;
}

/** Index of the bracket closing the one at `at`, skipping quotes and nested brackets. */
function closing(s: string, at: number, to: number, close: string): number {
  const open = s[at]!;
  let depth = 0;
  for (let i = at; i < to; i++) {
    const ch = s[i]!;
    if (ch === '\\') i++;
    else if (ch === "'" && close === ')') {
      const q = s.indexOf("'", i + 1);
      if (q === -1 || q >= to) break;
      i = q;
    } else if (ch === '"') {
      i = readDouble(s, i + 1, to, { text: '', start: i, plain: false, substs: [], other: true }) - 1;
    } else if (ch === open) depth++;
    else if (ch === close && --depth === 0) return i;
  }
  throw new ShellSyntaxError(`unclosed ${open}`, at);
}

/** Skips the bodies of heredocs opened on the line that just ended; returns where the script goes on. */
function skipHeredocBodies(s: string, from: number, to: number, pending: { delim: string | null; strip: boolean }[]): number {
  let i = from;
  for (const h of pending) {
    if (h.delim === null) throw new ShellSyntaxError('heredoc without a delimiter', from);
    const delim = h.delim;
    for (;;) {
      if (i >= to) throw new ShellSyntaxError(`heredoc ${delim} never ends`, from);
      const nl = s.indexOf('\n', i);
      const lineEnd = nl === -1 || nl >= to ? to : nl;
      const line = s.slice(i, lineEnd).replace(/\r$/, '');
      i = lineEnd + 1;
      if ((h.strip ? line.replace(/^\t+/, '') : line) === delim) break;
    }
  }
  return Math.min(i, to);
}
