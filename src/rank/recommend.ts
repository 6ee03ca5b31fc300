// The one-sentence verdict: recommend the best-ranked variant only when it is a change and it beats the
// original on the objective; otherwise say, with numbers, why nothing is recommended.
import prettyBytes from 'pretty-bytes';
import { ORIGINAL, type VariantResult } from '../results.js';
import { coldTimed, coldText, sameTime } from './noise.js';
import { coldSecondsOf, compressedOf, objectiveLabel, primaryCompare, sizeOf, type RankObjective } from './objectives.js';

export interface Recommendation {
  recommended: string | null;
  reason: string;
}

const OBJECTIVE_WORDS: Record<string, string> = {
  size: 'smallest image',
  compressed: 'smallest compressed image',
  build: 'fastest cold build',
  balanced: 'best balance of size and build time',
};

/** `ranked` are the ok variants in rank order; `all` every variant, for counting failures. */
export function recommend(ranked: readonly VariantResult[], all: readonly VariantResult[], objective: RankObjective): Recommendation {
  const best = ranked[0];
  if (!best) return { recommended: null, reason: nothingFinished(all) };
  const words = typeof objective === 'string' ? OBJECTIVE_WORDS[objective] ?? objective : `best score (${objectiveLabel(objective)})`;
  const original = all.find((v) => v.name === ORIGINAL);
  if (best.name === ORIGINAL) {
    return { recommended: null, reason: `original already has the ${words} (${measureText(best, objective)}); no variant beats it.` };
  }
  const missing = !original ? 'was not part of this run'
    : original.sizeBytes === null ? `did not produce an image (${original.outcome})`
      : objective === 'compressed' && original.compressedBytes === null ? 'has no measured compressed size'
        : null;
  if (!original || missing) {
    return { recommended: null, reason: `${best.name} ranks first, but original ${missing}, so there is nothing to compare it with.` };
  }
  // Weighted scores are relative to the pool's best (the original is part of it even when it did not finish ok).
  const beats = primaryCompare(objective, ranked.includes(original) ? ranked : [...ranked, original]);
  if (!(beats(best, original) < 0)) {
    if (objective === 'build' && tiedCold(best, original)) {
      return {
        recommended: null,
        reason: `${best.name} ranks first, but its cold build is not measurably faster than original's (${coldText(best)} vs ${coldText(original)}: inside the noise), so nothing is recommended.`,
      };
    }
    return {
      recommended: null,
      reason: `${best.name} has the ${words} but does not beat original on it (${measureText(best, objective)} vs ${measureText(original, objective)}), so nothing is recommended.`,
    };
  }
  const smoke = best.smoke ? 'passed its smoke test' : 'built (no smoke test is configured)';
  const originalNote = original.outcome === 'ok' ? '' : ` (original: ${original.outcome})`;
  // Under --objective build, variants inside the noise of the fastest share its place and size decides: say so.
  const tied = objective === 'build' ? ranked.filter((v) => v !== best && beats(v, best) === 0).length : 0;
  const ties = tied ? ` ${tied} other variant${tied === 1 ? ' is' : 's are'} as fast within the noise; ties are ranked by size.` : '';
  return { recommended: best.name, reason: `${gain(best, original, objective, words)}${originalNote} and ${smoke}.${ties}` };
}

/** The clause that says what the recommended variant gains, with both numbers. */
function gain(best: VariantResult, original: VariantResult, objective: RankObjective, words: string): string {
  const [size, base] = [sizeOf(best), sizeOf(original)];
  const sizes = `${prettyBytes(size)} vs ${prettyBytes(base)}`;
  switch (objective) {
    case 'size':
      return `${best.name} is ${percentSmaller(size, base)} smaller than original (${sizes})`;
    case 'compressed': {
      const [c, cb] = [compressedOf(best), compressedOf(original)];
      return `${best.name}'s compressed image is ${percentSmaller(c, cb)} smaller than original's (${prettyBytes(c)} vs ${prettyBytes(cb)})`;
    }
    case 'build': {
      const [t, tb] = [coldSecondsOf(best), coldSecondsOf(original)];
      return `${best.name}'s cold build is ${percentSmaller(t, tb)} faster than original's (${coldText(best)} vs ${coldText(original)}; size ${sizes})`;
    }
    default: {
      const cold = tiedCold(best, original) ? `cold build the same within the noise (${coldText(best)} vs ${coldText(original)})` : `cold build ${coldText(best)} vs ${coldText(original)}`;
      return `${best.name} has the ${words}: size ${sizes}, ${cold}`;
    }
  }
}

/** Both cold times known and inside each other's noise. */
function tiedCold(a: VariantResult, b: VariantResult): boolean {
  const [ta, tb] = [coldTimed(a), coldTimed(b)];
  return ta !== null && tb !== null && sameTime(ta, tb);
}

/** "71%", or one decimal under 1% so a small saving does not read as "0%". */
export function percentSmaller(size: number, base: number): string {
  const pct = (1 - size / base) * 100;
  return pct < 1 ? `${pct.toFixed(1)}%` : `${Math.round(pct)}%`;
}

function measureText(v: VariantResult, objective: RankObjective): string {
  const size = v.sizeBytes === null ? 'size unknown' : prettyBytes(v.sizeBytes);
  if (objective === 'compressed') return v.compressedBytes === null ? 'compressed size unknown' : `${prettyBytes(v.compressedBytes)} compressed`;
  if (objective === 'build') return v.build ? `${coldText(v)} cold build` : 'cold build time unknown';
  if (objective === 'size') return size;
  return `${size}, ${v.build ? coldText(v) : '?'} cold build`;
}

function nothingFinished(all: readonly VariantResult[]): string {
  if (all.length === 0) return 'No variants were run, so there is nothing to recommend.';
  const counts = new Map<string, number>();
  for (const v of all) counts.set(v.outcome, (counts.get(v.outcome) ?? 0) + 1);
  const detail = [...counts].map(([outcome, n]) => `${n} ${outcome}`).join(', ');
  return `None of the ${all.length} variants finished ok (${detail}), so nothing is recommended.`;
}
