// What "best" means for the ranked table. Each objective compares two ok variants; cold build times are compared as
// noise.ts says (inside the noise: equal). Ties on the objective fall to cold build time, then size.
import type { VariantResult } from '../results.js';
import { compareCold, coldTimed, sameTime } from './noise.js';

export { OBJECTIVES, type Objective, type RankObjective, type Weights } from '../results.js';
import { OBJECTIVES, type Objective, type RankObjective, type Weights } from '../results.js';

/** Build times below this are treated as equal: timings that short are noise, and it avoids dividing by 0. */
const MIN_SECONDS = 0.1;
const BALANCED: Weights = { size: 1, compressed: 0, build: 1 };

/** Negative when a is better than b, positive when worse, 0 when neither. */
export type Compare = (a: VariantResult, b: VariantResult) => number;

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

/** The objective, then cold build time, then size; `pool` is the set of ok variants weighted scores are relative to. */
export function objectiveCompare(objective: RankObjective, pool: readonly VariantResult[]): Compare {
  const primary = primaryCompare(objective, pool);
  return (a, b) => primary(a, b) || compareCold(a, b) || compareNumbers(sizeOf(a), sizeOf(b));
}

/** The objective alone: whether a beats b on what the run optimises. */
export function primaryCompare(objective: RankObjective, pool: readonly VariantResult[]): Compare {
  switch (objective) {
    case 'size':
      return (a, b) => compareNumbers(sizeOf(a), sizeOf(b));
    case 'compressed':
      return (a, b) => compareNumbers(compressedOf(a), compressedOf(b));
    case 'build':
      return compareCold;
    case 'balanced':
      return weightedCompare(BALANCED, pool);
    default:
      return weightedCompare(objective.weights, pool);
  }
}

/**
 * Scores are the product over the axes of (value / best value in the pool) ^ weight: scale-free, so bytes and
 * seconds need no exchange rate, and weights 1:1 mean "10% smaller is worth 10% slower". Two build times inside
 * each other's noise enter both scores as the same time, so only the other axes decide between them.
 */
function weightedCompare(weights: Weights, pool: readonly VariantResult[]): Compare {
  const best = (of: (v: VariantResult) => number) => {
    const min = Math.min(...pool.map(of).filter((n) => n > 0));
    return Number.isFinite(min) ? min : 1;
  };
  const [bestSize, bestCompressed, bestCold] = [best(sizeOf), best(compressedOf), best((v) => Math.max(MIN_SECONDS, coldSecondsOf(v)))];
  const score = (v: VariantResult, seconds: number) =>
    (sizeOf(v) / bestSize) ** weights.size * (compressedOf(v) / bestCompressed) ** weights.compressed
      * (Math.max(MIN_SECONDS, seconds) / bestCold) ** weights.build;
  return (a, b) => {
    const [ta, tb] = [coldTimed(a), coldTimed(b)];
    const tied = ta !== null && tb !== null && sameTime(ta, tb);
    const [sa, sb] = tied ? [Math.min(ta.seconds, tb.seconds), Math.min(ta.seconds, tb.seconds)] : [coldSecondsOf(a), coldSecondsOf(b)];
    return compareNumbers(score(a, sa), score(b, sb));
  };
}

/**
 * The ok variants best first. Noise makes "better" intransitive (a ties b, b ties c, a beats c), so the order is by
 * how many of the others each one beats less how many beat it (Copeland's count), then by name: the same input
 * always ranks the same, and where no noise is involved it is the plain sort order.
 */
export function rankOrder(ok: readonly VariantResult[], compare: Compare): VariantResult[] {
  const score = new Map(ok.map((a) => [a.name, ok.reduce((n, b) => n - Math.sign(a === b ? 0 : compare(a, b)), 0)]));
  return [...ok].sort((a, b) => score.get(b.name)! - score.get(a.name)! || compareNames(a.name, b.name));
}

function compareNumbers(a: number, b: number): number {
  if (a === b) return 0; // also Infinity === Infinity, which a - b would turn into NaN
  return a < b ? -1 : 1;
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
