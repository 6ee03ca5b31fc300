// `dflab analyze IMAGE`: what `docker history` plus dive's summary give, on one screen, for any local image.
import prettyBytes from 'pretty-bytes';
import { imageHistory, inspectImage } from '../engine/docker.js';
import { readLayerEntries } from '../engine/layer-contents.js';
import { contextFileSizes } from '../context/index.js';
import { EXIT, UserError } from '../errors.js';
import { analyzeImage, type Analysis } from '../measure/analysis.js';
import { requireEngine } from '../engine/availability.js';
import { attributeImage, attributionWants } from '../measure/attribution/index.js';
import { formatAttribution } from './attribution-text.js';

export interface AnalyzeFlags { base?: string; json?: boolean; attribute?: boolean; context?: string }

export async function analyzeCommand(image: string, flags: AnalyzeFlags): Promise<number> {
  await requireEngine();
  const info = await inspectImage(image);
  if (!info) throw new UserError(`image not found: ${image}`, { hint: 'build or pull it first; `docker images` lists what is local' });
  const want = flags.attribute || flags.context ? attributionWants : undefined;
  const [history, layers, base, context] = await Promise.all([
    imageHistory(image), readLayerEntries(image, want), baseLayers(flags.base), flags.context ? contextFileSizes(flags.context) : null,
  ]);
  if (want) {
    const attribution = attributeImage({ image, sizeBytes: info.sizeBytes, history, layers, baseLayerCount: base.baseLayerCount, context });
    console.log(flags.json ? JSON.stringify(attribution, null, 2) : formatAttribution(attribution));
    return EXIT.ok;
  }
  const analysis = analyzeImage({ image, sizeBytes: info.sizeBytes, history, layers, ...base });
  console.log(flags.json ? JSON.stringify(analysis, null, 2) : formatAnalysis(analysis));
  return EXIT.ok;
}

async function baseLayers(base: string | undefined): Promise<{ baseLayerCount: number; baseSource: string }> {
  if (!base) return { baseLayerCount: 1, baseSource: 'layer 0 (as dive counts it; pass --base IMAGE for the real base)' };
  const info = await inspectImage(base);
  if (!info) throw new UserError(`base image not found: ${base}`, { hint: 'pass a local image as --base' });
  return { baseLayerCount: info.layers.length, baseSource: `${base} (${info.layers.length} layers)` };
}

export function formatAnalysis(a: Analysis): string {
  const b = (n: number) => prettyBytes(n);
  const lines = [
    `${a.image}: ${b(a.sizeBytes)}`,
    `efficiency ${(a.efficiency * 100).toFixed(2)}%   wasted ${b(a.wastedBytes)} (${(a.wastedUserPercent * 100).toFixed(1)}% of the non-base layers, dive's measure)   reclaimable ${b(a.reclaimableBytes)} (what squashing would save)`,
    `base: ${a.baseSource}`,
    '',
    'layers (oldest first):',
  ];
  for (const l of a.layers) {
    lines.push(`  ${String(l.index).padStart(3)} ${b(l.sizeBytes).padStart(9)}  ${l.base ? '[base] ' : ''}${truncate(l.createdBy, 100)}`);
    for (const f of l.largest.slice(0, 3)) lines.push(`        ${b(f.sizeBytes).padStart(9)}  ${f.path}`);
  }
  if (a.wasted.length > 0) {
    lines.push('', 'wasted files (stored more than once, largest first):');
    for (const w of a.wasted) lines.push(`  ${b(w.wastedBytes).padStart(9)}  ${w.path}  — ${w.advice}`);
  }
  return lines.join('\n');
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
