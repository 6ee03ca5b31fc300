// Just enough shell reading for rules: split a RUN/CMD script into simple commands (words with quotes
// removed), name each command, and read `apt-get install` package lists. Not a shell parser: it knows
// quotes, escapes, comments, `&& || ; | &`, `( )`, `$( )`, backticks and the keywords of compound commands.

export interface SimpleCommand {
  /** The command's basename after env assignments and wrappers (sudo, env …): "curl", "apt-get", "pip". */
  name: string;
  /** The command's words from the name on. */
  words: string[];
}

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'do', 'done', 'while', 'until', '!', '{', '}', 'case', 'esac']);
const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nohup', 'command', 'nice', 'env']);

export function simpleCommands(script: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const { words } of splitCommands(script)) {
    const cmd = nameCommand(words.map((w) => w.text));
    if (cmd) out.push(cmd);
  }
  return out;
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
    if (KEYWORDS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (WRAPPERS.has(w)) {
      i++;
      while (words[i]?.startsWith('-')) i++; // wrapper options: sudo -E, env -i
    } else break;
  }
  const rest = words.slice(i);
  return { name: rest[0]!.replace(/^.*\//, ''), words: rest };
}

/** A word of a script: its text with quotes removed, and where it is written (script indices, end-exclusive). */
export interface ShellWord {
  text: string;
  start: number;
  end: number;
}

/** A simple command with its words' positions: what rules need to edit a script in place. */
export interface LocatedCommand extends SimpleCommand {
  /** The positioned words from the name on (`words` are their texts). */
  at: ShellWord[];
  /** Env assignments and wrappers written before the name (`DEBIAN_FRONTEND=noninteractive`, `sudo -E`). */
  prefix: ShellWord[];
  /** Script index where the command starts (its prefix included, compound keywords such as `then` not). */
  start: number;
  /** Script index just after its last word. */
  end: number;
  /** The operator that ends it: `&&`, `||`, `;`, `|`, `&`, a line break, `(`, `)`, `` ` ``, `$(`, or '' at the end. */
  op: string;
}

/** Like simpleCommands, with positions and the operator after each command. */
export function locatedCommands(script: string): LocatedCommand[] {
  const out: LocatedCommand[] = [];
  for (const { words, op } of splitCommands(script)) {
    let i = 0;
    while (i < words.length && KEYWORDS.has(words[i]!.text)) i++;
    const cmd = nameCommand(words.map((w) => w.text));
    if (!cmd) continue;
    const at = words.slice(words.length - cmd.words.length);
    out.push({ ...cmd, at, prefix: words.slice(i, words.length - at.length), start: words[i]!.start, end: at[at.length - 1]!.end, op });
  }
  return out;
}

/** Script index just after the script's last word (compound keywords such as `fi` included); 0 when it has none. */
export function lastWordEnd(script: string): number {
  const all = splitCommands(script).flatMap((c) => c.words);
  return all.length ? all[all.length - 1]!.end : 0;
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

/** Positioned words of each simple command, in order, with the operator that ends it. */
function splitCommands(script: string): { words: ShellWord[]; op: string }[] {
  const commands: { words: ShellWord[]; op: string }[] = [];
  let words: ShellWord[] = [];
  let word = '';
  let start = -1;
  const endWord = (at: number) => {
    if (start !== -1) words.push({ text: word, start, end: at });
    word = '';
    start = -1;
  };
  const endCommand = (at: number, op: string) => {
    endWord(at);
    if (words.length) commands.push({ words, op });
    words = [];
  };
  const begin = (i: number) => {
    if (start === -1) start = i;
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === '\\') {
      const next = script[i + 1];
      if (next === '\n') i++;
      else if (next === '\r') i += script[i + 2] === '\n' ? 2 : 1;
      else { begin(i); word += next ?? ''; i++; }
    } else if (ch === "'") {
      begin(i);
      const close = script.indexOf("'", i + 1);
      const stop = close === -1 ? script.length : close;
      word += script.slice(i + 1, stop);
      i = stop;
    } else if (ch === '"') {
      begin(i);
      const stop = closingDoubleQuote(script, i + 1);
      word += script.slice(i + 1, stop).replace(/\\(["\\$`])/g, '$1');
      i = stop;
    } else if (ch === '#' && start === -1) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === '$' && script[i + 1] === '(') {
      endCommand(i, '$(');
      i++;
    } else if (ch === '&' && start !== -1 && /[<>]$/.test(word)) {
      word += ch; // 2>&1, <&3: a redirection, not an operator
    } else if (';&|()\n`'.includes(ch)) {
      const two = script.slice(i, i + 2);
      const op = two === '&&' || two === '||' || two === ';;' ? two : ch;
      endCommand(i, op);
      i += op.length - 1;
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord(i);
    } else {
      begin(i);
      word += ch;
    }
  }
  endCommand(script.length, '');
  return commands;
}

function closingDoubleQuote(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length;
}
