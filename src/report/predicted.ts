// Predicted against measured, per variant (pure): what the run predicted from the original alone for each variant, what it
// measured, the error, and — for a miss of more than 15% — which predicted contributors were wrong, checked against
// the measured image diff (packages removed and added, the directories that changed most).
import prettyBytes from 'pretty-bytes';
import { median } from '../measure/spread.js';
import { ORIGINAL, type ImageDiff, type PredictedRecord, type Results, type VariantResult } from '../results.js';

/** A size error beyond this is explained. */
export const LARGE_MISS_PERCENT = 15;

export interface PredictionRow {
  name: string;
  predictedOnly: boolean;
  /** "1.2 GB → 1.3 GB (−7.7%)", "~1.2 GB, not built", "—". */
  size: string;
  compressed: string;
  cold: string;
}

export interface PredictionView {
  rows: PredictionRow[];
  misses: { name: string; lines: string[] }[];
  unpredicted: { name: string; code: string; message: string }[];
  /** "median |size error| 3.1% over 4 variants"; null when nothing was both predicted and measured. */
  summary: string | null;
}

/** Where the caches the predictors count show up in a measured diff (its directory paths). */
const KEY_DIRS: [RegExp, string][] = [
  [/^pip-cache:/, 'root/.cache/pip'], [/^uv-cache:/, 'root/.cache/uv'], [/^apt-lists(?::|$)/, 'var/lib/apt/lists'], [/^apt-cache(?::|$)/, 'var/cache/apt'],
];

export function predictionView(results: Results): PredictionView | null {
  const variants = results.variants.filter((v) => v.name !== ORIGINAL && (v.predicted || v.unpredicted));
  if (variants.length === 0) return null;
  const original = results.variants.find((v) => v.name === ORIGINAL) ?? null;
  const predicted = variants.filter((v): v is VariantResult & { predicted: PredictedRecord } => v.predicted !== undefined);
  const errors = predicted.flatMap((v) => (v.sizeBytes === null ? [] : [Math.abs(errorPercent(v.predicted.sizeBytes, v.sizeBytes))]));
  return {
    rows: predicted.map((v) => ({
      name: v.name, predictedOnly: v.predictedOnly === true,
      size: pair(v, v.predicted.sizeBytes, v.sizeBytes, bytes),
      compressed: pair(v, v.predicted.compressedBytes, v.compressedBytes, bytes),
      cold: pair(v, v.predicted.coldSeconds, v.build && v.sizeBytes !== null ? v.build.coldSeconds : null, (s) => `${s.toFixed(1)} s`),
    })),
    misses: predicted.flatMap((v) => {
      if (v.sizeBytes === null || Math.abs(errorPercent(v.predicted.sizeBytes, v.sizeBytes)) <= LARGE_MISS_PERCENT) return [];
      return [{ name: v.name, lines: missLines(v, v.sizeBytes, original?.sizeBytes ?? null) }];
    }),
    unpredicted: variants.flatMap((v) => (v.unpredicted ? [{ name: v.name, ...v.unpredicted }] : [])),
    summary: errors.length ? `median |size error| ${percent(median(errors))}, worst ${percent(Math.max(...errors))}, over ${errors.length} variant${errors.length === 1 ? '' : 's'} built` : null,
  };
}

function pair(v: VariantResult, predicted: number | null, measured: number | null, fmt: (n: number) => string): string {
  if (predicted === null) return '—';
  if (v.predictedOnly || measured === null) return `≈${fmt(predicted)}${v.predictedOnly ? ', not built' : ''}`;
  return `${fmt(predicted)} → ${fmt(measured)} (${signedPercent(errorPercent(predicted, measured))})`;
}

/** Predicted over measured, in percent of the measured figure. */
export function errorPercent(predicted: number, measured: number): number {
  return measured === 0 ? (predicted === 0 ? 0 : Infinity) : (predicted / measured - 1) * 100;
}

/** Why a prediction missed: the figures, the contributors the diff contradicts most, what changed unpredicted. */
function missLines(v: VariantResult & { predicted: PredictedRecord }, measured: number, original: number | null): string[] {
  const change = (n: number) => (original === null ? '' : ` (${signedBytes(n - original)} against original)`);
  const lines = [`predicted ${bytes(v.predicted.sizeBytes)}${change(v.predicted.sizeBytes)}, measured ${bytes(measured)}${change(measured)}: ${signedPercent(errorPercent(v.predicted.sizeBytes, measured))}`];
  if (!v.diff) return [...lines, 'no image diff was measured for this variant: its contributors cannot be checked'];
  const checks = v.predicted.contributors.map((c) => checkContributor(c, v.diff!)).filter((c): c is Check => c !== null);
  checks.sort((a, b) => b.wrongBytes - a.wrongBytes);
  lines.push(...checks.filter((c) => c.wrongBytes > 0).slice(0, 3).map((c) => c.line));
  const named = new Set(v.predicted.contributors.flatMap((c) => (c.keys ?? []).map(diffName)));
  const unnamed = (list: string[]) => list.filter((p) => !named.has(p));
  const [removed, added] = [unnamed(v.diff.packagesRemoved), unnamed(v.diff.packagesAdded)];
  if (removed.length) lines.push(`removed, but no contributor predicted it: ${names(removed)}`);
  if (added.length) lines.push(`added, but no contributor predicted it: ${names(added)}`);
  if (original !== null) {
    const sum = v.predicted.contributors.reduce((s, c) => s + c.bytes, 0);
    lines.push(`the contributors add up to ${signedBytes(sum)}; the measured change is ${signedBytes(measured - original)}`);
  }
  return lines;
}

interface Check { wrongBytes: number; line: string }

/** How far the measured diff contradicts one contributor; null when the diff cannot say. */
function checkContributor(c: PredictedRecord['contributors'][number], diff: ImageDiff): Check | null {
  const keys = c.keys ?? [];
  const packages = keys.filter((k) => /^(?:deb|python|conda):/.test(k));
  if (c.bytes < 0 && packages.length > 0) {
    const removed = new Set(diff.packagesRemoved);
    const kept = packages.filter((k) => !removed.has(diffName(k)));
    const wrongBytes = Math.round((-c.bytes * kept.length) / packages.length);
    return { wrongBytes, line: `"${c.what}" (predicted ${signedBytes(c.bytes)}): ${kept.length} of its ${packages.length} packages are still in the image (${names(kept.map(diffName))})` };
  }
  const dir = KEY_DIRS.find(([re]) => keys.some((k) => re.test(k)))?.[1];
  if (!dir) return null;
  const measured = diff.dirs.find((d) => d.path === dir)?.deltaBytes;
  if (measured === undefined) return null;
  return { wrongBytes: Math.abs(c.bytes - measured), line: `"${c.what}": predicted ${signedBytes(c.bytes)}, measured ${signedBytes(measured)} in /${dir}` };
}

/** A prediction's unit key as the image diff names the package (`python:x` is `pip:x` there). */
function diffName(key: string): string {
  return key.replace(/^python:/, 'pip:');
}

function names(list: string[]): string {
  return `${list.slice(0, 6).join(', ')}${list.length > 6 ? `, … ${list.length - 6} more` : ''}`;
}

const bytes = (n: number) => prettyBytes(n);
const signedBytes = (n: number) => (n === 0 ? '0 B' : prettyBytes(n, { signed: true }).replace('-', '−'));
const percent = (n: number) => `${n < 10 ? n.toFixed(1) : Math.round(n)}%`;
const signedPercent = (n: number) => (Number.isFinite(n) ? `${n > 0 ? '+' : n < 0 ? '−' : '±'}${percent(Math.abs(n))}` : 'n/a');
