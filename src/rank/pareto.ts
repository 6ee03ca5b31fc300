// The Pareto front over (size, cold build time): variants no other ok variant beats on one axis
// without losing on the other. These are the only defensible choices whatever the trade-off.
// Build times inside the noise count as equal (noise.ts): a smaller variant 0.3 s "slower" still dominates.
import type { VariantResult } from '../results.js';
import { compareCold } from './noise.js';
import { coldSecondsOf, sizeOf } from './objectives.js';

export function paretoNames(ok: readonly VariantResult[]): Set<string> {
  const measured = ok.filter((v) => Number.isFinite(sizeOf(v)) && Number.isFinite(coldSecondsOf(v)));
  return new Set(measured.filter((v) => !measured.some((other) => dominates(other, v))).map((v) => v.name));
}

/** a dominates b: no worse on both axes and strictly better on at least one (build times as noise.ts compares them). */
export function dominates(a: VariantResult, b: VariantResult): boolean {
  const [sa, sb, time] = [sizeOf(a), sizeOf(b), compareCold(a, b)];
  return sa <= sb && time <= 0 && (sa < sb || time < 0);
}
