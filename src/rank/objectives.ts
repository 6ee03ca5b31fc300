// What "best" means for the ranked table. Each objective is a sort key over ok variants; ties are
// broken by cold build time and then by name, so the order is total and reproducible.
import type { VariantResult } from '../results.js';

export const OBJECTIVES = ['size', 'compressed', 'build', 'balanced'] as const;
export type Objective = (typeof OBJECTIVES)[number];

/** Build times below this are treated as equal: timings that short are noise, and it avoids dividing by 0. */
const MIN_SECONDS = 0.1;

export const sizeOf = (v: VariantResult): number => v.sizeBytes ?? Infinity;
export const coldSecondsOf = (v: VariantResult): number => v.build?.coldSeconds ?? Infinity;

/** Returns a comparator for the objective; `pool` is the set of ok variants the scores are relative to. */
export function objectiveComparator(objective: Objective, pool: readonly VariantResult[]): (a: VariantResult, b: VariantResult) => number {
  const key = objectiveKey(objective, pool);
  return (a, b) => compareNumbers(key(a), key(b)) || compareNumbers(coldSecondsOf(a), coldSecondsOf(b)) || compareNames(a.name, b.name);
}

function objectiveKey(objective: Objective, pool: readonly VariantResult[]): (v: VariantResult) => number {
  switch (objective) {
    case 'size':
      return sizeOf;
    // A variant whose compressed size was not measured sorts after those that have one.
    case 'compressed':
      return (v) => v.compressedBytes ?? Infinity;
    case 'build':
      return coldSecondsOf;
    case 'balanced': {
      // Equal weight to relative size and relative build time: the product of each axis' ratio to
      // the best on that axis (scale-free, so bytes and seconds need no exchange rate).
      const minSize = Math.min(...pool.map(sizeOf));
      const minSeconds = Math.max(MIN_SECONDS, Math.min(...pool.map(coldSecondsOf)));
      return (v) => (sizeOf(v) / minSize) * (Math.max(MIN_SECONDS, coldSecondsOf(v)) / minSeconds);
    }
  }
}

function compareNumbers(a: number, b: number): number {
  if (a === b) return 0; // also Infinity === Infinity, which a - b would turn into NaN
  return a < b ? -1 : 1;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
