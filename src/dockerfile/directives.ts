// Parser directives (`# syntax=…`, `# escape=…`, `# check=…`) read the way BuildKit reads them: from the
// first line on, each line a directive with a known key, until the first line that is not one.
import type { Directive } from './model.js';

const DIRECTIVE = /^#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(.+?)\s*$/;
const KNOWN = new Set(['syntax', 'escape', 'check']);

export function readDirectives(text: string): Directive[] {
  const out: Directive[] = [];
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = DIRECTIVE.exec(lines[i]!.replace(/\r$/, '').trimStart());
    if (!m || !KNOWN.has(m[1]!.toLowerCase())) break;
    out.push({ name: m[1]!.toLowerCase(), value: m[2]!, line: i + 1 });
  }
  return out;
}
