// Edits change exactly their range: every other line of the file stays byte-for-byte.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffLines } from 'diff';
import { describe, expect, it } from 'vitest';
import {
  applyEdits, deleteInstruction, finalStage, insertAfter, insertBefore, parseDockerfile, replaceBaseImage, replaceInstruction,
  type DockerfileModel, type Instruction,
} from '../../../src/dockerfile/index.js';

const DIR = 'test/fixtures/dockerfiles';
const load = (name: string): DockerfileModel => parseDockerfile(readFileSync(join(DIR, `${name}.Dockerfile`), 'utf8'), name);

/** Line-by-line diff: the 1-based old line numbers removed and the new lines added (line breaks kept). */
function lineDiff(before: string, after: string): { removed: number[]; added: string[] } {
  const removed: number[] = [];
  const added: string[] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const lines = part.value.match(/[^\r\n]*(\r\n|\n|\r|$)/g)!.filter((l) => l !== '');
    if (part.added) added.push(...lines);
    else {
      if (part.removed) for (let i = 0; i < lines.length; i++) removed.push(line + i);
      line += lines.length;
    }
  }
  return { removed, added };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const byLine = (model: DockerfileModel, line: number): Instruction => model.instructions.find((i) => i.line === line)!;

describe('applyEdits', () => {
  it('applies edits given in any order', () => {
    expect(applyEdits('abcdef', [{ start: 4, end: 5, newText: 'E' }, { start: 0, end: 1, newText: 'A' }])).toBe('AbcdEf');
  });
  it('keeps the given order of insertions at one offset, before a replacement starting there', () => {
    const edits = [{ start: 1, end: 2, newText: 'R' }, { start: 1, end: 1, newText: 'x' }, { start: 1, end: 1, newText: 'y' }];
    expect(applyEdits('abc', edits)).toBe('axyRc');
  });
  it('allows adjacent edits', () => {
    expect(applyEdits('abc', [{ start: 0, end: 1, newText: '1' }, { start: 1, end: 2, newText: '2' }])).toBe('12c');
  });
  it('throws on overlapping edits other than deletions', () => {
    expect(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: 'x' }, { start: 2, end: 4, newText: '' }])).toThrow(/overlapping/);
    expect(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: 'y' }])).toThrow(/overlapping/);
    expect(() => applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 2, newText: 'x' }])).toThrow(/overlapping/);
  });
  it('merges overlapping deletions into their union', () => {
    expect(applyEdits('abcdef', [{ start: 0, end: 3, newText: '' }, { start: 2, end: 4, newText: '' }])).toBe('ef');
    expect(applyEdits('abcdef', [{ start: 3, end: 5, newText: '' }, { start: 1, end: 4, newText: '' }, { start: 2, end: 3, newText: '' }])).toBe('af');
  });
  it('throws on ranges outside the text', () => {
    expect(() => applyEdits('abc', [{ start: 2, end: 4, newText: '' }])).toThrow(/outside/);
    expect(() => applyEdits('abc', [{ start: 2, end: 1, newText: '' }])).toThrow(/outside/);
  });
  it('leaves the text alone without edits', () => {
    expect(applyEdits('a\r\nb', [])).toBe('a\r\nb');
  });
});

describe('edits change only the lines they edit', () => {
  const fixtures = ['comments', 'continuations', 'escape-backtick', 'syntax-heredoc', 'crlf', 'trailing-spaces', 'no-final-newline', 'multi-stage', 'bom'];
  it.each(fixtures)('%s: replacing each instruction touches only its own lines', (name) => {
    const model = load(name);
    for (const instr of model.instructions) {
      const replacement = `${instr.keyword} true`;
      const after = applyEdits(model.text, [replaceInstruction(instr, replacement)]);
      const d = lineDiff(model.text, after);
      expect(d.removed, `${name}:${instr.line}`).toEqual(range(instr.line, instr.endLine));
      const lineStart = model.text.lastIndexOf('\n', instr.start - 1) + 1; // the line as diffLines sees it (a BOM included)
      expect(d.added.map((l) => l.replace(/\r?\n$/, ''))).toEqual([`${model.text.slice(lineStart, instr.start)}${replacement}`]);
      expect(parseDockerfile(after).instructions.length).toBe(model.instructions.length);
    }
  });

  it.each(fixtures)('%s: deleting each instruction removes exactly its lines', (name) => {
    const model = load(name);
    for (const instr of model.instructions) {
      const after = applyEdits(model.text, [deleteInstruction(instr)]);
      const d = lineDiff(model.text, after);
      const lastWithoutBreak = instr.lineEnd === instr.end && instr.lineStart > 0;
      const afterBom = instr.lineStart === 1 && model.text.startsWith('\uFEFF'); // the BOM stays, joining the next line
      if (afterBom) expect(after.startsWith('\uFEFF')).toBe(true);
      else if (!lastWithoutBreak) {
        expect(d.removed, `${name}:${instr.line}`).toEqual(range(instr.line, instr.endLine));
        expect(d.added).toEqual([]);
      }
      expect(after.length).toBe(model.text.length - (instr.lineEnd - instr.lineStart));
    }
  });

  it('replacing a base image changes only that FROM line (flags, AS name and the rest stay)', () => {
    const model = load('multi-stage');
    const after = applyEdits(model.text, [replaceBaseImage(model, 2, 'python:3.12-alpine')]);
    expect(lineDiff(model.text, after)).toEqual({ removed: [16], added: ['from python:3.12-alpine AS final\n'] });
    const builder = applyEdits(model.text, [replaceBaseImage(model, 0, 'python:3.13')]);
    expect(lineDiff(model.text, builder)).toEqual({ removed: [6], added: ['FROM --platform=$BUILDPLATFORM python:3.13 AS builder\n'] });
  });

  it('inserts whole lines with the file\'s line breaks (CRLF)', () => {
    const model = load('crlf');
    const from = finalStage(model).from;
    const after = applyEdits(model.text, [insertAfter(from, 'RUN echo one\nRUN echo two'), insertBefore(byLine(model, 11), 'ENV X=1\n')]);
    expect(lineDiff(model.text, after)).toEqual({ removed: [], added: ['RUN echo one\r\n', 'RUN echo two\r\n', 'ENV X=1\r\n'] });
    expect(after).not.toMatch(/[^\r]\n/);
  });

  it('inserts after the last line of a file without a final newline, adding none', () => {
    const model = load('no-final-newline');
    const last = model.instructions[model.instructions.length - 1]!;
    const after = applyEdits(model.text, [insertAfter(last, 'LABEL x=y')]);
    expect(after).toBe(`${model.text}\nLABEL x=y`);
  });

  it('inserts before the first line of a file with a byte-order mark after the mark', () => {
    const model = load('bom');
    expect(applyEdits(model.text, [insertBefore(model.instructions[0]!, 'ARG X=1')])).toBe('\uFEFFARG X=1\nFROM debian:bookworm\nRUN echo bom\n');
  });

  it('inserts before an indented instruction at the start of its line', () => {
    const model = parseDockerfile('FROM debian\n  RUN echo indented\n');
    const after = applyEdits(model.text, [insertBefore(model.instructions[1]!, 'ENV A=1')]);
    expect(after).toBe('FROM debian\nENV A=1\n  RUN echo indented\n');
  });

  it('replaces and deletes heredoc instructions with their bodies', () => {
    const model = load('syntax-heredoc');
    const copy = byLine(model, 11);
    expect(copy.endLine).toBe(14);
    const after = applyEdits(model.text, [deleteInstruction(copy), replaceInstruction(byLine(model, 5), 'RUN <<EOF\nset -e\nEOF')]);
    const d = lineDiff(model.text, after);
    expect(d.removed.every((l) => l >= 5 && l <= 14)).toBe(true);
    expect(d.removed).toEqual(expect.arrayContaining(range(6, 9).concat(range(11, 14))));
    expect(d.added).toEqual(['set -e\n']);
    expect(after.split('\n').slice(4, 7)).toEqual(['RUN <<EOF', 'set -e', 'EOF']);
    expect(parseDockerfile(after).directives).toEqual(model.directives);
  });

  it('keeps the backtick escape and continuations elsewhere', () => {
    const model = load('escape-backtick');
    const after = applyEdits(model.text, [replaceInstruction(byLine(model, 4), 'WORKDIR C:\\work')]);
    expect(lineDiff(model.text, after)).toEqual({ removed: [4], added: ['WORKDIR C:\\work\n'] });
    const reparsed = parseDockerfile(after);
    expect(reparsed.escapeChar).toBe('`');
    expect(reparsed.instructions.find((i) => i.keyword === 'RUN')!.raw).toBe(byLine(model, 6).raw);
  });
});
