// parseDockerfile: text → DockerfileModel. The only file that touches dockerfile-ast.
import { DockerfileParser, type Dockerfile, type From, type Instruction as AstInstruction } from 'dockerfile-ast';
import { readDirectives } from './directives.js';
import { buildInstruction, type BuiltInstruction } from './instruction.js';
import { detectEol, LineIndex } from './lines.js';
import type { DockerfileModel, Instruction, Stage } from './model.js';
import { checkHeredoc, checkInstructions, type Problem } from './validate.js';
import { UserError } from '../errors.js';

/**
 * Parses a Dockerfile. Throws UserError (with `where: "file:line"`) for what BuildKit would reject in a way
 * that matters here: no FROM, an instruction other than ARG before it, unknown keywords, bad FROM lines,
 * unterminated heredocs, duplicate stage names; and a `target` that names no stage.
 */
export function parseDockerfile(text: string, file = 'Dockerfile', opts: { target?: string | null } = {}): DockerfileModel {
  const fail = (p: Problem): never => {
    throw new UserError(p.message, { where: `${file}:${p.line}`, hint: p.hint });
  };
  const idx = new LineIndex(text);
  const eol = detectEol(text);
  const { ast, built } = parseNodes(text, idx, eol);
  const escapeChar = ast.getEscapeCharacter();
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const problems: Problem[] = [];
  for (const [node, { instr, unterminated }] of built) {
    if (unterminated !== null) problems.push(checkHeredoc(instr, unterminated));
    if (instr.keyword === 'FROM') {
      const stage = toStage(node as From, instr, stages.length, idx);
      if (stage) stages.push(stage);
    }
    instr.stage = stages.length - 1;
    stages[stages.length - 1]?.instructions.push(instr);
    instructions.push(instr);
  }
  const problem = checkInstructions(instructions, stages);
  if (problem) problems.push(problem);
  const first = problems.sort((a, b) => a.line - b.line)[0];
  if (first) fail(first);
  const target = opts.target ?? null;
  if (target !== null && !stages.some((s) => s.name?.toLowerCase() === target.toLowerCase())) {
    const names = stages.flatMap((s) => (s.name ? [s.name] : []));
    throw new UserError(`no stage named ${JSON.stringify(target)} to target`, {
      where: file,
      hint: names.length ? `the stages with a name: ${names.join(', ')}` : 'no stage has a name: add `AS name` to the FROM of the stage to build',
    });
  }
  return {
    text,
    directives: readDirectives(text),
    escapeChar,
    eol,
    stages,
    instructions,
    target,
  };
}

type Built = [AstInstruction, BuiltInstruction];

/**
 * dockerfile-ast's instructions, built into ours. dockerfile-ast reads `<<WORD` inside an exec-form RUN/COPY/ADD
 * (`RUN ["sh", "-c", "cat <<EOF"]`) as a heredoc and swallows the lines after it; BuildKit has no heredocs in
 * exec form. Such markers are blanked out (same length, so offsets hold) and the text parsed again.
 */
function parseNodes(text: string, idx: LineIndex, eol: string): { ast: Dockerfile; built: Built[] } {
  let source = maskEscapedBlankBeforeContinuation(text);
  for (;;) {
    const ast = DockerfileParser.parse(source);
    const escapeChar = ast.getEscapeCharacter();
    const built = ast.getInstructions().map((n): Built => [n, buildInstruction(n, idx, escapeChar, eol)]);
    const bad = built.find(([n, b]) => b.instr.jsonForm && astHeredocCount(n) > 0);
    if (!bad) return { ast, built };
    const { instr, logicalEnd } = bad[1];
    const masked = source.slice(0, instr.start) + source.slice(instr.start, logicalEnd).replaceAll('<<', '  ') + source.slice(logicalEnd);
    if (masked === source) return { ast, built };
    source = masked;
  }
}

/**
 * dockerfile-ast skips the character after an escaped blank and the blanks that follow it, so at the end of
 * `RUN curl \ \` it skips the line continuation and ends the instruction there; BuildKit continues it. The escape
 * of such a blank is replaced by a placeholder (same length, so offsets hold) for dockerfile-ast only; that word
 * of `args` then reads `_` (raw and argsText keep the text as written).
 */
function maskEscapedBlankBeforeContinuation(text: string): string {
  const e = readDirectives(text).find((d) => d.name === 'escape')?.value === '`' ? '`' : '\\\\';
  return text.replace(new RegExp(`${e}(?=[ \\t]+${e}[ \\t]*(\\r|\\n|$))`, 'g'), '_');
}

function astHeredocCount(node: AstInstruction): number {
  const withHeredocs = node as unknown as { getHeredocs?: () => unknown[] };
  return typeof withHeredocs.getHeredocs === 'function' ? withHeredocs.getHeredocs().length : 0;
}

/** The stage a FROM opens; null when the FROM names no image (checkInstructions reports it). */
function toStage(node: From, from: Instruction, index: number, idx: LineIndex): Stage | null {
  const range = node.getImageRange();
  if (range === null) return null;
  const asWord = from.args[1];
  const start = idx.offsetAt(range.start.line, range.start.character);
  const end = idx.offsetAt(range.end.line, range.end.character);
  return {
    index,
    name: asWord !== undefined && asWord.toUpperCase() === 'AS' ? from.args[2] ?? null : null,
    baseImage: idx.text.slice(start, end),
    baseImageRange: { start, end },
    from,
    instructions: [],
  };
}
