// Whether a finished run answered its question: the original must build and pass its smoke test (there is
// nothing to compare with otherwise), and at least one variant must work when any was planned. Pure.
import { ORIGINAL, type Outcome, type Results } from '../results.js';

export type Verdict =
  | { kind: 'ok' }
  | { kind: 'original-failed'; outcome: Exclude<Outcome, 'ok'>; error: string }
  | { kind: 'all-failed'; count: number };

export function runVerdict(results: Results): Verdict {
  const original = results.variants.find((v) => v.name === ORIGINAL);
  if (original && original.outcome !== 'ok') return { kind: 'original-failed', outcome: original.outcome, error: firstLine(original.error) };
  const others = results.variants.filter((v) => v.name !== ORIGINAL);
  if (others.length > 0 && others.every((v) => v.outcome !== 'ok')) return { kind: 'all-failed', count: others.length };
  return { kind: 'ok' };
}

const ORIGINAL_WORDS: Record<Exclude<Outcome, 'ok'>, string> = {
  'build-failed': 'did not build',
  'smoke-failed': 'failed its smoke test',
  'base-unavailable': 'could not get its base image',
  skipped: 'was not measured',
};

/** One line for the terminal, or null when the run answered its question. */
export function describeVerdict(v: Verdict): string | null {
  switch (v.kind) {
    case 'ok': return null;
    case 'original-failed': return `the original ${ORIGINAL_WORDS[v.outcome]}${v.error ? ` (${v.error})` : ''}`;
    case 'all-failed': return `every variant failed (${v.count} of ${v.count}): none can be recommended`;
  }
}

function firstLine(text: string | null): string {
  return (text ?? '').split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}
