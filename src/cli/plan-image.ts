// `dflab plan --image IMAGE`: every planned variant with its predicted size, compressed size and saving against
// IMAGE (the original, built or local), and what makes up each saving — from one read of IMAGE's layers (the byte
// attribution) and the local sizes of the candidate bases. Nothing is built.
import prettyBytes from 'pretty-bytes';
import { imageHistory, inspectImage } from '../engine/docker.js';
import { readLayerEntries } from '../engine/layer-contents.js';
import { requireEngine } from '../engine/availability.js';
import { contextFileSizes } from '../context/index.js';
import { UserError } from '../errors.js';
import { attributeImage, attributionWants, type Attribution } from '../measure/attribution/index.js';
import type { Plan } from '../plan/index.js';
import { DEFAULT_RATIOS, predictVariant, type Prediction } from '../predict/index.js';
import { formatReason } from '../reasons.js';
import type { LoadedTrial } from '../run/selection.js';

export type PlanObjective = 'size' | 'compressed';
export interface VariantPrediction { name: string; rules: string[]; base?: string; prediction: Prediction; sizeBytes: number | null; compressedBytes: number | null }
export interface ImagePrediction { image: string; sizeBytes: number; compressedBytes: number; compressedMeasured: false; objective: PlanObjective; variants: VariantPrediction[] }

const FROM = /^\s*FROM\s+(?:--\S+\s+)*(\S+)/gim;

export async function predictPlan(image: string, trial: LoadedTrial & { plan: Plan }, objective: PlanObjective): Promise<ImagePrediction> {
  await requireEngine();
  const info = await inspectImage(image);
  if (!info) throw new UserError(`image not found: ${image}`, { hint: 'build the original first (docker build -t NAME DIR), or name a local image' });
  const original = trial.plan.variants.find((v) => v.rules.length === 0 && !v.base) ?? trial.plan.variants[0]!;
  const froms = (text: string) => [...text.matchAll(FROM)].map((m) => m[1]!);
  const originalBase = froms(original.dockerfile).pop() ?? null;
  const candidates = [...new Set(trial.plan.variants.flatMap((v) => [...froms(v.dockerfile), ...(v.base ? [v.base] : [])]))];
  const [history, layers, context, baseInfos] = await Promise.all([
    imageHistory(image), readLayerEntries(image, attributionWants), contextFileSizes(trial.loaded.contextDir),
    Promise.all(candidates.map(async (c) => [c, await inspectImage(c)] as const)),
  ]);
  const infos = new Map(baseInfos);
  const baseInfo = originalBase === null ? null : infos.get(originalBase) ?? null;
  // Without the original's base locally its layer count is unknown: no base swap is predicted then.
  const bases = new Map(candidates.map((c) => [c, baseInfo ? infos.get(c)?.sizeBytes ?? null : null]));
  const a = attributeImage({ image, sizeBytes: info.sizeBytes, history, layers, baseLayerCount: baseInfo?.layers.length ?? 1, context });
  const facts = { dockerfile: original.dockerfile, files: trial.loaded.project.files, context, bases };
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

/** The original's compressed size, estimated from its categories and the default ratios (no push is made). */
function estimatedCompressed(a: Attribution): number {
  return Math.round(a.categories.reduce((s, c) => s + c.bytes * DEFAULT_RATIOS[c.category], 0));
}

const b = (n: number) => prettyBytes(n);
const signed = (n: number) => (n <= 0 ? `−${b(-n)}` : `+${b(n)}`);

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
