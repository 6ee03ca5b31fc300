// rank/: objectives, rank order, Pareto front, the recommendation.
// Ranking is pure: ok variants in objective order (rank 1..n), then every other variant unranked in
// its original order, so a failed or smoke-failing variant can never look better than a working one.
import type { Outcome, Results, VariantResult } from '../results.js';
import { objectiveCompare, rankOrder, type RankObjective } from './objectives.js';
import { paretoNames } from './pareto.js';
import { recommend } from './recommend.js';

export { OBJECTIVES, isObjective, objectiveLabel, type Objective, type RankObjective, type Weights } from './objectives.js';
export { dominates } from './pareto.js';
export { coldText, coldTimed, compareCold, noiseFloor, sameTime, secondsText, type Timed, NOISE_FLOOR_FRACTION, NOISE_FLOOR_SECONDS } from './noise.js';
export { percentSmaller } from './recommend.js';

export interface Unranked {
  name: string;
  outcome: Exclude<Outcome, 'ok'>;
  /** The first line of the variant's error: why it is not ranked. */
  reason: string;
}

export interface Ranking {
  variants: VariantResult[];
  /** The variants left out of the ranking, with why, in their given order. */
  unranked: Unranked[];
  recommended: string | null;
  reason: string;
}

export function rankVariants(variants: VariantResult[], objective: RankObjective = 'size'): Ranking {
  const ok = variants.filter((v) => v.outcome === 'ok');
  const ranked = rankOrder(ok, objectiveCompare(objective, ok));
  const front = paretoNames(ok);
  const rankedOut = ranked.map((v, i) => ({ ...v, rank: i + 1, pareto: front.has(v.name) }));
  const rest = variants.filter((v) => v.outcome !== 'ok').map((v) => ({ ...v, rank: null, pareto: false }));
  return {
    variants: [...rankedOut, ...rest],
    unranked: rest.map(unranked),
    ...recommend(ranked, variants, objective),
  };
}

/** The variant the ranking would recommend were the variants `leaveOut` accepts not there (null: none, or the original). */
export function recommendedWithout(variants: VariantResult[], objective: RankObjective, leaveOut: (v: VariantResult) => boolean): string | null {
  return rankVariants(variants.filter((v) => !leaveOut(v)), objective).recommended;
}

/** results with the ranking applied: what results.json records of it (ranks, Pareto marks, the recommendation and why). */
export function withRanking(results: Results, ranking: Ranking, objective: RankObjective): Results {
  return { ...results, variants: ranking.variants, recommended: ranking.recommended, recommendedReason: ranking.reason, objective };
}

/**
 * The ranking a report shows: the one results.json records, unless another objective is asked for (or the file
 * predates the recorded reason, when ranking again by its own objective gives the same order).
 */
export function rankingFor(results: Results, objective?: RankObjective): { ranking: Ranking; objective: RankObjective } {
  const recorded = results.objective ?? 'size';
  const wanted = objective ?? recorded;
  if (JSON.stringify(wanted) === JSON.stringify(recorded) && results.recommendedReason !== undefined) {
    const rest = results.variants.filter((v) => v.rank === null);
    return {
      objective: recorded,
      ranking: { variants: results.variants, unranked: rest.map(unranked), recommended: results.recommended, reason: results.recommendedReason },
    };
  }
  return { objective: wanted, ranking: rankVariants(results.variants, wanted) };
}

function unranked(v: VariantResult): Unranked {
  return { name: v.name, outcome: v.outcome as Unranked['outcome'], reason: unrankedReason(v) };
}

function unrankedReason(v: VariantResult): string {
  const first = (v.error ?? '').split('\n').find((line) => line.trim() !== '');
  return first?.trim() ?? `${v.outcome} (no reason recorded)`;
}
