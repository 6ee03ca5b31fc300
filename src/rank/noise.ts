// Differences inside the noise are ties. Two cold build times differ measurably only when they are further apart
// than their spreads together (the ± results.json records), or, when either spread is unknown (a step recorded
// only once), than a floor: max(0.5 s, 5% of the slower). 0.5 s is about what starting a build and its step
// containers varies by on an idle machine; 5% is how much a long build varies from run to run on a machine doing
// other work (issue 17: three runs of one small project put the same variant's saving at 0 s and at 3.7 s).
import type { VariantResult } from '../results.js';

export const NOISE_FLOOR_SECONDS = 0.5;
export const NOISE_FLOOR_FRACTION = 0.05;

/** A time with its ± (null: not known). */
export interface Timed { seconds: number; spread: number | null }

export const coldTimed = (v: VariantResult): Timed | null =>
  v.build ? { seconds: v.build.coldSeconds, spread: v.build.coldSpreadSeconds ?? null } : null;

/** What two times may differ by and still be the same measurement. */
export function noiseThreshold(a: Timed, b: Timed): number {
  if (a.spread !== null && b.spread !== null) return a.spread + b.spread;
  return noiseFloor(Math.max(a.seconds, b.seconds));
}

export function noiseFloor(seconds: number): number {
  return Math.max(NOISE_FLOOR_SECONDS, NOISE_FLOOR_FRACTION * seconds);
}

/** Whether the two times are the same within the noise. */
export function sameTime(a: Timed, b: Timed): boolean {
  return Math.abs(a.seconds - b.seconds) <= noiseThreshold(a, b) + 1e-9;
}

/**
 * a against b on cold build time: negative when a is measurably faster, positive when measurably slower, 0 inside
 * the noise. A variant with no build time is slower than any with one.
 */
export function compareCold(a: VariantResult, b: VariantResult): number {
  const [ta, tb] = [coldTimed(a), coldTimed(b)];
  if (ta === null || tb === null) return ta === tb ? 0 : ta === null ? 1 : -1;
  return sameTime(ta, tb) ? 0 : ta.seconds < tb.seconds ? -1 : 1;
}

/** "12.3 s", "12.3 ± 0.4 s": one rounding for every place a time is shown. */
export function secondsText(seconds: number, spread: number | null | undefined = null): string {
  if (!Number.isFinite(seconds)) return '? s';
  return spread === null || spread === undefined ? `${seconds.toFixed(1)} s` : `${seconds.toFixed(1)} ± ${spread.toFixed(1)} s`;
}

/** A variant's cold build time as shown: "12.3 ± 0.4 s", "—" when it has none. */
export function coldText(v: VariantResult): string {
  return v.build ? secondsText(v.build.coldSeconds, v.build.coldSpreadSeconds) : '—';
}
