// `dflab check` thresholds (pure): parse "1.5GB"-style limits and list every violation.
import prettyBytes from 'pretty-bytes';

export interface Thresholds { maxSize?: number; maxCompressed?: number; minEfficiency?: number; maxWasted?: number }
export interface Measured { sizeBytes: number | null; compressedBytes: number | null; efficiency: number | null; wastedBytes: number | null }

const UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, k: 1e3, m: 1e6, g: 1e9,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
};

/** "1.5GB" → 1.5e9 (decimal units, as docker and pretty-bytes print them); "200MiB" → binary. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  if (!m) return null;
  const unit = UNITS[(m[2] || 'b').toLowerCase()];
  return unit === undefined ? null : Math.round(Number(m[1]) * unit);
}

export function checkThresholds(m: Measured, t: Thresholds): string[] {
  const out: string[] = [];
  const bytes = (n: number) => prettyBytes(n);
  const over = (label: string, value: number | null, limit: number | undefined) => {
    if (limit === undefined) return;
    if (value === null) out.push(`${label}: not measured (limit ${bytes(limit)})`);
    else if (value > limit) out.push(`${label} ${bytes(value)} exceeds ${bytes(limit)} by ${bytes(value - limit)}`);
  };
  over('size', m.sizeBytes, t.maxSize);
  over('compressed size', m.compressedBytes, t.maxCompressed);
  over('wasted space', m.wastedBytes, t.maxWasted);
  if (t.minEfficiency !== undefined) {
    if (m.efficiency === null) out.push(`efficiency: not measured (minimum ${t.minEfficiency})`);
    else if (m.efficiency < t.minEfficiency) out.push(`efficiency ${(m.efficiency * 100).toFixed(2)}% is below ${(t.minEfficiency * 100).toFixed(2)}%`);
  }
  return out;
}
