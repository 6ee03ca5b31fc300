// How far predictions were from measurements (pure): per variant and per figure (size, compressed size, cold build
// time) the signed error in percent of the measured value; per figure the median |error| and the worst one. Used
// by `npm run bench:predict` (bench/predict.mjs) on `dflab plan --image --json` beside a run's results.json.

export type Figure = 'size' | 'compressed' | 'cold';
export const FIGURES: readonly Figure[] = ['size', 'compressed', 'cold'];

export interface Pair { predicted: number | null; measured: number | null; errorPercent: number | null }
export interface VariantError { name: string; size: Pair; compressed: Pair; cold: Pair }
export interface FigureSummary { count: number; medianAbsPercent: number | null; worst: { name: string; errorPercent: number } | null }

/** Signed error in percent of the measured value; null when either is missing or nothing was measured. */
export function errorPercent(predicted: number | null, measured: number | null): number | null {
  if (predicted === null || measured === null || measured === 0) return null;
  return ((predicted - measured) / measured) * 100;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const pair = (predicted: number | null, measured: number | null): Pair => ({ predicted, measured, errorPercent: errorPercent(predicted, measured) });

/** The figures a variant was predicted with (null: not predicted) and those it was measured with (null: not measured). */
export interface Figures { size: number | null; compressed: number | null; cold: number | null }

/** One row per measured variant that has a prediction entry (matched by name). */
export function variantErrors(predicted: ReadonlyMap<string, Figures>, measured: ReadonlyMap<string, Figures>): VariantError[] {
  const rows: VariantError[] = [];
  for (const [name, m] of measured) {
    const p = predicted.get(name) ?? { size: null, compressed: null, cold: null };
    rows.push({ name, size: pair(p.size, m.size), compressed: pair(p.compressed, m.compressed), cold: pair(p.cold, m.cold) });
  }
  return rows;
}

/**
 * Median |error| and the worst error of one figure over the rows that have it. `exclude` leaves rows out (the
 * original's size is the input of every prediction, not a prediction: counting it would flatter the median).
 */
export function summarize(rows: readonly VariantError[], figure: Figure, exclude: readonly string[] = []): FigureSummary {
  const errors = rows.filter((r) => !exclude.includes(r.name) && r[figure].errorPercent !== null).map((r) => ({ name: r.name, e: r[figure].errorPercent! }));
  const worst = errors.reduce<{ name: string; e: number } | null>((w, x) => (w === null || Math.abs(x.e) > Math.abs(w.e) ? x : w), null);
  return { count: errors.length, medianAbsPercent: median(errors.map((x) => Math.abs(x.e))), worst: worst && { name: worst.name, errorPercent: worst.e } };
}

/** Whether a summary meets a goal on the median (and, when given, on the worst) |error|; null when nothing was compared. */
export function meetsGoal(s: FigureSummary, goal: { medianPercent: number; worstPercent?: number }): boolean | null {
  if (s.medianAbsPercent === null) return null;
  if (s.medianAbsPercent > goal.medianPercent) return false;
  return goal.worstPercent === undefined || s.worst === null || Math.abs(s.worst.errorPercent) <= goal.worstPercent;
}
