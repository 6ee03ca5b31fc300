// What a rule that could not be tried would have saved, from what the original image holds (pure).
import prettyBytes from 'pretty-bytes';
import type { ImportAnalysis } from '../rules/types.js';
import type { ReasonCode } from '../reasons.js';
import type { SkippedRule } from './types.js';

/** Rules whose saving is the deep-learning stack they replace or slim. */
const REPLACES_STACK = new Set(['onnx-runtime', 'torch-cpu']);
/** Left out by the user's selection: no estimate for those. */
const UNSELECTED = new Set<ReasonCode>(['not-included', 'excluded']);

/** Adds to the reason of onnx-runtime/torch-cpu, when not tried, the bytes torch & co. take in the original. */
export function withSavingEstimates(skipped: SkippedRule[], evidence: ImportAnalysis | undefined): SkippedRule[] {
  const heavy = Object.entries(evidence?.heavyBytes ?? {}).filter(([, b]) => b > 0).sort((a, b) => b[1] - a[1]);
  if (heavy.length === 0) return skipped;
  const total = heavy.reduce((s, [, b]) => s + b, 0);
  const top = heavy.slice(0, 4).map(([n, b]) => `${n.replace(/^deb:/, '')} ${prettyBytes(b)}`).join(', ');
  const estimate = `estimated saving: torch & co. take ${prettyBytes(total)} in the original (${top}${heavy.length > 4 ? ', …' : ''})`;
  return skipped.map((s) => (REPLACES_STACK.has(s.rule) && !UNSELECTED.has(s.code) ? { ...s, reason: `${s.reason}; ${estimate}` } : s));
}
