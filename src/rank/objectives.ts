// What "best" means for the ranked table. Each objective is a sort key over ok variants; ties are
// broken by cold build time and then by name, so the order is total and reproducible.
import type { VariantResult } from '../results.js';

export { OBJECTIVES, type Objective, type RankObjective, type Weights } from '../results.js';
import { OBJECTIVES, type Objective, type RankObjective, type Weights } from '../results.js';

/** Build times below this are treated as equal: timings that short are noise, and it avoids dividing by 0. */
const MIN_SECONDS = 0.1;
const BALANCED: Weights = { size: 1, compressed: 0, build: 1 };

export const sizeOf = (v: VariantResult): number => v.sizeBytes ?? Infinity;
// A variant whose compressed size was not measured sorts after those that have one.
export const compressedOf = (v: VariantResult): number => v.compressedBytes ?? Infinity;
export const coldSecondsOf = (v: VariantResult): number => v.build?.coldSeconds ?? Infinity;

export function isObjective(value: string): value is Objective {
  return (OBJECTIVES as readonly string[]).includes(value);
}

/** "size", or "weights size×2, build×1" for weights. */
export function objectiveLabel(objective: RankObjective): string {
  if (typeof objective === 'string') return objective;
  const parts = (Object.keys(objective.weights) as (keyof Weights)[])
    .filter((axis) => objective.weights[axis] > 0)
    .map((axis) => `${axis}×${objective.weights[axis]}`);
  return `weights ${parts.join(', ')}`;
}

/** Returns a comparator for the objective; `pool` is the set of ok variants the scores are relative to. */
export function objectiveComparator(objective: RankObjective, pool: readonly VariantResult[]): (a: VariantResult, b: VariantResult) => number {
  const key = objectiveKey(objective, pool);
  return (a, b) => compareNumbers(key(a), key(b)) || compareNumbers(coldSecondsOf(a), coldSecondsOf(b)) || compareNames(a.name, b.name);
}

/** The number the objective minimises; lower is better. */
export function objectiveKey(objective: RankObjective, pool: readonly VariantResult[]): (v: VariantResult) => number {
  switch (objective) {
    case 'size':
      return sizeOf;
    case 'compressed':
      return compressedOf;
    case 'build':
      return coldSecondsOf;
    case 'balanced':
      return weightedKey(BALANCED, pool);
    default:
      return weightedKey(objective.weights, pool);
  }
}

/**
 * The product over the axes of (value / best value in the pool) ^ weight: scale-free, so bytes and
 * seconds need no exchange rate, and weights 1:1 mean "10% smaller is worth 10% slower".
 */
function weightedKey(weights: Weights, pool: readonly VariantResult[]): (v: VariantResult) => number {
  const axes: [number, (v: VariantResult) => number][] = [
    [weights.size, sizeOf],
    [weights.compressed, compressedOf],
    [weights.build, (v) => Math.max(MIN_SECONDS, coldSecondsOf(v))],
  ];
  const used = axes.filter(([w]) => w > 0).map(([w, of]) => {
    const best = Math.min(...pool.map(of).filter((n) => n > 0));
    return { w, of, best: Number.isFinite(best) ? best : 1 };
  });
  return (v) => used.reduce((score, { w, of, best }) => score * (of(v) / best) ** w, 1);
}

function compareNumbers(a: number, b: number): number {
  if (a === b) return 0; // also Infinity === Infinity, which a - b would turn into NaN
  return a < b ? -1 : 1;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
