// Attributes image layers to the Dockerfile instructions that made them (pure). The base image's
// layers are grouped as one "base" record; `docker history` only knows the instruction text, so the
// remaining history entries are aligned in order with the instructions of the final stage's chain.
import type { LayerRecord } from '../results.js';

export interface HistoryRow { createdBy: string; sizeBytes: number }
export interface ChainInstruction { keyword: string; raw: string; line: number; stage: number }

/** Keyword of a history entry: BuildKit writes "RUN /bin/sh -c …", "COPY … # buildkit", "WORKDIR /app"… */
export function historyKeyword(createdBy: string): string {
  const text = createdBy.replace(/^\/bin\/sh -c #\(nop\)\s*/, '').trim();
  if (text.startsWith('/bin/sh -c') || text.startsWith('|')) return 'RUN';
  return (/^[A-Z]+/.exec(text)?.[0] ?? '').toUpperCase();
}

export function attributeLayers(history: HistoryRow[], baseHistoryCount: number, chain: ChainInstruction[]): LayerRecord[] {
  const base = history.slice(0, baseHistoryCount);
  const records: LayerRecord[] = [{ instruction: 'base', line: null, stage: null, sizeBytes: base.reduce((s, h) => s + h.sizeBytes, 0) }];
  let next = 0;
  for (const row of history.slice(baseHistoryCount)) {
    const keyword = historyKeyword(row.createdBy);
    const at = chain.findIndex((c, i) => i >= next && c.keyword === keyword);
    const match = at >= 0 ? chain[at] : undefined;
    if (match) next = at + 1;
    if (row.sizeBytes === 0 && !['RUN', 'COPY', 'ADD'].includes(keyword)) continue; // metadata-only entries
    records.push({
      instruction: match ? wholeInstruction(match.raw) : row.createdBy.replace(/ # buildkit$/, ''),
      line: match?.line ?? null,
      stage: match?.stage ?? null,
      sizeBytes: row.sizeBytes,
    });
  }
  return records;
}

/**
 * The instruction as one line, the way `docker history` shows created-by: continuation lines joined, comment lines
 * inside it dropped, runs of blanks collapsed (heredoc bodies kept). The whole of it: the size bars classify from it.
 */
export function wholeInstruction(raw: string): string {
  return raw.split(/\r\n|\r|\n/)
    .filter((l, k) => k === 0 || !/^\s*#/.test(l))
    .map((l) => l.replace(/[\\`]\s*$/, ''))
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
}
