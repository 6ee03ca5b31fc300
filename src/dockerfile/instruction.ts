// Builds our Instruction from one dockerfile-ast instruction: exact offsets, the logical instruction line
// (continuations joined, inner comment and empty lines dropped, as BuildKit reads it) and heredoc bodies.
import type { Instruction as AstInstruction, Flag as AstFlag } from 'dockerfile-ast';
import type { LineIndex } from './lines.js';
import type { Flag, Heredoc, Instruction } from './model.js';

const JSON_FORM = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL', 'COPY', 'ADD', 'VOLUME']);
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

export interface BuiltInstruction {
  instr: Instruction;
  /** The delimiter of a heredoc that never ends, if any (BuildKit rejects those). */
  unterminated: string | null;
  /** Offset where the instruction line ends (continuations included, heredoc bodies not). */
  logicalEnd: number;
}

export function buildInstruction(ast: AstInstruction, idx: LineIndex, escapeChar: string, fileEol: string): BuiltInstruction {
  const range = ast.getRange();
  const firstLine = range.start.line;
  const lastLine = lastLineOf(idx, firstLine, idx.offsetAt(range.end.line, range.end.character));
  const start = idx.offsetAt(range.start.line, range.start.character);
  const end = idx.contentEnd(lastLine);
  const keyword = ast.getKeyword().toUpperCase();

  const logical = readLogicalLine(idx, firstLine, lastLine, escapeChar);
  const lineText = logical.text.slice(start - idx.starts[firstLine]!);
  const flags = readFlags(ast);
  const argsText = stripKeywordAndFlags(lineText, flags.length);
  const json = JSON_FORM.has(keyword) ? parseJsonArray(argsText) : null;
  const heredocs = HEREDOC_KEYWORDS.has(keyword) && json === null
    ? readHeredocs(idx, argsText, logical.nextLine, lastLine) : { list: [], unterminated: null };
  const logicalEnd = idx.contentEnd(logical.nextLine - 1);
  const args = json ?? ast.getArguments()
    .filter((a) => idx.offsetAt(a.getRange().start.line, a.getRange().start.character) < logicalEnd)
    .map((a) => a.getValue());

  const instr: Instruction = {
    keyword,
    line: firstLine + 1,
    endLine: lastLine + 1,
    start,
    end,
    raw: idx.text.slice(start, end),
    args,
    argsText,
    jsonForm: json !== null,
    flags,
    heredocs: heredocs.list,
    stage: -1,
    lineStart: idx.starts[firstLine]! + (firstLine === 0 && idx.text.startsWith('\uFEFF') ? 1 : 0), // a BOM stays first
    lineEnd: idx.lineEnd(lastLine),
    eol: idx.breakOf(lastLine) || fileEol,
  };
  return { instr, unterminated: heredocs.unterminated, logicalEnd };
}

/**
 * The instruction's last line. dockerfile-ast may end a range at the start of the following line (a trailing
 * continuation at the end of the file); such a line, and trailing blank lines after a continuation, are not ours.
 */
function lastLineOf(idx: LineIndex, firstLine: number, endOffset: number): number {
  let last = idx.lineAt(endOffset);
  if (last > firstLine && endOffset === idx.starts[last]) last--;
  while (last > firstLine && idx.content(last).trim() === '') last--;
  return last;
}

/** The instruction line as BuildKit sees it, and the first line after it (where heredoc bodies start). */
function readLogicalLine(idx: LineIndex, firstLine: number, lastLine: number, escapeChar: string): { text: string; nextLine: number } {
  // BuildKit: the escape character ends a line (trailing blanks allowed) unless another escape precedes it.
  const esc = escapeRegExp(escapeChar);
  const continuation = new RegExp(`(^|[^${esc}])${esc}[ \\t]*$`);
  let text = '';
  let line = firstLine;
  for (;;) {
    const content = idx.content(line);
    const isFirst = line === firstLine;
    line++;
    if (!isFirst && (/^\s*#/.test(content) || content.trim() === '')) {
      if (line > lastLine) break;
      continue; // comment and empty lines inside a continuation are dropped
    }
    if (!continuation.test(content)) {
      text += content;
      break;
    }
    text += content.replace(continuation, '$1');
    if (line > lastLine) break;
  }
  return { text, nextLine: line };
}

function readFlags(ast: AstInstruction): Flag[] {
  const withFlags = ast as unknown as { getFlags?: () => AstFlag[] };
  if (typeof withFlags.getFlags !== 'function') return [];
  return withFlags.getFlags().map((f) => ({ name: f.getName(), value: f.getValue() }));
}

function stripKeywordAndFlags(lineText: string, flagCount: number): string {
  let rest = lineText.replace(/^\s*\S+/, '');
  for (let i = 0; i < flagCount; i++) rest = rest.replace(/^\s*--\S*/, '');
  return rest.trim();
}

/** An exec-form (JSON array of strings) argument text as BuildKit reads it, or null when it is not one. */
export function parseJsonArray(argsText: string): string[] | null {
  if (!argsText.trimStart().startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(argsText);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : null;
  } catch {
    return null;
  }
}

/** Heredoc bodies, read the way BuildKit reads them: one after another, each up to its delimiter line. */
function readHeredocs(idx: LineIndex, argsText: string, fromLine: number, lastLine: number): { list: Heredoc[]; unterminated: string | null } {
  const list: Heredoc[] = [];
  let line = fromLine;
  for (const word of argsText.split(/\s+/)) {
    const m = /^\d*<<(-?)([^<]+)$/.exec(word);
    if (!m) continue;
    const name = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
    const stripTabs = m[1] === '-';
    const bodyStart = line;
    while (line <= lastLine && !isDelimiter(idx.content(line), name, stripTabs)) line++;
    if (line > lastLine) return { list, unterminated: name };
    list.push({ name, body: idx.text.slice(idx.starts[bodyStart] ?? idx.text.length, idx.starts[line]!) });
    line++;
  }
  return { list, unterminated: null };
}

function isDelimiter(content: string, name: string, stripTabs: boolean): boolean {
  return (stripTabs ? content.replace(/^\t+/, '') : content) === name;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
