// The order in which `--budget`/`--prove` build variants (pure): by predicted value under the run's objective, the
// same comparison the ranking of measured variants uses; variants with no prediction come after, in plan order.
import type { VariantResult } from '../results.js';
import { objectiveCompare, rankOrder, type RankObjective } from './objectives.js';

export interface PredictedFigures {
  name: string;
  /** null: not predicted. */
  sizeBytes: number | null;
  compressedBytes: number | null;
  coldSeconds: number | null;
}

export function predictedOrder(variants: readonly PredictedFigures[], objective: RankObjective): string[] {
  const predicted = variants.filter((v) => v.sizeBytes !== null).map(asResult);
  const ordered = rankOrder(predicted, objectiveCompare(objective, predicted)).map((v) => v.name);
  return [...ordered, ...variants.filter((v) => v.sizeBytes === null).map((v) => v.name)];
}

/** Predicted figures in the shape the objectives compare (nothing measured: no spread, no smoke). */
function asResult(v: PredictedFigures): VariantResult {
  return {
    name: v.name, rules: [], outcome: 'ok', dockerfile: '', patch: null, sizeBytes: v.sizeBytes, compressedBytes: v.compressedBytes,
    wastedBytes: null, efficiency: null, layers: [], build: v.coldSeconds === null ? null : { coldSeconds: v.coldSeconds, warmSeconds: null, steps: [] },
    smoke: null, rank: null, pareto: false, error: null,
  };
}
