// `dflab check` (pure): parse "1.5GB"-style limits; each threshold, and each growth limit against a baseline, is
// one gate with its figures, so text, JSON and JUnit show the same verdicts.
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

export interface Gate {
  /** Stable id: max-size, max-compressed, max-wasted, min-efficiency, growth-size-percent, growth-compressed-bytes … */
  id: string;
  ok: boolean;
  /** The measured figure (bytes or a fraction); null when it was not measured. */
  value: number | null;
  /** The limit it was held to, in the figure's unit. */
  limit: number;
  /** For a growth gate: the baseline's figure. */
  baseline?: number | null;
  /** One line saying what was compared, and how it came out. */
  message: string;
}

/** Growth allowed over a baseline: a percentage of the baseline's figure, bytes, or both (each is a gate). */
export interface Growth { maxPercent?: number; maxBytes?: number }

/** The figures a growth limit applies to, as results.json names them. */
export const GROWTH_METRICS = [
  { key: 'sizeBytes', name: 'size' },
  { key: 'compressedBytes', name: 'compressed' },
  { key: 'wastedBytes', name: 'wasted' },
] as const;

const bytes = (n: number) => prettyBytes(n);
const signed = (n: number) => `${n < 0 ? '−' : '+'}${bytes(Math.abs(n))}`;

export function thresholdGates(m: Measured, t: Thresholds): Gate[] {
  const out: Gate[] = [];
  const max = (id: string, label: string, value: number | null, limit: number | undefined) => {
    if (limit === undefined) return;
    if (value === null) out.push({ id, ok: false, value, limit, message: `${label}: not measured (limit ${bytes(limit)})` });
    else if (value > limit) out.push({ id, ok: false, value, limit, message: `${label} ${bytes(value)} exceeds ${bytes(limit)} by ${bytes(value - limit)}` });
    else out.push({ id, ok: true, value, limit, message: `${label} ${bytes(value)} is within ${bytes(limit)}` });
  };
  max('max-size', 'size', m.sizeBytes, t.maxSize);
  max('max-compressed', 'compressed size', m.compressedBytes, t.maxCompressed);
  max('max-wasted', 'wasted space', m.wastedBytes, t.maxWasted);
  if (t.minEfficiency !== undefined) out.push(efficiencyGate(m.efficiency, t.minEfficiency));
  return out;
}

function efficiencyGate(value: number | null, limit: number): Gate {
  const pct = (n: number) => `${(n * 100).toFixed(2)}%`;
  if (value === null) return { id: 'min-efficiency', ok: false, value, limit, message: `efficiency: not measured (minimum ${limit})` };
  const ok = value >= limit;
  return { id: 'min-efficiency', ok, value, limit, message: `efficiency ${pct(value)} is ${ok ? 'at or above' : 'below'} ${pct(limit)}` };
}

/** Size, compressed and wasted against the baseline's: one gate per figure and per limit given. */
export function growthGates(m: Measured, base: Measured, g: Growth): Gate[] {
  const out: Gate[] = [];
  for (const { key, name } of GROWTH_METRICS) {
    const now = m[key];
    const before = base[key];
    if (g.maxPercent !== undefined) {
      const limit = before === null ? null : Math.floor(before * g.maxPercent / 100);
      out.push(growthGate(`growth-${name}-percent`, name, now, before, limit, `${g.maxPercent}%`));
    }
    if (g.maxBytes !== undefined) out.push(growthGate(`growth-${name}-bytes`, name, now, before, g.maxBytes, bytes(g.maxBytes)));
  }
  return out;
}

function growthGate(id: string, name: string, now: number | null, before: number | null, limit: number | null, shown: string): Gate {
  if (now === null || before === null || limit === null) {
    const missing = now === null ? 'not measured' : 'not measured in the baseline';
    return { id, ok: false, value: now, limit: limit ?? 0, baseline: before, message: `${name} growth: ${missing} (limit ${shown})` };
  }
  const grown = now - before;
  const ok = grown <= limit;
  const rel = before > 0 ? ` (${grown >= 0 ? '+' : '−'}${(Math.abs(grown) / before * 100).toFixed(1)}%)` : '';
  const verdict = ok ? `within the allowed ${shown}` : `exceeds the allowed ${shown}`;
  return { id, ok, value: now, limit, baseline: before, message: `${name} ${bytes(before)} → ${bytes(now)}, ${signed(grown)}${rel}: ${verdict}` };
}

/** "5%" → {maxPercent: 5}; null when it is not a non-negative percentage. */
export function parsePercent(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*%?\s*$/.exec(text);
  return m ? Number(m[1]) : null;
}

/** The failed gates' lines (empty when every threshold holds). */
export function checkThresholds(m: Measured, t: Thresholds): string[] {
  return thresholdGates(m, t).filter((g) => !g.ok).map((g) => g.message);
}
