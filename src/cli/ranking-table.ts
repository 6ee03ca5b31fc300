// The ranking as a plain-text table for the terminal, after `dflab run`: best first, failures last. Figures are
// rounded as report.md rounds them; the table fits the terminal's width (columns dropped from the least telling
// first, long names cut), and an outcome other than ok is a short code with a numbered footnote carrying the cause.
import { coldText } from '../rank/index.js';
import { ORIGINAL, type Results, type VariantResult } from '../results.js';
import { bytes, delta } from '../report/view.js';

const GAP = '  ';

interface Column {
  head: string;
  /** Dropped first when the table is too wide: the lowest priority goes first. */
  priority: number;
  left?: boolean;
  cell: (v: VariantResult, original: VariantResult | null, note: string) => string;
}

const COLUMNS: Column[] = [
  { head: 'rank', priority: 5, left: true, cell: (v) => (v.rank === null ? '—' : String(v.rank)) },
  { head: 'variant', priority: 9, left: true, cell: (v) => v.name },
  { head: 'outcome', priority: 8, left: true, cell: (v, _o, note) => (v.outcome === 'ok' ? 'ok' : `${v.predictedOnly ? 'predicted only' : v.outcome} ${note}`) },
  // A variant not built shows its predicted size, marked with ≈ (never a measurement).
  { head: 'size', priority: 7, cell: (v) => (v.predictedOnly && v.predicted ? `≈${bytes(v.predicted.sizeBytes)}` : bytes(v.sizeBytes)) },
  { head: 'vs original', priority: 6, cell: (v, o) => (v.name === ORIGINAL ? 'baseline' : delta(v.sizeBytes, o?.sizeBytes ?? null)) },
  { head: 'compressed', priority: 3, cell: (v) => bytes(v.compressedBytes) },
  { head: 'cold build', priority: 4, cell: coldText },
  { head: 'smoke', priority: 2, cell: (v) => (v.smoke === null ? '—' : v.smoke.passed ? 'pass' : 'fail') },
];

/** The table, then one footnote per variant whose outcome is not ok; no line longer than `width`. */
export function rankingTable(results: Results, width = process.stdout.columns || 100): string {
  const original = results.variants.find((v) => v.name === ORIGINAL) ?? null;
  const variants = [...results.variants].sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name));
  const notes = new Map<string, number>();
  for (const v of variants) if (v.outcome !== 'ok') notes.set(v.name, notes.size + 1);
  const mark = (v: VariantResult) => (v.name === results.recommended ? ' *' : '');
  let columns = [...COLUMNS];
  const render = (nameCap: number): string[] => {
    const rows = variants.map((v) => columns.map((c) => {
      const text = c.cell(v, original, `[${notes.get(v.name) ?? ''}]`);
      return c.head === 'variant' ? cut(text, nameCap - mark(v).length) + mark(v) : text;
    }));
    const heads = columns.map((c) => c.head);
    const widths = heads.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((s, i) => (columns[i]!.left ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join(GAP).trimEnd();
    return [line(heads), ...rows.map(line)];
  };
  // Too wide: drop the redundant columns, then cut long names to 20, then drop more columns, then cut names further.
  let cap = Infinity;
  let lines = render(cap);
  const dropBelow = (priority: number) => {
    while (longest(lines) > width && columns.some((c) => c.priority < priority)) {
      const lowest = columns.reduce((a, b) => (b.priority < a.priority ? b : a));
      columns = columns.filter((c) => c !== lowest);
      lines = render(cap);
    }
  };
  const cutNames = (floor: number) => {
    for (let c = Math.min(cap, 40); c >= floor && longest(lines) > width; c -= 4) lines = render((cap = c));
  };
  dropBelow(4);
  cutNames(20);
  dropBelow(8);
  cutNames(8);
  const footnotes = variants.filter((v) => notes.has(v.name))
    .flatMap((v) => wrap(`[${notes.get(v.name)}] ${v.name}: ${(v.error ?? v.outcome).split('\n')[0]!.trim()}`, width, '    '));
  return [...lines, ...(footnotes.length ? ['', ...footnotes] : [])].join('\n');
}

function longest(lines: string[]): number {
  return Math.max(...lines.map((l) => [...l].length));
}

/** Word-wrapped to `width`, continuation lines indented; a word longer than a line is cut. */
function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const next = line === '' ? word : `${line} ${word}`;
    if ([...next].length <= width || line.trim() === '') line = next;
    else { out.push(line); line = `${indent}${word}`; }
  }
  out.push(line);
  return out.map((l) => cut(l, width));
}

function cut(text: string, max: number): string {
  return [...text].length <= max ? text : `${[...text].slice(0, Math.max(1, max - 1)).join('')}…`;
}
