// The checks parseDockerfile makes on top of dockerfile-ast, which accepts almost anything. Each names the
// line at fault and what to do; the first problem in file order wins.
import { Keyword } from 'dockerfile-ast';
import type { Instruction, Stage } from './model.js';

export interface Problem {
  /** 1-based. */
  line: number;
  message: string;
  hint: string;
}

const KEYWORDS = new Set<string>(Object.values(Keyword));

export function checkInstructions(instructions: Instruction[], stages: Stage[]): Problem | null {
  if (instructions.length === 0) {
    return { line: 1, message: 'the Dockerfile has no instructions', hint: 'start it with `FROM <image>`' };
  }
  let seenFrom = false;
  const stageNames = new Map<string, number>();
  for (const instr of instructions) {
    const problem = checkOne(instr, seenFrom, stageNames);
    if (problem) return problem;
    if (instr.keyword === 'FROM') seenFrom = true;
  }
  if (stages.length === 0) {
    return { line: 1, message: 'the Dockerfile has no FROM instruction', hint: 'add `FROM <image>` after the ARG lines' };
  }
  return null;
}

function checkOne(instr: Instruction, seenFrom: boolean, stageNames: Map<string, number>): Problem | null {
  const { keyword, line } = instr;
  if (!KEYWORDS.has(keyword)) {
    return {
      line,
      message: `unknown instruction ${JSON.stringify(instr.raw.split(/\s/)[0])}`,
      hint: 'check its spelling; if this line continues the previous instruction, end that one with a line continuation',
    };
  }
  if (!seenFrom && keyword !== 'ARG' && keyword !== 'FROM') {
    return { line, message: `${keyword} before the first FROM`, hint: 'only ARG may come before the first FROM; move this line below `FROM <image>`' };
  }
  return keyword === 'FROM' ? checkFrom(instr, stageNames) : null;
}

function checkFrom(instr: Instruction, stageNames: Map<string, number>): Problem | null {
  const { args, line } = instr;
  if (args.length === 0) return { line, message: 'FROM without an image', hint: 'write `FROM <image>[:tag] [AS name]`' };
  const named = args.length === 3 && args[1]!.toUpperCase() === 'AS';
  if (args.length !== 1 && !named) {
    return { line, message: `FROM takes an image and optionally \`AS name\`, not ${JSON.stringify(args.join(' '))}`, hint: 'write `FROM <image>[:tag] [AS name]`' };
  }
  if (named) {
    const key = args[2]!.toLowerCase();
    const previous = stageNames.get(key);
    if (previous !== undefined) {
      return { line, message: `duplicate stage name ${JSON.stringify(args[2])} (also on line ${previous})`, hint: 'give each stage its own name' };
    }
    stageNames.set(key, line);
  }
  return null;
}

export function checkHeredoc(instr: Instruction, name: string): Problem {
  return {
    line: instr.line,
    message: `heredoc <<${name} is never closed`,
    hint: `end it with a line holding only ${name}`,
  };
}
