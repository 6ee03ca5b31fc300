// `dflab plan --image IMAGE`: every planned variant with its predicted size, compressed size and saving against
// IMAGE (the original, built or local), and what makes up each saving — from one read of IMAGE's layers (the byte
// attribution) and the local sizes of the candidate bases. Nothing is built.
import prettyBytes from 'pretty-bytes';
import { inspectImage } from '../engine/docker.js';
import { requireEngine } from '../engine/availability.js';
import { UserError } from '../errors.js';
import type { Plan } from '../plan/index.js';
import { predictVariant, type Prediction } from '../predict/index.js';
import { formatReason } from '../reasons.js';
import { attributeOriginal, estimatedCompressed, readAttributionLayers } from '../run/predictions.js';
import type { LoadedTrial } from '../run/selection.js';

export type PlanObjective = 'size' | 'compressed';
export interface VariantPrediction { name: string; rules: string[]; base?: string; prediction: Prediction; sizeBytes: number | null; compressedBytes: number | null }
export interface ImagePrediction { image: string; sizeBytes: number; compressedBytes: number; compressedMeasured: false; objective: PlanObjective; variants: VariantPrediction[] }

/** `layers`: the image's read, when the caller started it early (see startImageRead). */
export async function predictPlan(image: string, trial: LoadedTrial & { plan: Plan }, objective: PlanObjective, layers?: ReturnType<typeof readAttributionLayers>): Promise<ImagePrediction> {
  await requireEngine();
  const info = await inspectImage(image);
  if (!info) throw new UserError(`image not found: ${image}`, { hint: 'build the original first (docker build -t NAME DIR), or name a local image' });
  const { attribution: a, facts } = await attributeOriginal(image, info.sizeBytes, trial.loaded, trial.plan, layers);
  const compressed = estimatedCompressed(a);
  const variants = trial.plan.variants.map((v) => {
    const prediction = predictVariant(a, v, facts);
    return {
      name: v.name, rules: v.rules, ...(v.base ? { base: v.base } : {}), prediction,
      sizeBytes: prediction.predicted ? info.sizeBytes + prediction.sizeBytes : null,
      compressedBytes: prediction.predicted ? compressed + prediction.compressedBytes : null,
    };
  });
  const key = (v: VariantPrediction) => (objective === 'compressed' ? v.compressedBytes : v.sizeBytes) ?? Infinity;
  variants.sort((x, y) => key(x) - key(y) || x.name.localeCompare(y.name));
  return { image, sizeBytes: info.sizeBytes, compressedBytes: compressed, compressedMeasured: false, objective, variants };
}

/**
 * Starts reading IMAGE's layers now: dockerd prepares a whole `docker save` before its first byte (seconds for a large
 * image), so the plan is computed meanwhile. Its failure (no engine, no such image) is left for predictPlan's own
 * checks to report; the promise never rejects unheard. Aborting `signal` (the plan failed) stops the save.
 */
export function startImageRead(image: string, signal: AbortSignal): ReturnType<typeof readAttributionLayers> {
  const read = readAttributionLayers(image, signal);
  read.catch(() => undefined);
  return read;
}

const b = (n: number) => prettyBytes(n);
const signed = (n: number) => (n === 0 ? '±0 B' : n < 0 ? `−${b(-n)}` : `+${b(n)}`);

export function formatPredictions(p: ImagePrediction): string {
  const lines = [
    `${p.image}: ${b(p.sizeBytes)} (compressed ~${b(p.compressedBytes)}, estimated from default ratios)`,
    `predicted, ranked by ${p.objective} (no variant built; \`dflab run\` measures):`,
  ];
  for (const v of p.variants) {
    const label = `${v.name}${v.base ? ` (base ${v.base})` : ''}`;
    if (!v.prediction.predicted) {
      lines.push(`  ${label.padEnd(24)} not predicted: ${formatReason(v.prediction.reason)}`);
      continue;
    }
    const pr = v.prediction;
    lines.push(`  ${label.padEnd(24)} ${b(v.sizeBytes!).padStart(9)}  compressed ~${b(v.compressedBytes!).padStart(9)}  ${signed(pr.sizeBytes)}`);
    for (const c of pr.contributors.slice(0, 3)) lines.push(`      ${signed(c.bytes)}: ${c.what}`);
  }
  return lines.join('\n');
}
