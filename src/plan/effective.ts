// A variant's effective build: what BuildKit reads from its Dockerfile (parser directives, and per instruction
// its keyword, flags, arguments with continuations joined, blanks outside quotes collapsed, and heredoc bodies
// as written; comment and empty lines dropped), with the context files it changes. Two variants with the same
// effective build build the same image: the planner keeps the first.
import { parseDockerfile, type DockerfileModel, type Instruction } from '../dockerfile/index.js';
import type { FileEdit } from '../rules/types.js';

/** The effective build of a Dockerfile text and its file edits, as one comparable string. */
export function effectiveKey(dockerfile: string | DockerfileModel, files: FileEdit[]): string {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return JSON.stringify([effectiveDockerfile(dockerfile), sorted.map((f) => [f.path, f.newText])]);
}

/** The Dockerfile as BuildKit reads it; the text itself when it does not parse (then only identical texts match). */
export function effectiveDockerfile(dockerfile: string | DockerfileModel): string {
  let model: DockerfileModel;
  try {
    model = typeof dockerfile === 'string' ? parseDockerfile(dockerfile) : dockerfile;
  } catch {
    return `unparsed:${dockerfile as string}`;
  }
  const directives = model.directives.map((d) => `#${d.name.toLowerCase()}=${d.value}`);
  return [...directives, ...model.instructions.map(effectiveInstruction)].join('\n');
}

/** One instruction as BuildKit reads it. */
export function effectiveInstruction(i: Instruction): string {
  const flags = i.flags.map((f) => `--${f.name}${f.value === null ? '' : `=${f.value}`}`);
  const args = i.jsonForm ? JSON.stringify(i.args) : collapseBlanks(i.argsText);
  const bodies = i.heredocs.map((h) => `<<${h.name}\n${h.body}\n${h.name}`);
  return [[i.keyword, ...flags, args].filter((s) => s !== '').join(' '), ...bodies].join('\n');
}

/** Runs of blanks outside quotes become one space (`a  b` and `a b` are the same command; `"a  b"` is not `"a b"`). */
export function collapseBlanks(text: string): string {
  let out = '';
  let quote: string | null = null;
  let blank = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === null && (ch === ' ' || ch === '\t')) {
      blank = true;
      continue;
    }
    if (blank && out !== '') out += ' ';
    blank = false;
    if (ch === '\\' && quote !== "'") {
      out += ch + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") quote = quote === null ? ch : quote === ch ? null : quote;
    out += ch;
  }
  return out;
}
