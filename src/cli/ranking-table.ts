// The ranking as a plain-text table for the terminal, after `dflab run`: best first, failures last with why.
import prettyBytes from 'pretty-bytes';
import { ORIGINAL, type Results } from '../results.js';

export function rankingTable(results: Results): string {
  const original = results.variants.find((v) => v.name === ORIGINAL);
  const rows = [...results.variants]
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity) || a.name.localeCompare(b.name))
    .map((v) => {
      const size = v.sizeBytes === null ? '—' : prettyBytes(v.sizeBytes);
      const delta = v.sizeBytes !== null && original?.sizeBytes && v.name !== ORIGINAL
        ? `${Math.round(((v.sizeBytes - original.sizeBytes) / original.sizeBytes) * 100)}%` : '';
      return [
        v.rank === null ? '—' : String(v.rank),
        `${v.name}${v.name === results.recommended ? ' *' : ''}`,
        v.outcome === 'ok' ? 'ok' : `${v.outcome}: ${(v.error ?? '').split('\n')[0]!.slice(0, 60)}`,
        size, delta,
        v.compressedBytes === null ? '—' : prettyBytes(v.compressedBytes),
        v.build ? `${v.build.coldSeconds.toFixed(0)} s` : '—',
        v.smoke === null ? '—' : v.smoke.passed ? 'pass' : 'fail',
      ];
    });
  const head = ['rank', 'variant', 'outcome', 'size', 'vs orig', 'compressed', 'cold build', 'smoke'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 2 ? c.padEnd(widths[i]!) : i <= 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n');
}
