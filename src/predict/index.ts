// Predictions (pure): each rule's predictor says what its variant removes or adds against the original image,
// from the original's byte attribution and the variant's edits. A combination is predicted from its rules, each
// unit (package, cache, context group, base) counted once; a rule with no predictor leaves its variant unpredicted.
import type { Attribution, Category } from '../measure/attribution/index.js';
import type { PlannedVariant } from '../plan/index.js';
import { reason } from '../reasons.js';
import { aptHygiene } from './apt.js';
import { baseSwap } from './base.js';
import { pipCacheMount, pipNoCache } from './caches.js';
import { compressedBytes } from './compress.js';
import { baseAlpine } from './alpine.js';
import { dockerignore } from './dockerignore.js';
import { layerOrder, mergeRuns } from './layers.js';
import { minify } from './minify.js';
import { baseDistroless, multiStage } from './multi-stage.js';
import { pruneRequirements } from './prune.js';
import { onnxRuntime, torchCpu } from './stack.js';
import type { Contributor, Prediction, PredictFacts, Predictor } from './types.js';

export type { Contributor, DebFacts, PackageIndex, Prediction, PredictedSize, PredictFacts, Unit, WheelFacts } from './types.js';
export { addedInstallObservations, installObservations, predictCold, type InstallObservation } from './cold.js';
export { compressedOfCategories, DEFAULT_RATIOS, observedRatios } from './compress.js';
export { finalView } from './final-stage.js';

export const PREDICTORS: Readonly<Record<string, Predictor>> = {
  'pip-no-cache': pipNoCache,
  'pip-cache-mount': pipCacheMount,
  'apt-hygiene': aptHygiene,
  dockerignore,
  'prune-requirements': pruneRequirements,
  'base-slim': baseSwap,
  'base-alpine': baseAlpine,
  'multi-stage': multiStage,
  'base-distroless': baseDistroless,
  'merge-runs': mergeRuns,
  'layer-order': layerOrder,
  'torch-cpu': torchCpu,
  'onnx-runtime': onnxRuntime,
  minify,
};

export function predictVariant(a: Attribution, v: PlannedVariant, f: PredictFacts): Prediction {
  if (v.rules.length === 0 && !v.base) return { predicted: true, sizeBytes: 0, compressedBytes: 0, byCategory: {}, contributors: [] };
  const parts: Contributor[] = [];
  const steps: (string | Predictor)[] = [...v.rules, ...(v.base ? [baseSwap] : [])];
  for (const step of steps) {
    const predictor = typeof step === 'string' ? PREDICTORS[step] : step;
    if (!predictor) return { predicted: false, reason: reason('no-predictor', `rule ${String(step)} has no prediction yet`) };
    const p = predictor(a, v, f);
    if (!p.ok) return { predicted: false, reason: p.reason };
    parts.push(...p.contributors);
  }
  const contributors = countOnce(parts);
  const units = contributors.flatMap((c) => c.units);
  const byCategory: Partial<Record<Category, number>> = {};
  for (const u of units) byCategory[u.category] = (byCategory[u.category] ?? 0) + u.bytes;
  return {
    predicted: true,
    sizeBytes: units.reduce((s, u) => s + u.bytes, 0),
    compressedBytes: compressedBytes(units, f.ratios),
    byCategory,
    contributors: contributors.map((c) => ({ what: c.what, bytes: c.bytes, keys: c.units.map((u) => u.key) })).sort((x, y) => x.bytes - y.bytes),
  };
}

/**
 * Each unit counts once, for the contributor that names it with the most bytes (a part of pip's cache is inside the
 * whole of it); contributors left with nothing are dropped.
 */
function countOnce(parts: readonly Contributor[]): Contributor[] {
  const owner = new Map<string, { bytes: number; at: number }>();
  parts.forEach((c, at) => {
    for (const u of c.units) if (!owner.has(u.key) || Math.abs(u.bytes) > Math.abs(owner.get(u.key)!.bytes)) owner.set(u.key, { bytes: u.bytes, at });
  });
  const out: Contributor[] = [];
  parts.forEach((c, at) => {
    const units = c.units.filter((u) => owner.get(u.key)!.at === at && owner.get(u.key)!.bytes === u.bytes);
    units.forEach((u) => owner.set(u.key, { bytes: u.bytes, at: -1 })); // claimed: a repeat in the same contributor drops
    if (units.length > 0) out.push({ ...c, units, bytes: units.reduce((s, u) => s + u.bytes, 0) });
  });
  return out;
}
