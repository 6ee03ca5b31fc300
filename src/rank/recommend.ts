// The one-sentence verdict: recommend the best-ranked variant only when it is a change and it makes
// the image smaller than the original; otherwise say, with numbers, why nothing is recommended.
import prettyBytes from 'pretty-bytes';
import type { VariantResult } from '../results.js';
import type { Objective } from './objectives.js';

export const ORIGINAL = 'original';

export interface Recommendation {
  recommended: string | null;
  reason: string;
}

const OBJECTIVE_WORDS: Record<Objective, string> = {
  size: 'smallest image',
  compressed: 'smallest compressed image',
  build: 'fastest cold build',
  balanced: 'best balance of size and build time',
};

/** `ranked` are the ok variants in rank order; `all` every variant, for counting failures. */
export function recommend(ranked: readonly VariantResult[], all: readonly VariantResult[], objective: Objective): Recommendation {
  const best = ranked[0];
  if (!best) return { recommended: null, reason: nothingFinished(all) };
  const original = all.find((v) => v.name === ORIGINAL);
  if (best.name === ORIGINAL) {
    return { recommended: null, reason: `original already has the ${OBJECTIVE_WORDS[objective]} (${sizeText(best)}); no variant beats it.` };
  }
  if (!original || original.sizeBytes === null) {
    const why = original ? `did not produce an image (${original.outcome})` : 'was not part of this run';
    return { recommended: null, reason: `${best.name} ranks first, but original ${why}, so there is no size to compare it with.` };
  }
  const [size, base] = [best.sizeBytes ?? Infinity, original.sizeBytes];
  if (!(size < base)) {
    return {
      recommended: null,
      reason: `${best.name} has the ${OBJECTIVE_WORDS[objective]} but is not smaller than original (${sizeText(best)} vs ${prettyBytes(base)}), so nothing is recommended.`,
    };
  }
  const smoke = best.smoke ? 'passed its smoke test' : 'built (no smoke test is configured)';
  const originalNote = original.outcome === 'ok' ? '' : ` (original: ${original.outcome})`;
  return {
    recommended: best.name,
    reason: `${best.name} is ${percentSmaller(size, base)} smaller than original (${prettyBytes(size)} vs ${prettyBytes(base)})${originalNote} and ${smoke}.`,
  };
}

/** "71%", or one decimal under 1% so a small saving does not read as "0%". */
export function percentSmaller(size: number, base: number): string {
  const pct = (1 - size / base) * 100;
  return pct < 1 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}

function sizeText(v: VariantResult): string {
  return v.sizeBytes === null ? 'size unknown' : prettyBytes(v.sizeBytes);
}

function nothingFinished(all: readonly VariantResult[]): string {
  if (all.length === 0) return 'No variants were run, so there is nothing to recommend.';
  const counts = new Map<string, number>();
  for (const v of all) counts.set(v.outcome, (counts.get(v.outcome) ?? 0) + 1);
  const detail = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  return `None of the ${all.length} variants finished ok (${detail}), so nothing is recommended.`;
}
