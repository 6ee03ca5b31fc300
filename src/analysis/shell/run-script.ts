// The one reader of RUN scripts. Shell form: the instruction line as BuildKit hands it to the shell
// (continuations joined, comment lines inside them dropped, heredoc markers blanked) and the heredoc bodies
// BuildKit runs as scripts, each read as a command tree (shell.ts) with its place in the Dockerfile's text, so
// rules can edit a command where it is written. Exec form and CMD/ENTRYPOINT/HEALTHCHECK: their commands, read-only.
import { parseJsonArray, type DockerfileModel, type Instruction } from '../../dockerfile/index.js';
import { execFormCommands, readScript, simpleCommands, type LocatedCommand, type SimpleCommand } from './shell.js';
import type { ShellList } from './tree.js';

export interface ScriptPart {
  kind: 'line' | 'heredoc';
  /** The script as the shell reads it. */
  text: string;
  /** File offset of each character of `text`. */
  offsets: number[];
  /** Heredoc only: file offset of its delimiter line (a new last line of the body goes there). */
  bodyEnd: number;
  /** Its command tree; null when the reader could not follow it (then `error` says why). */
  tree: ShellList | null;
  error: string | null;
  /** Script index just after its last token (a closing `fi`, `done`, `)` included). */
  end: number;
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
  /** Why a part could not be read as a command tree (rules then leave the RUN's structure alone); null when all could. */
  error: string | null;
}

const HEREDOC_TOKEN = /(?<=^|\s)\d*<<-?(?!<)\S+/g;

// One reading per instruction: analyses that meet at a command (an install found by one, split by another) compare
// the same RunCommand objects.
const scripts = new WeakMap<Instruction, RunScript | null>();

/** The scripts of a shell-form RUN; null for other instructions and exec form. Read once per instruction (do not mutate). */
export function runScript(model: DockerfileModel, instr: Instruction): RunScript | null {
  if (!scripts.has(instr)) scripts.set(instr, readRun(model, instr));
  return scripts.get(instr)!;
}

function readRun(model: DockerfileModel, instr: Instruction): RunScript | null {
  if (instr.keyword !== 'RUN' || instr.jsonForm) return null;
  const { part: line, commands: lineCommands } = readPart(linePart(model, instr));
  const read = [{ part: line, commands: lineCommands }];
  if (instr.heredocs.length > 0 && heredocIsScript(line.text, lineCommands)) read.push(...heredocParts(model, instr).map(readPart));
  const commands = read.flatMap(({ part, commands: cmds }) => cmds.map((c) => ({ ...c, part })));
  const parts = read.map((r) => r.part);
  const failed = parts.find((p) => p.error !== null);
  return { instr, parts, commands, error: failed ? `line ${instr.line}: ${failed.error}` : null };
}

/** The commands an instruction runs: a RUN's (shell or exec form, heredoc scripts included), CMD's, ENTRYPOINT's, HEALTHCHECK's. */
export function instructionCommands(model: DockerfileModel, instr: Instruction): SimpleCommand[] {
  switch (instr.keyword) {
    case 'RUN':
      return instr.jsonForm ? execFormCommands(instr.args) : runScript(model, instr)!.commands;
    case 'CMD':
    case 'ENTRYPOINT':
      return instr.jsonForm ? execFormCommands(instr.args) : simpleCommands(instr.argsText);
    case 'HEALTHCHECK': {
      const m = /^CMD\s+([\s\S]*)$/i.exec(instr.argsText);
      if (!m) return [];
      const json = parseJsonArray(m[1]!);
      return json ? execFormCommands(json) : simpleCommands(m[1]!);
    }
    default:
      return [];
  }
}

function readPart(part: Omit<ScriptPart, 'tree' | 'error' | 'end'>): { part: ScriptPart; commands: LocatedCommand[] } {
  const read = readScript(part.text);
  return { part: { ...part, tree: read.tree, error: read.error, end: read.end }, commands: read.commands };
}

/** File offset of the script index `i` (where a word starts). */
export function offsetAt(part: ScriptPart, i: number): number {
  return part.offsets[i] ?? (part.offsets.length ? part.offsets[part.offsets.length - 1]! + 1 : part.bodyEnd);
}

/** File offset just after script index `end - 1` (where a word ends). */
export function offsetAfter(part: ScriptPart, end: number): number {
  return end === 0 ? offsetAt(part, 0) : part.offsets[end - 1]! + 1;
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
function linePart(model: DockerfileModel, instr: Instruction): Omit<ScriptPart, 'tree' | 'error' | 'end'> {
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
function heredocParts(model: DockerfileModel, instr: Instruction): Omit<ScriptPart, 'tree' | 'error' | 'end'>[] {
  const text = model.text;
  const parts: Omit<ScriptPart, 'tree' | 'error' | 'end'>[] = [];
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

/** `RUN <<EOF` (nothing but heredocs) and `RUN bash <<EOF` run the body as a script; `RUN python3 <<EOF` or `cat <<EOF > f` do not. */
function heredocIsScript(lineText: string, commands: LocatedCommand[]): boolean {
  if (lineText.trim() === '') return true;
  const first = commands[0];
  return first !== undefined && ['sh', 'bash', 'dash'].includes(first.name) && !first.words.includes('-c');
}
