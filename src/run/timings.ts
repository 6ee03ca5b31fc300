// Where a trial's time goes (issue 14): wall seconds per variant and phase, and the share of the run's wall time
// during which no build was running (what measuring, pushing and smoke-testing cost on top of the builds).
import type { RunTimings, VariantTimings } from '../results.js';
import { round } from './step-times.js';

export const PHASES = ['build', 'export', 'analysis', 'push', 'smoke', 'editRebuild'] as const;

export function noTimings(): VariantTimings {
  return { build: 0, export: 0, analysis: 0, push: 0, smoke: 0, editRebuild: 0 };
}

/** Times `fn` and adds its wall seconds to `timings[phase]`. */
export async function timed<T>(timings: VariantTimings, phase: keyof VariantTimings, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[phase] = round(timings[phase] + (performance.now() - started) / 1000);
  }
}

/** Records when builds run (cold, no-cache and edit-rebuild builds alike), to tell the time none did. */
export class BuildSpans {
  private readonly spans: [number, number][] = [];
  readonly startedAt = Date.now();

  async around<T>(fn: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try { return await fn(); } finally { this.spans.push([start, Date.now()]); }
  }

  /** Totals of the variants' timings and the share of [startedAt, now] with no build running. */
  summary(variants: (VariantTimings | undefined)[], now = Date.now()): RunTimings {
    const wall = Math.max(0.001, (now - this.startedAt) / 1000);
    const totals = noTimings();
    for (const t of variants) for (const p of PHASES) totals[p] = round(totals[p] + (t?.[p] ?? 0));
    const building = unionMs(this.spans) / 1000;
    return { wallSeconds: round(wall), totals, buildingSeconds: round(building), idleShare: round(Math.max(0, 1 - building / wall), 4) };
  }
}

export function unionMs(spans: [number, number][]): number {
  let total = 0;
  let end = -Infinity;
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (b <= end) continue;
    total += b - Math.max(a, end);
    end = b;
  }
  return total;
}
