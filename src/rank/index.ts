// Ranking is pure: ok variants in objective order (rank 1..n), then every other variant unranked in
// its original order, so a failed or smoke-failing variant can never look better than a working one.
import type { VariantResult } from '../results.js';
import { objectiveComparator, type Objective } from './objectives.js';
import { paretoNames } from './pareto.js';
import { recommend } from './recommend.js';

export { OBJECTIVES, type Objective } from './objectives.js';
export { dominates } from './pareto.js';
export { percentSmaller } from './recommend.js';

export interface Ranking {
  variants: VariantResult[];
  recommended: string | null;
  reason: string;
}

export function rankVariants(variants: VariantResult[], objective: Objective = 'size'): Ranking {
  const ok = variants.filter((v) => v.outcome === 'ok');
  const ranked = [...ok].sort(objectiveComparator(objective, ok));
  const front = paretoNames(ok);
  const rankedOut = ranked.map((v, i) => ({ ...v, rank: i + 1, pareto: front.has(v.name) }));
  const rest = variants.filter((v) => v.outcome !== 'ok').map((v) => ({ ...v, rank: null, pareto: false }));
  return { variants: [...rankedOut, ...rest], ...recommend(ranked, variants, objective) };
}
