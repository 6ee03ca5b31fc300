// Range edits on a Dockerfile's text, and the small helpers rules build them with. An edit replaces exactly
// its range: comments, continuations, heredocs and directives elsewhere stay byte-for-byte.
import type { DockerfileModel, Instruction } from './model.js';

export interface TextEdit {
  /** Offset where the replaced range starts. */
  start: number;
  /** Offset after the replaced range (start for a pure insertion). */
  end: number;
  newText: string;
}

/**
 * Applies edits to a text. Edits may come in any order; they are applied in offset order (insertions at
 * the same offset keep their given order, and go before a replacement starting there). Overlapping deletions
 * merge into their union (removing two adjacent words may claim the blank between them twice); any other
 * overlap, or a range outside the text, throws: it is a bug in the rule that made it.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  for (const e of edits) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end) && 0 <= e.start && e.start <= e.end && e.end <= text.length)) {
      throw new Error(`edit range [${e.start}, ${e.end}) is outside the text (length ${text.length})`);
    }
  }
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.e.end - b.e.end || a.i - b.i);
  let out = '';
  let pos = 0;
  let lastDeleted = false;
  for (const { e } of sorted) {
    if (e.start < pos && lastDeleted && e.newText === '' && e.start < e.end) {
      pos = Math.max(pos, e.end);
      continue;
    }
    if (e.start < pos) {
      throw new Error(`overlapping edits: [${e.start}, ${e.end}) starts before ${pos}, where an earlier edit ends`);
    }
    lastDeleted = e.newText === '' && e.start < e.end;
    out += text.slice(pos, e.start) + e.newText;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Replaces the image token of a stage's FROM (flags, `AS name` and everything else stay). */
export function replaceBaseImage(model: DockerfileModel, stageIndex: number, image: string): TextEdit {
  const stage = model.stages[stageIndex];
  if (!stage) throw new Error(`no stage ${stageIndex} (the Dockerfile has ${model.stages.length})`);
  return { start: stage.baseImageRange.start, end: stage.baseImageRange.end, newText: image };
}

/** Replaces an instruction (all its lines, heredocs included) with new text; "\n" becomes the file's line break. */
export function replaceInstruction(instr: Instruction, newRaw: string): TextEdit {
  return { start: instr.start, end: instr.end, newText: withEol(trimFinalBreak(newRaw), instr.eol) };
}

/** Inserts text as new line(s) before the instruction's first line. */
export function insertBefore(instr: Instruction, text: string): TextEdit {
  return { start: instr.lineStart, end: instr.lineStart, newText: withEol(trimFinalBreak(text), instr.eol) + instr.eol };
}

/** Inserts text as new line(s) after the instruction's last line. */
export function insertAfter(instr: Instruction, text: string): TextEdit {
  return { start: instr.end, end: instr.end, newText: instr.eol + withEol(trimFinalBreak(text), instr.eol) };
}

/**
 * Removes the instruction's whole line(s), its line break included. (A last line without a line break leaves
 * the previous line's break in place.)
 */
export function deleteInstruction(instr: Instruction): TextEdit {
  return { start: instr.lineStart, end: instr.lineEnd, newText: '' };
}

function withEol(text: string, eol: string): string {
  return text.replace(/\r\n|\r|\n/g, eol);
}

function trimFinalBreak(text: string): string {
  return text.replace(/(\r\n|\r|\n)$/, '');
}
