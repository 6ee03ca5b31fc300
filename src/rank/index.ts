// rank/: objectives, rank order, Pareto front, the recommendation.
// Ranking is pure: ok variants in objective order (rank 1..n), then every other variant unranked in
// its original order, so a failed or smoke-failing variant can never look better than a working one.
import type { Outcome, VariantResult } from '../results.js';
import { objectiveComparator, type RankObjective } from './objectives.js';
import { paretoNames } from './pareto.js';
import { recommend } from './recommend.js';

export { OBJECTIVES, isObjective, objectiveLabel, type Objective, type RankObjective, type Weights } from './objectives.js';
export { dominates } from './pareto.js';
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
  const ranked = [...ok].sort(objectiveComparator(objective, ok));
  const front = paretoNames(ok);
  const rankedOut = ranked.map((v, i) => ({ ...v, rank: i + 1, pareto: front.has(v.name) }));
  const rest = variants.filter((v) => v.outcome !== 'ok').map((v) => ({ ...v, rank: null, pareto: false }));
  return {
    variants: [...rankedOut, ...rest],
    unranked: rest.map((v) => ({ name: v.name, outcome: v.outcome as Unranked['outcome'], reason: unrankedReason(v) })),
    ...recommend(ranked, variants, objective),
  };
}

function unrankedReason(v: VariantResult): string {
  const first = (v.error ?? '').split('\n').find((line) => line.trim() !== '');
  return first?.trim() ?? `${v.outcome} (no reason recorded)`;
}
