// Just enough CommonMark to check report.md's structure in tests: fenced code blocks open on a line
// of 3+ backticks and close only on a line of at least as many backticks and nothing else.
export interface Fenced { info: string; content: string }

export function splitFences(md: string): { outside: string; blocks: Fenced[] } {
  const outside: string[] = [];
  const blocks: Fenced[] = [];
  let open: { fence: string; info: string; lines: string[] } | null = null;
  for (const line of md.split('\n')) {
    if (open) {
      const close = /^ {0,3}(`{3,})\s*$/.exec(line);
      if (close?.[1] && close[1].length >= open.fence.length) {
        blocks.push({ info: open.info, content: open.lines.map((l) => `${l}\n`).join('') });
        open = null;
      } else {
        open.lines.push(line);
      }
      continue;
    }
    const start = /^ {0,3}(`{3,})([^`]*)$/.exec(line);
    if (start?.[1]) open = { fence: start[1], info: (start[2] ?? '').trim(), lines: [] };
    else outside.push(line);
  }
  if (open) throw new Error('unclosed code fence');
  return { outside: outside.join('\n'), blocks };
}

/** Pipes that separate table cells (not backslash-escaped). */
export function cellSeparators(line: string): number {
  return (line.match(/(?<!\\)\|/g) ?? []).length;
}
