// A measured saving of one variant against another, on the three axes the report explains. A cold-time saving
// inside the noise (rank/noise.ts) is kept as a number but marked, so the report says "no measurable change".
import { coldTimed, noiseFloor, sameTime } from '../rank/index.js';
import type { VariantResult } from '../results.js';

export interface Saving {
  /** Bytes less than the reference (negative: bigger); null when either side was not measured. */
  sizeBytes: number | null;
  /** Fraction of the reference's size saved (0.25 = 25% smaller). */
  sizeFraction: number | null;
  compressedBytes: number | null;
  compressedFraction: number | null;
  /** Seconds less cold build time than the reference (negative: slower). */
  coldSeconds: number | null;
  coldFraction: number | null;
  /** Whether coldSeconds is inside the noise (no measurable change); null when it was not measured. */
  coldInsideNoise: boolean | null;
  /** ± of coldSeconds (the two spreads together); null when either side's spread is unknown. */
  coldSpreadSeconds: number | null;
}

/** What `v` saves against `reference`; null when the reference has no image to compare with. */
export function savingOf(v: VariantResult, reference: VariantResult): Saving | null {
  if (reference.sizeBytes === null && reference.build === null) return null;
  const [size, compressed, cold] = [
    axis(v.sizeBytes, reference.sizeBytes),
    axis(v.compressedBytes, reference.compressedBytes),
    axis(v.build?.coldSeconds ?? null, reference.build?.coldSeconds ?? null),
  ];
  const [tv, tr] = [coldTimed(v), coldTimed(reference)];
  return {
    sizeBytes: size.delta, sizeFraction: size.fraction,
    compressedBytes: compressed.delta, compressedFraction: compressed.fraction,
    coldSeconds: cold.delta, coldFraction: cold.fraction,
    coldInsideNoise: tv && tr ? sameTime(tv, tr) : null,
    coldSpreadSeconds: tv?.spread != null && tr?.spread != null ? tv.spread + tr.spread : null,
  };
}

/** Σ of savings (for "single rules overlap": their sum against what the cumulative variant saves). */
export function sumSavings(savings: readonly Saving[], reference: VariantResult): Saving | null {
  if (savings.length === 0) return null;
  const sum = (pick: (s: Saving) => number | null) =>
    savings.every((s) => pick(s) !== null) ? savings.reduce((n, s) => n + (pick(s) ?? 0), 0) : null;
  const [size, compressed, cold] = [sum((s) => s.sizeBytes), sum((s) => s.compressedBytes), sum((s) => s.coldSeconds)];
  const fraction = (delta: number | null, base: number | null) => (delta === null || !base ? null : delta / base);
  return {
    sizeBytes: size, sizeFraction: fraction(size, reference.sizeBytes),
    compressedBytes: compressed, compressedFraction: fraction(compressed, reference.compressedBytes),
    coldSeconds: cold, coldFraction: fraction(cold, reference.build?.coldSeconds ?? null),
    // The sum of several noisy differences has no one spread: the floor judges it.
    coldInsideNoise: cold === null || !reference.build ? null : Math.abs(cold) <= noiseFloor(reference.build.coldSeconds),
    coldSpreadSeconds: null,
  };
}

function axis(value: number | null, base: number | null): { delta: number | null; fraction: number | null } {
  if (value === null || base === null) return { delta: null, fraction: null };
  return { delta: base - value, fraction: base === 0 ? null : (base - value) / base };
}
