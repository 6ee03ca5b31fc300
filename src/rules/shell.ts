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
  for (const words of splitCommands(script)) {
    const cmd = nameCommand(words);
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

/** Words of each simple command, in order. */
function splitCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = () => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = () => {
    endWord();
    if (words.length) commands.push(words);
    words = [];
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i]!;
    if (ch === '\\') {
      if (script[i + 1] === '\n') i++;
      else { word += script[i + 1] ?? ''; inWord = true; i++; }
    } else if (ch === "'") {
      const close = script.indexOf("'", i + 1);
      const stop = close === -1 ? script.length : close;
      word += script.slice(i + 1, stop);
      inWord = true;
      i = stop;
    } else if (ch === '"') {
      const stop = closingDoubleQuote(script, i + 1);
      word += script.slice(i + 1, stop).replace(/\\(["\\$`])/g, '$1');
      inWord = true;
      i = stop;
    } else if (ch === '#' && !inWord) {
      while (i + 1 < script.length && script[i + 1] !== '\n') i++;
    } else if (ch === '$' && script[i + 1] === '(') {
      endCommand();
      i++;
    } else if (';&|()\n`'.includes(ch)) {
      endCommand();
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand();
  return commands;
}

function closingDoubleQuote(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length;
}
