// The shell scripts of a RUN with their place in the Dockerfile's text, so rules can edit a command where it
// is written: the instruction line as BuildKit hands it to the shell (continuations joined, comment lines
// inside them dropped, heredoc markers blanked), and the heredoc bodies BuildKit runs as scripts.
import type { DockerfileModel, Instruction, TextEdit } from '../../dockerfile/index.js';
import { lastWordEnd, locatedCommands, type LocatedCommand } from './shell.js';

export interface ScriptPart {
  kind: 'line' | 'heredoc';
  /** The script as the shell reads it. */
  text: string;
  /** File offset of each character of `text`. */
  offsets: number[];
  /** Heredoc only: file offset of its delimiter line (a new last line of the body goes there). */
  bodyEnd: number;
}

export interface RunCommand extends LocatedCommand {
  part: ScriptPart;
}

export interface RunScript {
  instr: Instruction;
  /** The instruction line first, then the heredoc bodies that are scripts. */
  parts: ScriptPart[];
  /** Every simple command, in the order the shell runs them. */
  commands: RunCommand[];
}

const HEREDOC_TOKEN = /(?<=^|\s)\d*<<-?(?!<)\S+/g;

// One reading per instruction: analyses that meet at a command (an install found by one, split by another) compare
// the same RunCommand objects.
const scripts = new WeakMap<Instruction, RunScript | null>();

/** The scripts of a shell-form RUN; null for other instructions and exec form. Read once per instruction (do not mutate). */
export function runScript(model: DockerfileModel, instr: Instruction): RunScript | null {
  if (!scripts.has(instr)) scripts.set(instr, readScript(model, instr));
  return scripts.get(instr)!;
}

function readScript(model: DockerfileModel, instr: Instruction): RunScript | null {
  if (instr.keyword !== 'RUN' || instr.jsonForm) return null;
  const line = linePart(model, instr);
  const lineCommands = locatedCommands(line.text);
  const parts = [line];
  if (instr.heredocs.length > 0 && heredocIsScript(line.text, lineCommands)) parts.push(...heredocParts(model, instr));
  const commands = parts.flatMap((part) => (part === line ? lineCommands : locatedCommands(part.text)).map((c) => ({ ...c, part })));
  return { instr, parts, commands };
}

/** File offset of the script index `i` (where a word starts). */
export function offsetAt(part: ScriptPart, i: number): number {
  return part.offsets[i] ?? (part.offsets.length ? part.offsets[part.offsets.length - 1]! + 1 : part.bodyEnd);
}

/** File offset just after script index `end - 1` (where a word ends). */
export function offsetAfter(part: ScriptPart, end: number): number {
  return end === 0 ? offsetAt(part, 0) : part.offsets[end - 1]! + 1;
}

/**
 * An edit that runs `command` last in the RUN: a new last line of its last heredoc script, or `&& command`
 * after the instruction line's last word, on a continuation line of its own when the RUN spans several.
 */
export function appendCommand(model: DockerfileModel, script: RunScript, command: string): TextEdit {
  const last = script.parts[script.parts.length - 1]!;
  if (last.kind === 'heredoc') return { start: last.bodyEnd, end: last.bodyEnd, newText: `${command}${script.instr.eol}` };
  // With heredocs the line's last word may be followed by a blanked `<<EOF`, which must stay with its command.
  let at = offsetAfter(last, lastWordEnd(last.text));
  if (script.instr.heredocs.length > 0) {
    let i = last.offsets.length - 1;
    while (i >= 0 && /\s/.test(model.text[last.offsets[i]!]!)) i--;
    at = Math.max(at, offsetAfter(last, i + 1));
  }
  const lastCmd = script.commands.filter((c) => c.part === last).pop();
  const cmdStart = lastCmd ? offsetAt(last, lastCmd.start) : at;
  const lineStart = Math.max(model.text.lastIndexOf('\n', cmdStart - 1), model.text.lastIndexOf('\r', cmdStart - 1)) + 1;
  if (model.text.slice(script.instr.start, at).search(/[\r\n]/) === -1 || lineStart <= script.instr.start) {
    return { start: at, end: at, newText: ` && ${command}` };
  }
  const lineText = model.text.slice(lineStart, cmdStart);
  const indent = /^[ \t]*/.exec(lineText)![0];
  const esc = model.escapeChar;
  const newText = /^\s*&&/.test(lineText)
    ? ` ${esc}${script.instr.eol}${indent}&& ${command}`
    : ` && ${esc}${script.instr.eol}${indent}${command}`;
  return { start: at, end: at, newText };
}

/** The `--mount` flags of an instruction as key → value maps (`type` defaults to bind, as in BuildKit). */
export function mounts(instr: Instruction): Map<string, string>[] {
  return instr.flags.filter((f) => f.name === 'mount' && f.value !== null).map((f) => {
    const m = new Map<string, string>([['type', 'bind']]);
    for (const field of f.value!.split(',')) {
      const eq = field.indexOf('=');
      const key = (eq === -1 ? field : field.slice(0, eq)).trim().toLowerCase();
      m.set(key === 'dst' || key === 'destination' ? 'target' : key, eq === -1 ? 'true' : field.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1'));
    }
    return m;
  });
}

/** The instruction line's script: from after the keyword and flags to the end of the logical line. */
function linePart(model: DockerfileModel, instr: Instruction): ScriptPart {
  const text = model.text;
  const esc = model.escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const continuation = new RegExp(`(^|[^${esc}])${esc}[ \\t]*$`);
  let chars = '';
  const offsets: number[] = [];
  let pos = instr.start;
  for (let first = true; pos <= instr.end; first = false) {
    const brk = /\r\n|\r|\n/g;
    brk.lastIndex = pos;
    const m = brk.exec(text);
    const lineEnd = m && m.index < instr.end ? m.index : instr.end;
    const content = text.slice(pos, lineEnd);
    const next = m && m.index < instr.end ? m.index + m[0].length : instr.end + 1;
    if (!first && (/^\s*#/.test(content) || content.trim() === '')) {
      pos = next;
      continue;
    }
    const c = continuation.exec(content);
    const keep = c ? c.index + c[1]!.length : content.length;
    for (let i = 0; i < keep; i++) offsets.push(pos + i);
    chars += content.slice(0, keep);
    if (!c) break;
    pos = next;
  }
  let skip = /^\s*\S+/.exec(chars)![0].length;
  for (let i = 0; i < instr.flags.length; i++) skip += /^\s*--\S*/.exec(chars.slice(skip))?.[0].length ?? 0;
  skip += /^\s*/.exec(chars.slice(skip))![0].length;
  let script = chars.slice(skip);
  if (instr.heredocs.length > 0) script = script.replace(HEREDOC_TOKEN, (t) => ' '.repeat(t.length));
  return { kind: 'line', text: script, offsets: offsets.slice(skip), bodyEnd: instr.end };
}

/** Heredoc bodies, located from the instruction's end backwards: each ends where its delimiter line starts. */
function heredocParts(model: DockerfileModel, instr: Instruction): ScriptPart[] {
  const text = model.text;
  const parts: ScriptPart[] = [];
  let end = instr.end;
  for (const h of [...instr.heredocs].reverse()) {
    const delimiterLine = Math.max(text.lastIndexOf('\n', end - 1), text.lastIndexOf('\r', end - 1)) + 1;
    const bodyStart = delimiterLine - h.body.length;
    if (text.slice(bodyStart, delimiterLine) !== h.body) return []; // not where expected: leave the bodies alone
    parts.unshift({ kind: 'heredoc', text: h.body, offsets: Array.from({ length: h.body.length }, (_c, i) => bodyStart + i), bodyEnd: delimiterLine });
    end = bodyStart - (text.slice(0, bodyStart).match(/(\r\n|\r|\n)$/)?.[0].length ?? 0);
  }
  return parts;
}

/** `RUN <<EOF` (nothing but heredocs) and `RUN bash <<EOF` run the body as a script; `RUN python3 <<EOF` does not. */
function heredocIsScript(lineText: string, commands: LocatedCommand[]): boolean {
  if (lineText.trim() === '') return true;
  const first = commands[0];
  return first !== undefined && ['sh', 'bash', 'dash'].includes(first.name) && !first.words.includes('-c');
}
