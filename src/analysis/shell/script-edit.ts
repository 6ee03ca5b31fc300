// Editing inside one command of a RUN where it is written: remove argument words (continuation lines they empty
// included), replace a command's head, quote words for the shell; delete a whole RUN tidily. Adding and removing
// whole commands keeps the script's structure: structure-edit.ts.
import { deleteInstruction, type DockerfileModel, type Instruction, type TextEdit } from '../../dockerfile/index.js';
import { removeWord } from '../python/pip.js';
import { offsetAfter, offsetAt, type RunCommand, type ScriptPart } from './run-script.js';
import type { ShellWord } from './shell.js';

/** Deletes an instruction's lines; when blank lines surround it, one of them goes too (no double blank line is left). */
export function deleteTidy(model: DockerfileModel, instr: Instruction): TextEdit {
  const edit = deleteInstruction(instr);
  const blankBefore = /(^|\r\n|\r|\n)[ \t]*(\r\n|\r|\n)$/.test(model.text.slice(0, instr.lineStart));
  const blankAfter = /^[ \t]*(\r\n|\r|\n)/.exec(model.text.slice(instr.lineEnd));
  return blankBefore && blankAfter ? { ...edit, end: edit.end + blankAfter[0].length } : edit;
}

/**
 * Removes an argument word (pip.ts's removeWord), and when that empties the last line of a continued instruction,
 * that line and the continuation before it go too (no blank continuation line is left).
 */
export function removeArg(model: DockerfileModel, part: ScriptPart, word: ShellWord): TextEdit {
  const edit = removeWord(model, part, word);
  // An edit that took its line's break removed a whole continuation line: the line after it is not emptied by it.
  if (part.kind !== 'line' || /[\r\n]$/.test(model.text.slice(edit.start, edit.end))) return edit;
  const text = model.text;
  const lineStart = Math.max(text.lastIndexOf('\n', edit.start - 1), text.lastIndexOf('\r', edit.start - 1)) + 1;
  const brk = /\r\n|\r|\n/.exec(text.slice(edit.end));
  const lineEnd = brk ? edit.end + brk.index : text.length;
  if (text.slice(lineStart, edit.start).trim() !== '' || text.slice(edit.end, lineEnd).trim() !== '' || lineStart === 0) return edit;
  const before = text.slice(0, lineStart);
  const esc = model.escapeChar.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const cont = new RegExp(`[ \\t]*${esc}[ \\t]*(\\r\\n|\\r|\\n)$`).exec(before);
  return cont ? { start: lineStart - cont[0].length, end: lineEnd, newText: '' } : edit;
}

/**
 * removeArg for several words of one command. When they run to the end of the instruction line, what lies between
 * the last kept word and them (continuations, comment lines) goes too: a continuation left dangling before blank
 * lines would join the next instruction, as BuildKit skips blank lines inside a continuation.
 */
export function removeArgs(model: DockerfileModel, cmd: RunCommand, words: ShellWord[]): TextEdit[] {
  const edits = words.map((w) => removeArg(model, cmd.part, withComments(cmd, w)));
  const gone = new Set(words.map((w) => w.start));
  const last = cmd.at[cmd.at.length - 1];
  const kept = cmd.at.filter((w) => !gone.has(w.start)).pop();
  if (cmd.part.kind !== 'line' || !last || !kept || !gone.has(last.start) || cmd.part.text.slice(cmd.end).trim() !== '') return edits;
  const start = offsetAfter(cmd.part, kept.end);
  const end = offsetAfter(cmd.part, withComments(cmd, last).end);
  return model.text.slice(start, end).includes('<<') ? edits : [...edits, { start, end, newText: '' }];
}

/** The word with the comment-only words written right after it (`` pytest `# tests` ``): a comment goes with its word. */
function withComments(cmd: RunCommand, word: ShellWord): ShellWord {
  const next = cmd.node.words.find((w) => w.start > word.start)?.start ?? Infinity;
  const end = cmd.node.comments.filter((c) => c.start > word.start && c.start < next).pop()?.end;
  return end === undefined ? word : { ...word, end };
}

/** Replaces a command's words from its start (prefix assignments included) through word `throughIndex` of `cmd.at`. */
export function replaceHead(cmd: RunCommand, throughIndex: number, text: string): TextEdit {
  return { start: offsetAt(cmd.part, cmd.start), end: offsetAfter(cmd.part, cmd.at[throughIndex]!.end), newText: text };
}

/** The command as written in its script (quotes kept, continuations joined). */
export function commandText(cmd: RunCommand): string {
  return cmd.part.text.slice(cmd.start, cmd.end);
}

/** A word quoted for sh when it holds characters the shell would read (`torch>=2`, `uvicorn[standard]`). */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A RUN that installs apt packages the hygienic way, continued with the file's escape character. */
export function aptInstallRun(model: DockerfileModel, packages: string[]): string {
  const esc = model.escapeChar;
  return `RUN apt-get update ${esc}\n && apt-get install -y --no-install-recommends ${packages.join(' ')} ${esc}\n && rm -rf /var/lib/apt/lists/*`;
}
